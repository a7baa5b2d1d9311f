/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <ctype.h>
#include <math.h>

#include "htc-geo.h"

static const struct
{
  char      code[3];
  HtcRegion region;
} state_regions[HTC_GEO_N_STATES] = {
  /* Sorted by code, so lookups can bisect. */
  { "AK", HTC_REGION_WEST },    { "AL", HTC_REGION_SOUTH },   { "AR", HTC_REGION_SOUTH },
  { "AZ", HTC_REGION_WEST },    { "CA", HTC_REGION_WEST },    { "CO", HTC_REGION_WEST },
  { "CT", HTC_REGION_EAST },    { "DC", HTC_REGION_EAST },    { "DE", HTC_REGION_EAST },
  { "FL", HTC_REGION_SOUTH },   { "GA", HTC_REGION_SOUTH },   { "HI", HTC_REGION_WEST },
  { "IA", HTC_REGION_MIDWEST }, { "ID", HTC_REGION_WEST },    { "IL", HTC_REGION_MIDWEST },
  { "IN", HTC_REGION_MIDWEST }, { "KS", HTC_REGION_MIDWEST }, { "KY", HTC_REGION_SOUTH },
  { "LA", HTC_REGION_SOUTH },   { "MA", HTC_REGION_EAST },    { "MD", HTC_REGION_EAST },
  { "ME", HTC_REGION_EAST },    { "MI", HTC_REGION_MIDWEST }, { "MN", HTC_REGION_MIDWEST },
  { "MO", HTC_REGION_MIDWEST }, { "MS", HTC_REGION_SOUTH },   { "MT", HTC_REGION_WEST },
  { "NC", HTC_REGION_SOUTH },   { "ND", HTC_REGION_MIDWEST }, { "NE", HTC_REGION_MIDWEST },
  { "NH", HTC_REGION_EAST },    { "NJ", HTC_REGION_EAST },    { "NM", HTC_REGION_WEST },
  { "NV", HTC_REGION_WEST },    { "NY", HTC_REGION_EAST },    { "OH", HTC_REGION_MIDWEST },
  { "OK", HTC_REGION_SOUTH },   { "OR", HTC_REGION_WEST },    { "PA", HTC_REGION_EAST },
  { "RI", HTC_REGION_EAST },    { "SC", HTC_REGION_SOUTH },   { "SD", HTC_REGION_MIDWEST },
  { "TN", HTC_REGION_SOUTH },   { "TX", HTC_REGION_SOUTH },   { "UT", HTC_REGION_WEST },
  { "VA", HTC_REGION_EAST },    { "VT", HTC_REGION_EAST },    { "WA", HTC_REGION_WEST },
  { "WI", HTC_REGION_MIDWEST }, { "WV", HTC_REGION_SOUTH },   { "WY", HTC_REGION_WEST },
};

HtcRegion
htc_geo_state_region (const char *code)
{
  char key[3];
  size_t lo = 0, hi = HTC_GEO_N_STATES;

  if (code == NULL || code[0] == '\0' || code[1] == '\0' || code[2] != '\0')
    return HTC_REGION_UNKNOWN;
  key[0] = (char) toupper ((unsigned char) code[0]);
  key[1] = (char) toupper ((unsigned char) code[1]);
  key[2] = '\0';
  while (lo < hi)
    {
      size_t mid = (lo + hi) / 2;
      int cmp = (key[0] - state_regions[mid].code[0]) * 256 + (key[1] - state_regions[mid].code[1]);
      if (cmp == 0)
        return state_regions[mid].region;
      if (cmp < 0)
        hi = mid;
      else
        lo = mid + 1;
    }
  return HTC_REGION_UNKNOWN;
}

const char *
htc_geo_state_code (size_t i)
{
  return i < HTC_GEO_N_STATES ? state_regions[i].code : NULL;
}

double
htc_geo_distance_km (double lat1,
                     double lon1,
                     double lat2,
                     double lon2)
{
  const double r = 6371.0088, rad = M_PI / 180.0;
  double dlat, dlon, a;

  if (!isfinite (lat1) || !isfinite (lon1) || !isfinite (lat2) || !isfinite (lon2))
    return NAN;
  dlat = (lat2 - lat1) * rad;
  dlon = (lon2 - lon1) * rad;
  a = sin (dlat / 2) * sin (dlat / 2)
      + cos (lat1 * rad) * cos (lat2 * rad) * sin (dlon / 2) * sin (dlon / 2);
  /* Clamped: rounding can push a just past 1 for antipodal points. */
  a = fmin (1.0, fmax (0.0, a));
  return 2 * r * asin (sqrt (a));
}

int
htc_geo_point_in_rings (const double *xy,
                        const size_t *ring_start,
                        size_t        n_rings,
                        double        x,
                        double        y)
{
  int inside = 0;

  if (xy == NULL || ring_start == NULL || !isfinite (x) || !isfinite (y))
    return 0;
  for (size_t r = 0; r < n_rings; r++)
    {
      size_t a = ring_start[r], b = ring_start[r + 1];
      if (b < a + 3)
        continue;
      /* Crossing test (W. Randolph Franklin): count edges that straddle y left of x. */
      for (size_t i = a, j = b - 1; i < b; j = i++)
        {
          double xi = xy[2 * i], yi = xy[2 * i + 1], xj = xy[2 * j], yj = xy[2 * j + 1];
          if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi)
            inside = !inside;
        }
    }
  return inside;
}
