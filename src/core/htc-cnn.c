/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "htc-blas.h"
#include "htc-cnn.h"
#include "htc-nn.h"
#include "htc-pool-private.h"

#define N_TENSORS_MAX (2 + 5 * HTC_CNN_MAX_BLOCKS + 2)
#define NAME_LEN 40

enum { T_MEAN, T_STD, T_BLOCKS };
enum { B_CONV, B_GAMMA, B_BETA, B_RMEAN, B_RVAR, B_N };

typedef struct
{
  size_t c_in, c_out, h, w;   /* input of the block: c_in x h x w */
} BlockShape;

struct _HtcCnn
{
  HtcCnnConfig config;
  BlockShape   shape[HTC_CNN_MAX_BLOCKS];
  size_t       n_tensors;
  HtcTensor    tensors[N_TENSORS_MAX];
  char         names[N_TENSORS_MAX][NAME_LEN];
  float       *storage;
  size_t       storage_size;
};

struct _HtcCnnWork
{
  size_t   max_batch;
  int      train;
  HtcPool *pool;
  size_t   n_threads;
  size_t   n;                            /* batch of the last forward */
  float   *input;                        /* [B][1][H][W], normalised */
  float   *conv[HTC_CNN_MAX_BLOCKS];     /* conv output; in training, overwritten by xhat */
  float   *relu[HTC_CNN_MAX_BLOCKS];     /* BN + ReLU output (training only) */
  float   *pooled[HTC_CNN_MAX_BLOCKS];
  uint8_t *argmax[HTC_CNN_MAX_BLOCKS];
  float   *invstd[HTC_CNN_MAX_BLOCKS];
  float   *gap, *mask, *feat, *dfeat;
  float  **col;                          /* one per thread */
  float   *d0, *d1;                      /* backward ping-pong */
  float  **dw_thread;                    /* [thread][block] partial conv weight gradients */
  float   *grad_storage;
  float   *grad[N_TENSORS_MAX];
  /* the job being run on the pool */
  const HtcCnn *cnn;
  const float  *x;
  size_t        block;
  float        *dcur;
  float        *dnext;
};

static size_t
block_tensor (size_t block, size_t which)
{
  return T_BLOCKS + block * B_N + which;
}

static size_t
fc_weight_index (const HtcCnn *cnn)
{
  return T_BLOCKS + cnn->config.n_blocks * B_N;
}

void
htc_cnn_config_init_default (HtcCnnConfig *config)
{
  static const size_t channels[] = { 16, 32, 64, 128 };

  memset (config, 0, sizeof *config);
  config->n_mels = 128;
  config->n_frames = 128;
  config->n_blocks = 4;
  memcpy (config->channels, channels, sizeof channels);
  config->n_classes = 4;
  config->dropout = 0.3f;
  config->bn_eps = 1e-5f;
  config->bn_momentum = 0.1f;
}

HtcStatus
htc_cnn_config_check (const HtcCnnConfig *c)
{
  size_t min_side;

  if (c == NULL || c->n_blocks < 1 || c->n_blocks > HTC_CNN_MAX_BLOCKS)
    return HTC_ERROR_INVALID_ARG;
  min_side = (size_t) 1 << c->n_blocks;
  if (c->n_mels < min_side || c->n_frames < min_side || c->n_mels > 4096 || c->n_frames > 4096)
    return HTC_ERROR_INVALID_ARG;
  for (size_t i = 0; i < c->n_blocks; i++)
    if (c->channels[i] < 1 || c->channels[i] > 1024)
      return HTC_ERROR_INVALID_ARG;
  if (c->n_classes < 2 || c->n_classes > 64)
    return HTC_ERROR_INVALID_ARG;
  if (!(c->dropout >= 0 && c->dropout < 1) || !(c->bn_eps > 0 && c->bn_eps < 1)
      || !(c->bn_momentum > 0 && c->bn_momentum <= 1))
    return HTC_ERROR_INVALID_ARG;
  return HTC_OK;
}

static void
add_tensor (HtcCnn *cnn, const char *name, size_t n_dims, const size_t *shape, unsigned flags)
{
  HtcTensor *t = &cnn->tensors[cnn->n_tensors];

  snprintf (cnn->names[cnn->n_tensors], NAME_LEN, "%s", name);
  t->name = cnn->names[cnn->n_tensors];
  t->n_dims = n_dims;
  memcpy (t->shape, shape, n_dims * sizeof (size_t));
  t->size = htc_tensor_shape_size (n_dims, shape);
  t->flags = flags;
  t->data = NULL;
  cnn->storage_size += t->size;
  cnn->n_tensors++;
}

HtcStatus
htc_cnn_new (const HtcCnnConfig *config,
             HtcCnn            **out)
{
  HtcCnn *cnn;
  size_t c_in = 1, h, w, off = 0;
  char name[NAME_LEN];
  const unsigned train = HTC_TENSOR_TRAINABLE, decay = HTC_TENSOR_TRAINABLE | HTC_TENSOR_DECAY;

  if (out == NULL)
    return HTC_ERROR_INVALID_ARG;
  *out = NULL;
  if (htc_cnn_config_check (config) != HTC_OK)
    return HTC_ERROR_INVALID_ARG;
  cnn = calloc (1, sizeof *cnn);
  if (cnn == NULL)
    return HTC_ERROR_NOMEM;
  cnn->config = *config;
  h = config->n_mels;
  w = config->n_frames;

  add_tensor (cnn, "input.mean", 1, (size_t[]) { h }, 0);
  add_tensor (cnn, "input.std", 1, (size_t[]) { h }, 0);
  for (size_t b = 0; b < config->n_blocks; b++)
    {
      size_t c_out = config->channels[b];

      cnn->shape[b] = (BlockShape) { c_in, c_out, h, w };
      snprintf (name, sizeof name, "blocks.%zu.conv.weight", b);
      add_tensor (cnn, name, 4, (size_t[]) { c_out, c_in, 3, 3 }, decay);
      snprintf (name, sizeof name, "blocks.%zu.bn.weight", b);
      add_tensor (cnn, name, 1, (size_t[]) { c_out }, train);
      snprintf (name, sizeof name, "blocks.%zu.bn.bias", b);
      add_tensor (cnn, name, 1, (size_t[]) { c_out }, train);
      snprintf (name, sizeof name, "blocks.%zu.bn.running_mean", b);
      add_tensor (cnn, name, 1, (size_t[]) { c_out }, 0);
      snprintf (name, sizeof name, "blocks.%zu.bn.running_var", b);
      add_tensor (cnn, name, 1, (size_t[]) { c_out }, 0);
      c_in = c_out;
      h /= 2;
      w /= 2;
    }
  add_tensor (cnn, "fc.weight", 2, (size_t[]) { config->n_classes, c_in }, decay);
  add_tensor (cnn, "fc.bias", 1, (size_t[]) { config->n_classes }, train);

  cnn->storage = calloc (cnn->storage_size, sizeof (float));
  if (cnn->storage == NULL)
    {
      free (cnn);
      return HTC_ERROR_NOMEM;
    }
  for (size_t i = 0; i < cnn->n_tensors; i++)
    {
      cnn->tensors[i].data = cnn->storage + off;
      off += cnn->tensors[i].size;
    }
  for (size_t i = 0; i < config->n_mels; i++)
    cnn->tensors[T_STD].data[i] = 1;
  for (size_t b = 0; b < config->n_blocks; b++)
    for (size_t c = 0; c < config->channels[b]; c++)
      {
        cnn->tensors[block_tensor (b, B_GAMMA)].data[c] = 1;
        cnn->tensors[block_tensor (b, B_RVAR)].data[c] = 1;
      }
  *out = cnn;
  return HTC_OK;
}

void
htc_cnn_free (HtcCnn *cnn)
{
  if (cnn == NULL)
    return;
  free (cnn->storage);
  free (cnn);
}

const HtcCnnConfig *
htc_cnn_get_config (const HtcCnn *cnn)
{
  return &cnn->config;
}

void
htc_cnn_init_he (HtcCnn *cnn,
                 HtcRng *rng)
{
  for (size_t b = 0; b < cnn->config.n_blocks; b++)
    {
      HtcTensor *t = &cnn->tensors[block_tensor (b, B_CONV)];
      float std = sqrtf (2.0f / (float) (cnn->shape[b].c_in * 9));
      for (size_t i = 0; i < t->size; i++)
        t->data[i] = std * htc_rng_normal (rng);
    }
  {
    HtcTensor *t = &cnn->tensors[fc_weight_index (cnn)];
    float std = sqrtf (2.0f / (float) t->shape[1]);
    for (size_t i = 0; i < t->size; i++)
      t->data[i] = std * htc_rng_normal (rng);
    memset (cnn->tensors[fc_weight_index (cnn) + 1].data, 0, t->shape[0] * sizeof (float));
  }
}

size_t
htc_cnn_n_tensors (const HtcCnn *cnn)
{
  return cnn->n_tensors;
}

HtcTensor *
htc_cnn_tensor (HtcCnn *cnn,
                size_t  index)
{
  return index < cnn->n_tensors ? &cnn->tensors[index] : NULL;
}

const HtcTensor *
htc_cnn_tensor_const (const HtcCnn *cnn,
                      size_t        index)
{
  return index < cnn->n_tensors ? &cnn->tensors[index] : NULL;
}

HtcTensor *
htc_cnn_find_tensor (HtcCnn     *cnn,
                     const char *name)
{
  for (size_t i = 0; i < cnn->n_tensors; i++)
    if (strcmp (cnn->tensors[i].name, name) == 0)
      return &cnn->tensors[i];
  return NULL;
}

HtcStatus
htc_cnn_copy_weights (HtcCnn       *dst,
                      const HtcCnn *src)
{
  if (dst == NULL || src == NULL || dst->storage_size != src->storage_size
      || memcmp (&dst->config, &src->config, sizeof dst->config) != 0)
    return HTC_ERROR_INVALID_ARG;
  memcpy (dst->storage, src->storage, src->storage_size * sizeof (float));
  return HTC_OK;
}

HtcStatus
htc_cnn_check (const HtcCnn *cnn)
{
  if (!htc_floats_finite (cnn->storage, cnn->storage_size))
    return HTC_ERROR_NUMERIC;
  for (size_t i = 0; i < cnn->config.n_mels; i++)
    if (!(cnn->tensors[T_STD].data[i] > 0))
      return HTC_ERROR_BAD_MODEL;
  for (size_t b = 0; b < cnn->config.n_blocks; b++)
    for (size_t c = 0; c < cnn->config.channels[b]; c++)
      if (!(cnn->tensors[block_tensor (b, B_RVAR)].data[c] >= 0))
        return HTC_ERROR_BAD_MODEL;
  return HTC_OK;
}

/* ---- work ---- */

size_t
htc_cnn_default_threads (void)
{
  return htc_pool_default_threads ();
}

void
htc_cnn_work_free (HtcCnnWork *work)
{
  if (work == NULL)
    return;
  htc_pool_free (work->pool);
  free (work->input);
  for (size_t b = 0; b < HTC_CNN_MAX_BLOCKS; b++)
    {
      free (work->conv[b]);
      free (work->relu[b]);
      free (work->pooled[b]);
      free (work->argmax[b]);
      free (work->invstd[b]);
    }
  free (work->gap);
  free (work->mask);
  free (work->feat);
  free (work->dfeat);
  if (work->col != NULL)
    for (size_t t = 0; t < work->n_threads; t++)
      free (work->col[t]);
  free (work->col);
  if (work->dw_thread != NULL)
    for (size_t t = 0; t < work->n_threads * HTC_CNN_MAX_BLOCKS; t++)
      free (work->dw_thread[t]);
  free (work->dw_thread);
  free (work->d0);
  free (work->d1);
  free (work->grad_storage);
  free (work);
}

size_t
htc_cnn_work_max_batch (const HtcCnnWork *work)
{
  return work->max_batch;
}

HtcStatus
htc_cnn_work_new (const HtcCnn *cnn,
                  size_t        max_batch,
                  size_t        n_threads,
                  int           train,
                  HtcCnnWork  **out)
{
  const HtcCnnConfig *c;
  HtcCnnWork *w;
  size_t bsz, col_max = 0, d_max = 0, c_last;
  int ok = 1;

  if (out == NULL)
    return HTC_ERROR_INVALID_ARG;
  *out = NULL;
  if (cnn == NULL || max_batch < 1 || max_batch > 4096 || n_threads < 1 || n_threads > 64)
    return HTC_ERROR_INVALID_ARG;
  c = &cnn->config;
  w = calloc (1, sizeof *w);
  if (w == NULL)
    return HTC_ERROR_NOMEM;
  bsz = max_batch;
  w->max_batch = max_batch;
  w->train = train != 0;
  w->n_threads = n_threads;
  c_last = c->channels[c->n_blocks - 1];

  htc_blas_single_thread ();
  w->pool = htc_pool_new (n_threads);
  ok &= w->pool != NULL;
  ok &= (w->input = malloc (bsz * c->n_mels * c->n_frames * sizeof (float))) != NULL;
  for (size_t b = 0; b < c->n_blocks; b++)
    {
      const BlockShape *s = &cnn->shape[b];
      size_t full = bsz * s->c_out * s->h * s->w;
      size_t half = bsz * s->c_out * (s->h / 2) * (s->w / 2);

      ok &= (w->conv[b] = malloc (full * sizeof (float))) != NULL;
      ok &= (w->pooled[b] = malloc (half * sizeof (float))) != NULL;
      ok &= (w->argmax[b] = malloc (half)) != NULL;
      ok &= (w->invstd[b] = malloc (s->c_out * sizeof (float))) != NULL;
      if (w->train)
        ok &= (w->relu[b] = malloc (full * sizeof (float))) != NULL;
      col_max = s->c_in * 9 * s->h * s->w > col_max ? s->c_in * 9 * s->h * s->w : col_max;
      d_max = full > d_max ? full : d_max;
      d_max = bsz * s->c_in * s->h * s->w > d_max ? bsz * s->c_in * s->h * s->w : d_max;
    }
  ok &= (w->gap = malloc (bsz * c_last * sizeof (float))) != NULL;
  ok &= (w->mask = malloc (bsz * c_last * sizeof (float))) != NULL;
  ok &= (w->feat = malloc (bsz * c_last * sizeof (float))) != NULL;
  ok &= (w->dfeat = malloc (bsz * c_last * sizeof (float))) != NULL;
  ok &= (w->col = calloc (n_threads, sizeof (float *))) != NULL;
  for (size_t t = 0; ok && t < n_threads; t++)
    ok &= (w->col[t] = malloc (col_max * sizeof (float))) != NULL;
  if (ok && w->train)
    {
      size_t n_grad = 0, off = 0;

      ok &= (w->d0 = malloc (d_max * sizeof (float))) != NULL;
      ok &= (w->d1 = malloc (d_max * sizeof (float))) != NULL;
      ok &= (w->dw_thread = calloc (n_threads * HTC_CNN_MAX_BLOCKS, sizeof (float *))) != NULL;
      for (size_t t = 1; ok && t < n_threads; t++)
        for (size_t b = 0; ok && b < c->n_blocks; b++)
          ok &= (w->dw_thread[t * HTC_CNN_MAX_BLOCKS + b] =
                   malloc (cnn->tensors[block_tensor (b, B_CONV)].size * sizeof (float))) != NULL;
      for (size_t i = 0; i < cnn->n_tensors; i++)
        if (cnn->tensors[i].flags & HTC_TENSOR_TRAINABLE)
          n_grad += cnn->tensors[i].size;
      ok &= (w->grad_storage = calloc (n_grad, sizeof (float))) != NULL;
      for (size_t i = 0; ok && i < cnn->n_tensors; i++)
        if (cnn->tensors[i].flags & HTC_TENSOR_TRAINABLE)
          {
            w->grad[i] = w->grad_storage + off;
            off += cnn->tensors[i].size;
          }
    }
  if (!ok)
    {
      htc_cnn_work_free (w);
      return HTC_ERROR_NOMEM;
    }
  *out = w;
  return HTC_OK;
}

float *
htc_cnn_work_grad (HtcCnnWork *work,
                   size_t      index)
{
  return index < N_TENSORS_MAX ? work->grad[index] : NULL;
}

const float *
htc_cnn_work_features (const HtcCnnWork *work)
{
  return work->feat;
}

/* ---- forward ---- */

static void
normalise_job (void *ctx, size_t begin, size_t end, size_t thread)
{
  HtcCnnWork *w = ctx;
  const HtcCnnConfig *c = &w->cnn->config;
  const float *mean = w->cnn->tensors[T_MEAN].data, *std = w->cnn->tensors[T_STD].data;
  size_t plane = c->n_mels * c->n_frames;

  for (size_t i = begin; i < end; i++)
    for (size_t m = 0; m < c->n_mels; m++)
      {
        const float *src = w->x + i * plane + m * c->n_frames;
        float *dst = w->input + i * plane + m * c->n_frames;
        float mu = mean[m], inv = 1.0f / std[m];
        for (size_t f = 0; f < c->n_frames; f++)
          dst[f] = (src[f] - mu) * inv;
      }
}

static const float *
block_input (const HtcCnnWork *w, size_t b)
{
  return b == 0 ? w->input : w->pooled[b - 1];
}

/* Evaluation: conv -> BN (running stats) -> ReLU -> pool, one sample at a time. */
static void
eval_block_job (void *ctx, size_t begin, size_t end, size_t thread)
{
  HtcCnnWork *w = ctx;
  const HtcCnn *cnn = w->cnn;
  size_t b = w->block;
  const BlockShape *s = &cnn->shape[b];
  size_t in_sz = s->c_in * s->h * s->w, out_sz = s->c_out * s->h * s->w;
  size_t half = s->c_out * (s->h / 2) * (s->w / 2);

  for (size_t i = begin; i < end; i++)
    {
      float *y = w->conv[b] + i * out_sz;

      htc_conv3x3_forward (block_input (w, b) + i * in_sz, s->c_in, s->h, s->w,
                           cnn->tensors[block_tensor (b, B_CONV)].data, s->c_out, w->col[thread], y);
      htc_batchnorm_forward_eval (y, 1, s->c_out, s->h * s->w, 0, s->c_out,
                                  cnn->tensors[block_tensor (b, B_GAMMA)].data,
                                  cnn->tensors[block_tensor (b, B_BETA)].data,
                                  cnn->tensors[block_tensor (b, B_RMEAN)].data,
                                  cnn->tensors[block_tensor (b, B_RVAR)].data,
                                  cnn->config.bn_eps, y);
      htc_relu_forward (y, out_sz);
      htc_maxpool2_forward (y, s->c_out, s->h, s->w, w->pooled[b] + i * half, NULL);
    }
}

static void
train_conv_job (void *ctx, size_t begin, size_t end, size_t thread)
{
  HtcCnnWork *w = ctx;
  const HtcCnn *cnn = w->cnn;
  size_t b = w->block;
  const BlockShape *s = &cnn->shape[b];
  size_t in_sz = s->c_in * s->h * s->w, out_sz = s->c_out * s->h * s->w;

  for (size_t i = begin; i < end; i++)
    htc_conv3x3_forward (block_input (w, b) + i * in_sz, s->c_in, s->h, s->w,
                         cnn->tensors[block_tensor (b, B_CONV)].data, s->c_out, w->col[thread],
                         w->conv[b] + i * out_sz);
}

static void
train_bn_job (void *ctx, size_t begin, size_t end, size_t thread)
{
  HtcCnnWork *w = ctx;
  HtcCnn *cnn = (HtcCnn *) w->cnn;   /* training updates the running statistics */
  size_t b = w->block;
  const BlockShape *s = &cnn->shape[b];

  htc_batchnorm_forward_train (w->conv[b], w->n, s->c_out, s->h * s->w, begin, end,
                               cnn->tensors[block_tensor (b, B_GAMMA)].data,
                               cnn->tensors[block_tensor (b, B_BETA)].data,
                               cnn->config.bn_eps, cnn->config.bn_momentum,
                               cnn->tensors[block_tensor (b, B_RMEAN)].data,
                               cnn->tensors[block_tensor (b, B_RVAR)].data,
                               w->conv[b], w->invstd[b], w->relu[b]);
}

static void
train_relu_pool_job (void *ctx, size_t begin, size_t end, size_t thread)
{
  HtcCnnWork *w = ctx;
  size_t b = w->block;
  const BlockShape *s = &w->cnn->shape[b];
  size_t out_sz = s->c_out * s->h * s->w, half = s->c_out * (s->h / 2) * (s->w / 2);

  for (size_t i = begin; i < end; i++)
    {
      float *y = w->relu[b] + i * out_sz;
      htc_relu_forward (y, out_sz);
      htc_maxpool2_forward (y, s->c_out, s->h, s->w, w->pooled[b] + i * half,
                            w->argmax[b] + i * half);
    }
}

/* GAP (+ dropout in training) + dense on the last block's output. */
static void
head_forward (const HtcCnn *cnn, HtcCnnWork *w, size_t n, HtcRng *rng, float *logits)
{
  size_t last = cnn->config.n_blocks - 1;
  const BlockShape *s = &cnn->shape[last];
  size_t c = s->c_out, hw = (s->h / 2) * (s->w / 2), fc = fc_weight_index (cnn);

  htc_gap_forward (w->pooled[last], n * c, hw, w->gap);
  if (rng != NULL && cnn->config.dropout > 0)
    htc_dropout_forward (w->gap, n * c, cnn->config.dropout, rng, w->mask, w->feat);
  else
    {
      memcpy (w->feat, w->gap, n * c * sizeof (float));
      for (size_t i = 0; i < n * c; i++)
        w->mask[i] = 1;
    }
  htc_dense_forward (w->feat, n, c, cnn->tensors[fc].data, cnn->tensors[fc + 1].data,
                     cnn->config.n_classes, logits);
}

HtcStatus
htc_cnn_forward_eval (const HtcCnn *cnn,
                      HtcCnnWork   *work,
                      const float  *x,
                      size_t        n,
                      float        *logits)
{
  if (cnn == NULL || work == NULL || x == NULL || logits == NULL || n < 1 || n > work->max_batch)
    return HTC_ERROR_INVALID_ARG;
  work->cnn = cnn;
  work->x = x;
  work->n = n;
  htc_pool_run (work->pool, n, normalise_job, work);
  for (size_t b = 0; b < cnn->config.n_blocks; b++)
    {
      work->block = b;
      htc_pool_run (work->pool, n, eval_block_job, work);
    }
  head_forward (cnn, work, n, NULL, logits);
  return htc_floats_finite (logits, n * cnn->config.n_classes) ? HTC_OK : HTC_ERROR_NUMERIC;
}

HtcStatus
htc_cnn_predict (const HtcCnn *cnn,
                 HtcCnnWork   *work,
                 const float  *x,
                 size_t        n,
                 float        *probs)
{
  const HtcCnnConfig *c;
  size_t plane;

  if (cnn == NULL || work == NULL || (n > 0 && (x == NULL || probs == NULL)))
    return HTC_ERROR_INVALID_ARG;
  c = &cnn->config;
  plane = c->n_mels * c->n_frames;
  for (size_t done = 0; done < n; )
    {
      size_t m = n - done < work->max_batch ? n - done : work->max_batch;
      HtcStatus status = htc_cnn_forward_eval (cnn, work, x + done * plane, m,
                                               probs + done * c->n_classes);
      if (status != HTC_OK)
        return status;
      htc_softmax (probs + done * c->n_classes, m, c->n_classes);
      done += m;
    }
  return HTC_OK;
}

HtcStatus
htc_cnn_forward_train (HtcCnn      *cnn,
                       HtcCnnWork  *work,
                       const float *x,
                       size_t       n,
                       HtcRng      *rng,
                       float       *logits)
{
  if (cnn == NULL || work == NULL || x == NULL || logits == NULL || rng == NULL || !work->train
      || n < 2 || n > work->max_batch)
    return HTC_ERROR_INVALID_ARG;
  work->cnn = cnn;
  work->x = x;
  work->n = n;
  htc_pool_run (work->pool, n, normalise_job, work);
  for (size_t b = 0; b < cnn->config.n_blocks; b++)
    {
      work->block = b;
      htc_pool_run (work->pool, n, train_conv_job, work);
      htc_pool_run (work->pool, cnn->shape[b].c_out, train_bn_job, work);
      htc_pool_run (work->pool, n, train_relu_pool_job, work);
    }
  head_forward (cnn, work, n, rng, logits);
  return htc_floats_finite (logits, n * cnn->config.n_classes) ? HTC_OK : HTC_ERROR_NUMERIC;
}

/* ---- backward ---- */

/* dcur holds dL/d(pooled[b]); leaves dL/d(conv output) in dnext. */
static void
back_pool_relu_job (void *ctx, size_t begin, size_t end, size_t thread)
{
  HtcCnnWork *w = ctx;
  size_t b = w->block;
  const BlockShape *s = &w->cnn->shape[b];
  size_t out_sz = s->c_out * s->h * s->w, half = s->c_out * (s->h / 2) * (s->w / 2);

  for (size_t i = begin; i < end; i++)
    {
      float *d = w->dnext + i * out_sz;
      htc_maxpool2_backward (w->dcur + i * half, w->argmax[b] + i * half, s->c_out, s->h, s->w, d);
      htc_relu_backward (w->relu[b] + i * out_sz, d, out_sz, d);
    }
}

static void
back_bn_job (void *ctx, size_t begin, size_t end, size_t thread)
{
  HtcCnnWork *w = ctx;
  const HtcCnn *cnn = w->cnn;
  size_t b = w->block;
  const BlockShape *s = &cnn->shape[b];

  htc_batchnorm_backward (w->dnext, w->conv[b], w->invstd[b],
                          cnn->tensors[block_tensor (b, B_GAMMA)].data, w->n, s->c_out,
                          s->h * s->w, begin, end, w->grad[block_tensor (b, B_GAMMA)],
                          w->grad[block_tensor (b, B_BETA)], w->dnext);
}

/* dnext holds dL/d(conv output); the weight gradient goes to this thread's accumulator and
 * dL/d(block input) to dcur (not for the first block, whose input is data). */
static void
back_conv_job (void *ctx, size_t begin, size_t end, size_t thread)
{
  HtcCnnWork *w = ctx;
  const HtcCnn *cnn = w->cnn;
  size_t b = w->block;
  const BlockShape *s = &cnn->shape[b];
  size_t in_sz = s->c_in * s->h * s->w, out_sz = s->c_out * s->h * s->w;
  float *dw = thread == 0 ? w->grad[block_tensor (b, B_CONV)]
                          : w->dw_thread[thread * HTC_CNN_MAX_BLOCKS + b];

  for (size_t i = begin; i < end; i++)
    htc_conv3x3_backward (block_input (w, b) + i * in_sz, s->c_in, s->h, s->w,
                          cnn->tensors[block_tensor (b, B_CONV)].data, s->c_out,
                          w->dnext + i * out_sz, w->col[thread], dw,
                          b == 0 ? NULL : w->dcur + i * in_sz);
}

HtcStatus
htc_cnn_backward (HtcCnn      *cnn,
                  HtcCnnWork  *work,
                  const float *dlogits)
{
  const HtcCnnConfig *c;
  size_t n, last, fc, c_last, hw_last;

  if (cnn == NULL || work == NULL || dlogits == NULL || !work->train || work->cnn != cnn)
    return HTC_ERROR_INVALID_ARG;
  c = &cnn->config;
  n = work->n;
  last = c->n_blocks - 1;
  fc = fc_weight_index (cnn);
  c_last = c->channels[last];
  hw_last = (cnn->shape[last].h / 2) * (cnn->shape[last].w / 2);

  for (size_t i = 0; i < cnn->n_tensors; i++)
    if (work->grad[i] != NULL)
      memset (work->grad[i], 0, cnn->tensors[i].size * sizeof (float));

  htc_dense_backward (work->feat, n, c_last, cnn->tensors[fc].data, c->n_classes, dlogits,
                      work->grad[fc], work->grad[fc + 1], work->dfeat);
  htc_dropout_backward (work->dfeat, work->mask, n * c_last, work->dfeat);
  work->dcur = work->d0;
  work->dnext = work->d1;
  htc_gap_backward (work->dfeat, n * c_last, hw_last, work->dcur);

  for (size_t bb = c->n_blocks; bb-- > 0; )
    {
      size_t wi = block_tensor (bb, B_CONV);

      work->block = bb;
      for (size_t t = 1; t < work->n_threads; t++)
        memset (work->dw_thread[t * HTC_CNN_MAX_BLOCKS + bb], 0,
                cnn->tensors[wi].size * sizeof (float));
      htc_pool_run (work->pool, n, back_pool_relu_job, work);
      htc_pool_run (work->pool, cnn->shape[bb].c_out, back_bn_job, work);
      htc_pool_run (work->pool, n, back_conv_job, work);
      /* fixed order of the per-thread partial sums: reproducible for a given thread count */
      for (size_t t = 1; t < work->n_threads; t++)
        {
          const float *part = work->dw_thread[t * HTC_CNN_MAX_BLOCKS + bb];
          for (size_t i = 0; i < cnn->tensors[wi].size; i++)
            work->grad[wi][i] += part[i];
        }
    }
  for (size_t i = 0; i < cnn->n_tensors; i++)
    if (work->grad[i] != NULL && !htc_floats_finite (work->grad[i], cnn->tensors[i].size))
      return HTC_ERROR_NUMERIC;
  return HTC_OK;
}
