/* htc-metrics.h: classification metrics from true and predicted labels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * As scikit-learn defines them: balanced accuracy is the mean per-class recall over classes
 * that occur in y_true; macro-F1 is the mean per-class F1 over all classes (0 for a class
 * never predicted and never true).
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "htc-status.h"

#define HTC_METRICS_MAX_CLASSES 16

typedef struct
{
  size_t   n_classes;
  size_t   n;
  double   accuracy;
  double   balanced_accuracy;
  double   macro_f1;
  double   recall[HTC_METRICS_MAX_CLASSES];
  double   precision[HTC_METRICS_MAX_CLASSES];
  double   f1[HTC_METRICS_MAX_CLASSES];
  uint64_t confusion[HTC_METRICS_MAX_CLASSES][HTC_METRICS_MAX_CLASSES];  /* [true][predicted] */
} HtcMetrics;

/* Labels outside [0, n_classes) are HTC_ERROR_INVALID_ARG. n may be 0 (all zeros). */
HtcStatus htc_metrics_compute (const int32_t *y_true,
                               const int32_t *y_pred,
                               size_t         n,
                               size_t         n_classes,
                               HtcMetrics    *out);

/* One vote per group (an artist: are their songs, taken together, placed in their region?).
 * A group's vote is the label most of its rows were predicted as; a tie goes to the tied label
 * with the larger summed score when scores (n x n_classes, e.g. probabilities) are given, then
 * to the smaller label. By group id, group_true gets the group's true label (all its rows must
 * have the same one) and group_pred its vote, both -1 for a group without rows; *n_voted
 * (may be NULL) the number of groups with rows. Group ids must be below n_groups. */
HtcStatus htc_metrics_vote_by_group (const int32_t  *y_true,
                                     const int32_t  *y_pred,
                                     const float    *scores,
                                     const uint32_t *group,
                                     size_t          n,
                                     size_t          n_groups,
                                     size_t          n_classes,
                                     int32_t        *group_true,
                                     int32_t        *group_pred,
                                     size_t         *n_voted);
