/* ht-mono-converter.h: interleaved float frames at any rate -> mono at HT_AUDIO_RATE.
 * Private to the decoders: downmix by plain average, then libsoxr (high quality), which costs
 * a fraction of GStreamer's audioresample and channel mixer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ht-audio-decoder.h"

G_BEGIN_DECLS

typedef struct _HtMonoConverter HtMonoConverter;

/* `limit`: at most this many output samples are delivered (G_MAXSIZE: no limit). */
HtMonoConverter *_ht_mono_converter_new       (guint             rate,
                                               guint             channels,
                                               gsize             limit,
                                               GError          **error);
void             _ht_mono_converter_free      (HtMonoConverter  *self);
/* FALSE once the sink asked to stop or the limit is reached: stop feeding. */
gboolean         _ht_mono_converter_push      (HtMonoConverter  *self,
                                               const float      *frames,
                                               gsize             n_frames,
                                               HtSampleFunc      sink,
                                               gpointer          user_data);
/* Delivers the resampler's tail. */
void             _ht_mono_converter_flush     (HtMonoConverter  *self,
                                               HtSampleFunc      sink,
                                               gpointer          user_data);
gsize            _ht_mono_converter_delivered (HtMonoConverter  *self);
gboolean         _ht_mono_converter_stopped   (HtMonoConverter  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtMonoConverter, _ht_mono_converter_free)

G_END_DECLS
