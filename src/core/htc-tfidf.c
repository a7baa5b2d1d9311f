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
          /* In double: with tiny values the scale itself would overflow a float. */
          double scale = p->block_weight[b] / sqrt (sq);
          for (size_t k = start; k < end; k++)
            val[k] = (float) (val[k] * scale);
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

HtcStatus
htc_tfidf_transform_transposed (const HtcTfidf *t,
                                const HtcCsr   *counts,
                                const size_t   *rows,
                                size_t          n_rows,
                                HtcCsr        **out)
{
  HtcCsr *m = NULL;
  HtcStatus s = HTC_OK;
  int64_t *next = NULL;
  int32_t *idx = NULL;
  float *val = NULL;
  size_t nnz = 0, max_row = 1;

  if (out == NULL)
    return HTC_ERROR_INVALID_ARG;
  *out = NULL;
  if (t == NULL || counts == NULL || counts->n_cols != t->n_features
      || (rows == NULL && n_rows > 0) || n_rows > INT32_MAX)
    return HTC_ERROR_INVALID_ARG;
  for (size_t i = 0; i < n_rows; i++)
    {
      size_t n;
      if (rows[i] >= counts->n_rows)
        return HTC_ERROR_INVALID_ARG;
      n = (size_t) (counts->indptr[rows[i] + 1] - counts->indptr[rows[i]]);
      if (n > max_row)
        max_row = n;
    }
  idx = malloc (max_row * sizeof (int32_t));
  val = malloc (max_row * sizeof (float));
  if (idx == NULL || val == NULL)
    {
      free (idx);
      free (val);
      return HTC_ERROR_NOMEM;
    }

  /* Two passes over the rows: column sizes of the kept entries, then the entries. */
  for (int pass = 0; pass < 2 && s == HTC_OK; pass++)
    {
      if (pass == 1)
        {
          s = htc_csr_new (t->n_features, n_rows, nnz, &m);
          if (s != HTC_OK)
            break;
          for (size_t j = 0; j < t->n_features; j++)
            m->indptr[j + 1] = m->indptr[j] + next[j];
          memcpy (next, m->indptr, t->n_features * sizeof (int64_t));
        }
      else
        {
          next = calloc (t->n_features ? t->n_features : 1, sizeof (int64_t));
          if (next == NULL)
            {
              s = HTC_ERROR_NOMEM;
              break;
            }
        }
      for (size_t i = 0; i < n_rows && s == HTC_OK; i++)
        {
          int64_t a = counts->indptr[rows[i]];
          size_t n = (size_t) (counts->indptr[rows[i] + 1] - a);
          memcpy (idx, counts->indices + a, n * sizeof (int32_t));
          memcpy (val, counts->data + a, n * sizeof (float));
          s = htc_tfidf_transform_row (t, idx, val, &n);
          for (size_t k = 0; k < n && s == HTC_OK; k++)
            {
              if (pass == 0)
                {
                  next[idx[k]]++;
                  nnz++;
                }
              else
                {
                  int64_t at = next[idx[k]]++;
                  m->indices[at] = (int32_t) i;
                  m->data[at] = val[k];
                }
            }
        }
      if (s != HTC_OK && pass == 1)
        htc_csr_free (m);
    }
  free (next);
  free (idx);
  free (val);
  if (s == HTC_OK)
    *out = m;
  return s;
}
