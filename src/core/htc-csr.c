/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "htc-csr.h"

HtcStatus
htc_csr_new (size_t   n_rows,
             size_t   n_cols,
             size_t   nnz,
             HtcCsr **out)
{
  HtcCsr *m;

  if (out == NULL)
    return HTC_ERROR_INVALID_ARG;
  *out = NULL;
  if (n_cols > INT32_MAX || n_rows > SIZE_MAX / sizeof (int64_t) - 1
      || nnz > SIZE_MAX / sizeof (float))
    return HTC_ERROR_INVALID_ARG;
  m = calloc (1, sizeof *m);
  if (m == NULL)
    return HTC_ERROR_NOMEM;
  m->n_rows = n_rows;
  m->n_cols = n_cols;
  m->indptr = calloc (n_rows + 1, sizeof (int64_t));
  m->indices = malloc ((nnz ? nnz : 1) * sizeof (int32_t));
  m->data = malloc ((nnz ? nnz : 1) * sizeof (float));
  if (m->indptr == NULL || m->indices == NULL || m->data == NULL)
    {
      htc_csr_free (m);
      return HTC_ERROR_NOMEM;
    }
  *out = m;
  return HTC_OK;
}

void
htc_csr_free (HtcCsr *m)
{
  if (m == NULL)
    return;
  free (m->indptr);
  free (m->indices);
  free (m->data);
  free (m);
}

HtcStatus
htc_csr_append_rows (HtcCsr        *m,
                     size_t         n_new,
                     const int64_t *indptr,
                     const int32_t *indices,
                     const float   *data)
{
  size_t nnz, extra;
  int64_t *ip;
  int32_t *ix;
  float *dx;

  if (m == NULL || indptr == NULL || indptr[0] != 0
      || n_new > SIZE_MAX / sizeof (int64_t) - m->n_rows - 1)
    return HTC_ERROR_INVALID_ARG;
  for (size_t r = 0; r < n_new; r++)
    if (indptr[r + 1] < indptr[r])
      return HTC_ERROR_INVALID_ARG;
  nnz = htc_csr_nnz (m);
  extra = (size_t) indptr[n_new];
  if (extra > 0 && (indices == NULL || data == NULL))
    return HTC_ERROR_INVALID_ARG;
  if (extra > SIZE_MAX / sizeof (float) - nnz - 1)
    return HTC_ERROR_INVALID_ARG;
  for (size_t e = 0; e < extra; e++)
    if (indices[e] < 0 || (size_t) indices[e] >= m->n_cols)
      return HTC_ERROR_INVALID_ARG;

  /* Each realloc leaves m valid when the next one fails. */
  ip = realloc (m->indptr, (m->n_rows + n_new + 1) * sizeof (int64_t));
  if (ip == NULL)
    return HTC_ERROR_NOMEM;
  m->indptr = ip;
  ix = realloc (m->indices, (nnz + extra + 1) * sizeof (int32_t));
  if (ix == NULL)
    return HTC_ERROR_NOMEM;
  m->indices = ix;
  dx = realloc (m->data, (nnz + extra + 1) * sizeof (float));
  if (dx == NULL)
    return HTC_ERROR_NOMEM;
  m->data = dx;

  if (extra > 0)
    {
      memcpy (m->indices + nnz, indices, extra * sizeof (int32_t));
      memcpy (m->data + nnz, data, extra * sizeof (float));
    }
  for (size_t r = 1; r <= n_new; r++)
    m->indptr[m->n_rows + r] = (int64_t) nnz + indptr[r];
  m->n_rows += n_new;
  return HTC_OK;
}

size_t
htc_csr_nnz (const HtcCsr *m)
{
  return m ? (size_t) m->indptr[m->n_rows] : 0;
}

HtcStatus
htc_csr_validate (const HtcCsr *m)
{
  if (m == NULL || m->indptr == NULL || m->indptr[0] != 0)
    return HTC_ERROR_INVALID_ARG;
  for (size_t r = 0; r < m->n_rows; r++)
    {
      if (m->indptr[r + 1] < m->indptr[r])
        return HTC_ERROR_INVALID_ARG;
      for (int64_t k = m->indptr[r]; k < m->indptr[r + 1]; k++)
        {
          if (m->indices[k] < 0 || (size_t) m->indices[k] >= m->n_cols
              || (k > m->indptr[r] && m->indices[k] <= m->indices[k - 1])
              || !isfinite (m->data[k]))
            return HTC_ERROR_INVALID_ARG;
        }
    }
  return HTC_OK;
}

HtcStatus
htc_csr_column_stats (const HtcCsr   *m,
                      const size_t   *rows,
                      size_t          n_rows,
                      const uint32_t *row_group,
                      uint32_t       *df,
                      uint32_t       *n_groups)
{
  uint32_t *last = NULL;

  if (m == NULL || (rows == NULL && n_rows > 0) || df == NULL
      || (n_groups != NULL && row_group == NULL))
    return HTC_ERROR_INVALID_ARG;
  memset (df, 0, m->n_cols * sizeof (uint32_t));
  if (n_groups)
    {
      /* last[c] = 1 + the last group counted for column c (0 = none yet). */
      memset (n_groups, 0, m->n_cols * sizeof (uint32_t));
      last = malloc (m->n_cols * sizeof (uint32_t));
      if (last == NULL)
        return HTC_ERROR_NOMEM;
      memset (last, 0, m->n_cols * sizeof (uint32_t));
    }
  for (size_t i = 0; i < n_rows; i++)
    {
      size_t r = rows[i];
      if (r >= m->n_rows)
        {
          free (last);
          return HTC_ERROR_INVALID_ARG;
        }
      for (int64_t k = m->indptr[r]; k < m->indptr[r + 1]; k++)
        if (m->data[k] != 0)
          df[m->indices[k]]++;
    }
  if (n_groups)
    {
      /* Distinct groups per column: visit rows group by group (a counting sort of the row list
       * by group), so "seen in this group already" is one comparison with last[]. */
      uint32_t max_group = 0;
      size_t *start, *order;
      for (size_t i = 0; i < n_rows; i++)
        if (row_group[rows[i]] > max_group)
          max_group = row_group[rows[i]];
      start = calloc ((size_t) max_group + 2, sizeof (size_t));
      order = malloc ((n_rows ? n_rows : 1) * sizeof (size_t));
      if (start == NULL || order == NULL)
        {
          free (start);
          free (order);
          free (last);
          return HTC_ERROR_NOMEM;
        }
      for (size_t i = 0; i < n_rows; i++)
        start[row_group[rows[i]] + 1]++;
      for (uint32_t g = 0; g <= max_group; g++)
        start[g + 1] += start[g];
      for (size_t i = 0; i < n_rows; i++)
        order[start[row_group[rows[i]]]++] = rows[i];
      for (size_t i = 0; i < n_rows; i++)
        {
          size_t r = order[i];
          uint32_t mark = row_group[r] + 1;
          for (int64_t k = m->indptr[r]; k < m->indptr[r + 1]; k++)
            {
              int32_t c = m->indices[k];
              if (m->data[k] != 0 && last[c] != mark)
                {
                  last[c] = mark;
                  n_groups[c]++;
                }
            }
        }
      free (start);
      free (order);
    }
  free (last);
  return HTC_OK;
}

HtcStatus
htc_csr_transpose (const HtcCsr *m,
                   const size_t *rows,
                   size_t        n_rows,
                   HtcCsr      **out)
{
  HtcCsr *t;
  size_t nnz = 0;
  int64_t *next;
  HtcStatus s;

  if (out == NULL)
    return HTC_ERROR_INVALID_ARG;
  *out = NULL;
  if (m == NULL || (rows == NULL && n_rows > 0) || n_rows > INT32_MAX)
    return HTC_ERROR_INVALID_ARG;
  for (size_t i = 0; i < n_rows; i++)
    {
      if (rows[i] >= m->n_rows)
        return HTC_ERROR_INVALID_ARG;
      nnz += (size_t) (m->indptr[rows[i] + 1] - m->indptr[rows[i]]);
    }
  s = htc_csr_new (m->n_cols, n_rows, nnz, &t);
  if (s != HTC_OK)
    return s;
  for (size_t i = 0; i < n_rows; i++)
    for (int64_t k = m->indptr[rows[i]]; k < m->indptr[rows[i] + 1]; k++)
      t->indptr[m->indices[k] + 1]++;
  for (size_t j = 0; j < m->n_cols; j++)
    t->indptr[j + 1] += t->indptr[j];
  next = malloc ((m->n_cols ? m->n_cols : 1) * sizeof (int64_t));
  if (next == NULL)
    {
      htc_csr_free (t);
      return HTC_ERROR_NOMEM;
    }
  memcpy (next, t->indptr, m->n_cols * sizeof (int64_t));
  /* Rows in list order, so each column's entries come out sorted by t. */
  for (size_t i = 0; i < n_rows; i++)
    for (int64_t k = m->indptr[rows[i]]; k < m->indptr[rows[i] + 1]; k++)
      {
        int64_t at = next[m->indices[k]]++;
        t->indices[at] = (int32_t) i;
        t->data[at] = m->data[k];
      }
  free (next);
  *out = t;
  return HTC_OK;
}
