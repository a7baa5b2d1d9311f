/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-shared-clip"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ht-audio-decoder.h"
#include "ht-shared-clip.h"

struct _HtSharedClip
{
  gatomicrefcount ref_count;
  double          start;
  double          end;
  gsize           first;     /* track sample of samples[0] */
  gsize           length;
  GMutex          lock;
  GCond           cond;
  float          *samples;
  gsize           filled;    /* samples[0, filled) hold the track's; the decoder's own */
  gboolean        full;      /* under the lock: filled == length */
  gboolean        closed;    /* under the lock */
};

HtSharedClip *
ht_shared_clip_new (double start,
                    double end)
{
  HtSharedClip *self;

  g_return_val_if_fail (start >= 0 && end > start && isfinite (end), NULL);

  self = g_new0 (HtSharedClip, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->start = start;
  self->end = end;
  /* The positions and the count a decode of just this window delivers (ht_audio_decode). */
  self->first = (gsize) llround (start * HT_AUDIO_RATE);
  self->length = (gsize) llround ((end - start) * HT_AUDIO_RATE);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  return self;
}

HtSharedClip *
ht_shared_clip_ref (HtSharedClip *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
ht_shared_clip_unref (HtSharedClip *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self->samples);
  g_free (self);
}

double
ht_shared_clip_get_start (HtSharedClip *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->start;
}

double
ht_shared_clip_get_end (HtSharedClip *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->end;
}

void
ht_shared_clip_get_span (HtSharedClip *self,
                         gsize        *first,
                         gsize        *end)
{
  g_return_if_fail (self != NULL && first != NULL && end != NULL);
  *first = self->first;
  *end = self->first + self->length;
}

void
ht_shared_clip_offer (HtSharedClip *self,
                      gsize         position,
                      const float  *samples,
                      gsize         n_samples)
{
  gsize next, take;

  g_return_if_fail (self != NULL && (samples != NULL || n_samples == 0));

  /* Without the lock: decodes offer one after the other, never at once, and the waiter only
   * reads the samples once `full` is set under the lock below. */
  next = self->first + self->filled;
  if (self->filled == self->length || position > next || position + n_samples <= next)
    return;
  take = MIN (position + n_samples - next, self->length - self->filled);
  if (self->samples == NULL)
    self->samples = g_new (float, self->length);
  memcpy (self->samples + self->filled, samples + (next - position), take * sizeof (float));
  if (self->filled + take < self->length)
    {
      self->filled += take;
      return;
    }
  self->filled += take;
  g_mutex_lock (&self->lock);
  self->full = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

void
ht_shared_clip_close (HtSharedClip *self)
{
  g_return_if_fail (self != NULL);
  g_mutex_lock (&self->lock);
  self->closed = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

static void
on_cancelled_cb (GCancellable *cancellable,
                 gpointer      user_data)
{
  HtSharedClip *self = user_data;

  g_mutex_lock (&self->lock);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

const float *
ht_shared_clip_wait (HtSharedClip *self,
                     gsize        *n_samples,
                     GCancellable *cancellable)
{
  gulong handler = 0;
  gboolean full;

  g_return_val_if_fail (self != NULL && n_samples != NULL, NULL);

  *n_samples = 0;
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled_cb), self, NULL);
  g_mutex_lock (&self->lock);
  while (!self->full && !self->closed && !g_cancellable_is_cancelled (cancellable))
    g_cond_wait (&self->cond, &self->lock);
  full = self->full;
  g_mutex_unlock (&self->lock);
  g_cancellable_disconnect (cancellable, handler);
  if (!full || g_cancellable_is_cancelled (cancellable))
    return NULL;
  *n_samples = self->length;
  return self->samples;
}
