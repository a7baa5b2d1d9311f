/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-timeline-view"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ht-clock.h"
#include "ht-region.h"
#include "ht-spectrogram-view-private.h"
#include "ht-timeline-view-private.h"

#define STRIP_HEIGHT 20
#define MARGIN_TOP   4
#define MARGIN_BOTTOM 2

struct _HtTimelineView
{
  GtkWidget          parent_instance;

  HtPrediction      *prediction;
  HtSpectrogramView *view;
  GtkAdjustment     *hadjustment;   /* the view's, watched for scrolling */
  char              *summary;

  /* The strips at one zoom and width, in content coordinates: scrolling only moves them. */
  GskRenderNode     *strips;
  double             strips_scroll;
  double             strips_zoom;
  double             strips_width;
  HtSpectrogram     *strips_of;     /* not a reference: compared only */
  guint              n_builds;
};

G_DEFINE_FINAL_TYPE (HtTimelineView, ht_timeline_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PREDICTION,
  PROP_SPECTROGRAM_VIEW,
  PROP_SUMMARY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- geometry ------------------------------------------------------------------------------ */

static gboolean
can_draw (HtTimelineView *self)
{
  return self->view != NULL && ht_spectrogram_view_get_spectrogram (self->view) != NULL
         && ht_timeline_view_has_timeline (self->prediction);
}

/* Patches overlap (hop < length): each strip runs from its patch's start to the next's, the
 * last one to its end, so the strips tile the analysed time. */
static void
step_span (HtTimelineView *self,
           guint           step,
           double         *start,
           double         *end)
{
  guint n = ht_prediction_get_n_steps (self->prediction);
  double next_start, next_end;

  ht_prediction_get_step (self->prediction, step, start, end);
  if (step + 1 < n)
    {
      ht_prediction_get_step (self->prediction, step + 1, &next_start, &next_end);
      *end = MIN (*end, next_start);
    }
}

static void
step_x (HtTimelineView *self,
        guint           step,
        double         *x0,
        double         *x1)
{
  double start, end;

  step_span (self, step, &start, &end);
  *x0 = ht_spectrogram_view_time_to_x (self->view, start);
  *x1 = ht_spectrogram_view_time_to_x (self->view, end);
}

static double
scroll_offset (HtTimelineView *self)
{
  return self->hadjustment != NULL ? gtk_adjustment_get_value (self->hadjustment) : 0;
}

/* ---- words --------------------------------------------------------------------------------- */

static char *
describe_step (HtTimelineView *self,
               guint           step)
{
  double start, end;
  const double *p = ht_prediction_get_step (self->prediction, step, &start, &end);
  guint order[HT_PREDICTION_N_REGIONS] = { 0, 1, 2, 3 };
  g_autofree char *a = ht_clock_format (start);
  g_autofree char *b = ht_clock_format (end);
  g_autoptr(GString) text = g_string_new (NULL);

  /* Largest first (stable, so ties keep the region order). */
  for (guint i = 1; i < HT_PREDICTION_N_REGIONS; i++)
    for (guint j = i; j > 0 && p[order[j]] > p[order[j - 1]]; j--)
      {
        guint t = order[j];
        order[j] = order[j - 1];
        order[j - 1] = t;
      }
  /* Translators: a patch's time span, e.g. "0:34–0:37", followed by its probabilities */
  g_string_printf (text, _("%s–%s:"), a, b);
  for (guint i = 0; i < HT_PREDICTION_N_REGIONS; i++)
    {
      g_string_append (text, i == 0 ? " " : ", ");
      /* Translators: a region and its probability in per cent, e.g. "South 62 %" */
      g_string_append_printf (text, _("%s %.0f %%"), ht_prediction_region_name (order[i]),
                              100 * p[order[i]]);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static guint
top_of (const double *p)
{
  guint top = 0;

  for (guint i = 1; i < HT_PREDICTION_N_REGIONS; i++)
    if (p[i] > p[top])
      top = i;
  return top;
}

/* The strongest region in runs: "South 0:30–0:41, East 0:41–0:50". */
static char *
build_summary (HtTimelineView *self)
{
  guint n = ht_prediction_get_n_steps (self->prediction);
  g_autoptr(GString) runs = g_string_new (NULL);
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  double first, last, start, end;
  guint i = 0;

  ht_prediction_get_step (self->prediction, 0, &first, &end);
  ht_prediction_get_step (self->prediction, n - 1, &start, &last);
  while (i < n)
    {
      guint top = top_of (ht_prediction_get_step (self->prediction, i, &start, &end));
      guint j = i;
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;
      double run_end;

      while (j + 1 < n && top_of (ht_prediction_get_step (self->prediction, j + 1, NULL, NULL))
                          == top)
        j++;
      step_span (self, j, &start, &run_end);
      ht_prediction_get_step (self->prediction, i, &start, &end);
      a = ht_clock_format (start);
      b = ht_clock_format (run_end);
      if (runs->len > 0)
        g_string_append (runs, ", ");
      /* Translators: a region leading over a stretch of time, e.g. "South 0:30–0:41" */
      g_string_append_printf (runs, _("%s %s–%s"), ht_prediction_region_name (top), a, b);
      i = j + 1;
    }
  from = ht_clock_format (first);
  to = ht_clock_format (last);
  /* Translators: the CNN timeline for screen readers: number of patches, the time they
   * cover, then the strongest region stretch by stretch, e.g. "14 patches, 0:30–1:15;
   * strongest: South 0:30–0:41, East 0:41–1:15" */
  return g_strdup_printf (ngettext ("%u patch, %s–%s; strongest: %s",
                                    "%u patches, %s–%s; strongest: %s", n),
                          n, from, to, runs->str);
}

static void
update_summary (HtTimelineView *self)
{
  g_autofree char *summary = ht_timeline_view_has_timeline (self->prediction)
                             ? build_summary (self) : NULL;

  if (g_strcmp0 (summary, self->summary) == 0)
    return;
  g_free (self->summary);
  self->summary = g_steal_pointer (&summary);
  if (self->summary != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->summary, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
}

/* ---- drawing ------------------------------------------------------------------------------- */

static void
invalidate (HtTimelineView *self)
{
  g_clear_pointer (&self->strips, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static GskRenderNode *
build_strips (HtTimelineView *self,
              double          top,
              double          height)
{
  GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (self));
  static const char * const names[HT_PREDICTION_N_REGIONS] = {
    "region_east", "region_west", "region_south", "region_midwest",
  };
  GdkRGBA colors[HT_PREDICTION_N_REGIONS];
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  double scroll = scroll_offset (self);
  guint n = ht_prediction_get_n_steps (self->prediction);

  for (guint r = 0; r < HT_PREDICTION_N_REGIONS; r++)
    if (!gtk_style_context_lookup_color (style, names[r], &colors[r]))
      {
        /* The theme does not define them: the project's palette, as style.css does. */
        const HtRgb *c = ht_region_get_color ((HtRegion) r);

        colors[r] = (GdkRGBA) { c->red, c->green, c->blue, 1 };
      }

  for (guint i = 0; i < n; i++)
    {
      const double *p = ht_prediction_get_step (self->prediction, i, NULL, NULL);
      double x0, x1, y = top, sum = 0;

      step_x (self, i, &x0, &x1);
      /* Content coordinates; pixel-snapped so neighbours meet without seams. */
      x0 = round (x0 + scroll);
      x1 = round (x1 + scroll);
      if (x1 <= x0)
        x1 = x0 + 1;
      /* East at the top, then West, South, Midwest: the cards' order. */
      /* The page may sit at a fractional offset: each rectangle reaches 1 px under the next
       * one (right and below), so antialiased edges never let the card show through. */
      for (guint r = 0; r < HT_PREDICTION_N_REGIONS; r++)
        {
          gboolean last_band = r + 1 == HT_PREDICTION_N_REGIONS;
          double next;

          sum += p[r];
          next = last_band ? top + height : round (top + height * sum);
          if (next > y)
            gtk_snapshot_append_color (snapshot, &colors[r],
                                       &GRAPHENE_RECT_INIT (x0, y, x1 - x0 + (i + 1 < n),
                                                            next - y + !last_band));
          y = next;
        }
    }
  self->n_builds++;
  return gtk_snapshot_free_to_node (snapshot);
}

static void
ht_timeline_view_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  HtTimelineView *self = HT_TIMELINE_VIEW (widget);
  HtSpectrogram *spectrogram;
  graphene_rect_t plot;
  double zoom, scroll;
  GdkRGBA ink;

  if (!can_draw (self))
    return;
  spectrogram = ht_spectrogram_view_get_spectrogram (self->view);
  _ht_spectrogram_view_get_plot (self->view, &plot);
  zoom = ht_spectrogram_view_get_zoom (self->view);
  scroll = scroll_offset (self);

  if (self->strips == NULL || self->strips_zoom != zoom || self->strips_width != plot.size.width
      || self->strips_of != spectrogram)
    {
      g_clear_pointer (&self->strips, gsk_render_node_unref);
      self->strips = build_strips (self, MARGIN_TOP, STRIP_HEIGHT);
      self->strips_scroll = scroll;
      self->strips_zoom = zoom;
      self->strips_width = plot.size.width;
      self->strips_of = spectrogram;
    }

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (plot.origin.x, 0, plot.size.width,
                                                         gtk_widget_get_height (widget)));
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-scroll, 0));
  if (self->strips != NULL)
    gtk_snapshot_append_node (snapshot, self->strips);
  gtk_snapshot_restore (snapshot);
  gtk_snapshot_pop (snapshot);

  /* Name the row in the axis margin, like the spectrogram's "Hz". */
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &ink);
  ink.alpha *= 0.7;
  {
    /* Translators: short label left of the CNN timeline strip (the sound model) */
    g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, C_("timeline", "CNN"));
    int w, h;

    pango_layout_get_pixel_size (layout, &w, &h);
    gtk_snapshot_save (snapshot);
    gtk_snapshot_translate (snapshot,
                            &GRAPHENE_POINT_INIT (round (plot.origin.x - 7 - w),
                                                  round (MARGIN_TOP + (STRIP_HEIGHT - h) / 2.0)));
    gtk_snapshot_append_layout (snapshot, layout, &ink);
    gtk_snapshot_restore (snapshot);
  }
}

static void
ht_timeline_view_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = 0;
  else
    *minimum = *natural = MARGIN_TOP + STRIP_HEIGHT + MARGIN_BOTTOM;
}

static gboolean
find_step (HtTimelineView *self,
           double          x,
           guint          *out)
{
  graphene_rect_t plot;
  guint n;

  if (!can_draw (self))
    return FALSE;
  _ht_spectrogram_view_get_plot (self->view, &plot);
  if (x < plot.origin.x || x > plot.origin.x + plot.size.width)
    return FALSE;
  n = ht_prediction_get_n_steps (self->prediction);
  for (guint i = 0; i < n; i++)
    {
      double x0, x1;

      step_x (self, i, &x0, &x1);
      if (x >= x0 && x < x1)
        {
          *out = i;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
on_query_tooltip_cb (GtkWidget      *widget,
                     int             x,
                     int             y,
                     gboolean        keyboard,
                     GtkTooltip     *tooltip,
                     HtTimelineView *self)
{
  g_autofree char *text = _ht_timeline_view_tooltip_at (self, x);

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* ---- following the spectrogram view ------------------------------------------------------- */

static void
on_view_changed_cb (HtTimelineView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_view_spectrogram_cb (HtTimelineView *self)
{
  update_summary (self);
  invalidate (self);
}

static void
unwatch_view (HtTimelineView *self)
{
  if (self->view != NULL)
    g_signal_handlers_disconnect_by_data (self->view, self);
  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->hadjustment, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->view);
}

/* ---- GObject ------------------------------------------------------------------------------- */

static void
ht_timeline_view_css_changed (GtkWidget         *widget,
                              GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (ht_timeline_view_parent_class)->css_changed (widget, change);
  invalidate (HT_TIMELINE_VIEW (widget));   /* the region colours may have changed */
}

static void
ht_timeline_view_dispose (GObject *object)
{
  HtTimelineView *self = HT_TIMELINE_VIEW (object);

  unwatch_view (self);
  g_clear_object (&self->prediction);
  g_clear_pointer (&self->strips, gsk_render_node_unref);
  G_OBJECT_CLASS (ht_timeline_view_parent_class)->dispose (object);
}

static void
ht_timeline_view_finalize (GObject *object)
{
  g_free (HT_TIMELINE_VIEW (object)->summary);
  G_OBJECT_CLASS (ht_timeline_view_parent_class)->finalize (object);
}

static void
ht_timeline_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  HtTimelineView *self = HT_TIMELINE_VIEW (object);

  switch (prop_id)
    {
    case PROP_PREDICTION:
      g_value_set_object (value, self->prediction);
      break;
    case PROP_SPECTROGRAM_VIEW:
      g_value_set_object (value, self->view);
      break;
    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_timeline_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  HtTimelineView *self = HT_TIMELINE_VIEW (object);

  switch (prop_id)
    {
    case PROP_PREDICTION:
      ht_timeline_view_set_prediction (self, g_value_get_object (value));
      break;
    case PROP_SPECTROGRAM_VIEW:
      ht_timeline_view_set_spectrogram_view (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_timeline_view_class_init (HtTimelineViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ht_timeline_view_dispose;
  object_class->finalize = ht_timeline_view_finalize;
  object_class->get_property = ht_timeline_view_get_property;
  object_class->set_property = ht_timeline_view_set_property;
  widget_class->snapshot = ht_timeline_view_snapshot;
  widget_class->measure = ht_timeline_view_measure;
  widget_class->css_changed = ht_timeline_view_css_changed;

  properties[PROP_PREDICTION] =
    g_param_spec_object ("prediction", NULL, NULL, HT_TYPE_PREDICTION, rw);
  properties[PROP_SPECTROGRAM_VIEW] =
    g_param_spec_object ("spectrogram-view", NULL, NULL, HT_TYPE_SPECTROGRAM_VIEW, rw);
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "timelineview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ht_timeline_view_init (HtTimelineView *self)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), self);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Sound model patch by patch"), -1);
}

GtkWidget *
ht_timeline_view_new (void)
{
  return g_object_new (HT_TYPE_TIMELINE_VIEW, NULL);
}

HtPrediction *
ht_timeline_view_get_prediction (HtTimelineView *self)
{
  g_return_val_if_fail (HT_IS_TIMELINE_VIEW (self), NULL);
  return self->prediction;
}

void
ht_timeline_view_set_prediction (HtTimelineView *self,
                                 HtPrediction   *prediction)
{
  g_return_if_fail (HT_IS_TIMELINE_VIEW (self));
  g_return_if_fail (prediction == NULL || HT_IS_PREDICTION (prediction));

  if (!g_set_object (&self->prediction, prediction))
    return;
  update_summary (self);
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREDICTION]);
}

HtSpectrogramView *
ht_timeline_view_get_spectrogram_view (HtTimelineView *self)
{
  g_return_val_if_fail (HT_IS_TIMELINE_VIEW (self), NULL);
  return self->view;
}

void
ht_timeline_view_set_spectrogram_view (HtTimelineView    *self,
                                       HtSpectrogramView *view)
{
  g_return_if_fail (HT_IS_TIMELINE_VIEW (self));
  g_return_if_fail (view == NULL || HT_IS_SPECTROGRAM_VIEW (view));

  if (self->view == view)
    return;
  unwatch_view (self);
  if (view != NULL)
    {
      self->view = g_object_ref (view);
      self->hadjustment = g_object_ref (ht_spectrogram_view_get_hadjustment (view));
      /* Scrolling moves the cached strips; zoom and width rebuild them at snapshot. */
      g_signal_connect_swapped (self->hadjustment, "value-changed",
                                G_CALLBACK (on_view_changed_cb), self);
      g_signal_connect_swapped (self->hadjustment, "changed",
                                G_CALLBACK (on_view_changed_cb), self);
      g_signal_connect_swapped (view, "notify::zoom", G_CALLBACK (on_view_changed_cb), self);
      g_signal_connect_swapped (view, "notify::spectrogram",
                                G_CALLBACK (on_view_spectrogram_cb), self);
    }
  update_summary (self);
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPECTROGRAM_VIEW]);
}

const char *
ht_timeline_view_get_summary (HtTimelineView *self)
{
  g_return_val_if_fail (HT_IS_TIMELINE_VIEW (self), NULL);
  return self->summary;
}

gboolean
ht_timeline_view_has_timeline (HtPrediction *prediction)
{
  return prediction != NULL && ht_prediction_is_available (prediction)
         && ht_prediction_get_n_steps (prediction) > 0;
}

gboolean
_ht_timeline_view_get_step_x (HtTimelineView *self,
                              guint           step,
                              double         *x0,
                              double         *x1)
{
  g_return_val_if_fail (HT_IS_TIMELINE_VIEW (self), FALSE);
  if (!can_draw (self) || step >= ht_prediction_get_n_steps (self->prediction))
    return FALSE;
  step_x (self, step, x0, x1);
  return TRUE;
}

char *
_ht_timeline_view_tooltip_at (HtTimelineView *self,
                              double          x)
{
  guint step;

  g_return_val_if_fail (HT_IS_TIMELINE_VIEW (self), NULL);
  if (!find_step (self, x, &step))
    return NULL;
  return describe_step (self, step);
}

guint
_ht_timeline_view_get_n_builds (HtTimelineView *self)
{
  g_return_val_if_fail (HT_IS_TIMELINE_VIEW (self), 0);
  return self->n_builds;
}
