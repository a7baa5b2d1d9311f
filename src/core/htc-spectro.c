/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "htc-mel.h"
#include "htc-spectro.h"
#include "htc-stft.h"

struct _HtcSpectro
{
  HtcSpectroParams  params;
  HtcStft          *stft;
  HtcMelFilterbank *mel;      /* NULL in linear mode */
  size_t            n_bands;
  /* Padded-signal buffer: buf[0] is padded-signal sample `buf_start`. */
  float            *buf;
  size_t            buf_len;  /* samples held */
  size_t            buf_cap;
  size_t            n_in;     /* real samples pushed */
  size_t            n_frames; /* frames emitted */
  float            *power;
  float            *out;
  int               started;
};

void
htc_spectro_params_init_default (HtcSpectroParams *params)
{
  params->sample_rate = 22050.0;
  params->n_fft = 2048;
  params->hop = 512;
  params->scale = HTC_SCALE_MEL;
  params->n_mels = 128;
  params->fmin = 0.0;
  params->fmax = 0.0;
}

HtcStatus
htc_spectro_new (const HtcSpectroParams *params,
                 HtcSpectro            **out)
{
  HtcSpectro *self;
  HtcStftParams sp;
  HtcStatus status;

  if (out == NULL)
    return HTC_ERROR_INVALID_ARG;
  *out = NULL;
  if (params == NULL || !(params->sample_rate > 0) || params->scale > HTC_SCALE_LINEAR)
    return HTC_ERROR_INVALID_ARG;

  self = calloc (1, sizeof *self);
  if (self == NULL)
    return HTC_ERROR_NOMEM;
  self->params = *params;
  sp.n_fft = params->n_fft;
  sp.hop = params->hop;
  sp.window = HTC_WINDOW_HANN;
  sp.center = 1;
  if ((status = htc_stft_new (&sp, &self->stft)) != HTC_OK)
    goto fail;
  if (params->scale == HTC_SCALE_MEL)
    {
      HtcMelParams mp = { params->sample_rate, params->n_fft, params->n_mels,
                          params->fmin, params->fmax };
      if ((status = htc_mel_filterbank_new (&mp, &self->mel)) != HTC_OK)
        goto fail;
      self->n_bands = params->n_mels;
    }
  else
    self->n_bands = htc_stft_n_bins (self->stft);

  /* Room for one frame plus a generous push; grows on demand. */
  self->buf_cap = params->n_fft * 4;
  self->buf = malloc (self->buf_cap * sizeof (float));
  self->power = malloc (htc_stft_n_bins (self->stft) * sizeof (float));
  self->out = malloc (self->n_bands * sizeof (float));
  if (self->buf == NULL || self->power == NULL || self->out == NULL)
    {
      status = HTC_ERROR_NOMEM;
      goto fail;
    }
  *out = self;
  return HTC_OK;

fail:
  htc_spectro_free (self);
  return status;
}

void
htc_spectro_free (HtcSpectro *self)
{
  if (self == NULL)
    return;
  htc_stft_free (self->stft);
  htc_mel_filterbank_free (self->mel);
  free (self->buf);
  free (self->power);
  free (self->out);
  free (self);
}

size_t
htc_spectro_n_bands (const HtcSpectro *self)
{
  return self->n_bands;
}

double
htc_spectro_band_hz (const HtcSpectro *self,
                     size_t            band)
{
  if (self->mel != NULL)
    return htc_mel_filterbank_center_hz (self->mel, band);
  return self->params.sample_rate * (double) band / (double) self->params.n_fft;
}

double
htc_spectro_hz_to_band (const HtcSpectro *self,
                        double            hz)
{
  if (self->mel != NULL)
    {
      /* Band i is centred on mel edge i+1 of n_mels+2 evenly spaced edges. */
      double f_max = self->params.fmax > 0 ? self->params.fmax : self->params.sample_rate / 2.0;
      double lo = htc_hz_to_mel (self->params.fmin);
      double hi = htc_hz_to_mel (f_max);
      double step = (hi - lo) / (double) (self->n_bands + 1);
      return (htc_hz_to_mel (hz) - lo) / step - 1.0;
    }
  return hz * (double) self->params.n_fft / self->params.sample_rate;
}

size_t
htc_spectro_frames_emitted (const HtcSpectro *self)
{
  return self->n_frames;
}

void
htc_spectro_reset (HtcSpectro *self)
{
  self->buf_len = 0;
  self->n_in = 0;
  self->n_frames = 0;
  self->started = 0;
}

static HtcStatus
append (HtcSpectro  *self,
        const float *x,
        size_t       n)
{
  if (self->buf_len + n > self->buf_cap)
    {
      size_t cap = self->buf_cap;
      float *grown;
      while (cap < self->buf_len + n)
        cap *= 2;
      grown = realloc (self->buf, cap * sizeof (float));
      if (grown == NULL)
        return HTC_ERROR_NOMEM;
      self->buf = grown;
      self->buf_cap = cap;
    }
  if (x != NULL)
    memcpy (self->buf + self->buf_len, x, n * sizeof (float));
  else
    memset (self->buf + self->buf_len, 0, n * sizeof (float));
  self->buf_len += n;
  return HTC_OK;
}

/* Emits every frame that fits in the buffer, up to frame index `limit` (exclusive), then
 * drops the samples no later frame needs. */
static void
drain (HtcSpectro  *self,
       size_t       limit,
       HtcFrameFunc func,
       void        *user_data)
{
  size_t n_fft = self->params.n_fft, hop = self->params.hop, pos = 0;

  while (self->n_frames < limit && pos + n_fft <= self->buf_len)
    {
      htc_stft_power_frame (self->stft, self->buf + pos, self->power);
      if (self->mel != NULL)
        {
          htc_mel_filterbank_apply (self->mel, self->power, self->out);
          func (self->out, self->n_bands, user_data);
        }
      else
        func (self->power, self->n_bands, user_data);
      self->n_frames++;
      pos += hop;
    }
  if (pos > 0)
    {
      memmove (self->buf, self->buf + pos, (self->buf_len - pos) * sizeof (float));
      self->buf_len -= pos;
    }
}

HtcStatus
htc_spectro_push (HtcSpectro  *self,
                  const float *samples,
                  size_t       n,
                  HtcFrameFunc func,
                  void        *user_data)
{
  HtcStatus status;

  if (self == NULL || func == NULL || (samples == NULL && n > 0))
    return HTC_ERROR_INVALID_ARG;
  if (!self->started)
    {
      if ((status = append (self, NULL, self->params.n_fft / 2)) != HTC_OK)
        return status;
      self->started = 1;
    }
  /* Push in bounded pieces so the buffer stays a few frames long whatever n is. */
  while (n > 0)
    {
      size_t piece = n < self->params.n_fft * 2 ? n : self->params.n_fft * 2;
      if ((status = append (self, samples, piece)) != HTC_OK)
        return status;
      self->n_in += piece;
      samples += piece;
      n -= piece;
      drain (self, SIZE_MAX, func, user_data);
    }
  return HTC_OK;
}

HtcStatus
htc_spectro_finish (HtcSpectro  *self,
                    HtcFrameFunc func,
                    void        *user_data)
{
  HtcStatus status;

  if (self == NULL || func == NULL)
    return HTC_ERROR_INVALID_ARG;
  if (!self->started)
    {
      if ((status = append (self, NULL, self->params.n_fft / 2)) != HTC_OK)
        return status;
      self->started = 1;
    }
  if ((status = append (self, NULL, self->params.n_fft / 2)) != HTC_OK)
    return status;
  drain (self, 1 + self->n_in / self->params.hop, func, user_data);
  return HTC_OK;
}

typedef struct
{
  float  *out;
  size_t  n_frames;
  size_t  t;
} Collect;

static void
collect_band_major (const float *frame,
                    size_t       n_bands,
                    void        *user_data)
{
  Collect *c = user_data;
  if (c->t < c->n_frames)
    for (size_t b = 0; b < n_bands; b++)
      c->out[b * c->n_frames + c->t] = frame[b];
  c->t++;
}

HtcStatus
htc_spectro_compute (const HtcSpectroParams *params,
                     const float            *x,
                     size_t                  n,
                     float                  *out,
                     size_t                  out_len)
{
  HtcSpectro *self = NULL;
  HtcStatus status;
  Collect c;

  if ((status = htc_spectro_new (params, &self)) != HTC_OK)
    return status;
  c.out = out;
  c.n_frames = 1 + n / params->hop;
  c.t = 0;
  if (out == NULL || out_len < c.n_frames * self->n_bands)
    status = HTC_ERROR_INVALID_ARG;
  else if ((status = htc_spectro_push (self, x, n, collect_band_major, &c)) == HTC_OK)
    status = htc_spectro_finish (self, collect_band_major, &c);
  htc_spectro_free (self);
  return status;
}
