/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "htc-cnn-train.h"
#include "htc-nn.h"

struct _HtcCnnTrainer
{
  HtcCnn        *cnn;
  HtcCnnWork    *work;
  HtcAdamW      *opt;
  HtcAdamWParams params;
  HtcRng         rng;
  float         *class_weights;   /* NULL: equal */
  float         *logits;
  float         *probs;
  float         *dlogits;
  float        **grads;
};

void
htc_cnn_trainer_free (HtcCnnTrainer *t)
{
  if (t == NULL)
    return;
  htc_cnn_work_free (t->work);
  htc_adamw_free (t->opt);
  free (t->class_weights);
  free (t->logits);
  free (t->probs);
  free (t->dlogits);
  free (t->grads);
  free (t);
}

HtcStatus
htc_cnn_trainer_new (HtcCnn               *cnn,
                     const HtcAdamWParams *params,
                     size_t                max_batch,
                     size_t                n_threads,
                     uint64_t              seed,
                     HtcCnnTrainer       **out)
{
  HtcCnnTrainer *t;
  HtcStatus status;
  size_t k, n_tensors;

  if (out == NULL)
    return HTC_ERROR_INVALID_ARG;
  *out = NULL;
  if (cnn == NULL || params == NULL || max_batch < 2)
    return HTC_ERROR_INVALID_ARG;
  t = calloc (1, sizeof *t);
  if (t == NULL)
    return HTC_ERROR_NOMEM;
  t->cnn = cnn;
  t->params = *params;
  htc_rng_init (&t->rng, seed);
  k = htc_cnn_get_config (cnn)->n_classes;
  n_tensors = htc_cnn_n_tensors (cnn);
  if ((status = htc_cnn_work_new (cnn, max_batch, n_threads, 1, &t->work)) != HTC_OK
      || (status = htc_adamw_new (params, htc_cnn_tensor (cnn, 0), n_tensors, &t->opt)) != HTC_OK)
    goto fail;
  t->logits = malloc (max_batch * k * sizeof (float));
  t->probs = malloc (max_batch * k * sizeof (float));
  t->dlogits = malloc (max_batch * k * sizeof (float));
  t->grads = calloc (n_tensors, sizeof (float *));
  if (t->logits == NULL || t->probs == NULL || t->dlogits == NULL || t->grads == NULL)
    {
      status = HTC_ERROR_NOMEM;
      goto fail;
    }
  for (size_t i = 0; i < n_tensors; i++)
    t->grads[i] = htc_cnn_work_grad (t->work, i);
  *out = t;
  return HTC_OK;

fail:
  htc_cnn_trainer_free (t);
  return status;
}

HtcStatus
htc_cnn_trainer_set_class_weights (HtcCnnTrainer *t,
                                   const float   *weights)
{
  size_t k;

  if (t == NULL)
    return HTC_ERROR_INVALID_ARG;
  k = htc_cnn_get_config (t->cnn)->n_classes;
  if (weights == NULL)
    {
      free (t->class_weights);
      t->class_weights = NULL;
      return HTC_OK;
    }
  for (size_t i = 0; i < k; i++)
    if (!(weights[i] > 0) || !isfinite (weights[i]))
      return HTC_ERROR_INVALID_ARG;
  if (t->class_weights == NULL && (t->class_weights = malloc (k * sizeof (float))) == NULL)
    return HTC_ERROR_NOMEM;
  memcpy (t->class_weights, weights, k * sizeof (float));
  return HTC_OK;
}

HtcStatus
htc_cnn_trainer_step (HtcCnnTrainer *t,
                      const float   *x,
                      const int     *labels,
                      size_t         n,
                      float         *loss,
                      size_t        *n_correct)
{
  size_t k, correct = 0;
  float l, lr;
  HtcStatus status;

  if (t == NULL || x == NULL || labels == NULL || n < 2 || n > htc_cnn_work_max_batch (t->work))
    return HTC_ERROR_INVALID_ARG;
  k = htc_cnn_get_config (t->cnn)->n_classes;
  for (size_t i = 0; i < n; i++)
    if (labels[i] < 0 || (size_t) labels[i] >= k)
      return HTC_ERROR_INVALID_ARG;
  if ((status = htc_cnn_forward_train (t->cnn, t->work, x, n, &t->rng, t->logits)) != HTC_OK)
    return status;
  l = htc_softmax_xent (t->logits, n, k, labels, t->class_weights, t->probs, t->dlogits);
  if (!isfinite (l))
    return HTC_ERROR_NUMERIC;
  for (size_t i = 0; i < n; i++)
    {
      size_t best = 0;
      for (size_t j = 1; j < k; j++)
        if (t->logits[i * k + j] > t->logits[i * k + best])
          best = j;
      correct += best == (size_t) labels[i];
    }
  if ((status = htc_cnn_backward (t->cnn, t->work, t->dlogits)) != HTC_OK)
    return status;
  lr = htc_adamw_schedule (&t->params, htc_adamw_n_steps (t->opt));
  if ((status = htc_adamw_step (t->opt, htc_cnn_tensor (t->cnn, 0), htc_cnn_n_tensors (t->cnn),
                                t->grads, lr)) != HTC_OK)
    return status;
  if (loss != NULL)
    *loss = l;
  if (n_correct != NULL)
    *n_correct = correct;
  return HTC_OK;
}

size_t
htc_cnn_trainer_n_steps (const HtcCnnTrainer *t)
{
  return htc_adamw_n_steps (t->opt);
}

float
htc_cnn_trainer_current_lr (const HtcCnnTrainer *t)
{
  return htc_adamw_schedule (&t->params, htc_adamw_n_steps (t->opt));
}

HtcCnnWork *
htc_cnn_trainer_get_work (HtcCnnTrainer *t)
{
  return t->work;
}

void
htc_augment_params_init_default (HtcAugmentParams *p)
{
  p->gain_db = 6.0f;
  p->n_time_masks = 2;
  p->time_mask_max = 16;
  p->n_freq_masks = 2;
  p->freq_mask_max = 12;
}

void
htc_augment_patch (float                  *patch,
                   size_t                  n_mels,
                   size_t                  n_frames,
                   const float            *band_mean,
                   const HtcAugmentParams *p,
                   HtcRng                 *rng)
{
  size_t n = n_mels * n_frames;
  float gain = p->gain_db * (2 * htc_rng_uniform (rng) - 1), patch_mean = 0;

  if (band_mean == NULL)
    {
      double s = 0;
      for (size_t i = 0; i < n; i++)
        s += patch[i];
      patch_mean = (float) (s / (double) n) + gain;
    }
  for (size_t i = 0; i < n; i++)
    patch[i] += gain;
  for (size_t m = 0; m < p->n_freq_masks && p->freq_mask_max > 0; m++)
    {
      size_t width = htc_rng_below (rng, (uint32_t) (p->freq_mask_max < n_mels ? p->freq_mask_max
                                                                              : n_mels) + 1);
      size_t start = htc_rng_below (rng, (uint32_t) (n_mels - width + 1));
      for (size_t b = start; b < start + width; b++)
        for (size_t f = 0; f < n_frames; f++)
          patch[b * n_frames + f] = band_mean ? band_mean[b] : patch_mean;
    }
  for (size_t m = 0; m < p->n_time_masks && p->time_mask_max > 0; m++)
    {
      size_t width = htc_rng_below (rng, (uint32_t) (p->time_mask_max < n_frames ? p->time_mask_max
                                                                                : n_frames) + 1);
      size_t start = htc_rng_below (rng, (uint32_t) (n_frames - width + 1));
      for (size_t b = 0; b < n_mels; b++)
        for (size_t f = start; f < start + width; f++)
          patch[b * n_frames + f] = band_mean ? band_mean[b] : patch_mean;
    }
}
