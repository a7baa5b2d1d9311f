/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ht-audio-decoder.h"

G_BEGIN_DECLS

gboolean _ht_audio_check_file     (GFile               *file,
                                   GCancellable        *cancellable,
                                   GError             **error);
gboolean _ht_audio_check_duration (GFile               *file,
                                   double               duration,
                                   GError             **error);
/* The GStreamer path: decodebin for everything libsndfile does not read. */
gboolean _ht_audio_decode_gst     (GFile               *file,
                                   const HtClipRequest *request,
                                   HtSampleFunc         sample_func,
                                   HtProgressFunc       progress_func,
                                   gpointer             user_data,
                                   HtDecodeInfo        *info,
                                   GCancellable        *cancellable,
                                   GError             **error);

G_END_DECLS
