/* htc-forest.h: a random forest classifier (Breiman 2001) on dense features.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each tree grows on a bootstrap sample, choosing at every node the best Gini split among
 * max_features features drawn at random, until a node is pure or cannot be split into two
 * children of at least min_samples_leaf distinct samples. With `balanced`, a sample of class k
 * weighs n / (n_classes * n_k) (scikit-learn's class_weight='balanced'). Split candidates are
 * the edges of up to 64 quantile bins per feature, computed once from the training data.
 * Predicted probabilities are the mean over trees of the leaf class distributions.
 *
 * Tree t draws from its own generator seeded from (seed, t): the forest does not depend on the
 * number of threads.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "htc-progress.h"
#include "htc-status.h"

typedef struct _HtcForest HtcForest;

typedef struct
{
  size_t              n_trees;           /* >= 1 */
  size_t              min_samples_leaf;  /* >= 1 */
  size_t              max_features;      /* per split; 0 = round (sqrt (n_features)) */
  size_t              max_depth;         /* 0 = unlimited */
  int                 balanced;
  uint64_t            seed;
  size_t              n_threads;         /* >= 1 */
  const volatile int *cancel;            /* may be NULL */
  HtcProgressFunc     progress;          /* may be NULL: fraction of trees done */
  void               *progress_ctx;
} HtcForestParams;

/* x: n_samples x n_features, row-major, finite. y in [0, n_classes). */
HtcStatus htc_forest_train         (const HtcForestParams *params,
                                    const float           *x,
                                    size_t                 n_samples,
                                    size_t                 n_features,
                                    const int32_t         *y,
                                    size_t                 n_classes,
                                    HtcForest            **out);
void      htc_forest_free          (HtcForest             *forest);   /* NULL-safe */
size_t    htc_forest_n_trees       (const HtcForest       *forest);
size_t    htc_forest_n_nodes       (const HtcForest       *forest);   /* all trees */
size_t    htc_forest_n_features    (const HtcForest       *forest);
/* proba: n_classes values summing to 1. Thread-safe. */
void      htc_forest_predict_proba (const HtcForest       *forest,
                                    const float           *row,
                                    float                 *proba);
