/* ht-cli-lyrics-options.h: the model options train-lyrics and eval-lyrics share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ht-lyrics-config.h"
#include "ht-lyrics-dataset.h"

G_BEGIN_DECLS

typedef struct
{
  char    *word_range;
  char    *char_range;
  int      min_df;
  int      min_groups;
  double   char_max_df;
  double   artist_cap;
  gboolean no_balance;
  double   c;
  char    *c_grid;
  int      inner_folds;
  int      folds;
  int      threads;
  gint64   seed;
  int      max_iter;
  char    *block_weights;
  double   association;
  double   association_prior;
  double   places;
  double   place_share;
  double   place_max_df;
  int      forest_trees;
  int      forest_features;
} HtCliLyricsOptions;

/* Option entries writing into opts (which must outlive the context). */
GOptionGroup *ht_cli_lyrics_options_group (HtCliLyricsOptions *opts);
/* Applies the options given on top of config; FALSE (with a message) when one is invalid. */
gboolean      ht_cli_lyrics_options_apply (HtCliLyricsOptions *opts,
                                           HtLyricsConfig     *config,
                                           GError            **error);
void          ht_cli_lyrics_options_clear (HtCliLyricsOptions *opts);

/* Progress-bar adaptor for HtLyricsStageFunc. */
void          ht_cli_lyrics_stage_cb      (const char *stage,
                                           double      fraction,
                                           gpointer    user_data);

/* Loads the corpus and builds the dataset, with progress; prints nothing on success. */
HtLyricsDataset *ht_cli_lyrics_load_dataset (const char           *path,
                                             const HtLyricsConfig *config,
                                             GCancellable         *cancellable,
                                             GError              **error);

G_END_DECLS
