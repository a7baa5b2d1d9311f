/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "htc-metrics.h"

HtcStatus
htc_metrics_compute (const int32_t *y_true,
                     const int32_t *y_pred,
                     size_t         n,
                     size_t         n_classes,
                     HtcMetrics    *out)
{
  size_t correct = 0, present = 0;
  double bacc = 0, mf1 = 0;

  if (out == NULL || n_classes < 1 || n_classes > HTC_METRICS_MAX_CLASSES
      || (n > 0 && (y_true == NULL || y_pred == NULL)))
    return HTC_ERROR_INVALID_ARG;
  memset (out, 0, sizeof *out);
  out->n_classes = n_classes;
  out->n = n;
  for (size_t i = 0; i < n; i++)
    {
      if (y_true[i] < 0 || (size_t) y_true[i] >= n_classes || y_pred[i] < 0
          || (size_t) y_pred[i] >= n_classes)
        return HTC_ERROR_INVALID_ARG;
      out->confusion[y_true[i]][y_pred[i]]++;
      correct += y_true[i] == y_pred[i];
    }
  if (n == 0)
    return HTC_OK;
  out->accuracy = (double) correct / (double) n;
  for (size_t k = 0; k < n_classes; k++)
    {
      uint64_t tp = out->confusion[k][k], true_k = 0, pred_k = 0;
      for (size_t j = 0; j < n_classes; j++)
        {
          true_k += out->confusion[k][j];
          pred_k += out->confusion[j][k];
        }
      out->recall[k] = true_k ? (double) tp / (double) true_k : 0;
      out->precision[k] = pred_k ? (double) tp / (double) pred_k : 0;
      out->f1[k] = (true_k + pred_k) ? 2.0 * (double) tp / (double) (true_k + pred_k) : 0;
      if (true_k)
        {
          bacc += out->recall[k];
          present++;
        }
      mf1 += out->f1[k];
    }
  out->balanced_accuracy = present ? bacc / (double) present : 0;
  out->macro_f1 = mf1 / (double) n_classes;
  return HTC_OK;
}

HtcStatus
htc_metrics_vote_by_group (const int32_t  *y_true,
                           const int32_t  *y_pred,
                           const float    *scores,
                           const uint32_t *group,
                           size_t          n,
                           size_t          n_groups,
                           size_t          n_classes,
                           int32_t        *group_true,
                           int32_t        *group_pred,
                           size_t         *n_voted)
{
  size_t *votes;
  double *score_sum;
  size_t voted = 0;

  if (n_classes < 1 || n_classes > HTC_METRICS_MAX_CLASSES || group_true == NULL
      || group_pred == NULL || (n > 0 && (y_true == NULL || y_pred == NULL || group == NULL)))
    return HTC_ERROR_INVALID_ARG;
  if (n_groups > (SIZE_MAX - 1) / n_classes)
    return HTC_ERROR_NOMEM;
  for (size_t g = 0; g < n_groups; g++)
    group_true[g] = group_pred[g] = -1;
  for (size_t i = 0; i < n; i++)
    {
      if (group[i] >= n_groups || y_true[i] < 0 || (size_t) y_true[i] >= n_classes
          || y_pred[i] < 0 || (size_t) y_pred[i] >= n_classes
          || (group_true[group[i]] >= 0 && group_true[group[i]] != y_true[i]))
        return HTC_ERROR_INVALID_ARG;
      group_true[group[i]] = y_true[i];
    }

  votes = calloc (n_groups * n_classes + 1, sizeof *votes);
  score_sum = calloc (n_groups * n_classes + 1, sizeof *score_sum);
  if (votes == NULL || score_sum == NULL)
    {
      free (votes);
      free (score_sum);
      return HTC_ERROR_NOMEM;
    }
  for (size_t i = 0; i < n; i++)
    {
      votes[group[i] * n_classes + (size_t) y_pred[i]]++;
      if (scores != NULL)
        for (size_t k = 0; k < n_classes; k++)
          score_sum[group[i] * n_classes + k] += scores[i * n_classes + k];
    }
  for (size_t g = 0; g < n_groups; g++)
    {
      const size_t *v = votes + g * n_classes;
      const double *s = score_sum + g * n_classes;
      size_t best = 0;

      if (group_true[g] < 0)
        continue;
      for (size_t k = 1; k < n_classes; k++)
        if (v[k] > v[best] || (v[k] == v[best] && s[k] > s[best]))
          best = k;
      group_pred[g] = (int32_t) best;
      voted++;
    }
  free (votes);
  free (score_sum);
  if (n_voted != NULL)
    *n_voted = voted;
  return HTC_OK;
}
