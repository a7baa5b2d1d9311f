/* Tests for htc-metrics (hand-worked confusion and group votes), htc-calibration (a temperature recovered from
 * labels drawn at a known temperature) and htc-chi2 (hand-worked scores). */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "htc-calibration.h"
#include "htc-chi2.h"
#include "htc-csr.h"
#include "htc-metrics.h"
#include "htc-rng.h"

static void
test_metrics (void)
{
  /* true 0 0 0 1 1 2 2 2 2 2, predicted 0 0 1 1 2 2 2 2 0 2:
   * confusion [[2,1,0],[0,1,1],[1,0,4]]; accuracy 7/10; recall (2/3, 1/2, 4/5);
   * precision (2/3, 1/2, 4/5); F1 = recall here; macro-F1 = (2/3 + 1/2 + 4/5) / 3 = 0.6556;
   * balanced accuracy the same. */
  const int32_t yt[] = { 0, 0, 0, 1, 1, 2, 2, 2, 2, 2 };
  const int32_t yp[] = { 0, 0, 1, 1, 2, 2, 2, 2, 0, 2 };
  HtcMetrics m;

  g_assert_cmpint (htc_metrics_compute (yt, yp, 10, 3, &m), ==, HTC_OK);
  g_assert_cmpuint (m.confusion[0][1], ==, 1);
  g_assert_cmpuint (m.confusion[2][0], ==, 1);
  g_assert_cmpfloat_with_epsilon (m.accuracy, 0.7, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.recall[0], 2.0 / 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.recall[1], 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.precision[2], 0.8, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.macro_f1, (2.0 / 3 + 0.5 + 0.8) / 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.balanced_accuracy, (2.0 / 3 + 0.5 + 0.8) / 3, 1e-12);

  /* A class never seen nor predicted: F1 0 (as scikit-learn), not part of balanced accuracy. */
  g_assert_cmpint (htc_metrics_compute (yt, yp, 10, 4, &m), ==, HTC_OK);
  g_assert_cmpfloat_with_epsilon (m.macro_f1, (2.0 / 3 + 0.5 + 0.8) / 4, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.balanced_accuracy, (2.0 / 3 + 0.5 + 0.8) / 3, 1e-12);
  g_assert_cmpint (htc_metrics_compute (yt, yp, 10, 2, &m), ==, HTC_ERROR_INVALID_ARG);
}

static void
test_vote_by_group (void)
{
  /* Five groups over ten rows:
   *   group 0, true 0: predicted 0 0 1            → 0 (two votes of three)
   *   group 1, true 1: predicted 1 2, a tie        → 2 (scores 0.5 + 0.2 = 0.7 for 1 against
   *                                                   0.4 + 0.7 = 1.1 for 2)
   *   group 2: no rows                             → -1, -1
   *   group 3, true 2: predicted 3 0, a tie        → 0 (scores 0.3 + 0.6 for 3 against
   *                                                   0.6 + 0.3 for 0: equal, the smaller label)
   *   group 4, true 3: predicted 3 3 1             → 3
   * Without scores group 1's tie goes to the smaller label, 1. */
  const int32_t yt[] = { 0, 0, 0, 1, 1, 2, 2, 3, 3, 3 };
  const int32_t yp[] = { 0, 0, 1, 1, 2, 3, 0, 3, 3, 1 };
  const uint32_t group[] = { 0, 0, 0, 1, 1, 3, 3, 4, 4, 4 };
  const float scores[] = {
    0.7f, 0.1f, 0.1f, 0.1f,   0.6f, 0.2f, 0.1f, 0.1f,   0.3f, 0.4f, 0.2f, 0.1f,
    0.0f, 0.5f, 0.4f, 0.1f,   0.1f, 0.2f, 0.7f, 0.0f,
    0.6f, 0.1f, 0.0f, 0.3f,   0.3f, 0.1f, 0.0f, 0.6f,
    0.1f, 0.1f, 0.1f, 0.7f,   0.0f, 0.1f, 0.1f, 0.8f,   0.1f, 0.5f, 0.1f, 0.3f,
  };
  const int32_t want_true[] = { 0, 1, -1, 2, 3 };
  const int32_t want_pred[] = { 0, 2, -1, 0, 3 };
  int32_t gt[5], gp[5];
  size_t voted = 0;
  const int32_t mixed[] = { 0, 1, 0, 1, 1, 2, 2, 3, 3, 3 };
  const uint32_t outside[] = { 0, 0, 0, 1, 1, 3, 3, 4, 4, 5 };

  g_assert_cmpint (htc_metrics_vote_by_group (yt, yp, scores, group, 10, 5, 4, gt, gp, &voted),
                   ==, HTC_OK);
  g_assert_cmpuint (voted, ==, 4);
  g_assert_cmpmem (gt, sizeof gt, want_true, sizeof want_true);
  g_assert_cmpmem (gp, sizeof gp, want_pred, sizeof want_pred);

  g_assert_cmpint (htc_metrics_vote_by_group (yt, yp, NULL, group, 10, 5, 4, gt, gp, NULL),
                   ==, HTC_OK);
  g_assert_cmpint (gp[1], ==, 1);
  g_assert_cmpint (gp[3], ==, 0);

  /* A group whose rows disagree on the true label, a group id out of range. */
  g_assert_cmpint (htc_metrics_vote_by_group (mixed, yp, NULL, group, 10, 5, 4, gt, gp, NULL),
                   ==, HTC_ERROR_INVALID_ARG);
  g_assert_cmpint (htc_metrics_vote_by_group (yt, yp, NULL, outside, 10, 5, 4, gt, gp, NULL),
                   ==, HTC_ERROR_INVALID_ARG);
  /* A group count whose tally cannot be allocated: refused before anything is written. */
  g_assert_cmpint (htc_metrics_vote_by_group (yt, yp, NULL, group, 10, SIZE_MAX / 2, 4, gt, gp, NULL),
                   ==, HTC_ERROR_NOMEM);
}

static void
test_temperature (void)
{
  /* Labels drawn from softmax (z / 2): the fitted temperature must come out near 2. */
  const size_t n = 20000, k = 4;
  g_autofree float *z = g_new (float, n * k);
  g_autofree int32_t *y = g_new (int32_t, n);
  HtcRng rng;
  double t = 0;

  htc_rng_init (&rng, 11);
  for (size_t i = 0; i < n; i++)
    {
      double p[4], sum = 0, u = htc_rng_uniform (&rng), acc = 0;
      for (size_t c = 0; c < k; c++)
        {
          z[i * k + c] = 3 * htc_rng_normal (&rng);
          p[c] = exp (z[i * k + c] / 2.0);
          sum += p[c];
        }
      y[i] = (int32_t) k - 1;
      for (size_t c = 0; c < k; c++)
        {
          acc += p[c] / sum;
          if (u < acc)
            {
              y[i] = (int32_t) c;
              break;
            }
        }
    }
  g_assert_cmpint (htc_calibration_fit_temperature (z, y, NULL, n, k, &t), ==, HTC_OK);
  g_test_message ("fitted T = %.4f", t);
  g_assert_cmpfloat_with_epsilon (t, 2.0, 0.1);
  /* The fitted T is a minimum of the NLL. */
  g_assert_cmpfloat (htc_calibration_nll (z, y, NULL, n, k, t), <=,
                     htc_calibration_nll (z, y, NULL, n, k, t * 1.1));
  g_assert_cmpfloat (htc_calibration_nll (z, y, NULL, n, k, t), <=,
                     htc_calibration_nll (z, y, NULL, n, k, t / 1.1));
  /* Calibrated, the expected calibration error is small; at T = 1 it is not. */
  g_assert_cmpfloat (htc_calibration_ece (z, y, n, k, t, 15), <, 0.02);
  g_assert_cmpfloat (htc_calibration_ece (z, y, n, k, 1.0, 15), >, 0.05);
}

static void
test_chi2 (void)
{
  /* Four samples (classes 0 0 1 1), two features, transposed (features x samples):
   *   f0 = (1, 1, 0, 0): O = (2, 0), E = (1, 1) → chi² = 1 + 1 = 2
   *   f1 = (1, 1, 1, 1): O = (2, 2), E = (2, 2) → 0 */
  HtcCsr *xt = NULL;
  const int32_t y[] = { 0, 0, 1, 1 };
  const int64_t indptr[] = { 0, 2, 6 };
  const int32_t indices[] = { 0, 1, 0, 1, 2, 3 };
  double scores[2];
  int32_t top[2];

  g_assert_cmpint (htc_csr_new (2, 4, 6, &xt), ==, HTC_OK);
  memcpy (xt->indptr, indptr, sizeof indptr);
  memcpy (xt->indices, indices, sizeof indices);
  for (int i = 0; i < 6; i++)
    xt->data[i] = 1;
  g_assert_cmpint (htc_chi2_scores (xt, y, NULL, 2, scores), ==, HTC_OK);
  g_assert_cmpfloat_with_epsilon (scores[0], 2.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (scores[1], 0.0, 1e-12);
  g_assert_cmpint (htc_top_k (scores, 2, 2, top), ==, HTC_OK);
  g_assert_cmpint (top[0], ==, 0);
  g_assert_cmpint (top[1], ==, 1);
  htc_csr_free (xt);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/metrics/hand-worked", test_metrics);
  g_test_add_func ("/core/metrics/vote-by-group", test_vote_by_group);
  g_test_add_func ("/core/calibration/temperature", test_temperature);
  g_test_add_func ("/core/chi2/hand-worked", test_chi2);
  return g_test_run ();
}
