/* Tests for `hometown-cli artist` and `hometown-cli map`: output, exit codes and messages for
 * good and bad input, corrections through the command line (in a private XDG_DATA_HOME). */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include "ht-test-cli.h"

static char *data_home;

static void
test_artist (void)
{
  g_autofree char *huge = g_strnfill (10000, 'q');

  {
    g_auto(HtTestRun) r = { 0 };
    ht_test_cli_run (&r, "artist", "OutKast", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "East Point, GA"));
    g_assert_nonnull (strstr (r.out, "South"));
    g_assert_nonnull (strstr (r.out, "exact name"));
  }
  {
    g_auto(HtTestRun) r = { 0 };
    ht_test_cli_run (&r, "artist", "Biggie", "Smalls", NULL);   /* words joined */
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "The Notorious B.I.G."));
    g_assert_nonnull (strstr (r.out, "alias"));
  }
  {
    g_auto(HtTestRun) r = { 0 };
    ht_test_cli_run (&r, "artist", "Definitely Not A Rapper", NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "no hometown known for “Definitely Not A Rapper”"));
  }
  {
    g_auto(HtTestRun) r = { 0 };
    ht_test_cli_run (&r, "artist", "  ", NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "at least one letter"));
  }
  {
    g_auto(HtTestRun) r = { 0 };
    ht_test_cli_run (&r, "artist", huge, NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "too long"));
  }
  {
    g_auto(HtTestRun) r = { 0 };
    ht_test_cli_run (&r, "artist", NULL);
    g_assert_cmpint (r.status, ==, 2);
  }
}

static void
test_artist_corrections (void)
{
  g_autofree char *file = g_build_filename (data_home, "hometown", "origins-corrections.json", NULL);

  {
    g_auto(HtTestRun) r = { 0 };
    ht_test_cli_run (&r, "artist", "--set-hometown", "Memphis, TN", "Drake", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "Memphis, TN, US"));
    g_assert_nonnull (strstr (r.out, "your correction"));
    g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));
  }
  {
    g_auto(HtTestRun) r = { 0 };
    ht_test_cli_run (&r, "artist", "Drizzy", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "Memphis"));
  }
  {
    g_auto(HtTestRun) r = { 0 };
    ht_test_cli_run (&r, "artist", "--set-hometown", "Atlantis", "Drake", NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "“Atlantis”"));
  }
  {
    g_auto(HtTestRun) r = { 0 };
    ht_test_cli_run (&r, "artist", "--forget", "Drake", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "Toronto"));
  }
  {
    g_auto(HtTestRun) r = { 0 };
    ht_test_cli_run (&r, "artist", "--forget", "Drake", NULL);
    g_assert_cmpint (r.status, ==, 1);
  }
  /* A damaged corrections file: a warning naming it, and the shipped table still answers. */
  g_assert_true (g_file_set_contents (file, "{\"format\": oops", -1, NULL));
  {
    g_auto(HtTestRun) r = { 0 };
    ht_test_cli_run (&r, "artist", "Nas", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.err, "origins-corrections.json"));
    g_assert_nonnull (strstr (r.out, "Brooklyn"));
  }
  g_unlink (file);
}

static void
check_png (const char *path)
{
  g_autofree char *data = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_assert_cmpuint (len, >, 1000);
  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);
}

static void
test_map (void)
{
  g_autofree char *png = g_build_filename (data_home, "map.png", NULL);
  g_autofree char *results = g_build_filename (data_home, "results.json", NULL);

  {
    g_auto(HtTestRun) r = { 0 };
    ht_test_cli_run (&r, "map", "--artist", "OutKast feat. Killer Mike", "--prediction",
         "East=0.1,West=0.2,South=0.6,Midwest=0.1", "--featured", "JAY-Z, Tyler, The Creator",
         "-o", png, "--width", "600", "--height", "400", NULL);
    g_assert_cmpint (r.status, ==, 0);
    check_png (png);
    g_unlink (png);
  }
  {
    g_auto(HtTestRun) r = { 0 };
    ht_test_cli_run (&r, "map", "--artist", "Unknown Artist 123", "-o", png, NULL);
    g_assert_cmpint (r.status, ==, 0);   /* the map says "hometown unknown" */
    g_assert_nonnull (strstr (r.err, "no hometown known"));
    check_png (png);
    g_unlink (png);
  }
  {
    g_auto(HtTestRun) r = { 0 };
    ht_test_cli_run (&r, "map", "--artist", "OutKast", "--prediction", "North=1", "-o", png, NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "North=1"));
  }
  {
    g_auto(HtTestRun) r = { 0 };
    ht_test_cli_run (&r, "map", "--artist", "OutKast", "--prediction", "South=-1", "-o", png, NULL);
    g_assert_cmpint (r.status, ==, 2);
  }
  {
    g_auto(HtTestRun) r = { 0 };
    ht_test_cli_run (&r, "map", "--artist", "OutKast", NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "-o"));
  }
  {
    g_auto(HtTestRun) r = { 0 };
    ht_test_cli_run (&r, "map", "--artist", "OutKast", "--width", "5", "-o", png, NULL);
    g_assert_cmpint (r.status, ==, 2);
  }

  g_assert_true (g_file_set_contents (results,
    "[{\"artist\": \"Nas\", \"title\": \"N.Y. State of Mind\", \"prediction\": {\"East\": 0.9, \"South\": 0.1}},"
    " {\"artist\": \"UGK\", \"prediction\": {\"East\": 0.2, \"West\": 0.1, \"South\": 0.6, \"Midwest\": 0.1}},"
    " {\"artist\": \"Nobody Known\", \"prediction\": {\"Midwest\": 1}}]", -1, NULL));
  {
    g_auto(HtTestRun) r = { 0 };
    ht_test_cli_run (&r, "map", "--results", results, "-o", png, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.err, "1 track is by an artist of unknown hometown"));
    check_png (png);
    g_unlink (png);
  }
  /* classify's shape: per-model objects, failed files as {"file", "error"}. */
  g_assert_true (g_file_set_contents (results,
    "[{\"file\": \"a.mp3\", \"artist\": \"Nas\", \"audio\": {\"East\": 0.7, \"West\": 0.1, "
    "\"South\": 0.1, \"Midwest\": 0.1, \"prediction\": \"East\", \"timeline\": []}},"
    " {\"file\": \"b.mp3\", \"error\": \"not audio\"}]", -1, NULL));
  {
    g_auto(HtTestRun) r = { 0 };
    ht_test_cli_run (&r, "map", "--results", results, "-o", png, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.err, "1 result is an error"));
    check_png (png);
    g_unlink (png);
  }
  {
    static const char *const bad[] = {
      "[{\"artist\": \"Nas\"}]",
      "[{\"artist\": \"Nas\", \"prediction\": {\"East\": -2}}]",
      "[{\"artist\": \"Nas\", \"prediction\": {\"North\": 1}}]",
      "[{\"title\": \"x\", \"prediction\": {\"East\": 1}}]",
      "{\"tracks\": 5}",
      "[]",
      "[{\"artist\": \"Nas\", \"prediction\": {\"East\": 1",
    };
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_auto(HtTestRun) r = { 0 };
        g_assert_true (g_file_set_contents (results, bad[i], -1, NULL));
        ht_test_cli_run (&r, "map", "--results", results, "-o", png, NULL);
        g_assert_cmpint (r.status, ==, 1);
        g_assert_nonnull (strstr (r.err, "results.json"));
        g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
      }
  }
  g_unlink (results);
}

int
main (int argc, char *argv[])
{
  int ret;
  g_autofree char *dir = NULL;

  g_test_init (&argc, &argv, NULL);
  data_home = g_dir_make_tmp ("ht-cli-XXXXXX", NULL);
  /* The CLI the tests run keeps its corrections here, not in the build tree's data home. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_add_func ("/cli/artist", test_artist);
  g_test_add_func ("/cli/artist-corrections", test_artist_corrections);
  g_test_add_func ("/cli/map", test_map);
  ret = g_test_run ();
  dir = g_build_filename (data_home, "hometown", NULL);
  g_rmdir (dir);
  g_rmdir (data_home);
  g_free (data_home);
  return ret;
}
