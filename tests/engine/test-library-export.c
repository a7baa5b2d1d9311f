/* Tests for the library export: CSV, JSON and M3U text against hand-written expectations
 * (commas, quotes and line breaks in tags, a track without predictions, Unicode), the atomic
 * writer (an old file survives a cancelled or failing write), and the async jobs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "ht-atomic-file.h"
#include "ht-library-export.h"
#include "ht-track-list.h"
#include "ht-track-private.h"

static char *tmpdir;

/* Probabilities with sum 1 in powers of two: normalising them changes nothing, so the
 * expected text can be written by hand. */
static HtTrack *
make_track (const char   *path,
            const char   *artist,
            const char   *title,
            double        duration,
            const double *cnn,
            const char   *cnn_reason,
            const double *lyrics,
            const char   *hometown,
            HtRegion      region)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  HtTrack *track = ht_track_new (file);

  if (artist != NULL || title != NULL || duration > 0)
    {
      HtTrackInfo *info = g_new0 (HtTrackInfo, 1);

      info->path = g_strdup (path);
      info->artist = g_strdup (artist);
      info->title = g_strdup (title);
      info->duration = duration;
      _ht_track_take_info (track, info);
    }
  if (cnn != NULL)
    {
      g_autoptr(HtPrediction) p = ht_prediction_new (cnn, NULL);
      _ht_track_set_cnn_prediction (track, p);
    }
  else if (cnn_reason != NULL)
    {
      g_autoptr(HtPrediction) p = ht_prediction_new_unavailable (cnn_reason, NULL, NULL);
      _ht_track_set_cnn_prediction (track, p);
    }
  if (lyrics != NULL)
    {
      g_autoptr(HtPrediction) p = ht_prediction_new (lyrics, NULL);
      _ht_track_set_lyrics_prediction (track, p);
    }
  if (hometown != NULL)
    ht_track_set_hometown (track, hometown, region);
  return track;
}

/* Four tracks: both models agree (East); they disagree (West by sound, South by words, South
 * combined) with quotes, a comma and a line break in the tags; nothing known at all; Unicode,
 * no audio model, Midwest by the words alone, a hometown outside the US. */
static HtTrackList *
make_library (void)
{
  static const double a_cnn[4] = { 0.5, 0.25, 0.125, 0.125 };
  static const double a_lyr[4] = { 0.5, 0.125, 0.25, 0.125 };
  static const double b_cnn[4] = { 0.125, 0.5, 0.25, 0.125 };
  static const double b_lyr[4] = { 0.25, 0.125, 0.5, 0.125 };
  static const double d_lyr[4] = { 0.125, 0.125, 0.25, 0.5 };
  HtTrackList *list = ht_track_list_new ();
  HtTrack *tracks[4];

  tracks[0] = make_track ("/music/a.wav", "Nas", "N.Y. State of Mind", 245.4,
                          a_cnn, NULL, a_lyr, "Queens, NY", HT_REGION_EAST);
  tracks[1] = make_track ("/music/b \"quoted\".wav", "Dr. Dre, Snoop", "Say \"What\"\nPart 2", 0,
                          b_cnn, NULL, b_lyr, "Compton, CA", HT_REGION_WEST);
  tracks[2] = make_track ("/music/c.wav", NULL, NULL, 0, NULL, NULL, NULL, NULL, 0);
  tracks[3] = make_track ("/música/d.flac", "Beyoncé", "Café ☕ 東京", 200.6,
                          NULL, "No audio model trained yet", d_lyr, "Toronto, CA",
                          HT_REGION_OTHER);
  g_assert_cmpuint (ht_track_list_append (list, tracks, 4), ==, 4);
  for (guint i = 0; i < 4; i++)
    g_object_unref (tracks[i]);
  return list;
}

static const char expected_csv[] =
  "path,artist,title,hometown,hometown_region,"
  "cnn_top,cnn_east,cnn_west,cnn_south,cnn_midwest,"
  "lyrics_top,lyrics_east,lyrics_west,lyrics_south,lyrics_midwest,combined_top,agree\r\n"
  "/music/a.wav,Nas,N.Y. State of Mind,\"Queens, NY\",East,"
  "East,0.5000,0.2500,0.1250,0.1250,East,0.5000,0.1250,0.2500,0.1250,East,true\r\n"
  "\"/music/b \"\"quoted\"\".wav\",\"Dr. Dre, Snoop\",\"Say \"\"What\"\"\nPart 2\","
  "\"Compton, CA\",West,"
  "West,0.1250,0.5000,0.2500,0.1250,South,0.2500,0.1250,0.5000,0.1250,South,false\r\n"
  "/music/c.wav,,c.wav,,,,,,,,,,,,,,\r\n"
  "/música/d.flac,Beyoncé,Café ☕ 東京,\"Toronto, CA\",Other,"
  ",,,,,Midwest,0.1250,0.1250,0.2500,0.5000,Midwest,\r\n";

static const char expected_json[] =
  "[\n"
  "  {\n"
  "    \"path\" : \"/music/a.wav\",\n"
  "    \"artist\" : \"Nas\",\n"
  "    \"title\" : \"N.Y. State of Mind\",\n"
  "    \"hometown\" : \"Queens, NY\",\n"
  "    \"hometown_region\" : \"East\",\n"
  "    \"cnn_top\" : \"East\",\n"
  "    \"cnn_east\" : 0.5,\n"
  "    \"cnn_west\" : 0.25,\n"
  "    \"cnn_south\" : 0.125,\n"
  "    \"cnn_midwest\" : 0.125,\n"
  "    \"cnn_reason\" : null,\n"
  "    \"lyrics_top\" : \"East\",\n"
  "    \"lyrics_east\" : 0.5,\n"
  "    \"lyrics_west\" : 0.125,\n"
  "    \"lyrics_south\" : 0.25,\n"
  "    \"lyrics_midwest\" : 0.125,\n"
  "    \"lyrics_reason\" : null,\n"
  "    \"combined_top\" : \"East\",\n"
  "    \"agree\" : true\n"
  "  },\n"
  "  {\n"
  "    \"path\" : \"/music/b \\\"quoted\\\".wav\",\n"
  "    \"artist\" : \"Dr. Dre, Snoop\",\n"
  "    \"title\" : \"Say \\\"What\\\"\\nPart 2\",\n"
  "    \"hometown\" : \"Compton, CA\",\n"
  "    \"hometown_region\" : \"West\",\n"
  "    \"cnn_top\" : \"West\",\n"
  "    \"cnn_east\" : 0.125,\n"
  "    \"cnn_west\" : 0.5,\n"
  "    \"cnn_south\" : 0.25,\n"
  "    \"cnn_midwest\" : 0.125,\n"
  "    \"cnn_reason\" : null,\n"
  "    \"lyrics_top\" : \"South\",\n"
  "    \"lyrics_east\" : 0.25,\n"
  "    \"lyrics_west\" : 0.125,\n"
  "    \"lyrics_south\" : 0.5,\n"
  "    \"lyrics_midwest\" : 0.125,\n"
  "    \"lyrics_reason\" : null,\n"
  "    \"combined_top\" : \"South\",\n"
  "    \"agree\" : false\n"
  "  },\n"
  "  {\n"
  "    \"path\" : \"/music/c.wav\",\n"
  "    \"artist\" : null,\n"
  "    \"title\" : \"c.wav\",\n"
  "    \"hometown\" : null,\n"
  "    \"hometown_region\" : null,\n"
  "    \"cnn_top\" : null,\n"
  "    \"cnn_east\" : null,\n"
  "    \"cnn_west\" : null,\n"
  "    \"cnn_south\" : null,\n"
  "    \"cnn_midwest\" : null,\n"
  "    \"cnn_reason\" : null,\n"
  "    \"lyrics_top\" : null,\n"
  "    \"lyrics_east\" : null,\n"
  "    \"lyrics_west\" : null,\n"
  "    \"lyrics_south\" : null,\n"
  "    \"lyrics_midwest\" : null,\n"
  "    \"lyrics_reason\" : null,\n"
  "    \"combined_top\" : null,\n"
  "    \"agree\" : null\n"
  "  },\n"
  "  {\n"
  "    \"path\" : \"/música/d.flac\",\n"
  "    \"artist\" : \"Beyoncé\",\n"
  "    \"title\" : \"Café ☕ 東京\",\n"
  "    \"hometown\" : \"Toronto, CA\",\n"
  "    \"hometown_region\" : \"Other\",\n"
  "    \"cnn_top\" : null,\n"
  "    \"cnn_east\" : null,\n"
  "    \"cnn_west\" : null,\n"
  "    \"cnn_south\" : null,\n"
  "    \"cnn_midwest\" : null,\n"
  "    \"cnn_reason\" : \"No audio model trained yet\",\n"
  "    \"lyrics_top\" : \"Midwest\",\n"
  "    \"lyrics_east\" : 0.125,\n"
  "    \"lyrics_west\" : 0.125,\n"
  "    \"lyrics_south\" : 0.25,\n"
  "    \"lyrics_midwest\" : 0.5,\n"
  "    \"lyrics_reason\" : null,\n"
  "    \"combined_top\" : \"Midwest\",\n"
  "    \"agree\" : null\n"
  "  }\n"
  "]\n";

static const char expected_east[] =
  "#EXTM3U\n"
  "#EXTINF:245,Nas - N.Y. State of Mind\n"
  "/music/a.wav\n";
/* The line break in the title would end the #EXTINF line: it becomes a space. */
static const char expected_south[] =
  "#EXTM3U\n"
  "#EXTINF:-1,Dr. Dre, Snoop - Say \"What\" Part 2\n"
  "/music/b \"quoted\".wav\n";
static const char expected_midwest[] =
  "#EXTM3U\n"
  "#EXTINF:201,Beyoncé - Café ☕ 東京\n"
  "/música/d.flac\n";

static void
test_csv (void)
{
  g_autoptr(HtTrackList) list = make_library ();
  g_autofree char *csv = ht_library_export_csv (G_LIST_MODEL (list));
  g_autoptr(HtTrackList) empty = ht_track_list_new ();
  g_autofree char *header = ht_library_export_csv (G_LIST_MODEL (empty));

  g_assert_cmpstr (csv, ==, expected_csv);
  /* An empty library is the header alone. */
  g_assert_true (g_str_has_prefix (expected_csv, header));
  g_assert_cmpuint (strlen (header), ==, strchr (expected_csv, '\n') + 1 - expected_csv);
}

static void
test_json (void)
{
  g_autoptr(HtTrackList) list = make_library ();
  g_autofree char *json = ht_library_export_json (G_LIST_MODEL (list));
  g_autoptr(HtTrackList) empty = ht_track_list_new ();
  g_autofree char *none = ht_library_export_json (G_LIST_MODEL (empty));

  g_assert_cmpstr (json, ==, expected_json);
  g_assert_cmpstr (none, ==, "[]\n");
}

/* A probability that is not a short binary fraction comes out with its four decimals. */
static void
test_rounding (void)
{
  const double p[4] = { 0.64, 0.12, 0.09, 0.15 };   /* sum 1 */
  g_autoptr(HtTrack) track = make_track ("/music/r.wav", NULL, "R", 1, p, NULL, NULL, NULL, 0);
  g_autoptr(HtTrackList) list = ht_track_list_new ();
  g_autofree char *csv = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *row;

  ht_track_list_append (list, &track, 1);
  csv = ht_library_export_csv (G_LIST_MODEL (list));
  g_assert_nonnull (strstr (csv, ",East,0.6400,0.1200,0.0900,0.1500,,,,,,East,\r\n"));
  json = ht_library_export_json (G_LIST_MODEL (list));
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  row = json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (row, "cnn_east"), 0.64, 1e-12);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (row, "cnn_south"), 0.09, 1e-12);
  g_assert_true (json_object_get_null_member (row, "lyrics_east"));
}

static void
test_m3u (void)
{
  g_autoptr(HtTrackList) list = make_library ();
  g_autofree char *east = ht_library_export_m3u (G_LIST_MODEL (list), HT_REGION_EAST);
  g_autofree char *west = ht_library_export_m3u (G_LIST_MODEL (list), HT_REGION_WEST);
  g_autofree char *south = ht_library_export_m3u (G_LIST_MODEL (list), HT_REGION_SOUTH);
  g_autofree char *midwest = ht_library_export_m3u (G_LIST_MODEL (list), HT_REGION_MIDWEST);
  g_autofree char *name = ht_library_playlist_name (HT_REGION_MIDWEST);

  g_assert_cmpstr (east, ==, expected_east);
  g_assert_null (west);   /* the West-sounding track's words pulled it South */
  g_assert_cmpstr (south, ==, expected_south);
  g_assert_cmpstr (midwest, ==, expected_midwest);
  g_assert_cmpstr (name, ==, "Hometown - Midwest.m3u");
}

static void
test_format_for_file (void)
{
  g_autoptr(GFile) a = g_file_new_for_path ("/tmp/results.JSON");
  g_autoptr(GFile) b = g_file_new_for_path ("/tmp/results.csv");
  g_autoptr(GFile) c = g_file_new_for_path ("/tmp/results");

  g_assert_cmpint (ht_library_format_for_file (a), ==, HT_LIBRARY_FORMAT_JSON);
  g_assert_cmpint (ht_library_format_for_file (b), ==, HT_LIBRARY_FORMAT_CSV);
  g_assert_cmpint (ht_library_format_for_file (c), ==, HT_LIBRARY_FORMAT_CSV);
}

/* ---- writing -------------------------------------------------------------------------------- */

static char *
fresh_dir (const char *name)
{
  char *dir = g_build_filename (tmpdir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  return dir;
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
assert_contents (const char *path,
                 const char *expected)
{
  g_autofree char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, expected);
}

static void
test_write_replaces (void)
{
  g_autofree char *dir = fresh_dir ("replace");
  g_autofree char *path = g_build_filename (dir, "out.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (ht_atomic_file_write (file, "first\n", 6, NULL, &error));
  g_assert_no_error (error);
  assert_contents (path, "first\n");
  g_assert_true (ht_atomic_file_write (file, "second, longer\n", 15, NULL, &error));
  g_assert_no_error (error);
  assert_contents (path, "second, longer\n");
  g_assert_cmpuint (count_entries (dir), ==, 1);   /* no temporary file left */
}

static void
test_write_cancelled (void)
{
  g_autofree char *dir = fresh_dir ("cancelled");
  g_autofree char *path = g_build_filename (dir, "out.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "old\n", -1, NULL));
  g_cancellable_cancel (cancellable);
  g_assert_false (ht_atomic_file_write (file, "new\n", 4, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_contents (path, "old\n");
  g_assert_cmpuint (count_entries (dir), ==, 1);
}

/* A write that fails half-way (the file-size limit stops it after 64 bytes, even for root):
 * the old file stays whole, the temporary file goes, and the error names the file. */
static void
test_write_fails_midway (void)
{
  g_autofree char *dir = fresh_dir ("midway");
  g_autofree char *path = g_build_filename (dir, "out.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *big = g_strnfill (4096, 'x');
  struct rlimit old_limit, limit;
  void (*old_handler) (int);
  gboolean ok;

  g_assert_true (g_file_set_contents (path, "old\n", -1, NULL));
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);
  limit = old_limit;
  limit.rlim_cur = 64;
  old_handler = signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  ok = ht_atomic_file_write (file, big, 4096, NULL, &error);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);
  signal (SIGXFSZ, old_handler);

  g_assert_false (ok);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  assert_contents (path, "old\n");
  g_assert_cmpuint (count_entries (dir), ==, 1);
}

static void
test_write_bad_folder (void)
{
  g_autofree char *dir = fresh_dir ("readonly");
  g_autofree char *missing = g_build_filename (tmpdir, "no such folder", "out.csv", NULL);
  g_autofree char *path = g_build_filename (dir, "out.csv", NULL);
  g_autoptr(GFile) missing_file = g_file_new_for_path (missing);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_false (ht_atomic_file_write (missing_file, "x", 1, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  /* A read-only folder; root writes there anyway, so that case is only checked for others. */
  g_assert_true (g_file_set_contents (path, "old\n", -1, NULL));
  g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
  if (access (dir, W_OK) == 0)
    g_test_message ("read-only folder case skipped: this user writes there regardless");
  else
    {
      g_assert_false (ht_atomic_file_write (file, "new\n", 4, NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
      g_assert_nonnull (strstr (error->message, path));
      assert_contents (path, "old\n");
    }
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
}

/* ---- jobs ----------------------------------------------------------------------------------- */

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
test_export_results_async (void)
{
  g_autoptr(HtTrackList) list = make_library ();
  g_autofree char *dir = fresh_dir ("results");
  g_autofree char *csv_path = g_build_filename (dir, "library.csv", NULL);
  g_autofree char *json_path = g_build_filename (dir, "library.json", NULL);
  g_autoptr(GFile) csv = g_file_new_for_path (csv_path);
  g_autoptr(GFile) json = g_file_new_for_path (json_path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  ht_library_export_results_async (G_LIST_MODEL (list), csv, ht_library_format_for_file (csv),
                                   NULL, on_done_cb, &result);
  g_assert_true (ht_library_export_results_finish (wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  assert_contents (csv_path, expected_csv);

  ht_library_export_results_async (G_LIST_MODEL (list), json, ht_library_format_for_file (json),
                                   NULL, on_done_cb, &result);
  g_assert_true (ht_library_export_results_finish (wait_result (&result), &error));
  g_clear_object (&result);
  assert_contents (json_path, expected_json);

  /* Cancelled before the thread starts: the old file is kept. */
  g_cancellable_cancel (cancellable);
  ht_library_export_results_async (G_LIST_MODEL (list), csv, HT_LIBRARY_FORMAT_JSON,
                                   cancellable, on_done_cb, &result);
  g_assert_false (ht_library_export_results_finish (wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_object (&result);
  assert_contents (csv_path, expected_csv);
  g_assert_cmpuint (count_entries (dir), ==, 2);
}

static void
test_export_playlists_async (void)
{
  g_autoptr(HtTrackList) list = make_library ();
  g_autofree char *dir = fresh_dir ("playlists");
  g_autofree char *other = g_build_filename (dir, "mine.m3u", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  guint n = 0;
  struct { const char *name; const char *text; } expected[] = {
    { "Hometown - East.m3u", expected_east },
    { "Hometown - South.m3u", expected_south },
    { "Hometown - Midwest.m3u", expected_midwest },
  };

  g_assert_true (g_file_set_contents (other, "#EXTM3U\n", -1, NULL));
  ht_library_export_playlists_async (G_LIST_MODEL (list), folder, NULL, on_done_cb, &result);
  g_assert_true (ht_library_export_playlists_finish (wait_result (&result), &n, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpuint (n, ==, 3);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *path = g_build_filename (dir, expected[i].name, NULL);
      assert_contents (path, expected[i].text);
    }
  assert_contents (other, "#EXTM3U\n");
  g_assert_cmpuint (count_entries (dir), ==, 4);   /* no West playlist, no temporary files */

  /* Into a folder that is not there: the error names the playlist. */
  {
    g_autofree char *gone = g_build_filename (tmpdir, "gone", NULL);
    g_autoptr(GFile) gone_folder = g_file_new_for_path (gone);

    ht_library_export_playlists_async (G_LIST_MODEL (list), gone_folder, NULL, on_done_cb,
                                       &result);
    g_assert_false (ht_library_export_playlists_finish (wait_result (&result), &n, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "Hometown - East.m3u"));
    g_clear_object (&result);
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("ht-library-export-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);

  g_test_add_func ("/engine/library-export/csv", test_csv);
  g_test_add_func ("/engine/library-export/json", test_json);
  g_test_add_func ("/engine/library-export/rounding", test_rounding);
  g_test_add_func ("/engine/library-export/m3u", test_m3u);
  g_test_add_func ("/engine/library-export/format-for-file", test_format_for_file);
  g_test_add_func ("/engine/library-export/write-replaces", test_write_replaces);
  g_test_add_func ("/engine/library-export/write-cancelled", test_write_cancelled);
  g_test_add_func ("/engine/library-export/write-fails-midway", test_write_fails_midway);
  g_test_add_func ("/engine/library-export/write-bad-folder", test_write_bad_folder);
  g_test_add_func ("/engine/library-export/results-async", test_export_results_async);
  g_test_add_func ("/engine/library-export/playlists-async", test_export_playlists_async);
  status = g_test_run ();

  {
    /* A small tree, two levels deep. */
    const char *subs[] = { "replace", "cancelled", "midway", "readonly", "results", "playlists" };

    for (guint i = 0; i < G_N_ELEMENTS (subs); i++)
      {
        g_autofree char *sub = g_build_filename (tmpdir, subs[i], NULL);
        g_autoptr(GDir) d = g_dir_open (sub, 0, NULL);
        const char *name;

        while (d != NULL && (name = g_dir_read_name (d)) != NULL)
          {
            g_autofree char *path = g_build_filename (sub, name, NULL);
            g_unlink (path);
          }
        g_rmdir (sub);
      }
    g_rmdir (tmpdir);
  }
  g_free (tmpdir);
  return status;
}
