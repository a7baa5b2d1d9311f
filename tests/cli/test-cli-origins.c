/* Tests for `hometown-cli artist` and `hometown-cli map`: output, exit codes and messages for
 * good and bad input, corrections through the command line (in a private XDG_DATA_HOME). */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

static char *data_home;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *r)
{
  g_free (r->out);
  g_free (r->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run (Run *r,
     ...)
{
  const char *cli = g_getenv ("HOMETOWN_CLI");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "XDG_DATA_HOME", data_home, TRUE);
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list ap;
  int wait_status;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *) cli);
  va_start (ap, r);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL,
                               &r->out, &r->err, &wait_status, &error));
  g_assert_no_error (error);
  r->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : 128 + WTERMSIG (wait_status);
  g_test_message ("exit %d\nstdout: %s\nstderr: %s", r->status, r->out, r->err);
}

static void
test_artist (void)
{
  g_autofree char *huge = g_strnfill (10000, 'q');

  {
    g_auto(Run) r = { 0 };
    run (&r, "artist", "OutKast", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "East Point, GA"));
    g_assert_nonnull (strstr (r.out, "South"));
    g_assert_nonnull (strstr (r.out, "exact name"));
  }
  {
    g_auto(Run) r = { 0 };
    run (&r, "artist", "Biggie", "Smalls", NULL);   /* words joined */
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "The Notorious B.I.G."));
    g_assert_nonnull (strstr (r.out, "alias"));
  }
  {
    g_auto(Run) r = { 0 };
    run (&r, "artist", "Definitely Not A Rapper", NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "no hometown known for “Definitely Not A Rapper”"));
  }
  {
    g_auto(Run) r = { 0 };
    run (&r, "artist", "  ", NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "at least one letter"));
  }
  {
    g_auto(Run) r = { 0 };
    run (&r, "artist", huge, NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "too long"));
  }
  {
    g_auto(Run) r = { 0 };
    run (&r, "artist", NULL);
    g_assert_cmpint (r.status, ==, 2);
  }
}

static void
test_artist_corrections (void)
{
  g_autofree char *file = g_build_filename (data_home, "hometown", "origins-corrections.json", NULL);

  {
    g_auto(Run) r = { 0 };
    run (&r, "artist", "--set-hometown", "Memphis, TN", "Drake", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "Memphis, TN, US"));
    g_assert_nonnull (strstr (r.out, "your correction"));
    g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));
  }
  {
    g_auto(Run) r = { 0 };
    run (&r, "artist", "Drizzy", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "Memphis"));
  }
  {
    g_auto(Run) r = { 0 };
    run (&r, "artist", "--set-hometown", "Atlantis", "Drake", NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "“Atlantis”"));
  }
  {
    g_auto(Run) r = { 0 };
    run (&r, "artist", "--forget", "Drake", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "Toronto"));
  }
  {
    g_auto(Run) r = { 0 };
    run (&r, "artist", "--forget", "Drake", NULL);
    g_assert_cmpint (r.status, ==, 1);
  }
  /* A damaged corrections file: a warning naming it, and the shipped table still answers. */
  g_assert_true (g_file_set_contents (file, "{\"format\": oops", -1, NULL));
  {
    g_auto(Run) r = { 0 };
    run (&r, "artist", "Nas", NULL);
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
    g_auto(Run) r = { 0 };
    run (&r, "map", "--artist", "OutKast feat. Killer Mike", "--prediction",
         "East=0.1,West=0.2,South=0.6,Midwest=0.1", "--featured", "JAY-Z, Tyler, The Creator",
         "-o", png, "--width", "600", "--height", "400", NULL);
    g_assert_cmpint (r.status, ==, 0);
    check_png (png);
    g_unlink (png);
  }
  {
    g_auto(Run) r = { 0 };
    run (&r, "map", "--artist", "Unknown Artist 123", "-o", png, NULL);
    g_assert_cmpint (r.status, ==, 0);   /* the map says "hometown unknown" */
    g_assert_nonnull (strstr (r.err, "no hometown known"));
    check_png (png);
    g_unlink (png);
  }
  {
    g_auto(Run) r = { 0 };
    run (&r, "map", "--artist", "OutKast", "--prediction", "North=1", "-o", png, NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "North=1"));
  }
  {
    g_auto(Run) r = { 0 };
    run (&r, "map", "--artist", "OutKast", "--prediction", "South=-1", "-o", png, NULL);
    g_assert_cmpint (r.status, ==, 2);
  }
  {
    g_auto(Run) r = { 0 };
    run (&r, "map", "--artist", "OutKast", NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "-o"));
  }
  {
    g_auto(Run) r = { 0 };
    run (&r, "map", "--artist", "OutKast", "--width", "5", "-o", png, NULL);
    g_assert_cmpint (r.status, ==, 2);
  }

  g_assert_true (g_file_set_contents (results,
    "[{\"artist\": \"Nas\", \"title\": \"N.Y. State of Mind\", \"prediction\": {\"East\": 0.9, \"South\": 0.1}},"
    " {\"artist\": \"UGK\", \"prediction\": {\"East\": 0.2, \"West\": 0.1, \"South\": 0.6, \"Midwest\": 0.1}},"
    " {\"artist\": \"Nobody Known\", \"prediction\": {\"Midwest\": 1}}]", -1, NULL));
  {
    g_auto(Run) r = { 0 };
    run (&r, "map", "--results", results, "-o", png, NULL);
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
    g_auto(Run) r = { 0 };
    run (&r, "map", "--results", results, "-o", png, NULL);
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
        g_auto(Run) r = { 0 };
        g_assert_true (g_file_set_contents (results, bad[i], -1, NULL));
        run (&r, "map", "--results", results, "-o", png, NULL);
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
