/* Tests for ht-audio-decoder: every format to the right length and rate, clips that start where
 * they should (heard through the stepped tone), and every kind of bad input. */
#include <glib/gstdio.h>
#include <string.h>
#include <gio/gio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ht-audio-decoder.h"
#include "ht-error.h"
#include "../ht-test-audio.h"
#include "../ht-test-util.h"

static char *tmpdir;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

/* ---- clip policy ---- */

static void
test_clip_choose (void)
{
  HtClipRequest def = HT_CLIP_REQUEST_DEFAULT, full = { 30, 75, TRUE };
  double s, e;

  g_assert_cmpint (ht_clip_choose (&def, 240, &s, &e), ==, HT_CLIP_WINDOW);
  g_assert_cmpfloat (s, ==, 30);
  g_assert_cmpfloat (e, ==, 75);
  g_assert_cmpint (ht_clip_choose (&def, 75, &s, &e), ==, HT_CLIP_WINDOW);
  /* under 75 s: the middle 45 s */
  g_assert_cmpint (ht_clip_choose (&def, 60, &s, &e), ==, HT_CLIP_MIDDLE);
  g_assert_cmpfloat (s, ==, 7.5);
  g_assert_cmpfloat (e, ==, 52.5);
  g_assert_cmpint (ht_clip_choose (&def, 45, &s, &e), ==, HT_CLIP_MIDDLE);
  g_assert_cmpfloat (s, ==, 0);
  /* under 45 s: all of it */
  g_assert_cmpint (ht_clip_choose (&def, 30, &s, &e), ==, HT_CLIP_WHOLE);
  g_assert_cmpfloat (s, ==, 0);
  g_assert_cmpfloat (e, ==, 30);
  g_assert_cmpint (ht_clip_choose (&full, 240, &s, &e), ==, HT_CLIP_FULL);
  g_assert_cmpfloat (e, ==, 240);
  /* unknown duration: try the window */
  g_assert_cmpint (ht_clip_choose (&def, 0, &s, &e), ==, HT_CLIP_WINDOW);
}

static void
test_clip_describe (void)
{
  g_autofree char *w = ht_clip_describe (HT_CLIP_WINDOW, 30, 75);
  g_autofree char *m = ht_clip_describe (HT_CLIP_MIDDLE, 7.5, 52.5);
  g_assert_cmpstr (w, ==, "0:30–1:15");
  g_assert_true (g_str_has_prefix (m, "0:08–0:53"));
}

/* ---- formats ---- */

typedef struct
{
  const char *ext;
  const char *gst;       /* encoder for ht_test_write_gst, or NULL for libsndfile */
  int         sf_format;
  int         rate;
  int         channels;
  int         tolerance; /* samples at 22 050 Hz: a codec frame or two for lossy formats,
                          * whose encoders add priming and padding */
} Format;

static const Format formats[] = {
  { "wav", NULL, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 1 },
  { "aiff", NULL, SF_FORMAT_AIFF | SF_FORMAT_PCM_16, 44100, 2, 1 },
  { "flac", "flacenc", 0, 44100, 2, 1 },
  { "ogg", "vorbisenc ! oggmux", 0, 44100, 2, 512 },
  { "opus", "opusenc ! oggmux", 0, 48000, 2, 512 },
  /* MP3 without gapless metadata decodes with the encoder's priming and padding in it: up to
   * two MP3 frames (2 x 1152 samples at 44.1 kHz) more than was encoded, in every decoder. */
  { "mp3", "lamemp3enc ! xingmux ! id3v2mux", 0, 44100, 2, 1152 },
  /* CBR without a Xing header: libsndfile guesses its length 6x short */
  { "cbr.mp3", "lamemp3enc target=bitrate cbr=true bitrate=192 ! id3v2mux", 0, 44100, 2, 1152 },
  { "m4a", "avenc_aac ! mp4mux", 0, 44100, 2, 520 },   /* 1024-sample AAC frame + resampler */
  { "8k.wav", NULL, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 8000, 1, 1 },
  { "192k.wav", NULL, SF_FORMAT_WAV | SF_FORMAT_FLOAT, 192000, 2, 1 },
  { "6ch.wav", NULL, SF_FORMAT_WAV | SF_FORMAT_PCM_24, 48000, 6, 1 },
};

static char *
write_format (const Format *f, double seconds, const HtTestTags *tags)
{
  g_autofree char *name = g_strdup_printf ("tone-%.0fs.%s", seconds, f->ext);
  char *path = tmp_path (name);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (f->gst != NULL)
        ht_test_write_gst (path, f->gst, f->rate, f->channels, seconds, tags);
      else
        ht_test_write_sndfile (path, f->sf_format, f->rate, f->channels, seconds, tags);
    }
  return path;
}

static gboolean
append_cb (const float *samples, gsize n, gpointer user_data)
{
  g_array_append_vals (user_data, samples, (guint) n);
  return TRUE;
}

/* Decodes with the streaming API; returns the samples (or NULL and error). */
static GArray *
decode (const char *path, const HtClipRequest *request, HtDecodeInfo *info, GError **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GArray *all = g_array_new (FALSE, FALSE, sizeof (float));

  if (!ht_audio_decode (file, request, append_cb, NULL, all, info, NULL, error))
    {
      g_array_unref (all);
      return NULL;
    }
  return all;
}

static void
test_format (gconstpointer data)
{
  const Format *f = data;
  g_autofree char *path = write_format (f, 20, NULL);
  g_autoptr(GError) error = NULL;
  HtClipRequest full = { 30, 75, TRUE }, clip = { 5, 12, FALSE };
  HtDecodeInfo info = { 0 };
  GArray *x;
  double hz;

  /* The whole track: the right duration (lossy codecs: within their priming), rate, channels. */
  x = decode (path, &full, &info, &error);
  g_assert_no_error (error);
  g_test_message ("%s: %u Hz, %u ch, %.3f s, codec %s, %u samples", f->ext, info.source_rate,
                  info.source_channels, info.duration, info.codec ? info.codec : "?", x->len);
  g_assert_cmpint (info.clip_kind, ==, HT_CLIP_FULL);
  g_assert_cmpuint (info.source_rate, ==, f->rate);
  g_assert_cmpuint (info.source_channels, ==, f->channels);
  g_assert_cmpfloat (fabs (info.duration - 20.0), <=, (f->tolerance + 1.0) / HT_AUDIO_RATE);
  g_assert_cmpint (ABS ((int) x->len - 20 * HT_AUDIO_RATE), <=, f->tolerance);
  g_assert_cmpuint (info.n_samples, ==, x->len);
  /* Downmixed and resampled correctly: the tone is where it should be at 0:02 and 0:17. */
  hz = ht_test_measure_hz ((float *) x->data, x->len, HT_AUDIO_RATE, 2.1, 2.9);
  g_assert_cmpfloat (fabs (hz - ht_test_tone_hz (2.5)), <, 4);
  hz = ht_test_measure_hz ((float *) x->data, x->len, HT_AUDIO_RATE, 17.1, 17.9);
  g_assert_cmpfloat (fabs (hz - ht_test_tone_hz (17.5)), <, 4);
  g_array_unref (x);
  ht_decode_info_clear (&info);

  /* A clip: seeks, and hears 0:05 first and 0:11 last. */
  x = decode (path, &clip, &info, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info.clip_kind, ==, HT_CLIP_WINDOW);
  g_assert_cmpint (ABS ((int) x->len - 7 * HT_AUDIO_RATE), <=, f->tolerance);
  hz = ht_test_measure_hz ((float *) x->data, x->len, HT_AUDIO_RATE, 0.1, 0.9);
  g_assert_cmpfloat (fabs (hz - ht_test_tone_hz (5.5)), <, 4);
  hz = ht_test_measure_hz ((float *) x->data, x->len, HT_AUDIO_RATE, 6.1, 6.9);
  g_assert_cmpfloat (fabs (hz - ht_test_tone_hz (11.5)), <, 4);
  g_array_unref (x);
  ht_decode_info_clear (&info);
}

static void
test_default_window (void)
{
  /* An 80-s track: the study's 0:30-1:15, exactly 45 s, starting at 0:30. */
  Format f = { "80s.wav", NULL, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 22050, 1, 0 };
  g_autofree char *path = write_format (&f, 80, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  HtDecodeInfo info = { 0 };
  gsize n;
  g_autofree float *x = ht_audio_decode_clip (file, NULL, &n, &info, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (info.clip_kind, ==, HT_CLIP_WINDOW);
  g_assert_cmpfloat (info.clip_start, ==, 30);
  g_assert_cmpfloat (fabs (info.clip_end - 75), <, 1e-6);
  g_assert_cmpuint (n, ==, 45 * HT_AUDIO_RATE);
  g_assert_cmpfloat (fabs (ht_test_measure_hz (x, n, HT_AUDIO_RATE, 0.1, 0.9) - 900), <, 2);
  ht_decode_info_clear (&info);
}

static void
test_short_tracks (void)
{
  /* 60 s: the middle 45 s (7.5-52.5); 20 s: all of it. Said so in the result. */
  Format f60 = { "60s.wav", NULL, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 22050, 1, 0 };
  g_autofree char *p60 = write_format (&f60, 60, NULL);
  g_autofree char *p20 = write_format (&formats[0], 20, NULL);
  g_autoptr(GError) error = NULL;
  HtDecodeInfo info = { 0 };
  GArray *x;

  x = decode (p60, NULL, &info, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info.clip_kind, ==, HT_CLIP_MIDDLE);
  g_assert_cmpfloat (info.clip_start, ==, 7.5);
  g_assert_cmpuint (x->len, ==, 45 * HT_AUDIO_RATE);
  g_assert_cmpfloat (fabs (ht_test_measure_hz ((float *) x->data, x->len, HT_AUDIO_RATE, 0.6, 1.4)
                           - ht_test_tone_hz (8.5)), <, 2);
  g_array_unref (x);
  ht_decode_info_clear (&info);

  x = decode (p20, NULL, &info, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info.clip_kind, ==, HT_CLIP_WHOLE);
  g_assert_cmpuint (x->len, ==, 20 * HT_AUDIO_RATE);
  g_array_unref (x);
  ht_decode_info_clear (&info);
}

/* ---- bad input ---- */

static void
assert_decode_error (const char *path, GQuark domain, int code, const char *must_mention)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base = g_path_get_basename (path);
  GArray *x = decode (path, NULL, NULL, &error);

  g_assert_null (x);
  g_assert_error (error, domain, code);
  g_test_message ("%s: %s", base, error->message);
  g_assert_nonnull (strstr (error->message, base));
  if (must_mention != NULL)
    g_assert_nonnull (strstr (error->message, must_mention));
}

static void
test_bad_zero_bytes (void)
{
  g_autofree char *path = tmp_path ("empty.mp3");
  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  assert_decode_error (path, HT_ERROR, HT_ERROR_EMPTY, "empty");
}

static void
test_bad_missing (void)
{
  g_autofree char *path = tmp_path ("no-such-track.flac");
  assert_decode_error (path, HT_ERROR, HT_ERROR_NOT_FOUND, NULL);
}

static void
test_bad_directory (void)
{
  g_autofree char *path = tmp_path ("a-folder.mp3");
  g_assert_cmpint (g_mkdir_with_parents (path, 0755), ==, 0);
  assert_decode_error (path, HT_ERROR, HT_ERROR_NOT_A_FILE, "folder");
}

static void
test_bad_text_as_mp3 (void)
{
  g_autofree char *path = tmp_path ("notes.mp3");
  const char *text = "These are my notes about the album, not audio at all.\nLine two.\n";
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  assert_decode_error (path, HT_ERROR, HT_ERROR_UNSUPPORTED_FORMAT, NULL);
}

static void
test_bad_png_as_flac (void)
{
  /* A real 1x1 PNG. */
  static const guint8 png[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
    0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
  };
  g_autofree char *path = tmp_path ("cover.flac");
  g_assert_true (g_file_set_contents (path, (const char *) png, sizeof png, NULL));
  assert_decode_error (path, HT_ERROR, HT_ERROR_UNSUPPORTED_FORMAT, "PNG");
}

static void
test_bad_zero_frames (void)
{
  g_autofree char *path = tmp_path ("no-frames.wav");
  SF_INFO info = { .samplerate = 44100, .channels = 2, .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16 };
  SNDFILE *sf = sf_open (path, SFM_WRITE, &info);
  g_assert_nonnull (sf);
  sf_close (sf);
  assert_decode_error (path, HT_ERROR, HT_ERROR_EMPTY, NULL);
}

static void
test_bad_truncated_mp3 (void)
{
  /* The first 40 % of a 20-s MP3: a correct, shorter result, not an error. */
  g_autofree char *src = write_format (&formats[5], 20, NULL);
  g_autofree char *path = tmp_path ("truncated.mp3");
  g_autofree char *contents = NULL;
  gsize len;
  g_autoptr(GError) error = NULL;
  GArray *x;

  g_assert_true (g_file_get_contents (src, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (path, contents, (gssize) (len * 4 / 10), NULL));
  x = decode (path, &(HtClipRequest) { 0, 0, TRUE }, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (x->len, >, 6 * HT_AUDIO_RATE);
  g_assert_cmpuint (x->len, <, 10 * HT_AUDIO_RATE);
  g_array_unref (x);

  /* Cut inside the ID3 header: no audio frame left at all. */
  g_assert_true (g_file_set_contents (path, contents, 30, NULL));
  x = decode (path, NULL, NULL, &error);
  g_assert_null (x);
  g_assert_nonnull (error);
  g_assert_true (error->domain == HT_ERROR);
  g_assert_nonnull (strstr (error->message, "truncated.mp3"));
}

static void
test_bad_unreadable (void)
{
  if (g_test_subprocess ())
    {
      /* root reads everything: drop to "nobody" first so the permission bits count. */
      const char *path = g_getenv ("HT_TEST_UNREADABLE");
      g_assert_nonnull (path);
      if (geteuid () == 0 && setuid (65534) != 0)
        g_error ("setuid failed");
      assert_decode_error (path, HT_ERROR, HT_ERROR_PERMISSION, NULL);
      return;
    }
  {
    g_autofree char *path = write_format (&formats[0], 20, NULL);
    g_assert_cmpint (g_chmod (tmpdir, 0755), ==, 0);
    g_assert_cmpint (g_chmod (path, 0000), ==, 0);
    g_setenv ("HT_TEST_UNREADABLE", path, TRUE);
    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_chmod (path, 0644);
    g_test_trap_assert_passed ();
  }
}

static void
test_silence (void)
{
  g_autofree char *path = tmp_path ("silence.wav");
  SF_INFO info = { .samplerate = 44100, .channels = 2, .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16 };
  SNDFILE *sf = sf_open (path, SFM_WRITE, &info);
  g_autofree short *zeros = g_new0 (short, 44100 * 2 * 10);
  g_autoptr(GError) error = NULL;
  GArray *x;

  sf_writef_short (sf, zeros, 44100 * 10);
  sf_close (sf);
  x = decode (path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (x->len, ==, 10 * HT_AUDIO_RATE);
  for (guint i = 0; i < x->len; i++)
    g_assert_cmpfloat (fabsf (g_array_index (x, float, i)), <, 1e-6);
  g_array_unref (x);
}

static gboolean
cancel_after_first_cb (const float *samples, gsize n, gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return TRUE;
}

static void
test_cancel (gconstpointer data)
{
  const Format *f = data;
  g_autofree char *path = write_format (f, 20, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  HtClipRequest full = { 0, 0, TRUE };

  g_assert_false (ht_audio_decode (file, &full, cancel_after_first_cb, NULL, cancellable, NULL,
                                   cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_two_hours (void)
{
  /* A 2-hour file: its length is read, and the clip comes by seeking, not decoding 2 hours. */
  g_autofree char *path = tmp_path ("two-hours.wav");
  SF_INFO info = { .samplerate = 8000, .channels = 1, .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16 };
  SNDFILE *sf = sf_open (path, SFM_WRITE, &info);
  g_autofree short *block = g_new0 (short, 8000 * 60);
  g_autoptr(GError) error = NULL;
  HtDecodeInfo dinfo = { 0 };
  gint64 t0;
  GArray *x;

  for (int i = 0; i < 8000 * 60; i++)
    block[i] = (short) (8000 * sin (2 * G_PI * 440 * i / 8000.0));
  for (int m = 0; m < 120; m++)
    sf_writef_short (sf, block, 8000 * 60);
  sf_close (sf);
  t0 = g_get_monotonic_time ();
  x = decode (path, NULL, &dinfo, &error);
  g_assert_no_error (error);
  g_test_message ("2-hour clip decoded in %.0f ms", (g_get_monotonic_time () - t0) / 1000.0);
  g_assert_cmpfloat (fabs (dinfo.duration - 7200), <, 0.01);
  g_assert_cmpint (dinfo.clip_kind, ==, HT_CLIP_WINDOW);
  g_assert_cmpuint (x->len, ==, 45 * HT_AUDIO_RATE);
  g_array_unref (x);
  ht_decode_info_clear (&dinfo);
  g_unlink (path);
}

int
main (int argc, char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);
  if (!g_test_subprocess ())
    tmpdir = g_dir_make_tmp ("hometown-test-decoder-XXXXXX", NULL);
  g_test_add_func ("/engine/decoder/clip-choose", test_clip_choose);
  g_test_add_func ("/engine/decoder/clip-describe", test_clip_describe);
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *p = g_strdup_printf ("/engine/decoder/format/%s", formats[i].ext);
      g_test_add_data_func (p, &formats[i], test_format);
    }
  g_test_add_func ("/engine/decoder/default-window", test_default_window);
  g_test_add_func ("/engine/decoder/short-tracks", test_short_tracks);
  g_test_add_func ("/engine/decoder/bad/zero-bytes", test_bad_zero_bytes);
  g_test_add_func ("/engine/decoder/bad/missing", test_bad_missing);
  g_test_add_func ("/engine/decoder/bad/directory", test_bad_directory);
  g_test_add_func ("/engine/decoder/bad/text-named-mp3", test_bad_text_as_mp3);
  g_test_add_func ("/engine/decoder/bad/png-named-flac", test_bad_png_as_flac);
  g_test_add_func ("/engine/decoder/bad/zero-frames", test_bad_zero_frames);
  g_test_add_func ("/engine/decoder/bad/truncated-mp3", test_bad_truncated_mp3);
  g_test_add_func ("/engine/decoder/bad/unreadable", test_bad_unreadable);
  g_test_add_func ("/engine/decoder/silence", test_silence);
  g_test_add_data_func ("/engine/decoder/cancel/sndfile", &formats[0], test_cancel);
  g_test_add_data_func ("/engine/decoder/cancel/gstreamer", &formats[6], test_cancel);
  if (g_test_slow ())
    g_test_add_func ("/engine/decoder/two-hours", test_two_hours);
  status = g_test_run ();
  if (!g_test_subprocess ())
    ht_test_remove_tree (tmpdir);
  return status;
}
