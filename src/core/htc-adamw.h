/* htc-adamw.h: the AdamW optimiser (decoupled weight decay, as torch.optim.AdamW) and its
 * learning-rate schedule (linear warm-up, then cosine decay).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stddef.h>

#include "htc-status.h"
#include "htc-tensor.h"

typedef struct
{
  float  lr;              /* peak learning rate */
  float  beta1, beta2;
  float  eps;
  float  weight_decay;    /* applied to tensors flagged HTC_TENSOR_DECAY only */
  size_t warmup_steps;    /* lr rises linearly from lr/warmup to lr over these steps */
  size_t total_steps;     /* then falls along a cosine to lr * min_lr_ratio at total_steps */
  float  min_lr_ratio;
} HtcAdamWParams;

/* lr 1e-3, betas 0.9/0.999, eps 1e-8, weight decay 1e-2 (PyTorch's defaults), no schedule
 * (warmup 0, total 0: constant lr). */
void      htc_adamw_params_init_default (HtcAdamWParams *params);

/* The learning rate for step `step` (0-based). */
float     htc_adamw_schedule (const HtcAdamWParams *params,
                              size_t                step);

typedef struct _HtcAdamW HtcAdamW;

/* Moments for the trainable tensors among `tensors`. */
HtcStatus htc_adamw_new  (const HtcAdamWParams *params,
                          const HtcTensor      *tensors,
                          size_t                n_tensors,
                          HtcAdamW            **out);
void      htc_adamw_free (HtcAdamW             *opt);   /* NULL-safe */
/* One update of every trainable tensor with grads[i] (same indexing as `tensors`; NULL for
 * non-trainable ones) at learning rate lr. Same tensors, in the same order, as at creation. */
HtcStatus htc_adamw_step (HtcAdamW             *opt,
                          HtcTensor            *tensors,
                          size_t                n_tensors,
                          float *const         *grads,
                          float                 lr);
size_t    htc_adamw_n_steps (const HtcAdamW    *opt);
