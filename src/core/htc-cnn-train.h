/* htc-cnn-train.h: training the audio CNN one mini-batch at a time, and the augmentations
 * applied to training patches.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The caller (the engine) owns the data and the epoch loop: it picks the patches, augments
 * them with htc_augment_patch() and calls htc_cnn_trainer_step() per batch.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "htc-adamw.h"
#include "htc-cnn.h"
#include "htc-rng.h"

typedef struct _HtcCnnTrainer HtcCnnTrainer;

/* Trains `cnn` in place (the trainer does not own it). batch >= 2. */
HtcStatus htc_cnn_trainer_new  (HtcCnn               *cnn,
                                const HtcAdamWParams *params,
                                size_t                max_batch,
                                size_t                n_threads,
                                uint64_t              seed,
                                HtcCnnTrainer       **out);
void      htc_cnn_trainer_free (HtcCnnTrainer        *trainer);   /* NULL-safe */
/* Per-class loss weights (n_classes values > 0), copied; NULL restores equal weights. */
HtcStatus htc_cnn_trainer_set_class_weights (HtcCnnTrainer *trainer,
                                             const float   *weights);
/* One AdamW step on x [n][n_mels][n_frames] with labels in [0, n_classes). The learning rate
 * follows the schedule. loss (may be NULL) gets the batch loss, n_correct (may be NULL) the
 * number of patches whose largest logit is the label. */
HtcStatus htc_cnn_trainer_step (HtcCnnTrainer        *trainer,
                                const float          *x,
                                const int            *labels,
                                size_t                n,
                                float                *loss,
                                size_t               *n_correct);
size_t    htc_cnn_trainer_n_steps     (const HtcCnnTrainer *trainer);
float     htc_cnn_trainer_current_lr  (const HtcCnnTrainer *trainer);
/* The work used for training (its gradients, for tests). */
HtcCnnWork *htc_cnn_trainer_get_work  (HtcCnnTrainer       *trainer);

typedef struct
{
  float  gain_db;          /* uniform gain in [-gain_db, +gain_db] dB added to every value */
  size_t n_time_masks;     /* masks of up to time_mask_max frames each */
  size_t time_mask_max;
  size_t n_freq_masks;     /* masks of up to freq_mask_max bands each */
  size_t freq_mask_max;
} HtcAugmentParams;

/* +-6 dB gain, 2 time masks of up to 16 frames, 2 frequency masks of up to 12 bands. */
void      htc_augment_params_init_default (HtcAugmentParams *params);
/* Augments one patch [n_mels][n_frames] of dB values in place. Masked cells take the band's
 * mean `band_mean[band]` (the value that normalises to 0), or the patch mean when NULL. */
void      htc_augment_patch (float                  *patch,
                             size_t                  n_mels,
                             size_t                  n_frames,
                             const float            *band_mean,
                             const HtcAugmentParams *params,
                             HtcRng                 *rng);
