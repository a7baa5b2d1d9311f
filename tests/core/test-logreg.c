/* Tests for htc-logreg: the gradient against finite differences, convergence on a problem
 * solved by hand, agreement with scikit-learn (tools/make-logreg-golden.py), warm starts,
 * thread-count independence and cancellation. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "htc-csr.h"
#include "htc-logreg.h"
#include "htc-rng.h"
#include "../ht-test-npy.h"

/* Dense samples (n x p, row-major) as the transposed sparse matrix the trainer reads. */
static HtcCsr *
transposed (const float *x,
            size_t       n,
            size_t       p)
{
  HtcCsr *m = NULL, *t = NULL;
  size_t nnz = 0, k = 0;
  g_autofree size_t *rows = g_new (size_t, n);

  for (size_t i = 0; i < n * p; i++)
    nnz += x[i] != 0;
  g_assert_cmpint (htc_csr_new (n, p, nnz, &m), ==, HTC_OK);
  for (size_t i = 0; i < n; i++)
    {
      for (size_t j = 0; j < p; j++)
        if (x[i * p + j] != 0)
          {
            m->indices[k] = (int32_t) j;
            m->data[k++] = x[i * p + j];
          }
      m->indptr[i + 1] = (int64_t) k;
      rows[i] = i;
    }
  g_assert_cmpint (htc_csr_transpose (m, rows, n, &t), ==, HTC_OK);
  htc_csr_free (m);
  return t;
}

static void
test_gradient (void)
{
  const size_t n = 40, p = 7, K = 3, D = (p + 1) * K;
  g_autofree float *x = g_new0 (float, n * p);
  g_autofree int32_t *y = g_new (int32_t, n);
  g_autofree float *w = g_new (float, n);
  g_autofree double *theta = g_new (double, D), *grad = g_new (double, D), *grad3 = g_new (double, D);
  HtcLogregParams params = { .c = 0.8, .n_threads = 1 };
  HtcCsr *xt;
  HtcRng rng;
  double f, f3, max_err = 0;

  htc_rng_init (&rng, 42);
  for (size_t i = 0; i < n; i++)
    {
      y[i] = (int32_t) htc_rng_below (&rng, K);
      w[i] = 0.5f + htc_rng_uniform (&rng);
      for (size_t j = 0; j < p; j++)
        if (htc_rng_uniform (&rng) < 0.5f)
          x[i * p + j] = htc_rng_uniform (&rng) * 2;
    }
  for (size_t d = 0; d < D; d++)
    theta[d] = htc_rng_normal (&rng);
  xt = transposed (x, n, p);

  g_assert_cmpint (htc_logreg_objective (&params, xt, y, w, K, theta, &f, grad), ==, HTC_OK);
  for (size_t d = 0; d < D; d++)
    {
      const double h = 1e-5;
      double save = theta[d], fp, fm, fd;
      theta[d] = save + h;
      g_assert_cmpint (htc_logreg_objective (&params, xt, y, w, K, theta, &fp, NULL), ==, HTC_OK);
      theta[d] = save - h;
      g_assert_cmpint (htc_logreg_objective (&params, xt, y, w, K, theta, &fm, NULL), ==, HTC_OK);
      theta[d] = save;
      fd = (fp - fm) / (2 * h);
      max_err = MAX (max_err, fabs (fd - grad[d]));
    }
  g_test_message ("max |analytic - finite difference| = %g", max_err);
  g_assert_cmpfloat (max_err, <, 1e-7);

  /* Three threads give the very same numbers (fixed chunks, summed in order). */
  params.n_threads = 3;
  g_assert_cmpint (htc_logreg_objective (&params, xt, y, w, K, theta, &f3, grad3), ==, HTC_OK);
  g_assert_cmpfloat (f3, ==, f);
  g_assert_cmpmem (grad3, D * sizeof (double), grad, D * sizeof (double));
  htc_csr_free (xt);
}

/* Two samples, one feature, two classes: (x = 1, class 0) and (x = -1, class 1). By symmetry
 * the weights are (a, -a) and CE = ln (1 + e^(-2a)) for both, so with our objective
 *   f (a) = (2 ln (1 + e^(-2a)) + 2 a² / (2 C)) / 2,  f' = 0  ⇔  a (1 + e^(2a)) = 2 C.
 * For C = 1 that is a = 0.52129...; solved here by bisection, independently of the trainer. */
static double
hand_solution (double c)
{
  double lo = 0, hi = 10;
  for (int i = 0; i < 200; i++)
    {
      double mid = 0.5 * (lo + hi);
      if (mid * (1 + exp (2 * mid)) > 2 * c)
        hi = mid;
      else
        lo = mid;
    }
  return 0.5 * (lo + hi);
}

static void
test_hand_solved (void)
{
  const float x[] = { 1, -1 };
  const int32_t y[] = { 0, 1 };
  HtcLogregParams params = { .c = 1.0, .max_iter = 200, .tol = 1e-9, .history = 5, .n_threads = 1 };
  HtcLogregInfo info;
  HtcLogreg *m = NULL;
  HtcCsr *xt = transposed (x, 2, 1);
  double a = hand_solution (1.0);
  const float *w, *b;

  g_assert_cmpfloat_with_epsilon (a, 0.5213, 1e-3);
  g_assert_cmpint (htc_logreg_train (&params, xt, y, NULL, 2, NULL, &m, &info), ==, HTC_OK);
  g_assert_true (info.converged);
  w = htc_logreg_weights (m);
  b = htc_logreg_bias (m);
  g_test_message ("a = %.6f, trained (%.6f, %.6f) in %zu iterations", a, w[0], w[1], info.n_iter);
  g_assert_cmpfloat_with_epsilon (w[0], a, 1e-6);
  g_assert_cmpfloat_with_epsilon (w[1], -a, 1e-6);
  g_assert_cmpfloat_with_epsilon (b[0] - b[1], 0, 1e-6);

  /* Logits of x = 1: (a + b0, -a + b1). */
  {
    int32_t idx[] = { 0 };
    float val[] = { 1 }, logits[2];
    g_assert_cmpint (htc_logreg_logits (m, idx, val, 1, logits), ==, HTC_OK);
    g_assert_cmpfloat_with_epsilon (logits[0] - logits[1], 2 * a, 1e-5);
    htc_logreg_softmax (logits, 2, 1.0);
    g_assert_cmpfloat_with_epsilon (logits[0], 1 / (1 + exp (-2 * a)), 1e-5);
    /* An index past the weights is refused. */
    idx[0] = 1;
    g_assert_cmpint (htc_logreg_logits (m, idx, val, 1, logits), ==, HTC_ERROR_INVALID_ARG);
  }
  htc_logreg_free (m);
  htc_csr_free (xt);
}

static void
test_sklearn (void)
{
  gsize n, p, r, c;
  g_autofree float *x = ht_test_load_npy ("logreg-x.npy", &n, &p);
  g_autofree float *yf = ht_test_load_npy ("logreg-y.npy", &r, &c);
  g_autofree float *sw = ht_test_load_npy ("logreg-w.npy", &r, &c);
  g_autofree float *coef = ht_test_load_npy ("logreg-coef.npy", &r, &c);
  g_autofree float *icpt = ht_test_load_npy ("logreg-intercept.npy", &r, &c);
  g_autofree int32_t *y = g_new (int32_t, n);
  HtcLogregParams params = { .c = 0.7, .max_iter = 1000, .tol = 1e-9, .history = 10, .n_threads = 2 };
  HtcLogregInfo info;
  HtcLogreg *m = NULL, *warm = NULL;
  HtcCsr *xt;
  const float *w, *b;
  double mean_b = 0, max_err = 0;

  g_assert_cmpuint (p, ==, 8);
  for (gsize i = 0; i < n; i++)
    y[i] = (int32_t) yf[i];
  xt = transposed (x, n, p);
  g_assert_cmpint (htc_logreg_train (&params, xt, y, sw, 3, NULL, &m, &info), ==, HTC_OK);
  g_assert_true (info.converged);
  w = htc_logreg_weights (m);
  b = htc_logreg_bias (m);
  for (guint k = 0; k < 3; k++)
    mean_b += b[k] / 3;
  for (gsize j = 0; j < p * 3; j++)
    max_err = MAX (max_err, fabs (w[j] - coef[j]));
  for (guint k = 0; k < 3; k++)
    max_err = MAX (max_err, fabs ((b[k] - mean_b) - icpt[k]));
  g_test_message ("max |ours - scikit-learn| = %g after %zu iterations", max_err, info.n_iter);
  g_assert_cmpfloat (max_err, <, 1e-4);

  /* Started from its own solution, it has nothing left to do. */
  g_assert_cmpint (htc_logreg_train (&params, xt, y, sw, 3, m, &warm, &info), ==, HTC_OK);
  g_assert_cmpuint (info.n_iter, <=, 2);
  htc_logreg_free (warm);
  htc_logreg_free (m);
  htc_csr_free (xt);
}

static void
test_errors (void)
{
  const float x[] = { 1, -1 };
  int32_t y[] = { 0, 1 };
  const float zero[] = { 0, 0 };
  volatile int cancel = 1;
  HtcLogregParams params = { .c = 1.0, .max_iter = 10, .tol = 1e-9, .history = 5, .n_threads = 1 };
  HtcLogreg *m = NULL;
  HtcCsr *xt = transposed (x, 2, 1);
  const float nan_w[] = { NAN, 0 };

  params.cancel = &cancel;
  g_assert_cmpint (htc_logreg_train (&params, xt, y, NULL, 2, NULL, &m, NULL), ==, HTC_ERROR_CANCELLED);
  g_assert_null (m);
  params.cancel = NULL;
  g_assert_cmpint (htc_logreg_train (&params, xt, y, zero, 2, NULL, &m, NULL), ==, HTC_ERROR_INVALID_ARG);
  y[1] = 2;
  g_assert_cmpint (htc_logreg_train (&params, xt, y, NULL, 2, NULL, &m, NULL), ==, HTC_ERROR_INVALID_ARG);
  params.c = 0;
  y[1] = 1;
  g_assert_cmpint (htc_logreg_train (&params, xt, y, NULL, 2, NULL, &m, NULL), ==, HTC_ERROR_INVALID_ARG);
  g_assert_cmpint (htc_logreg_new (2, 1, nan_w, NULL, &m), ==, HTC_ERROR_BAD_MODEL);
  g_assert_null (m);
  htc_csr_free (xt);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/logreg/gradient", test_gradient);
  g_test_add_func ("/core/logreg/hand-solved", test_hand_solved);
  g_test_add_func ("/core/logreg/sklearn", test_sklearn);
  g_test_add_func ("/core/logreg/errors", test_errors);
  return g_test_run ();
}
