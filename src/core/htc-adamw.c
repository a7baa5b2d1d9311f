/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdlib.h>

#include "htc-adamw.h"

struct _HtcAdamW
{
  HtcAdamWParams params;
  size_t         n_tensors;
  size_t        *sizes;
  float        **m;
  float        **v;
  size_t         t;
};

void
htc_adamw_params_init_default (HtcAdamWParams *p)
{
  p->lr = 1e-3f;
  p->beta1 = 0.9f;
  p->beta2 = 0.999f;
  p->eps = 1e-8f;
  p->weight_decay = 1e-2f;
  p->warmup_steps = 0;
  p->total_steps = 0;
  p->min_lr_ratio = 0.0f;
}

float
htc_adamw_schedule (const HtcAdamWParams *p,
                    size_t                step)
{
  double progress;

  if (step < p->warmup_steps)
    return p->lr * (float) (step + 1) / (float) p->warmup_steps;
  if (p->total_steps <= p->warmup_steps)
    return p->lr;
  if (step >= p->total_steps)
    return p->lr * p->min_lr_ratio;
  progress = (double) (step - p->warmup_steps) / (double) (p->total_steps - p->warmup_steps);
  return p->lr * (float) (p->min_lr_ratio
                          + (1.0 - p->min_lr_ratio) * 0.5 * (1.0 + cos (M_PI * progress)));
}

void
htc_adamw_free (HtcAdamW *opt)
{
  if (opt == NULL)
    return;
  for (size_t i = 0; i < opt->n_tensors; i++)
    {
      free (opt->m[i]);
      free (opt->v[i]);
    }
  free (opt->m);
  free (opt->v);
  free (opt->sizes);
  free (opt);
}

HtcStatus
htc_adamw_new (const HtcAdamWParams *params,
               const HtcTensor      *tensors,
               size_t                n_tensors,
               HtcAdamW            **out)
{
  HtcAdamW *opt;

  if (out == NULL)
    return HTC_ERROR_INVALID_ARG;
  *out = NULL;
  if (params == NULL || tensors == NULL || n_tensors == 0 || !(params->lr > 0)
      || !(params->beta1 >= 0 && params->beta1 < 1) || !(params->beta2 >= 0 && params->beta2 < 1)
      || !(params->eps > 0) || !(params->weight_decay >= 0))
    return HTC_ERROR_INVALID_ARG;
  opt = calloc (1, sizeof *opt);
  if (opt == NULL)
    return HTC_ERROR_NOMEM;
  opt->params = *params;
  opt->n_tensors = n_tensors;
  opt->sizes = calloc (n_tensors, sizeof (size_t));
  opt->m = calloc (n_tensors, sizeof (float *));
  opt->v = calloc (n_tensors, sizeof (float *));
  if (opt->sizes == NULL || opt->m == NULL || opt->v == NULL)
    goto nomem;
  for (size_t i = 0; i < n_tensors; i++)
    {
      opt->sizes[i] = tensors[i].size;
      if (!(tensors[i].flags & HTC_TENSOR_TRAINABLE))
        continue;
      opt->m[i] = calloc (tensors[i].size, sizeof (float));
      opt->v[i] = calloc (tensors[i].size, sizeof (float));
      if (opt->m[i] == NULL || opt->v[i] == NULL)
        goto nomem;
    }
  *out = opt;
  return HTC_OK;

nomem:
  htc_adamw_free (opt);
  return HTC_ERROR_NOMEM;
}

HtcStatus
htc_adamw_step (HtcAdamW     *opt,
                HtcTensor    *tensors,
                size_t        n_tensors,
                float *const *grads,
                float         lr)
{
  const HtcAdamWParams *p;
  float bc1, bc2, step_size;

  if (opt == NULL || tensors == NULL || grads == NULL || n_tensors != opt->n_tensors
      || !(lr >= 0) || !isfinite (lr))
    return HTC_ERROR_INVALID_ARG;
  for (size_t i = 0; i < n_tensors; i++)
    if (tensors[i].size != opt->sizes[i]
        || ((tensors[i].flags & HTC_TENSOR_TRAINABLE) && grads[i] == NULL))
      return HTC_ERROR_INVALID_ARG;
  p = &opt->params;
  opt->t++;
  bc1 = 1.0f - powf (p->beta1, (float) opt->t);
  bc2 = 1.0f - powf (p->beta2, (float) opt->t);
  step_size = lr / bc1;
  for (size_t i = 0; i < n_tensors; i++)
    {
      HtcTensor *t = &tensors[i];
      const float *g = grads[i];
      float *m = opt->m[i], *v = opt->v[i];
      float decay = (t->flags & HTC_TENSOR_DECAY) ? 1.0f - lr * p->weight_decay : 1.0f;
      float sqrt_bc2 = sqrtf (bc2);

      if (!(t->flags & HTC_TENSOR_TRAINABLE))
        continue;
      /* torch.optim.AdamW, single-tensor path: decay first, then the Adam step. */
      for (size_t j = 0; j < t->size; j++)
        {
          float denom;

          t->data[j] *= decay;
          m[j] = p->beta1 * m[j] + (1 - p->beta1) * g[j];
          v[j] = p->beta2 * v[j] + (1 - p->beta2) * g[j] * g[j];
          denom = sqrtf (v[j]) / sqrt_bc2 + p->eps;
          t->data[j] -= step_size * m[j] / denom;
        }
    }
  return HTC_OK;
}

size_t
htc_adamw_n_steps (const HtcAdamW *opt)
{
  return opt->t;
}
