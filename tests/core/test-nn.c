/* Gradient checks: every layer's backward against central finite differences of its own
 * forward, then the whole network's; plus the RNG and the layers' hand-worked values. */
#include <math.h>
#include <string.h>
#include <glib.h>

#include "htc-cnn.h"
#include "htc-nn.h"
#include "htc-rng.h"

#define N_PROBES 40

static void
fill_normal (float *x, gsize n, HtcRng *rng, float scale)
{
  for (gsize i = 0; i < n; i++)
    x[i] = scale * htc_rng_normal (rng);
}

static double
dot (const float *a, const float *b, gsize n)
{
  double s = 0;
  for (gsize i = 0; i < n; i++)
    s += (double) a[i] * b[i];
  return s;
}

/* A scalar function of a float array, for finite differences. */
typedef double (*LossFunc) (gpointer data);

/* Compares analytic[] with central differences of loss() wrt the variable x[] at N_PROBES
 * random coordinates (or all of them when there are fewer). */
static void
check_grad (const char *what, float *x, gsize n, const float *analytic, LossFunc loss,
            gpointer data, float eps, double tol)
{
  HtcRng rng;
  double worst = 0;

  htc_rng_init (&rng, 99);
  for (gsize k = 0; k < MIN (n, (gsize) N_PROBES); k++)
    {
      gsize i = n <= N_PROBES ? k : htc_rng_below (&rng, (guint32) n);
      float saved = x[i];
      double lp, lm, numeric, err;

      x[i] = saved + eps;
      lp = loss (data);
      x[i] = saved - eps;
      lm = loss (data);
      x[i] = saved;
      numeric = (lp - lm) / (2.0 * eps);
      err = fabs (numeric - analytic[i]) / (1e-2 + fabs (numeric) + fabs (analytic[i]));
      worst = MAX (worst, err);
      if (err > tol)
        g_error ("%s: d/dx[%zu] analytic %.6g numeric %.6g", what, i, analytic[i], numeric);
    }
  g_test_message ("%s: worst relative error %.2g", what, worst);
}

/* ---- conv ---- */
typedef struct
{
  gsize c_in, c_out, h, w;
  float *x, *weight, *col, *y, *r;
} Conv;

static double
conv_loss (gpointer data)
{
  Conv *c = data;
  htc_conv3x3_forward (c->x, c->c_in, c->h, c->w, c->weight, c->c_out, c->col, c->y);
  return dot (c->y, c->r, c->c_out * c->h * c->w);
}

static void
test_conv_hand (void)
{
  /* 1 channel 3x3 image, all-ones kernel: each output is the sum of its 3x3 neighbourhood. */
  float x[9] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, wt[9], col[81], y[9];
  const float expect[9] = { 12, 21, 16, 27, 45, 33, 24, 39, 28 };

  for (int i = 0; i < 9; i++)
    wt[i] = 1;
  htc_conv3x3_forward (x, 1, 3, 3, wt, 1, col, y);
  for (int i = 0; i < 9; i++)
    g_assert_cmpfloat_with_epsilon (y[i], expect[i], 1e-5);
  /* centre-only kernel: identity */
  memset (wt, 0, sizeof wt);
  wt[4] = 1;
  htc_conv3x3_forward (x, 1, 3, 3, wt, 1, col, y);
  for (int i = 0; i < 9; i++)
    g_assert_cmpfloat (y[i], ==, x[i]);
}

static void
test_conv_grad (void)
{
  Conv c = { 3, 4, 6, 5 };
  gsize nx = c.c_in * c.h * c.w, nw = c.c_out * c.c_in * 9, ny = c.c_out * c.h * c.w;
  g_autofree float *dx = g_new (float, nx), *dw = g_new0 (float, nw);
  HtcRng rng;

  htc_rng_init (&rng, 1);
  c.x = g_new (float, nx);
  c.weight = g_new (float, nw);
  c.col = g_new (float, c.c_in * 9 * c.h * c.w);
  c.y = g_new (float, ny);
  c.r = g_new (float, ny);
  fill_normal (c.x, nx, &rng, 1);
  fill_normal (c.weight, nw, &rng, 0.5f);
  fill_normal (c.r, ny, &rng, 1);
  htc_conv3x3_backward (c.x, c.c_in, c.h, c.w, c.weight, c.c_out, c.r, c.col, dw, dx);
  check_grad ("conv dx", c.x, nx, dx, conv_loss, &c, 1e-2f, 2e-3);
  check_grad ("conv dw", c.weight, nw, dw, conv_loss, &c, 1e-2f, 2e-3);
  /* accumulation: a second backward adds the same again */
  {
    g_autofree float *dw2 = g_memdup2 (dw, nw * sizeof (float));
    htc_conv3x3_backward (c.x, c.c_in, c.h, c.w, c.weight, c.c_out, c.r, c.col, dw2, NULL);
    for (gsize i = 0; i < nw; i++)
      g_assert_cmpfloat_with_epsilon (dw2[i], 2 * dw[i], 1e-4 * (1 + fabsf (dw[i])));
  }
  g_free (c.x); g_free (c.weight); g_free (c.col); g_free (c.y); g_free (c.r);
}

/* ---- batch norm ---- */
typedef struct
{
  gsize n, c, hw;
  float *x, *gamma, *beta, *rm, *rv, *xhat, *invstd, *y, *r;
} Bn;

static double
bn_loss (gpointer data)
{
  Bn *b = data;
  htc_batchnorm_forward_train (b->x, b->n, b->c, b->hw, 0, b->c, b->gamma, b->beta, 1e-5f, 0.1f,
                               b->rm, b->rv, b->xhat, b->invstd, b->y);
  return dot (b->y, b->r, b->n * b->c * b->hw);
}

static void
test_batchnorm (void)
{
  Bn b = { 4, 3, 10 };
  gsize n = b.n * b.c * b.hw;
  g_autofree float *dx = g_new (float, n), *dg = g_new0 (float, b.c), *db = g_new0 (float, b.c);
  HtcRng rng;

  htc_rng_init (&rng, 2);
  b.x = g_new (float, n); b.xhat = g_new (float, n); b.y = g_new (float, n); b.r = g_new (float, n);
  b.gamma = g_new (float, b.c); b.beta = g_new (float, b.c);
  b.rm = g_new0 (float, b.c); b.rv = g_new (float, b.c); b.invstd = g_new (float, b.c);
  fill_normal (b.x, n, &rng, 2);
  for (gsize i = 0; i < n; i++)
    b.x[i] += 3;   /* a non-zero mean, so the running mean has something to track */
  fill_normal (b.gamma, b.c, &rng, 1);
  fill_normal (b.beta, b.c, &rng, 1);
  fill_normal (b.r, n, &rng, 1);
  for (gsize i = 0; i < b.c; i++)
    b.rv[i] = 1;

  /* forward: per channel, the output has mean beta and (biased) std |gamma| */
  bn_loss (&b);
  for (gsize ch = 0; ch < b.c; ch++)
    {
      double s = 0, sq = 0, xs = 0, xsq = 0, cnt = b.n * b.hw, var;
      for (gsize i = 0; i < b.n; i++)
        for (gsize j = 0; j < b.hw; j++)
          {
            double v = b.y[(i * b.c + ch) * b.hw + j], xv = b.x[(i * b.c + ch) * b.hw + j];
            s += v; sq += v * v; xs += xv; xsq += xv * xv;
          }
      g_assert_cmpfloat_with_epsilon (s / cnt, b.beta[ch], 1e-5);
      g_assert_cmpfloat_with_epsilon (sqrt (sq / cnt - (s / cnt) * (s / cnt)), fabs (b.gamma[ch]), 1e-3);
      /* running stats after one step: 0.9 * init + 0.1 * batch (unbiased variance) */
      var = (xsq / cnt - (xs / cnt) * (xs / cnt)) * cnt / (cnt - 1);
      g_assert_cmpfloat_with_epsilon (b.rm[ch], 0.1 * xs / cnt, 1e-5);
      g_assert_cmpfloat_with_epsilon (b.rv[ch], 0.9 + 0.1 * var, 1e-4);
    }
  /* eval mode with running stats equal to the batch's biased stats reproduces training mode */
  {
    g_autofree float *ye = g_new (float, n), *m = g_new (float, b.c), *v = g_new (float, b.c);
    for (gsize ch = 0; ch < b.c; ch++)
      {
        m[ch] = (b.rm[ch] - 0.0f) / 0.1f;
        v[ch] = 1.0f / (b.invstd[ch] * b.invstd[ch]) - 1e-5f;
      }
    htc_batchnorm_forward_eval (b.x, b.n, b.c, b.hw, 0, b.c, b.gamma, b.beta, m, v, 1e-5f, ye);
    for (gsize i = 0; i < n; i++)
      g_assert_cmpfloat_with_epsilon (ye[i], b.y[i], 1e-3);
  }

  bn_loss (&b);
  htc_batchnorm_backward (b.r, b.xhat, b.invstd, b.gamma, b.n, b.c, b.hw, 0, b.c, dg, db, dx);
  check_grad ("bn dx", b.x, n, dx, bn_loss, &b, 1e-2f, 5e-3);
  check_grad ("bn dgamma", b.gamma, b.c, dg, bn_loss, &b, 1e-2f, 2e-3);
  check_grad ("bn dbeta", b.beta, b.c, db, bn_loss, &b, 1e-2f, 2e-3);
  g_free (b.x); g_free (b.xhat); g_free (b.y); g_free (b.r); g_free (b.gamma); g_free (b.beta);
  g_free (b.rm); g_free (b.rv); g_free (b.invstd);
}

/* ---- relu, pool, gap, dropout ---- */
typedef struct
{
  gsize n, planes, h, w;
  float *x, *y, *r, *mask;
  guint8 *argmax;
  float p;
  int kind;
} Pointwise;

enum { K_RELU, K_POOL, K_GAP, K_DROPOUT };

static double
pointwise_loss (gpointer data)
{
  Pointwise *q = data;
  HtcRng rng;

  switch (q->kind)
    {
    case K_RELU:
      memcpy (q->y, q->x, q->n * sizeof (float));
      htc_relu_forward (q->y, q->n);
      return dot (q->y, q->r, q->n);
    case K_POOL:
      htc_maxpool2_forward (q->x, q->planes, q->h, q->w, q->y, q->argmax);
      return dot (q->y, q->r, q->planes * (q->h / 2) * (q->w / 2));
    case K_GAP:
      htc_gap_forward (q->x, q->planes, q->h * q->w, q->y);
      return dot (q->y, q->r, q->planes);
    case K_DROPOUT:
    default:
      htc_rng_init (&rng, 5);   /* the same mask at every evaluation */
      htc_dropout_forward (q->x, q->n, q->p, &rng, q->mask, q->y);
      return dot (q->y, q->r, q->n);
    }
}

static void
test_pointwise (void)
{
  Pointwise q = { 2 * 3 * 6 * 7, 6, 6, 7 };
  g_autofree float *dx = g_new (float, q.n);
  HtcRng rng;
  gsize zeros = 0;

  htc_rng_init (&rng, 3);
  q.x = g_new (float, q.n); q.y = g_new (float, q.n); q.r = g_new (float, q.n);
  q.mask = g_new (float, q.n); q.argmax = g_new (guint8, q.n);
  fill_normal (q.x, q.n, &rng, 1);
  fill_normal (q.r, q.n, &rng, 1);
  for (gsize i = 0; i < q.n; i++)   /* keep ReLU's kink out of the finite differences */
    if (fabsf (q.x[i]) < 0.05f)
      q.x[i] = 0.1f;

  q.kind = K_RELU;
  pointwise_loss (&q);
  htc_relu_backward (q.y, q.r, q.n, dx);
  check_grad ("relu", q.x, q.n, dx, pointwise_loss, &q, 1e-3f, 1e-3);

  q.kind = K_POOL;   /* 6 planes of 6x7: the odd last column is dropped */
  pointwise_loss (&q);
  htc_maxpool2_backward (q.r, q.argmax, q.planes, q.h, q.w, dx);
  for (gsize p = 0; p < q.planes; p++)
    for (gsize r = 0; r < q.h; r++)
      g_assert_cmpfloat (dx[(p * q.h + r) * q.w + 6], ==, 0);
  {
    float v[4] = { 1, 5, 5, 2 }, o;
    guint8 am;
    htc_maxpool2_forward (v, 1, 2, 2, &o, &am);
    g_assert_cmpfloat (o, ==, 5);
    g_assert_cmpuint (am, ==, 1);   /* first maximum wins, as in PyTorch */
  }
  check_grad ("maxpool", q.x, q.planes * q.h * q.w, dx, pointwise_loss, &q, 1e-3f, 1e-3);

  q.kind = K_GAP;
  pointwise_loss (&q);
  htc_gap_backward (q.r, q.planes, q.h * q.w, dx);
  check_grad ("gap", q.x, q.planes * q.h * q.w, dx, pointwise_loss, &q, 1e-2f, 1e-3);

  q.kind = K_DROPOUT;
  q.p = 0.25f;
  pointwise_loss (&q);
  for (gsize i = 0; i < q.n; i++)
    {
      g_assert_true (q.mask[i] == 0 || fabsf (q.mask[i] - 1 / 0.75f) < 1e-6);
      zeros += q.mask[i] == 0;
    }
  /* 252 draws at p = 0.25: 63 expected; 4 standard deviations either side */
  g_assert_cmpuint (zeros, >, 36);
  g_assert_cmpuint (zeros, <, 90);
  htc_dropout_backward (q.r, q.mask, q.n, dx);
  check_grad ("dropout", q.x, q.n, dx, pointwise_loss, &q, 1e-2f, 1e-3);

  g_free (q.x); g_free (q.y); g_free (q.r); g_free (q.mask); g_free (q.argmax);
}

/* ---- dense + softmax cross-entropy ---- */
typedef struct
{
  gsize n, in, out;
  float *x, *w, *b, *logits, *probs;
  int *labels;
  float *cw;
} Dense;

static double
dense_loss (gpointer data)
{
  Dense *d = data;
  htc_dense_forward (d->x, d->n, d->in, d->w, d->b, d->out, d->logits);
  return htc_softmax_xent (d->logits, d->n, d->out, d->labels, d->cw, d->probs, NULL);
}

static void
test_dense_xent (void)
{
  Dense d = { 5, 7, 4 };
  int labels[5] = { 0, 3, 1, 1, 2 };
  float cw[4] = { 1.0f, 2.0f, 0.5f, 3.0f };
  g_autofree float *dl = g_new (float, 5 * 4), *dx = g_new (float, 5 * 7);
  g_autofree float *dw = g_new0 (float, 4 * 7), *db = g_new0 (float, 4);
  HtcRng rng;

  htc_rng_init (&rng, 4);
  d.x = g_new (float, d.n * d.in); d.w = g_new (float, d.out * d.in); d.b = g_new (float, d.out);
  d.logits = g_new (float, d.n * d.out); d.probs = g_new (float, d.n * d.out);
  d.labels = labels;
  d.cw = cw;
  fill_normal (d.x, d.n * d.in, &rng, 1);
  fill_normal (d.w, d.out * d.in, &rng, 1);
  fill_normal (d.b, d.out, &rng, 1);

  /* hand-worked: logits (0, ln 3) -> probs (1/4, 3/4); label 1: loss ln(4/3) */
  {
    float lg[2] = { 0, logf (3) }, pr[2], g[2];
    int lab = 1;
    float l = htc_softmax_xent (lg, 1, 2, &lab, NULL, pr, g);
    g_assert_cmpfloat_with_epsilon (l, log (4.0 / 3.0), 1e-6);
    g_assert_cmpfloat_with_epsilon (pr[0], 0.25, 1e-6);
    g_assert_cmpfloat_with_epsilon (g[0], 0.25, 1e-6);
    g_assert_cmpfloat_with_epsilon (g[1], -0.25, 1e-6);
  }
  /* huge logits stay finite */
  {
    float lg[2] = { 1000, -1000 }, pr[2];
    int lab = 1;
    float l = htc_softmax_xent (lg, 1, 2, &lab, NULL, pr, NULL);
    g_assert_cmpfloat_with_epsilon (l, 2000, 1e-2);
  }

  dense_loss (&d);
  htc_softmax_xent (d.logits, d.n, d.out, labels, cw, d.probs, dl);
  htc_dense_backward (d.x, d.n, d.in, d.w, d.out, dl, dw, db, dx);
  check_grad ("dense+xent dx", d.x, d.n * d.in, dx, dense_loss, &d, 1e-2f, 2e-3);
  check_grad ("dense+xent dw", d.w, d.out * d.in, dw, dense_loss, &d, 1e-2f, 2e-3);
  check_grad ("dense+xent db", d.b, d.out, db, dense_loss, &d, 1e-2f, 2e-3);
  g_free (d.x); g_free (d.w); g_free (d.b); g_free (d.logits); g_free (d.probs);
}

/* ---- the whole network ---- */
typedef struct
{
  HtcCnn *cnn;
  HtcCnnWork *work;
  float *x, *logits, *probs;
  int *labels;
  gsize n;
} Net;

static double
net_loss (gpointer data)
{
  Net *t = data;
  HtcRng rng;
  const HtcCnnConfig *c = htc_cnn_get_config (t->cnn);

  htc_rng_init (&rng, 8);
  g_assert_cmpint (htc_cnn_forward_train (t->cnn, t->work, t->x, t->n, &rng, t->logits), ==, HTC_OK);
  return htc_softmax_xent (t->logits, t->n, c->n_classes, t->labels, NULL, t->probs, NULL);
}

static void
test_network_grad (gconstpointer data)
{
  gsize n_threads = GPOINTER_TO_SIZE (data);
  HtcCnnConfig config;
  Net t = { 0 };
  HtcRng rng;
  int labels[3] = { 0, 2, 1 };
  g_autofree float *dl = NULL;
  gsize n_in;

  htc_cnn_config_init_default (&config);
  config.n_mels = 8;
  config.n_frames = 12;
  config.n_blocks = 2;
  config.channels[0] = 3;
  config.channels[1] = 4;
  config.n_classes = 3;
  config.dropout = 0.2f;
  g_assert_cmpint (htc_cnn_new (&config, &t.cnn), ==, HTC_OK);
  htc_rng_init (&rng, 6);
  htc_cnn_init_he (t.cnn, &rng);
  {
    HtcTensor *mean = htc_cnn_find_tensor (t.cnn, "input.mean");
    HtcTensor *std = htc_cnn_find_tensor (t.cnn, "input.std");
    for (gsize i = 0; i < mean->size; i++)
      {
        mean->data[i] = -40 + i;
        std->data[i] = 10 + i;
      }
  }
  g_assert_cmpint (htc_cnn_work_new (t.cnn, 3, n_threads, 1, &t.work), ==, HTC_OK);
  t.n = 3;
  n_in = t.n * config.n_mels * config.n_frames;
  t.x = g_new (float, n_in);
  fill_normal (t.x, n_in, &rng, 12);
  for (gsize i = 0; i < n_in; i++)
    t.x[i] -= 40;
  t.labels = labels;
  t.logits = g_new (float, 3 * 3);
  t.probs = g_new (float, 3 * 3);
  dl = g_new (float, 3 * 3);

  net_loss (&t);
  htc_softmax_xent (t.logits, t.n, 3, labels, NULL, t.probs, dl);
  g_assert_cmpint (htc_cnn_backward (t.cnn, t.work, dl), ==, HTC_OK);
  for (gsize i = 0; i < htc_cnn_n_tensors (t.cnn); i++)
    {
      HtcTensor *tensor = htc_cnn_tensor (t.cnn, i);
      float *g = htc_cnn_work_grad (t.work, i);
      g_autofree float *g_copy = NULL;

      if (!(tensor->flags & HTC_TENSOR_TRAINABLE))
        {
          g_assert_null (g);
          continue;
        }
      g_assert_nonnull (g);
      g_copy = g_memdup2 (g, tensor->size * sizeof (float));
      check_grad (tensor->name, tensor->data, tensor->size, g_copy, net_loss, &t, 2e-3f, 3e-2);
    }
  htc_cnn_work_free (t.work);
  htc_cnn_free (t.cnn);
  g_free (t.x); g_free (t.logits); g_free (t.probs);
}

static void
test_rng (void)
{
  HtcRng a, b;
  double s = 0, sq = 0;
  guint counts[5] = { 0 };

  htc_rng_init (&a, 42);
  htc_rng_init (&b, 42);
  for (int i = 0; i < 100; i++)
    g_assert_cmpuint (htc_rng_u32 (&a), ==, htc_rng_u32 (&b));
  htc_rng_init (&b, 43);
  g_assert_cmpuint (htc_rng_u32 (&a), !=, htc_rng_u32 (&b));
  for (int i = 0; i < 20000; i++)
    {
      float v = htc_rng_normal (&a), u = htc_rng_uniform (&a);
      s += v;
      sq += v * v;
      g_assert_true (u >= 0 && u < 1);
      counts[htc_rng_below (&a, 5)]++;
    }
  g_assert_cmpfloat (fabs (s / 20000), <, 0.03);              /* 4 sigma */
  g_assert_cmpfloat (fabs (sq / 20000 - 1), <, 0.05);
  for (int i = 0; i < 5; i++)
    g_assert_cmpuint (counts[i], >, 3700);                    /* 4000 +- 4.7 sigma */
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/nn/rng", test_rng);
  g_test_add_func ("/core/nn/conv/hand", test_conv_hand);
  g_test_add_func ("/core/nn/conv/grad", test_conv_grad);
  g_test_add_func ("/core/nn/batchnorm", test_batchnorm);
  g_test_add_func ("/core/nn/pointwise", test_pointwise);
  g_test_add_func ("/core/nn/dense-xent", test_dense_xent);
  g_test_add_data_func ("/core/nn/network-grad/1-thread", GSIZE_TO_POINTER (1), test_network_grad);
  g_test_add_data_func ("/core/nn/network-grad/2-threads", GSIZE_TO_POINTER (2), test_network_grad);
  return g_test_run ();
}
