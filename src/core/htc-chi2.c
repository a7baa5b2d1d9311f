/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdlib.h>

#include "htc-chi2.h"

#define MAX_CLASSES 64

HtcStatus
htc_chi2_scores (const HtcCsr  *xt,
                 const int32_t *y,
                 const float   *sample_weight,
                 size_t         n_classes,
                 double        *scores)
{
  double class_w[MAX_CLASSES] = { 0 }, total_w = 0;

  if (xt == NULL || y == NULL || scores == NULL || n_classes < 2 || n_classes > MAX_CLASSES)
    return HTC_ERROR_INVALID_ARG;
  for (size_t i = 0; i < xt->n_cols; i++)
    {
      double w = sample_weight ? sample_weight[i] : 1.0;
      if (y[i] < 0 || (size_t) y[i] >= n_classes)
        return HTC_ERROR_INVALID_ARG;
      class_w[y[i]] += w;
      total_w += w;
    }
  for (size_t j = 0; j < xt->n_rows; j++)
    {
      double obs[MAX_CLASSES] = { 0 }, fsum = 0, chi = 0;
      for (int64_t t = xt->indptr[j]; t < xt->indptr[j + 1]; t++)
        {
          int32_t i = xt->indices[t];
          double w = sample_weight ? sample_weight[i] : 1.0;
          if (i < 0 || (size_t) i >= xt->n_cols)
            return HTC_ERROR_INVALID_ARG;
          obs[y[i]] += w * xt->data[t];
        }
      for (size_t k = 0; k < n_classes; k++)
        fsum += obs[k];
      for (size_t k = 0; k < n_classes && total_w > 0; k++)
        {
          double e = class_w[k] / total_w * fsum;
          if (e > 0)
            chi += (obs[k] - e) * (obs[k] - e) / e;
        }
      scores[j] = chi;
    }
  return HTC_OK;
}

typedef struct
{
  double  score;
  int32_t index;
} Scored;

static int
cmp_scored (const void *a,
            const void *b)
{
  const Scored *x = a, *y = b;
  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return (x->index > y->index) - (x->index < y->index);
}

HtcStatus
htc_top_k (const double *scores,
           size_t        n,
           size_t        k,
           int32_t      *out)
{
  Scored *all;

  if (scores == NULL || out == NULL || k > n || n > INT32_MAX)
    return HTC_ERROR_INVALID_ARG;
  all = malloc ((n ? n : 1) * sizeof (Scored));
  if (all == NULL)
    return HTC_ERROR_NOMEM;
  for (size_t j = 0; j < n; j++)
    {
      all[j].score = scores[j] == scores[j] ? scores[j] : -1;   /* NaN last */
      all[j].index = (int32_t) j;
    }
  qsort (all, n, sizeof (Scored), cmp_scored);
  for (size_t j = 0; j < k; j++)
    out[j] = all[j].index;
  free (all);
  return HTC_OK;
}
