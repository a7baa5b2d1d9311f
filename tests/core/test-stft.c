/* Tests for htc-stft: known spectra worked out by hand, and the golden reference. */
#include <math.h>
#include <glib.h>

#include "htc-stft.h"
#include "../ht-test-npy.h"

typedef struct { size_t n_fft, bin; } SineCase;

static HtcStft *
make_stft (size_t n_fft, size_t hop, HtcWindow window, int center)
{
  HtcStftParams p = { n_fft, hop, window, center };
  HtcStft *stft = NULL;
  g_assert_cmpint (htc_stft_new (&p, &stft), ==, HTC_OK);
  g_assert_nonnull (stft);
  return stft;
}

static void
test_sine_peak (gconstpointer data)
{
  const SineCase *c = data;
  size_t n = c->n_fft * 8, n_bins, n_frames, peak = 0;
  g_autofree float *x = g_new (float, n);
  g_autofree float *power = NULL;
  HtcStft *stft = make_stft (c->n_fft, c->n_fft / 2, HTC_WINDOW_HANN, 1);

  /* A bin-centred sine: the peak must land on that bin. The periodic Hann window's DFT is
   * N/2 at 0 and -N/4 at +-1 and zero elsewhere, so the two neighbours carry exactly half the
   * peak's magnitude (a quarter of its power) and every other bin nothing. */
  for (size_t i = 0; i < n; i++)
    x[i] = (float) sin (2 * G_PI * (double) c->bin * (double) i / (double) c->n_fft);
  n_bins = htc_stft_n_bins (stft);
  n_frames = htc_stft_n_frames (stft, n);
  g_assert_cmpuint (n_bins, ==, c->n_fft / 2 + 1);
  g_assert_cmpuint (n_frames, ==, 1 + n / (c->n_fft / 2));
  power = g_new (float, n_frames * n_bins);
  g_assert_cmpint (htc_stft_power (stft, x, n, power, n_frames * n_bins), ==, HTC_OK);
  for (size_t k = 1; k < n_bins; k++)
    if (power[3 * n_bins + k] > power[3 * n_bins + peak])
      peak = k;
  g_assert_cmpuint (peak, ==, c->bin);
  /* Amplitude at the peak: sum(w)/2 = n_fft/4 for unit sine -> power n_fft^2/16. */
  g_assert_cmpfloat_with_epsilon (power[3 * n_bins + c->bin] / (c->n_fft * c->n_fft / 16.0), 1.0, 1e-3);
  g_assert_cmpfloat_with_epsilon (power[3 * n_bins + c->bin + 1] / power[3 * n_bins + c->bin], 0.25, 1e-3);
  g_assert_cmpfloat (power[3 * n_bins + c->bin + 3] / power[3 * n_bins + c->bin], <, 1e-8);
  htc_stft_free (stft);
}

static void
test_silence (void)
{
  size_t n = 4096;
  g_autofree float *x = g_new0 (float, n);
  HtcStft *stft = make_stft (1024, 256, HTC_WINDOW_HANN, 1);
  size_t len = htc_stft_n_frames (stft, n) * htc_stft_n_bins (stft);
  g_autofree float *power = g_new (float, len);

  g_assert_cmpint (htc_stft_power (stft, x, n, power, len), ==, HTC_OK);
  for (size_t i = 0; i < len; i++)
    g_assert_cmpfloat (power[i], ==, 0.0f);
  /* dB of silence: every value at the amin floor, -100 dB, and top_db leaves it there. */
  g_assert_cmpfloat_with_epsilon (htc_power_to_db (power, len, 1e-10f, 1.0f, 80.0f), -100.0, 1e-4);
  for (size_t i = 0; i < len; i++)
    g_assert_cmpfloat_with_epsilon (power[i], -100.0, 1e-4);
  htc_stft_free (stft);
}

static void
test_dc (void)
{
  /* DC of amplitude a through a periodic Hann window of n: bin 0 = a*n/2, bin 1 = a*n/4
   * (magnitude), all others 0. Uncentred, so every frame is full. */
  size_t n_fft = 512, n = 2048;
  g_autofree float *x = g_new (float, n);
  HtcStft *stft = make_stft (n_fft, 128, HTC_WINDOW_HANN, 0);
  size_t n_bins = htc_stft_n_bins (stft), n_frames = htc_stft_n_frames (stft, n);
  g_autofree float *power = g_new (float, n_frames * n_bins);

  for (size_t i = 0; i < n; i++)
    x[i] = 0.5f;
  g_assert_cmpuint (n_frames, ==, 1 + (n - n_fft) / 128);
  g_assert_cmpint (htc_stft_power (stft, x, n, power, n_frames * n_bins), ==, HTC_OK);
  for (size_t t = 0; t < n_frames; t++)
    {
      const float *p = power + t * n_bins;
      g_assert_cmpfloat_with_epsilon (sqrt (p[0]), 0.5 * n_fft / 2, 1e-2);
      g_assert_cmpfloat_with_epsilon (sqrt (p[1]), 0.5 * n_fft / 4, 1e-2);
      for (size_t k = 2; k < n_bins; k++)
        g_assert_cmpfloat (p[k], <, 1e-6);
    }
  htc_stft_free (stft);
}

static void
test_golden_power (void)
{
  gsize n, one, g_frames, g_bins;
  g_autofree float *x = ht_test_load_npy ("mel-input.npy", &n, &one);
  g_autofree float *golden = ht_test_load_npy ("stft-golden-power.npy", &g_frames, &g_bins);
  HtcStft *stft = make_stft (2048, 512, HTC_WINDOW_HANN, 1);
  size_t n_bins = htc_stft_n_bins (stft), n_frames = htc_stft_n_frames (stft, n);
  g_autofree float *power = g_new (float, n_frames * n_bins);
  double max_rel = 0;

  g_assert_cmpuint (g_bins, ==, n_bins);
  g_assert_cmpint (htc_stft_power (stft, x, n, power, n_frames * n_bins), ==, HTC_OK);
  for (gsize i = 0; i < g_frames * g_bins; i++)
    {
      /* Relative to the frame's peak: float32 FFT error is relative to the largest value. */
      double scale = 0;
      gsize t = i / g_bins;
      for (gsize k = 0; k < g_bins; k++)
        scale = MAX (scale, golden[t * g_bins + k]);
      max_rel = MAX (max_rel, fabs (power[i] - golden[i]) / scale);
    }
  g_test_message ("max error relative to frame peak: %g", max_rel);
  g_assert_cmpfloat (max_rel, <, 1e-5);
  htc_stft_free (stft);
}

static void
test_invalid (void)
{
  HtcStft *stft = (HtcStft *) 0x1;
  HtcStftParams not_pow2 = { 1000, 256, HTC_WINDOW_HANN, 1 };
  HtcStftParams zero_hop = { 1024, 0, HTC_WINDOW_HANN, 1 };
  HtcStftParams big_hop = { 1024, 2048, HTC_WINDOW_HANN, 1 };
  HtcStftParams tiny = { 32, 8, HTC_WINDOW_HANN, 1 };
  HtcStftParams bad_window = { 1024, 256, (HtcWindow) 99, 1 };

  g_assert_cmpint (htc_stft_new (&not_pow2, &stft), ==, HTC_ERROR_INVALID_ARG);
  g_assert_null (stft);
  g_assert_cmpint (htc_stft_new (&zero_hop, &stft), ==, HTC_ERROR_INVALID_ARG);
  g_assert_cmpint (htc_stft_new (&big_hop, &stft), ==, HTC_ERROR_INVALID_ARG);
  g_assert_cmpint (htc_stft_new (&tiny, &stft), ==, HTC_ERROR_INVALID_ARG);
  g_assert_cmpint (htc_stft_new (&bad_window, &stft), ==, HTC_ERROR_INVALID_ARG);
  g_assert_cmpint (htc_stft_new (NULL, &stft), ==, HTC_ERROR_INVALID_ARG);
  g_assert_cmpint (htc_stft_new (&zero_hop, NULL), ==, HTC_ERROR_INVALID_ARG);
  htc_stft_free (NULL);

  {
    HtcStft *ok = make_stft (1024, 256, HTC_WINDOW_HANN, 1);
    float out[4];
    /* Output buffer too small for the frames the input gives. */
    g_assert_cmpint (htc_stft_power (ok, out, 4, out, 4), ==, HTC_ERROR_INVALID_ARG);
    htc_stft_free (ok);
  }
}

int
main (int argc, char *argv[])
{
  static const SineCase cases[] = { { 256, 5 }, { 1024, 40 }, { 2048, 300 } };

  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/core/stft/sine-peak/%zu", cases[i].n_fft);
      g_test_add_data_func (path, &cases[i], test_sine_peak);
    }
  g_test_add_func ("/core/stft/silence", test_silence);
  g_test_add_func ("/core/stft/dc", test_dc);
  g_test_add_func ("/core/stft/golden-power", test_golden_power);
  g_test_add_func ("/core/stft/invalid", test_invalid);
  return g_test_run ();
}
