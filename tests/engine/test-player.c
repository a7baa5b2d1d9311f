/* Tests for HtPlayer: a generated WAV plays through a clocked fake sink (no sound card needed),
 * its position follows the clock, seeks land where asked, pause holds, the end and stop
 * release the file, and bad files or sinks give errors that name them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "ht-error.h"
#include "ht-player-private.h"
#include "../ht-test-audio.h"

static char *tmpdir;
static double time_scale = 1;   /* HOMETOWN_TIMEOUT_SCALE: valgrind is ~30x slower */

static char *
write_wav (const char *name,
           double      seconds)
{
  char *path = g_build_filename (tmpdir, name, NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    ht_test_write_sndfile (path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 22050, 1, seconds, NULL);
  return path;
}

static HtPlayer *
player_for (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  HtPlayer *player = ht_player_new ();

  ht_player_set_file (player, file);
  return player;
}

static gboolean
flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
spin (double seconds)
{
  gboolean done = FALSE;

  g_timeout_add ((guint) (seconds * 1000), flag_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Runs the main loop until cond (data), failing after `seconds` (scaled). */
static void
wait_until (gboolean    (*cond) (gpointer data),
            gpointer      data,
            double        seconds,
            const char   *what)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * time_scale * G_USEC_PER_SEC);

  while (!cond (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for %s", what);
      spin (0.005);
    }
}

static gboolean
is_moving (gpointer data)
{
  return ht_player_get_position (data) > 0.05;
}

static gboolean
is_stopped (gpointer data)
{
  return ht_player_get_state (data) == HT_PLAYER_STATE_STOPPED;
}

static gboolean
has_error (gpointer data)
{
  return ht_player_get_error (data) != NULL;
}

static gboolean
can_query (gpointer data)
{
  return _ht_player_query_position (data) >= 0;
}

/* How many descriptors this process holds open on `path` (Linux: /proc/self/fd). */
static guint
n_open (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *link = g_build_filename ("/proc/self/fd", name, NULL);
      g_autofree char *target = g_file_read_link (link, NULL);

      if (target != NULL && g_str_equal (target, path))
        n++;
    }
  return n;
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

static void
test_play_advances (void)
{
  g_autofree char *path = write_wav ("tone-4s.wav", 4.0);
  g_autoptr(HtPlayer) player = player_for (path);
  guint n_notifies = 0;
  gint64 t0, t1;
  double p0, p1;

  g_assert_cmpint (ht_player_get_state (player), ==, HT_PLAYER_STATE_STOPPED);
  g_assert_cmpfloat (ht_player_get_position (player), ==, 0);
  ht_player_play (player);
  g_assert_cmpint (ht_player_get_state (player), ==, HT_PLAYER_STATE_PLAYING);
  wait_until (is_moving, player, 10, "playback to start");
  g_assert_cmpfloat_with_epsilon (ht_player_get_duration (player), 4.0, 0.01);

  /* The position follows the wall clock (a synchronised sink), updated ~30 times a second. */
  g_signal_connect (player, "notify::position", G_CALLBACK (count_cb), &n_notifies);
  t0 = g_get_monotonic_time ();
  p0 = ht_player_get_position (player);
  spin (1.0);
  t1 = g_get_monotonic_time ();
  p1 = ht_player_get_position (player);
  g_test_message ("advanced %.3f s in %.3f s, %u updates", p1 - p0, (t1 - t0) / 1e6, n_notifies);
  g_assert_cmpfloat (fabs ((p1 - p0) - (t1 - t0) / 1e6), <, 0.08 * time_scale);
  if (time_scale == 1)
    {
      g_assert_cmpuint (n_notifies, >=, 20);
      g_assert_cmpuint (n_notifies, <=, 40);
    }
  g_signal_handlers_disconnect_by_func (player, count_cb, &n_notifies);
  ht_player_stop (player);
}

static void
test_pause_and_seek (void)
{
  g_autofree char *path = write_wav ("tone-4s.wav", 4.0);
  g_autoptr(HtPlayer) player = player_for (path);
  double held, q;
  gint64 t_seek;

  /* Seeking from stopped pauses there, at the sample asked for. */
  ht_player_seek (player, 2.5);
  g_assert_cmpint (ht_player_get_state (player), ==, HT_PLAYER_STATE_PAUSED);
  g_assert_cmpfloat (ht_player_get_position (player), ==, 2.5);
  wait_until (can_query, player, 10, "the paused seek");
  q = _ht_player_query_position (player);
  g_assert_cmpfloat (fabs (q - 2.5), <, 0.05);

  /* Paused stays put. */
  spin (0.4);
  g_assert_cmpint (ht_player_get_state (player), ==, HT_PLAYER_STATE_PAUSED);
  g_assert_cmpfloat (fabs (_ht_player_query_position (player) - q), <, 1e-6);
  g_assert_cmpfloat (fabs (ht_player_get_position (player) - q), <, 1e-6);

  /* Playing goes on from there. */
  ht_player_toggle (player);
  g_assert_cmpint (ht_player_get_state (player), ==, HT_PLAYER_STATE_PLAYING);
  spin (0.3);
  g_assert_cmpfloat (ht_player_get_position (player), >, 2.55);
  g_assert_cmpfloat (ht_player_get_position (player), <, 2.5 + 0.3 + 0.1 * time_scale);

  /* A seek while playing: the pipeline lands on the target and plays on from it. */
  t_seek = g_get_monotonic_time ();
  ht_player_seek (player, 1.0);
  g_assert_cmpfloat (ht_player_get_position (player), ==, 1.0);
  wait_until (can_query, player, 10, "the playing seek");
  q = _ht_player_query_position (player);
  g_test_message ("landed at %.4f s, %.3f s after the seek", q,
                  (g_get_monotonic_time () - t_seek) / 1e6);
  g_assert_cmpfloat (q, >=, 1.0 - 0.05);
  g_assert_cmpfloat (q, <=, 1.0 + (g_get_monotonic_time () - t_seek) / 1e6 + 0.05);

  /* Pause holds while playing too. */
  ht_player_toggle (player);
  g_assert_cmpint (ht_player_get_state (player), ==, HT_PLAYER_STATE_PAUSED);
  wait_until (can_query, player, 10, "the pause");
  spin (0.1);
  held = ht_player_get_position (player);
  spin (0.4);
  g_assert_cmpfloat (ht_player_get_position (player), ==, held);

  /* Seeks past the end clamp to it; before the start to 0. */
  ht_player_seek (player, -3);
  g_assert_cmpfloat (ht_player_get_position (player), ==, 0);
  ht_player_seek (player, 99);
  g_assert_cmpfloat_with_epsilon (ht_player_get_position (player), 4.0, 0.01);
}

static void
test_end_and_stop_release (void)
{
  g_autofree char *path = write_wav ("tone-1s.wav", 1.0);
  g_autofree char *other = write_wav ("tone-4s.wav", 4.0);
  g_autofree char *real = realpath (path, NULL);
  g_autoptr(HtPlayer) player = player_for (path);
  g_autoptr(GFile) other_file = g_file_new_for_path (other);

  g_assert_cmpuint (n_open (real), ==, 0);
  ht_player_play (player);
  wait_until (is_moving, player, 10, "playback to start");
  g_assert_cmpuint (n_open (real), >=, 1);

  /* Playing to the end stops, back at the start, and lets go of the file. */
  wait_until (is_stopped, player, 10, "the end of the track");
  g_assert_cmpfloat (ht_player_get_position (player), ==, 0);
  g_assert_null (ht_player_get_error (player));
  g_assert_cmpuint (n_open (real), ==, 0);

  /* Stop lets go at once. */
  ht_player_play (player);
  wait_until (is_moving, player, 10, "playback to start again");
  g_assert_cmpuint (n_open (real), >=, 1);
  ht_player_stop (player);
  g_assert_cmpint (ht_player_get_state (player), ==, HT_PLAYER_STATE_STOPPED);
  g_assert_cmpfloat (ht_player_get_position (player), ==, 0);
  g_assert_cmpuint (n_open (real), ==, 0);
  spin (0.2);   /* and nothing it had queued moves it afterwards */
  g_assert_cmpfloat (ht_player_get_position (player), ==, 0);

  /* So does switching to another track. */
  ht_player_play (player);
  wait_until (is_moving, player, 10, "playback to start a third time");
  ht_player_set_file (player, other_file);
  g_assert_cmpint (ht_player_get_state (player), ==, HT_PLAYER_STATE_STOPPED);
  g_assert_cmpuint (n_open (real), ==, 0);
  g_assert_true (ht_player_get_file (player) == other_file);
}

typedef struct
{
  const char *name;
  const char *contents;   /* NULL: the file does not exist */
  int         code;
} BadCase;

static void
on_error_cb (HtPlayer     *player,
             const GError *error,
             guint        *count)
{
  g_assert_true (error == ht_player_get_error (player));
  (*count)++;
}

static void
test_bad_file (gconstpointer data)
{
  const BadCase *c = data;
  g_autofree char *path = g_build_filename (tmpdir, c->name, NULL);
  g_autoptr(HtPlayer) player = NULL;
  g_autofree char *prefix = g_strdup_printf ("Cannot play “%s”: ", c->name);
  guint n_errors = 0;
  const GError *error;

  if (c->contents != NULL)
    g_assert_true (g_file_set_contents (path, c->contents, -1, NULL));
  player = player_for (path);
  g_signal_connect (player, "error", G_CALLBACK (on_error_cb), &n_errors);
  ht_player_play (player);
  wait_until (has_error, player, 10, "the error");
  error = ht_player_get_error (player);
  g_test_message ("%s", error->message);
  g_assert_error (error, HT_ERROR, c->code);
  g_assert_true (g_str_has_prefix (error->message, prefix));
  g_assert_cmpuint (n_errors, ==, 1);
  g_assert_cmpint (ht_player_get_state (player), ==, HT_PLAYER_STATE_STOPPED);
  spin (0.2);
  g_assert_cmpuint (n_errors, ==, 1);   /* once */

  /* Trying again starts clean and fails the same way, once more. */
  ht_player_play (player);
  g_assert_null (ht_player_get_error (player));
  wait_until (has_error, player, 10, "the second error");
  g_assert_cmpuint (n_errors, ==, 2);
}

static void
test_bad_sink (void)
{
  g_autofree char *path = write_wav ("tone-1s.wav", 1.0);
  g_autofree char *saved = g_strdup (g_getenv ("HOMETOWN_AUDIO_SINK"));
  g_autoptr(HtPlayer) player = player_for (path);

  g_setenv ("HOMETOWN_AUDIO_SINK", "nosuchsink-element", TRUE);
  ht_player_play (player);
  g_setenv ("HOMETOWN_AUDIO_SINK", saved, TRUE);
  g_assert_nonnull (ht_player_get_error (player));
  g_assert_true (g_str_has_prefix (ht_player_get_error (player)->message,
                                   "Cannot use the audio output “nosuchsink-element”: "));
  g_assert_cmpint (ht_player_get_state (player), ==, HT_PLAYER_STATE_STOPPED);
}

int
main (int argc, char *argv[])
{
  static const BadCase bad[] = {
    { "missing.mp3", NULL, HT_ERROR_NOT_FOUND },
    { "text.mp3", "This is not audio at all, just some words in a file.\n",
      HT_ERROR_UNSUPPORTED_FORMAT },
  };
  const char *scale = g_getenv ("HOMETOWN_TIMEOUT_SCALE");
  int status;

  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  /* No sound card here: a sink that keeps time like one. */
  if (g_getenv ("HOMETOWN_AUDIO_SINK") == NULL)
    g_setenv ("HOMETOWN_AUDIO_SINK", "fakesink sync=true", TRUE);
  if (scale != NULL && g_ascii_strtod (scale, NULL) > 1)
    time_scale = g_ascii_strtod (scale, NULL);
  g_test_init (&argc, &argv, NULL);
  gst_init (NULL, NULL);
  tmpdir = g_dir_make_tmp ("ht-player-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);

  g_test_add_func ("/engine/player/play-advances", test_play_advances);
  g_test_add_func ("/engine/player/pause-and-seek", test_pause_and_seek);
  g_test_add_func ("/engine/player/end-and-stop-release", test_end_and_stop_release);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *test_path = g_strdup_printf ("/engine/player/bad-file/%s", bad[i].name);
      g_test_add_data_func (test_path, &bad[i], test_bad_file);
    }
  g_test_add_func ("/engine/player/bad-sink", test_bad_sink);
  status = g_test_run ();

  {
    g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, NULL);
    const char *name;
    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *p = g_build_filename (tmpdir, name, NULL);
        g_unlink (p);
      }
    g_rmdir (tmpdir);
  }
  g_free (tmpdir);
  return status;
}
