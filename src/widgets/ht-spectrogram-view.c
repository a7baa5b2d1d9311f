/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-spectrogram-view"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ht-engine-types.h"
#include "ht-spectrogram-renderer.h"
#include "ht-spectrogram-view-private.h"

/* Room around the plot for the axes, in pixels. */
#define AXIS_LEFT   46
#define AXIS_TOP    22
#define AXIS_BOTTOM 24
#define AXIS_RIGHT  8
#define TICK        4
#define ZOOM_STEP   1.25
/* The widest picture built (device pixels); zoomed in further, GSK stretches it. */
#define MAX_TEXTURE_WIDTH  8192
#define MAX_TEXTURE_HEIGHT 2048
/* A first picture up to this size is painted in the frame itself. */
#define SYNC_PAINT_MAX_PIXELS (1600 * 600)

struct _HtSpectrogramView
{
  GtkWidget       parent_instance;

  HtSpectrogram  *spectrogram;
  HtcColormap     colormap;
  double          db_range;
  double          window_start;
  double          window_end;
  double          zoom;
  GtkAdjustment  *hadjustment;

  GdkTexture     *texture;        /* the cached picture, NULL until the first is built */
  HtSpectrogram  *texture_of;     /* the spectrogram `texture` shows (a reference: no ABA) */
  gboolean        texture_stale;  /* colour map, range or data changed since */
  GCancellable   *building;       /* the build in flight, if any */
  guint           n_builds;

  double          pointer_x;
  double          pointer_y;
  gboolean        pointer_inside;
  char           *readout;
  double          pinch_zoom;     /* the zoom when a pinch began */
  double          cursor;         /* the playback position in seconds; < 0 when none */
};

G_DEFINE_FINAL_TYPE (HtSpectrogramView, ht_spectrogram_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SPECTROGRAM,
  PROP_COLORMAP,
  PROP_DB_RANGE,
  PROP_WINDOW_START,
  PROP_WINDOW_END,
  PROP_ZOOM,
  PROP_HADJUSTMENT,
  PROP_READOUT,
  PROP_CURSOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_SEEK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- geometry ------------------------------------------------------------------------------ */

static void
get_plot (HtSpectrogramView *self,
          graphene_rect_t   *plot)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));

  graphene_rect_init (plot, AXIS_LEFT, AXIS_TOP,
                      MAX (1, w - AXIS_LEFT - AXIS_RIGHT), MAX (1, h - AXIS_TOP - AXIS_BOTTOM));
}

static double
content_width (HtSpectrogramView *self,
               const graphene_rect_t *plot)
{
  return plot->size.width * self->zoom;
}

static double
scroll_offset (HtSpectrogramView *self)
{
  return gtk_adjustment_get_value (self->hadjustment);
}

/* x in the widget -> fractional column (column c spans [c - 0.5, c + 0.5]). */
static double
x_to_column (HtSpectrogramView     *self,
             const graphene_rect_t *plot,
             double                 x)
{
  guint n = ht_spectrogram_get_n_columns (self->spectrogram);

  return (x - plot->origin.x + scroll_offset (self)) / content_width (self, plot) * n - 0.5;
}

static double
time_to_x (HtSpectrogramView     *self,
           const graphene_rect_t *plot,
           double                 seconds)
{
  guint n = ht_spectrogram_get_n_columns (self->spectrogram);
  double column = ht_spectrogram_time_to_column (self->spectrogram, seconds);

  return plot->origin.x - scroll_offset (self) + (column + 0.5) / n * content_width (self, plot);
}

static double
y_to_band (HtSpectrogramView     *self,
           const graphene_rect_t *plot,
           double                 y)
{
  guint n = ht_spectrogram_get_n_bands (self->spectrogram);

  return (plot->origin.y + plot->size.height - y) / plot->size.height * n - 0.5;
}

static double
band_to_y (HtSpectrogramView     *self,
           const graphene_rect_t *plot,
           double                 band)
{
  guint n = ht_spectrogram_get_n_bands (self->spectrogram);

  return plot->origin.y + plot->size.height - (band + 0.5) / n * plot->size.height;
}

static void
configure_adjustment (HtSpectrogramView *self)
{
  graphene_rect_t plot;
  double width, value;

  get_plot (self, &plot);
  width = content_width (self, &plot);
  value = CLAMP (gtk_adjustment_get_value (self->hadjustment), 0, width - plot.size.width);
  gtk_adjustment_configure (self->hadjustment, value, 0, width, plot.size.width * 0.1,
                            plot.size.width * 0.9, plot.size.width);
}

/* ---- read-out ------------------------------------------------------------------------------ */

static char *
format_clock (double seconds,
              gboolean tenths)
{
  int minutes;
  double rest;

  if (!(seconds > 0))   /* also NaN and -0, which would print as "0:-0" */
    seconds = 0;
  if (tenths)
    seconds = round (seconds * 10) / 10;
  else
    seconds = round (seconds);
  minutes = (int) (seconds / 60);
  rest = seconds - 60 * minutes;
  if (tenths)
    return g_strdup_printf ("%d:%04.1f", minutes, rest);
  return g_strdup_printf ("%d:%02.0f", minutes, rest);
}

static char *
format_hz (double hz)
{
  if (hz >= 1000)
    /* Translators: a frequency in kilohertz */
    return g_strdup_printf (_("%.2f kHz"), hz / 1000);
  /* Translators: a frequency in hertz */
  return g_strdup_printf (_("%.0f Hz"), hz);
}

static void
update_readout (HtSpectrogramView *self)
{
  g_autofree char *text = NULL;
  graphene_rect_t plot;

  get_plot (self, &plot);
  if (self->spectrogram != NULL && self->pointer_inside
      && graphene_rect_contains_point (&plot, &GRAPHENE_POINT_INIT (self->pointer_x,
                                                                     self->pointer_y)))
    {
      double column = x_to_column (self, &plot, self->pointer_x);
      double band = y_to_band (self, &plot, self->pointer_y);
      double seconds = ht_spectrogram_column_to_time (self->spectrogram, column);
      double hz = ht_spectrogram_band_to_hz (self->spectrogram, round (band));
      float db = ht_spectrogram_db_at (self->spectrogram, seconds, hz);
      g_autofree char *clock = format_clock (seconds, TRUE);
      g_autofree char *freq = format_hz (hz);

      if (isfinite (db))
        /* Translators: time · frequency · level under the pointer, e.g. "1:23.4 · 440 Hz ·
         * −32 dB"; the level is negative (dB below full scale), with a real minus sign */
        text = g_strdup_printf (_("%s · %s · %s%.0f dB"), clock, freq,
                                db < -0.5f ? "−" : "", fabs (db));
    }

  if (g_strcmp0 (text, self->readout) == 0)
    return;
  g_free (self->readout);
  self->readout = g_steal_pointer (&text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READOUT]);
}

/* ---- the cached picture -------------------------------------------------------------------- */

static void
release_surface (gpointer data)
{
  cairo_surface_destroy (data);
}

typedef struct
{
  HtSpectrogram      *spectrogram;
  HtSpectrogramStyle  style;
  int                 width;
  int                 height;
} Build;

static void
build_free (Build *b)
{
  ht_spectrogram_unref (b->spectrogram);
  g_free (b);
}

/* The picture at the size it is shown, wrapped as a texture without a copy. */
static GdkTexture *
paint_texture (const Build *b)
{
  cairo_surface_t *surface;
  g_autoptr(GBytes) bytes = NULL;
  int stride;

  surface = ht_spectrogram_renderer_paint (b->spectrogram, &b->style, b->width, b->height);
  stride = cairo_image_surface_get_stride (surface);
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) stride * b->height, release_surface, surface);
  /* Cairo's ARGB32 is native-endian premultiplied 0xAARRGGBB. */
  return gdk_memory_texture_new (b->width, b->height,
                                 G_BYTE_ORDER == G_LITTLE_ENDIAN
                                   ? GDK_MEMORY_B8G8R8A8_PREMULTIPLIED
                                   : GDK_MEMORY_A8R8G8B8_PREMULTIPLIED,
                                 bytes, (gsize) stride);
}

static void
build_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_pointer (task, paint_texture (task_data), g_object_unref);
}

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

/* `texture`, painted from `of` with the current settings, is the picture from now on. */
static void
take_texture (HtSpectrogramView *self,
              GdkTexture        *texture,
              HtSpectrogram     *of)
{
  g_set_object (&self->texture, texture);
  g_clear_pointer (&self->texture_of, ht_spectrogram_unref);
  self->texture_of = ht_spectrogram_ref (of);
  self->texture_stale = FALSE;
  self->n_builds++;
}

static void
cancel_build (HtSpectrogramView *self)
{
  if (self->building != NULL)
    g_cancellable_cancel (self->building);
  g_clear_object (&self->building);
}

static void
on_texture_built_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(HtSpectrogramView) self = g_weak_ref_get (user_data);
  Build *b = g_task_get_task_data (G_TASK (result));
  g_autoptr(GdkTexture) texture = g_task_propagate_pointer (G_TASK (result), NULL);

  weak_ref_free (user_data);
  if (self == NULL || texture == NULL)   /* gone, or cancelled: a newer build replaced it */
    return;
  g_clear_object (&self->building);
  take_texture (self, texture, b->spectrogram);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The picture is painted at the size it is shown, in device pixels: each frame then copies it
 * one to one. GTK's Cairo renderer (what the app uses without a GPU) would otherwise resample
 * a 2,600-column texture on every frame that touches the plot, ~20 ms each on this machine's
 * CPU. Zoomed in past the data's own columns (or past MAX_TEXTURE_WIDTH), the picture keeps
 * one column per cell and GSK stretches it. */
static void
wanted_texture_size (HtSpectrogramView     *self,
                     const graphene_rect_t *plot,
                     int                   *width,
                     int                   *height)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  double content = ceil (content_width (self, plot) * scale);
  int columns = (int) ht_spectrogram_get_n_columns (self->spectrogram);

  if (content <= MAX_TEXTURE_WIDTH)
    *width = (int) content;
  else
    *width = MIN (columns, MAX_TEXTURE_WIDTH);
  *height = (int) MIN (ceil (plot->size.height * scale), MAX_TEXTURE_HEIGHT);
  *width = MAX (*width, 1);
  *height = MAX (*height, 1);
}

/* The picture held has the size a frame of `plot` wants (whatever it shows). */
static gboolean
texture_has_wanted_size (HtSpectrogramView     *self,
                         const graphene_rect_t *plot)
{
  int width, height;

  if (self->texture == NULL)
    return FALSE;
  wanted_texture_size (self, plot, &width, &height);
  return gdk_texture_get_width (self->texture) == width
         && gdk_texture_get_height (self->texture) == height;
}

/* The picture held shows the current data and settings at the size a frame of `plot` wants. */
static gboolean
texture_is_current (HtSpectrogramView     *self,
                    const graphene_rect_t *plot)
{
  return !self->texture_stale && self->texture_of == self->spectrogram
         && texture_has_wanted_size (self, plot);
}

static Build *
build_new (HtSpectrogramView *self,
           int                width,
           int                height)
{
  Build *b = g_new0 (Build, 1);

  b->spectrogram = ht_spectrogram_ref (self->spectrogram);
  ht_spectrogram_style_init (&b->style);
  b->style.colormap = self->colormap;
  b->style.db_range = (float) self->db_range;
  b->width = width;
  b->height = height;
  return b;
}

/* Painting a 4-minute track at 1,000 x 300 pixels takes a few ms: off the main thread, and
 * only when the data, the colour map, the range or the size shown change. One build at a
 * time: while the window is being resized, each finished build shows until the next. */
static void
start_build (HtSpectrogramView *self,
             int                width,
             int                height)
{
  g_autoptr(GTask) task = NULL;
  GWeakRef *view;
  Build *b;

  if (self->building != NULL)
    return;
  b = build_new (self, width, height);

  self->building = g_cancellable_new ();
  /* Not the widget as source object: a worker could then drop its last reference and
   * finalise it off the main thread. */
  view = g_new0 (GWeakRef, 1);
  g_weak_ref_init (view, self);
  task = g_task_new (NULL, self->building, on_texture_built_cb, view);
  g_task_set_source_tag (task, start_build);
  g_task_set_name (task, "[hometown] spectrogram texture");
  g_task_set_task_data (task, b, (GDestroyNotify) build_free);
  g_task_run_in_thread (task, build_worker);
}

/* From a frame: starts a build when the picture is missing, outdated or of another size (the
 * one on screen stays until the new one is ready). */
static void
ensure_texture (HtSpectrogramView     *self,
                const graphene_rect_t *plot)
{
  int width, height;

  if (texture_is_current (self, plot))
    return;
  wanted_texture_size (self, plot, &width, &height);
  /* A track's first picture, at the usual sizes, is painted right here (2-3 ms for a 1,000 x
   * 300 plot): going through a worker made it wait for a second frame. Later ones (another
   * colour map, size or zoom) replace one already on screen, and are built off the main
   * thread. */
  if (self->texture_of != self->spectrogram && (gsize) width * height <= SYNC_PAINT_MAX_PIXELS)
    {
      Build *b = build_new (self, width, height);
      g_autoptr(GdkTexture) texture = paint_texture (b);

      build_free (b);
      cancel_build (self);
      take_texture (self, texture, self->spectrogram);
      return;
    }
  start_build (self, width, height);
}

static void
invalidate_texture (HtSpectrogramView *self)
{
  /* The old picture stays on screen until the new one is ready (no flash on a colour map
   * change); a build of outdated settings is dropped. */
  self->texture_stale = TRUE;
  cancel_build (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- drawing ------------------------------------------------------------------------------- */

static void
append_line (GtkSnapshot   *snapshot,
             const GdkRGBA *color,
             double         x,
             double         y,
             double         width,
             double         height)
{
  gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x, y, width, height));
}

/* Draws `text` with its anchor point at (x, y); align 0 = left/top, 0.5 centre, 1 right/bottom. */
static void
append_text (HtSpectrogramView *self,
             GtkSnapshot       *snapshot,
             const char        *text,
             const GdkRGBA     *color,
             double             x,
             double             y,
             double             align_x,
             double             align_y)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (round (x - w * align_x),
                                                          round (y - h * align_y)));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static double
time_step_for (double seconds_per_pixel)
{
  static const double steps[] = { 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900,
                                  1800, 3600 };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] / seconds_per_pixel >= 72)
      return steps[i];
  return 7200;
}

static char *
format_tick_hz (double hz)
{
  if (hz >= 1000)
    return g_strdup_printf ("%gk", hz / 1000);
  return g_strdup_printf ("%g", hz);
}

static void
snapshot_axes (HtSpectrogramView     *self,
               GtkSnapshot           *snapshot,
               const graphene_rect_t *plot,
               const GdkRGBA         *ink)
{
  static const double freqs[] = { 50, 100, 200, 500, 1000, 2000, 5000, 10000 };
  GdkRGBA tick = *ink, faint = *ink;
  guint n_bands = ht_spectrogram_get_n_bands (self->spectrogram);
  double left = plot->origin.x, right = plot->origin.x + plot->size.width;
  double t_left = ht_spectrogram_column_to_time (self->spectrogram, x_to_column (self, plot, left));
  double t_right = ht_spectrogram_column_to_time (self->spectrogram,
                                                  x_to_column (self, plot, right));
  double bottom = plot->origin.y + plot->size.height;
  double step, last_y = G_MAXDOUBLE;
  gboolean tenths;

  tick.alpha *= 0.5;
  faint.alpha *= 0.7;

  /* Time: round m:ss values, 72 px apart at least. */
  step = time_step_for (MAX (t_right - t_left, 1e-3) / plot->size.width);
  tenths = step < 1;
  for (double t = ceil (t_left / step) * step; t <= t_right + 1e-9; t += step)
    {
      double x = round (time_to_x (self, plot, t));
      g_autofree char *label = format_clock (t, tenths);

      append_line (snapshot, &tick, x, bottom, 1, TICK);
      append_text (self, snapshot, label, &faint, x, bottom + TICK + 1, 0.5, 0);
    }

  /* Frequency: round values where the scale (mel or linear) puts them. */
  for (guint i = 0; i < G_N_ELEMENTS (freqs); i++)
    {
      double band = ht_spectrogram_hz_to_band (self->spectrogram, freqs[i]);
      double y = round (band_to_y (self, plot, band));
      g_autofree char *label = NULL;

      if (band < 0 || band > n_bands - 1 || last_y - y < 18)
        continue;
      last_y = y;
      label = format_tick_hz (freqs[i]);
      append_line (snapshot, &tick, plot->origin.x - TICK, y, TICK, 1);
      append_text (self, snapshot, label, &faint, plot->origin.x - TICK - 3, y, 1, 0.5);
    }
  /* Translators: the unit of the frequency axis, shown above it */
  append_text (self, snapshot, _("Hz"), &faint, plot->origin.x - TICK - 3, plot->origin.y - 3,
               1, 1);
}

static void
snapshot_window (HtSpectrogramView     *self,
                 GtkSnapshot           *snapshot,
                 const graphene_rect_t *plot,
                 const GdkRGBA         *accent)
{
  double xa, xb, left, right;
  GdkRGBA edge = *accent, shade = { 0, 0, 0, 0.4 };

  if (!(self->window_end > self->window_start))
    return;
  xa = round (time_to_x (self, plot, self->window_start));
  xb = round (time_to_x (self, plot, self->window_end));
  left = plot->origin.x;
  right = plot->origin.x + plot->size.width;
  if (xb <= left || xa >= right)
    return;

  /* Dim what the models do not hear, so the window reads at a glance. */
  gtk_snapshot_push_clip (snapshot, plot);
  if (xa > left)
    gtk_snapshot_append_color (snapshot, &shade,
                               &GRAPHENE_RECT_INIT (left, plot->origin.y, xa - left,
                                                    plot->size.height));
  if (xb < right)
    gtk_snapshot_append_color (snapshot, &shade,
                               &GRAPHENE_RECT_INIT (xb, plot->origin.y, right - xb,
                                                    plot->size.height));
  edge.alpha = 0.9;
  append_line (snapshot, &edge, xa, plot->origin.y, 1, plot->size.height);
  append_line (snapshot, &edge, xb - 1, plot->origin.y, 1, plot->size.height);
  gtk_snapshot_pop (snapshot);

  /* A bracket above the plot, labelled when there is room. */
  xa = MAX (xa, left);
  xb = MIN (xb, right);
  gtk_snapshot_append_color (snapshot, accent,
                             &GRAPHENE_RECT_INIT (xa, plot->origin.y - 4, xb - xa, 3));
  {
    g_autofree char *start = format_clock (self->window_start, FALSE);
    g_autofree char *end = format_clock (self->window_end, FALSE);
    /* Translators: above the part of the spectrogram the models listen to, e.g.
     * "Analysis window 0:30–1:15" */
    g_autofree char *label = g_strdup_printf (_("Analysis window %s–%s"), start, end);
    g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), label);
    int w, h;

    pango_layout_get_pixel_size (layout, &w, &h);
    if (w + 8 <= xb - xa)
      append_text (self, snapshot, label, accent, (xa + xb) / 2, plot->origin.y - 6, 0.5, 1);
  }
}

static void
snapshot_pointer (HtSpectrogramView     *self,
                  GtkSnapshot           *snapshot,
                  const graphene_rect_t *plot)
{
  GdkRGBA line = { 1, 1, 1, 0.55 };

  if (self->readout == NULL)
    return;
  gtk_snapshot_push_clip (snapshot, plot);
  append_line (snapshot, &line, round (self->pointer_x), plot->origin.y, 1, plot->size.height);
  append_line (snapshot, &line, plot->origin.x, round (self->pointer_y), plot->size.width, 1);
  gtk_snapshot_pop (snapshot);
}

/* Drawn over the cached texture each frame: moving it never rebuilds the picture. */
static void
snapshot_cursor (HtSpectrogramView     *self,
                 GtkSnapshot           *snapshot,
                 const graphene_rect_t *plot,
                 const GdkRGBA         *ink)
{
  GdkRGBA line = { 1, 1, 1, 1 }, shadow = { 0, 0, 0, 0.6 };
  double x;

  if (self->cursor < 0)
    return;
  x = round (time_to_x (self, plot, self->cursor));
  if (x < plot->origin.x - 1 || x > plot->origin.x + plot->size.width + 1)
    return;
  /* White with a dark edge: it reads over dark and bright cells alike. */
  gtk_snapshot_push_clip (snapshot, plot);
  append_line (snapshot, &shadow, x - 2, plot->origin.y, 5, plot->size.height);
  append_line (snapshot, &line, x - 1, plot->origin.y, 2, plot->size.height);
  gtk_snapshot_pop (snapshot);
  /* A head above the plot, in the axes' ink, to find it at a glance. */
  append_line (snapshot, ink, x - 4, plot->origin.y - 6, 8, 2);
  append_line (snapshot, ink, x - 2, plot->origin.y - 4, 4, 2);
}

static void
ht_spectrogram_view_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  HtSpectrogramView *self = HT_SPECTROGRAM_VIEW (widget);
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  graphene_rect_t plot;
  GdkRGBA ink, accent;

  if (self->spectrogram == NULL)
    return;
  get_plot (self, &plot);
  gtk_style_context_get_color (style, &ink);
  if (!gtk_style_context_lookup_color (style, "accent_color", &accent))
    accent = (GdkRGBA) { 0.21, 0.52, 0.89, 1 };

  ensure_texture (self, &plot);

  /* Another track's picture never stands in for this one's. */
  if (self->texture != NULL && self->texture_of == self->spectrogram)
    {
      int scale = gtk_widget_get_scale_factor (widget);
      int width = gdk_texture_get_width (self->texture);
      /* Whole device pixels, and the picture's own size when it was built for this one: a
       * copy, not a resampling, under the Cairo renderer. */
      double offset = round (scroll_offset (self) * scale) / scale;
      double shown_width = content_width (self, &plot);

      if (texture_has_wanted_size (self, &plot) && width >= shown_width * scale)
        shown_width = (double) width / scale;
      gtk_snapshot_push_clip (snapshot, &plot);
      gtk_snapshot_append_texture (snapshot, self->texture,
                                   &GRAPHENE_RECT_INIT (plot.origin.x - offset,
                                                        plot.origin.y,
                                                        shown_width,
                                                        plot.size.height));
      gtk_snapshot_pop (snapshot);
    }

  snapshot_window (self, snapshot, &plot, &accent);
  snapshot_axes (self, snapshot, &plot, &ink);
  snapshot_pointer (self, snapshot, &plot);
  snapshot_cursor (self, snapshot, &plot, &ink);
}

static void
ht_spectrogram_view_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = AXIS_LEFT + AXIS_RIGHT + 160;
      *natural = AXIS_LEFT + AXIS_RIGHT + 720;
    }
  else
    {
      *minimum = AXIS_TOP + AXIS_BOTTOM + 120;
      *natural = AXIS_TOP + AXIS_BOTTOM + 256;
    }
}

static void
ht_spectrogram_view_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  HtSpectrogramView *self = HT_SPECTROGRAM_VIEW (widget);

  /* Keep the same share of the track in view; the texture is untouched. */
  configure_adjustment (self);
  update_readout (self);
}

/* ---- input --------------------------------------------------------------------------------- */

static void
zoom_around (HtSpectrogramView *self,
             double             zoom,
             double             anchor_x)
{
  graphene_rect_t plot;
  double old_zoom = self->zoom, offset, rel;

  zoom = CLAMP (zoom, 1.0, HT_SPECTROGRAM_VIEW_MAX_ZOOM);
  if (zoom == old_zoom)
    return;
  get_plot (self, &plot);
  rel = CLAMP (anchor_x - plot.origin.x, 0, plot.size.width);
  offset = (rel + scroll_offset (self)) * zoom / old_zoom - rel;
  self->zoom = zoom;
  configure_adjustment (self);
  gtk_adjustment_set_value (self->hadjustment, offset);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion_cb (GtkEventControllerMotion *controller,
              double                    x,
              double                    y,
              HtSpectrogramView        *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
  self->pointer_inside = TRUE;
  update_readout (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_leave_cb (GtkEventControllerMotion *controller,
             HtSpectrogramView        *self)
{
  self->pointer_inside = FALSE;
  update_readout (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
on_scroll_cb (GtkEventControllerScroll *controller,
              double                    dx,
              double                    dy,
              HtSpectrogramView        *self)
{
  GdkModifierType state =
    gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  graphene_rect_t plot;

  if (self->spectrogram == NULL)
    return FALSE;
  get_plot (self, &plot);

  if (state & GDK_CONTROL_MASK)
    {
      double anchor = self->pointer_inside ? self->pointer_x
                                           : plot.origin.x + plot.size.width / 2;
      zoom_around (self, self->zoom * pow (ZOOM_STEP, -dy), anchor);
      return TRUE;
    }
  if (state & GDK_SHIFT_MASK && dx == 0)
    dx = dy;
  if (dx != 0 && self->zoom > 1)
    {
      gtk_adjustment_set_value (self->hadjustment,
                                scroll_offset (self) + dx * plot.size.width * 0.05);
      return TRUE;
    }
  /* Plain vertical scrolling belongs to the page around us. */
  return FALSE;
}

static void
on_pinch_begin_cb (GtkGesture        *gesture,
                   GdkEventSequence  *sequence,
                   HtSpectrogramView *self)
{
  self->pinch_zoom = self->zoom;
}

static void
on_pinch_scale_changed_cb (GtkGestureZoom    *gesture,
                           double             scale,
                           HtSpectrogramView *self)
{
  double x, y;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    {
      graphene_rect_t plot;
      get_plot (self, &plot);
      x = plot.origin.x + plot.size.width / 2;
    }
  zoom_around (self, self->pinch_zoom * scale, x);
}

/* A click in the plot asks to play from there: the page owns the player. */
static void
seek_at (HtSpectrogramView *self,
         double             x,
         double             y)
{
  graphene_rect_t plot;
  double column;

  if (self->spectrogram == NULL)
    return;
  get_plot (self, &plot);
  if (x < plot.origin.x || x > plot.origin.x + plot.size.width
      || y < plot.origin.y || y > plot.origin.y + plot.size.height)
    return;
  column = x_to_column (self, &plot, x);
  g_signal_emit (self, signals[SIGNAL_SEEK], 0,
                 MAX (0, ht_spectrogram_column_to_time (self->spectrogram, column)));
}

/* The keyboard follows the click: plus and minus zoom the picture just clicked, and Space
 * (the page's) pauses what the click started rather than pressing whatever button had the
 * focus before. */
static void
on_click_pressed_cb (GtkGestureClick   *gesture,
                     int                n_press,
                     double             x,
                     double             y,
                     HtSpectrogramView *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
on_click_released_cb (GtkGestureClick   *gesture,
                      int                n_press,
                      double             x,
                      double             y,
                      HtSpectrogramView *self)
{
  if (n_press == 1)
    seek_at (self, x, y);
}

static void
on_adjustment_value_changed_cb (GtkAdjustment     *adjustment,
                                HtSpectrogramView *self)
{
  update_readout (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
zoom_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  HtSpectrogramView *self = HT_SPECTROGRAM_VIEW (widget);
  graphene_rect_t plot;
  double centre;

  get_plot (self, &plot);
  centre = plot.origin.x + plot.size.width / 2;
  if (g_str_equal (action_name, "spectrogram.zoom-in"))
    zoom_around (self, self->zoom * 2, centre);
  else if (g_str_equal (action_name, "spectrogram.zoom-out"))
    zoom_around (self, self->zoom / 2, centre);
  else
    zoom_around (self, 1, centre);
}

/* ---- GObject ------------------------------------------------------------------------------- */

static void
ht_spectrogram_view_css_changed (GtkWidget         *widget,
                                 GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (ht_spectrogram_view_parent_class)->css_changed (widget, change);
  /* Only the axes follow the theme, and they are drawn every frame: the texture stays. */
  gtk_widget_queue_draw (widget);
}

static void
ht_spectrogram_view_dispose (GObject *object)
{
  HtSpectrogramView *self = HT_SPECTROGRAM_VIEW (object);

  cancel_build (self);
  g_clear_object (&self->texture);
  g_clear_pointer (&self->texture_of, ht_spectrogram_unref);
  g_clear_pointer (&self->spectrogram, ht_spectrogram_unref);
  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->hadjustment, on_adjustment_value_changed_cb,
                                          self);
  g_clear_object (&self->hadjustment);
  G_OBJECT_CLASS (ht_spectrogram_view_parent_class)->dispose (object);
}

static void
ht_spectrogram_view_finalize (GObject *object)
{
  HtSpectrogramView *self = HT_SPECTROGRAM_VIEW (object);

  g_free (self->readout);
  G_OBJECT_CLASS (ht_spectrogram_view_parent_class)->finalize (object);
}

static void
ht_spectrogram_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  HtSpectrogramView *self = HT_SPECTROGRAM_VIEW (object);

  switch (prop_id)
    {
    case PROP_SPECTROGRAM:
      g_value_set_boxed (value, self->spectrogram);
      break;
    case PROP_COLORMAP:
      g_value_set_enum (value, self->colormap);
      break;
    case PROP_DB_RANGE:
      g_value_set_double (value, self->db_range);
      break;
    case PROP_WINDOW_START:
      g_value_set_double (value, self->window_start);
      break;
    case PROP_WINDOW_END:
      g_value_set_double (value, self->window_end);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;
    case PROP_READOUT:
      g_value_set_string (value, self->readout);
      break;
    case PROP_CURSOR:
      g_value_set_double (value, self->cursor);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_spectrogram_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  HtSpectrogramView *self = HT_SPECTROGRAM_VIEW (object);

  switch (prop_id)
    {
    case PROP_SPECTROGRAM:
      ht_spectrogram_view_set_spectrogram (self, g_value_get_boxed (value));
      break;
    case PROP_COLORMAP:
      ht_spectrogram_view_set_colormap (self, g_value_get_enum (value));
      break;
    case PROP_DB_RANGE:
      ht_spectrogram_view_set_db_range (self, g_value_get_double (value));
      break;
    case PROP_WINDOW_START:
      ht_spectrogram_view_set_window (self, g_value_get_double (value), self->window_end);
      break;
    case PROP_WINDOW_END:
      ht_spectrogram_view_set_window (self, self->window_start, g_value_get_double (value));
      break;
    case PROP_ZOOM:
      ht_spectrogram_view_set_zoom (self, g_value_get_double (value));
      break;
    case PROP_CURSOR:
      ht_spectrogram_view_set_cursor (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_spectrogram_view_class_init (HtSpectrogramViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ht_spectrogram_view_dispose;
  object_class->finalize = ht_spectrogram_view_finalize;
  object_class->get_property = ht_spectrogram_view_get_property;
  object_class->set_property = ht_spectrogram_view_set_property;

  widget_class->snapshot = ht_spectrogram_view_snapshot;
  widget_class->measure = ht_spectrogram_view_measure;
  widget_class->size_allocate = ht_spectrogram_view_size_allocate;
  widget_class->css_changed = ht_spectrogram_view_css_changed;

  properties[PROP_SPECTROGRAM] =
    g_param_spec_boxed ("spectrogram", NULL, NULL, HT_TYPE_SPECTROGRAM, rw);
  properties[PROP_COLORMAP] =
    g_param_spec_enum ("colormap", NULL, NULL, HT_TYPE_COLORMAP, HTC_COLORMAP_MAGMA, rw);
  properties[PROP_DB_RANGE] = g_param_spec_double ("db-range", NULL, NULL, 10, 200, 80, rw);
  properties[PROP_WINDOW_START] =
    g_param_spec_double ("window-start", NULL, NULL, 0, G_MAXDOUBLE, 30, rw);
  properties[PROP_WINDOW_END] =
    g_param_spec_double ("window-end", NULL, NULL, 0, G_MAXDOUBLE, 75, rw);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, 1, HT_SPECTROGRAM_VIEW_MAX_ZOOM, 1, rw);
  properties[PROP_HADJUSTMENT] =
    g_param_spec_object ("hadjustment", NULL, NULL, GTK_TYPE_ADJUSTMENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_READOUT] =
    g_param_spec_string ("readout", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURSOR] = g_param_spec_double ("cursor", NULL, NULL, -1, G_MAXDOUBLE, -1, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A click in the plot: play from `seconds`. */
  signals[SIGNAL_SEEK] =
    g_signal_new ("seek", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_DOUBLE);

  gtk_widget_class_install_action (widget_class, "spectrogram.zoom-in", NULL, zoom_action_cb);
  gtk_widget_class_install_action (widget_class, "spectrogram.zoom-out", NULL, zoom_action_cb);
  gtk_widget_class_install_action (widget_class, "spectrogram.zoom-reset", NULL, zoom_action_cb);
  {
    static const struct { guint key; const char *action; } keys[] = {
      { GDK_KEY_plus, "spectrogram.zoom-in" },
      { GDK_KEY_equal, "spectrogram.zoom-in" },
      { GDK_KEY_KP_Add, "spectrogram.zoom-in" },
      { GDK_KEY_minus, "spectrogram.zoom-out" },
      { GDK_KEY_KP_Subtract, "spectrogram.zoom-out" },
      { GDK_KEY_0, "spectrogram.zoom-reset" },
    };
    for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
      gtk_widget_class_add_binding_action (widget_class, keys[i].key, 0, keys[i].action, NULL);
  }

  gtk_widget_class_set_css_name (widget_class, "spectrogramview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ht_spectrogram_view_init (HtSpectrogramView *self)
{
  GtkEventController *controller;

  self->colormap = HTC_COLORMAP_MAGMA;
  self->db_range = 80;
  self->window_start = 30;
  self->window_end = 75;
  self->zoom = 1;
  self->cursor = -1;
  self->hadjustment = g_object_ref_sink (gtk_adjustment_new (0, 0, 1, 1, 1, 1));
  g_signal_connect (self->hadjustment, "value-changed",
                    G_CALLBACK (on_adjustment_value_changed_cb), self);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion_cb), self);
  g_signal_connect (controller, "enter", G_CALLBACK (on_motion_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (on_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (controller, "scroll", G_CALLBACK (on_scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (controller), GDK_BUTTON_PRIMARY);
  g_signal_connect (controller, "pressed", G_CALLBACK (on_click_pressed_cb), self);
  g_signal_connect (controller, "released", G_CALLBACK (on_click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = GTK_EVENT_CONTROLLER (gtk_gesture_zoom_new ());
  g_signal_connect (controller, "begin", G_CALLBACK (on_pinch_begin_cb), self);
  g_signal_connect (controller, "scale-changed", G_CALLBACK (on_pinch_scale_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Spectrogram"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Ctrl+scroll or plus and minus zoom in time; "
                                    "scrolling sideways moves; a click plays from there"),
                                  -1);
}

GtkWidget *
ht_spectrogram_view_new (void)
{
  return g_object_new (HT_TYPE_SPECTROGRAM_VIEW, NULL);
}

HtSpectrogram *
ht_spectrogram_view_get_spectrogram (HtSpectrogramView *self)
{
  g_return_val_if_fail (HT_IS_SPECTROGRAM_VIEW (self), NULL);
  return self->spectrogram;
}

void
ht_spectrogram_view_set_spectrogram (HtSpectrogramView *self,
                                     HtSpectrogram     *spectrogram)
{
  g_return_if_fail (HT_IS_SPECTROGRAM_VIEW (self));

  if (self->spectrogram == spectrogram)
    return;
  if (spectrogram != NULL)
    ht_spectrogram_ref (spectrogram);
  g_clear_pointer (&self->spectrogram, ht_spectrogram_unref);
  self->spectrogram = spectrogram;
  /* A new track starts zoomed out. */
  self->zoom = 1;
  configure_adjustment (self);
  gtk_adjustment_set_value (self->hadjustment, 0);
  invalidate_texture (self);
  update_readout (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPECTROGRAM]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

HtcColormap
ht_spectrogram_view_get_colormap (HtSpectrogramView *self)
{
  g_return_val_if_fail (HT_IS_SPECTROGRAM_VIEW (self), HTC_COLORMAP_MAGMA);
  return self->colormap;
}

void
ht_spectrogram_view_set_colormap (HtSpectrogramView *self,
                                  HtcColormap        colormap)
{
  g_return_if_fail (HT_IS_SPECTROGRAM_VIEW (self));
  g_return_if_fail ((int) colormap >= 0 && colormap < HTC_N_COLORMAPS);

  if (self->colormap == colormap)
    return;
  self->colormap = colormap;
  invalidate_texture (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLORMAP]);
}

double
ht_spectrogram_view_get_db_range (HtSpectrogramView *self)
{
  g_return_val_if_fail (HT_IS_SPECTROGRAM_VIEW (self), 80);
  return self->db_range;
}

void
ht_spectrogram_view_set_db_range (HtSpectrogramView *self,
                                  double             db_range)
{
  g_return_if_fail (HT_IS_SPECTROGRAM_VIEW (self));

  db_range = CLAMP (db_range, 10, 200);
  if (self->db_range == db_range)
    return;
  self->db_range = db_range;
  invalidate_texture (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DB_RANGE]);
}

void
ht_spectrogram_view_set_window (HtSpectrogramView *self,
                                double             start,
                                double             end)
{
  g_return_if_fail (HT_IS_SPECTROGRAM_VIEW (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->window_start != start)
    {
      self->window_start = start;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WINDOW_START]);
    }
  if (self->window_end != end)
    {
      self->window_end = end;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WINDOW_END]);
    }
  g_object_thaw_notify (G_OBJECT (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
ht_spectrogram_view_get_zoom (HtSpectrogramView *self)
{
  g_return_val_if_fail (HT_IS_SPECTROGRAM_VIEW (self), 1);
  return self->zoom;
}

void
ht_spectrogram_view_set_zoom (HtSpectrogramView *self,
                              double             zoom)
{
  graphene_rect_t plot;

  g_return_if_fail (HT_IS_SPECTROGRAM_VIEW (self));
  get_plot (self, &plot);
  zoom_around (self, zoom, plot.origin.x + plot.size.width / 2);
}

void
ht_spectrogram_view_scroll_to (HtSpectrogramView *self,
                               double             seconds)
{
  graphene_rect_t plot;

  g_return_if_fail (HT_IS_SPECTROGRAM_VIEW (self));
  if (self->spectrogram == NULL)
    return;
  get_plot (self, &plot);
  gtk_adjustment_set_value (self->hadjustment,
                            time_to_x (self, &plot, seconds) - plot.origin.x
                            + scroll_offset (self));
}

GtkAdjustment *
ht_spectrogram_view_get_hadjustment (HtSpectrogramView *self)
{
  g_return_val_if_fail (HT_IS_SPECTROGRAM_VIEW (self), NULL);
  return self->hadjustment;
}

const char *
ht_spectrogram_view_get_readout (HtSpectrogramView *self)
{
  g_return_val_if_fail (HT_IS_SPECTROGRAM_VIEW (self), NULL);
  return self->readout;
}

double
ht_spectrogram_view_get_cursor (HtSpectrogramView *self)
{
  g_return_val_if_fail (HT_IS_SPECTROGRAM_VIEW (self), -1);
  return self->cursor;
}

void
ht_spectrogram_view_set_cursor (HtSpectrogramView *self,
                                double             seconds)
{
  graphene_rect_t plot;

  g_return_if_fail (HT_IS_SPECTROGRAM_VIEW (self));

  if (!(seconds >= 0))   /* also NaN */
    seconds = -1;
  if (self->cursor == seconds)
    return;
  self->cursor = seconds;

  /* Zoomed in, the view follows the cursor a page at a time, like a score being read. */
  if (seconds >= 0 && self->spectrogram != NULL && self->zoom > 1)
    {
      double x;

      get_plot (self, &plot);
      x = time_to_x (self, &plot, seconds);
      if (x < plot.origin.x || x > plot.origin.x + plot.size.width * 0.95)
        gtk_adjustment_set_value (self->hadjustment,
                                  x - plot.origin.x + scroll_offset (self)
                                  - plot.size.width * 0.05);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURSOR]);
}

double
ht_spectrogram_view_time_to_x (HtSpectrogramView *self,
                               double             seconds)
{
  graphene_rect_t plot;

  g_return_val_if_fail (HT_IS_SPECTROGRAM_VIEW (self), 0);
  if (self->spectrogram == NULL)
    return 0;
  get_plot (self, &plot);
  return time_to_x (self, &plot, seconds);
}

GdkTexture *
_ht_spectrogram_view_get_texture (HtSpectrogramView *self)
{
  g_return_val_if_fail (HT_IS_SPECTROGRAM_VIEW (self), NULL);
  if (self->texture_stale || self->texture_of != self->spectrogram)
    return NULL;
  return self->texture;
}

gboolean
_ht_spectrogram_view_is_settled (HtSpectrogramView *self)
{
  graphene_rect_t plot;

  if (self->spectrogram == NULL || self->building != NULL)
    return FALSE;
  get_plot (self, &plot);
  return texture_is_current (self, &plot);
}

guint
_ht_spectrogram_view_get_n_builds (HtSpectrogramView *self)
{
  g_return_val_if_fail (HT_IS_SPECTROGRAM_VIEW (self), 0);
  return self->n_builds;
}

void
_ht_spectrogram_view_point_at (HtSpectrogramView *self,
                               double             x,
                               double             y)
{
  g_return_if_fail (HT_IS_SPECTROGRAM_VIEW (self));
  on_motion_cb (NULL, x, y, self);
}

void
_ht_spectrogram_view_get_plot (HtSpectrogramView *self,
                               graphene_rect_t   *plot)
{
  g_return_if_fail (HT_IS_SPECTROGRAM_VIEW (self));
  get_plot (self, plot);
}

void
_ht_spectrogram_view_click_at (HtSpectrogramView *self,
                               double             x,
                               double             y)
{
  g_return_if_fail (HT_IS_SPECTROGRAM_VIEW (self));
  seek_at (self, x, y);
}
