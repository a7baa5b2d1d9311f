/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-spectrogram-renderer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <unistd.h>

#include "ht-error.h"
#include "ht-clock.h"
#include "ht-spectrogram-renderer.h"

/* Figure layout, in pixels. */
#define MARGIN_LEFT   70
#define MARGIN_RIGHT  92
#define MARGIN_TOP    46
#define MARGIN_BOTTOM 44
#define BAR_WIDTH     14

void
ht_spectrogram_style_init (HtSpectrogramStyle *style)
{
  g_return_if_fail (style != NULL);
  style->colormap = HTC_COLORMAP_MAGMA;
  style->db_range = 80.0f;
  style->window_start = 0;
  style->window_end = 0;
  style->title = NULL;
  style->subtitle = NULL;
}

void
ht_spectrogram_renderer_plot_area (int                    width,
                                   int                    height,
                                   cairo_rectangle_int_t *area)
{
  area->x = MARGIN_LEFT;
  area->y = MARGIN_TOP;
  area->width = MAX (1, width - MARGIN_LEFT - MARGIN_RIGHT);
  area->height = MAX (1, height - MARGIN_TOP - MARGIN_BOTTOM);
}

cairo_surface_t *
ht_spectrogram_renderer_paint (HtSpectrogram            *spectrogram,
                               const HtSpectrogramStyle *style,
                               int                       width,
                               int                       height)
{
  cairo_surface_t *surface;
  float db_max;

  g_return_val_if_fail (spectrogram != NULL && style != NULL, NULL);
  width = MAX (width, 1);
  height = MAX (height, 1);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_surface_flush (surface);
  db_max = ht_spectrogram_get_max_db (spectrogram);
  htc_colormap_paint (style->colormap, ht_spectrogram_get_values (spectrogram),
                      ht_spectrogram_get_n_bands (spectrogram),
                      ht_spectrogram_get_n_columns (spectrogram),
                      db_max - style->db_range, db_max,
                      cairo_image_surface_get_data (surface), (size_t) width, (size_t) height,
                      (size_t) cairo_image_surface_get_stride (surface));
  cairo_surface_mark_dirty (surface);
  return surface;
}

static void
draw_text (cairo_t    *cr,
           const char *text,
           const char *font,
           double      x,
           double      y,
           double      align_x,   /* 0 left, 0.5 centre, 1 right */
           double      align_y)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string (font);
  int w, h;

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, round (x - w * align_x), round (y - h * align_y));
  pango_cairo_show_layout (cr, layout);
  pango_font_description_free (desc);
  g_object_unref (layout);
}

static double
time_step_for (double seconds_per_pixel)
{
  static const double steps[] = { 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600 };
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] / seconds_per_pixel >= 80)
      return steps[i];
  return 7200;
}

static void
draw_axes (HtSpectrogram               *s,
           cairo_t                     *cr,
           const cairo_rectangle_int_t *plot)
{
  static const double freqs[] = { 50, 100, 200, 300, 500, 1000, 2000, 3000, 5000, 8000, 11000 };
  const char *font = "Sans 9";
  double t0 = ht_spectrogram_column_to_time (s, -0.5);
  double t1 = ht_spectrogram_column_to_time (s, ht_spectrogram_get_n_columns (s) - 0.5);
  double span = MAX (t1 - t0, 1e-3), step, last_y = 1e9;
  guint n_bands = ht_spectrogram_get_n_bands (s);

  cairo_set_line_width (cr, 1);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.85);

  /* time axis: ticks at round m:ss values */
  step = time_step_for (span / plot->width);
  for (double t = ceil (t0 / step) * step; t <= t1 + 1e-9; t += step)
    {
      double x = plot->x + (t - t0) / span * plot->width;
      g_autofree char *label = ht_clock_format (t);
      cairo_move_to (cr, round (x) + 0.5, plot->y + plot->height);
      cairo_line_to (cr, round (x) + 0.5, plot->y + plot->height + 5);
      cairo_stroke (cr);
      draw_text (cr, label, font, x, plot->y + plot->height + 7, 0.5, 0);
    }
  draw_text (cr, _("Time (m:ss)"), font, plot->x + plot->width / 2.0,
             plot->y + plot->height + 24, 0.5, 0);

  /* frequency axis: round frequencies, placed where the (mel) scale puts them */
  for (guint i = 0; i < G_N_ELEMENTS (freqs); i++)
    {
      double band = ht_spectrogram_hz_to_band (s, freqs[i]);
      double y = plot->y + plot->height - (band + 0.5) / n_bands * plot->height;
      g_autofree char *label = NULL;
      if (band < 0 || band > n_bands - 1 || last_y - y < 16)
        continue;
      last_y = y;
      label = g_strdup_printf ("%.0f", freqs[i]);
      cairo_move_to (cr, plot->x - 5, round (y) + 0.5);
      cairo_line_to (cr, plot->x, round (y) + 0.5);
      cairo_stroke (cr);
      draw_text (cr, label, font, plot->x - 8, y, 1, 0.5);
    }
  cairo_save (cr);
  cairo_translate (cr, 14, plot->y + plot->height / 2.0);
  cairo_rotate (cr, -G_PI / 2);
  draw_text (cr, _("Frequency (Hz)"), font, 0, 0, 0.5, 0.5);
  cairo_restore (cr);

  cairo_rectangle (cr, plot->x - 0.5, plot->y - 0.5, plot->width + 1, plot->height + 1);
  cairo_stroke (cr);
}

static void
draw_colour_bar (cairo_t                     *cr,
                 const cairo_rectangle_int_t *plot,
                 const HtSpectrogramStyle    *style,
                 float                        db_max)
{
  int x = plot->x + plot->width + 12;
  cairo_surface_t *bar = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, plot->height);
  guint32 *px;
  int stride;
  double step = style->db_range > 40 ? 20 : 10;

  cairo_surface_flush (bar);
  px = (guint32 *) (gpointer) cairo_image_surface_get_data (bar);
  stride = cairo_image_surface_get_stride (bar) / 4;
  for (int y = 0; y < plot->height; y++)
    px[y * stride] = htc_colormap_pixel_db (style->colormap,
                                            1.0f - (float) y / MAX (1, plot->height - 1), 0, 1);
  cairo_surface_mark_dirty (bar);
  cairo_save (cr);
  cairo_translate (cr, x, plot->y);
  cairo_scale (cr, BAR_WIDTH, 1);
  cairo_set_source_surface (cr, bar, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_surface_destroy (bar);

  cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
  cairo_rectangle (cr, x - 0.5, plot->y - 0.5, BAR_WIDTH + 1, plot->height + 1);
  cairo_stroke (cr);
  for (double db = floor (db_max / step) * step; db >= db_max - style->db_range - 1e-6; db -= step)
    {
      double y = plot->y + (db_max - db) / style->db_range * plot->height;
      g_autofree char *label = g_strdup_printf (_("%.0f dB"), db);
      draw_text (cr, label, "Sans 8", x + BAR_WIDTH + 4, y, 0, 0.5);
    }
}

static void
draw_window (HtSpectrogram               *s,
             cairo_t                     *cr,
             const cairo_rectangle_int_t *plot,
             const HtSpectrogramStyle    *style)
{
  double t0 = ht_spectrogram_column_to_time (s, -0.5);
  double t1 = ht_spectrogram_column_to_time (s, ht_spectrogram_get_n_columns (s) - 0.5);
  double span = MAX (t1 - t0, 1e-3);
  double xa, xb;
  static const double dash[] = { 4, 3 };

  if (!(style->window_end > style->window_start) || style->window_end <= t0
      || style->window_start >= t1)
    return;
  xa = plot->x + (MAX (style->window_start, t0) - t0) / span * plot->width;
  xb = plot->x + (MIN (style->window_end, t1) - t0) / span * plot->width;
  /* a bracket above the plot, and dashed edges through it */
  cairo_set_source_rgba (cr, 0.55, 0.85, 1.0, 0.9);
  cairo_rectangle (cr, xa, plot->y - 6, xb - xa, 4);
  cairo_fill (cr);
  cairo_save (cr);
  cairo_set_dash (cr, dash, 2, 0);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, round (xa) + 0.5, plot->y);
  cairo_line_to (cr, round (xa) + 0.5, plot->y + plot->height);
  cairo_move_to (cr, round (xb) + 0.5, plot->y);
  cairo_line_to (cr, round (xb) + 0.5, plot->y + plot->height);
  cairo_stroke (cr);
  cairo_restore (cr);
  draw_text (cr, _("analysis window"), "Sans 8", (xa + xb) / 2, plot->y - 8, 0.5, 1);
}

void
ht_spectrogram_renderer_draw (HtSpectrogram            *spectrogram,
                              const HtSpectrogramStyle *style,
                              cairo_t                  *cr,
                              int                       width,
                              int                       height)
{
  cairo_rectangle_int_t plot;
  cairo_surface_t *pixels;

  g_return_if_fail (spectrogram != NULL && style != NULL && cr != NULL);
  ht_spectrogram_renderer_plot_area (width, height, &plot);

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0.12, 0.12, 0.14);
  cairo_paint (cr);

  pixels = ht_spectrogram_renderer_paint (spectrogram, style, plot.width, plot.height);
  cairo_set_source_surface (cr, pixels, plot.x, plot.y);
  cairo_paint (cr);
  cairo_surface_destroy (pixels);

  draw_axes (spectrogram, cr, &plot);
  draw_colour_bar (cr, &plot, style, ht_spectrogram_get_max_db (spectrogram));
  draw_window (spectrogram, cr, &plot, style);

  cairo_set_source_rgb (cr, 1, 1, 1);
  if (style->title != NULL)
    draw_text (cr, style->title, "Sans Bold 11", plot.x, 6, 0, 0);
  if (style->subtitle != NULL)
    {
      cairo_set_source_rgba (cr, 1, 1, 1, 0.7);
      draw_text (cr, style->subtitle, "Sans 8", plot.x + plot.width, 8, 1, 0);
    }
  cairo_restore (cr);
}

gboolean
ht_spectrogram_renderer_write_png (HtSpectrogram            *spectrogram,
                                   const HtSpectrogramStyle *style,
                                   int                       width,
                                   int                       height,
                                   GFile                    *file,
                                   GError                  **error)
{
  g_autofree char *path = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *name = g_file_get_parse_name (file);
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;

  if (width < MARGIN_LEFT + MARGIN_RIGHT + 16 || height < MARGIN_TOP + MARGIN_BOTTOM + 16
      || width > 16384 || height > 16384)
    {
      g_set_error (error, HT_ERROR, HT_ERROR_INVALID_ARGUMENT,
                   _("A picture of %d×%d pixels cannot be drawn (from %d×%d to 16384×16384)"),
                   width, height, MARGIN_LEFT + MARGIN_RIGHT + 16, MARGIN_TOP + MARGIN_BOTTOM + 16);
      return FALSE;
    }
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, HT_ERROR, HT_ERROR_INVALID_ARGUMENT, _("Cannot write to “%s”"), name);
      return FALSE;
    }
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  ht_spectrogram_renderer_draw (spectrogram, style, cr, width, height);
  cairo_destroy (cr);
  /* Write beside the target and rename, so a failed write never leaves half a PNG. */
  tmp = g_strdup_printf ("%s.tmp-%d", path, (int) getpid ());
  status = cairo_surface_write_to_png (surface, tmp);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS || g_rename (tmp, path) != 0)
    {
      g_set_error (error, HT_ERROR, HT_ERROR_PERMISSION, _("Cannot write “%s”: %s"), name,
                   status != CAIRO_STATUS_SUCCESS ? cairo_status_to_string (status)
                                                  : g_strerror (errno));
      g_unlink (tmp);
      return FALSE;
    }
  return TRUE;
}
