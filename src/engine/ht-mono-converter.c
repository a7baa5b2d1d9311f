/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-audio-decoder"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <soxr.h>

#include "ht-error.h"
#include "ht-mono-converter.h"

struct _HtMonoConverter
{
  guint    rate;
  guint    channels;
  gsize    limit;
  gsize    delivered;
  gboolean stopped;
  soxr_t   soxr;        /* NULL when the rate is already HT_AUDIO_RATE */
  float   *mono;
  float   *out;
  gsize    cap;         /* frames per internal block */
  gsize    out_cap;
};

HtMonoConverter *
_ht_mono_converter_new (guint    rate,
                        guint    channels,
                        gsize    limit,
                        GError **error)
{
  g_autoptr(HtMonoConverter) self = NULL;

  g_return_val_if_fail (rate > 0 && channels > 0, NULL);
  self = g_new0 (HtMonoConverter, 1);
  self->rate = rate;
  self->channels = channels;
  self->limit = limit;
  self->cap = 8192;
  self->out_cap = (gsize) ((double) self->cap * HT_AUDIO_RATE / rate) + 256;
  self->mono = g_new (float, self->cap);
  self->out = g_new (float, self->out_cap);
  if (rate != HT_AUDIO_RATE)
    {
      soxr_error_t serr = NULL;
      soxr_io_spec_t io = soxr_io_spec (SOXR_FLOAT32_I, SOXR_FLOAT32_I);
      soxr_quality_spec_t q = soxr_quality_spec (SOXR_HQ, 0);
      self->soxr = soxr_create (rate, HT_AUDIO_RATE, 1, &serr, &io, &q, NULL);
      if (self->soxr == NULL)
        {
          g_set_error (error, HT_ERROR, HT_ERROR_FAILED, _("Cannot resample from %u Hz: %s"), rate,
                       serr);
          return NULL;
        }
    }
  return g_steal_pointer (&self);
}

void
_ht_mono_converter_free (HtMonoConverter *self)
{
  if (self == NULL)
    return;
  if (self->soxr != NULL)
    soxr_delete (self->soxr);
  g_free (self->mono);
  g_free (self->out);
  g_free (self);
}

static void
deliver (HtMonoConverter *self,
         const float     *samples,
         gsize            n,
         HtSampleFunc     sink,
         gpointer         user_data)
{
  n = MIN (n, self->limit - self->delivered);
  if (n == 0 || self->stopped)
    return;
  self->delivered += n;
  if (!sink (samples, n, user_data) || self->delivered >= self->limit)
    self->stopped = TRUE;
}

gboolean
_ht_mono_converter_push (HtMonoConverter *self,
                         const float     *frames,
                         gsize            n_frames,
                         HtSampleFunc     sink,
                         gpointer         user_data)
{
  while (n_frames > 0 && !self->stopped)
    {
      gsize n = MIN (n_frames, self->cap);
      const float *mono = frames;

      if (self->channels == 2)
        {
          /* Most music: a loop the compiler vectorises. */
          for (gsize i = 0; i < n; i++)
            self->mono[i] = 0.5f * (frames[2 * i] + frames[2 * i + 1]);
          mono = self->mono;
        }
      else if (self->channels > 2)
        {
          /* Downmix: the plain average of all channels. */
          for (gsize i = 0; i < n; i++)
            {
              const float *f = frames + i * self->channels;
              float acc = 0;
              for (guint c = 0; c < self->channels; c++)
                acc += f[c];
              self->mono[i] = acc / (float) self->channels;
            }
          mono = self->mono;
        }
      if (self->soxr != NULL)
        {
          size_t odone = 0;
          soxr_process (self->soxr, mono, n, NULL, self->out, self->out_cap, &odone);
          deliver (self, self->out, odone, sink, user_data);
        }
      else
        deliver (self, mono, n, sink, user_data);
      frames += n * self->channels;
      n_frames -= n;
    }
  return !self->stopped;
}

void
_ht_mono_converter_flush (HtMonoConverter *self,
                          HtSampleFunc     sink,
                          gpointer         user_data)
{
  while (self->soxr != NULL && !self->stopped)
    {
      size_t odone = 0;
      soxr_process (self->soxr, NULL, 0, NULL, self->out, self->out_cap, &odone);
      if (odone == 0)
        break;
      deliver (self, self->out, odone, sink, user_data);
    }
}

gsize
_ht_mono_converter_delivered (HtMonoConverter *self)
{
  return self->delivered;
}

gboolean
_ht_mono_converter_stopped (HtMonoConverter *self)
{
  return self->stopped;
}
