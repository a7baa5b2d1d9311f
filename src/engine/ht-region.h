/* ht-region.h: the regions with names and colours, shared by the renderers, the CLI and the app.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same order as the core's HtcRegion (East, West, South, Midwest, Other, Unknown), so a
 * probability array indexed by one is indexed by the other.
 */
#pragma once

#include <glib-object.h>

#include "htc-region.h"

G_BEGIN_DECLS

typedef enum
{
  HT_REGION_EAST = HTC_REGION_EAST,
  HT_REGION_WEST = HTC_REGION_WEST,
  HT_REGION_SOUTH = HTC_REGION_SOUTH,
  HT_REGION_MIDWEST = HTC_REGION_MIDWEST,
  HT_REGION_OTHER = HTC_REGION_OTHER,       /* outside the US */
  HT_REGION_UNKNOWN = HTC_REGION_UNKNOWN,   /* no known origin */
} HtRegion;

#define HT_N_US_REGIONS HTC_N_US_REGIONS
#define HT_N_REGIONS    HTC_N_REGIONS

#define HT_TYPE_REGION (ht_region_get_type ())
GType        ht_region_get_type     (void) G_GNUC_CONST;

/* Translated display name ("South"), context "region". */
const char  *ht_region_to_string    (HtRegion    region);
/* Stable identifier for files, JSON and the command line: "East", "West", "South", "Midwest",
 * "Other", "Unknown". */
const char  *ht_region_to_id        (HtRegion    region);
/* Case-insensitive inverse of ht_region_to_id(); FALSE for anything else. */
gboolean     ht_region_from_id      (const char *id,
                                     HtRegion   *region);
/* The region of a US state or DC (two-letter code); HT_REGION_UNKNOWN otherwise. */
HtRegion     ht_region_for_state    (const char *state_code);

/* sRGB, components in [0, 1]. Same layout as the first three fields of a GdkRGBA but doubles. */
typedef struct
{
  double red;
  double green;
  double blue;
} HtRgb;

/* The region palette: Okabe & Ito's colour-blind-safe set (East blue #0072B2, West orange
 * #E69F00, South reddish purple #CC79A7, Midwest bluish green #009E73), Other and Unknown grey.
 * One place for the CLI maps and the app. */
const HtRgb *ht_region_get_color    (HtRegion    region);
/* A region colour mixed into `background` by `intensity` in [0, 1] (clamped; NaN counts as 0):
 * out = background + (colour - background) * intensity. */
void         ht_region_tint         (HtRegion     region,
                                     double       intensity,
                                     const HtRgb *background,
                                     HtRgb       *out);

G_END_DECLS
