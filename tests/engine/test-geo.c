/* Tests for HtGeo with the shipped data/geo: known cities land in the right state and region,
 * directly and through the projection's inverse (as a click on the map would); the gazetteer;
 * damaged and inconsistent geography files. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

#include "htc-projection.h"
#include "ht-data-dir.h"
#include "ht-error.h"
#include "ht-geo.h"

static HtGeo *
shipped (void)
{
  g_autoptr(GError) error = NULL;
  HtGeo *geo = ht_geo_load_default (&error);

  g_assert_no_error (error);
  return geo;
}

typedef struct
{
  const char *city;
  double      lat, lon;
  const char *state;   /* NULL: outside the US */
  HtRegion    region;
} CityCase;

static const CityCase cities[] = {
  { "Atlanta", 33.749, -84.388, "GA", HT_REGION_SOUTH },
  { "Compton", 33.8958, -118.2201, "CA", HT_REGION_WEST },
  { "Queens", 40.6815, -73.8365, "NY", HT_REGION_EAST },
  { "Detroit", 42.3314, -83.0458, "MI", HT_REGION_MIDWEST },
  { "Toronto", 43.7001, -79.4163, NULL, HT_REGION_OTHER },
  { "Houston", 29.7633, -95.3633, "TX", HT_REGION_SOUTH },
  { "New Orleans", 29.9547, -90.0751, "LA", HT_REGION_SOUTH },
  { "Memphis", 35.1495, -90.049, "TN", HT_REGION_SOUTH },
  { "Chicago", 41.85, -87.65, "IL", HT_REGION_MIDWEST },
  { "Kansas City, MO", 39.0997, -94.5786, "MO", HT_REGION_MIDWEST },
  { "Kansas City, KS", 39.1142, -94.6275, "KS", HT_REGION_MIDWEST },
  { "Pittsburgh", 40.4406, -79.9959, "PA", HT_REGION_EAST },
  { "Virginia Beach", 36.8529, -75.978, "VA", HT_REGION_EAST },
  { "Washington", 38.8951, -77.0364, "DC", HT_REGION_EAST },
  { "Oakland", 37.8044, -122.2711, "CA", HT_REGION_WEST },
  { "Seattle", 47.6062, -122.3321, "WA", HT_REGION_WEST },
  { "Honolulu", 21.3069, -157.8583, "HI", HT_REGION_WEST },
  { "Anchorage", 61.2181, -149.9003, "AK", HT_REGION_WEST },
  { "Miami", 25.7617, -80.1918, "FL", HT_REGION_SOUTH },
  { "Tijuana", 32.5149, -117.0382, NULL, HT_REGION_OTHER },
  { "Vancouver", 49.2497, -123.1193, NULL, HT_REGION_OTHER },
  { "London", 51.5074, -0.1278, NULL, HT_REGION_OTHER },
};

static void
test_cities (void)
{
  g_autoptr(HtGeo) geo = shipped ();

  g_assert_cmpuint (ht_geo_get_n_states (geo), ==, 51);
  g_assert_cmpuint (ht_geo_get_n_context (geo), ==, 2);
  for (guint i = 0; i < G_N_ELEMENTS (cities); i++)
    {
      const HtGeoShape *s = ht_geo_state_at (geo, cities[i].lat, cities[i].lon);

      g_test_message ("%s -> %s", cities[i].city, s ? s->code : "(outside)");
      if (cities[i].state == NULL)
        {
          g_assert_null (s);
          continue;
        }
      g_assert_nonnull (s);
      g_assert_cmpstr (s->code, ==, cities[i].state);
      g_assert_cmpint (s->region, ==, cities[i].region);
    }
  g_assert_null (ht_geo_state_at (geo, NAN, 0));
  g_assert_null (ht_geo_state_at (geo, 0, INFINITY));
  g_assert_null (ht_geo_state_at (geo, 30.0, -60.0));   /* the Atlantic */
}

static void
test_cities_through_projection (void)
{
  /* A click on the map: pixel -> inverse projection -> state. */
  g_autoptr(HtGeo) geo = shipped ();
  HtcUsProjection *proj = NULL;
  const double bounds[4] = { -0.43, -0.24, 0.40, 0.24 }, rect[4] = { 0, 0, 1200, 800 };

  htc_us_projection_new (&proj);
  htc_us_projection_fit (proj, bounds, rect);
  for (guint i = 0; i < G_N_ELEMENTS (cities); i++)
    {
      double x, y, lat, lon;
      HtcUsPart part = htc_us_projection_forward (proj, cities[i].lat, cities[i].lon, &x, &y);
      const HtGeoShape *s;

      if (part == HTC_US_PART_NONE)
        {
          g_assert_null (cities[i].state);   /* only non-US places fall off the map */
          continue;
        }
      g_assert_cmpint (htc_us_projection_inverse (proj, x, y, &lat, &lon), ==, part);
      s = ht_geo_state_at (geo, lat, lon);
      g_assert_cmpstr (s ? s->code : NULL, ==, cities[i].state);
    }
  htc_us_projection_free (proj);
}

static void
test_anchors (void)
{
  g_autoptr(HtGeo) geo = shipped ();

  for (guint i = 0; i < ht_geo_get_n_states (geo); i++)
    {
      const HtGeoShape *s = ht_geo_get_state (geo, i);
      double lat, lon;

      ht_geo_state_anchor (geo, s, &lat, &lon);
      g_test_message ("%s anchor %.2f %.2f", s->code, lat, lon);
      g_assert_true (ht_geo_state_at (geo, lat, lon) == s);
    }
  g_assert_nonnull (ht_geo_find_state (geo, "ga"));
  g_assert_cmpstr (ht_geo_find_state (geo, "ga")->name, ==, "Georgia");
  g_assert_null (ht_geo_find_state (geo, "PR"));
  g_assert_null (ht_geo_find_state (geo, NULL));
}

static void
test_places (void)
{
  g_autoptr(HtGeo) geo = shipped ();
  g_autofree char *huge = g_strnfill (10000, 'z');
  static const struct { const char *q; const char *admin; double lat, lon; } found[] = {
    { "Compton, CA", "CA", 33.8958, -118.2201 },
    { "compton ca", "CA", 33.8958, -118.2201 },
    { "Queens, NY", "NY", 40.6815, -73.8365 },
    { "The Bronx, NY", "NY", 40.8499, -73.8664 },
    { "Bronx, NY", "NY", 40.8499, -73.8664 },
    { "Atlanta, Georgia", "GA", 33.749, -84.388 },
    { "Atlanta", "GA", 33.749, -84.388 },
    { "Detroit", "MI", 42.3314, -83.0458 },
    { "Portsmouth, VA", "VA", 36.8354, -76.2983 },
    { "Toronto, ON", "ON", 43.7001, -79.4163 },
    { "Toronto", "ON", 43.7001, -79.4163 },
    { "  Houston ,  TX ", "TX", 29.7633, -95.3633 },
  };
  static const char *const missing[] = {
    "Nowhere, ZZ", "Compton, NY", "", ",", "Atlantis", ", CA", "Compton,",
  };

  g_assert_cmpuint (ht_geo_get_n_places (geo), >, 4000);
  for (guint i = 0; i < G_N_ELEMENTS (found); i++)
    {
      const HtPlace *p = ht_geo_find_place (geo, found[i].q);
      g_test_message ("%s", found[i].q);
      g_assert_nonnull (p);
      g_assert_cmpstr (p->admin, ==, found[i].admin);
      g_assert_cmpfloat_with_epsilon (p->lat, found[i].lat, 0.01);
      g_assert_cmpfloat_with_epsilon (p->lon, found[i].lon, 0.01);
    }
  for (guint i = 0; i < G_N_ELEMENTS (missing); i++)
    g_assert_null (ht_geo_find_place (geo, missing[i]));
  g_assert_null (ht_geo_find_place (geo, huge));
  g_assert_null (ht_geo_find_place (geo, NULL));
}

/* ---- damaged files ---- */

static char *
write_temp (const char *dir,
            const char *name,
            const char *contents,
            gssize      len)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, len, NULL));
  return path;
}

static void
expect_corrupt (const char *states,
                const char *context,
                const char *places,
                const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HtGeo) geo = ht_geo_new_from_files (states, context, places, &error);

  g_assert_null (geo);
  g_assert_error (error, HT_ERROR, HT_ERROR_CORRUPT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, fragment));
}

static void
test_damaged (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ht-geo-XXXXXX", NULL);
  g_autofree char *real = ht_data_dir_find_shipped ("geo/us-states.json");
  g_autofree char *real_places = ht_data_dir_find_shipped ("geo/places.tsv");
  g_autofree char *text = NULL;
  gsize len;
  const char *head = "{\"format\": \"hometown-us-states\", \"version\": 1, \"states\": [";
  static const struct { const char *body; const char *fragment; } bad[] = {
    { "{\"code\": \"GA\", \"name\": \"Georgia\", \"polygons\": [[[-84, 33, -83, 33, -83]]]}", "odd number" },
    { "{\"code\": \"GA\", \"name\": \"Georgia\", \"polygons\": [[[-84, 33, -83, 33]]]}", "three points" },
    { "{\"code\": \"GA\", \"name\": \"Georgia\", \"polygons\": [[[-84, 33, -83, 33, 200, 34]]]}", "globe" },
    { "{\"code\": \"GA\", \"name\": \"Georgia\", \"polygons\": [[[-84, 33, -83, \"x\", -83, 34]]]}", "not a number" },
    { "{\"code\": \"GA\", \"name\": \"Georgia\", \"polygons\": []}", "no polygons" },
    { "{\"code\": \"GA\", \"name\": \"Georgia\"}", "no list of polygons" },
    { "{\"code\": \"ZZ\", \"name\": \"Nowhere\", \"polygons\": [[[-84, 33, -83, 33, -83, 34]]]}", "ZZ" },
    { "{\"code\": \"Georgia\", \"name\": \"Georgia\", \"polygons\": [[[-84, 33, -83, 33, -83, 34]]]}", "two-letter" },
    { "{\"code\": \"GA\", \"name\": \"Georgia\", \"polygons\": [[[-84, 33, -83, 33, -83, 34]]]}", "1 states" },
    { "{\"code\": \"GA\", \"name\": \"Georgia\", \"polygons\": [[[-84, 33, -83, 33, -83, 34]]]},"
      "{\"code\": \"GA\", \"name\": \"Georgia\", \"polygons\": [[[-84, 33, -83, 33, -83, 34]]]}", "twice" },
  };

  /* Truncated: half of the real file. */
  g_assert_true (g_file_get_contents (real, &text, &len, NULL));
  {
    g_autofree char *p = write_temp (dir, "us-states.json", text, len / 2);
    expect_corrupt (p, NULL, NULL, "us-states.json");
    g_unlink (p);
  }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *doc = g_strconcat (head, bad[i].body, "]}", NULL);
      g_autofree char *p = write_temp (dir, "us-states.json", doc, -1);
      expect_corrupt (p, NULL, NULL, bad[i].fragment);
      g_unlink (p);
    }
  /* A states file used as context, a wrong version, not JSON at all. */
  {
    g_autofree char *p = write_temp (dir, "context.json", "{\"format\": \"hometown-us-states\", "
                                     "\"version\": 1, \"states\": []}", -1);
    g_autofree char *v2 = write_temp (dir, "v2.json", "{\"format\": \"hometown-us-states\", "
                                      "\"version\": 2, \"states\": []}", -1);
    g_autofree char *junk = write_temp (dir, "junk.json", "\x89PNG\r\n\x1a\n", 8);
    expect_corrupt (real, p, NULL, "context.json");
    expect_corrupt (v2, NULL, NULL, "version 1");
    expect_corrupt (junk, NULL, NULL, "junk.json");
    g_unlink (p);
    g_unlink (v2);
    g_unlink (junk);
  }
  /* Gazetteer: a bad row, no header, truncated mid-row. */
  {
    g_autofree char *p1 = write_temp (dir, "p1.tsv", "name\tadmin\tcountry\tlat\tlon\tpopulation\n"
                                      "Compton\tCA\tUS\t33.9\t-118.2\t95000\nAtlanta\tGA\tUS\tnorth\t-84\t1\n", -1);
    g_autofree char *p2 = write_temp (dir, "p2.tsv", "Compton\tCA\tUS\t33.9\t-118.2\t95000\n", -1);
    g_autofree char *places = NULL;
    g_autofree char *p3 = NULL;

    expect_corrupt (real, NULL, p1, "Line 3");
    expect_corrupt (real, NULL, p2, "header");
    g_assert_true (g_file_get_contents (real_places, &places, &len, NULL));
    places[len / 2] = '\0';
    /* Cut in the middle of a row: that row is short of columns (or has a cut number). */
    p3 = write_temp (dir, "p3.tsv", places, -1);
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HtGeo) geo = ht_geo_new_from_files (real, NULL, p3, &error);
      /* A cut exactly at a row's end would be a valid shorter file; it is not, here. */
      g_assert_null (geo);
      g_assert_error (error, HT_ERROR, HT_ERROR_CORRUPT);
    }
    g_unlink (p1);
    g_unlink (p2);
    g_unlink (p3);
  }
  /* Missing files. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *none = g_build_filename (dir, "none.json", NULL);
    g_assert_null (ht_geo_new_from_files (none, NULL, NULL, &error));
    g_assert_error (error, HT_ERROR, HT_ERROR_NOT_FOUND);
  }
  g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/geo/cities", test_cities);
  g_test_add_func ("/engine/geo/cities-through-projection", test_cities_through_projection);
  g_test_add_func ("/engine/geo/anchors", test_anchors);
  g_test_add_func ("/engine/geo/places", test_places);
  g_test_add_func ("/engine/geo/damaged", test_damaged);
  return g_test_run ();
}
