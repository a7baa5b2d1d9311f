/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdlib.h>
#include <string.h>

#include "htc-chi2.h"

#define MAX_CLASSES 64

HtcStatus
htc_chi2_scores (const HtcCsr  *x,
                 const size_t  *rows,
                 size_t         n_rows,
                 const int32_t *y,
                 const float   *row_weight,
                 size_t         n_classes,
                 double        *scores)
{
  double *obs, class_w[MAX_CLASSES] = { 0 }, total_w = 0;
  size_t p;

  if (x == NULL || (n_rows > 0 && rows == NULL) || y == NULL || scores == NULL
      || n_classes < 2 || n_classes > MAX_CLASSES)
    return HTC_ERROR_INVALID_ARG;
  p = x->n_cols;
  obs = calloc ((p ? p : 1) * n_classes, sizeof (double));
  if (obs == NULL)
    return HTC_ERROR_NOMEM;
  for (size_t i = 0; i < n_rows; i++)
    {
      size_t r = rows[i];
      double w = row_weight ? row_weight[i] : 1.0;
      if (r >= x->n_rows || y[r] < 0 || (size_t) y[r] >= n_classes)
        {
          free (obs);
          return HTC_ERROR_INVALID_ARG;
        }
      class_w[y[r]] += w;
      total_w += w;
      for (int64_t t = x->indptr[r]; t < x->indptr[r + 1]; t++)
        obs[(size_t) x->indices[t] * n_classes + (size_t) y[r]] += w * x->data[t];
    }
  for (size_t j = 0; j < p; j++)
    {
      double fsum = 0, chi = 0;
      for (size_t k = 0; k < n_classes; k++)
        fsum += obs[j * n_classes + k];
      for (size_t k = 0; k < n_classes && total_w > 0; k++)
        {
          double e = class_w[k] / total_w * fsum;
          if (e > 0)
            {
              double dlt = obs[j * n_classes + k] - e;
              chi += dlt * dlt / e;
            }
        }
      scores[j] = chi;
    }
  free (obs);
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
