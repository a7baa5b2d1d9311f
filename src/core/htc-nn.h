/* htc-nn.h: the layers of the audio CNN, forward and backward, as plain functions on float
 * arrays. Layout is NCHW (sample, channel, row, column), row-major, as in PyTorch.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Backward functions take the gradient of the loss with respect to a layer's output (dy) and
 * produce it for the input (dx, overwritten) and parameters (accumulated with +=, so that
 * per-thread partial sums can be added up). None of them allocate; the caller passes scratch.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "htc-rng.h"

/* Conv2D, 3x3 kernel, stride 1, zero padding 1 ("same"), no bias; one sample.
 * x [c_in][h][w], weight [c_out][c_in][3][3], y [c_out][h][w]; col: c_in*9*h*w floats. */
void  htc_conv3x3_forward  (const float *x,
                            size_t       c_in,
                            size_t       h,
                            size_t       w,
                            const float *weight,
                            size_t       c_out,
                            float       *col,
                            float       *y);
/* dweight += dL/dweight; dx = dL/dx unless dx is NULL (the first layer needs no dx). */
void  htc_conv3x3_backward (const float *x,
                            size_t       c_in,
                            size_t       h,
                            size_t       w,
                            const float *weight,
                            size_t       c_out,
                            const float *dy,
                            float       *col,
                            float       *dweight,
                            float       *dx);

/* BatchNorm2d over a batch x [n][c][hw], for channels [c_begin, c_end) only (so that callers
 * can split channels across threads). Training mode normalises with the batch's biased
 * variance and updates the running statistics as PyTorch does (unbiased variance, momentum).
 * xhat (the normalised input, kept for backward) may alias x; invstd has c entries. */
void  htc_batchnorm_forward_train (const float *x,
                                   size_t       n,
                                   size_t       c,
                                   size_t       hw,
                                   size_t       c_begin,
                                   size_t       c_end,
                                   const float *gamma,
                                   const float *beta,
                                   float        eps,
                                   float        momentum,
                                   float       *running_mean,
                                   float       *running_var,
                                   float       *xhat,
                                   float       *invstd,
                                   float       *y);
/* Evaluation mode: the running statistics. y may alias x. */
void  htc_batchnorm_forward_eval  (const float *x,
                                   size_t       n,
                                   size_t       c,
                                   size_t       hw,
                                   size_t       c_begin,
                                   size_t       c_end,
                                   const float *gamma,
                                   const float *beta,
                                   const float *running_mean,
                                   const float *running_var,
                                   float        eps,
                                   float       *y);
/* Backward of training mode. dx may alias dy. */
void  htc_batchnorm_backward      (const float *dy,
                                   const float *xhat,
                                   const float *invstd,
                                   const float *gamma,
                                   size_t       n,
                                   size_t       c,
                                   size_t       hw,
                                   size_t       c_begin,
                                   size_t       c_end,
                                   float       *dgamma,
                                   float       *dbeta,
                                   float       *dx);

/* In place. */
void  htc_relu_forward  (float       *x,
                         size_t       n);
/* dx = dy where the ReLU's output y > 0, else 0. dx may alias dy. */
void  htc_relu_backward (const float *y,
                         const float *dy,
                         size_t       n,
                         float       *dx);

/* Max pooling 2x2, stride 2, over `planes` planes of h x w (odd edges dropped, as PyTorch).
 * y [planes][h/2][w/2]; argmax (0..3 within each window, first maximum wins) for backward,
 * or NULL when no backward follows. */
void  htc_maxpool2_forward  (const float *x,
                             size_t       planes,
                             size_t       h,
                             size_t       w,
                             float       *y,
                             uint8_t     *argmax);
void  htc_maxpool2_backward (const float   *dy,
                             const uint8_t *argmax,
                             size_t         planes,
                             size_t         h,
                             size_t         w,
                             float         *dx);

/* Global average pooling: y[p] = mean of plane p (hw values). */
void  htc_gap_forward  (const float *x,
                        size_t       planes,
                        size_t       hw,
                        float       *y);
void  htc_gap_backward (const float *dy,
                        size_t       planes,
                        size_t       hw,
                        float       *dx);

/* Inverted dropout: y = x * mask, mask = 0 with probability p, else 1/(1-p). 0 <= p < 1.
 * y may alias x. */
void  htc_dropout_forward  (const float *x,
                            size_t       n,
                            float        p,
                            HtcRng      *rng,
                            float       *mask,
                            float       *y);
void  htc_dropout_backward (const float *dy,
                            const float *mask,
                            size_t       n,
                            float       *dx);

/* Dense: y [n][out] = x [n][in] . weight[out][in]^T + bias. */
void  htc_dense_forward  (const float *x,
                          size_t       n,
                          size_t       in,
                          const float *weight,
                          const float *bias,
                          size_t       out,
                          float       *y);
/* dweight += dy^T x, dbias += sum dy, dx = dy . weight (dx may be NULL). */
void  htc_dense_backward (const float *x,
                          size_t       n,
                          size_t       in,
                          const float *weight,
                          size_t       out,
                          const float *dy,
                          float       *dweight,
                          float       *dbias,
                          float       *dx);

/* Softmax cross-entropy with class weights, reduced as PyTorch's weighted mean:
 * loss = sum_i w[y_i] * -log p_i[y_i] / sum_i w[y_i]. class_weights NULL means all 1.
 * probs [n][k] receives the softmax; dlogits (may be NULL) the gradient of the loss. */
float htc_softmax_xent (const float *logits,
                        size_t       n,
                        size_t       k,
                        const int   *labels,
                        const float *class_weights,
                        float       *probs,
                        float       *dlogits);
/* Row-wise softmax in place (stable). */
void  htc_softmax      (float       *x,
                        size_t       n,
                        size_t       k);
