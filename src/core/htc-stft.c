/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <fftw3.h>

#include "htc-fft-private.h"
#include "htc-stft.h"

struct _HtcStft
{
  HtcStftParams  params;
  size_t         n_bins;
  float         *window;
  float         *in;       /* fftwf_malloc'd, n_fft */
  fftwf_complex *out;      /* fftwf_malloc'd, n_bins */
  fftwf_plan     plan;
};

static int
is_power_of_two (size_t n)
{
  return n != 0 && (n & (n - 1)) == 0;
}

static void
fill_window (float *w, size_t n, HtcWindow kind)
{
  /* Periodic windows (denominator n, not n - 1): the convention of spectral analysis
   * and of scipy.signal.get_window(..., fftbins=True), which librosa uses. */
  for (size_t i = 0; i < n; i++)
    {
      double phase = 2.0 * M_PI * (double) i / (double) n;
      switch (kind)
        {
        case HTC_WINDOW_HANN:
          w[i] = (float) (0.5 - 0.5 * cos (phase));
          break;
        case HTC_WINDOW_HAMMING:
          w[i] = (float) (0.54 - 0.46 * cos (phase));
          break;
        case HTC_WINDOW_RECT:
        default:
          w[i] = 1.0f;
          break;
        }
    }
}

HtcStatus
htc_stft_new (const HtcStftParams *params,
              HtcStft            **out)
{
  HtcStft *self;

  if (out == NULL)
    return HTC_ERROR_INVALID_ARG;
  *out = NULL;
  if (params == NULL || !is_power_of_two (params->n_fft) || params->n_fft < 64
      || params->n_fft > 65536 || params->hop < 1 || params->hop > params->n_fft
      || params->window > HTC_WINDOW_RECT)
    return HTC_ERROR_INVALID_ARG;

  self = calloc (1, sizeof *self);
  if (self == NULL)
    return HTC_ERROR_NOMEM;
  self->params = *params;
  self->n_bins = params->n_fft / 2 + 1;
  self->window = malloc (params->n_fft * sizeof (float));
  self->in = fftwf_malloc (params->n_fft * sizeof (float));
  self->out = fftwf_malloc (self->n_bins * sizeof (fftwf_complex));
  if (self->window == NULL || self->in == NULL || self->out == NULL)
    {
      htc_stft_free (self);
      return HTC_ERROR_NOMEM;
    }
  fill_window (self->window, params->n_fft, params->window);

  _htc_fft_planner_lock ();
  self->plan = fftwf_plan_dft_r2c_1d ((int) params->n_fft, self->in, self->out, FFTW_ESTIMATE);
  _htc_fft_planner_unlock ();
  if (self->plan == NULL)
    {
      htc_stft_free (self);
      return HTC_ERROR_NOMEM;
    }
  *out = self;
  return HTC_OK;
}

void
htc_stft_free (HtcStft *self)
{
  if (self == NULL)
    return;
  if (self->plan != NULL)
    {
      _htc_fft_planner_lock ();
      fftwf_destroy_plan (self->plan);
      _htc_fft_planner_unlock ();
    }
  fftwf_free (self->in);
  fftwf_free (self->out);
  free (self->window);
  free (self);
}

size_t
htc_stft_n_bins (const HtcStft *self)
{
  return self->n_bins;
}

size_t
htc_stft_n_fft (const HtcStft *self)
{
  return self->params.n_fft;
}

size_t
htc_stft_hop (const HtcStft *self)
{
  return self->params.hop;
}

size_t
htc_stft_n_frames (const HtcStft *self,
                   size_t         n_samples)
{
  if (self->params.center)
    return 1 + n_samples / self->params.hop;
  if (n_samples < self->params.n_fft)
    return 0;
  return 1 + (n_samples - self->params.n_fft) / self->params.hop;
}

void
htc_stft_power_frame (HtcStft     *self,
                      const float *frame,
                      float       *power)
{
  size_t n_fft = self->params.n_fft;

  for (size_t i = 0; i < n_fft; i++)
    self->in[i] = frame[i] * self->window[i];
  fftwf_execute (self->plan);
  for (size_t k = 0; k < self->n_bins; k++)
    {
      float re = self->out[k][0];
      float im = self->out[k][1];
      power[k] = re * re + im * im;
    }
}

HtcStatus
htc_stft_power (HtcStft     *self,
                const float *x,
                size_t       n,
                float       *out,
                size_t       out_len)
{
  size_t n_fft, hop, n_frames, pad;
  float *frame;

  if (self == NULL || (x == NULL && n > 0) || out == NULL)
    return HTC_ERROR_INVALID_ARG;
  n_fft = self->params.n_fft;
  hop = self->params.hop;
  n_frames = htc_stft_n_frames (self, n);
  if (out_len < n_frames * self->n_bins)
    return HTC_ERROR_INVALID_ARG;

  frame = malloc (n_fft * sizeof (float));
  if (frame == NULL)
    return HTC_ERROR_NOMEM;
  pad = self->params.center ? n_fft / 2 : 0;
  for (size_t t = 0; t < n_frames; t++)
    {
      /* Frame t covers [t*hop - pad, t*hop - pad + n_fft) of the signal; outside is zero. */
      for (size_t i = 0; i < n_fft; i++)
        {
          size_t pos = t * hop + i;
          frame[i] = (pos >= pad && pos - pad < n) ? x[pos - pad] : 0.0f;
        }
      htc_stft_power_frame (self, frame, out + t * self->n_bins);
    }
  free (frame);
  return HTC_OK;
}

float
htc_power_to_db (float *data,
                 size_t n,
                 float  amin,
                 float  ref,
                 float  top_db)
{
  float max_db = -INFINITY;
  float ref_db;

  if (amin <= 0.0f)
    amin = 1e-10f;
  ref_db = 10.0f * log10f (fmaxf (amin, fabsf (ref)));
  for (size_t i = 0; i < n; i++)
    {
      float v = data[i];
      /* NaN compares false, so a NaN input becomes the floor rather than poisoning max. */
      float db = 10.0f * log10f (v > amin ? v : amin) - ref_db;
      data[i] = db;
      if (db > max_db)
        max_db = db;
    }
  if (top_db > 0.0f && n > 0)
    {
      float floor_db = max_db - top_db;
      for (size_t i = 0; i < n; i++)
        if (data[i] < floor_db)
          data[i] = floor_db;
    }
  return max_db;
}
