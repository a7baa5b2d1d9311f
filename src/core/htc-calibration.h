/* htc-calibration.h: temperature scaling (Guo et al., 2017) and calibration measures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A classifier's logits z become probabilities softmax(z / T). T is fitted on held-out
 * logits (out-of-fold predictions) by minimising their mean negative log-likelihood; it
 * changes how confident the probabilities are, never which class wins.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "htc-status.h"

/* Mean NLL of softmax(logits / T) (n rows of k logits). weights may be NULL (all 1). */
double    htc_calibration_nll (const float   *logits,
                               const int32_t *y,
                               const float   *weights,
                               size_t         n,
                               size_t         k,
                               double         temperature);
/* The T in [0.05, 20] minimising the weighted NLL (the NLL is convex in 1/T). */
HtcStatus htc_calibration_fit_temperature (const float   *logits,
                                           const int32_t *y,
                                           const float   *weights,
                                           size_t         n,
                                           size_t         k,
                                           double        *temperature);
/* Expected calibration error of the top-class probability over n_bins equal-width bins. */
double    htc_calibration_ece (const float   *logits,
                               const int32_t *y,
                               size_t         n,
                               size_t         k,
                               double         temperature,
                               size_t         n_bins);
