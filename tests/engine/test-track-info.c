/* Tests for ht-track-info and ht-lyrics-file: tags and lyrics from every source. */
#include <glib/gstdio.h>
#include <string.h>

#include "ht-error.h"
#include "ht-lyrics-file.h"
#include "ht-track-info.h"
#include "../ht-test-audio.h"
#include "../ht-test-util.h"

static char *tmpdir;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

static HtTrackInfo *
read_info (const char *path, GError **lyrics_warning)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  HtTrackInfo *info = ht_track_info_read (file, lyrics_warning, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);
  return info;
}

typedef struct
{
  const char *ext;
  const char *encoder;
  HtTestTags  tags;
  const char *expect_lyrics;
} TagCase;

static const TagCase tag_cases[] = {
  /* CBR: a VBR MP3 without a Xing header has only an estimated length (its frames must be
   * counted to know), and this test is about tags, not that estimate. */
  { "mp3", "lamemp3enc target=bitrate cbr=true bitrate=128 ! id3v2mux",
    { "Ten Crack Commandments", "Notorious B.I.G.", "Life After Death", NULL, NULL, 1997 }, NULL },
  { "flac", "flacenc",
    { "Elevators", "OutKast", "ATLiens", NULL, "LYRICS=Vorbis LYRICS comment", 1996 },
    "Vorbis LYRICS comment" },
  { "ogg", "vorbisenc ! oggmux",
    { "Still D.R.E.", "Dr. Dre", "2001", NULL, "UNSYNCEDLYRICS=Unsynced lyrics comment", 1999 },
    "Unsynced lyrics comment" },
  { "m4a", "avenc_aac ! mp4mux",
    { "Lose Yourself", "Eminem", "8 Mile", "MP4 lyr atom text", NULL, 2002 },
    "MP4 lyr atom text" },
};

static void
test_embedded (gconstpointer data)
{
  const TagCase *c = data;
  g_autofree char *name = g_strdup_printf ("tagged.%s", c->ext);
  g_autofree char *path = tmp_path (name);
  g_autoptr(HtTrackInfo) info = NULL;
  g_autofree char *display = NULL;

  ht_test_write_gst (path, c->encoder, 44100, 2, 3, &c->tags);
  info = read_info (path, NULL);
  g_assert_cmpstr (info->title, ==, c->tags.title);
  g_assert_cmpstr (info->artist, ==, c->tags.artist);
  g_assert_cmpstr (info->album, ==, c->tags.album);
  g_assert_cmpint (info->year, ==, c->tags.year);
  g_assert_cmpstr (info->lyrics, ==, c->expect_lyrics);
  g_assert_cmpint (info->lyrics_source, ==,
                   c->expect_lyrics ? HT_LYRICS_SOURCE_TAG : HT_LYRICS_SOURCE_NONE);
  g_assert_cmpuint (info->sample_rate, ==, 44100);
  g_assert_cmpuint (info->channels, ==, 2);
  g_assert_cmpfloat (fabs (info->duration - 3.0), <, 0.1);   /* a header estimate for MP3 */
  g_assert_nonnull (info->codec);
  display = ht_track_info_dup_display_title (info);
  g_assert_true (g_str_has_prefix (display, c->tags.artist));
  g_assert_true (g_str_has_suffix (display, c->tags.title));
}

static void
test_id3_uslt (void)
{
  /* USLT in UTF-16, from a tag built by hand: GStreamer must hand it over as lyrics. */
  g_autofree char *path = tmp_path ("uslt.mp3");
  g_autofree char *audio = NULL;
  gsize len;
  GByteArray *tag = ht_test_id3v23_tag ("Hypnotize", "The Notorious B.I.G.",
                                        "Biggie Biggie Biggie, can’t you see\nsometimes");
  g_autoptr(HtTrackInfo) info = NULL;

  ht_test_write_gst (path, "lamemp3enc", 44100, 1, 2, NULL);
  g_assert_true (g_file_get_contents (path, &audio, &len, NULL));
  g_byte_array_append (tag, (const guint8 *) audio, (guint) len);
  g_assert_true (g_file_set_contents (path, (const char *) tag->data, tag->len, NULL));
  g_byte_array_unref (tag);

  info = read_info (path, NULL);
  g_assert_cmpstr (info->title, ==, "Hypnotize");
  g_assert_cmpstr (info->artist, ==, "The Notorious B.I.G.");
  g_assert_cmpint (info->lyrics_source, ==, HT_LYRICS_SOURCE_TAG);
  g_assert_cmpstr (info->lyrics, ==, "Biggie Biggie Biggie, can’t you see\nsometimes");
}

static void
test_untagged_display_title (void)
{
  g_autofree char *path = tmp_path ("Untitled Demo.wav");
  g_autoptr(HtTrackInfo) info = NULL;
  g_autofree char *display = NULL;

  ht_test_write_sndfile (path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 22050, 1, 1, NULL);
  info = read_info (path, NULL);
  g_assert_null (info->artist);
  g_assert_null (info->lyrics);
  g_assert_cmpint (info->lyrics_source, ==, HT_LYRICS_SOURCE_NONE);
  display = ht_track_info_dup_display_title (info);
  g_assert_cmpstr (display, ==, "Untitled Demo.wav");
}

static void
test_id3v1_latin1 (void)
{
  /* An MP3 with only an ID3v1 tag in ISO-8859-1 (as old rippers wrote): "Café Société". */
  g_autofree char *path = tmp_path ("latin1.mp3");
  g_autofree char *audio = NULL;
  gsize len;
  guint8 tag[128] = { 'T', 'A', 'G' };
  const char title[] = "Caf\xe9 Soci\xe9t\xe9";
  const char artist[] = "Andr\xe9 3000";
  g_autoptr(HtTrackInfo) info = NULL;
  GString *bytes;

  ht_test_write_gst (path, "lamemp3enc", 44100, 1, 2, NULL);
  g_assert_true (g_file_get_contents (path, &audio, &len, NULL));
  memcpy (tag + 3, title, strlen (title));
  memcpy (tag + 33, artist, strlen (artist));
  tag[127] = 255;   /* no genre */
  bytes = g_string_new_len (audio, (gssize) len);
  g_string_append_len (bytes, (const char *) tag, sizeof tag);
  g_assert_true (g_file_set_contents (path, bytes->str, (gssize) bytes->len, NULL));
  g_string_free (bytes, TRUE);

  info = read_info (path, NULL);
  g_assert_cmpstr (info->title, ==, "Café Société");
  g_assert_cmpstr (info->artist, ==, "André 3000");
}

static void
test_sidecar_lrc (void)
{
  g_autofree char *path = tmp_path ("with-lrc.wav");
  g_autofree char *lrc = tmp_path ("with-lrc.lrc");
  const char *contents =
    "[ar:Some Artist]\r\n"
    "[ti:Some Title]\r\n"
    "[length: 03:12]\r\n"
    "[00:12.00]First line of the verse\r\n"
    "[00:15.20][01:40.00]A <00:16.00>line <00:16.50>sung twice\r\n"
    "\r\n"
    "[[[]]]\r\n"
    "[00:20.xx] broken stamp stays as text\r\n"
    "----\r\n"
    "[00:22.00]\r\n"
    "[00:25.00]Last line\r\n";
  g_autoptr(HtTrackInfo) info = NULL;

  ht_test_write_sndfile (path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 22050, 1, 1, NULL);
  g_assert_true (g_file_set_contents (lrc, contents, -1, NULL));
  info = read_info (path, NULL);
  g_assert_cmpint (info->lyrics_source, ==, HT_LYRICS_SOURCE_LRC);
  g_assert_cmpstr (info->lyrics_path, ==, lrc);
  g_assert_cmpstr (info->lyrics, ==,
                   "First line of the verse\n"
                   "A line sung twice\n"
                   "\n"
                   "[00:20.xx] broken stamp stays as text\n"
                   "\n"                       /* the empty timed line: a gap between verses */
                   "Last line");
}

static void
test_sidecar_txt_encodings (void)
{
  g_autofree char *path = tmp_path ("with-txt.wav");
  g_autofree char *txt = tmp_path ("with-txt.txt");
  /* UTF-16LE with BOM */
  static const char utf16[] = "\xff\xfe" "Y\0a\0'\0l\0l\0 \0\xe9\0\n\0";
  g_autoptr(HtTrackInfo) a = NULL;
  g_autoptr(HtTrackInfo) b = NULL;

  ht_test_write_sndfile (path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 22050, 1, 1, NULL);
  g_assert_true (g_file_set_contents (txt, utf16, sizeof utf16 - 1, NULL));
  a = read_info (path, NULL);
  g_assert_cmpint (a->lyrics_source, ==, HT_LYRICS_SOURCE_TXT);
  g_assert_cmpstr (a->lyrics, ==, "Ya'll é\n");

  /* Windows-1252: curly quotes 0x93/0x94 and e-acute 0xE9 */
  g_assert_true (g_file_set_contents (txt, "\x93" "Caf\xe9\x94 in the cut", -1, NULL));
  b = read_info (path, NULL);
  g_assert_cmpstr (b->lyrics, ==, "“Café” in the cut");
}

static void
test_sidecar_problems (void)
{
  g_autofree char *path = tmp_path ("bad-sidecar.wav");
  g_autofree char *lrc = tmp_path ("bad-sidecar.lrc");
  g_autoptr(GError) warning = NULL;
  g_autoptr(HtTrackInfo) info = NULL;
  g_autoptr(HtTrackInfo) info2 = NULL;
  g_autofree char *huge = g_malloc (2 * 1024 * 1024);

  ht_test_write_sndfile (path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 22050, 1, 1, NULL);
  /* only stamps and junk: no lyrics, and the track still reads */
  g_assert_true (g_file_set_contents (lrc, "[00:01.00]\n[00:02.00]  \n[[]]\n", -1, NULL));
  info = read_info (path, &warning);
  g_assert_null (info->lyrics);
  g_assert_error (warning, HT_ERROR, HT_ERROR_EMPTY);
  g_assert_nonnull (strstr (warning->message, "bad-sidecar.lrc"));
  g_clear_error (&warning);

  /* 2 MB: too large to be lyrics */
  memset (huge, 'a', 2 * 1024 * 1024);
  g_assert_true (g_file_set_contents (lrc, huge, 2 * 1024 * 1024, NULL));
  info2 = read_info (path, &warning);
  g_assert_null (info2->lyrics);
  g_assert_error (warning, HT_ERROR, HT_ERROR_TOO_LONG);
}

static void
test_text_to_utf8 (void)
{
  struct { const char *in; gssize len; const char *out; } cases[] = {
    { "plain ascii", -1, "plain ascii" },
    { "\xef\xbb\xbf" "bom utf8 \xc3\xa9", -1, "bom utf8 é" },
    { "crlf\r\nlines\rmac", -1, "crlf\nlines\nmac" },
    { "latin1 \xe9" "t\xe9", -1, "latin1 été" },
    { "nul\0inside", 10, "nulinside" },
    { "\xfe\xff\0H\0i", 6, "Hi" },
    { "tab\tkept, bell\a dropped", -1, "tab\tkept, bell dropped" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize len = cases[i].len < 0 ? strlen (cases[i].in) : (gsize) cases[i].len;
      g_autofree char *out = ht_text_to_utf8 (cases[i].in, len);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static void
test_lyrics_file (void)
{
  g_autofree char *path = tmp_path ("pasted.lrc");
  g_autofree char *missing = tmp_path ("nothing-here.txt");
  g_autoptr(GFile) f = g_file_new_for_path (path);
  g_autoptr(GFile) m = g_file_new_for_path (missing);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  char *none;

  g_assert_true (g_file_set_contents (path, "[00:01.00]Only line", -1, NULL));
  text = ht_lyrics_read_file (f, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "Only line");
  none = ht_lyrics_read_file (m, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, HT_ERROR, HT_ERROR_NOT_FOUND);
}

int
main (int argc, char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);
  tmpdir = g_dir_make_tmp ("hometown-test-tags-XXXXXX", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (tag_cases); i++)
    {
      g_autofree char *p = g_strdup_printf ("/engine/track-info/embedded/%s", tag_cases[i].ext);
      g_test_add_data_func (p, &tag_cases[i], test_embedded);
    }
  g_test_add_func ("/engine/track-info/id3-uslt", test_id3_uslt);
  g_test_add_func ("/engine/track-info/untagged", test_untagged_display_title);
  g_test_add_func ("/engine/track-info/id3v1-latin1", test_id3v1_latin1);
  g_test_add_func ("/engine/track-info/sidecar-lrc", test_sidecar_lrc);
  g_test_add_func ("/engine/track-info/sidecar-txt-encodings", test_sidecar_txt_encodings);
  g_test_add_func ("/engine/track-info/sidecar-problems", test_sidecar_problems);
  g_test_add_func ("/engine/lyrics-file/text-to-utf8", test_text_to_utf8);
  g_test_add_func ("/engine/lyrics-file/read-file", test_lyrics_file);
  status = g_test_run ();
  if (g_getenv ("HT_TEST_KEEP") == NULL)   /* keep the fixtures for a look */
    ht_test_remove_tree (tmpdir);
  return status;
}
