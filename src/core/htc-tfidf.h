/* htc-tfidf.h: TF-IDF weighting of count vectors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For a count c of feature j:  tf = 1 + ln c (sublinear) or c;  x_j = tf * idf_j, with
 * idf_j = ln ((1 + n) / (1 + df_j)) + 1 (scikit-learn's smooth_idf). A feature with idf 0 is
 * dropped (how a pruned feature is switched off without renumbering). Then each block of
 * features is scaled to L2 norm block_weight[b] (a row with one block normalises to unit
 * length, as TfidfVectorizer's norm='l2').
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "htc-csr.h"
#include "htc-status.h"

#define HTC_TFIDF_MAX_BLOCKS 8

typedef struct _HtcTfidf HtcTfidf;

typedef struct
{
  int    sublinear_tf;                        /* non-zero: 1 + ln c */
  size_t n_blocks;                            /* 1 ..= HTC_TFIDF_MAX_BLOCKS */
  size_t block_starts[HTC_TFIDF_MAX_BLOCKS + 1]; /* block_starts[n_blocks] = n_features */
  float  block_weight[HTC_TFIDF_MAX_BLOCKS];  /* >= 0 */
} HtcTfidfParams;

/* idf (n_features values, finite, >= 0) is copied. */
HtcStatus    htc_tfidf_new       (const HtcTfidfParams *params,
                                  const float          *idf,
                                  size_t                n_features,
                                  HtcTfidf            **out);
/* Learns idf from the listed rows of a count matrix. keep (may be NULL) switches features off
 * (keep[j] == 0 gives idf 0); so does df == 0 among those rows. */
HtcStatus    htc_tfidf_fit       (const HtcTfidfParams *params,
                                  const HtcCsr         *counts,
                                  const size_t         *rows,
                                  size_t                n_rows,
                                  const uint8_t        *keep,
                                  HtcTfidf            **out);
void         htc_tfidf_free      (HtcTfidf             *t);   /* NULL-safe */
size_t       htc_tfidf_n_features (const HtcTfidf     *t);
const float *htc_tfidf_idf       (const HtcTfidf       *t);
const HtcTfidfParams *htc_tfidf_params (const HtcTfidf *t);

/* One row in place: idx sorted, val counts; dropped features are removed, so *nnz may shrink.
 * Indices out of range are HTC_ERROR_INVALID_ARG. */
HtcStatus    htc_tfidf_transform_row (const HtcTfidf   *t,
                                      int32_t          *idx,
                                      float            *val,
                                      size_t           *nnz);
/* The listed rows of a count matrix as a TF-IDF matrix, transposed (n_features x n_rows; column
 * t is row rows[t]): what htc_logreg_train() reads. */
HtcStatus    htc_tfidf_transform_transposed (const HtcTfidf *t,
                                             const HtcCsr   *counts,
                                             const size_t   *rows,
                                             size_t          n_rows,
                                             HtcCsr        **out);
/* A whole count matrix to a new TF-IDF matrix. */
HtcStatus    htc_tfidf_transform (const HtcTfidf       *t,
                                  const HtcCsr         *counts,
                                  HtcCsr              **out);
