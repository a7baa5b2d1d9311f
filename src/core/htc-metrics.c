/* SPDX-License-Identifier: GPL-3.0-or-later */
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
