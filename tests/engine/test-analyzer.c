/* Tests for HtAnalyzer: stages fill the track, failures are reported, cancellation is prompt
 * and final, and no more than max-jobs tracks are analysed at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ht-analyzer-private.h"
#include "ht-audio-model.h"
#include "ht-error.h"
#include "ht-lyrics-model.h"
#include "ht-mel-clip.h"
#include "htc-rng.h"
#include "ht-track-private.h"
#include "../ht-test-audio.h"
#include "../ht-test-model.h"

static char *tmpdir;

static char *
write_wav (const char       *name,
           double            seconds,
           const HtTestTags *tags)
{
  char *path = g_build_filename (tmpdir, name, NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    ht_test_write_sndfile (path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 22050, 1, seconds, tags);
  return path;
}

static HtTrack *
track_for (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  return ht_track_new (file);
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Result;

static void
on_analyzed_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Result *r = user_data;

  g_assert_false (r->done);   /* exactly once */
  r->ok = ht_analyzer_analyze_finish (HT_ANALYZER (source), result, &r->error);
  r->done = TRUE;
}

static void
wait_for (gboolean *flag)
{
  while (!*flag)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
set_flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for `ms` milliseconds. */
static void
spin (guint ms)
{
  gboolean elapsed = FALSE;

  g_timeout_add (ms, set_flag_cb, &elapsed);
  wait_for (&elapsed);
}

static void
wait_idle (HtAnalyzer *analyzer)
{
  while (ht_analyzer_get_n_pending (analyzer) > 0)
    g_main_context_iteration (NULL, TRUE);
}

typedef struct
{
  GArray *progress;      /* double, every value :progress took */
  guint   max_state;
  guint   n_notify;
} Watch;

static void
on_track_notify_cb (HtTrack    *track,
                    GParamSpec *pspec,
                    Watch      *w)
{
  w->n_notify++;
  if (g_str_equal (pspec->name, "progress"))
    {
      double p = ht_track_get_progress (track);
      g_array_append_val (w->progress, p);
    }
  if (g_str_equal (pspec->name, "state"))
    w->max_state = MAX (w->max_state, ht_track_get_state (track));
}

/* Written for this test (not from any song): plain words the model's vocabulary knows. */
static const char test_verse[] =
  "I came up on the block where the corner store light never sleeps\n"
  "mama working double shifts so we could eat and keep the heat\n"
  "we was riding through the city with the windows down at night\n"
  "every friend I had was hustling trying to make it out alright\n"
  "now the money coming in but I remember where I been\n"
  "all my people in the building still waiting on a win\n"
  "so I write it in my notebook every line a little prayer\n"
  "that the kids on my street know somebody really cares\n";

/* The analyzer runs the shipped lyrics model and passes its explanation on: the same numbers
 * as the model's own API gives for the same text. */
static void
test_lyrics_model (void)
{
  g_autofree char *path = write_wav ("verse.wav", 2.0, NULL);
  g_autofree char *sidecar = g_build_filename (tmpdir, "verse.txt", NULL);
  g_autoptr(HtAnalyzer) analyzer = ht_analyzer_new (1);
  g_autoptr(HtTrack) track = NULL;
  g_autoptr(HtLyricsModel) model = NULL;
  g_autoptr(GError) error = NULL;
  HtLyricsPrediction *direct;
  Result r = { 0 };
  HtPrediction *p;
  guint n_toward = 0, n_away = 0;

  model = ht_lyrics_model_load_default (NULL, &error);
  g_assert_no_error (error);
  direct = ht_lyrics_model_predict (model, test_verse, -1, HT_ANALYZER_N_TERMS);
  g_assert_cmpint (direct->abstain, ==, HT_LYRICS_ABSTAIN_NONE);

  g_assert_true (g_file_set_contents (sidecar, test_verse, -1, NULL));
  track = track_for (path);
  ht_analyzer_analyze_async (analyzer, track, NULL, on_analyzed_cb, &r);
  wait_for (&r.done);
  g_assert_no_error (r.error);

  p = ht_track_get_lyrics_prediction (track);
  g_assert_true (ht_prediction_is_available (p));
  for (guint i = 0; i < HT_PREDICTION_N_REGIONS; i++)
    g_assert_cmpfloat_with_epsilon (ht_prediction_get_probability (p, i),
                                    direct->probabilities[i], 1e-9);
  g_assert_cmpuint (ht_prediction_get_n_terms (p), ==, direct->toward->len + direct->away->len);
  g_assert_cmpuint (ht_prediction_get_n_terms (p), >, 0);
  g_assert_cmpuint (ht_prediction_get_n_terms (p), <=, 2 * HT_ANALYZER_N_TERMS);
  for (guint i = 0; i < ht_prediction_get_n_terms (p); i++)
    {
      double c;
      const char *term = ht_prediction_get_term (p, i, &c);

      /* Toward first, then away; every term is one the text contains. */
      if (i < direct->toward->len)
        {
          g_assert_cmpfloat (c, >, 0);
          n_toward++;
        }
      else
        {
          g_assert_cmpfloat (c, <, 0);
          n_away++;
        }
      g_assert_nonnull (strstr (test_verse, strchr (term, ' ') ? strchr (term, ' ') + 1 : term));
    }
  g_assert_cmpuint (n_toward, ==, direct->toward->len);
  g_assert_cmpuint (n_away, ==, direct->away->len);
  ht_lyrics_prediction_free (direct);
}

static void
test_stages (void)
{
  const HtTestTags tags = { .title = "Tone Poem", .artist = "Test Artist" };
  g_autofree char *path = write_wav ("tagged.wav", 4.0, &tags);
  g_autofree char *sidecar = g_build_filename (tmpdir, "tagged.txt", NULL);
  g_autofree char *plain_path = write_wav ("plain.wav", 3.0, NULL);
  g_autoptr(HtAnalyzer) analyzer = ht_analyzer_new (2);
  g_autoptr(HtTrack) track = NULL;
  g_autoptr(HtTrack) plain = NULL;
  Result r = { 0 }, r2 = { 0 };
  Watch w = { g_array_new (FALSE, FALSE, sizeof (double)) };
  HtSpectrogram *s;
  HtPrediction *p;

  g_assert_true (g_file_set_contents (sidecar, "words words words\nmore words\n", -1, NULL));
  track = track_for (path);
  plain = track_for (plain_path);
  g_signal_connect (track, "notify", G_CALLBACK (on_track_notify_cb), &w);

  ht_analyzer_analyze_async (analyzer, track, NULL, on_analyzed_cb, &r);
  ht_analyzer_analyze_async (analyzer, plain, NULL, on_analyzed_cb, &r2);
  g_assert_cmpint (ht_track_get_state (track), ==, HT_TRACK_STATE_ANALYZING);
  g_assert_true (ht_track_get_busy (track));
  g_assert_cmpuint (ht_analyzer_get_n_running (analyzer), ==, 2);
  wait_for (&r.done);
  wait_for (&r2.done);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  g_assert_no_error (r2.error);

  g_assert_cmpint (ht_track_get_state (track), ==, HT_TRACK_STATE_DONE);
  g_assert_false (ht_track_get_busy (track));
  g_assert_cmpfloat (ht_track_get_progress (track), ==, 1.0);
  g_assert_null (ht_track_get_error (track));
  g_assert_cmpstr (ht_track_get_title (track), ==, "Tone Poem");
  g_assert_cmpstr (ht_track_get_artist (track), ==, "Test Artist");
  g_assert_cmpstr (ht_track_get_display_title (track), ==, "Test Artist – Tone Poem");
  g_assert_cmpfloat_with_epsilon (ht_track_get_duration (track), 4.0, 0.05);
  g_assert_cmpstr (ht_track_get_lyrics (track), ==, "words words words\nmore words\n");
  g_assert_cmpint (ht_track_get_lyrics_source (track), ==, HT_LYRICS_SOURCE_TXT);

  /* The whole track, pooled to at most 4096 columns: 4 s at hop 512 is ~173 frames. */
  s = ht_track_get_spectrogram (track);
  g_assert_nonnull (s);
  g_assert_cmpuint (ht_spectrogram_get_n_columns (s), <=, 4096);
  g_assert_cmpuint (ht_spectrogram_get_n_columns (s), >=, 150);
  g_assert_cmpuint (ht_spectrogram_get_n_bands (s), ==, 128);
  g_assert_cmpfloat_with_epsilon (ht_spectrogram_get_duration (s), 4.0, 0.1);

  /* No audio model yet, and five words are too few for the shipped lyrics model: each card
   * says why. */
  p = ht_track_get_cnn_prediction (track);
  g_assert_false (ht_prediction_is_available (p));
  g_assert_cmpstr (ht_prediction_get_reason (p), ==, "No audio model trained yet");
  g_assert_cmpstr (ht_prediction_get_fix_action (p), ==, "app.train-audio");
  p = ht_track_get_lyrics_prediction (track);
  g_assert_false (ht_prediction_is_available (p));
  g_assert_cmpstr (ht_prediction_get_reason (p), ==,
                   "Not enough lyrics: too few words the model knows to judge");
  g_assert_cmpstr (ht_prediction_get_fix_action (p), ==, "win.paste-lyrics");
  p = ht_track_get_lyrics_prediction (plain);
  g_assert_cmpstr (ht_prediction_get_reason (p), ==, "No lyrics found");
  g_assert_cmpstr (ht_prediction_get_fix_action (p), ==, "win.paste-lyrics");
  g_assert_cmpstr (ht_track_get_title (plain), ==, "plain.wav");

  /* Progress only ever grew, ended at 1, and was throttled (not one note per decoded chunk). */
  g_assert_cmpuint (w.progress->len, >=, 1);
  g_assert_cmpuint (w.progress->len, <=, 60);
  for (guint i = 1; i < w.progress->len; i++)
    g_assert_cmpfloat (g_array_index (w.progress, double, i), >,
                       g_array_index (w.progress, double, i - 1));
  g_assert_cmpfloat (g_array_index (w.progress, double, w.progress->len - 1), ==, 1.0);
  g_assert_cmpuint (w.max_state, ==, HT_TRACK_STATE_DONE);

  g_array_unref (w.progress);
}

static void
test_failure (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "notaudio.wav", NULL);
  g_autoptr(HtAnalyzer) analyzer = ht_analyzer_new (1);
  g_autoptr(HtTrack) track = NULL;
  Result r = { 0 };
  const GError *error;

  g_assert_true (g_file_set_contents (path, "This is a shopping list, not a song.\n", -1, NULL));
  track = track_for (path);
  ht_analyzer_analyze_async (analyzer, track, NULL, on_analyzed_cb, &r);
  wait_for (&r.done);
  g_assert_false (r.ok);
  g_assert_error (r.error, HT_ERROR, HT_ERROR_UNSUPPORTED_FORMAT);
  g_clear_error (&r.error);

  g_assert_cmpint (ht_track_get_state (track), ==, HT_TRACK_STATE_FAILED);
  error = ht_track_get_error (track);
  g_assert_error (error, HT_ERROR, HT_ERROR_UNSUPPORTED_FORMAT);
  g_assert_nonnull (strstr (error->message, "notaudio.wav"));
  g_assert_null (ht_track_get_spectrogram (track));
}

/* Cancels between the lyrics stage and the spectrogram: a message that is always delivered
 * (progress is throttled), while the worker is usually still decoding; wherever the worker
 * is, the outcome must be the same. */
static void
on_lyrics_prediction_cancel_cb (HtTrack      *track,
                                GParamSpec   *pspec,
                                GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

static void
test_cancel_running (void)
{
  g_autofree char *path = write_wav ("long.wav", 60.0, NULL);
  g_autoptr(HtAnalyzer) analyzer = ht_analyzer_new (1);
  g_autoptr(HtTrack) track = track_for (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Result r = { 0 };
  Watch w = { g_array_new (FALSE, FALSE, sizeof (double)) };
  gulong id;

  id = g_signal_connect (track, "notify::lyrics-prediction",
                         G_CALLBACK (on_lyrics_prediction_cancel_cb), cancellable);
  ht_analyzer_analyze_async (analyzer, track, cancellable, on_analyzed_cb, &r);
  wait_for (&r.done);
  g_signal_handler_disconnect (track, id);
  g_assert_true (g_cancellable_is_cancelled (cancellable));
  g_assert_false (r.ok);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r.error);

  /* Back to idle, and the spectrogram the worker may still have finished never arrives. */
  g_assert_cmpint (ht_track_get_state (track), ==, HT_TRACK_STATE_IDLE);
  g_assert_cmpfloat (ht_track_get_progress (track), ==, 0.0);
  g_assert_null (ht_track_get_error (track));
  g_assert_null (ht_track_get_spectrogram (track));
  g_assert_null (ht_track_get_cnn_prediction (track));
  g_assert_cmpuint (ht_analyzer_get_n_pending (analyzer), ==, 0);

  /* Nothing at all after the callback. */
  g_signal_connect (track, "notify", G_CALLBACK (on_track_notify_cb), &w);
  spin (300);
  g_assert_cmpuint (w.n_notify, ==, 0);
  g_array_unref (w.progress);
}

static void
test_cancel_queued (void)
{
  g_autoptr(HtAnalyzer) analyzer = ht_analyzer_new (1);
  HtTrack *tracks[5];
  GCancellable *cancellables[5];
  Result r[5] = { { 0 } };
  Watch w[5];

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("q%u.wav", i);
      g_autofree char *path = write_wav (name, 1.0, NULL);

      tracks[i] = track_for (path);
      cancellables[i] = g_cancellable_new ();
      w[i] = (Watch) { g_array_new (FALSE, FALSE, sizeof (double)) };
      g_signal_connect (tracks[i], "notify", G_CALLBACK (on_track_notify_cb), &w[i]);
      ht_analyzer_analyze_async (analyzer, tracks[i], cancellables[i], on_analyzed_cb, &r[i]);
    }
  g_assert_cmpuint (ht_analyzer_get_n_running (analyzer), ==, 1);
  g_assert_cmpuint (ht_analyzer_get_n_pending (analyzer), ==, 5);
  for (guint i = 1; i < 5; i++)
    g_cancellable_cancel (cancellables[i]);

  /* The waiting ones end without ever starting, before the running one is done. */
  for (guint i = 1; i < 5; i++)
    wait_for (&r[i].done);
  for (guint i = 1; i < 5; i++)
    {
      g_assert_error (r[i].error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&r[i].error);
      g_assert_cmpuint (w[i].max_state, ==, HT_TRACK_STATE_QUEUED);
      g_assert_cmpint (ht_track_get_state (tracks[i]), ==, HT_TRACK_STATE_IDLE);
    }
  wait_for (&r[0].done);
  g_assert_no_error (r[0].error);
  g_assert_cmpint (ht_track_get_state (tracks[0]), ==, HT_TRACK_STATE_DONE);

  for (guint i = 0; i < 5; i++)
    {
      g_object_unref (tracks[i]);
      g_object_unref (cancellables[i]);
      g_array_unref (w[i].progress);
    }
}

typedef struct
{
  gint now;
  gint max;
} Concurrency;

static void
worker_hook (gboolean entering,
             gpointer user_data)
{
  Concurrency *c = user_data;

  if (entering)
    {
      gint now = g_atomic_int_add (&c->now, 1) + 1;
      gint max;

      do
        max = g_atomic_int_get (&c->max);
      while (now > max && !g_atomic_int_compare_and_exchange (&c->max, max, now));
      g_usleep (30 * 1000);   /* long enough for the others to start if they were allowed */
    }
  else
    g_atomic_int_add (&c->now, -1);
}

static void
test_bounded (gconstpointer data)
{
  guint max_jobs = GPOINTER_TO_UINT (data);
  g_autoptr(HtAnalyzer) analyzer = ht_analyzer_new (max_jobs);
  Concurrency c = { 0, 0 };
  HtTrack *tracks[8];
  guint max_running = 0;

  _ht_analyzer_set_worker_hook (analyzer, worker_hook, &c);
  for (guint i = 0; i < G_N_ELEMENTS (tracks); i++)
    {
      g_autofree char *name = g_strdup_printf ("b%u.wav", i);
      g_autofree char *path = write_wav (name, 0.5, NULL);

      tracks[i] = track_for (path);
      ht_analyzer_queue (analyzer, tracks[i]);
    }
  while (ht_analyzer_get_n_pending (analyzer) > 0)
    {
      max_running = MAX (max_running, ht_analyzer_get_n_running (analyzer));
      g_main_context_iteration (NULL, TRUE);
    }
  /* Measured from inside the workers: never more than allowed, and the pool was used. */
  g_assert_cmpint (c.max, ==, (gint) max_jobs);
  g_assert_cmpuint (max_running, ==, max_jobs);
  g_assert_cmpint (c.now, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (tracks); i++)
    {
      g_assert_cmpint (ht_track_get_state (tracks[i]), ==, HT_TRACK_STATE_DONE);
      g_object_unref (tracks[i]);
    }
}

static guint
count_in_state (HtTrack      **tracks,
                guint          n,
                HtTrackState   state)
{
  guint count = 0;

  for (guint i = 0; i < n; i++)
    count += ht_track_get_state (tracks[i]) == state;
  return count;
}

static void
test_queue_restart_and_cancel_all (void)
{
  HtAnalyzer *analyzer = ht_analyzer_new (2);
  g_autofree char *path = write_wav ("long.wav", 60.0, NULL);
  HtTrack *tracks[20];
  g_autoptr(HtTrack) again = NULL;
  g_autofree char *plain_path = write_wav ("plain.wav", 3.0, NULL);
  guint n_done;
  GWeakRef weak;
  gint64 deadline;

  g_weak_ref_init (&weak, analyzer);

  /* Queuing a track twice restarts it: one analysis counts, and it completes. */
  again = track_for (plain_path);
  ht_analyzer_queue (analyzer, again);
  ht_analyzer_queue (analyzer, again);
  wait_idle (analyzer);
  g_assert_cmpint (ht_track_get_state (again), ==, HT_TRACK_STATE_DONE);
  g_assert_nonnull (ht_track_get_spectrogram (again));

  /* Twenty long tracks, cancelled while two run and eighteen wait. */
  for (guint i = 0; i < G_N_ELEMENTS (tracks); i++)
    {
      g_autofree char *name = g_strdup_printf ("copy%u.wav", i);
      g_autofree char *copy = g_build_filename (tmpdir, name, NULL);
      g_autoptr(GFile) from = g_file_new_for_path (path);
      g_autoptr(GFile) to = g_file_new_for_path (copy);

      g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, NULL));
      tracks[i] = track_for (copy);
      ht_analyzer_queue (analyzer, tracks[i]);
    }
  g_assert_cmpuint (ht_analyzer_get_n_running (analyzer), ==, 2);

  /* Cancel once the first is done: whatever was running or waiting then ends idle (a worker
   * that finished in the meantime does not count: its result arrives after the cancel). */
  while ((n_done = count_in_state (tracks, G_N_ELEMENTS (tracks), HT_TRACK_STATE_DONE)) == 0)
    g_main_context_iteration (NULL, TRUE);
  ht_analyzer_cancel (analyzer, tracks[G_N_ELEMENTS (tracks) - 1]);
  ht_analyzer_cancel_all (analyzer);
  wait_idle (analyzer);
  g_assert_cmpuint (count_in_state (tracks, G_N_ELEMENTS (tracks), HT_TRACK_STATE_DONE), ==,
                    n_done);
  g_assert_cmpuint (count_in_state (tracks, G_N_ELEMENTS (tracks), HT_TRACK_STATE_IDLE), ==,
                    G_N_ELEMENTS (tracks) - n_done);
  g_assert_cmpuint (n_done, <, G_N_ELEMENTS (tracks) / 2);
  for (guint i = 0; i < G_N_ELEMENTS (tracks); i++)
    g_object_unref (tracks[i]);

  /* Nothing keeps the analyzer alive once its jobs are over (idle callbacks still queued may
   * hold it for a moment). */
  g_object_unref (analyzer);
  deadline = g_get_monotonic_time () + 5 * G_TIME_SPAN_SECOND;
  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(HtAnalyzer) alive = g_weak_ref_get (&weak);
      if (alive == NULL)
        break;
      g_clear_object (&alive);
      spin (10);
    }
  g_assert_null (g_weak_ref_get (&weak));
  g_weak_ref_clear (&weak);
}


static void
test_audio_model (void)
{
  /* Classes in another order than the regions': the analyzer must map them by name. */
  static const char * const shuffled[] = { "South", "East", "Midwest", "West", NULL };
  static const HtRegion region_of[] = { HT_REGION_SOUTH, HT_REGION_EAST, HT_REGION_MIDWEST,
                                        HT_REGION_WEST };
  g_autofree char *model_path = g_build_filename (tmpdir, "audio.safetensors", NULL);
  g_autofree char *path = write_wav ("plain.wav", 3.0, NULL);
  g_autoptr(GFile) model_file = g_file_new_for_path (model_path);
  g_autoptr(GFile) track_file = g_file_new_for_path (path);
  g_autoptr(HtAnalyzer) analyzer = ht_analyzer_new (1);
  g_autoptr(HtTrack) track = track_for (path);
  g_autoptr(HtAudioModel) model = NULL;
  g_autoptr(HtAudioPrediction) direct = NULL;
  g_autoptr(GError) error = NULL;
  Result r = { 0 };
  HtPrediction *p;
  double sum = 0;

  ht_test_save_small_audio_model (model_path, shuffled);
  /* What the model says when asked directly. */
  model = ht_audio_model_load (model_file, NULL, &error);
  g_assert_no_error (error);
  direct = ht_audio_model_classify (model, track_file, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (direct->n_classes, ==, 4);

  ht_analyzer_set_audio_model_path (analyzer, model_path);
  ht_analyzer_analyze_async (analyzer, track, NULL, on_analyzed_cb, &r);
  wait_for (&r.done);
  g_assert_no_error (r.error);

  p = ht_track_get_cnn_prediction (track);
  g_assert_true (ht_prediction_is_available (p));
  for (guint i = 0; i < 4; i++)
    {
      g_assert_cmpfloat_with_epsilon (ht_prediction_get_probability (p, region_of[i]),
                                      direct->probs[i], 1e-6);
      sum += ht_prediction_get_probability (p, i);
    }
  g_assert_cmpfloat_with_epsilon (sum, 1.0, 1e-9);
  /* 3 s is shorter than the window: the whole track, in 16-frame hops of 32-frame patches. */
  g_assert_cmpuint (direct->clip_kind, ==, HT_CLIP_WHOLE);
  {
    g_autofree char *detail = g_strdup_printf ("Mean of %u patches of 0:00–0:03 (the whole "
                                               "track: it is shorter than the window)",
                                               direct->n_patches);
    g_assert_cmpuint (direct->n_patches, ==, 1 + (130 - 32) / 16);   /* 3 s = 130 frames */
    g_assert_cmpstr (ht_prediction_get_detail (p), ==, detail);
  }
  /* The timeline is the model's own, patch by patch, with classes moved to region order. */
  g_assert_cmpuint (ht_prediction_get_n_steps (p), ==, direct->n_patches);
  for (guint k = 0; k < direct->n_patches; k++)
    {
      double start, end;
      const double *row = ht_prediction_get_step (p, k, &start, &end);

      g_assert_cmpfloat_with_epsilon (start, direct->clip_start + k * direct->hop_seconds, 1e-9);
      g_assert_cmpfloat_with_epsilon (end - start, direct->patch_seconds, 1e-9);
      for (guint i = 0; i < 4; i++)
        g_assert_cmpfloat_with_epsilon (row[region_of[i]], direct->timeline[k * 4 + i], 1e-6);
    }

  /* The window from the settings is the one the model hears: the first second alone. */
  ht_analyzer_set_window (analyzer, 0.0, 1.0);
  r = (Result) { 0 };
  ht_analyzer_analyze_async (analyzer, track, NULL, on_analyzed_cb, &r);
  wait_for (&r.done);
  g_assert_cmpstr (ht_prediction_get_detail (ht_track_get_cnn_prediction (track)), ==,
                   "Mean of 1 patch of 0:00–0:01");   /* 1 s = 44 frames: one patch */
  ht_analyzer_set_window (analyzer, 30.0, 75.0);

  /* A damaged file in its place: the card says so and offers training. */
  g_assert_true (g_file_set_contents (model_path, "not a model", -1, NULL));
  r = (Result) { 0 };
  ht_analyzer_analyze_async (analyzer, track, NULL, on_analyzed_cb, &r);
  wait_for (&r.done);
  g_assert_no_error (r.error);
  p = ht_track_get_cnn_prediction (track);
  g_assert_false (ht_prediction_is_available (p));
  g_assert_true (g_str_has_prefix (ht_prediction_get_reason (p),
                                   "The audio model cannot be used: "));
  g_assert_cmpstr (ht_prediction_get_fix_action (p), ==, "app.train-audio");

  /* No file at all: not trained yet. */
  g_assert_cmpint (g_unlink (model_path), ==, 0);
  r = (Result) { 0 };
  ht_analyzer_analyze_async (analyzer, track, NULL, on_analyzed_cb, &r);
  wait_for (&r.done);
  g_assert_cmpstr (ht_prediction_get_reason (ht_track_get_cnn_prediction (track)), ==,
                   "No audio model trained yet");
}

/* A track analysed alone: the CNN takes its window's samples from the spectrogram's decode
 * of the whole track instead of decoding the window again, and says what a decode of the
 * window alone gives (22 050 Hz mono: the same samples). A window the whole-track decode
 * cannot hand over (a track shorter than it: its whole) is decoded as before. */
static void
test_shared_window (void)
{
  static const char * const classes[] = { "East", "West", "South", "Midwest", NULL };
  g_autofree char *model_path = g_build_filename (tmpdir, "shared.safetensors", NULL);
  g_autofree char *path = write_wav ("shared-61s.wav", 61.0, NULL);
  g_autofree char *short_path = write_wav ("shared-3s.wav", 3.0, NULL);
  g_autoptr(GFile) model_file = g_file_new_for_path (model_path);
  g_autoptr(GFile) track_file = g_file_new_for_path (path);
  g_autoptr(HtAnalyzer) analyzer = ht_analyzer_new (1);
  g_autoptr(HtAudioModel) model = NULL;
  g_autoptr(HtMelClip) mel = NULL;
  g_autoptr(HtAudioPrediction) direct = NULL;
  g_autoptr(GError) error = NULL;
  HtClipRequest window = { 5.0, 20.0, FALSE };
  guint shared_before;

  ht_test_save_small_audio_model (model_path, classes);
  model = ht_audio_model_load (model_file, NULL, &error);
  g_assert_no_error (error);
  mel = ht_mel_clip_compute (track_file, ht_audio_model_get_spectro_params (model), &window,
                             NULL, &error);
  g_assert_no_error (error);
  direct = ht_audio_model_classify_clip (model, mel, &error);
  g_assert_no_error (error);

  ht_analyzer_set_audio_model_path (analyzer, model_path);
  ht_analyzer_set_window (analyzer, window.start, window.end);
  shared_before = _ht_analyzer_get_n_shared_windows (analyzer);
  {
    g_autoptr(HtTrack) track = track_for (path);
    Result r = { 0 };
    HtPrediction *p;

    ht_analyzer_analyze_async (analyzer, track, NULL, on_analyzed_cb, &r);
    wait_for (&r.done);
    g_assert_no_error (r.error);
    g_assert_cmpuint (_ht_analyzer_get_n_shared_windows (analyzer), ==, shared_before + 1);
    p = ht_track_get_cnn_prediction (track);
    g_assert_true (ht_prediction_is_available (p));
    for (guint i = 0; i < 4; i++)
      g_assert_cmpfloat_with_epsilon (ht_prediction_get_probability (p, i), direct->probs[i],
                                      1e-6);
    g_assert_cmpuint (ht_prediction_get_n_steps (p), ==, direct->n_patches);
    {
      g_autofree char *detail = g_strdup_printf ("Mean of %u patches of 0:05–0:20",
                                                 direct->n_patches);
      g_assert_cmpstr (ht_prediction_get_detail (p), ==, detail);
    }
    g_assert_nonnull (ht_track_get_spectrogram (track));
  }
  {
    g_autoptr(HtTrack) track = track_for (short_path);
    Result r = { 0 };

    ht_analyzer_analyze_async (analyzer, track, NULL, on_analyzed_cb, &r);
    wait_for (&r.done);
    g_assert_no_error (r.error);
    g_assert_true (ht_prediction_is_available (ht_track_get_cnn_prediction (track)));
    g_assert_cmpuint (_ht_analyzer_get_n_shared_windows (analyzer), ==, shared_before + 1);
  }
}

static void
test_hometown (void)
{
  const HtTestTags nas = { .title = "Track", .artist = "Nas" };
  const HtTestTags drake = { .title = "Track", .artist = "Drake" };
  const HtTestTags nobody = { .title = "Track", .artist = "Nobody Anyone Knows 123" };
  g_autofree char *a = write_wav ("nas.wav", 1.0, &nas);
  g_autofree char *b = write_wav ("drake.wav", 1.0, &drake);
  g_autofree char *c = write_wav ("nobody.wav", 1.0, &nobody);
  g_autoptr(HtAnalyzer) analyzer = ht_analyzer_new (2);
  HtTrack *tracks[3] = { track_for (a), track_for (b), track_for (c) };

  for (guint i = 0; i < 3; i++)
    ht_analyzer_queue (analyzer, tracks[i]);
  wait_idle (analyzer);

  /* From the shipped table (data/artists/origins.tsv): facts, checked by hand. */
  g_assert_cmpstr (ht_track_get_hometown (tracks[0]), ==, "Brooklyn, NY");
  g_assert_cmpint (ht_track_get_hometown_region (tracks[0]), ==, HT_REGION_EAST);
  g_assert_cmpstr (ht_track_get_hometown (tracks[1]), ==, "Toronto, CA");
  g_assert_cmpint (ht_track_get_hometown_region (tracks[1]), ==, HT_REGION_OTHER);
  g_assert_null (ht_track_get_hometown (tracks[2]));
  g_assert_cmpint (ht_track_get_hometown_region (tracks[2]), ==, HT_REGION_UNKNOWN);
  for (guint i = 0; i < 3; i++)
    g_object_unref (tracks[i]);
}

/* Lyrics the user saved win over a sidecar file, also for a new analyzer and a new track (as
 * after a restart); re-running only the lyrics keeps the audio results; revert brings the
 * sidecar back; a damaged entry is reported on the lyrics card when nothing else is there. */
static void
test_stored_lyrics (void)
{
  const HtTestTags tags = { .title = "Stored", .artist = "Test Artist" };
  g_autofree char *path = write_wav ("stored.wav", 2.0, &tags);
  g_autofree char *plain_path = write_wav ("stored-plain.wav", 1.0, NULL);
  g_autofree char *sidecar = g_build_filename (tmpdir, "stored.txt", NULL);
  g_autofree char *store_dir = g_build_filename (tmpdir, "store", NULL);
  g_autoptr(HtLyricsStore) store = ht_lyrics_store_new (store_dir);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (file);
  g_autoptr(GFile) plain_file = g_file_new_for_path (plain_path);
  g_autofree char *plain_uri = g_file_get_uri (plain_file);
  const char *edit = "My own edit\r\nof the words, caf\xc3\xa9\n";

  g_assert_true (g_file_set_contents (sidecar, "the sidecar words\n", -1, NULL));
  g_assert_true (ht_lyrics_store_save (store, uri, edit, NULL, NULL));

  /* Two lives of the app: each a fresh analyzer and a fresh track. */
  for (guint life = 0; life < 2; life++)
    {
      g_autoptr(HtAnalyzer) analyzer = ht_analyzer_new (1);
      g_autoptr(HtTrack) track = track_for (path);

      ht_analyzer_set_lyrics_store (analyzer, store);
      ht_analyzer_queue (analyzer, track);
      wait_idle (analyzer);
      g_assert_cmpint (ht_track_get_state (track), ==, HT_TRACK_STATE_DONE);
      g_assert_cmpstr (ht_track_get_lyrics (track), ==, edit);
      g_assert_cmpint (ht_track_get_lyrics_source (track), ==, HT_LYRICS_SOURCE_USER);

      if (life == 1)
        {
          HtSpectrogram *spectrogram = ht_track_get_spectrogram (track);
          HtPrediction *cnn = ht_track_get_cnn_prediction (track);
          HtPrediction *lyrics = ht_track_get_lyrics_prediction (track);

          /* Revert: the entry goes, the track forgets, only the lyrics are looked at again. */
          g_assert_nonnull (spectrogram);
          g_assert_true (ht_lyrics_store_remove (store, uri, NULL, NULL));
          ht_track_set_user_lyrics (track, NULL);
          ht_analyzer_queue_lyrics (analyzer, track);
          wait_idle (analyzer);
          g_assert_cmpint (ht_track_get_state (track), ==, HT_TRACK_STATE_DONE);
          g_assert_cmpstr (ht_track_get_lyrics (track), ==, "the sidecar words\n");
          g_assert_cmpint (ht_track_get_lyrics_source (track), ==, HT_LYRICS_SOURCE_TXT);
          g_assert_true (ht_track_get_spectrogram (track) == spectrogram);
          g_assert_true (ht_track_get_cnn_prediction (track) == cnn);
          g_assert_true (ht_track_get_lyrics_prediction (track) != lyrics);
        }
    }

  /* A damaged entry for a track with no lyrics of its own: the card says what is wrong. */
  {
    g_autoptr(HtAnalyzer) analyzer = ht_analyzer_new (1);
    g_autoptr(HtTrack) track = track_for (plain_path);
    g_autofree char *entry = ht_lyrics_store_get_path (store, plain_uri);
    HtPrediction *p;

    g_assert_true (g_file_set_contents (entry, "not what the store writes", -1, NULL));
    ht_analyzer_set_lyrics_store (analyzer, store);
    ht_analyzer_queue (analyzer, track);
    wait_idle (analyzer);
    g_assert_cmpint (ht_track_get_state (track), ==, HT_TRACK_STATE_DONE);
    g_assert_null (ht_track_get_lyrics (track));
    p = ht_track_get_lyrics_prediction (track);
    g_assert_false (ht_prediction_is_available (p));
    g_assert_nonnull (strstr (ht_prediction_get_reason (p), entry));
    g_assert_cmpstr (ht_prediction_get_fix_action (p), ==, "win.paste-lyrics");
    g_assert_cmpint (g_unlink (entry), ==, 0);
  }
  g_assert_cmpint (g_rmdir (store_dir), ==, 0);
}

static void
on_preloaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Result *r = user_data;

  g_assert_false (r->done);
  r->ok = ht_analyzer_preload_models_finish (HT_ANALYZER (source), result, &r->error);
  r->done = TRUE;
}

/* A fresh analyzer with `model_path` as its audio model, preloaded: what the preload returned
 * and which models are then in memory. */
static gboolean
preload_with (const char   *model_path,
              GCancellable *cancellable,
              gboolean     *lyrics,
              gboolean     *audio,
              GError      **error)
{
  g_autoptr(HtAnalyzer) analyzer = ht_analyzer_new (1);
  Result r = { 0 };

  ht_analyzer_set_audio_model_path (analyzer, model_path);
  _ht_analyzer_get_loaded_models (analyzer, lyrics, audio);
  g_assert_false (*lyrics);
  g_assert_false (*audio);
  ht_analyzer_preload_models_async (analyzer, cancellable, on_preloaded_cb, &r);
  wait_for (&r.done);
  _ht_analyzer_get_loaded_models (analyzer, lyrics, audio);
  if (r.error != NULL)
    g_propagate_error (error, r.error);
  return r.ok;
}

/* Preloading puts both models in memory before any track asks; a missing audio model is not an
 * error (its card says why later); a cancelled preload loads nothing. */
static void
test_preload_models (void)
{
  static const char * const regions[] = { "East", "West", "South", "Midwest", NULL };
  g_autofree char *model_path = g_build_filename (tmpdir, "preload.safetensors", NULL);
  g_autofree char *missing = g_build_filename (tmpdir, "no-such-model.safetensors", NULL);
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gboolean lyrics = FALSE, audio = FALSE;

  ht_test_save_small_audio_model (model_path, regions);
  g_assert_true (preload_with (model_path, NULL, &lyrics, &audio, &error));
  g_assert_no_error (error);
  g_assert_true (lyrics);
  g_assert_true (audio);

  g_assert_true (preload_with (missing, NULL, &lyrics, &audio, &error));
  g_assert_no_error (error);
  g_assert_true (lyrics);
  g_assert_false (audio);

  g_cancellable_cancel (cancelled);
  g_assert_false (preload_with (model_path, cancelled, &lyrics, &audio, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (lyrics);
  g_assert_false (audio);
  g_assert_cmpint (g_unlink (model_path), ==, 0);
}

static void
remove_tmpdir (void)
{
  g_autoptr(GDir) d = g_dir_open (tmpdir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (tmpdir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (tmpdir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* tests/meson.build points XDG_DATA_HOME and XDG_CACHE_HOME into the build tree: no user's
   * corrections or model are read, and the feature cache is not the user's. */
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);
  tmpdir = g_dir_make_tmp ("hometown-test-analyzer-XXXXXX", NULL);
  g_test_add_func ("/engine/analyzer/stages", test_stages);
  g_test_add_func ("/engine/analyzer/lyrics-model", test_lyrics_model);
  g_test_add_func ("/engine/analyzer/failure", test_failure);
  g_test_add_func ("/engine/analyzer/cancel-running", test_cancel_running);
  g_test_add_func ("/engine/analyzer/cancel-queued", test_cancel_queued);
  g_test_add_data_func ("/engine/analyzer/bounded/1", GUINT_TO_POINTER (1), test_bounded);
  g_test_add_data_func ("/engine/analyzer/bounded/3", GUINT_TO_POINTER (3), test_bounded);
  g_test_add_func ("/engine/analyzer/restart-and-cancel-all", test_queue_restart_and_cancel_all);
  g_test_add_func ("/engine/analyzer/audio-model", test_audio_model);
  g_test_add_func ("/engine/analyzer/preload-models", test_preload_models);
  g_test_add_func ("/engine/analyzer/shared-window", test_shared_window);
  g_test_add_func ("/engine/analyzer/hometown", test_hometown);
  g_test_add_func ("/engine/analyzer/stored-lyrics", test_stored_lyrics);
  status = g_test_run ();
  remove_tmpdir ();
  g_free (tmpdir);
  return status;
}
