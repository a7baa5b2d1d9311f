/* htc-stft.h: short-time Fourier transform, power spectra, one frame at a time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stddef.h>

#include "htc-status.h"

typedef enum
{
  HTC_WINDOW_HANN = 0,   /* periodic Hann, as scipy.signal.get_window('hann', n) */
  HTC_WINDOW_HAMMING,    /* periodic Hamming */
  HTC_WINDOW_RECT,
} HtcWindow;

typedef struct
{
  size_t    n_fft;      /* power of two, 64 ..= 65536 */
  size_t    hop;        /* 1 ..= n_fft */
  HtcWindow window;
  int       center;     /* non-zero: frames are centred, the signal zero-padded by n_fft/2 */
} HtcStftParams;

typedef struct _HtcStft HtcStft;

/* On failure *out stays NULL. */
HtcStatus htc_stft_new        (const HtcStftParams *params,
                               HtcStft            **out);
void      htc_stft_free       (HtcStft             *stft);   /* NULL-safe */
size_t    htc_stft_n_bins     (const HtcStft       *stft);   /* n_fft / 2 + 1 */
size_t    htc_stft_n_fft      (const HtcStft       *stft);
size_t    htc_stft_hop        (const HtcStft       *stft);
/* Frames a signal of n_samples gives: 1 + n/hop when centred, else 1 + (n - n_fft)/hop (0 if short). */
size_t    htc_stft_n_frames   (const HtcStft       *stft,
                               size_t               n_samples);

/* |FFT(window * frame)|^2 of exactly n_fft samples into power[n_bins]. Not thread-safe per
 * object: each thread uses its own HtcStft. */
void      htc_stft_power_frame (HtcStft            *stft,
                                const float        *frame,
                                float              *power);

/* Whole-signal power spectrogram, frame-major: out[frame * n_bins + bin].
 * out_len must be at least n_frames * n_bins. */
HtcStatus htc_stft_power      (HtcStft             *stft,
                               const float         *x,
                               size_t               n,
                               float               *out,
                               size_t               out_len);

/* In place: power -> 10*log10(max(amin, p) / ref), then raised to (max - top_db) when
 * top_db > 0, like librosa.power_to_db. Returns the maximum dB value (-INFINITY if n == 0). */
float     htc_power_to_db     (float               *data,
                               size_t               n,
                               float                amin,
                               float                ref,
                               float                top_db);
