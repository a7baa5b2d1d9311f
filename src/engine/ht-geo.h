/* ht-geo.h: the shipped geography (data/geo/): US state outlines with their regions, Canada and
 * Mexico for context, and a gazetteer of US and Canadian places for geocoding "City, ST".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every file is checked when loaded (truncated JSON, odd coordinate counts, coordinates off the
 * globe, unknown or duplicate state codes, missing states, malformed gazetteer rows): the error
 * names the file and what is wrong. Immutable once loaded, so it may be shared between threads.
 */
#pragma once

#include <gio/gio.h>

#include "ht-region.h"

G_BEGIN_DECLS

typedef struct
{
  const char   *code;         /* "GA"; "CA" or "MX" for the context countries */
  const char   *name;         /* "Georgia" (English, from the data) */
  HtRegion      region;       /* the state's region; HT_REGION_OTHER for context countries */
  const double *xy;           /* lon0, lat0, lon1, lat1, ... (degrees) */
  gsize         n_points;
  const gsize  *ring_start;   /* ring r is points ring_start[r] .. ring_start[r + 1] - 1 */
  gsize         n_rings;      /* outlines and holes, even-odd */
  double        bbox[4];      /* lon_min, lat_min, lon_max, lat_max */
} HtGeoShape;

typedef struct
{
  const char *name;           /* "Compton" */
  const char *admin;          /* US state or Canadian province code: "CA", "ON" */
  const char *country;        /* "US" or "CA" */
  double      lat;
  double      lon;
  guint       population;
} HtPlace;

#define HT_TYPE_GEO (ht_geo_get_type ())
G_DECLARE_FINAL_TYPE (HtGeo, ht_geo, HT, GEO, GObject)

/* data/geo/us-states.json, context.json and places.tsv (ht_data_dir_find_shipped). */
HtGeo            *ht_geo_load_default        (GError    **error);
/* context_path and places_path may be NULL (no context, no geocoding). */
HtGeo            *ht_geo_new_from_files      (const char *states_path,
                                              const char *context_path,
                                              const char *places_path,
                                              GError    **error);

guint             ht_geo_get_n_states        (HtGeo      *self);
const HtGeoShape *ht_geo_get_state           (HtGeo      *self,
                                              guint       i);
/* Case-insensitive two-letter code; NULL if none. */
const HtGeoShape *ht_geo_find_state          (HtGeo      *self,
                                              const char *code);
/* The state holding (lat, lon), or NULL (outside the US, in the sea, not finite). */
const HtGeoShape *ht_geo_state_at            (HtGeo      *self,
                                              double      lat,
                                              double      lon);
/* A point well inside the state (for a pin when only the state is known). */
void              ht_geo_state_anchor        (HtGeo            *self,
                                              const HtGeoShape *state,
                                              double           *lat,
                                              double           *lon);
guint             ht_geo_get_n_context       (HtGeo      *self);
const HtGeoShape *ht_geo_get_context         (HtGeo      *self,
                                              guint       i);

/* "Compton, CA", "Toronto ON", "Atlanta, Georgia", "the Bronx, NY" or just "Detroit" (the most
 * populous place of that name). NULL when not found or no gazetteer was loaded. */
const HtPlace    *ht_geo_find_place          (HtGeo      *self,
                                              const char *query);
guint             ht_geo_get_n_places        (HtGeo      *self);

G_END_DECLS
