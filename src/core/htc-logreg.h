/* htc-logreg.h: multinomial logistic regression with L2 regularisation, trained by L-BFGS on
 * sparse rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Training minimises, over weights W (n_features x n_classes) and biases b (n_classes),
 *
 *   f(W, b) = ( sum_i s_i * CE_i  +  ||W||^2 / (2 C) ) / sum_i s_i
 *
 * where CE_i = -log softmax(x_i W + b)[y_i] and s_i is the sample weight: the same minimiser
 * as scikit-learn's LogisticRegression(C=C, multi_class='multinomial', solver='lbfgs') with
 * sample_weight, and the same stopping rule (max |gradient| <= tol, or a relative decrease of
 * f below 64 machine epsilons). The bias is not regularised.
 *
 * Training reads the design matrix transposed (features x samples: htc_csr_transpose()), on up
 * to four threads over four fixed chunks summed in chunk order, so a result does not depend on
 * the thread count.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "htc-csr.h"
#include "htc-progress.h"
#include "htc-status.h"

typedef struct _HtcLogreg HtcLogreg;

typedef struct
{
  double              c;           /* > 0 */
  size_t              max_iter;    /* >= 1 */
  double              tol;         /* >= 0; 1e-4 as scikit-learn */
  size_t              history;     /* L-BFGS pairs kept, 1 ..= 50 (10 is usual) */
  size_t              n_threads;   /* >= 1 */
  const volatile int *cancel;      /* may be NULL */
  HtcProgressFunc     progress;    /* may be NULL: fraction of max_iter done */
  void               *progress_ctx;
} HtcLogregParams;

typedef struct
{
  size_t n_iter;
  size_t n_evals;       /* objective/gradient evaluations */
  double objective;
  double grad_max;      /* max |gradient| at the end */
  int    converged;     /* 0 when max_iter ran out */
} HtcLogregInfo;

/* weights: n_features x n_classes, feature-major (NULL = zeros); bias: n_classes (NULL =
 * zeros). Both copied; non-finite values are HTC_ERROR_BAD_MODEL. */
HtcStatus    htc_logreg_new        (size_t            n_classes,
                                    size_t            n_features,
                                    const float      *weights,
                                    const float      *bias,
                                    HtcLogreg       **out);
void         htc_logreg_free       (HtcLogreg        *m);     /* NULL-safe */
size_t       htc_logreg_n_classes  (const HtcLogreg  *m);
size_t       htc_logreg_n_features (const HtcLogreg  *m);
const float *htc_logreg_weights    (const HtcLogreg  *m);     /* n_features x n_classes */
const float *htc_logreg_bias       (const HtcLogreg  *m);

/* logits[k] = b_k + sum over the row of val * W[idx][k]. Indices must be < n_features
 * (HTC_ERROR_INVALID_ARG otherwise). Thread-safe. */
HtcStatus    htc_logreg_logits     (const HtcLogreg  *m,
                                    const int32_t    *idx,
                                    const float      *val,
                                    size_t            nnz,
                                    float            *logits);
/* Logits of the listed rows of x into out (n_rows x n_classes). */
HtcStatus    htc_logreg_logits_csr (const HtcLogreg  *m,
                                    const HtcCsr     *x,
                                    const size_t     *rows,
                                    size_t            n_rows,
                                    float            *out);

/* Trains on xt, the design matrix transposed (n_features x n_samples); y gives each sample's
 * class (< n_classes); sample_weight (may be NULL = all 1) each sample's weight (>= 0, not all
 * 0). init (may be NULL) is a warm start of the same shape. info may be NULL. */
HtcStatus    htc_logreg_train      (const HtcLogregParams *params,
                                    const HtcCsr     *xt,
                                    const int32_t    *y,
                                    const float      *sample_weight,
                                    size_t            n_classes,
                                    const HtcLogreg  *init,
                                    HtcLogreg       **out,
                                    HtcLogregInfo    *info);

/* The training objective f and its gradient at theta = [W (feature-major) | b], which has
 * n_features * n_classes + n_classes values; grad (same size) may be NULL. For tests. */
HtcStatus    htc_logreg_objective  (const HtcLogregParams *params,
                                    const HtcCsr     *xt,
                                    const int32_t    *y,
                                    const float      *sample_weight,
                                    size_t            n_classes,
                                    const double     *theta,
                                    double           *value,
                                    double           *grad);

/* Softmax of logits / temperature, in place (temperature > 0). */
void         htc_logreg_softmax           (float            *logits,
                                    size_t            n,
                                    double            temperature);
