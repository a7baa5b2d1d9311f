/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-region"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "htc-geo.h"
#include "ht-region.h"

G_STATIC_ASSERT ((int) HT_REGION_MIDWEST == 3 && (int) HT_REGION_UNKNOWN == HT_N_REGIONS - 1);

G_DEFINE_ENUM_TYPE (HtRegion, ht_region,
  G_DEFINE_ENUM_VALUE (HT_REGION_EAST, "east"),
  G_DEFINE_ENUM_VALUE (HT_REGION_WEST, "west"),
  G_DEFINE_ENUM_VALUE (HT_REGION_SOUTH, "south"),
  G_DEFINE_ENUM_VALUE (HT_REGION_MIDWEST, "midwest"),
  G_DEFINE_ENUM_VALUE (HT_REGION_OTHER, "other"),
  G_DEFINE_ENUM_VALUE (HT_REGION_UNKNOWN, "unknown"))

static const char *const ids[HT_N_REGIONS] = {
  "East", "West", "South", "Midwest", "Other", "Unknown",
};

static const HtRgb colors[HT_N_REGIONS] = {
  { 0x00 / 255.0, 0x72 / 255.0, 0xB2 / 255.0 },   /* East: blue */
  { 0xE6 / 255.0, 0x9F / 255.0, 0x00 / 255.0 },   /* West: orange */
  { 0xCC / 255.0, 0x79 / 255.0, 0xA7 / 255.0 },   /* South: reddish purple */
  { 0x00 / 255.0, 0x9E / 255.0, 0x73 / 255.0 },   /* Midwest: bluish green */
  { 0x99 / 255.0, 0x99 / 255.0, 0x99 / 255.0 },   /* Other */
  { 0xC0 / 255.0, 0xBF / 255.0, 0xBC / 255.0 },   /* Unknown */
};

const char *
ht_region_to_string (HtRegion region)
{
  switch (region)
    {
    case HT_REGION_EAST: return C_("region", "East");
    case HT_REGION_WEST: return C_("region", "West");
    case HT_REGION_SOUTH: return C_("region", "South");
    case HT_REGION_MIDWEST: return C_("region", "Midwest");
    case HT_REGION_OTHER: return C_("region", "Outside the US");
    case HT_REGION_UNKNOWN:
    default: return C_("region", "Unknown");
    }
}

const char *
ht_region_to_id (HtRegion region)
{
  if ((guint) region >= HT_N_REGIONS)
    return ids[HT_REGION_UNKNOWN];
  return ids[region];
}

gboolean
ht_region_from_id (const char *id,
                   HtRegion   *region)
{
  if (id == NULL)
    return FALSE;
  for (guint i = 0; i < HT_N_REGIONS; i++)
    if (g_ascii_strcasecmp (id, ids[i]) == 0)
      {
        if (region)
          *region = (HtRegion) i;
        return TRUE;
      }
  return FALSE;
}

HtRegion
ht_region_for_state (const char *state_code)
{
  return (HtRegion) htc_geo_state_region (state_code);
}

const HtRgb *
ht_region_get_color (HtRegion region)
{
  if ((guint) region >= HT_N_REGIONS)
    region = HT_REGION_UNKNOWN;
  return &colors[region];
}

void
ht_region_tint (HtRegion     region,
                double       intensity,
                const HtRgb *background,
                HtRgb       *out)
{
  const HtRgb *c = ht_region_get_color (region);

  g_return_if_fail (background != NULL && out != NULL);
  if (!(intensity > 0))
    intensity = 0;
  intensity = MIN (intensity, 1.0);
  out->red = background->red + (c->red - background->red) * intensity;
  out->green = background->green + (c->green - background->green) * intensity;
  out->blue = background->blue + (c->blue - background->blue) * intensity;
}
