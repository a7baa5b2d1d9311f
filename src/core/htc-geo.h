/* htc-geo.h: geometry on the globe and on the map: which US state lies in which region,
 * great-circle distance, and point-in-polygon.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stddef.h>

#include "htc-region.h"

/* The state -> region table, the same as ../shared/data/README.md's (and tools/make-origins.py):
 *   East     NY NJ PA MD DC VA DE CT MA RI NH VT ME
 *   West     CA WA OR NV AZ HI AK UT CO NM ID MT WY
 *   South    GA TX LA TN FL NC SC AL MS KY AR OK WV
 *   Midwest  IL MI OH MO MN WI IN IA KS NE ND SD
 * Virginia counts as East and so does Pittsburgh (PA), as the corpus labels do.
 * `code` is a two-letter USPS code, upper or lower case; anything else is HTC_REGION_UNKNOWN. */
HtcRegion   htc_geo_state_region (const char *code);

/* The 51 codes of the table (50 states and DC), sorted: i < HTC_GEO_N_STATES, else NULL. */
#define HTC_GEO_N_STATES 51
const char *htc_geo_state_code   (size_t i);

/* Great-circle distance in kilometres between two points given in degrees (haversine on a
 * sphere of the mean Earth radius, 6371.0088 km). NaN if any input is not finite. */
double      htc_geo_distance_km  (double lat1,
                                  double lon1,
                                  double lat2,
                                  double lon2);

/* Even-odd point-in-polygon over a set of rings (the outlines and holes of one or more
 * polygons). Ring r is the points ring_start[r] .. ring_start[r + 1] - 1 of xy, stored as
 * x0, y0, x1, y1, ...; ring_start has n_rings + 1 entries. A ring need not repeat its first
 * point. Returns 1 inside, 0 outside (points exactly on an edge may go either way). */
int         htc_geo_point_in_rings (const double *xy,
                                    const size_t *ring_start,
                                    size_t        n_rings,
                                    double        x,
                                    double        y);
