/* Tests for HtMapRenderer: PNGs are written, and pixels at known places carry the colours the
 * design says (palette and tint formula restated here from the spec, not read from the code). */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

#include "ht-error.h"
#include "ht-geo.h"
#include "ht-map-renderer.h"
#include "ht-origin-table.h"
#include "ht-data-dir.h"

#define W 1200
#define H 800

/* The design: Okabe-Ito colours; light page white; light land #f4f3f1 (0.957, 0.953, 0.945);
 * Canada/Mexico (0.918, 0.910, 0.898); a state's fill is land + (colour - land) * t with
 * t = 0.10 + 0.90 p for a prediction p of its region. */
static const guint32 region_hex[4] = { 0x0072B2, 0xE69F00, 0xCC79A7, 0x009E73 };
static const double land[3] = { 0.957, 0.953, 0.945 };

static HtGeo *geo;
static HtOriginTable *table;

static void
expected_tint (int     region,
               double  p,
               double *rgb)
{
  double t = 0.10 + 0.90 * p;
  for (int c = 0; c < 3; c++)
    {
      double col = ((region_hex[region] >> (16 - 8 * c)) & 0xff) / 255.0;
      rgb[c] = land[c] + (col - land[c]) * t;
    }
}

static void
pixel_at (cairo_surface_t *surface,
          double           x,
          double           y,
          double          *rgb)
{
  int ix = (int) floor (x), iy = (int) floor (y);
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 px;

  g_assert_cmpint (ix, >=, 0);
  g_assert_cmpint (iy, >=, 0);
  g_assert_cmpint (ix, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (iy, <, cairo_image_surface_get_height (surface));
  px = *(const guint32 *) (const void *) (data + iy * stride + 4 * ix);
  rgb[0] = ((px >> 16) & 0xff) / 255.0;
  rgb[1] = ((px >> 8) & 0xff) / 255.0;
  rgb[2] = (px & 0xff) / 255.0;
}

static void
assert_color (cairo_surface_t *surface,
              double           x,
              double           y,
              const double    *want,
              const char      *what)
{
  double got[3];

  pixel_at (surface, x, y, got);
  g_test_message ("%s at %.0f,%.0f: %.3f %.3f %.3f (want %.3f %.3f %.3f)", what, x, y, got[0],
                  got[1], got[2], want[0], want[1], want[2]);
  for (int c = 0; c < 3; c++)
    g_assert_cmpfloat (fabs (got[c] - want[c]), <=, 2.5 / 255);
}

static cairo_surface_t *
render (HtMapRenderer *r)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, W, H);
  cairo_t *cr = cairo_create (s);

  ht_map_renderer_render (r, cr, W, H);
  cairo_destroy (cr);
  cairo_surface_flush (s);
  return s;
}

static void
project (HtMapRenderer *r,
         double         lat,
         double         lon,
         double        *x,
         double        *y)
{
  g_assert_true (ht_map_renderer_project (r, W, H, lat, lon, x, y));
}

/* Interior points, far from borders, pins and the arrow. */
static const struct { const char *state; double lat, lon; int region; } interiors[] = {
  { "PA", 40.9, -77.8, 0 }, { "NV", 39.3, -116.8, 1 }, { "TX", 31.3, -99.5, 2 }, { "KS", 38.6, -98.6, 3 },
  { "MT", 47.0, -109.5, 1 }, { "IA", 42.0, -93.4, 3 }, { "AL", 32.8, -86.8, 2 }, { "NY", 42.9, -75.3, 0 },
};

static void
test_state_tints (void)
{
  g_autoptr(HtMapRenderer) r = ht_map_renderer_new (geo);
  const double p[4] = { 1.0, 0, 0, 0 };
  cairo_surface_t *s;

  ht_map_renderer_set_prediction (r, p);
  s = render (r);
  for (guint i = 0; i < G_N_ELEMENTS (interiors); i++)
    {
      double x, y, want[3];
      project (r, interiors[i].lat, interiors[i].lon, &x, &y);
      expected_tint (interiors[i].region, interiors[i].region == 0 ? 1.0 : 0.0, want);
      assert_color (s, x, y, want, interiors[i].state);
    }
  /* East at p = 1 is exactly the palette's blue. */
  {
    double x, y, blue[3] = { 0x00 / 255.0, 0x72 / 255.0, 0xB2 / 255.0 };
    project (r, 40.9, -77.8, &x, &y);
    assert_color (s, x, y, blue, "PA, pure East blue");
  }
  /* The sea is the page; Canada is context grey. */
  {
    double x, y, white[3] = { 1, 1, 1 }, context[3] = { 0.918, 0.910, 0.898 };
    project (r, 31.0, -70.0, &x, &y);
    assert_color (s, x, y, white, "Atlantic");
    project (r, 50.5, -86.0, &x, &y);
    assert_color (s, x, y, context, "Ontario");
  }
  cairo_surface_destroy (s);
}

static void
test_uneven_prediction (void)
{
  /* 0.2 / 0.2 / 0.5 / 0.1 given unnormalised (x2), with garbage that counts as 0. */
  g_autoptr(HtMapRenderer) r = ht_map_renderer_new (geo);
  const double p[4] = { 0.4, 0.4, 1.0, 0.2 }, probs[4] = { 0.2, 0.2, 0.5, 0.1 };
  const double junk[4] = { NAN, -1, INFINITY, 0 };
  cairo_surface_t *s;

  ht_map_renderer_set_prediction (r, p);
  s = render (r);
  for (guint i = 0; i < G_N_ELEMENTS (interiors); i++)
    {
      double x, y, want[3];
      project (r, interiors[i].lat, interiors[i].lon, &x, &y);
      expected_tint (interiors[i].region, probs[interiors[i].region], want);
      assert_color (s, x, y, want, interiors[i].state);
    }
  cairo_surface_destroy (s);

  /* Nothing usable: every region equally likely. */
  ht_map_renderer_set_prediction (r, junk);
  s = render (r);
  for (guint i = 0; i < G_N_ELEMENTS (interiors); i++)
    {
      double x, y, want[3];
      project (r, interiors[i].lat, interiors[i].lon, &x, &y);
      expected_tint (interiors[i].region, 0.25, want);
      assert_color (s, x, y, want, interiors[i].state);
    }
  cairo_surface_destroy (s);
}

static void
test_pins (void)
{
  g_autoptr(HtMapRenderer) r = ht_map_renderer_new (geo);
  const double p[4] = { 0.1, 0.6, 0.2, 0.1 };   /* West, while OutKast are from the South */
  const HtOrigin *outkast = ht_origin_table_lookup (table, "OutKast");
  const HtOrigin *nas = ht_origin_table_lookup (table, "Nas");
  const double ink[3] = { 0.141, 0.122, 0.192 };
  double south[3] = { 0xCC / 255.0, 0x79 / 255.0, 0xA7 / 255.0 };
  double east[3] = { 0x00 / 255.0, 0x72 / 255.0, 0xB2 / 255.0 };
  double west[3] = { 0xE6 / 255.0, 0x9F / 255.0, 0x00 / 255.0 };
  double x, y, x1, y1, lift = 2.1 * 9.5;   /* pin head radius 9.5 px at 1200 x 800 */
  cairo_surface_t *s;
  gboolean found = FALSE;
  HtMapHit hit;

  ht_map_renderer_set_artist (r, "OutKast", outkast);
  ht_map_renderer_add_featured (r, "Nas", nas);
  ht_map_renderer_set_prediction (r, p);
  s = render (r);

  /* The pin's head: a dot of the home region's colour inside a ring of ink. */
  project (r, outkast->lat, outkast->lon, &x, &y);
  assert_color (s, x, y - lift, south, "hometown pin, centre");
  assert_color (s, x, y - lift - 0.75 * 9.5, ink, "hometown pin, rim");
  /* The featured dot in Queensbridge, in East blue. */
  project (r, nas->lat, nas->lon, &x1, &y1);
  assert_color (s, x1, y1, east, "featured dot");
  /* The arrow: somewhere near the middle of its curve, the predicted region's colour. The curve
   * is a quadratic from the hometown to the West's target (38.8 N, 117.2 W), bowed north by
   * 0.28 of its length. */
  {
    double tx, ty, dx, dy, d, nx, ny, cx, cy, mx, my;
    project (r, 38.8, -117.2, &tx, &ty);
    dx = tx - x;
    dy = ty - y;
    d = hypot (dx, dy);
    nx = -dy / d;
    ny = dx / d;
    if (ny > 0)
      {
        nx = -nx;
        ny = -ny;
      }
    cx = (x + tx) / 2 + nx * 0.28 * d;
    cy = (y + ty) / 2 + ny * 0.28 * d;
    mx = 0.25 * x + 0.5 * cx + 0.25 * tx;
    my = 0.25 * y + 0.5 * cy + 0.25 * ty;
    for (int oy = -3; oy <= 3 && !found; oy++)
      for (int ox = -3; ox <= 3 && !found; ox++)
        {
          double got[3];
          pixel_at (s, mx + ox, my + oy, got);
          found = fabs (got[0] - west[0]) < 0.02 && fabs (got[1] - west[1]) < 0.02
                  && fabs (got[2] - west[2]) < 0.02;
        }
    g_assert_true (found);
  }
  cairo_surface_destroy (s);

  /* Hit-testing agrees with what was drawn. */
  g_assert_true (ht_map_renderer_hit_test (r, W, H, x, y - lift, &hit));
  g_assert_cmpint (hit.kind, ==, HT_MAP_HIT_HOMETOWN);
  g_assert_cmpstr (hit.name, ==, "OutKast");
  g_assert_cmpstr (hit.state->code, ==, "GA");
  g_assert_true (ht_map_renderer_hit_test (r, W, H, x1, y1, &hit));
  g_assert_cmpint (hit.kind, ==, HT_MAP_HIT_FEATURED);
  g_assert_cmpuint (hit.index, ==, 0);
  project (r, 38.6, -98.6, &x, &y);
  g_assert_true (ht_map_renderer_hit_test (r, W, H, x, y, &hit));
  g_assert_cmpint (hit.kind, ==, HT_MAP_HIT_STATE);
  g_assert_cmpstr (hit.state->code, ==, "KS");
  project (r, 61.2, -149.9, &x, &y);   /* Anchorage, in the inset: through the inverse */
  g_assert_true (ht_map_renderer_hit_test (r, W, H, x, y, &hit));
  g_assert_cmpstr (hit.state->code, ==, "AK");
  project (r, 31.0, -70.0, &x, &y);
  g_assert_false (ht_map_renderer_hit_test (r, W, H, x, y, &hit));
  g_assert_cmpint (hit.kind, ==, HT_MAP_HIT_NONE);
  g_assert_false (ht_map_renderer_hit_test (r, W, H, NAN, 3, &hit));
  g_assert_false (ht_map_renderer_hit_test (r, W, H, -50, 5000, &hit));
}

static void
test_tracks (void)
{
  g_autoptr(HtMapRenderer) r = ht_map_renderer_new (geo);
  const HtOrigin *nas = ht_origin_table_lookup (table, "Nas");
  const HtOrigin *eminem = ht_origin_table_lookup (table, "Eminem");
  const double east[4] = { 0.9, 0.05, 0.03, 0.02 };
  const double ink[3] = { 0.141, 0.122, 0.192 };
  double blue[3] = { 0x00 / 255.0, 0x72 / 255.0, 0xB2 / 255.0 }, x, y, radius;
  cairo_surface_t *s;
  HtMapHit hit;
  guint gen;

  gen = ht_map_renderer_get_base_generation (r);
  ht_map_renderer_add_track (r, "Nas", "N.Y. State of Mind", nas, east);
  ht_map_renderer_add_track (r, "Nas", "The World Is Yours", nas, east);
  ht_map_renderer_add_track (r, "Eminem", "Lose Yourself", eminem, east);
  ht_map_renderer_add_track (r, "Eminem", "Stan", eminem, east);
  ht_map_renderer_add_track (r, "Eminem", "Mockingbird", eminem, east);
  ht_map_renderer_add_track (r, "Nobody", "Unknown", NULL, east);
  g_assert_cmpuint (ht_map_renderer_get_n_tracks (r), ==, 6);
  g_assert_cmpuint (ht_map_renderer_get_base_generation (r), !=, gen);
  s = render (r);
  /* Nas: all East, at home: a blue pie. Eminem: all East, far from the Midwest home: a blue pie
   * with a thick ink ring at radius 5.5 + 2.2 sqrt (3) px. */
  project (r, nas->lat, nas->lon, &x, &y);
  assert_color (s, x, y, blue, "Nas pie");
  project (r, eminem->lat, eminem->lon, &x, &y);
  assert_color (s, x, y, blue, "Eminem pie");
  radius = 5.5 + 2.2 * sqrt (3);
  assert_color (s, x, y - radius, ink, "Eminem mismatch ring");
  cairo_surface_destroy (s);
  g_assert_true (ht_map_renderer_hit_test (r, W, H, x, y, &hit));
  g_assert_cmpint (hit.kind, ==, HT_MAP_HIT_ARTIST);
  g_assert_cmpstr (hit.name, ==, "Eminem");
  g_assert_cmpstr (hit.state->code, ==, "MI");

  ht_map_renderer_clear (r);
  g_assert_cmpuint (ht_map_renderer_get_n_tracks (r), ==, 0);
}

static void
test_layers (void)
{
  /* Base + overlay drawn separately is the same picture as render(); the generation moves only
   * when the base changes. */
  g_autoptr(HtMapRenderer) r = ht_map_renderer_new (geo);
  const double p[4] = { 0.3, 0.3, 0.2, 0.2 };
  cairo_surface_t *a, *b = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, W, H);
  cairo_t *cr = cairo_create (b);
  guint gen;

  ht_map_renderer_set_artist (r, "Drake", ht_origin_table_lookup (table, "Drake"));
  ht_map_renderer_set_prediction (r, p);
  ht_map_renderer_set_title (r, "Drake — Hotline Bling");
  gen = ht_map_renderer_get_base_generation (r);
  a = render (r);
  ht_map_renderer_render_base (r, cr, W, H);
  ht_map_renderer_render_overlay (r, cr, W, H);
  cairo_destroy (cr);
  cairo_surface_flush (b);
  g_assert_cmpmem (cairo_image_surface_get_data (a), cairo_image_surface_get_stride (a) * H,
                   cairo_image_surface_get_data (b), cairo_image_surface_get_stride (b) * H);
  g_assert_cmpuint (ht_map_renderer_get_base_generation (r), ==, gen);
  ht_map_renderer_set_dark (r, TRUE);
  g_assert_cmpuint (ht_map_renderer_get_base_generation (r), !=, gen);
  gen = ht_map_renderer_get_base_generation (r);
  ht_map_renderer_set_dark (r, TRUE);
  g_assert_cmpuint (ht_map_renderer_get_base_generation (r), ==, gen);
  /* Pins only: another artist, a guest, a title, or clear() and the same data again. */
  ht_map_renderer_set_artist (r, "Nas", ht_origin_table_lookup (table, "Nas"));
  ht_map_renderer_add_featured (r, "Drake", ht_origin_table_lookup (table, "Drake"));
  ht_map_renderer_set_title (r, "Nas");
  ht_map_renderer_clear (r);
  ht_map_renderer_set_artist (r, "Drake", ht_origin_table_lookup (table, "Drake"));
  ht_map_renderer_set_prediction (r, p);
  g_assert_cmpuint (ht_map_renderer_get_base_generation (r), ==, gen);
  /* Another prediction tints the states: a new base. */
  {
    const double q[4] = { 0.1, 0.1, 0.7, 0.1 };

    ht_map_renderer_set_prediction (r, q);
    g_assert_cmpuint (ht_map_renderer_get_base_generation (r), !=, gen);
    ht_map_renderer_set_prediction (r, p);
    gen = ht_map_renderer_get_base_generation (r);
  }
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);

  /* Dark: the sea is the dark page. */
  {
    double x, y, page[3] = { 0.114, 0.114, 0.125 };
    cairo_surface_t *d = render (r);
    project (r, 31.0, -70.0, &x, &y);
    assert_color (d, x, y, page, "dark Atlantic");
    cairo_surface_destroy (d);
  }
}

static void
test_png (void)
{
  g_autoptr(HtMapRenderer) r = ht_map_renderer_new (geo);
  g_autofree char *dir = g_dir_make_tmp ("ht-map-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "map.png", NULL);
  g_autofree char *bad = g_build_filename (dir, "no", "such", "dir", "map.png", NULL);
  g_autoptr(GError) error = NULL;
  cairo_surface_t *png;

  ht_map_renderer_set_artist (r, "Nobody Known", NULL);   /* a map with a note, no pin */
  g_assert_true (ht_map_renderer_save_png (r, path, 640, 400, &error));
  g_assert_no_error (error);
  png = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, 640);
  g_assert_cmpint (cairo_image_surface_get_height (png), ==, 400);
  cairo_surface_destroy (png);

  g_assert_false (ht_map_renderer_save_png (r, path, 0, 400, &error));
  g_assert_error (error, HT_ERROR, HT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (ht_map_renderer_save_png (r, path, 100000, 400, &error));
  g_assert_error (error, HT_ERROR, HT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (ht_map_renderer_save_png (r, bad, 100, 100, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "map.png"));
  g_clear_error (&error);

  /* Odd sizes and silly input draw something without complaint. */
  {
    g_autofree char *huge = g_strnfill (10000, 'W');
    cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 40, 900);
    cairo_t *cr = cairo_create (s);
    HtOrigin nowhere = { "x", "X", "", "", "", NAN, NAN, HT_REGION_UNKNOWN, HT_ORIGIN_CONFIDENCE_LOW };

    ht_map_renderer_set_title (r, huge);
    ht_map_renderer_set_artist (r, huge, &nowhere);
    ht_map_renderer_add_featured (r, "", NULL);
    ht_map_renderer_render (r, cr, 40, 900);
    ht_map_renderer_render (r, cr, 0, 0);
    ht_map_renderer_render (r, cr, -5, 10);
    g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
    cairo_destroy (cr);
    cairo_surface_destroy (s);
  }
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tpath = ht_data_dir_find_shipped ("artists/origins.tsv");
  g_autofree char *apath = ht_data_dir_find_shipped ("artists/aliases.tsv");
  int ret;

  g_test_init (&argc, &argv, NULL);
  geo = ht_geo_load_default (&error);
  g_assert_no_error (error);
  table = ht_origin_table_new_from_files (tpath, apath, NULL, &error);
  g_assert_no_error (error);
  g_test_add_func ("/engine/map-renderer/state-tints", test_state_tints);
  g_test_add_func ("/engine/map-renderer/uneven-prediction", test_uneven_prediction);
  g_test_add_func ("/engine/map-renderer/pins", test_pins);
  g_test_add_func ("/engine/map-renderer/tracks", test_tracks);
  g_test_add_func ("/engine/map-renderer/layers", test_layers);
  g_test_add_func ("/engine/map-renderer/png", test_png);
  ret = g_test_run ();
  g_object_unref (geo);
  g_object_unref (table);
  return ret;
}
