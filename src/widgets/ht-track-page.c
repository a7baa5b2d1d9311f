/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-track-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "ht-engine-types.h"
#include "ht-prediction-card.h"
#include "ht-spectrogram-view.h"
#include "ht-track-page-private.h"
#include "ht-widgets.h"

struct _HtTrackPage
{
  GtkWidget          parent_instance;

  GtkWidget         *stack;
  HtSpectrogramView *spectrogram_view;
  HtPredictionCard  *cnn_card;
  HtPredictionCard  *lyrics_card;

  HtTrack           *track;
  HtcColormap        colormap;
  double             db_range;
  double             window_start;
  double             window_end;
};

G_DEFINE_FINAL_TYPE (HtTrackPage, ht_track_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TRACK,
  PROP_COLORMAP,
  PROP_DB_RANGE,
  PROP_WINDOW_START,
  PROP_WINDOW_END,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
page_for_state (HtTrackPage  *self,
                HtTrackState  state)
{
  return g_strdup (state == HT_TRACK_STATE_FAILED ? "failed" : "content");
}

static char *
page_for_spectrogram (HtTrackPage   *self,
                      HtSpectrogram *spectrogram)
{
  return g_strdup (spectrogram != NULL ? "spectrogram" : "waiting");
}

static char *
format_error (HtTrackPage  *self,
              const GError *error)
{
  return error != NULL ? g_strdup (error->message) : NULL;
}

static char *
format_artist (HtTrackPage *self,
               const char  *artist)
{
  return g_strdup (artist != NULL ? artist : _("Unknown artist"));
}

static char *
format_meta (HtTrackPage *self,
             const char  *album,
             int          year,
             double       duration)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (album != NULL)
    g_ptr_array_add (parts, g_strdup (album));
  if (year > 0)
    g_ptr_array_add (parts, g_strdup_printf ("%d", year));
  if (duration > 0)
    {
      long s = lround (duration);
      g_ptr_array_add (parts, g_strdup_printf ("%ld:%02ld", s / 60, s % 60));
    }
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

static char *
format_hometown (HtTrackPage *self,
                 const char  *hometown,
                 HtRegion     region)
{
  if (hometown == NULL)
    return g_strdup (_("Hometown unknown"));
  /* Translators: the artist's hometown and its region, e.g. "From Queens, NY (East)" */
  return g_strdup_printf (_("From %s (%s)"), hometown, ht_region_to_string (region));
}

static gboolean
is_zoomed (HtTrackPage *self,
           double       zoom)
{
  return zoom > 1.0;
}

static gboolean
can_zoom_in (HtTrackPage *self,
             double       zoom)
{
  return zoom < HT_SPECTROGRAM_VIEW_MAX_ZOOM;
}

static char *
format_readout (HtTrackPage *self,
                const char  *readout)
{
  if (readout != NULL)
    return g_strdup (readout);
  return g_strdup (_("Point at it to read time, frequency and level"));
}

static char *
format_lyrics_source (HtTrackPage    *self,
                      HtLyricsSource  source)
{
  if (source == HT_LYRICS_SOURCE_NONE)
    return g_strdup ("");
  /* Translators: where the lyrics came from, e.g. "From the embedded tag"; the %s is one of
   * "embedded tag", "sidecar .lrc file", ... */
  return g_strdup_printf (_("Source: %s"), ht_lyrics_source_describe (source));
}

static gboolean
has_text (HtTrackPage *self,
          const char  *text)
{
  return text != NULL && *text != '\0';
}

static gboolean
has_no_text (HtTrackPage *self,
             const char  *text)
{
  return !has_text (self, text);
}

static void
on_zoom_in_clicked_cb (HtTrackPage *self)
{
  ht_spectrogram_view_set_zoom (self->spectrogram_view,
                                ht_spectrogram_view_get_zoom (self->spectrogram_view) * 2);
}

static void
on_zoom_out_clicked_cb (HtTrackPage *self)
{
  ht_spectrogram_view_set_zoom (self->spectrogram_view,
                                ht_spectrogram_view_get_zoom (self->spectrogram_view) / 2);
}

static void
ht_track_page_dispose (GObject *object)
{
  HtTrackPage *self = HT_TRACK_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), HT_TYPE_TRACK_PAGE);
  g_clear_object (&self->track);
  G_OBJECT_CLASS (ht_track_page_parent_class)->dispose (object);
}

static void
ht_track_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  HtTrackPage *self = HT_TRACK_PAGE (object);

  switch (prop_id)
    {
    case PROP_TRACK:
      g_value_set_object (value, self->track);
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
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_double (HtTrackPage *self,
            double      *field,
            double       value,
            guint        prop_id)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
ht_track_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  HtTrackPage *self = HT_TRACK_PAGE (object);

  switch (prop_id)
    {
    case PROP_TRACK:
      ht_track_page_set_track (self, g_value_get_object (value));
      break;
    case PROP_COLORMAP:
      if (self->colormap != (HtcColormap) g_value_get_enum (value))
        {
          self->colormap = g_value_get_enum (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_DB_RANGE:
      set_double (self, &self->db_range, g_value_get_double (value), prop_id);
      break;
    case PROP_WINDOW_START:
      set_double (self, &self->window_start, g_value_get_double (value), prop_id);
      break;
    case PROP_WINDOW_END:
      set_double (self, &self->window_end, g_value_get_double (value), prop_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_track_page_class_init (HtTrackPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ht_track_page_dispose;
  object_class->get_property = ht_track_page_get_property;
  object_class->set_property = ht_track_page_set_property;

  properties[PROP_TRACK] = g_param_spec_object ("track", NULL, NULL, HT_TYPE_TRACK, rw);
  properties[PROP_COLORMAP] =
    g_param_spec_enum ("colormap", NULL, NULL, HT_TYPE_COLORMAP, HTC_COLORMAP_MAGMA, rw);
  properties[PROP_DB_RANGE] = g_param_spec_double ("db-range", NULL, NULL, 10, 200, 80, rw);
  properties[PROP_WINDOW_START] =
    g_param_spec_double ("window-start", NULL, NULL, 0, G_MAXDOUBLE, 30, rw);
  properties[PROP_WINDOW_END] =
    g_param_spec_double ("window-end", NULL, NULL, 0, G_MAXDOUBLE, 75, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (HT_TYPE_TRACK);
  g_type_ensure (HT_TYPE_SPECTROGRAM_VIEW);
  g_type_ensure (HT_TYPE_PREDICTION_CARD);
  gtk_widget_class_set_template_from_resource (widget_class, HT_RESOURCE_PATH "ht-track-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HtTrackPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HtTrackPage, spectrogram_view);
  gtk_widget_class_bind_template_child (widget_class, HtTrackPage, cnn_card);
  gtk_widget_class_bind_template_child (widget_class, HtTrackPage, lyrics_card);
  gtk_widget_class_bind_template_callback (widget_class, page_for_state);
  gtk_widget_class_bind_template_callback (widget_class, page_for_spectrogram);
  gtk_widget_class_bind_template_callback (widget_class, format_error);
  gtk_widget_class_bind_template_callback (widget_class, format_artist);
  gtk_widget_class_bind_template_callback (widget_class, format_meta);
  gtk_widget_class_bind_template_callback (widget_class, format_hometown);
  gtk_widget_class_bind_template_callback (widget_class, is_zoomed);
  gtk_widget_class_bind_template_callback (widget_class, can_zoom_in);
  gtk_widget_class_bind_template_callback (widget_class, format_readout);
  gtk_widget_class_bind_template_callback (widget_class, format_lyrics_source);
  gtk_widget_class_bind_template_callback (widget_class, has_text);
  gtk_widget_class_bind_template_callback (widget_class, has_no_text);
  gtk_widget_class_bind_template_callback (widget_class, on_zoom_in_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_zoom_out_clicked_cb);
  gtk_widget_class_set_css_name (widget_class, "trackpage");
}

static void
ht_track_page_init (HtTrackPage *self)
{
  self->colormap = HTC_COLORMAP_MAGMA;
  self->db_range = 80;
  self->window_start = 30;
  self->window_end = 75;
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ht_track_page_new (void)
{
  return g_object_new (HT_TYPE_TRACK_PAGE, NULL);
}

HtTrack *
ht_track_page_get_track (HtTrackPage *self)
{
  g_return_val_if_fail (HT_IS_TRACK_PAGE (self), NULL);
  return self->track;
}

void
ht_track_page_set_track (HtTrackPage *self,
                         HtTrack     *track)
{
  g_return_if_fail (HT_IS_TRACK_PAGE (self));
  g_return_if_fail (track == NULL || HT_IS_TRACK (track));

  if (g_set_object (&self->track, track))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRACK]);
}

HtSpectrogramView *
_ht_track_page_get_spectrogram_view (HtTrackPage *self)
{
  return self->spectrogram_view;
}

HtPredictionCard *
_ht_track_page_get_cnn_card (HtTrackPage *self)
{
  return self->cnn_card;
}

HtPredictionCard *
_ht_track_page_get_lyrics_card (HtTrackPage *self)
{
  return self->lyrics_card;
}
