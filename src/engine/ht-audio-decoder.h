/* ht-audio-decoder.h: any audio file -> mono float PCM at 22 050 Hz.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libsndfile is the fast path for the formats it reads (WAV, AIFF, FLAC, Ogg Vorbis, Opus, MP3);
 * everything else goes through GStreamer (decodebin ! audioconvert ! audioresample ! appsink).
 * Decoding a clip seeks to it; nothing is decoded outside the window.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HT_AUDIO_RATE 22050

/* Which part of the track was analysed, and why. */
typedef enum
{
  HT_CLIP_WINDOW,   /* the requested window (default 0:30-1:15) */
  HT_CLIP_MIDDLE,   /* track shorter than the window's end: its middle, window-length long */
  HT_CLIP_WHOLE,    /* track shorter than the window: all of it */
  HT_CLIP_FULL,     /* the whole track was asked for */
} HtClipKind;

typedef struct
{
  double start;     /* seconds; default 30 */
  double end;       /* seconds; default 75 */
  gboolean full;    /* decode the whole track instead */
  gboolean literal; /* exactly start..end, end may be INFINITY (to the end); no fitting to the
                     * track's length (for splitting a decode into parts) */
} HtClipRequest;

#define HT_CLIP_REQUEST_DEFAULT ((HtClipRequest) { 30.0, 75.0, FALSE })

/* Picks the part of a track of `duration` seconds to analyse for `request`. */
HtClipKind ht_clip_choose (const HtClipRequest *request,
                           double               duration,
                           double              *start,
                           double              *end);
/* "0:30–1:15 (the standard window)" and the like, translated. */
char      *ht_clip_describe (HtClipKind kind,
                             double     start,
                             double     end);

/* Called from the decoding thread with mono samples as they are decoded (chunks of any size). */
typedef gboolean (*HtSampleFunc) (const float *samples,
                                  gsize        n_samples,
                                  gpointer     user_data);  /* FALSE stops decoding */
/* fraction in [0, 1] of the clip decoded so far. */
typedef void     (*HtProgressFunc) (double   fraction,
                                    gpointer user_data);

typedef struct
{
  double      duration;        /* seconds, of the whole track */
  guint       source_rate;     /* Hz */
  guint       source_channels;
  char       *codec;           /* human-readable ("MPEG-1 Layer 3 (MP3)", "FLAC"), may be NULL */
  char       *container;       /* may be NULL */
  HtClipKind  clip_kind;
  double      clip_start;      /* seconds actually decoded */
  double      clip_end;
  gsize       n_samples;       /* mono samples at HT_AUDIO_RATE delivered */
} HtDecodeInfo;

void ht_decode_info_clear (HtDecodeInfo *info);

/* Streams the clip (or the whole track) through `sample_func`. Blocking: call it from a worker
 * thread. Cancellation yields G_IO_ERROR_CANCELLED; bad files yield HT_ERROR errors naming the
 * file. `info` (may be NULL) is filled even when only probing succeeded. */
gboolean ht_audio_decode (GFile               *file,
                          const HtClipRequest *request,
                          HtSampleFunc         sample_func,
                          HtProgressFunc       progress_func,
                          gpointer             user_data,
                          HtDecodeInfo        *info,
                          GCancellable        *cancellable,
                          GError             **error);

/* Convenience: the clip as one buffer (g_free), *n_samples set. Clips only (not `full`), since a
 * whole track can be large. */
float   *ht_audio_decode_clip (GFile               *file,
                               const HtClipRequest *request,
                               gsize               *n_samples,
                               HtDecodeInfo        *info,
                               GCancellable        *cancellable,
                               GError             **error);

G_END_DECLS
