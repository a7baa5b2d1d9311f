/* htc-mel.h: mel filterbank on the Slaney scale with Slaney area normalisation
 * (the defaults of librosa.filters.mel), stored sparsely: each band keeps only the FFT bins
 * under its triangle.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stddef.h>

#include "htc-status.h"

typedef struct
{
  double sample_rate;   /* Hz, > 0 */
  size_t n_fft;         /* >= 2 */
  size_t n_mels;        /* >= 1 */
  double fmin;          /* Hz, >= 0 */
  double fmax;          /* Hz; <= 0 means sample_rate / 2 */
} HtcMelParams;

typedef struct _HtcMelFilterbank HtcMelFilterbank;

/* Slaney's auditory-toolbox mel scale: linear below 1 kHz, logarithmic above. */
double    htc_hz_to_mel (double hz);
double    htc_mel_to_hz (double mel);

HtcStatus htc_mel_filterbank_new     (const HtcMelParams     *params,
                                      HtcMelFilterbank      **out);
void      htc_mel_filterbank_free    (HtcMelFilterbank       *fb);   /* NULL-safe */
size_t    htc_mel_filterbank_n_mels  (const HtcMelFilterbank *fb);
size_t    htc_mel_filterbank_n_bins  (const HtcMelFilterbank *fb);   /* n_fft / 2 + 1 */
/* Centre frequency (Hz) of band i, i < n_mels. */
double    htc_mel_filterbank_center_hz (const HtcMelFilterbank *fb,
                                        size_t                  band);
/* mel[i] = sum_k W[i][k] * power[k]; power has n_bins values, mel has n_mels. */
void      htc_mel_filterbank_apply   (const HtcMelFilterbank *fb,
                                      const float            *power,
                                      float                  *mel);
/* The dense weight matrix, band-major (n_mels x n_bins), for tests and export. */
void      htc_mel_filterbank_dense   (const HtcMelFilterbank *fb,
                                      float                  *weights);
