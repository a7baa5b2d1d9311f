/* htc-projection.h: the Albers equal-area conic, and the composite map of the US with Alaska
 * and Hawaii insets that Hometown draws.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Albers (Snyder, "Map Projections: A Working Manual", USGS 1987, eq. 14-1 to 14-4 and 14-8 to
 * 14-10, spherical form): n = (sin p1 + sin p2) / 2, C = cos^2 p1 + 2 n sin p1,
 * rho = sqrt (C - 2 n sin lat) / n, theta = n (lon - lon0), x = rho sin theta,
 * y = rho0 - rho cos theta.
 *
 * The composite ("Albers USA") is the layout of d3-geo's geoAlbersUsa, so its output can be
 * checked against d3 (tests/data/albers-usa-golden.tsv):
 *   lower 48  parallels 29.5 and 45.5, central meridian 96 W, centred on 38.7 N 96.6 W
 *   Alaska    parallels 55 and 65, central meridian 154 W, scale 0.35, inset bottom left
 *   Hawaii    parallels 8 and 18, central meridian 157 W, inset right of Alaska
 * In "units" (d3's pixels divided by its scale of 1070, origin at d3's translate point) the
 * lower 48 span u in [-0.455, 0.455], v in [-0.238, 0.238]; v grows downwards. A view maps
 * units to pixels: px = x0 + scale * u, py = y0 + scale * v (d3's default: 1070, 480, 250).
 */
#pragma once

#include "htc-status.h"

typedef struct
{
  double n, c, rho0;    /* Snyder's n, C and rho0 (unit sphere) */
  double lon0;          /* central meridian, radians */
} HtcAlbers;

/* Parallels in degrees, distinct-signed sums allowed but not p1 = -p2 (n = 0); the origin
 * latitude sets where y = 0. HTC_ERROR_INVALID_ARG for non-finite or degenerate input. */
HtcStatus htc_albers_init    (HtcAlbers       *albers,
                              double           parallel1,
                              double           parallel2,
                              double           origin_lat,
                              double           origin_lon);
/* Unit sphere; y grows northwards. Longitudes are wrapped to within 180 degrees of lon0. */
void      htc_albers_forward (const HtcAlbers *albers,
                              double           lat,
                              double           lon,
                              double          *x,
                              double          *y);
/* HTC_ERROR_INVALID_ARG when (x, y) lies outside the projection's image (no latitude). */
HtcStatus htc_albers_inverse (const HtcAlbers *albers,
                              double           x,
                              double           y,
                              double          *lat,
                              double          *lon);

typedef enum
{
  HTC_US_PART_NONE = -1,   /* outside every part */
  HTC_US_PART_LOWER48 = 0,
  HTC_US_PART_ALASKA,
  HTC_US_PART_HAWAII,
  HTC_US_N_PARTS
} HtcUsPart;

typedef struct _HtcUsProjection HtcUsProjection;

/* Starts with d3's view (scale 1070, x0 480, y0 250): a 960 x 500 map. */
HtcStatus htc_us_projection_new      (HtcUsProjection       **out);
void      htc_us_projection_free     (HtcUsProjection        *proj);   /* NULL-safe */
/* scale > 0 pixels per unit. */
HtcStatus htc_us_projection_set_view (HtcUsProjection        *proj,
                                      double                  scale,
                                      double                  x0,
                                      double                  y0);
void      htc_us_projection_get_view (const HtcUsProjection  *proj,
                                      double                 *scale,
                                      double                 *x0,
                                      double                 *y0);
/* Sets the view so that `bounds` (u0, v0, u1, v1, in units) fits in and is centred in
 * `rect` (x, y, width, height, pixels), keeping the aspect. */
HtcStatus htc_us_projection_fit      (HtcUsProjection        *proj,
                                      const double            bounds[4],
                                      const double            rect[4]);
/* Pixel position of (lat, lon) in the first part whose extent holds it (lower 48, Alaska,
 * Hawaii, in that order, as d3 does); HTC_US_PART_NONE and x = y = NaN if none does. */
HtcUsPart htc_us_projection_forward  (const HtcUsProjection  *proj,
                                      double                  lat,
                                      double                  lon,
                                      double                 *x,
                                      double                 *y);
/* The same through one part, unclipped (for outlines that cross an extent's edge). */
void      htc_us_projection_forward_part (const HtcUsProjection *proj,
                                          HtcUsPart              part,
                                          double                 lat,
                                          double                 lon,
                                          double                *x,
                                          double                *y);
/* The inverse, for hit-testing: the inset rectangles choose Alaska or Hawaii, anything else is
 * the lower 48 (as d3's invert). HTC_US_PART_NONE and NaN if the pixel has no latitude. */
HtcUsPart htc_us_projection_inverse  (const HtcUsProjection  *proj,
                                      double                  x,
                                      double                  y,
                                      double                 *lat,
                                      double                 *lon);
/* A part's extent in pixels: x, y, width, height (for drawing the inset frames). */
void      htc_us_projection_part_rect (const HtcUsProjection *proj,
                                       HtcUsPart              part,
                                       double                 rect[4]);
