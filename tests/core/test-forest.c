/* Tests for htc-forest: separable data is learned exactly, probabilities are distributions,
 * class balancing shifts a tie, results do not depend on the thread count, errors. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "htc-forest.h"
#include "htc-rng.h"

/* Four classes by quadrant of two features in [-1, 1], plus a noise feature. */
static void
quadrants (HtcRng  *rng,
           size_t   n,
           float   *x,
           int32_t *y)
{
  for (size_t i = 0; i < n; i++)
    {
      float a = htc_rng_uniform (rng) * 2 - 1, b = htc_rng_uniform (rng) * 2 - 1;
      if (fabsf (a) < 0.05f)
        a = a < 0 ? -0.05f : 0.05f;
      if (fabsf (b) < 0.05f)
        b = b < 0 ? -0.05f : 0.05f;
      x[i * 3] = a;
      x[i * 3 + 1] = b;
      x[i * 3 + 2] = htc_rng_uniform (rng);
      y[i] = (a > 0 ? 1 : 0) + (b > 0 ? 2 : 0);
    }
}

static void
test_separable (void)
{
  const size_t n = 400, m = 200;
  g_autofree float *x = g_new (float, n * 3), *xt = g_new (float, m * 3);
  g_autofree int32_t *y = g_new (int32_t, n), *yt = g_new (int32_t, m);
  HtcForestParams p = { .n_trees = 50, .min_samples_leaf = 2, .balanced = 1, .seed = 7, .n_threads = 2 };
  HtcForest *f = NULL;
  HtcRng rng;
  size_t correct = 0;

  htc_rng_init (&rng, 1);
  quadrants (&rng, n, x, y);
  quadrants (&rng, m, xt, yt);
  g_assert_cmpint (htc_forest_train (&p, x, n, 3, y, 4, &f), ==, HTC_OK);
  g_assert_cmpuint (htc_forest_n_trees (f), ==, 50);
  g_assert_cmpuint (htc_forest_n_features (f), ==, 3);
  for (size_t i = 0; i < m; i++)
    {
      float proba[4], sum = 0;
      int32_t best = 0;
      htc_forest_predict_proba (f, xt + i * 3, proba);
      for (int k = 0; k < 4; k++)
        {
          g_assert_cmpfloat (proba[k], >=, 0);
          sum += proba[k];
          if (proba[k] > proba[best])
            best = k;
        }
      g_assert_cmpfloat_with_epsilon (sum, 1.0, 1e-5);
      correct += best == yt[i];
    }
  g_test_message ("held-out accuracy %zu / %zu", correct, m);
  /* Axis-aligned quadrants with a margin: every held-out point right. */
  g_assert_cmpuint (correct, ==, m);
  htc_forest_free (f);
}

static void
test_deterministic (void)
{
  const size_t n = 300;
  g_autofree float *x = g_new (float, n * 3);
  g_autofree int32_t *y = g_new (int32_t, n);
  HtcForestParams p = { .n_trees = 20, .min_samples_leaf = 2, .balanced = 0, .seed = 99, .n_threads = 1 };
  HtcForest *a = NULL, *b = NULL;
  HtcRng rng;

  htc_rng_init (&rng, 2);
  quadrants (&rng, n, x, y);
  /* Label noise, so trees differ and any nondeterminism would show. */
  for (size_t i = 0; i < n; i += 7)
    y[i] = (y[i] + 1) % 4;
  g_assert_cmpint (htc_forest_train (&p, x, n, 3, y, 4, &a), ==, HTC_OK);
  p.n_threads = 3;
  g_assert_cmpint (htc_forest_train (&p, x, n, 3, y, 4, &b), ==, HTC_OK);
  g_assert_cmpuint (htc_forest_n_nodes (a), ==, htc_forest_n_nodes (b));
  for (size_t i = 0; i < n; i++)
    {
      float pa[4], pb[4];
      htc_forest_predict_proba (a, x + i * 3, pa);
      htc_forest_predict_proba (b, x + i * 3, pb);
      g_assert_cmpmem (pa, sizeof pa, pb, sizeof pb);
    }
  htc_forest_free (a);
  htc_forest_free (b);
}

static void
test_balanced (void)
{
  /* One feature that cannot separate anything (constant) and 3:1 classes: every tree is a
   * single leaf holding the class weights. Unbalanced: 0.75 / 0.25; balanced: 0.5 / 0.5 in
   * expectation over bootstraps. */
  const size_t n = 400;
  g_autofree float *x = g_new0 (float, n);
  g_autofree int32_t *y = g_new (int32_t, n);
  HtcForestParams p = { .n_trees = 200, .min_samples_leaf = 1, .balanced = 0, .seed = 3, .n_threads = 2 };
  HtcForest *f = NULL;
  float proba[2], row[1] = { 0 };

  for (size_t i = 0; i < n; i++)
    y[i] = i % 4 == 0;
  g_assert_cmpint (htc_forest_train (&p, x, n, 1, y, 2, &f), ==, HTC_OK);
  htc_forest_predict_proba (f, row, proba);
  g_assert_cmpfloat_with_epsilon (proba[0], 0.75, 0.02);
  htc_forest_free (f);
  p.balanced = 1;
  g_assert_cmpint (htc_forest_train (&p, x, n, 1, y, 2, &f), ==, HTC_OK);
  htc_forest_predict_proba (f, row, proba);
  g_assert_cmpfloat_with_epsilon (proba[0], 0.5, 0.02);
  g_assert_cmpuint (htc_forest_n_nodes (f), ==, 200);
  htc_forest_free (f);
}

static void
test_errors (void)
{
  float x[] = { 0, 1, NAN, 3 };
  int32_t y[] = { 0, 1, 0, 1 };
  volatile int cancel = 1;
  HtcForestParams p = { .n_trees = 5, .min_samples_leaf = 1, .seed = 1, .n_threads = 1 };
  HtcForest *f = NULL;

  g_assert_cmpint (htc_forest_train (&p, x, 4, 1, y, 2, &f), ==, HTC_ERROR_NUMERIC);
  x[2] = 2;
  y[3] = 5;
  g_assert_cmpint (htc_forest_train (&p, x, 4, 1, y, 2, &f), ==, HTC_ERROR_INVALID_ARG);
  y[3] = 1;
  p.cancel = &cancel;
  g_assert_cmpint (htc_forest_train (&p, x, 4, 1, y, 2, &f), ==, HTC_ERROR_CANCELLED);
  g_assert_null (f);
  htc_forest_free (NULL);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/forest/separable", test_separable);
  g_test_add_func ("/core/forest/deterministic", test_deterministic);
  g_test_add_func ("/core/forest/balanced", test_balanced);
  g_test_add_func ("/core/forest/errors", test_errors);
  return g_test_run ();
}
