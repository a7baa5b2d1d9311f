/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "htc-association.h"

static double
users_total (const double *users_of_term,
             size_t        n_classes)
{
  double total = 0;
  for (size_t c = 0; c < n_classes; c++)
    total += users_of_term[c];
  return total;
}

static int
is_used (double         total,
         const uint8_t *keep,
         size_t         j)
{
  return total > 0 && (keep == NULL || keep[j] != 0);
}

HtcStatus
htc_association_weights (const HtcCsr   *counts,
                         const size_t   *rows,
                         size_t          n_rows,
                         const uint32_t *row_artist,
                         size_t          n_artists,
                         const int32_t  *row_class,
                         size_t          n_classes,
                         const uint8_t  *keep,
                         double          prior_artists,
                         double          alpha,
                         float          *weights)
{
  size_t p, k = n_classes, n_used = 0;
  uint32_t *artist_rows = NULL;
  int32_t *artist_class = NULL;
  double *users = NULL, *prior = NULL, n_artists_listed = 0, sum_d = 0;
  HtcStatus status = HTC_OK;

  if (counts == NULL || (rows == NULL && n_rows > 0) || row_artist == NULL || row_class == NULL
      || weights == NULL || n_artists == 0 || n_classes == 0 || !(alpha >= 0)
      || !(prior_artists >= 0) || !isfinite (alpha) || !isfinite (prior_artists))
    return HTC_ERROR_INVALID_ARG;
  p = counts->n_cols;
  artist_rows = calloc (n_artists, sizeof *artist_rows);
  artist_class = malloc (n_artists * sizeof *artist_class);
  prior = calloc (k, sizeof *prior);
  /* N_jc for every column: p x k doubles (tens of MB for the full n-gram space). */
  users = calloc (p * k, sizeof *users);
  if (artist_rows == NULL || artist_class == NULL || prior == NULL || users == NULL)
    {
      status = HTC_ERROR_NOMEM;
      goto out;
    }

  for (size_t i = 0; i < n_rows; i++)
    {
      size_t r = rows[i];
      uint32_t a;
      if (r >= counts->n_rows || row_artist[r] >= n_artists || row_class[r] < 0
          || (size_t) row_class[r] >= k)
        {
          status = HTC_ERROR_INVALID_ARG;
          goto out;
        }
      a = row_artist[r];
      if (artist_rows[a]++ == 0)
        {
          artist_class[a] = row_class[r];
          prior[row_class[r]] += 1;
          n_artists_listed += 1;
        }
    }
  if (n_artists_listed == 0)
    {
      memset (weights, 0, p * sizeof *weights);
      goto out;
    }
  for (size_t c = 0; c < k; c++)
    prior[c] /= n_artists_listed;

  /* Each row adds 1 / (its artist's rows) to every term it uses: summed over an artist's rows,
   * that is the share of the artist's rows using the term. */
  for (size_t i = 0; i < n_rows; i++)
    {
      size_t r = rows[i];
      uint32_t a = row_artist[r];
      double share = 1.0 / artist_rows[a];
      double *col = users + artist_class[a];
      for (int64_t t = counts->indptr[r]; t < counts->indptr[r + 1]; t++)
        if (counts->data[t] != 0)
          col[(size_t) counts->indices[t] * k] += share;
    }

  /* D of every used term, and their mean. */
  for (size_t j = 0; j < p; j++)
    {
      const double *nj = users + j * k;
      double total = users_total (nj, k), d = 0;
      if (!is_used (total, keep, j))
        continue;
      for (size_t c = 0; c < k; c++)
        if (prior[c] > 0)
          {
            double share = (nj[c] + prior_artists * prior[c]) / (total + prior_artists);
            d += (share - prior[c]) * (share - prior[c]) / prior[c];
          }
      weights[j] = (float) d;
      sum_d += d;
      n_used++;
    }
  /* Unused terms weigh 0; when no term diverges (one class only), every used term weighs 1. */
  for (size_t j = 0; j < p; j++)
    {
      if (!is_used (users_total (users + j * k, k), keep, j))
        weights[j] = 0;
      else if (sum_d <= 0)
        weights[j] = 1;
      else
        weights[j] = (float) pow (weights[j] / (sum_d / (double) n_used), alpha / 2);
    }

out:
  free (artist_rows);
  free (artist_class);
  free (prior);
  free (users);
  return status;
}
