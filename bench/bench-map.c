/* bench-map: medians of a 1200 x 800 hometown map render and of an artist-name lookup.
 * Run through bench/map.sh, which also times a Python/matplotlib peer on the same machine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "ht-credits.h"
#include "ht-geo.h"
#include "ht-map-renderer.h"
#include "ht-origin-table.h"

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (double *v, int n)
{
  qsort (v, n, sizeof *v, cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HtGeo) geo = ht_geo_load_default (&error);
  g_autoptr(HtOriginTable) table = geo ? ht_origin_table_load_default (&error) : NULL;
  g_autoptr(HtMapRenderer) r = NULL;
  const double p[4] = { 0.1, 0.2, 0.6, 0.1 };
  const char *names[] = {
    "OutKast", "JAY-Z", "Jay Z", "Hov", "The Notorious B.I.G.", "Biggie Smalls", "2Pac", "Tupac",
    "A$AP Rocky", "Lil' Kim", "André 3000", "Too $hort", "Eric B. & Rakim", "Nice & Smooth",
    "Kendrick Lamar", "Drake", "Jayz", "Definitely Unknown", "Ye", "Mos Def",
  };
  const int n_render = argc > 1 ? atoi (argv[1]) : 40, n_batches = 200, batch = 1000;
  double *full = g_new (double, n_render), *base = g_new (double, n_render);
  double *overlay = g_new (double, n_render), *lookup = g_new (double, n_batches);
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1200, 800);
  guint found = 0;

  if (table == NULL)
    {
      fprintf (stderr, "bench-map: %s\n", error->message);
      return 1;
    }
  r = ht_map_renderer_new (geo);
  ht_map_renderer_set_artist (r, "OutKast", ht_origin_table_lookup (table, "OutKast"));
  ht_map_renderer_add_featured (r, "Killer Mike", ht_origin_table_lookup (table, "Killer Mike"));
  ht_map_renderer_add_featured (r, "JAY-Z", ht_origin_table_lookup (table, "JAY-Z"));
  ht_map_renderer_add_featured (r, "Drake", ht_origin_table_lookup (table, "Drake"));
  ht_map_renderer_set_prediction (r, p);
  ht_map_renderer_set_title (r, "OutKast — Rosa Parks");

  for (int i = -2; i < n_render; i++)   /* two warm-up rounds: fonts, first geometry */
    {
      cairo_t *cr = cairo_create (s);
      gint64 t0, t1, t2;

      /* A new size each time would re-project; the widget case is a fixed size, so time both:
       * the first render of a size includes projecting, the rest reuse it. */
      t0 = g_get_monotonic_time ();
      ht_map_renderer_render_base (r, cr, 1200, 800);
      t1 = g_get_monotonic_time ();
      ht_map_renderer_render_overlay (r, cr, 1200, 800);
      cairo_surface_flush (s);
      t2 = g_get_monotonic_time ();
      cairo_destroy (cr);
      if (i >= 0)
        {
          base[i] = (t1 - t0) / 1000.0;
          overlay[i] = (t2 - t1) / 1000.0;
          full[i] = (t2 - t0) / 1000.0;
        }
    }
  {
    /* A cold size: projection + render. */
    g_autoptr(HtMapRenderer) cold = ht_map_renderer_new (geo);
    cairo_t *cr = cairo_create (s);
    gint64 t0 = g_get_monotonic_time ();
    ht_map_renderer_render (cold, cr, 1200, 800);
    cairo_surface_flush (s);
    printf ("map render 1200x800, first at a new size (projects outlines): %.2f ms\n",
            (g_get_monotonic_time () - t0) / 1000.0);
    cairo_destroy (cr);
  }
  printf ("map render 1200x800: median %.2f ms (base %.2f ms, overlay %.2f ms), %d runs\n",
          median (full, n_render), median (base, n_render), median (overlay, n_render), n_render);

  for (int b = -5; b < n_batches; b++)
    {
      gint64 t0 = g_get_monotonic_time ();
      for (int i = 0; i < batch; i++)
        found += ht_origin_table_lookup (table, names[i % G_N_ELEMENTS (names)]) != NULL;
      if (b >= 0)
        lookup[b] = (g_get_monotonic_time () - t0) * 1.0 / batch;
    }
  printf ("name lookup (%u-name mix incl. aliases, compact and unknown): median %.3f us per lookup "
          "(%u found)\n", (guint) G_N_ELEMENTS (names), median (lookup, n_batches), found);

  cairo_surface_destroy (s);
  g_free (full);
  g_free (base);
  g_free (overlay);
  g_free (lookup);
  return 0;
}
