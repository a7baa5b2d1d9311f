/* Tests for HOMETOWN_TIMING (src/ht-timing.h), the events the bench/app-* scripts read: every
 * line is a JSON object, the events come in the order they happen, the "shown" events name the
 * track and say whether its prediction is available, and the frame-clock summary is consistent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <json-glib/json-glib.h>
#include <unistd.h>

#include "ht-application.h"
#include "ht-timing.h"
#include "ht-window-private.h"
#include "ht-test-ui.h"

static HtApplication *app;
static char *tmpdir;
static char *timing_path;

/* Invented for this test, not anybody's lyrics. */
static const char test_lyrics[] =
  "Morning on the avenue, the bakery lights are on\n"
  "Grandma on the stoop again, she hums the same old song\n"
  "Bus fare in my pocket and a notebook full of rhymes\n"
  "Counting every corner store, counting all the times\n";

/* The events so far, each a JSON object; asserts every line parses. */
static GPtrArray *
read_events (void)
{
  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (timing_path, &text, NULL, NULL))
    return events;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      if (*lines[i] == '\0')
        continue;
      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
      g_ptr_array_add (events,
                       json_object_ref (json_node_get_object (json_parser_get_root (parser))));
    }
  return events;
}

static JsonObject *
find (GPtrArray  *events,
      const char *name)
{
  for (guint i = 0; i < events->len; i++)
    if (g_str_equal (json_object_get_string_member (events->pdata[i], "event"), name))
      return events->pdata[i];
  return NULL;
}

static gboolean
has_event (gpointer name)
{
  g_autoptr(GPtrArray) events = read_events ();

  return find (events, name) != NULL;
}

static void
test_events (void)
{
  g_autofree char *wav = ht_test_ui_write_beat (tmpdir, "beat.wav", 90, 10, NULL, NULL);
  g_autofree char *txt = g_build_filename (tmpdir, "beat.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (wav);
  g_autoptr(GPtrArray) events = NULL;
  const char *order[] = { "start", "first-frame", "track-opened", "all-analysed",
                          "frame-intervals" };
  JsonObject *e;
  gint64 last = 0;

  g_assert_true (g_file_set_contents (txt, test_lyrics, -1, NULL));
  /* The window activate presented paints its first frame once the main loop runs. */
  ht_test_ui_wait (has_event, "first-frame", 30, "the first-frame event");
  g_application_open (G_APPLICATION (app), &file, 1, "");
  ht_test_ui_wait (has_event, "frame-intervals", 120, "the frame-intervals event");
  ht_test_ui_spin (200);
  events = read_events ();

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      e = find (events, order[i]);
      g_assert_nonnull (e);
      g_assert_cmpint (json_object_get_int_member (e, "mono_us"), >=, last);
      g_assert_cmpint (json_object_get_int_member (e, "real_us"), >, 1600000000LL * 1000000);
      g_assert_cmpint (json_object_get_int_member (e, "pid"), ==, getpid ());
      last = json_object_get_int_member (e, "mono_us");
    }
  e = find (events, "track-opened");
  g_assert_cmpint (json_object_get_int_member (e, "n_files"), ==, 1);
  e = find (events, "all-analysed");
  g_assert_cmpint (json_object_get_int_member (e, "n_tracks"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (e, "n_failed"), ==, 0);

  /* Each shown after the open, naming the track; no audio model here, the lyrics model answers. */
  {
    const char *shown[] = { "lyrics-shown", "cnn-shown", "spectrogram-shown" };
    gint64 opened = json_object_get_int_member (find (events, "track-opened"), "mono_us");

    for (guint i = 0; i < G_N_ELEMENTS (shown); i++)
      {
        e = find (events, shown[i]);
        g_assert_nonnull (e);
        g_assert_cmpint (json_object_get_int_member (e, "mono_us"), >, opened);
        g_assert_cmpstr (json_object_get_string_member (e, "file"), ==, "beat.wav");
      }
    g_assert_true (json_object_get_boolean_member (find (events, "lyrics-shown"), "available"));
    g_assert_false (json_object_get_boolean_member (find (events, "cnn-shown"), "available"));
    g_assert_false (json_object_has_member (find (events, "spectrogram-shown"), "available"));
  }

  /* The tick callback ran every frame while the track was analysed; the main thread cannot
   * use more CPU time than the wall time it spans. */
  e = find (events, "frame-intervals");
  g_assert_cmpint (json_object_get_int_member (e, "n"), >, 0);
  for (guint i = 0; i < 2; i++)
    {
      const char *what = i == 0 ? "wall" : "cpu";
      g_autofree char *median = g_strdup_printf ("%s_median_ms", what);
      g_autofree char *p99 = g_strdup_printf ("%s_p99_ms", what);
      g_autofree char *max = g_strdup_printf ("%s_max_ms", what);

      g_assert_cmpfloat (json_object_get_double_member (e, median), >=, 0);
      g_assert_cmpfloat (json_object_get_double_member (e, p99), >=,
                         json_object_get_double_member (e, median));
      g_assert_cmpfloat (json_object_get_double_member (e, max), >=,
                         json_object_get_double_member (e, p99));
    }
  g_assert_cmpfloat (json_object_get_double_member (e, "wall_median_ms"), >, 0);
  g_assert_cmpfloat (json_object_get_double_member (e, "cpu_max_ms"), <=,
                     json_object_get_double_member (e, "wall_max_ms") + 1);
  g_assert_cmpfloat (json_object_get_double_member (e, "wall_max_at_ms"), >, 0);
  g_assert_cmpfloat (json_object_get_double_member (e, "cpu_max_at_ms"), >, 0);
  /* Slices of the time from the open to the frame after the last track, so none longer. */
  g_assert_cmpfloat (json_object_get_double_member (e, "wall_max_ms") * 1000, <=,
                     json_object_get_int_member (e, "mono_us")
                     - json_object_get_int_member (find (events, "track-opened"), "mono_us"));
}


int
main (int   argc,
      char *argv[])
{
  int status;
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  gst_init (&argc, &argv);
  tmpdir = g_dir_make_tmp ("ht-test-timing-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);
  timing_path = g_build_filename (tmpdir, "timing.jsonl", NULL);
  g_setenv ("HOMETOWN_TIMING", timing_path, TRUE);
  ht_timing_init ();

  g_test_add_func ("/ui/timing/events", test_events);

  /* The tests run inside the application, as a user's session would. */
  status = ht_test_ui_run_in_application ("io.github.hometownapp.Hometown.TestTiming", &app);

  for (const char **name = (const char *[]) { "timing.jsonl", "beat.wav", "beat.txt", NULL };
       *name != NULL; name++)
    {
      g_autofree char *path = g_build_filename (tmpdir, *name, NULL);
      g_remove (path);
    }
  g_rmdir (tmpdir);
  g_free (timing_path);
  g_free (tmpdir);
  return status;
}
