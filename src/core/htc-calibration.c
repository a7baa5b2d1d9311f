/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdlib.h>

#include "htc-calibration.h"

double
htc_calibration_nll (const float   *logits,
                     const int32_t *y,
                     const float   *weights,
                     size_t         n,
                     size_t         k,
                     double         temperature)
{
  double total = 0, wsum = 0;

  for (size_t i = 0; i < n; i++)
    {
      const float *z = logits + i * k;
      double mx = -INFINITY, sum = 0, w = weights ? weights[i] : 1.0;
      for (size_t c = 0; c < k; c++)
        if (z[c] / temperature > mx)
          mx = z[c] / temperature;
      for (size_t c = 0; c < k; c++)
        sum += exp (z[c] / temperature - mx);
      total += w * (log (sum) + mx - z[y[i]] / temperature);
      wsum += w;
    }
  return wsum > 0 ? total / wsum : 0;
}

/* d NLL / d beta with beta = 1 / T: E_p[z] - z_y, weighted mean. Increasing in beta. */
static double
nll_slope (const float   *logits,
           const int32_t *y,
           const float   *weights,
           size_t         n,
           size_t         k,
           double         beta)
{
  double total = 0, wsum = 0;

  for (size_t i = 0; i < n; i++)
    {
      const float *z = logits + i * k;
      double mx = -INFINITY, sum = 0, ez = 0, w = weights ? weights[i] : 1.0;
      for (size_t c = 0; c < k; c++)
        if (beta * z[c] > mx)
          mx = beta * z[c];
      for (size_t c = 0; c < k; c++)
        {
          double e = exp (beta * z[c] - mx);
          sum += e;
          ez += e * z[c];
        }
      total += w * (ez / sum - z[y[i]]);
      wsum += w;
    }
  return wsum > 0 ? total / wsum : 0;
}

HtcStatus
htc_calibration_fit_temperature (const float   *logits,
                                 const int32_t *y,
                                 const float   *weights,
                                 size_t         n,
                                 size_t         k,
                                 double        *temperature)
{
  double lo = 1.0 / 20.0, hi = 1.0 / 0.05;

  if (temperature == NULL || logits == NULL || y == NULL || n == 0 || k < 2)
    return HTC_ERROR_INVALID_ARG;
  for (size_t i = 0; i < n; i++)
    {
      if (y[i] < 0 || (size_t) y[i] >= k || (weights && !(weights[i] >= 0)))
        return HTC_ERROR_INVALID_ARG;
      for (size_t c = 0; c < k; c++)
        if (!isfinite (logits[i * k + c]))
          return HTC_ERROR_NUMERIC;
    }
  /* Bisection on the slope of a convex function of beta, clamped to the range. */
  if (nll_slope (logits, y, weights, n, k, lo) >= 0)
    hi = lo;
  else if (nll_slope (logits, y, weights, n, k, hi) <= 0)
    lo = hi;
  for (int it = 0; it < 100 && hi - lo > 1e-9 * hi; it++)
    {
      double mid = 0.5 * (lo + hi);
      if (nll_slope (logits, y, weights, n, k, mid) > 0)
        hi = mid;
      else
        lo = mid;
    }
  *temperature = 2.0 / (lo + hi);
  return HTC_OK;
}

double
htc_calibration_ece (const float   *logits,
                     const int32_t *y,
                     size_t         n,
                     size_t         k,
                     double         temperature,
                     size_t         n_bins)
{
  double *conf, *acc, ece = 0;
  size_t *count;

  if (n == 0 || n_bins == 0 || k < 1 || k > 64)
    return 0;
  conf = calloc (n_bins, sizeof (double));
  acc = calloc (n_bins, sizeof (double));
  count = calloc (n_bins, sizeof (size_t));
  if (conf == NULL || acc == NULL || count == NULL)
    {
      free (conf);
      free (acc);
      free (count);
      return NAN;
    }
  for (size_t i = 0; i < n; i++)
    {
      const float *z = logits + i * k;
      double mx = -INFINITY, sum = 0;
      size_t best = 0, bin;
      for (size_t c = 0; c < k; c++)
        if (z[c] > z[best])
          best = c;
      mx = z[best] / temperature;
      for (size_t c = 0; c < k; c++)
        sum += exp (z[c] / temperature - mx);
      bin = (size_t) (1.0 / sum * (double) n_bins);
      if (bin >= n_bins)
        bin = n_bins - 1;
      conf[bin] += 1.0 / sum;
      acc[bin] += (size_t) y[i] == best;
      count[bin]++;
    }
  for (size_t b = 0; b < n_bins; b++)
    if (count[b])
      ece += fabs (acc[b] - conf[b]) / (double) n;
  free (conf);
  free (acc);
  free (count);
  return ece;
}
