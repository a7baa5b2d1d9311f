/* Tests for htc-projection: Snyder's worked example, d3-geo's geoAlbersUsa as a reference
 * (tests/data/albers-usa-golden.tsv, made by tools/geo/make-geo.mjs), round trips, fitting. */
#include <math.h>
#include <glib.h>

#include "htc-projection.h"

static void
test_snyder_example (void)
{
  /* Snyder (1987) p. 291, the sphere example: R = 1, parallels 29.5 and 45.5, origin 23 N 96 W,
   * point 35 N 75 W: n = 0.6028370, C = 1.3512213, rho0 = 1.5562263, x = 0.2952720,
   * y = 0.2416774. */
  HtcAlbers a;
  double x, y, lat, lon;

  g_assert_cmpint (htc_albers_init (&a, 29.5, 45.5, 23, -96), ==, HTC_OK);
  g_assert_cmpfloat_with_epsilon (a.n, 0.6028370, 1e-7);
  g_assert_cmpfloat_with_epsilon (a.c, 1.3512213, 1e-7);
  g_assert_cmpfloat_with_epsilon (a.rho0, 1.5562263, 1e-7);
  htc_albers_forward (&a, 35, -75, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 0.2952720, 1e-7);
  g_assert_cmpfloat_with_epsilon (y, 0.2416774, 1e-7);
  g_assert_cmpint (htc_albers_inverse (&a, x, y, &lat, &lon), ==, HTC_OK);
  g_assert_cmpfloat_with_epsilon (lat, 35, 1e-9);
  g_assert_cmpfloat_with_epsilon (lon, -75, 1e-9);
  /* The origin maps to (0, 0), the central meridian to x = 0. */
  htc_albers_forward (&a, 23, -96, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 0, 1e-12);
  g_assert_cmpfloat_with_epsilon (y, 0, 1e-12);
  htc_albers_forward (&a, 50, -96, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 0, 1e-12);
  g_assert_cmpfloat (y, >, 0);
}

static void
test_equal_area (void)
{
  /* Equal-area: a 1-degree cell's projected area (unit sphere) equals its area on the sphere,
   * (sin lat2 - sin lat1) * dlon, anywhere on the map. */
  HtcAlbers a;
  const double cells[][2] = { { 30, -120 }, { 45, -70 }, { 25, -81 }, { 48, -100 } };

  htc_albers_init (&a, 29.5, 45.5, 37.5, -96);
  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    {
      double lat = cells[i][0], lon = cells[i][1], xy[4][2], area = 0, sphere;
      htc_albers_forward (&a, lat, lon, &xy[0][0], &xy[0][1]);
      htc_albers_forward (&a, lat, lon + 1, &xy[1][0], &xy[1][1]);
      htc_albers_forward (&a, lat + 1, lon + 1, &xy[2][0], &xy[2][1]);
      htc_albers_forward (&a, lat + 1, lon, &xy[3][0], &xy[3][1]);
      /* Parallels are arcs: integrate the sector exactly, n*dlon/2 * (rho1^2 - rho2^2). */
      {
        double r1 = hypot (xy[0][0], a.rho0 - xy[0][1]), r2 = hypot (xy[3][0], a.rho0 - xy[3][1]);
        area = a.n * (G_PI / 180) / 2 * (r1 * r1 - r2 * r2);
      }
      sphere = (sin ((lat + 1) * G_PI / 180) - sin (lat * G_PI / 180)) * G_PI / 180;
      g_assert_cmpfloat_with_epsilon (area, sphere, 1e-12);
    }
}

static void
test_bad_params (void)
{
  HtcAlbers a;
  double lat, lon;

  g_assert_cmpint (htc_albers_init (&a, 30, -30, 0, 0), ==, HTC_ERROR_INVALID_ARG);
  g_assert_cmpint (htc_albers_init (&a, NAN, 45, 0, 0), ==, HTC_ERROR_INVALID_ARG);
  g_assert_cmpint (htc_albers_init (&a, 100, 45, 0, 0), ==, HTC_ERROR_INVALID_ARG);
  g_assert_cmpint (htc_albers_init (NULL, 29.5, 45.5, 0, 0), ==, HTC_ERROR_INVALID_ARG);
  g_assert_cmpint (htc_albers_init (&a, 29.5, 45.5, 37.5, -96), ==, HTC_OK);
  /* Far outside the cone's image: no latitude. */
  g_assert_cmpint (htc_albers_inverse (&a, 0, -50, &lat, &lon), ==, HTC_ERROR_INVALID_ARG);
  g_assert_true (isnan (lat) && isnan (lon));
  g_assert_cmpint (htc_albers_inverse (&a, NAN, 0, &lat, &lon), ==, HTC_ERROR_INVALID_ARG);
  g_assert_cmpint (htc_us_projection_new (NULL), ==, HTC_ERROR_INVALID_ARG);
  htc_us_projection_free (NULL);
}

static void
test_d3_golden (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "albers-usa-golden.tsv", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  HtcUsProjection *proj = NULL;
  guint n = 0, n_outside = 0;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpint (htc_us_projection_new (&proj), ==, HTC_OK);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) f = NULL;
      double lat, lon, ex, ey, x, y, ilat, ilon;
      HtcUsPart part;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      f = g_strsplit (lines[i], "\t", -1);
      g_assert_cmpuint (g_strv_length (f), ==, 5);
      lat = g_ascii_strtod (f[1], NULL);
      lon = g_ascii_strtod (f[2], NULL);
      ex = g_ascii_strtod (f[3], NULL);
      ey = g_ascii_strtod (f[4], NULL);
      part = htc_us_projection_forward (proj, lat, lon, &x, &y);
      if (isnan (ex))
        {
          g_assert_cmpint (part, ==, HTC_US_PART_NONE);
          n_outside++;
          continue;
        }
      g_test_message ("%s: %.6f %.6f (d3 %.6f %.6f) part %d", f[0], x, y, ex, ey, part);
      g_assert_cmpint (part, !=, HTC_US_PART_NONE);
      g_assert_cmpfloat_with_epsilon (x, ex, 1e-5);
      g_assert_cmpfloat_with_epsilon (y, ey, 1e-5);
      /* Inverse: back to the same place. */
      g_assert_cmpint (htc_us_projection_inverse (proj, x, y, &ilat, &ilon), ==, part);
      g_assert_cmpfloat_with_epsilon (ilat, lat, 1e-8);
      g_assert_cmpfloat_with_epsilon (ilon, lon, 1e-8);
      n++;
    }
  g_assert_cmpuint (n, >=, 20);
  g_assert_cmpuint (n_outside, >=, 2);
  htc_us_projection_free (proj);
}

static void
test_parts (void)
{
  HtcUsProjection *proj = NULL;
  double x, y, rect[4];

  htc_us_projection_new (&proj);
  g_assert_cmpint (htc_us_projection_forward (proj, 61.2181, -149.9003, &x, &y), ==,
                   HTC_US_PART_ALASKA);
  htc_us_projection_part_rect (proj, HTC_US_PART_ALASKA, rect);
  g_assert_cmpfloat (x, >=, rect[0]);
  g_assert_cmpfloat (x, <=, rect[0] + rect[2]);
  g_assert_cmpfloat (y, >=, rect[1]);
  g_assert_cmpfloat (y, <=, rect[1] + rect[3]);
  g_assert_cmpint (htc_us_projection_forward (proj, 21.3069, -157.8583, &x, &y), ==,
                   HTC_US_PART_HAWAII);
  g_assert_cmpint (htc_us_projection_forward (proj, 33.749, -84.388, &x, &y), ==,
                   HTC_US_PART_LOWER48);
  /* The Aleutians west of 180 degrees (Attu, 52.9 N 172.9 E) land in the Alaska inset. */
  g_assert_cmpint (htc_us_projection_forward (proj, 52.9, 172.9, &x, &y), ==, HTC_US_PART_ALASKA);
  g_assert_cmpint (htc_us_projection_forward (proj, NAN, 0, &x, &y), ==, HTC_US_PART_NONE);
  g_assert_true (isnan (x) && isnan (y));
  g_assert_cmpint (htc_us_projection_forward (proj, 95, 0, &x, &y), ==, HTC_US_PART_NONE);
  htc_us_projection_forward_part (proj, (HtcUsPart) 7, 30, -90, &x, &y);
  g_assert_true (isnan (x));
  htc_us_projection_part_rect (proj, HTC_US_PART_NONE, rect);
  g_assert_true (isnan (rect[0]));
  htc_us_projection_free (proj);
}

static void
test_round_trip_grid (void)
{
  /* Every pixel of a 1200 x 800 view that has a latitude projects back onto itself. */
  HtcUsProjection *proj = NULL;
  const double bounds[4] = { -0.43, -0.23, 0.40, 0.24 }, rect[4] = { 20, 60, 1160, 700 };
  guint n = 0;

  htc_us_projection_new (&proj);
  g_assert_cmpint (htc_us_projection_fit (proj, bounds, rect), ==, HTC_OK);
  for (double py = 0; py < 800; py += 37)
    for (double px = 0; px < 1200; px += 41)
      {
        double lat, lon, x, y;
        HtcUsPart part = htc_us_projection_inverse (proj, px, py, &lat, &lon);
        if (part == HTC_US_PART_NONE)
          continue;
        htc_us_projection_forward_part (proj, part, lat, lon, &x, &y);
        g_assert_cmpfloat_with_epsilon (x, px, 1e-6);
        g_assert_cmpfloat_with_epsilon (y, py, 1e-6);
        n++;
      }
  g_assert_cmpuint (n, >, 500);
  htc_us_projection_free (proj);
}

static void
test_fit (void)
{
  HtcUsProjection *proj = NULL;
  const double bounds[4] = { -0.5, -0.25, 0.5, 0.25 };
  const double rect[4] = { 10, 20, 400, 400 }, bad_rect[4] = { 0, 0, 0, 100 };
  double scale, x0, y0;

  htc_us_projection_new (&proj);
  /* 1 x 0.5 units into 400 x 400: width limits, scale 400; centred at (210, 220). */
  g_assert_cmpint (htc_us_projection_fit (proj, bounds, rect), ==, HTC_OK);
  htc_us_projection_get_view (proj, &scale, &x0, &y0);
  g_assert_cmpfloat_with_epsilon (scale, 400, 1e-9);
  g_assert_cmpfloat_with_epsilon (x0, 210, 1e-9);
  g_assert_cmpfloat_with_epsilon (y0, 220, 1e-9);
  g_assert_cmpint (htc_us_projection_fit (proj, bounds, bad_rect), ==, HTC_ERROR_INVALID_ARG);
  g_assert_cmpint (htc_us_projection_set_view (proj, -1, 0, 0), ==, HTC_ERROR_INVALID_ARG);
  g_assert_cmpint (htc_us_projection_set_view (proj, INFINITY, 0, 0), ==, HTC_ERROR_INVALID_ARG);
  htc_us_projection_free (proj);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/projection/snyder-example", test_snyder_example);
  g_test_add_func ("/core/projection/equal-area", test_equal_area);
  g_test_add_func ("/core/projection/bad-params", test_bad_params);
  g_test_add_func ("/core/projection/d3-golden", test_d3_golden);
  g_test_add_func ("/core/projection/parts", test_parts);
  g_test_add_func ("/core/projection/round-trip-grid", test_round_trip_grid);
  g_test_add_func ("/core/projection/fit", test_fit);
  return g_test_run ();
}
