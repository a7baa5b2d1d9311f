/* ht-lyrics-trainer.h: trains the shipped lyrics model on a labelled corpus.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * 1. Artist-grouped k-fold CV over the usable songs (config->inner_folds, 3 by default, to keep
 *    training within minutes), each fold trained along the C grid (warm starts), picks C by
 *    macro-F1 of the out-of-fold predictions;
 * 2. the temperature is fitted on the out-of-fold logits at that C;
 * 3. the final model is trained on every usable song, and features it never uses (pruned on
 *    the full corpus) are dropped from the file.
 * The out-of-fold figures at the chosen C go into the model's "cv" metadata. C was picked on
 * those same folds among a few values, so they lean slightly optimistic; eval-lyrics gives the
 * nested figure.
 */
#pragma once

#include <gio/gio.h>

#include "ht-lyrics-config.h"
#include "ht-lyrics-dataset.h"
#include "ht-lyrics-model.h"

G_BEGIN_DECLS

HtLyricsModel *ht_lyrics_train (HtLyricsDataset       *dataset,
                                const HtLyricsConfig  *config,
                                const char            *corpus_name,
                                GCancellable          *cancellable,
                                HtLyricsStageFunc      stage,
                                gpointer               user_data,
                                GError               **error);

G_END_DECLS
