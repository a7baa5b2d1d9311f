/* htc-spectro.h: streaming (mel) power spectrogram.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Samples go in as they are decoded, in chunks of any size; finished frames come out through
 * a callback, so nothing ever holds a whole track of PCM. Frames are centred and the signal
 * zero-padded by n_fft/2 at both ends (librosa's center=True, pad_mode="constant"), so a
 * signal of n samples gives 1 + n/hop frames, the same as the one-shot htc_stft_power().
 */
#pragma once

#include <stddef.h>

#include "htc-status.h"

typedef enum
{
  HTC_SCALE_MEL = 0,    /* n_mels Slaney mel bands */
  HTC_SCALE_LINEAR,     /* n_fft/2 + 1 FFT bins */
} HtcFreqScale;

typedef struct
{
  double       sample_rate;  /* Hz */
  size_t       n_fft;        /* power of two */
  size_t       hop;
  HtcFreqScale scale;
  size_t       n_mels;       /* mel only */
  double       fmin;         /* mel only, Hz */
  double       fmax;         /* mel only, Hz; <= 0: sample_rate / 2 */
} HtcSpectroParams;

/* The front end every Hometown model and picture uses: 22 050 Hz, n_fft 2048, hop 512, 128 mel. */
void      htc_spectro_params_init_default (HtcSpectroParams *params);

typedef struct _HtcSpectro HtcSpectro;

/* Called once per finished frame with n_bands power values (band 0 = lowest frequency). */
typedef void (*HtcFrameFunc) (const float *frame,
                              size_t       n_bands,
                              void        *user_data);

HtcStatus htc_spectro_new      (const HtcSpectroParams *params,
                                HtcSpectro            **out);
void      htc_spectro_free     (HtcSpectro             *spectro);   /* NULL-safe */
size_t    htc_spectro_n_bands  (const HtcSpectro       *spectro);
/* Centre frequency of a band in Hz. */
double    htc_spectro_band_hz  (const HtcSpectro       *spectro,
                                size_t                  band);
/* Frequency in Hz -> fractional band position (for axes), monotonic. */
double    htc_spectro_hz_to_band (const HtcSpectro     *spectro,
                                  double                hz);
size_t    htc_spectro_frames_emitted (const HtcSpectro *spectro);

HtcStatus htc_spectro_push     (HtcSpectro             *spectro,
                                const float            *samples,
                                size_t                  n,
                                HtcFrameFunc            func,
                                void                   *user_data);
/* Pads the end and emits the remaining frames. Afterwards the object may be reset. */
HtcStatus htc_spectro_finish   (HtcSpectro             *spectro,
                                HtcFrameFunc            func,
                                void                   *user_data);
void      htc_spectro_reset    (HtcSpectro             *spectro);

/* One shot: power spectrogram of x, band-major out[band * n_frames + frame] (the layout of
 * librosa and of NumPy exports). n_frames = 1 + n/hop; out_len >= n_bands * n_frames. */
HtcStatus htc_spectro_compute  (const HtcSpectroParams *params,
                                const float            *x,
                                size_t                  n,
                                float                  *out,
                                size_t                  out_len);
