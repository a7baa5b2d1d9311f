/* Tests for ht-spectrogram, its renderer and the .npy writer. */
#include <glib/gstdio.h>
#include <math.h>

#include "ht-error.h"
#include "ht-npy.h"
#include "ht-spectrogram.h"
#include "ht-spectrogram-private.h"
#include "ht-spectrogram-renderer.h"
#include "htc-synth.h"
#include "../ht-test-audio.h"
#include "../ht-test-npy.h"

static char *tmpdir;

static float *
beat (double seconds, gsize *n)
{
  HtcSynthParams p = { HT_AUDIO_RATE, 96, 55, 7 };
  float *x;
  *n = (gsize) (seconds * HT_AUDIO_RATE);
  x = g_new (float, *n);
  g_assert_cmpint (htc_synth_beat (&p, 0, x, *n), ==, HTC_OK);
  return x;
}

static HtSpectrogram *
from_samples (const float *x, gsize n, guint max_columns)
{
  HtSpectrogramOptions o;
  g_autoptr(GError) error = NULL;
  HtSpectrogram *s;

  ht_spectrogram_options_init (&o);
  o.max_columns = max_columns;
  s = ht_spectrogram_new_from_samples (x, n, 0, &o, &error);
  g_assert_no_error (error);
  return s;
}

static void
test_pooling_is_max (void)
{
  /* Pooled columns must equal the max over the frames they cover, computed here directly. */
  gsize n;
  g_autofree float *x = beat (37.3, &n);
  g_autoptr(HtSpectrogram) full = from_samples (x, n, 0);
  guint n_frames = ht_spectrogram_get_n_columns (full);

  g_assert_cmpuint (n_frames, ==, 1 + n / 512);
  g_assert_cmpuint (ht_spectrogram_get_pooling (full), ==, 1);
  for (guint limit = 7; limit <= 1700; limit = limit * 3 + 1)
    {
      g_autoptr(HtSpectrogram) pooled = from_samples (x, n, limit);
      guint cols = ht_spectrogram_get_n_columns (pooled), p = ht_spectrogram_get_pooling (pooled);
      const float *a = ht_spectrogram_get_values (full), *b = ht_spectrogram_get_values (pooled);

      g_assert_cmpuint (cols, <=, limit);
      g_assert_cmpuint (cols, ==, (n_frames + p - 1) / p);
      if (n_frames > limit)
        g_assert_cmpuint (cols, >, limit / 2);
      g_assert_cmpfloat (ht_spectrogram_get_max_db (pooled), ==, ht_spectrogram_get_max_db (full));
      for (guint k = 0; k < 128; k++)
        for (guint c = 0; c < cols; c++)
          {
            float want = -INFINITY;
            for (guint f = c * p; f < MIN ((c + 1) * p, n_frames); f++)
              want = MAX (want, a[(gsize) k * n_frames + f]);
            g_assert_cmpfloat (b[(gsize) k * cols + c], ==, want);
          }
    }
}

static void
test_time_axis (void)
{
  gsize n;
  g_autofree float *x = beat (10, &n);
  g_autoptr(HtSpectrogram) full = from_samples (x, n, 0);
  g_autoptr(HtSpectrogram) pooled = from_samples (x, n, 100);

  /* Frame f is centred on f * 512 / 22050 s. */
  g_assert_cmpfloat_with_epsilon (ht_spectrogram_column_to_time (full, 0), 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (ht_spectrogram_column_to_time (full, 43), 43 * 512.0 / 22050, 1e-9);
  for (double t = 0.3; t < 10; t += 1.7)
    {
      g_assert_cmpfloat_with_epsilon (ht_spectrogram_column_to_time (pooled, ht_spectrogram_time_to_column (pooled, t)), t, 1e-9);
      g_assert_cmpfloat_with_epsilon (ht_spectrogram_column_to_time (full, ht_spectrogram_time_to_column (full, t)), t, 1e-9);
    }
  g_assert_cmpfloat (fabs (ht_spectrogram_get_duration (full) - 10), <, 0.03);
  g_assert_cmpfloat (fabs (ht_spectrogram_get_duration (pooled) - 10), <, 0.5);
}

static void
test_tone_is_where_it_should_be (void)
{
  /* The stepped tone at 5.5 s is 400 Hz: loud there, 40 dB quieter at 3 kHz. */
  gsize n;
  g_autofree float *x = ht_test_tone (HT_AUDIO_RATE, 1, 8, &n);
  g_autoptr(HtSpectrogram) s = from_samples (x, n, 0);
  float at_tone = ht_spectrogram_db_at (s, 5.5, 400);
  float away = ht_spectrogram_db_at (s, 5.5, 3000);

  g_assert_cmpfloat (at_tone, >, away + 40);
  g_assert_cmpfloat_with_epsilon (at_tone, ht_spectrogram_get_max_db (s), 6);
  g_assert_true (isnan (ht_spectrogram_db_at (s, 100, 400)));
  g_assert_cmpfloat_with_epsilon (ht_spectrogram_band_to_hz (s, ht_spectrogram_hz_to_band (s, 1234)), 1234, 1);
}

static void
test_silence (void)
{
  /* All silence: every cell at the amin floor (-100 dB), nothing NaN. */
  g_autofree float *x = g_new0 (float, HT_AUDIO_RATE * 3);
  g_autoptr(HtSpectrogram) s = from_samples (x, HT_AUDIO_RATE * 3, 0);
  const float *v = ht_spectrogram_get_values (s);

  for (gsize i = 0; i < (gsize) ht_spectrogram_get_n_bands (s) * ht_spectrogram_get_n_columns (s); i++)
    g_assert_cmpfloat_with_epsilon (v[i], -100, 1e-4);
}

static void
test_paint (void)
{
  /* Silence then a tone: left half of the picture at the colour map's floor colour. */
  gsize n = HT_AUDIO_RATE * 4, tone_n;
  g_autofree float *x = g_new0 (float, n);
  g_autofree float *tone = ht_test_tone (HT_AUDIO_RATE, 1, 2, &tone_n);
  g_autoptr(HtSpectrogram) s = NULL;
  HtSpectrogramStyle style;
  cairo_surface_t *surface;
  guint32 *px, floor_colour;
  int stride, bright = 0;

  memcpy (x + n / 2, tone, tone_n * sizeof (float));
  s = from_samples (x, n, 0);
  ht_spectrogram_style_init (&style);
  surface = ht_spectrogram_renderer_paint (s, &style, 100, 64);
  px = (guint32 *) (gpointer) cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface) / 4;
  floor_colour = htc_colormap_pixel_db (HTC_COLORMAP_MAGMA, -1000, 0, 1);
  for (int y = 0; y < 64; y++)
    for (int xx = 0; xx < 45; xx++)
      g_assert_cmphex (px[y * stride + xx], ==, floor_colour);
  cairo_surface_destroy (surface);

  /* With the grey map a pixel's value is its level: the tone's row is near full scale, and
   * only a few rows are (a pure tone fills one or two mel bands). */
  style.colormap = HTC_COLORMAP_GREY;
  surface = ht_spectrogram_renderer_paint (s, &style, 100, 64);
  px = (guint32 *) (gpointer) cairo_image_surface_get_data (surface);
  for (int y = 0; y < 64; y++)
    if ((px[y * stride + 80] & 0xff) >= 230)
      bright++;
  g_assert_cmpint (bright, >=, 1);
  g_assert_cmpint (bright, <=, 4);
  cairo_surface_destroy (surface);
}

static void
test_write_png (void)
{
  gsize n;
  g_autofree float *x = beat (5, &n);
  g_autoptr(HtSpectrogram) s = from_samples (x, n, 512);
  g_autofree char *path = g_build_filename (tmpdir, "figure.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) nowhere = g_file_new_for_path ("/nonexistent-dir/figure.png");
  g_autoptr(GError) error = NULL;
  HtSpectrogramStyle style;
  cairo_surface_t *back;

  ht_spectrogram_style_init (&style);
  style.title = "Artist – Title";
  style.window_start = 1;
  style.window_end = 3;
  g_assert_true (ht_spectrogram_renderer_write_png (s, &style, 640, 300, file, &error));
  g_assert_no_error (error);
  back = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (back), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (back), ==, 640);
  g_assert_cmpint (cairo_image_surface_get_height (back), ==, 300);
  cairo_surface_destroy (back);

  g_assert_false (ht_spectrogram_renderer_write_png (s, &style, 10, 10, file, &error));
  g_assert_error (error, HT_ERROR, HT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (ht_spectrogram_renderer_write_png (s, &style, 640, 300, nowhere, &error));
  g_assert_error (error, HT_ERROR, HT_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "/nonexistent-dir/figure.png"));
}

static void
test_npy_round_trip (void)
{
  const float data[6] = { 1.5f, -2, 3, 4, -100, 0.25f };
  g_autofree char *path = g_build_filename (tmpdir, "m.npy", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree float *back = NULL;
  gsize rows, cols;

  g_assert_true (ht_npy_write_f32 (file, data, 2, 3, NULL, &error));
  g_assert_no_error (error);
  back = ht_test_load_npy_path (path, &rows, &cols);
  g_assert_cmpuint (rows, ==, 2);
  g_assert_cmpuint (cols, ==, 3);
  g_assert_cmpmem (back, sizeof data, data, sizeof data);
}

typedef struct { double last; guint calls; GCancellable *cancel_at_half; } Progress;

static void
on_progress (double fraction, gpointer user_data)
{
  Progress *p = user_data;
  g_assert_cmpfloat (fraction, >=, p->last);
  g_assert_cmpfloat (fraction, <=, 1.0);
  p->last = fraction;
  p->calls++;
  if (p->cancel_at_half != NULL && fraction > 0.5)
    g_cancellable_cancel (p->cancel_at_half);
}

static void
test_compute_file (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "tone.wav", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(HtSpectrogram) s = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  HtDecodeInfo info = { 0 };
  Progress p = { 0 };

  ht_test_write_sndfile (path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 12, NULL);
  s = ht_spectrogram_compute (file, NULL, on_progress, &p, &info, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (p.last, ==, 1.0);
  g_assert_cmpuint (p.calls, >, 10);
  g_assert_cmpint (info.clip_kind, ==, HT_CLIP_FULL);
  g_assert_cmpfloat (ht_spectrogram_db_at (s, 7.5, ht_test_tone_hz (7.5)), >,
                     ht_spectrogram_db_at (s, 7.5, 4000) + 40);
  ht_decode_info_clear (&info);

  /* Cancelled half-way: the cancellation error, nothing else. */
  p = (Progress) { 0, 0, cancellable };
  g_clear_pointer (&s, ht_spectrogram_unref);
  s = ht_spectrogram_compute (file, NULL, on_progress, &p, NULL, cancellable, &error);
  g_assert_null (s);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static HtSpectrogram *
compute_with (GFile        *file,
              double        split_hint,
              guint         max_columns,
              HtDecodeInfo *info,
              Progress     *progress)
{
  HtSpectrogramOptions o;
  g_autoptr(GError) error = NULL;
  HtSpectrogram *s;

  ht_spectrogram_options_init (&o);
  o.max_columns = max_columns;
  o.split_hint = split_hint;
  s = ht_spectrogram_compute (file, &o, progress != NULL ? on_progress : NULL, progress, info,
                              NULL, &error);
  g_assert_no_error (error);
  return s;
}

/* Share of cells further apart than `db`. */
static double
share_apart (HtSpectrogram *a,
             HtSpectrogram *b,
             double         db)
{
  gsize n = (gsize) ht_spectrogram_get_n_bands (a) * ht_spectrogram_get_n_columns (a);
  const float *x = ht_spectrogram_get_values (a), *y = ht_spectrogram_get_values (b);
  gsize apart = 0;

  for (gsize i = 0; i < n; i++)
    apart += fabsf (x[i] - y[i]) > db;
  return (double) apart / n;
}

static void
assert_same_shape (HtSpectrogram *a,
                   HtSpectrogram *b)
{
  g_assert_cmpuint (ht_spectrogram_get_n_bands (a), ==, ht_spectrogram_get_n_bands (b));
  g_assert_cmpuint (ht_spectrogram_get_n_columns (a), ==, ht_spectrogram_get_n_columns (b));
  g_assert_cmpuint (ht_spectrogram_get_pooling (a), ==, ht_spectrogram_get_pooling (b));
  g_assert_cmpfloat (ht_spectrogram_get_start_time (a), ==, ht_spectrogram_get_start_time (b));
}

/* A long track decoded in two halves at once gives the one-pass picture: bit for bit when the
 * decoder can seek to the sample (22 050 Hz mono WAV), at any pooling; to within rounding
 * through a resampler or an MP3 decoder, which start cold after a seek. A length hint that
 * is wrong falls back to one pass, and cancelling stops both halves. */
static void
test_split_matches_one_pass (void)
{
  const double seconds = 61;   /* the shortest that splits: halves of 1024 frames */
  g_autofree char *exact_path = g_build_filename (tmpdir, "sweep-22k.wav", NULL);
  g_autofree char *wav_path = g_build_filename (tmpdir, "sweep-44k.wav", NULL);
  g_autofree char *mp3_path = g_build_filename (tmpdir, "sweep.mp3", NULL);
  g_autoptr(GFile) exact = g_file_new_for_path (exact_path);
  g_autoptr(GFile) wav = g_file_new_for_path (wav_path);
  g_autoptr(GFile) mp3 = g_file_new_for_path (mp3_path);
  const guint poolings[] = { 4096, 64, 0 };

  ht_test_write_sndfile (exact_path, SF_FORMAT_WAV | SF_FORMAT_FLOAT, HT_AUDIO_RATE, 1, seconds,
                         NULL);
  ht_test_write_sndfile (wav_path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, seconds, NULL);
  ht_test_write_gst (mp3_path, "lamemp3enc ! xingmux", 44100, 2, seconds, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (poolings); i++)
    {
      HtDecodeInfo one_info = { 0 }, two_info = { 0 };
      Progress p = { 0 };
      g_autoptr(HtSpectrogram) one = compute_with (exact, 0, poolings[i], &one_info, NULL);
      g_autoptr(HtSpectrogram) two = compute_with (exact, seconds, poolings[i], &two_info, &p);
      gsize n = (gsize) ht_spectrogram_get_n_bands (one) * ht_spectrogram_get_n_columns (one);

      assert_same_shape (one, two);
      g_assert_cmpuint (_ht_spectrogram_get_n_parts (one), ==, 1);
      g_assert_cmpuint (_ht_spectrogram_get_n_parts (two), ==, 2);
      g_assert_cmpmem (ht_spectrogram_get_values (one), n * sizeof (float),
                       ht_spectrogram_get_values (two), n * sizeof (float));
      g_assert_cmpfloat (ht_spectrogram_get_max_db (one), ==, ht_spectrogram_get_max_db (two));
      g_assert_cmpint (two_info.clip_kind, ==, HT_CLIP_FULL);
      g_assert_cmpuint (two_info.n_samples, ==, one_info.n_samples);
      g_assert_cmpfloat_with_epsilon (two_info.duration, one_info.duration, 1e-9);
      g_assert_cmpfloat (p.last, ==, 1.0);
      ht_decode_info_clear (&one_info);
      ht_decode_info_clear (&two_info);
    }

  {
    g_autoptr(HtSpectrogram) one = compute_with (wav, 0, 4096, NULL, NULL);
    g_autoptr(HtSpectrogram) two = compute_with (wav, seconds, 4096, NULL, NULL);

    assert_same_shape (one, two);
    g_assert_cmpuint (_ht_spectrogram_get_n_parts (two), ==, 2);
    g_assert_cmpfloat (share_apart (one, two, 0.01), ==, 0);
  }
  {
    HtDecodeInfo one_info = { 0 }, two_info = { 0 };
    g_autoptr(HtSpectrogram) one = compute_with (mp3, 0, 4096, &one_info, NULL);
    g_autoptr(HtSpectrogram) two = compute_with (mp3, seconds, 4096, &two_info, NULL);

    assert_same_shape (one, two);
    g_assert_cmpuint (_ht_spectrogram_get_n_parts (two), ==, 2);
    g_assert_cmpfloat (share_apart (one, two, 0.5), <, 0.001);
    g_assert_cmpfloat_with_epsilon (two_info.duration, one_info.duration, 1e-6);
    ht_decode_info_clear (&one_info);
    ht_decode_info_clear (&two_info);
  }

  /* A hint far off (the halves would not meet): one pass, the same picture. */
  {
    g_autoptr(HtSpectrogram) one = compute_with (exact, 0, 4096, NULL, NULL);
    g_autoptr(HtSpectrogram) wrong = compute_with (exact, 4 * seconds, 4096, NULL, NULL);

    assert_same_shape (one, wrong);
    g_assert_cmpuint (_ht_spectrogram_get_n_parts (wrong), ==, 1);
    g_assert_cmpfloat (share_apart (one, wrong, 0), ==, 0);
  }

  /* Cancelled half-way through the halves. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GError) error = NULL;
    Progress p = { 0, 0, cancellable };
    HtSpectrogramOptions o;
    HtSpectrogram *s;

    ht_spectrogram_options_init (&o);
    o.split_hint = seconds;
    s = ht_spectrogram_compute (mp3, &o, on_progress, &p, NULL, cancellable, &error);
    g_assert_null (s);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }
}

/* The spectrogram's decode fills the clip (seconds `start` to `end`) and closes it, as the
 * analyzer does; returns the clip's samples (a copy) or NULL when it was not filled. */
static float *
shared_samples (GFile  *file,
                double  split_hint,
                double  start,
                double  end,
                gsize  *n)
{
  g_autoptr(HtSharedClip) clip = ht_shared_clip_new (start, end);
  g_autoptr(HtSpectrogram) s = NULL;
  g_autoptr(HtSpectrogram) plain = compute_with (file, split_hint, 4096, NULL, NULL);
  g_autoptr(GError) error = NULL;
  HtSpectrogramOptions o;
  const float *x;

  ht_spectrogram_options_init (&o);
  o.split_hint = split_hint;
  o.shared_clip = clip;
  s = ht_spectrogram_compute (file, &o, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (_ht_spectrogram_get_n_parts (s), ==, split_hint > 0 ? 2 : 1);
  /* Sharing (and the first half decoding on to the clip's end) leaves the picture as is. */
  assert_same_shape (s, plain);
  g_assert_cmpfloat (share_apart (s, plain, 0), ==, 0);
  ht_shared_clip_close (clip);
  x = ht_shared_clip_wait (clip, n, NULL);
  return x != NULL ? g_memdup2 (x, *n * sizeof (float)) : NULL;
}

static float *
window_samples (GFile  *file,
                double  start,
                double  end,
                gsize  *n)
{
  HtClipRequest request = { start, end, FALSE };
  g_autoptr(GError) error = NULL;
  float *x = ht_audio_decode_clip (file, &request, n, NULL, NULL, &error);

  g_assert_no_error (error);
  return x;
}

/* The whole-track decode hands the audio model the samples a decode of the window alone
 * gives: bit for bit where the decoder seeks to the sample (22 050 Hz mono WAV), one pass or
 * the first of two halves; through the resampler (44.1 kHz stereo) or an MP3 decoder, which
 * start cold after a seek and (the resampler) end on a flush, the same count, and the same
 * samples away from the two edges. A window that starts before the split and ends after it
 * comes whole from the first half, which decodes on to its end; one after the split is left
 * unfilled (the model decodes it itself). */
static void
test_shares_clip (void)
{
  const double seconds = 61;   /* halves of 1024 frames: the first holds 0:00-0:23.8 */
  g_autofree char *exact_path = g_build_filename (tmpdir, "share-22k.wav", NULL);
  g_autofree char *wav_path = g_build_filename (tmpdir, "share-44k.wav", NULL);
  g_autofree char *mp3_path = g_build_filename (tmpdir, "share.mp3", NULL);
  g_autoptr(GFile) exact = g_file_new_for_path (exact_path);
  g_autoptr(GFile) wav = g_file_new_for_path (wav_path);
  g_autoptr(GFile) mp3 = g_file_new_for_path (mp3_path);
  const struct { double split_hint, start, end; } cases[] = {
    { 0, 30, 45 }, { seconds, 5, 20 }, { 0, 0, 1.5 }, { seconds, 20, 30 },
  };

  ht_test_write_sndfile (exact_path, SF_FORMAT_WAV | SF_FORMAT_FLOAT, HT_AUDIO_RATE, 1, seconds,
                         NULL);
  ht_test_write_sndfile (wav_path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, seconds, NULL);
  ht_test_write_gst (mp3_path, "lamemp3enc ! xingmux", 44100, 2, seconds, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize n_shared = 0, n_window = 0;
      g_autofree float *shared = shared_samples (exact, cases[i].split_hint, cases[i].start,
                                                 cases[i].end, &n_shared);
      g_autofree float *window = window_samples (exact, cases[i].start, cases[i].end, &n_window);

      g_assert_nonnull (shared);
      g_assert_cmpuint (n_shared, ==, n_window);
      g_assert_cmpmem (shared, n_shared * sizeof (float), window, n_window * sizeof (float));
    }

  {
    const GFile *files[] = { wav, mp3 };
    const double tolerance = 1e-5;

    for (guint f = 0; f < G_N_ELEMENTS (files); f++)
      {
        gsize n_shared = 0, n_window = 0, differ = 0;
        g_autofree float *shared = shared_samples ((GFile *) files[f], 0, 30, 45, &n_shared);
        g_autofree float *window = window_samples ((GFile *) files[f], 30, 45, &n_window);
        double max_inside = 0;

        g_assert_nonnull (shared);
        g_assert_cmpuint (n_shared, ==, n_window);
        for (gsize k = 0; k < n_shared; k++)
          {
            double d = fabs ((double) shared[k] - window[k]);

            differ += d > tolerance;
            if (k >= HT_AUDIO_RATE / 10 && k + HT_AUDIO_RATE / 10 < n_shared)
              max_inside = MAX (max_inside, d);   /* 0.1 s from either edge */
          }
        g_test_message ("%s: %zu of %zu samples differ by more than %g; 0.1 s from the edges "
                        "at most %g", f == 0 ? "WAV 44.1 kHz" : "MP3", differ, n_shared,
                        tolerance, max_inside);
        g_assert_cmpfloat (max_inside, <=, tolerance);
        g_assert_cmpuint (differ, <, HT_AUDIO_RATE / 10);
      }
  }

  /* After the split (0:23.8): not filled, so the model decodes the window itself. */
  {
    gsize n = 99;
    g_autofree float *shared = shared_samples (exact, seconds, 30, 40, &n);

    g_assert_null (shared);
    g_assert_cmpuint (n, ==, 0);
  }
}

int
main (int argc, char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);
  tmpdir = g_dir_make_tmp ("hometown-test-spectrogram-XXXXXX", NULL);
  g_test_add_func ("/engine/spectrogram/pooling-is-max", test_pooling_is_max);
  g_test_add_func ("/engine/spectrogram/time-axis", test_time_axis);
  g_test_add_func ("/engine/spectrogram/tone", test_tone_is_where_it_should_be);
  g_test_add_func ("/engine/spectrogram/silence", test_silence);
  g_test_add_func ("/engine/spectrogram/compute-file", test_compute_file);
  g_test_add_func ("/engine/spectrogram/split-matches-one-pass", test_split_matches_one_pass);
  g_test_add_func ("/engine/spectrogram/shares-clip", test_shares_clip);
  g_test_add_func ("/engine/spectrogram-renderer/paint", test_paint);
  g_test_add_func ("/engine/spectrogram-renderer/write-png", test_write_png);
  g_test_add_func ("/engine/npy/round-trip", test_npy_round_trip);
  status = g_test_run ();
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
  return status;
}
