/* ht-audio-model.h: the trained audio CNN as a file and as an object that classifies tracks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A model is a safetensors file: the network's tensors (named as in htc-cnn.h) and metadata
 * with everything needed to use it — the front end's parameters, the clip window, the patch
 * size and hop, the class names, the architecture, a summary of the training set, validation
 * metrics and the date. Loading checks every field.
 *
 * An HtAudioModel is immutable once loaded: ht_audio_model_classify() may run on several threads
 * at once.
 */
#pragma once

#include <gio/gio.h>

#include "ht-audio-decoder.h"
#include "ht-mel-clip.h"
#include "htc-cnn.h"
#include "htc-spectro.h"

G_BEGIN_DECLS

#define HT_AUDIO_MODEL_FORMAT "hometown-audio-cnn"
#define HT_AUDIO_MODEL_VERSION 1

#define HT_TYPE_AUDIO_MODEL (ht_audio_model_get_type ())
G_DECLARE_FINAL_TYPE (HtAudioModel, ht_audio_model, HT, AUDIO_MODEL, GObject)

typedef struct
{
  guint       n_classes;
  float      *probs;          /* [n_classes]: the mean of the patch probabilities */
  guint       n_patches;
  float      *timeline;       /* [n_patches][n_classes] */
  double      patch_seconds;  /* length of one patch */
  double      hop_seconds;    /* patch i starts at clip_start + i * hop_seconds */
  HtClipKind  clip_kind;
  double      clip_start;
  double      clip_end;
} HtAudioPrediction;

void ht_audio_prediction_free (HtAudioPrediction *prediction);
/* Index of the largest probability. */
guint ht_audio_prediction_best (const HtAudioPrediction *prediction);

/* $XDG_DATA_HOME/hometown/models/audio.safetensors */
char         *ht_audio_model_default_path (void);

HtAudioModel *ht_audio_model_load        (GFile          *file,
                                          GCancellable   *cancellable,
                                          GError        **error);
/* `display_name` names the model in errors. */
HtAudioModel *ht_audio_model_new_from_bytes (GBytes      *bytes,
                                             const char  *display_name,
                                             GError     **error);
/* A model around a trained network (copied) and its metadata. `classes` has as many names as
 * the network has classes. `training` and `validation` are JSON object texts (may be NULL). */
HtAudioModel *ht_audio_model_new         (const HtcCnn           *cnn,
                                          const HtcSpectroParams *params,
                                          const HtClipRequest    *clip,
                                          guint                   patch_hop,
                                          const char * const     *classes,
                                          const char             *training,
                                          const char             *validation);
gboolean      ht_audio_model_save        (HtAudioModel   *self,
                                          GFile          *file,
                                          GCancellable   *cancellable,
                                          GError        **error);
GBytes       *ht_audio_model_to_bytes    (HtAudioModel   *self);

const HtcCnn *ht_audio_model_get_cnn          (HtAudioModel *self);
const HtcSpectroParams *ht_audio_model_get_spectro_params (HtAudioModel *self);
const HtClipRequest *ht_audio_model_get_clip  (HtAudioModel *self);
guint         ht_audio_model_get_patch_frames (HtAudioModel *self);
guint         ht_audio_model_get_patch_hop    (HtAudioModel *self);
guint         ht_audio_model_get_n_classes    (HtAudioModel *self);
const char   *ht_audio_model_get_class_name   (HtAudioModel *self,
                                               guint         index);
/* JSON texts from the metadata, or NULL. */
const char   *ht_audio_model_get_training     (HtAudioModel *self);
const char   *ht_audio_model_get_validation   (HtAudioModel *self);
const char   *ht_audio_model_get_date         (HtAudioModel *self);

/* Decodes the model's clip of `file` (through the feature cache when use_cache) and classifies
 * every patch. Blocking; thread-safe. */
HtAudioPrediction *ht_audio_model_classify      (HtAudioModel   *self,
                                                 GFile          *file,
                                                 gboolean        use_cache,
                                                 GCancellable   *cancellable,
                                                 GError        **error);
/* The same for a clip already computed with the model's parameters. */
HtAudioPrediction *ht_audio_model_classify_clip (HtAudioModel    *self,
                                                 const HtMelClip *clip,
                                                 GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtAudioPrediction, ht_audio_prediction_free)

G_END_DECLS
