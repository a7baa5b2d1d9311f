/* Tests for ht-audio-scan: folders searched recursively in name order, audio told from the rest
 * by content type, playlists and hidden files left out, links that loop read once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "ht-audio-scan.h"
#include "../ht-test-audio.h"
#include "../ht-test-util.h"

static char *tmpdir;

static char *
path_in (const char *relative)
{
  return g_build_filename (tmpdir, relative, NULL);
}

static void
write_wav (const char *relative)
{
  g_autofree char *path = path_in (relative);
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  ht_test_write_sndfile (path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 8000, 1, 0.1, NULL);
}

static void
write_text (const char *relative,
            const char *text)
{
  g_autofree char *path = path_in (relative);
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

static void
test_is_audio (void)
{
  g_assert_true (ht_audio_scan_is_audio ("audio/mpeg"));
  g_assert_true (ht_audio_scan_is_audio ("audio/flac"));
  g_assert_true (ht_audio_scan_is_audio ("audio/x-wav"));
  g_assert_true (ht_audio_scan_is_audio ("audio/x-vorbis+ogg"));
  g_assert_true (ht_audio_scan_is_audio ("application/ogg"));
  g_assert_false (ht_audio_scan_is_audio ("audio/x-mpegurl"));
  g_assert_false (ht_audio_scan_is_audio ("audio/x-scpls"));
  g_assert_false (ht_audio_scan_is_audio ("image/jpeg"));
  g_assert_false (ht_audio_scan_is_audio ("text/plain"));
  g_assert_false (ht_audio_scan_is_audio (NULL));
}

static const char *
name_of (GPtrArray *files,
         guint      i,
         char     **owned)
{
  g_autoptr(GFile) root = g_file_new_for_path (tmpdir);

  g_free (*owned);
  *owned = g_file_get_relative_path (root, g_ptr_array_index (files, i));
  return *owned;
}

static void
test_scan_tree (void)
{
  g_autofree char *root_path = path_in ("music");
  g_autofree char *loop = path_in ("music/Album 2/back up");
  g_autofree char *loose_path = path_in ("loose.wav");
  g_autofree char *missing_path = path_in ("does-not-exist.mp3");
  g_autoptr(GFile) root = g_file_new_for_path (root_path);
  g_autoptr(GFile) loose = g_file_new_for_path (loose_path);
  g_autoptr(GFile) missing = g_file_new_for_path (missing_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(HtAudioScan) scan = NULL;
  g_autofree char *name = NULL;
  GFile *given[3];
  const char *expect[] = { "loose.wav", "music/01 intro.wav", "music/2 Track.wav",
                           "music/10 outro.wav", "music/Album 2/a.wav", "music/b.wav" };

  write_wav ("music/10 outro.wav");
  write_wav ("music/2 Track.wav");
  write_wav ("music/01 intro.wav");
  write_wav ("music/b.wav");
  write_wav ("music/Album 2/a.wav");
  write_wav ("music/.hidden/secret.wav");
  write_wav ("music/._b.wav");
  write_wav ("loose.wav");
  write_text ("music/cover.txt", "liner notes\n");
  write_text ("music/list.m3u", "#EXTM3U\n01 intro.wav\n");
  g_assert_cmpint (symlink (root_path, loop), ==, 0);   /* a link back up: must not loop */

  /* What the user gave, in that order: a file, a folder, something gone. */
  given[0] = loose;
  given[1] = root;
  given[2] = missing;
  scan = ht_audio_scan (given, 3, NULL, &error);
  g_assert_no_error (error);

  /* Names sort as people expect ("2" before "10"); each folder's content in that order. */
  g_assert_cmpuint (scan->files->len, ==, G_N_ELEMENTS (expect));
  for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
    g_assert_cmpstr (name_of (scan->files, i, &name), ==, expect[i]);
  g_assert_cmpuint (scan->n_not_audio, ==, 2);     /* cover.txt, list.m3u */
  g_assert_cmpuint (scan->n_unreadable, ==, 1);    /* does-not-exist.mp3 */
}

static void
on_scanned_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GError **error = user_data;
  HtAudioScan *scan = ht_audio_scan_finish (result, error);

  g_assert_null (scan);
}

static void
test_scan_cancelled (void)
{
  g_autofree char *root_path = path_in ("music");
  g_autoptr(GFile) root = g_file_new_for_path (root_path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GError *error = NULL;

  g_cancellable_cancel (cancellable);
  ht_audio_scan_async (&root, 1, cancellable, on_scanned_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("hometown-test-audio-scan-XXXXXX", NULL);
  g_test_add_func ("/engine/audio-scan/is-audio", test_is_audio);
  g_test_add_func ("/engine/audio-scan/tree", test_scan_tree);
  g_test_add_func ("/engine/audio-scan/cancelled", test_scan_cancelled);
  status = g_test_run ();
  ht_test_remove_tree (tmpdir);
  g_free (tmpdir);
  return status;
}
