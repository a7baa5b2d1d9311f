/* htc-cnn.h: the short-chunk audio CNN.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: patches of n_mels x n_frames mel-dB values (band-major, band 0 lowest). Each patch is
 * normalised per band with the model's own statistics (tensors "input.mean" and "input.std"),
 * then goes through n_blocks blocks of Conv3x3 (no bias) -> BatchNorm -> ReLU -> MaxPool 2x2,
 * global average pooling, dropout and a dense layer to n_classes logits.
 *
 * Tensor names and layouts are those of the equivalent PyTorch module's state_dict
 * (tools/make-cnn-golden.py), so weights move between the two unchanged:
 *   input.mean, input.std                 [n_mels]
 *   blocks.<i>.conv.weight                [c_out][c_in][3][3]
 *   blocks.<i>.bn.{weight,bias,running_mean,running_var}   [c_out]
 *   fc.weight [n_classes][c_last], fc.bias [n_classes]
 *
 * An HtcCnn holds weights only; all per-call memory lives in an HtcCnnWork. htc_cnn_predict()
 * does not modify the HtcCnn, so several threads may predict at once, each with its own work.
 */
#pragma once

#include <stddef.h>

#include "htc-rng.h"
#include "htc-status.h"
#include "htc-tensor.h"

#define HTC_CNN_MAX_BLOCKS 6

typedef struct
{
  size_t n_mels;                         /* patch height, >= 2^n_blocks */
  size_t n_frames;                       /* patch width, >= 2^n_blocks */
  size_t n_blocks;                       /* 1 ..= HTC_CNN_MAX_BLOCKS */
  size_t channels[HTC_CNN_MAX_BLOCKS];   /* output channels of each block, 1 ..= 1024 */
  size_t n_classes;                      /* 2 ..= 64 */
  float  dropout;                        /* before the dense layer, 0 <= p < 1 */
  float  bn_eps;                         /* > 0 */
  float  bn_momentum;                    /* 0 < m <= 1, PyTorch's convention */
} HtcCnnConfig;

/* 128 x 128 patches, blocks of 16-32-64-128 channels, 4 classes, dropout 0.3.
 * (32-64-128-128 costs 3.3x the arithmetic: 15 patches of a 45-s clip take ~80 ms instead of
 * ~30 ms on two cores, over the inference budget; the width is a training option.) */
void        htc_cnn_config_init_default (HtcCnnConfig *config);
/* HTC_OK when every field is in range. */
HtcStatus   htc_cnn_config_check        (const HtcCnnConfig *config);

typedef struct _HtcCnn HtcCnn;
typedef struct _HtcCnnWork HtcCnnWork;

/* Weights start as an identity-like network: zero convolutions, BN gamma 1, input std 1.
 * Call htc_cnn_init_he() to train from scratch, or fill the tensors from a file. */
HtcStatus   htc_cnn_new          (const HtcCnnConfig *config,
                                  HtcCnn            **out);
void        htc_cnn_free         (HtcCnn             *cnn);     /* NULL-safe */
const HtcCnnConfig *htc_cnn_get_config (const HtcCnn *cnn);
/* He (Kaiming normal, fan-in) initialisation of convolution and dense weights; biases 0. */
void        htc_cnn_init_he      (HtcCnn             *cnn,
                                  HtcRng             *rng);
size_t      htc_cnn_n_tensors    (const HtcCnn       *cnn);
HtcTensor  *htc_cnn_tensor       (HtcCnn             *cnn,
                                  size_t              index);
const HtcTensor *htc_cnn_tensor_const (const HtcCnn  *cnn,
                                       size_t         index);
/* NULL when there is no tensor of that name. */
HtcTensor  *htc_cnn_find_tensor  (HtcCnn             *cnn,
                                  const char         *name);
/* Copies all tensors; both must have the same configuration. */
HtcStatus   htc_cnn_copy_weights (HtcCnn             *dst,
                                  const HtcCnn       *src);
/* HTC_ERROR_NUMERIC if any weight is NaN/Inf; HTC_ERROR_BAD_MODEL if a statistic is out of
 * range (input.std or a running variance <= 0). */
HtcStatus   htc_cnn_check        (const HtcCnn       *cnn);

/* The thread count a work should use by default: online CPUs, at most 8. */
size_t      htc_cnn_default_threads (void);

/* Scratch for batches of up to max_batch patches, computed on n_threads threads (the calling
 * thread included; BLAS is kept single-threaded). `train` adds what backward needs. */
HtcStatus   htc_cnn_work_new     (const HtcCnn       *cnn,
                                  size_t              max_batch,
                                  size_t              n_threads,
                                  int                 train,
                                  HtcCnnWork        **out);
void        htc_cnn_work_free    (HtcCnnWork         *work);    /* NULL-safe */
size_t      htc_cnn_work_max_batch (const HtcCnnWork *work);

/* Evaluation mode: x [n][n_mels][n_frames] -> probs [n][n_classes] (softmax). Any n: larger
 * inputs are processed in chunks of the work's max_batch. */
HtcStatus   htc_cnn_predict      (const HtcCnn       *cnn,
                                  HtcCnnWork         *work,
                                  const float        *x,
                                  size_t              n,
                                  float              *probs);
/* Evaluation mode, logits instead of probabilities; n <= max_batch. */
HtcStatus   htc_cnn_forward_eval (const HtcCnn       *cnn,
                                  HtcCnnWork         *work,
                                  const float        *x,
                                  size_t              n,
                                  float              *logits);
/* Training mode (batch statistics, running statistics updated, dropout drawn from rng);
 * keeps the activations in `work` for htc_cnn_backward(). n <= max_batch, n >= 2. */
HtcStatus   htc_cnn_forward_train (HtcCnn            *cnn,
                                   HtcCnnWork        *work,
                                   const float       *x,
                                   size_t             n,
                                   HtcRng            *rng,
                                   float             *logits);
/* Gradients of the loss for the last htc_cnn_forward_train(), given dL/dlogits [n][n_classes].
 * Afterwards htc_cnn_work_grad() holds them (overwritten, not accumulated across calls). */
HtcStatus   htc_cnn_backward     (HtcCnn             *cnn,
                                  HtcCnnWork         *work,
                                  const float        *dlogits);
/* The gradient of tensor `index` (same size), or NULL for non-trainable tensors. */
float      *htc_cnn_work_grad    (HtcCnnWork         *work,
                                  size_t              index);
/* The input of the dense layer after dropout, [n][c_last], from the last forward (for tests). */
const float *htc_cnn_work_features (const HtcCnnWork *work);
