/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ht-audio-decoder.h"

G_BEGIN_DECLS

/* A time limit in microseconds, stretched by $HOMETOWN_TIMEOUT_SCALE (a number >= 1) so that
 * runs under valgrind, 20-50 times slower, do not mistake slowness for a hung decoder. */
gint64   _ht_timeout_us           (double               seconds);

/* gst_init, and decoder preferences (mpg123 over libav for MP3). Thread-safe, once. */
void     _ht_gst_init_once        (void);
/* FALSE for libsndfile formats whose frame count is only an estimate (MP3). */
gboolean _ht_sndfile_length_is_exact (int                  format);
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
