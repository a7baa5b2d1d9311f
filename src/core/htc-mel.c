/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "htc-mel.h"

/* Slaney constants: 200/3 Hz per mel below 1 kHz, and a log step of ln(6.4)/27 above. */
#define MEL_F_SP        (200.0 / 3.0)
#define MEL_MIN_LOG_HZ  1000.0
#define MEL_MIN_LOG_MEL (MEL_MIN_LOG_HZ / MEL_F_SP)
#define MEL_LOGSTEP     (log (6.4) / 27.0)

typedef struct
{
  size_t first_bin;  /* index of weights[0] in the spectrum */
  size_t n_weights;
  float *weights;
} MelBand;

struct _HtcMelFilterbank
{
  HtcMelParams params;
  size_t       n_bins;
  double      *centers_hz;
  MelBand     *bands;
};

double
htc_hz_to_mel (double hz)
{
  if (hz < MEL_MIN_LOG_HZ)
    return hz / MEL_F_SP;
  return MEL_MIN_LOG_MEL + log (hz / MEL_MIN_LOG_HZ) / MEL_LOGSTEP;
}

double
htc_mel_to_hz (double mel)
{
  if (mel < MEL_MIN_LOG_MEL)
    return mel * MEL_F_SP;
  return MEL_MIN_LOG_HZ * exp (MEL_LOGSTEP * (mel - MEL_MIN_LOG_MEL));
}

HtcStatus
htc_mel_filterbank_new (const HtcMelParams *params,
                        HtcMelFilterbank  **out)
{
  HtcMelFilterbank *self;
  double *mel_f;
  double f_max, mel_lo, mel_hi;
  size_t n_mels;

  if (out == NULL)
    return HTC_ERROR_INVALID_ARG;
  *out = NULL;
  if (params == NULL || !(params->sample_rate > 0) || params->n_fft < 2 || params->n_mels < 1
      || params->n_mels > 4096 || !(params->fmin >= 0))
    return HTC_ERROR_INVALID_ARG;
  f_max = params->fmax > 0 ? params->fmax : params->sample_rate / 2.0;
  if (!(f_max > params->fmin) || f_max > params->sample_rate / 2.0 + 1e-9)
    return HTC_ERROR_INVALID_ARG;

  n_mels = params->n_mels;
  self = calloc (1, sizeof *self);
  mel_f = malloc ((n_mels + 2) * sizeof (double));
  if (self == NULL || mel_f == NULL)
    goto nomem;
  self->params = *params;
  self->params.fmax = f_max;
  self->n_bins = params->n_fft / 2 + 1;
  self->centers_hz = malloc (n_mels * sizeof (double));
  self->bands = calloc (n_mels, sizeof (MelBand));
  if (self->centers_hz == NULL || self->bands == NULL)
    goto nomem;

  /* n_mels + 2 edges evenly spaced in mel between fmin and fmax. */
  mel_lo = htc_hz_to_mel (params->fmin);
  mel_hi = htc_hz_to_mel (f_max);
  for (size_t i = 0; i < n_mels + 2; i++)
    mel_f[i] = htc_mel_to_hz (mel_lo + (mel_hi - mel_lo) * (double) i / (double) (n_mels + 1));

  for (size_t m = 0; m < n_mels; m++)
    {
      double lo = mel_f[m], mid = mel_f[m + 1], hi = mel_f[m + 2];
      /* Slaney normalisation: every triangle has the same area, 2 / bandwidth in Hz. */
      double enorm = 2.0 / (hi - lo);
      size_t first = self->n_bins, last = 0;
      MelBand *band = &self->bands[m];

      self->centers_hz[m] = mid;
      for (size_t k = 0; k < self->n_bins; k++)
        {
          double f = params->sample_rate * (double) k / (double) params->n_fft;
          double lower = (f - lo) / (mid - lo);
          double upper = (hi - f) / (hi - mid);
          if (fmin (lower, upper) > 0)
            {
              if (first == self->n_bins)
                first = k;
              last = k;
            }
        }
      if (first == self->n_bins)
        continue;   /* an empty band (n_mels too high for n_fft): all-zero, as librosa */
      band->first_bin = first;
      band->n_weights = last - first + 1;
      band->weights = malloc (band->n_weights * sizeof (float));
      if (band->weights == NULL)
        goto nomem;
      for (size_t k = first; k <= last; k++)
        {
          double f = params->sample_rate * (double) k / (double) params->n_fft;
          double w = fmax (0.0, fmin ((f - lo) / (mid - lo), (hi - f) / (hi - mid)));
          band->weights[k - first] = (float) (w * enorm);
        }
    }
  free (mel_f);
  *out = self;
  return HTC_OK;

nomem:
  free (mel_f);
  htc_mel_filterbank_free (self);
  return HTC_ERROR_NOMEM;
}

void
htc_mel_filterbank_free (HtcMelFilterbank *self)
{
  if (self == NULL)
    return;
  if (self->bands != NULL)
    for (size_t m = 0; m < self->params.n_mels; m++)
      free (self->bands[m].weights);
  free (self->bands);
  free (self->centers_hz);
  free (self);
}

size_t
htc_mel_filterbank_n_mels (const HtcMelFilterbank *self)
{
  return self->params.n_mels;
}

size_t
htc_mel_filterbank_n_bins (const HtcMelFilterbank *self)
{
  return self->n_bins;
}

double
htc_mel_filterbank_center_hz (const HtcMelFilterbank *self,
                              size_t                  band)
{
  if (band >= self->params.n_mels)
    return NAN;
  return self->centers_hz[band];
}

void
htc_mel_filterbank_apply (const HtcMelFilterbank *self,
                          const float            *power,
                          float                  *mel)
{
  for (size_t m = 0; m < self->params.n_mels; m++)
    {
      const MelBand *band = &self->bands[m];
      const float *p = power + band->first_bin;
      float acc = 0.0f;
      for (size_t i = 0; i < band->n_weights; i++)
        acc += band->weights[i] * p[i];
      mel[m] = acc;
    }
}

void
htc_mel_filterbank_dense (const HtcMelFilterbank *self,
                          float                  *weights)
{
  memset (weights, 0, self->params.n_mels * self->n_bins * sizeof (float));
  for (size_t m = 0; m < self->params.n_mels; m++)
    {
      const MelBand *band = &self->bands[m];
      for (size_t i = 0; i < band->n_weights; i++)
        weights[m * self->n_bins + band->first_bin + i] = band->weights[i];
    }
}
