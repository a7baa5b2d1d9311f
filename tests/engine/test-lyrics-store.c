/* Tests for HtLyricsStore: what is saved comes back byte for byte, tracks never share an
 * entry, a failed save keeps the previous lyrics, damaged entries give a clear error, and
 * revert forgets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#include "ht-error.h"
#include "ht-lyrics-store.h"
#include "../ht-test-util.h"

static char *tmpdir;

static HtLyricsStore *
new_store (const char *name)
{
  g_autofree char *dir = g_build_filename (tmpdir, name, NULL);

  return ht_lyrics_store_new (dir);
}

static char *
read_file (const char *path)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
test_round_trip (void)
{
  g_autoptr(HtLyricsStore) store = new_store ("round-trip");
  const char *uri = "file:///music/A%20Tribe/caf%C3%A9.flac";
  /* My own words. Unicode of several widths, CRLF and a lone CR kept as typed, an empty text
   * (the user says there are none), and a text with no final newline. */
  const char *texts[] = {
    "Line one\nLine two\n",
    "Caf\xc3\xa9 con le\xc3\xb1" "a \xe2\x80\x93 \xe6\x9d\xb1\xe4\xba\xac \xf0\x9f\x8e\xa4\n",
    "first\r\nsecond\r\nthird\rfourth",
    "",
    "\n\n  spaces kept  \n",
  };

  g_assert_null (ht_lyrics_store_load (store, uri, NULL, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *back = NULL;
      g_autofree char *path = ht_lyrics_store_get_path (store, uri);
      g_autofree char *raw = NULL;
      g_autofree char *expected = g_strconcat (uri, "\n", texts[i], NULL);

      g_assert_true (ht_lyrics_store_save (store, uri, texts[i], NULL, &error));
      g_assert_no_error (error);
      back = ht_lyrics_store_load (store, uri, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (back, ==, texts[i]);
      /* The file format: the URI on the first line, then the text unchanged. */
      raw = read_file (path);
      g_assert_cmpstr (raw, ==, expected);
    }
  /* No temporary files are left beside the entry. */
  g_assert_cmpuint (count_files (ht_lyrics_store_get_directory (store)), ==, 1);
}

static void
test_no_collision (void)
{
  g_autoptr(HtLyricsStore) store = new_store ("collide");
  const char *a = "file:///music/track.mp3";
  const char *b = "file:///music/track.mp3.bak";
  g_autofree char *path_a = ht_lyrics_store_get_path (store, a);
  g_autofree char *path_b = ht_lyrics_store_get_path (store, b);
  g_autofree char *back_a = NULL;
  g_autofree char *back_b = NULL;
  g_autofree char *base = NULL;

  g_assert_cmpstr (path_a, !=, path_b);
  /* Named by the SHA-256 of the URI (from `printf %s URI | sha256sum`). */
  base = g_path_get_basename (path_a);
  g_assert_cmpstr (base, ==,
                   "21f239de40605699b73bb8928bb1544628455e403a9f6357afc0cf9f358e6a65.txt");

  g_assert_true (ht_lyrics_store_save (store, a, "words of a\n", NULL, NULL));
  g_assert_true (ht_lyrics_store_save (store, b, "words of b\n", NULL, NULL));
  back_a = ht_lyrics_store_load (store, a, NULL, NULL);
  back_b = ht_lyrics_store_load (store, b, NULL, NULL);
  g_assert_cmpstr (back_a, ==, "words of a\n");
  g_assert_cmpstr (back_b, ==, "words of b\n");
  g_assert_cmpuint (count_files (ht_lyrics_store_get_directory (store)), ==, 2);
}

static void
test_failed_save_keeps_previous (void)
{
  g_autoptr(HtLyricsStore) store = new_store ("failing");
  const char *uri = "file:///music/keep.ogg";
  g_autofree char *path = ht_lyrics_store_get_path (store, uri);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *back = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) big = g_string_new (NULL);
  struct rlimit old_limit, limit;
  gboolean ok;

  g_assert_true (ht_lyrics_store_save (store, uri, "the first version\n", NULL, NULL));
  before = read_file (path);

  /* A real write failure: files may not grow past 4 KiB while the longer text is saved, so the
   * temporary file's write fails with EFBIG half-way. */
  while (big->len < 64 * 1024)
    g_string_append (big, "a much longer second version of the words\n");
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);
  limit = old_limit;
  limit.rlim_cur = 4096;
  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  ok = ht_lyrics_store_save (store, uri, big->str, NULL, &error);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);
  signal (SIGXFSZ, SIG_DFL);

  g_assert_false (ok);
  g_assert_error (error, HT_ERROR, HT_ERROR_FAILED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  after = read_file (path);
  g_assert_cmpstr (after, ==, before);
  back = ht_lyrics_store_load (store, uri, NULL, NULL);
  g_assert_cmpstr (back, ==, "the first version\n");
  /* The half-written temporary file was cleaned up. */
  g_assert_cmpuint (count_files (ht_lyrics_store_get_directory (store)), ==, 1);

  /* Text that cannot be stored is refused before anything is written. */
  g_clear_error (&error);
  g_assert_false (ht_lyrics_store_save (store, uri, "bad \xff byte", NULL, &error));
  g_assert_error (error, HT_ERROR, HT_ERROR_INVALID_ARGUMENT);
  g_clear_pointer (&after, g_free);
  after = read_file (path);
  g_assert_cmpstr (after, ==, before);
}

static void
test_damaged (void)
{
  g_autoptr(HtLyricsStore) store = new_store ("damaged");
  const char *uri = "file:///music/damaged.wav";
  g_autofree char *path = ht_lyrics_store_get_path (store, uri);
  g_autofree char *huge = NULL;
  const struct { const char *contents; gssize len; const char *why; } cases[] = {
    { "no line break at all", -1, "first line" },
    { "file:///music/other.wav\nsomebody else's words\n", -1, "first line" },
    { "", 0, "first line" },
    { "file:///music/damaged.wav\nbad \xff\xfe bytes\n", -1, "UTF-8" },
    { "file:///music/damaged.wav\nnul\0inside\n", 36, "UTF-8" },
  };

  g_assert_cmpint (g_mkdir_with_parents (ht_lyrics_store_get_directory (store), 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      char *text;

      g_assert_true (g_file_set_contents (path, cases[i].contents, cases[i].len, NULL));
      text = ht_lyrics_store_load (store, uri, NULL, &error);
      g_assert_null (text);
      g_assert_error (error, HT_ERROR, HT_ERROR_CORRUPT);
      g_test_message ("case %u: %s", i, error->message);
      g_assert_nonnull (strstr (error->message, path));
      g_assert_nonnull (strstr (error->message, cases[i].why));
    }

  /* Too large to be lyrics. */
  huge = g_strnfill (HT_LYRICS_STORE_MAX_BYTES + 4096, 'x');
  g_assert_true (g_file_set_contents (path, huge, -1, NULL));
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (ht_lyrics_store_load (store, uri, NULL, &error));
    g_assert_error (error, HT_ERROR, HT_ERROR_CORRUPT);
    g_assert_nonnull (strstr (error->message, "1 MiB"));
  }

  /* A folder where the file should be. */
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (ht_lyrics_store_load (store, uri, NULL, &error));
    g_assert_error (error, HT_ERROR, HT_ERROR_CORRUPT);
  }
  g_assert_cmpint (g_rmdir (path), ==, 0);

  /* Saving again repairs the entry. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *back = NULL;

    g_assert_true (g_file_set_contents (path, "garbage", -1, NULL));
    g_assert_true (ht_lyrics_store_save (store, uri, "fixed\n", NULL, &error));
    g_assert_no_error (error);
    back = ht_lyrics_store_load (store, uri, NULL, &error);
    g_assert_cmpstr (back, ==, "fixed\n");
  }
}

static void
test_revert (void)
{
  g_autoptr(HtLyricsStore) store = new_store ("revert");
  const char *uri = "file:///music/revert.mp3";
  const char *other = "file:///music/stays.mp3";
  g_autofree char *path = ht_lyrics_store_get_path (store, uri);
  g_autofree char *stays = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ht_lyrics_store_save (store, uri, "mine\n", NULL, NULL));
  g_assert_true (ht_lyrics_store_save (store, other, "also mine\n", NULL, NULL));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (ht_lyrics_store_remove (store, uri, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_null (ht_lyrics_store_load (store, uri, NULL, &error));
  g_assert_no_error (error);
  /* Removing what is not there is fine; the other track keeps its lyrics. */
  g_assert_true (ht_lyrics_store_remove (store, uri, NULL, &error));
  g_assert_no_error (error);
  stays = ht_lyrics_store_load (store, other, NULL, &error);
  g_assert_cmpstr (stays, ==, "also mine\n");
}

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
test_async (void)
{
  g_autoptr(HtLyricsStore) store = new_store ("async");
  const char *uri = "file:///music/async.flac";
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autofree char *text = NULL;
  g_autofree char *path = ht_lyrics_store_get_path (store, uri);

  ht_lyrics_store_save_async (store, uri, "async words\r\n", NULL, on_done_cb, &result);
  g_assert_true (ht_lyrics_store_save_finish (store, wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  ht_lyrics_store_load_async (store, uri, NULL, on_done_cb, &result);
  text = ht_lyrics_store_load_finish (store, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "async words\r\n");
  g_clear_object (&result);

  /* Cancelled before it starts: nothing happens to the entry. */
  g_cancellable_cancel (cancelled);
  ht_lyrics_store_remove_async (store, uri, cancelled, on_done_cb, &result);
  g_assert_false (ht_lyrics_store_remove_finish (store, wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&result);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  ht_lyrics_store_remove_async (store, uri, NULL, on_done_cb, &result);
  g_assert_true (ht_lyrics_store_remove_finish (store, wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  ht_lyrics_store_load_async (store, uri, NULL, on_done_cb, &result);
  g_assert_null (ht_lyrics_store_load_finish (store, wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
}

static void
test_default_directory (void)
{
  g_autoptr(HtLyricsStore) store = ht_lyrics_store_new (NULL);
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "hometown", "lyrics",
                                                NULL);

  g_assert_cmpstr (ht_lyrics_store_get_directory (store), ==, expected);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("hometown-test-lyrics-store-XXXXXX", NULL);
  g_test_add_func ("/engine/lyrics-store/round-trip", test_round_trip);
  g_test_add_func ("/engine/lyrics-store/no-collision", test_no_collision);
  g_test_add_func ("/engine/lyrics-store/failed-save", test_failed_save_keeps_previous);
  g_test_add_func ("/engine/lyrics-store/damaged", test_damaged);
  g_test_add_func ("/engine/lyrics-store/revert", test_revert);
  g_test_add_func ("/engine/lyrics-store/async", test_async);
  g_test_add_func ("/engine/lyrics-store/default-directory", test_default_directory);
  status = g_test_run ();
  ht_test_remove_tree (tmpdir);
  g_free (tmpdir);
  return status;
}
