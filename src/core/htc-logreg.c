/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "htc-logreg.h"

#define N_CHUNKS 4
#define MAX_CLASSES 64

struct _HtcLogreg
{
  size_t n_classes;
  size_t n_features;
  float *weights;   /* n_features x n_classes */
  float *bias;
};

HtcStatus
htc_logreg_new (size_t        n_classes,
                size_t        n_features,
                const float  *weights,
                const float  *bias,
                HtcLogreg   **out)
{
  HtcLogreg *m;
  size_t n_w;

  if (out == NULL)
    return HTC_ERROR_INVALID_ARG;
  *out = NULL;
  if (n_classes < 2 || n_classes > MAX_CLASSES || n_features > INT32_MAX)
    return HTC_ERROR_INVALID_ARG;
  n_w = n_classes * n_features;
  if (weights)
    for (size_t i = 0; i < n_w; i++)
      if (!isfinite (weights[i]))
        return HTC_ERROR_BAD_MODEL;
  if (bias)
    for (size_t k = 0; k < n_classes; k++)
      if (!isfinite (bias[k]))
        return HTC_ERROR_BAD_MODEL;
  m = calloc (1, sizeof *m);
  if (m == NULL)
    return HTC_ERROR_NOMEM;
  m->n_classes = n_classes;
  m->n_features = n_features;
  m->weights = calloc (n_w ? n_w : 1, sizeof (float));
  m->bias = calloc (n_classes, sizeof (float));
  if (m->weights == NULL || m->bias == NULL)
    {
      htc_logreg_free (m);
      return HTC_ERROR_NOMEM;
    }
  if (weights && n_w)
    memcpy (m->weights, weights, n_w * sizeof (float));
  if (bias)
    memcpy (m->bias, bias, n_classes * sizeof (float));
  *out = m;
  return HTC_OK;
}

void
htc_logreg_free (HtcLogreg *m)
{
  if (m == NULL)
    return;
  free (m->weights);
  free (m->bias);
  free (m);
}

size_t
htc_logreg_n_classes (const HtcLogreg *m)
{
  return m ? m->n_classes : 0;
}

size_t
htc_logreg_n_features (const HtcLogreg *m)
{
  return m ? m->n_features : 0;
}

const float *
htc_logreg_weights (const HtcLogreg *m)
{
  return m ? m->weights : NULL;
}

const float *
htc_logreg_bias (const HtcLogreg *m)
{
  return m ? m->bias : NULL;
}

HtcStatus
htc_logreg_logits (const HtcLogreg *m,
                   const int32_t   *idx,
                   const float     *val,
                   size_t           nnz,
                   float           *logits)
{
  double z[MAX_CLASSES];
  size_t K;

  if (m == NULL || logits == NULL || (nnz > 0 && (idx == NULL || val == NULL)))
    return HTC_ERROR_INVALID_ARG;
  K = m->n_classes;
  for (size_t k = 0; k < K; k++)
    z[k] = m->bias[k];
  for (size_t t = 0; t < nnz; t++)
    {
      const float *w;
      if (idx[t] < 0 || (size_t) idx[t] >= m->n_features)
        return HTC_ERROR_INVALID_ARG;
      w = m->weights + (size_t) idx[t] * K;
      for (size_t k = 0; k < K; k++)
        z[k] += (double) val[t] * w[k];
    }
  for (size_t k = 0; k < K; k++)
    logits[k] = (float) z[k];
  return HTC_OK;
}

HtcStatus
htc_logreg_logits_csr (const HtcLogreg *m,
                       const HtcCsr    *x,
                       const size_t    *rows,
                       size_t           n_rows,
                       float           *out)
{
  if (m == NULL || x == NULL || (n_rows > 0 && (rows == NULL || out == NULL))
      || x->n_cols > m->n_features)
    return HTC_ERROR_INVALID_ARG;
  for (size_t i = 0; i < n_rows; i++)
    {
      int64_t a;
      HtcStatus s;
      if (rows[i] >= x->n_rows)
        return HTC_ERROR_INVALID_ARG;
      a = x->indptr[rows[i]];
      s = htc_logreg_logits (m, x->indices + a, x->data + a,
                             (size_t) (x->indptr[rows[i] + 1] - a), out + i * m->n_classes);
      if (s != HTC_OK)
        return s;
    }
  return HTC_OK;
}

void
htc_logreg_softmax (float  *logits,
             size_t  n,
             double  temperature)
{
  double mx = -INFINITY, sum = 0;

  if (n == 0 || !(temperature > 0))
    return;
  for (size_t k = 0; k < n; k++)
    if (logits[k] / temperature > mx)
      mx = logits[k] / temperature;
  for (size_t k = 0; k < n; k++)
    {
      double e = exp (logits[k] / temperature - mx);
      logits[k] = (float) e;
      sum += e;
    }
  for (size_t k = 0; k < n; k++)
    logits[k] = (float) (logits[k] / sum);
}

/* ---- objective and gradient ----
 *
 * The design matrix comes transposed (features x samples, i.e. compressed sparse columns), so
 * that both passes stream it in order while their random accesses stay in a small per-sample
 * array: the forward pass scatters x_ij W_j into Z_i (n_samples x K, a few MB), the backward
 * pass gathers R_i into grad_j. Columns are split into N_CHUNKS fixed ranges, each with its own
 * Z buffer summed in chunk order, so the result does not depend on the thread count. */

typedef struct
{
  const HtcCsr  *xt;          /* n_features x n_samples */
  const int32_t *y;
  const float   *sw;
  size_t         n_samples;
  size_t         n_classes;
  size_t         n_features;
  const double  *theta;
  double        *grad;         /* NULL: value only */
  double        *z[N_CHUNKS];  /* n_samples x K each */
  double        *r;            /* n_samples x K residuals */
  double         values[N_CHUNKS];
  size_t         feat_begin[N_CHUNKS + 1];
  size_t         sample_begin[N_CHUNKS + 1];
  size_t         n_threads;
  int            phase;
} Eval;

typedef struct
{
  Eval  *e;
  size_t thread;
} EvalJob;

static void
forward_chunk (Eval  *e,
               size_t c)
{
  const size_t K = e->n_classes;
  const HtcCsr *xt = e->xt;
  double *z = e->z[c];

  memset (z, 0, e->n_samples * K * sizeof (double));
  for (size_t j = e->feat_begin[c]; j < e->feat_begin[c + 1]; j++)
    {
      const double *w = e->theta + j * K;
      for (int64_t t = xt->indptr[j]; t < xt->indptr[j + 1]; t++)
        {
          double *zi = z + (size_t) xt->indices[t] * K, v = xt->data[t];
          for (size_t k = 0; k < K; k++)
            zi[k] += v * w[k];
        }
    }
}

/* Sums the chunks' Z, then per sample: loss, and residual s (softmax - onehot). */
static void
loss_chunk (Eval  *e,
            size_t c)
{
  const size_t K = e->n_classes;
  const double *b = e->theta + e->n_features * K;
  double value = 0;

  for (size_t i = e->sample_begin[c]; i < e->sample_begin[c + 1]; i++)
    {
      double s = e->sw ? e->sw[i] : 1.0, z[MAX_CLASSES] = { 0 }, mx = -INFINITY, sum = 0, zy;
      int32_t yi = e->y[i];
      double *r = e->r + i * K;

      for (size_t k = 0; k < K; k++)
        {
          z[k] = b[k];
          for (size_t ch = 0; ch < N_CHUNKS; ch++)
            z[k] += e->z[ch][i * K + k];
          if (z[k] > mx)
            mx = z[k];
        }
      zy = z[yi];
      for (size_t k = 0; k < K; k++)
        {
          z[k] = exp (z[k] - mx);
          sum += z[k];
        }
      /* CE = log sum_k exp z_k - z_y; z now holds exp (z - mx). */
      value += s * (log (sum) + mx - zy);
      for (size_t k = 0; k < K; k++)
        r[k] = s * (z[k] / sum - (k == (size_t) yi ? 1.0 : 0.0));
    }
  e->values[c] = value;
}

static void
backward_chunk (Eval  *e,
                size_t c)
{
  const size_t K = e->n_classes;
  const HtcCsr *xt = e->xt;

  for (size_t j = e->feat_begin[c]; j < e->feat_begin[c + 1]; j++)
    {
      double g[MAX_CLASSES] = { 0 };
      for (int64_t t = xt->indptr[j]; t < xt->indptr[j + 1]; t++)
        {
          const double *ri = e->r + (size_t) xt->indices[t] * K;
          double v = xt->data[t];
          for (size_t k = 0; k < K; k++)
            g[k] += v * ri[k];
        }
      for (size_t k = 0; k < K; k++)
        e->grad[j * K + k] = g[k];
    }
}

static void *
eval_thread (void *data)
{
  EvalJob *job = data;
  Eval *e = job->e;

  for (size_t c = job->thread; c < N_CHUNKS; c += e->n_threads)
    {
      if (e->phase == 0)
        forward_chunk (e, c);
      else if (e->phase == 1)
        loss_chunk (e, c);
      else
        backward_chunk (e, c);
    }
  return NULL;
}

static void
run_phase (Eval *e,
           int   phase)
{
  pthread_t threads[N_CHUNKS];
  EvalJob jobs[N_CHUNKS];
  int started[N_CHUNKS] = { 0 };

  e->phase = phase;
  for (size_t t = 0; t < e->n_threads; t++)
    {
      jobs[t].e = e;
      jobs[t].thread = t;
    }
  for (size_t t = 1; t < e->n_threads; t++)
    started[t] = pthread_create (&threads[t], NULL, eval_thread, &jobs[t]) == 0;
  eval_thread (&jobs[0]);
  for (size_t t = 1; t < e->n_threads; t++)
    {
      if (started[t])
        pthread_join (threads[t], NULL);
      else
        eval_thread (&jobs[t]);
    }
}

static void
eval_run (Eval   *e,
          double  c_reg,
          double  sw_sum,
          double *value,
          double *grad)
{
  const size_t K = e->n_classes, p = e->n_features;
  double v = 0, reg = 0;

  e->grad = grad;
  run_phase (e, 0);
  run_phase (e, 1);
  for (size_t c = 0; c < N_CHUNKS; c++)
    v += e->values[c];
  for (size_t j = 0; j < p * K; j++)
    reg += e->theta[j] * e->theta[j];
  *value = (v + reg / (2 * c_reg)) / sw_sum;
  if (grad)
    {
      double gb[MAX_CLASSES] = { 0 };
      run_phase (e, 2);
      for (size_t j = 0; j < p * K; j++)
        grad[j] = (grad[j] + e->theta[j] / c_reg) / sw_sum;
      for (size_t i = 0; i < e->n_samples; i++)
        for (size_t k = 0; k < K; k++)
          gb[k] += e->r[i * K + k];
      for (size_t k = 0; k < K; k++)
        grad[p * K + k] = gb[k] / sw_sum;
    }
}

static HtcStatus
check_problem (const HtcLogregParams *params,
               const HtcCsr          *xt,
               const int32_t         *y,
               const float           *sw,
               size_t                 n_classes,
               double                *sw_sum)
{
  double sum = 0;

  if (params == NULL || !(params->c > 0) || !isfinite (params->c) || params->n_threads < 1
      || xt == NULL || y == NULL || xt->n_cols == 0 || n_classes < 2
      || n_classes > MAX_CLASSES || xt->n_rows > INT32_MAX)
    return HTC_ERROR_INVALID_ARG;
  for (size_t i = 0; i < xt->n_cols; i++)
    {
      double s = sw ? sw[i] : 1.0;
      if (y[i] < 0 || (size_t) y[i] >= n_classes || !(s >= 0) || !isfinite (s))
        return HTC_ERROR_INVALID_ARG;
      sum += s;
    }
  if (!(sum > 0))
    return HTC_ERROR_INVALID_ARG;
  *sw_sum = sum;
  return HTC_OK;
}

static int
eval_setup (Eval          *e,
            const HtcCsr  *xt,
            const int32_t *y,
            const float   *sw,
            size_t         n_classes,
            size_t         n_threads)
{
  size_t nnz = htc_csr_nnz (xt), c = 1;

  memset (e, 0, sizeof *e);
  e->xt = xt;
  e->y = y;
  e->sw = sw;
  e->n_classes = n_classes;
  e->n_features = xt->n_rows;
  e->n_samples = xt->n_cols;
  e->n_threads = n_threads < N_CHUNKS ? n_threads : N_CHUNKS;
  /* Feature chunks of about equal non-zeros; sample chunks of equal size. */
  e->feat_begin[0] = 0;
  for (size_t j = 0; j < e->n_features && c < N_CHUNKS; j++)
    if ((size_t) xt->indptr[j] >= nnz * c / N_CHUNKS)
      e->feat_begin[c++] = j;
  while (c <= N_CHUNKS)
    e->feat_begin[c++] = e->n_features;
  e->feat_begin[N_CHUNKS] = e->n_features;
  for (c = 0; c <= N_CHUNKS; c++)
    e->sample_begin[c] = e->n_samples * c / N_CHUNKS;
  for (c = 0; c < N_CHUNKS; c++)
    if ((e->z[c] = malloc (e->n_samples * n_classes * sizeof (double))) == NULL)
      return 0;
  e->r = malloc (e->n_samples * n_classes * sizeof (double));
  return e->r != NULL;
}

static void
eval_free (Eval *e)
{
  for (size_t c = 0; c < N_CHUNKS; c++)
    free (e->z[c]);
  free (e->r);
}

HtcStatus
htc_logreg_objective (const HtcLogregParams *params,
                      const HtcCsr          *xt,
                      const int32_t         *y,
                      const float           *sample_weight,
                      size_t                 n_classes,
                      const double          *theta,
                      double                *value,
                      double                *grad)
{
  Eval e;
  double sw_sum;
  HtcStatus s = check_problem (params, xt, y, sample_weight, n_classes, &sw_sum);

  if (s != HTC_OK)
    return s;
  if (theta == NULL || value == NULL)
    return HTC_ERROR_INVALID_ARG;
  if (!eval_setup (&e, xt, y, sample_weight, n_classes, params->n_threads))
    {
      eval_free (&e);
      return HTC_ERROR_NOMEM;
    }
  e.theta = theta;
  eval_run (&e, params->c, sw_sum, value, grad);
  eval_free (&e);
  return isfinite (*value) ? HTC_OK : HTC_ERROR_NUMERIC;
}

/* ---- L-BFGS ---- */

static double
dot (const double *a,
     const double *b,
     size_t        n)
{
  double s = 0;
  for (size_t i = 0; i < n; i++)
    s += a[i] * b[i];
  return s;
}

static double
max_abs (const double *a,
         size_t        n)
{
  double m = 0;
  for (size_t i = 0; i < n; i++)
    if (fabs (a[i]) > m)
      m = fabs (a[i]);
  return m;
}

HtcStatus
htc_logreg_train (const HtcLogregParams *params,
                  const HtcCsr          *xt,
                  const int32_t         *y,
                  const float           *sample_weight,
                  size_t                 n_classes,
                  const HtcLogreg       *init,
                  HtcLogreg            **out,
                  HtcLogregInfo         *info)
{
  const size_t K = n_classes;
  size_t p, D, m, n_pairs = 0, newest = 0;
  double sw_sum, f, f_new = 0, step;
  double *theta = NULL, *g = NULL, *d = NULL, *theta_new = NULL, *g_new = NULL, *alpha = NULL,
         *rho = NULL;
  float *S = NULL, *Y = NULL;   /* history pairs, stored in single precision to halve memory */
  Eval e;
  HtcLogregInfo inf = { 0 };
  HtcStatus s;

  if (out == NULL)
    return HTC_ERROR_INVALID_ARG;
  *out = NULL;
  s = check_problem (params, xt, y, sample_weight, n_classes, &sw_sum);
  if (s != HTC_OK)
    return s;
  if (params->max_iter < 1 || !(params->tol >= 0) || params->history < 1 || params->history > 50)
    return HTC_ERROR_INVALID_ARG;
  if (init && (init->n_classes != K || init->n_features != xt->n_rows))
    return HTC_ERROR_INVALID_ARG;

  p = xt->n_rows;
  D = (p + 1) * K;
  m = params->history;
  theta = calloc (D, sizeof (double));
  g = malloc (D * sizeof (double));
  d = malloc (D * sizeof (double));
  theta_new = malloc (D * sizeof (double));
  g_new = malloc (D * sizeof (double));
  alpha = malloc (m * sizeof (double));
  rho = malloc (m * sizeof (double));
  S = malloc (m * D * sizeof (float));
  Y = malloc (m * D * sizeof (float));
  if (!eval_setup (&e, xt, y, sample_weight, n_classes, params->n_threads) || !theta || !g || !d
      || !theta_new || !g_new || !alpha || !rho || !S || !Y)
    {
      s = HTC_ERROR_NOMEM;
      goto done;
    }
  if (init)
    {
      for (size_t j = 0; j < p * K; j++)
        theta[j] = init->weights[j];
      for (size_t k = 0; k < K; k++)
        theta[p * K + k] = init->bias[k];
    }

  e.theta = theta;
  eval_run (&e, params->c, sw_sum, &f, g);
  inf.n_evals = 1;
  if (!isfinite (f))
    {
      s = HTC_ERROR_NUMERIC;
      goto done;
    }

  for (inf.n_iter = 0; inf.n_iter < params->max_iter; inf.n_iter++)
    {
      double gd, gmax = max_abs (g, D);
      size_t ls;

      if (gmax <= params->tol)
        {
          inf.converged = 1;
          break;
        }
      if (params->cancel && *params->cancel)
        {
          s = HTC_ERROR_CANCELLED;
          goto done;
        }
      if (params->progress)
        params->progress (params->progress_ctx, (double) inf.n_iter / (double) params->max_iter);

      /* Two-loop recursion: d = -H g. */
      for (size_t j = 0; j < D; j++)
        d[j] = -g[j];
      for (size_t t = 0; t < n_pairs; t++)
        {
          size_t i = (newest + m - t) % m;
          const float *si = S + i * D, *yi = Y + i * D;
          double a = 0;
          for (size_t j = 0; j < D; j++)
            a += si[j] * d[j];
          alpha[i] = rho[i] * a;
          for (size_t j = 0; j < D; j++)
            d[j] -= alpha[i] * yi[j];
        }
      if (n_pairs > 0)
        {
          const float *si = S + newest * D, *yi = Y + newest * D;
          double sy = 0, yy = 0, gamma;
          for (size_t j = 0; j < D; j++)
            {
              sy += (double) si[j] * yi[j];
              yy += (double) yi[j] * yi[j];
            }
          gamma = sy / yy;
          for (size_t j = 0; j < D; j++)
            d[j] *= gamma;
        }
      for (size_t t = n_pairs; t > 0; t--)
        {
          size_t i = (newest + m - (t - 1)) % m;
          const float *si = S + i * D, *yi = Y + i * D;
          double b = 0;
          for (size_t j = 0; j < D; j++)
            b += yi[j] * d[j];
          b *= rho[i];
          for (size_t j = 0; j < D; j++)
            d[j] += si[j] * (alpha[i] - b);
        }
      gd = dot (g, d, D);
      if (!(gd < 0))
        {
          /* Not a descent direction (rounding in the stored pairs): restart from -g. */
          for (size_t j = 0; j < D; j++)
            d[j] = -g[j];
          gd = -dot (g, g, D);
          n_pairs = 0;
        }

      /* Backtracking line search with the Armijo condition; the first step is scaled so that
       * it moves by at most one unit. */
      step = (n_pairs == 0) ? fmin (1.0, 1.0 / sqrt (-gd)) : 1.0;
      for (ls = 0; ls < 40; ls++)
        {
          for (size_t j = 0; j < D; j++)
            theta_new[j] = theta[j] + step * d[j];
          e.theta = theta_new;
          eval_run (&e, params->c, sw_sum, &f_new, g_new);
          inf.n_evals++;
          if (isfinite (f_new) && f_new <= f + 1e-4 * step * gd)
            break;
          step *= 0.5;
        }
      if (ls == 40)
        break;   /* no progress possible at this precision: as converged as it gets */

      /* Store the pair (s, y) when the curvature is positive. */
      {
        size_t slot = n_pairs == 0 ? 0 : (newest + 1) % m;
        float *si = S + slot * D, *yi = Y + slot * D;
        double sy = 0;
        for (size_t j = 0; j < D; j++)
          {
            si[j] = (float) (theta_new[j] - theta[j]);
            yi[j] = (float) (g_new[j] - g[j]);
            sy += (double) si[j] * yi[j];
          }
        if (sy > 1e-12)
          {
            rho[slot] = 1.0 / sy;
            newest = slot;
            if (n_pairs < m)
              n_pairs++;
          }
        else if (n_pairs == m)
          n_pairs--;   /* the slot written over was the oldest pair: forget it */
      }

      {
        double *tmp = theta;
        double rel = (f - f_new) / fmax (fmax (fabs (f), fabs (f_new)), 1.0);
        theta = theta_new;
        theta_new = tmp;
        tmp = g;
        g = g_new;
        g_new = tmp;
        f = f_new;
        if (rel <= 64 * DBL_EPSILON)
          {
            inf.n_iter++;
            inf.converged = 1;
            break;
          }
      }
    }

  inf.objective = f;
  inf.grad_max = max_abs (g, D);
  {
    float *w = malloc ((p > 0 ? p * K : 1) * sizeof (float));
    float b[MAX_CLASSES];
    if (w == NULL)
      {
        s = HTC_ERROR_NOMEM;
        goto done;
      }
    for (size_t j = 0; j < p * K; j++)
      w[j] = (float) theta[j];
    for (size_t k = 0; k < K; k++)
      b[k] = (float) theta[p * K + k];
    s = htc_logreg_new (K, p, w, b, out);
    if (s == HTC_ERROR_BAD_MODEL)
      s = HTC_ERROR_NUMERIC;
    free (w);
  }
  if (params->progress)
    params->progress (params->progress_ctx, 1.0);

done:
  if (info)
    *info = inf;
  eval_free (&e);
  free (theta);
  free (g);
  free (d);
  free (theta_new);
  free (g_new);
  free (alpha);
  free (rho);
  free (S);
  free (Y);
  return s;
}
