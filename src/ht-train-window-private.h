/* ht-train-window-private.h: for tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ht-audio-trainer.h"
#include "ht-train-window.h"

G_BEGIN_DECLS

/* Training settings (the tests make them tiny); taken when Train is pressed. */
void                  _ht_train_window_set_options   (HtTrainWindow             *self,
                                                      const HtAudioTrainOptions *options);
/* What choosing `folder` in the dialog does: scans it in the background. */
void                  _ht_train_window_scan          (HtTrainWindow             *self,
                                                      GFile                     *folder);
/* "start", "scanning", "scanned", "training", "result" or "error". */
const char           *_ht_train_window_get_page      (HtTrainWindow             *self);
/* A scan or training (or saving) is running. */
gboolean              _ht_train_window_is_busy       (HtTrainWindow             *self);
/* The last scan's dataset, or NULL. */
const HtAudioDataset *_ht_train_window_get_dataset   (HtTrainWindow             *self);
/* The last progress report of the current or last training. */
const HtTrainProgress *_ht_train_window_get_progress (HtTrainWindow             *self);
/* Epochs whose end was reported. */
guint                 _ht_train_window_get_n_epochs  (HtTrainWindow             *self);
/* Where the model is saved: the analyzer's default. */
const char           *_ht_train_window_get_model_path (HtTrainWindow            *self);

G_END_DECLS
