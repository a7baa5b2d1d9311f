/* ht-spectrogram.h: a track's (mel) spectrogram in dB, immutable and reference-counted, so the
 * CLI, the renderers and the widgets can share one without copies.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ht-audio-decoder.h"
#include "ht-shared-clip.h"
#include "htc-spectro.h"

G_BEGIN_DECLS

typedef struct _HtSpectrogram HtSpectrogram;

typedef struct
{
  HtClipRequest clip;         /* which part of the track (default: the whole track) */
  HtcFreqScale  scale;        /* mel (default) or linear */
  guint         max_columns;  /* frames are max-pooled down to at most this many columns;
                               * 0 keeps every frame (for --data exports) */
  float         top_db;       /* floor = max - top_db; <= 0: no floor (default 80) */
  double        split_hint;   /* the whole track's length in seconds, if known: a long track
                               * then decodes in two halves at once, on two cores, with the
                               * same result (0, the default: one pass) */
  HtSharedClip *shared_clip;  /* given the samples it wants as they are decoded, when the clip
                               * is the whole track (not owned; NULL, the default: none) */
} HtSpectrogramOptions;

void           ht_spectrogram_options_init (HtSpectrogramOptions *options);

/* Decodes `file` and builds its spectrogram. Blocking; cancellable; progress in [0, 1]. */
HtSpectrogram *ht_spectrogram_compute      (GFile                      *file,
                                            const HtSpectrogramOptions *options,
                                            HtProgressFunc              progress,
                                            gpointer                    progress_data,
                                            HtDecodeInfo               *info,
                                            GCancellable               *cancellable,
                                            GError                    **error);
/* Builds one from mono samples at HT_AUDIO_RATE already in memory. */
HtSpectrogram *ht_spectrogram_new_from_samples (const float                *samples,
                                                gsize                       n_samples,
                                                double                      start_time,
                                                const HtSpectrogramOptions *options,
                                                GError                    **error);

HtSpectrogram *ht_spectrogram_ref          (HtSpectrogram *self);
void           ht_spectrogram_unref        (HtSpectrogram *self);

guint          ht_spectrogram_get_n_bands   (HtSpectrogram *self);
guint          ht_spectrogram_get_n_columns (HtSpectrogram *self);
/* Analysis frames per column (1 when not pooled). */
guint          ht_spectrogram_get_pooling   (HtSpectrogram *self);
HtcFreqScale   ht_spectrogram_get_scale     (HtSpectrogram *self);
/* Band-major dB values: values[band * n_columns + column]; band 0 is the lowest. */
const float   *ht_spectrogram_get_values    (HtSpectrogram *self);
float          ht_spectrogram_get_max_db    (HtSpectrogram *self);
float          ht_spectrogram_get_min_db    (HtSpectrogram *self);
/* Time of the first frame's centre and the span covered, in seconds of the track. */
double         ht_spectrogram_get_start_time (HtSpectrogram *self);
double         ht_spectrogram_get_duration   (HtSpectrogram *self);
/* Column -> seconds of the track (centre of the column), and back. */
double         ht_spectrogram_column_to_time (HtSpectrogram *self,
                                              double         column);
double         ht_spectrogram_time_to_column (HtSpectrogram *self,
                                              double         seconds);
/* Band centre in Hz, and Hz -> fractional band (for axes and pointer read-outs). */
double         ht_spectrogram_band_to_hz     (HtSpectrogram *self,
                                              double         band);
double         ht_spectrogram_hz_to_band     (HtSpectrogram *self,
                                              double         hz);
/* dB at (seconds, Hz), for pointer read-outs; NAN outside. */
float          ht_spectrogram_db_at          (HtSpectrogram *self,
                                              double         seconds,
                                              double         hz);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtSpectrogram, ht_spectrogram_unref)

G_END_DECLS
