/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdlib.h>

#include "htc-projection.h"

#define RAD (M_PI / 180.0)

HtcStatus
htc_albers_init (HtcAlbers *albers,
                 double     parallel1,
                 double     parallel2,
                 double     origin_lat,
                 double     origin_lon)
{
  double s1;

  if (albers == NULL || !isfinite (parallel1) || !isfinite (parallel2) || !isfinite (origin_lat)
      || !isfinite (origin_lon) || fabs (parallel1) > 90 || fabs (parallel2) > 90
      || fabs (origin_lat) > 90)
    return HTC_ERROR_INVALID_ARG;
  s1 = sin (parallel1 * RAD);
  albers->n = (s1 + sin (parallel2 * RAD)) / 2;
  if (fabs (albers->n) < 1e-9)
    return HTC_ERROR_INVALID_ARG;
  albers->c = 1 - s1 * s1 + 2 * albers->n * s1;
  albers->rho0 = sqrt (albers->c - 2 * albers->n * sin (origin_lat * RAD)) / albers->n;
  albers->lon0 = origin_lon * RAD;
  return HTC_OK;
}

static double
wrap_pi (double lambda)
{
  /* One wrap, as d3's rotation does: inputs are within [-180, 180] degrees of lon0. */
  if (lambda > M_PI)
    return lambda - 2 * M_PI;
  if (lambda < -M_PI)
    return lambda + 2 * M_PI;
  return lambda;
}

void
htc_albers_forward (const HtcAlbers *albers,
                    double           lat,
                    double           lon,
                    double          *x,
                    double          *y)
{
  double rho, theta;

  rho = sqrt (fmax (0.0, albers->c - 2 * albers->n * sin (lat * RAD))) / albers->n;
  theta = albers->n * wrap_pi (lon * RAD - albers->lon0);
  *x = rho * sin (theta);
  *y = albers->rho0 - rho * cos (theta);
}

HtcStatus
htc_albers_inverse (const HtcAlbers *albers,
                    double           x,
                    double           y,
                    double          *lat,
                    double          *lon)
{
  double n = albers->n, dy = albers->rho0 - y, rho2, theta, s;

  *lat = *lon = NAN;
  if (!isfinite (x) || !isfinite (y))
    return HTC_ERROR_INVALID_ARG;
  rho2 = x * x + dy * dy;
  /* Snyder 14-10 with rho's sign following n (14-11), written as d3 does. */
  theta = atan2 (x, fabs (dy)) * (dy < 0 ? -1.0 : 1.0);
  if (dy * n < 0)
    theta -= M_PI * (x < 0 ? -1.0 : 1.0) * (dy < 0 ? -1.0 : 1.0);
  s = (albers->c - rho2 * n * n) / (2 * n);
  if (s > 1 + 1e-12 || s < -1 - 1e-12)
    return HTC_ERROR_INVALID_ARG;
  *lat = asin (fmax (-1.0, fmin (1.0, s))) / RAD;
  *lon = wrap_pi (theta / n + albers->lon0) / RAD;
  return HTC_OK;
}

typedef struct
{
  HtcAlbers albers;
  double    scale;       /* of the part, relative to the lower 48 */
  double    cx, cy;      /* unscaled projection of the part's centre */
  double    du, dv;      /* where the centre lands, in units */
  double    extent[4];   /* u0, v0, u1, v1 */
} Part;

struct _HtcUsProjection
{
  Part   parts[HTC_US_N_PARTS];
  double scale, x0, y0;
};

static void
part_init (Part   *part,
           double  p1,
           double  p2,
           double  lon0,
           double  center_lon,
           double  center_lat,
           double  scale,
           double  du,
           double  dv,
           double  u0,
           double  v0,
           double  u1,
           double  v1)
{
  /* d3's center() is given in the rotated frame: relative to the central meridian, with the
   * origin latitude at the equator. */
  htc_albers_init (&part->albers, p1, p2, 0, lon0);
  htc_albers_forward (&part->albers, center_lat, lon0 + center_lon, &part->cx, &part->cy);
  part->scale = scale;
  part->du = du;
  part->dv = dv;
  part->extent[0] = u0;
  part->extent[1] = v0;
  part->extent[2] = u1;
  part->extent[3] = v1;
}

HtcStatus
htc_us_projection_new (HtcUsProjection **out)
{
  HtcUsProjection *proj;

  if (out == NULL)
    return HTC_ERROR_INVALID_ARG;
  *out = NULL;
  proj = calloc (1, sizeof *proj);
  if (proj == NULL)
    return HTC_ERROR_NOMEM;
  part_init (&proj->parts[HTC_US_PART_LOWER48], 29.5, 45.5, -96, -0.6, 38.7, 1.0, 0, 0,
             -0.455, -0.238, 0.455, 0.238);
  part_init (&proj->parts[HTC_US_PART_ALASKA], 55, 65, -154, -2, 58.5, 0.35, -0.307, 0.201,
             -0.425, 0.120, -0.214, 0.234);
  part_init (&proj->parts[HTC_US_PART_HAWAII], 8, 18, -157, -3, 19.9, 1.0, -0.205, 0.212,
             -0.214, 0.166, -0.115, 0.234);
  proj->scale = 1070;
  proj->x0 = 480;
  proj->y0 = 250;
  *out = proj;
  return HTC_OK;
}

void
htc_us_projection_free (HtcUsProjection *proj)
{
  free (proj);
}

HtcStatus
htc_us_projection_set_view (HtcUsProjection *proj,
                            double           scale,
                            double           x0,
                            double           y0)
{
  if (proj == NULL || !isfinite (scale) || scale <= 0 || !isfinite (x0) || !isfinite (y0))
    return HTC_ERROR_INVALID_ARG;
  proj->scale = scale;
  proj->x0 = x0;
  proj->y0 = y0;
  return HTC_OK;
}

void
htc_us_projection_get_view (const HtcUsProjection *proj,
                            double                *scale,
                            double                *x0,
                            double                *y0)
{
  if (scale)
    *scale = proj->scale;
  if (x0)
    *x0 = proj->x0;
  if (y0)
    *y0 = proj->y0;
}

HtcStatus
htc_us_projection_fit (HtcUsProjection *proj,
                       const double     bounds[4],
                       const double     rect[4])
{
  double bw, bh, scale;

  if (proj == NULL || bounds == NULL || rect == NULL)
    return HTC_ERROR_INVALID_ARG;
  bw = bounds[2] - bounds[0];
  bh = bounds[3] - bounds[1];
  if (!(bw > 0) || !(bh > 0) || !(rect[2] > 0) || !(rect[3] > 0) || !isfinite (rect[0])
      || !isfinite (rect[1]) || !isfinite (bw) || !isfinite (bh))
    return HTC_ERROR_INVALID_ARG;
  scale = fmin (rect[2] / bw, rect[3] / bh);
  return htc_us_projection_set_view (proj, scale,
                                     rect[0] + rect[2] / 2 - scale * (bounds[0] + bounds[2]) / 2,
                                     rect[1] + rect[3] / 2 - scale * (bounds[1] + bounds[3]) / 2);
}

static void
part_forward_units (const Part *part,
                    double      lat,
                    double      lon,
                    double     *u,
                    double     *v)
{
  double x, y;

  htc_albers_forward (&part->albers, lat, lon, &x, &y);
  *u = part->du + part->scale * (x - part->cx);
  *v = part->dv - part->scale * (y - part->cy);
}

void
htc_us_projection_forward_part (const HtcUsProjection *proj,
                                HtcUsPart              part,
                                double                 lat,
                                double                 lon,
                                double                *x,
                                double                *y)
{
  double u, v;

  if (part < 0 || part >= HTC_US_N_PARTS || !isfinite (lat) || !isfinite (lon))
    {
      *x = *y = NAN;
      return;
    }
  part_forward_units (&proj->parts[part], lat, lon, &u, &v);
  *x = proj->x0 + proj->scale * u;
  *y = proj->y0 + proj->scale * v;
}

HtcUsPart
htc_us_projection_forward (const HtcUsProjection *proj,
                           double                 lat,
                           double                 lon,
                           double                *x,
                           double                *y)
{
  *x = *y = NAN;
  if (!isfinite (lat) || !isfinite (lon) || fabs (lat) > 90 || fabs (lon) > 180)
    return HTC_US_PART_NONE;
  for (int p = 0; p < HTC_US_N_PARTS; p++)
    {
      const Part *part = &proj->parts[p];
      double u, v;

      part_forward_units (part, lat, lon, &u, &v);
      if (u >= part->extent[0] && u <= part->extent[2] && v >= part->extent[1]
          && v <= part->extent[3])
        {
          *x = proj->x0 + proj->scale * u;
          *y = proj->y0 + proj->scale * v;
          return (HtcUsPart) p;
        }
    }
  return HTC_US_PART_NONE;
}

HtcUsPart
htc_us_projection_inverse (const HtcUsProjection *proj,
                           double                 x,
                           double                 y,
                           double                *lat,
                           double                *lon)
{
  double u = (x - proj->x0) / proj->scale, v = (y - proj->y0) / proj->scale;
  HtcUsPart which = HTC_US_PART_LOWER48;
  const Part *part;

  *lat = *lon = NAN;
  if (!isfinite (u) || !isfinite (v))
    return HTC_US_PART_NONE;
  /* Half-open rectangles, as d3's invert. */
  for (int p = HTC_US_PART_ALASKA; p < HTC_US_N_PARTS; p++)
    {
      const double *e = proj->parts[p].extent;
      if (u >= e[0] && u < e[2] && v >= e[1] && v < e[3])
        {
          which = (HtcUsPart) p;
          break;
        }
    }
  part = &proj->parts[which];
  if (htc_albers_inverse (&part->albers, part->cx + (u - part->du) / part->scale,
                          part->cy - (v - part->dv) / part->scale, lat, lon) != HTC_OK)
    return HTC_US_PART_NONE;
  return which;
}

void
htc_us_projection_part_rect (const HtcUsProjection *proj,
                             HtcUsPart              part,
                             double                 rect[4])
{
  const double *e;

  if (part < 0 || part >= HTC_US_N_PARTS)
    {
      rect[0] = rect[1] = rect[2] = rect[3] = NAN;
      return;
    }
  e = proj->parts[part].extent;
  rect[0] = proj->x0 + proj->scale * e[0];
  rect[1] = proj->y0 + proj->scale * e[1];
  rect[2] = proj->scale * (e[2] - e[0]);
  rect[3] = proj->scale * (e[3] - e[1]);
}
