/* htc-chi2.h: chi-squared scores of non-negative features against class labels, for picking
 * the features a dense model (the random forest) can afford.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * As scikit-learn's feature_selection.chi2: with O[k][j] the sum of feature j over the rows of
 * class k and E[k][j] = (rows of class k / rows) * (sum of feature j), the score of j is
 * sum_k (O - E)^2 / E. Optional row weights scale each row's contribution and count.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "htc-csr.h"
#include "htc-status.h"

/* xt is the feature matrix transposed (n_features x n_samples, as htc_logreg_train() takes
 * it); y and sample_weight (may be NULL) have n_samples entries. scores: n_features values
 * (0 for a feature that is zero on every sample). */
HtcStatus htc_chi2_scores (const HtcCsr  *xt,
                           const int32_t *y,
                           const float   *sample_weight,
                           size_t         n_classes,
                           double        *scores);
/* Indices of the k highest scores, highest first (ties: lower index first). k <= n. */
HtcStatus htc_top_k       (const double  *scores,
                           size_t         n,
                           size_t         k,
                           int32_t       *out);
