/* Tests for htc-geo: the state -> region table against the shared README's, great-circle
 * distances worked by hand, point-in-polygon with holes and several polygons. */
#include <math.h>
#include <glib.h>

#include "htc-geo.h"

static void
test_state_regions (void)
{
  /* Copied from ../shared/data/README.md, "State -> region mapping". */
  static const struct { HtcRegion region; const char *states; } table[] = {
    { HTC_REGION_EAST, "NY NJ PA MD DC VA DE CT MA RI NH VT ME" },
    { HTC_REGION_WEST, "CA WA OR NV AZ HI AK UT CO NM ID MT WY" },
    { HTC_REGION_SOUTH, "GA TX LA TN FL NC SC AL MS KY AR OK WV" },
    { HTC_REGION_MIDWEST, "IL MI OH MO MN WI IN IA KS NE ND SD" },
  };
  guint n = 0;

  for (guint r = 0; r < G_N_ELEMENTS (table); r++)
    {
      g_auto(GStrv) codes = g_strsplit (table[r].states, " ", -1);
      for (guint i = 0; codes[i]; i++, n++)
        {
          g_autofree char *lower = g_ascii_strdown (codes[i], -1);
          g_assert_cmpint (htc_geo_state_region (codes[i]), ==, table[r].region);
          g_assert_cmpint (htc_geo_state_region (lower), ==, table[r].region);
        }
    }
  g_assert_cmpuint (n, ==, HTC_GEO_N_STATES);
  /* Every listed code is in the table, sorted and distinct. */
  for (size_t i = 0; i < HTC_GEO_N_STATES; i++)
    {
      g_assert_nonnull (htc_geo_state_code (i));
      g_assert_cmpint (htc_geo_state_region (htc_geo_state_code (i)), !=, HTC_REGION_UNKNOWN);
      if (i > 0)
        g_assert_cmpstr (htc_geo_state_code (i - 1), <, htc_geo_state_code (i));
    }
  g_assert_null (htc_geo_state_code (HTC_GEO_N_STATES));
  g_assert_cmpint (htc_geo_state_region ("PR"), ==, HTC_REGION_UNKNOWN);
  g_assert_cmpint (htc_geo_state_region ("ON"), ==, HTC_REGION_UNKNOWN);
  g_assert_cmpint (htc_geo_state_region ("GAA"), ==, HTC_REGION_UNKNOWN);
  g_assert_cmpint (htc_geo_state_region ("G"), ==, HTC_REGION_UNKNOWN);
  g_assert_cmpint (htc_geo_state_region (""), ==, HTC_REGION_UNKNOWN);
  g_assert_cmpint (htc_geo_state_region (NULL), ==, HTC_REGION_UNKNOWN);
}

static void
test_distance (void)
{
  const double r = 6371.0088;

  /* A quarter and a half of a great circle. */
  g_assert_cmpfloat_with_epsilon (htc_geo_distance_km (0, 0, 0, 90), G_PI * r / 2, 1e-6);
  g_assert_cmpfloat_with_epsilon (htc_geo_distance_km (0, 0, 0, 180), G_PI * r, 1e-6);
  g_assert_cmpfloat_with_epsilon (htc_geo_distance_km (90, 0, -90, 0), G_PI * r, 1e-6);
  g_assert_cmpfloat_with_epsilon (htc_geo_distance_km (40, -75, 40, -75), 0, 1e-9);
  /* Symmetric, and across the antimeridian the short way (1 degree of the equator). */
  g_assert_cmpfloat_with_epsilon (htc_geo_distance_km (0, 179.5, 0, -179.5), G_PI * r / 180, 1e-6);
  /* Nashville BNA (36.12, -86.67) to LAX (33.94, -118.40): 2887.26 km on a 6372.8 km sphere
   * (the classic haversine example), so 2887.26 * 6371.0088 / 6372.8 here. */
  g_assert_cmpfloat_with_epsilon (htc_geo_distance_km (36.12, -86.67, 33.94, -118.40),
                                  2887.26 * r / 6372.8, 0.01);
  g_assert_cmpfloat_with_epsilon (htc_geo_distance_km (33.94, -118.40, 36.12, -86.67),
                                  htc_geo_distance_km (36.12, -86.67, 33.94, -118.40), 1e-9);
  g_assert_true (isnan (htc_geo_distance_km (NAN, 0, 0, 0)));
  g_assert_true (isnan (htc_geo_distance_km (0, 0, 0, INFINITY)));
}

static void
test_point_in_rings (void)
{
  /* A 10 x 10 square with a 2 x 2 hole at (4..6, 4..6), and a separate triangle. */
  const double xy[] = {
    0, 0, 10, 0, 10, 10, 0, 10,
    4, 4, 6, 4, 6, 6, 4, 6,
    20, 0, 30, 0, 25, 10,
  };
  const size_t starts[] = { 0, 4, 8, 11 };

  g_assert_cmpint (htc_geo_point_in_rings (xy, starts, 3, 1, 1), ==, 1);
  g_assert_cmpint (htc_geo_point_in_rings (xy, starts, 3, 5, 5), ==, 0);     /* in the hole */
  g_assert_cmpint (htc_geo_point_in_rings (xy, starts, 3, 3.9, 5), ==, 1);
  g_assert_cmpint (htc_geo_point_in_rings (xy, starts, 3, 11, 5), ==, 0);
  g_assert_cmpint (htc_geo_point_in_rings (xy, starts, 3, 25, 5), ==, 1);    /* triangle */
  g_assert_cmpint (htc_geo_point_in_rings (xy, starts, 3, 21, 9), ==, 0);
  g_assert_cmpint (htc_geo_point_in_rings (xy, starts, 1, 5, 5), ==, 1);     /* no hole ring */
  g_assert_cmpint (htc_geo_point_in_rings (xy, starts, 3, NAN, 5), ==, 0);
  g_assert_cmpint (htc_geo_point_in_rings (NULL, starts, 3, 1, 1), ==, 0);
  g_assert_cmpint (htc_geo_point_in_rings (xy, starts, 0, 1, 1), ==, 0);
}

static void
test_degenerate_rings (void)
{
  /* Rings of fewer than 3 points are ignored rather than read past their end. */
  const double xy[] = { 0, 0, 10, 0, 0, 0, 10, 0, 10, 10, 0, 10 };
  const size_t starts[] = { 0, 2, 2, 6 };

  g_assert_cmpint (htc_geo_point_in_rings (xy, starts, 3, 5, 5), ==, 1);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/geo/state-regions", test_state_regions);
  g_test_add_func ("/core/geo/distance", test_distance);
  g_test_add_func ("/core/geo/point-in-rings", test_point_in_rings);
  g_test_add_func ("/core/geo/degenerate-rings", test_degenerate_rings);
  return g_test_run ();
}
