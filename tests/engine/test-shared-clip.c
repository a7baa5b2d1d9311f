/* Tests for HtSharedClip: the window's samples are exactly the track's, whatever chunks the
 * decoder hands over; anything but the continuation is ignored; a waiter wakes when the clip
 * is full, when the decode ends short of it and when cancelled.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ht-audio-decoder.h"
#include "ht-shared-clip.h"

/* Sample i of the made-up track is i itself (exact in a float below 2^24). */
static void
offer_range (HtSharedClip *clip,
             gsize         from,
             gsize         to)
{
  g_autofree float *x = g_new (float, to - from);

  for (gsize i = from; i < to; i++)
    x[i - from] = (float) i;
  ht_shared_clip_offer (clip, from, x, to - from);
}

/* A decode in odd-sized chunks from the track's start: the clip is [first, first + length),
 * positions and count as a decode of the window itself gives (0:30-1:15 at 22 050 Hz:
 * 661,500 on, 992,250 samples). */
static void
test_fill (void)
{
  g_autoptr(HtSharedClip) clip = ht_shared_clip_new (30.0, 75.0);
  const float *x;
  gsize n = 0, pos = 0, chunk = 1;

  g_assert_cmpfloat (ht_shared_clip_get_start (clip), ==, 30.0);
  g_assert_cmpfloat (ht_shared_clip_get_end (clip), ==, 75.0);
  while (pos < 80 * HT_AUDIO_RATE)
    {
      offer_range (clip, pos, pos + chunk);
      pos += chunk;
      chunk = chunk * 7 % 9973 + 1;   /* sizes that straddle both edges */
    }
  x = ht_shared_clip_wait (clip, &n, NULL);
  g_assert_nonnull (x);
  g_assert_cmpuint (n, ==, 992250);
  for (gsize i = 0; i < n; i++)
    if (x[i] != (float) (661500 + i))
      g_error ("sample %zu is %g, not %zu", i, x[i], 661500 + i);

  /* Once full, later offers change nothing. */
  {
    float zeros[64] = { 0 };

    ht_shared_clip_offer (clip, 661500, zeros, G_N_ELEMENTS (zeros));
    g_assert_cmpfloat (ht_shared_clip_wait (clip, &n, NULL)[0], ==, 661500.0f);
  }
}

/* Offers that do not continue the clip (a later part first, a gap) are ignored; the same
 * samples offered again (a decode starting over) are taken where they continue it. */
static void
test_only_continuations (void)
{
  g_autoptr(HtSharedClip) clip = ht_shared_clip_new (1.0, 2.0);   /* [22050, 44100) */
  const float *x;
  gsize n = 0;

  offer_range (clip, 30000, 50000);       /* after a gap: ignored */
  offer_range (clip, 0, 30000);           /* up to 30000 */
  offer_range (clip, 40000, 50000);       /* a gap again: ignored */
  offer_range (clip, 0, 35000);           /* over again: 30000-35000 taken */
  offer_range (clip, 35000, 44100);
  x = ht_shared_clip_wait (clip, &n, NULL);
  g_assert_nonnull (x);
  g_assert_cmpuint (n, ==, 22050);
  for (gsize i = 0; i < n; i++)
    g_assert_cmpfloat (x[i], ==, (float) (22050 + i));
}

/* The decode ends before the window does (a track shorter than its length said): NULL. */
static void
test_closed_short (void)
{
  g_autoptr(HtSharedClip) clip = ht_shared_clip_new (1.0, 2.0);
  gsize n = 99;

  offer_range (clip, 0, 44099);
  ht_shared_clip_close (clip);
  g_assert_null (ht_shared_clip_wait (clip, &n, NULL));
  g_assert_cmpuint (n, ==, 0);
}

typedef struct
{
  HtSharedClip *clip;
  GCancellable *cancellable;
  gboolean      close;
} Feeder;

static gpointer
feeder_thread (gpointer data)
{
  Feeder *f = data;

  g_usleep (30 * G_TIME_SPAN_MILLISECOND);
  if (f->cancellable != NULL)
    g_cancellable_cancel (f->cancellable);
  else if (f->close)
    ht_shared_clip_close (f->clip);
  else
    for (gsize pos = 0; pos < 44100; pos += 1000)
      offer_range (f->clip, pos, MIN (pos + 1000, 44100));
  return NULL;
}

/* The waiter blocks until another thread fills the clip, closes it or cancels. */
static void
test_wait_wakes (void)
{
  for (guint how = 0; how < 3; how++)
    {
      g_autoptr(HtSharedClip) clip = ht_shared_clip_new (1.0, 2.0);
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      Feeder f = { clip, how == 2 ? cancellable : NULL, how == 1 };
      GThread *thread = g_thread_new ("feeder", feeder_thread, &f);
      gint64 t0 = g_get_monotonic_time ();
      gsize n = 0;
      const float *x = ht_shared_clip_wait (clip, &n, cancellable);

      g_assert_cmpint (g_get_monotonic_time () - t0, >=, 25 * G_TIME_SPAN_MILLISECOND);
      g_thread_join (thread);
      if (how == 0)
        {
          g_assert_nonnull (x);
          g_assert_cmpfloat (x[n - 1], ==, 44099.0f);
        }
      else
        g_assert_null (x);
    }

  /* Already cancelled: no wait at all. */
  {
    g_autoptr(HtSharedClip) clip = ht_shared_clip_new (1.0, 2.0);
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    gsize n;

    g_cancellable_cancel (cancellable);
    g_assert_null (ht_shared_clip_wait (clip, &n, cancellable));
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/shared-clip/fill", test_fill);
  g_test_add_func ("/engine/shared-clip/only-continuations", test_only_continuations);
  g_test_add_func ("/engine/shared-clip/closed-short", test_closed_short);
  g_test_add_func ("/engine/shared-clip/wait-wakes", test_wait_wakes);
  return g_test_run ();
}
