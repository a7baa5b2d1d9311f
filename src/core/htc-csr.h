/* htc-csr.h: a compressed sparse row matrix of floats (documents x features).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A plain struct, because every numeric routine of the text model reads its arrays directly.
 * Row r holds indices[indptr[r] .. indptr[r + 1]) (strictly increasing, < n_cols) and the
 * matching data. Matrices made by htc_csr_new() own their arrays; htc_csr_free() frees them.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "htc-status.h"

typedef struct
{
  size_t   n_rows;
  size_t   n_cols;
  int64_t *indptr;    /* n_rows + 1 */
  int32_t *indices;   /* nnz */
  float   *data;      /* nnz */
} HtcCsr;

/* Allocates room for nnz entries; indptr is zeroed. */
HtcStatus htc_csr_new      (size_t         n_rows,
                            size_t         n_cols,
                            size_t         nnz,
                            HtcCsr       **out);
void      htc_csr_free     (HtcCsr        *m);       /* NULL-safe */
size_t    htc_csr_nnz      (const HtcCsr  *m);
/* Appends n_new rows to m in place: row r's entries are indices / data[indptr[r] ..
 * indptr[r + 1] - 1] (indptr has n_new + 1 entries, from 0). The arrays grow with realloc,
 * which moves a large matrix's pages rather than copying them, so adding a few rows to a big
 * matrix does not hold it twice. Indices must be below n_cols (HTC_ERROR_INVALID_ARG). */
HtcStatus htc_csr_append_rows (HtcCsr        *m,
                               size_t         n_new,
                               const int64_t *indptr,
                               const int32_t *indices,
                               const float   *data);
/* Checks the structure: indptr monotonic from 0, indices in range and strictly increasing
 * within each row, data finite. HTC_ERROR_INVALID_ARG when not. */
HtcStatus htc_csr_validate (const HtcCsr  *m);

/* The listed rows as a new matrix transposed: n_cols x n_rows, where column t of the result is
 * row rows[t] of m (compressed sparse columns of the selection). */
HtcStatus htc_csr_transpose    (const HtcCsr   *m,
                                const size_t   *rows,
                                size_t          n_rows,
                                HtcCsr        **out);

/* Per column, over the listed rows: document frequency (rows where the column is non-zero)
 * and, when `row_group` is given, the number of distinct groups among those rows.
 * df and n_groups (may be NULL) have n_cols entries. */
HtcStatus htc_csr_column_stats (const HtcCsr   *m,
                                const size_t   *rows,
                                size_t          n_rows,
                                const uint32_t *row_group,
                                uint32_t       *df,
                                uint32_t       *n_groups);
