/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "htc-tfidf.h"

struct _HtcTfidf
{
  HtcTfidfParams params;
  size_t         n_features;
  float         *idf;
};

static int
params_ok (const HtcTfidfParams *p,
           size_t                n_features)
{
  if (p == NULL || p->n_blocks < 1 || p->n_blocks > HTC_TFIDF_MAX_BLOCKS)
    return 0;
  if (p->block_starts[0] != 0 || p->block_starts[p->n_blocks] != n_features)
    return 0;
  for (size_t b = 0; b < p->n_blocks; b++)
    if (p->block_starts[b + 1] < p->block_starts[b] || !(p->block_weight[b] >= 0)
        || !isfinite (p->block_weight[b]))
      return 0;
  return 1;
}

HtcStatus
htc_tfidf_new (const HtcTfidfParams *params,
               const float          *idf,
               size_t                n_features,
               HtcTfidf            **out)
{
  HtcTfidf *t;

  if (out == NULL)
    return HTC_ERROR_INVALID_ARG;
  *out = NULL;
  if (!params_ok (params, n_features) || (idf == NULL && n_features > 0)
      || n_features > INT32_MAX)
    return HTC_ERROR_INVALID_ARG;
  for (size_t j = 0; j < n_features; j++)
    if (!isfinite (idf[j]) || idf[j] < 0)
      return HTC_ERROR_BAD_MODEL;
  t = calloc (1, sizeof *t);
  if (t == NULL)
    return HTC_ERROR_NOMEM;
  t->idf = malloc ((n_features ? n_features : 1) * sizeof (float));
  if (t->idf == NULL)
    {
      free (t);
      return HTC_ERROR_NOMEM;
    }
  if (n_features)
    memcpy (t->idf, idf, n_features * sizeof (float));
  t->params = *params;
  t->n_features = n_features;
  *out = t;
  return HTC_OK;
}

HtcStatus
htc_tfidf_fit (const HtcTfidfParams *params,
               const HtcCsr         *counts,
               const size_t         *rows,
               size_t                n_rows,
               const uint8_t        *keep,
               HtcTfidf            **out)
{
  uint32_t *df;
  float *idf;
  HtcStatus s;

  if (out == NULL)
    return HTC_ERROR_INVALID_ARG;
  *out = NULL;
  if (counts == NULL || !params_ok (params, counts->n_cols))
    return HTC_ERROR_INVALID_ARG;
  df = malloc ((counts->n_cols ? counts->n_cols : 1) * sizeof (uint32_t));
  idf = malloc ((counts->n_cols ? counts->n_cols : 1) * sizeof (float));
  if (df == NULL || idf == NULL)
    {
      free (df);
      free (idf);
      return HTC_ERROR_NOMEM;
    }
  s = htc_csr_column_stats (counts, rows, n_rows, NULL, df, NULL);
  if (s == HTC_OK)
    {
      for (size_t j = 0; j < counts->n_cols; j++)
        {
          if (df[j] == 0 || (keep && !keep[j]))
            idf[j] = 0;
          else
            idf[j] = (float) (log ((1.0 + (double) n_rows) / (1.0 + (double) df[j])) + 1.0);
        }
      s = htc_tfidf_new (params, idf, counts->n_cols, out);
    }
  free (df);
  free (idf);
  return s;
}

void
htc_tfidf_free (HtcTfidf *t)
{
  if (t == NULL)
    return;
  free (t->idf);
  free (t);
}

size_t
htc_tfidf_n_features (const HtcTfidf *t)
{
  return t ? t->n_features : 0;
}

const float *
htc_tfidf_idf (const HtcTfidf *t)
{
  return t ? t->idf : NULL;
}

const HtcTfidfParams *
htc_tfidf_params (const HtcTfidf *t)
{
  return t ? &t->params : NULL;
}

HtcStatus
htc_tfidf_transform_row (const HtcTfidf *t,
                         int32_t        *idx,
                         float          *val,
                         size_t         *nnz)
{
  const HtcTfidfParams *p;
  size_t n = 0, start = 0;

  if (t == NULL || nnz == NULL || (*nnz > 0 && (idx == NULL || val == NULL)))
    return HTC_ERROR_INVALID_ARG;
  p = &t->params;
  for (size_t k = 0; k < *nnz; k++)
    {
      int32_t j = idx[k];
      double tf;
      if (j < 0 || (size_t) j >= t->n_features || !(val[k] >= 0) || !isfinite (val[k]))
        return HTC_ERROR_INVALID_ARG;
      if (val[k] == 0 || t->idf[j] == 0)
        continue;
      tf = p->sublinear_tf ? 1.0 + log (val[k]) : val[k];
      idx[n] = j;
      val[n] = (float) (tf * t->idf[j]);
      n++;
    }
  *nnz = n;

  /* Indices are sorted, so each block is a contiguous run of the row. */
  for (size_t b = 0; b < p->n_blocks; b++)
    {
      size_t end = start;
      double sq = 0;
      while (end < n && (size_t) idx[end] < p->block_starts[b + 1])
        {
          sq += (double) val[end] * val[end];
          end++;
        }
      if (sq > 0)
        {
          float scale = (float) (p->block_weight[b] / sqrt (sq));
          for (size_t k = start; k < end; k++)
            val[k] *= scale;
        }
      start = end;
    }
  return HTC_OK;
}

HtcStatus
htc_tfidf_transform (const HtcTfidf *t,
                     const HtcCsr   *counts,
                     HtcCsr        **out)
{
  HtcCsr *m;
  HtcStatus s;
  int64_t pos = 0;

  if (out == NULL)
    return HTC_ERROR_INVALID_ARG;
  *out = NULL;
  if (t == NULL || counts == NULL || counts->n_cols != t->n_features)
    return HTC_ERROR_INVALID_ARG;
  /* Sized for the worst case (nothing dropped), trimmed at the end. */
  s = htc_csr_new (counts->n_rows, counts->n_cols, htc_csr_nnz (counts), &m);
  if (s != HTC_OK)
    return s;
  for (size_t r = 0; r < counts->n_rows; r++)
    {
      size_t n = (size_t) (counts->indptr[r + 1] - counts->indptr[r]);
      memcpy (m->indices + pos, counts->indices + counts->indptr[r], n * sizeof (int32_t));
      memcpy (m->data + pos, counts->data + counts->indptr[r], n * sizeof (float));
      s = htc_tfidf_transform_row (t, m->indices + pos, m->data + pos, &n);
      if (s != HTC_OK)
        {
          htc_csr_free (m);
          return s;
        }
      pos += (int64_t) n;
      m->indptr[r + 1] = pos;
    }
  if (pos > 0 && (size_t) pos < htc_csr_nnz (counts))
    {
      int32_t *i = realloc (m->indices, (size_t) pos * sizeof (int32_t));
      float *d = realloc (m->data, (size_t) pos * sizeof (float));
      if (i)
        m->indices = i;
      if (d)
        m->data = d;
    }
  *out = m;
  return HTC_OK;
}
