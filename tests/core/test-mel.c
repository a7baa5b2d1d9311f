/* Tests for htc-mel and htc-spectro against hand-worked values and the golden reference
 * made by tools/make-mel-golden.py. */
#include <math.h>
#include <glib.h>

#include "htc-mel.h"
#include "htc-spectro.h"
#include "htc-stft.h"
#include "../ht-test-npy.h"

static void
test_scale (void)
{
  /* Slaney: 200/3 Hz per mel up to 1 kHz (= 15 mel), then 27 mel per factor 6.4. */
  g_assert_cmpfloat_with_epsilon (htc_hz_to_mel (0), 0, 1e-12);
  g_assert_cmpfloat_with_epsilon (htc_hz_to_mel (200), 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (htc_hz_to_mel (1000), 15, 1e-12);
  g_assert_cmpfloat_with_epsilon (htc_hz_to_mel (6400), 42, 1e-9);
  g_assert_cmpfloat_with_epsilon (htc_mel_to_hz (42), 6400, 1e-6);
  for (double hz = 10; hz < 20000; hz *= 1.37)
    g_assert_cmpfloat_with_epsilon (htc_mel_to_hz (htc_hz_to_mel (hz)), hz, 1e-6 * hz);
}

static void
test_filterbank_golden (void)
{
  gsize rows, cols;
  g_autofree float *golden = ht_test_load_npy ("mel-weights-512-40.npy", &rows, &cols);
  HtcMelParams p = { 22050, 512, 40, 0, 0 };
  HtcMelFilterbank *fb = NULL;
  g_autofree float *dense = NULL;
  double max_err = 0;

  g_assert_cmpint (htc_mel_filterbank_new (&p, &fb), ==, HTC_OK);
  g_assert_cmpuint (rows, ==, 40);
  g_assert_cmpuint (cols, ==, htc_mel_filterbank_n_bins (fb));
  dense = g_new (float, rows * cols);
  htc_mel_filterbank_dense (fb, dense);
  for (gsize i = 0; i < rows * cols; i++)
    max_err = MAX (max_err, fabs (dense[i] - golden[i]));
  g_test_message ("filterbank max abs error %g", max_err);
  g_assert_cmpfloat (max_err, <, 1e-7);
  htc_mel_filterbank_free (fb);
}

static void
test_filterbank_triangular (void)
{
  HtcMelParams p = { 22050, 2048, 128, 0, 0 };
  HtcMelFilterbank *fb = NULL;
  size_t n_bins;
  g_autofree float *dense = NULL;

  g_assert_cmpint (htc_mel_filterbank_new (&p, &fb), ==, HTC_OK);
  n_bins = htc_mel_filterbank_n_bins (fb);
  dense = g_new (float, 128 * n_bins);
  htc_mel_filterbank_dense (fb, dense);
  for (size_t m = 0; m < 128; m++)
    {
      const float *row = dense + m * n_bins;
      size_t k = 0, peak;
      /* zeros, a strictly rising run, a falling run, zeros: one triangle and nothing else */
      while (k < n_bins && row[k] == 0)
        k++;
      g_assert_cmpuint (k, <, n_bins);
      while (k + 1 < n_bins && row[k + 1] > row[k])
        k++;
      peak = k;
      while (k + 1 < n_bins && row[k + 1] < row[k] && row[k + 1] > 0)
        k++;
      for (k = k + 1; k < n_bins; k++)
        g_assert_cmpfloat (row[k], ==, 0);
      /* the peak sits next to the band's centre frequency */
      g_assert_cmpfloat (fabs (peak * 22050.0 / 2048 - htc_mel_filterbank_center_hz (fb, m)),
                         <=, 22050.0 / 2048);
      if (m > 0)
        g_assert_cmpfloat (htc_mel_filterbank_center_hz (fb, m), >,
                           htc_mel_filterbank_center_hz (fb, m - 1));
    }
  htc_mel_filterbank_free (fb);
}

static void
test_spectrogram_golden (void)
{
  gsize n, one, g_bands, g_frames;
  g_autofree float *x = ht_test_load_npy ("mel-input.npy", &n, &one);
  g_autofree float *golden = ht_test_load_npy ("mel-golden-db.npy", &g_bands, &g_frames);
  g_autofree float *db = NULL;
  HtcSpectroParams p;
  float floor_db, max_db;
  double max_err = 0;
  gsize above = 0;

  htc_spectro_params_init_default (&p);
  g_assert_cmpuint (g_bands, ==, 128);
  g_assert_cmpuint (g_frames, ==, 1 + n / 512);
  db = g_new (float, g_bands * g_frames);
  g_assert_cmpint (htc_spectro_compute (&p, x, n, db, g_bands * g_frames), ==, HTC_OK);
  max_db = htc_power_to_db (db, g_bands * g_frames, 1e-10f, 1.0f, 80.0f);
  floor_db = max_db - 80.0f;
  for (gsize i = 0; i < g_bands * g_frames; i++)
    {
      if (golden[i] > floor_db + 0.05f)
        {
          max_err = MAX (max_err, fabs (db[i] - golden[i]));
          above++;
        }
      else   /* at the floor in the reference: ours must be there too (within tolerance) */
        g_assert_cmpfloat (db[i], <=, floor_db + 0.1f);
    }
  g_test_message ("%" G_GSIZE_FORMAT " cells above the floor, max abs error %.5f dB", above, max_err);
  g_assert_cmpuint (above, >, g_bands * g_frames / 2);
  g_assert_cmpfloat (max_err, <=, 0.05);
}

typedef struct { GArray *frames; } Sink;

static void
sink_frame (const float *frame, size_t n_bands, void *user_data)
{
  Sink *s = user_data;
  g_array_append_vals (s->frames, frame, n_bands);
}

static void
test_streaming_matches_one_shot (void)
{
  gsize n, one;
  g_autofree float *x = ht_test_load_npy ("mel-input.npy", &n, &one);
  HtcSpectroParams p;
  HtcSpectro *s = NULL;
  Sink sink = { g_array_new (FALSE, FALSE, sizeof (float)) };
  size_t n_frames = 1 + n / 512, pos = 0, chunk = 1;
  g_autofree float *ref = g_new (float, 128 * n_frames);

  htc_spectro_params_init_default (&p);
  g_assert_cmpint (htc_spectro_compute (&p, x, n, ref, 128 * n_frames), ==, HTC_OK);
  g_assert_cmpint (htc_spectro_new (&p, &s), ==, HTC_OK);
  /* Odd chunk sizes, from 1 sample to many frames, must not change a single value. */
  while (pos < n)
    {
      size_t take = MIN (chunk, n - pos);
      g_assert_cmpint (htc_spectro_push (s, x + pos, take, sink_frame, &sink), ==, HTC_OK);
      pos += take;
      chunk = chunk * 3 + 7;
    }
  g_assert_cmpint (htc_spectro_finish (s, sink_frame, &sink), ==, HTC_OK);
  g_assert_cmpuint (sink.frames->len, ==, 128 * n_frames);
  for (size_t t = 0; t < n_frames; t++)
    for (size_t b = 0; b < 128; b++)
      g_assert_cmpfloat (g_array_index (sink.frames, float, t * 128 + b), ==, ref[b * n_frames + t]);
  g_array_unref (sink.frames);
  htc_spectro_free (s);
}

static void
test_short_and_empty (void)
{
  HtcSpectroParams p;
  HtcSpectro *s = NULL;
  Sink sink = { g_array_new (FALSE, FALSE, sizeof (float)) };
  float x[100];

  htc_spectro_params_init_default (&p);
  g_assert_cmpint (htc_spectro_new (&p, &s), ==, HTC_OK);
  /* No samples at all: one centred frame of zeros, as librosa gives for an empty-ish signal. */
  g_assert_cmpint (htc_spectro_finish (s, sink_frame, &sink), ==, HTC_OK);
  g_assert_cmpuint (sink.frames->len, ==, 128);
  htc_spectro_reset (s);
  g_array_set_size (sink.frames, 0);
  for (int i = 0; i < 100; i++)
    x[i] = 0.25f;
  g_assert_cmpint (htc_spectro_push (s, x, 100, sink_frame, &sink), ==, HTC_OK);
  g_assert_cmpint (htc_spectro_finish (s, sink_frame, &sink), ==, HTC_OK);
  g_assert_cmpuint (sink.frames->len, ==, 128 * (1 + 100 / 512));
  g_array_unref (sink.frames);
  htc_spectro_free (s);
}

static void
test_linear_mode (void)
{
  HtcSpectroParams p;
  HtcSpectro *s = NULL;

  htc_spectro_params_init_default (&p);
  p.scale = HTC_SCALE_LINEAR;
  g_assert_cmpint (htc_spectro_new (&p, &s), ==, HTC_OK);
  g_assert_cmpuint (htc_spectro_n_bands (s), ==, 1025);
  g_assert_cmpfloat_with_epsilon (htc_spectro_band_hz (s, 1024), 11025.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (htc_spectro_hz_to_band (s, 11025.0), 1024.0, 1e-9);
  htc_spectro_free (s);

  p.scale = HTC_SCALE_MEL;
  g_assert_cmpint (htc_spectro_new (&p, &s), ==, HTC_OK);
  for (size_t b = 0; b < 128; b += 17)
    g_assert_cmpfloat_with_epsilon (htc_spectro_hz_to_band (s, htc_spectro_band_hz (s, b)), b, 1e-9);
  htc_spectro_free (s);
}

static void
test_invalid (void)
{
  HtcMelFilterbank *fb = NULL;
  HtcMelParams no_rate = { 0, 2048, 128, 0, 0 };
  HtcMelParams fmax_above_nyquist = { 22050, 2048, 128, 0, 20000 };
  HtcMelParams inverted = { 22050, 2048, 128, 5000, 4000 };
  HtcSpectroParams p;
  HtcSpectro *s = NULL;

  g_assert_cmpint (htc_mel_filterbank_new (&no_rate, &fb), ==, HTC_ERROR_INVALID_ARG);
  g_assert_cmpint (htc_mel_filterbank_new (&fmax_above_nyquist, &fb), ==, HTC_ERROR_INVALID_ARG);
  g_assert_cmpint (htc_mel_filterbank_new (&inverted, &fb), ==, HTC_ERROR_INVALID_ARG);
  g_assert_null (fb);
  htc_spectro_params_init_default (&p);
  p.n_fft = 1000;
  g_assert_cmpint (htc_spectro_new (&p, &s), ==, HTC_ERROR_INVALID_ARG);
  g_assert_null (s);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/mel/scale", test_scale);
  g_test_add_func ("/core/mel/filterbank-golden", test_filterbank_golden);
  g_test_add_func ("/core/mel/filterbank-triangular", test_filterbank_triangular);
  g_test_add_func ("/core/mel/spectrogram-golden", test_spectrogram_golden);
  g_test_add_func ("/core/mel/streaming", test_streaming_matches_one_shot);
  g_test_add_func ("/core/mel/short-and-empty", test_short_and_empty);
  g_test_add_func ("/core/mel/linear", test_linear_mode);
  g_test_add_func ("/core/mel/invalid", test_invalid);
  return g_test_run ();
}
