/* ht-audio-trainer.h: training the audio CNN on a dataset, with progress, cancellation and
 * early stopping; and evaluating a model on one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ht-audio-dataset.h"
#include "ht-audio-model.h"
#include "ht-confusion.h"

G_BEGIN_DECLS

typedef struct
{
  guint    max_epochs;        /* default 40 */
  guint    patience;          /* epochs without a better validation macro-F1 before stopping; 8 */
  guint64  seed;              /* default 1 */
  double   val_fraction;      /* default 0.2; 0 trains on everything (no early stopping) */
  guint    batch;             /* default 32 */
  float    lr;                /* peak learning rate, default 2e-3 */
  float    weight_decay;      /* default 1e-2 */
  guint    samples_per_epoch; /* 0: 16 patches per training track, 256 ..= 8192 */
  guint    n_channels[6];     /* block widths, 0-terminated; all 0: the default architecture */
  guint    patch_hop;         /* frames between evaluation patches; default 128 */
  guint    n_threads;         /* 0: one per CPU */
  gboolean use_cache;         /* default TRUE */
} HtAudioTrainOptions;

void ht_audio_train_options_init (HtAudioTrainOptions *options);

typedef enum
{
  HT_TRAIN_STAGE_FEATURES,   /* decoding / loading cached features: fraction = tracks done */
  HT_TRAIN_STAGE_EPOCH,      /* fraction = batches done in this epoch */
  HT_TRAIN_STAGE_EPOCH_END,  /* an epoch finished: the metrics are set */
} HtTrainStage;

typedef struct
{
  HtTrainStage stage;
  double       fraction;
  guint        epoch;        /* 1-based */
  guint        max_epochs;
  double       train_loss;
  double       train_accuracy;   /* patches, with augmentation */
  double       val_accuracy;     /* tracks */
  double       val_macro_f1;
  gboolean     improved;         /* best validation macro-F1 so far */
  const char  *file;             /* features stage: the track being read */
} HtTrainProgress;

typedef void (*HtTrainProgressFunc) (const HtTrainProgress *progress,
                                     gpointer               user_data);

typedef struct
{
  guint        best_epoch;
  guint        epochs_run;
  gboolean     interrupted;      /* cancelled after at least one epoch: the best model is returned */
  gboolean     stopped_early;
  HtConfusion *val_confusion;    /* of the best epoch; NULL without validation */
  guint        n_train_tracks;
  guint        n_val_tracks;
  guint        n_failed;         /* tracks that could not be decoded (skipped) */
} HtTrainResult;

void ht_train_result_clear (HtTrainResult *result);

/* Blocking; call it from a worker thread (or wrap it in a GTask, as ht_audio_train_async()). A
 * cancellation after the first epoch returns the best model so far and sets
 * result->interrupted; before it, G_IO_ERROR_CANCELLED. */
HtAudioModel *ht_audio_train (HtAudioDataset            *dataset,
                              const HtAudioTrainOptions *options,
                              HtTrainProgressFunc        progress,
                              gpointer                   user_data,
                              HtTrainResult             *result,
                              GCancellable              *cancellable,
                              GError                   **error);

/* The same on a thread; `progress` is called in the thread-default main context of the caller. */
void          ht_audio_train_async  (HtAudioDataset            *dataset,
                                     const HtAudioTrainOptions *options,
                                     HtTrainProgressFunc        progress,
                                     gpointer                   progress_data,
                                     GCancellable              *cancellable,
                                     GAsyncReadyCallback        callback,
                                     gpointer                   user_data);
HtAudioModel *ht_audio_train_finish (GAsyncResult              *result,
                                     HtTrainResult             *train_result,
                                     GError                   **error);

/* Classifies every item (skipping undecodable ones, counted in *n_failed) into a confusion
 * matrix. progress gets the features-stage reports. */
HtConfusion  *ht_audio_evaluate (HtAudioModel        *model,
                                 HtAudioDataset      *dataset,
                                 gboolean             use_cache,
                                 HtTrainProgressFunc  progress,
                                 gpointer             user_data,
                                 guint               *n_failed,
                                 GCancellable        *cancellable,
                                 GError             **error);

G_END_DECLS
