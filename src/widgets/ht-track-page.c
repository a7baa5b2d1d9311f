/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-track-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "ht-credits.h"
#include "ht-engine-types.h"
#include "ht-hometown-popover.h"
#include "ht-map-view.h"
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
  HtMapView         *map_view;
  GtkMenuButton     *correct_button;
  GtkLabel          *correction_label;
  HtHometownPopover *button_popover;   /* the button's: keyboard users */
  HtHometownPopover *map_popover;      /* anchored at the pin when it is clicked */

  HtTrack           *track;
  HtOriginTable     *origins;
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
  PROP_ORIGINS,
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

static char *
format_correct_label (HtTrackPage *self,
                      const char  *hometown)
{
  return g_strdup (hometown != NULL ? _("Correct Hometown…") : _("Set Hometown…"));
}

static gboolean
can_correct (HtTrackPage   *self,
             HtOriginTable *origins,
             HtGeo         *geo,
             const char    *artist)
{
  return origins != NULL && geo != NULL && artist != NULL;
}

/* Who a correction is for: the track's main artist, as the map's pin ("Drake feat. Rihanna"
 * corrects Drake). */
static char *
main_artist (HtTrackPage *self)
{
  g_autoptr(HtCredits) credits = NULL;
  const char *artist = self->track != NULL ? ht_track_get_artist (self->track) : NULL;

  if (artist == NULL)
    return NULL;
  credits = ht_credits_parse (artist, NULL, self->origins);
  return g_strdup (credits->primary->len > 0 ? credits->primary->pdata[0] : artist);
}

static gboolean
prepare_popover (HtTrackPage       *self,
                 HtHometownPopover *popover)
{
  g_autofree char *artist = main_artist (self);
  HtGeo *geo = ht_map_view_get_geo (self->map_view);

  if (artist == NULL || self->origins == NULL || geo == NULL)
    return FALSE;
  ht_hometown_popover_set_artist (popover, artist, self->origins, geo);
  return TRUE;
}

static void
create_button_popup_cb (GtkMenuButton *button,
                        gpointer       user_data)
{
  HtTrackPage *self = user_data;

  prepare_popover (self, self->button_popover);
}

static void
on_map_hometown_activated_cb (HtTrackPage *self,
                              double       x,
                              double       y)
{
  GdkRectangle rect = { (int) x - 4, (int) y - 4, 8, 8 };

  if (!prepare_popover (self, self->map_popover))
    return;
  gtk_popover_set_pointing_to (GTK_POPOVER (self->map_popover), &rect);
  gtk_popover_popup (GTK_POPOVER (self->map_popover));
}

static void
on_hometown_saved_cb (HtTrackPage       *self,
                      const char        *artist,
                      const char        *place,
                      HtHometownPopover *popover)
{
  g_autofree char *message = NULL;

  /* The window refreshes every track from the table's ::changed; this page's track at least
   * follows even where nobody else listens. */
  if (self->track != NULL && self->origins != NULL)
    ht_track_refresh_hometown (self->track, self->origins);
  /* Translators: after a hometown correction, e.g. "Saved: Nas is from Queens, NY. Every track
   * by Nas now shows it." */
  message = g_strdup_printf (_("Saved: %s is from %s. Every track by %s now shows it."), artist,
                             place, artist);
  gtk_label_set_text (self->correction_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->correction_label), TRUE);
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

  if (self->map_popover != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->map_popover));
      self->map_popover = NULL;
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), HT_TYPE_TRACK_PAGE);
  self->button_popover = NULL;
  g_clear_object (&self->track);
  g_clear_object (&self->origins);
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
    case PROP_ORIGINS:
      g_value_set_object (value, self->origins);
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
    case PROP_ORIGINS:
      ht_track_page_set_origins (self, g_value_get_object (value));
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
  properties[PROP_ORIGINS] =
    g_param_spec_object ("origins", NULL, NULL, HT_TYPE_ORIGIN_TABLE, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (HT_TYPE_TRACK);
  g_type_ensure (HT_TYPE_SPECTROGRAM_VIEW);
  g_type_ensure (HT_TYPE_PREDICTION_CARD);
  g_type_ensure (HT_TYPE_MAP_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, HT_RESOURCE_PATH "ht-track-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HtTrackPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HtTrackPage, spectrogram_view);
  gtk_widget_class_bind_template_child (widget_class, HtTrackPage, cnn_card);
  gtk_widget_class_bind_template_child (widget_class, HtTrackPage, lyrics_card);
  gtk_widget_class_bind_template_child (widget_class, HtTrackPage, map_view);
  gtk_widget_class_bind_template_child (widget_class, HtTrackPage, correct_button);
  gtk_widget_class_bind_template_child (widget_class, HtTrackPage, correction_label);
  gtk_widget_class_bind_template_callback (widget_class, format_correct_label);
  gtk_widget_class_bind_template_callback (widget_class, can_correct);
  gtk_widget_class_bind_template_callback (widget_class, on_map_hometown_activated_cb);
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

  self->button_popover = HT_HOMETOWN_POPOVER (ht_hometown_popover_new ());
  gtk_menu_button_set_popover (self->correct_button, GTK_WIDGET (self->button_popover));
  gtk_menu_button_set_create_popup_func (self->correct_button, create_button_popup_cb, self, NULL);
  self->map_popover = HT_HOMETOWN_POPOVER (ht_hometown_popover_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->map_popover), GTK_WIDGET (self->map_view));
  g_signal_connect_swapped (self->button_popover, "saved", G_CALLBACK (on_hometown_saved_cb), self);
  g_signal_connect_swapped (self->map_popover, "saved", G_CALLBACK (on_hometown_saved_cb), self);
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

  if (!g_set_object (&self->track, track))
    return;
  /* A confirmation is about the track it was made on. */
  gtk_widget_set_visible (GTK_WIDGET (self->correction_label), FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRACK]);
}

HtOriginTable *
ht_track_page_get_origins (HtTrackPage *self)
{
  g_return_val_if_fail (HT_IS_TRACK_PAGE (self), NULL);
  return self->origins;
}

void
ht_track_page_set_origins (HtTrackPage   *self,
                           HtOriginTable *origins)
{
  g_return_if_fail (HT_IS_TRACK_PAGE (self));
  g_return_if_fail (origins == NULL || HT_IS_ORIGIN_TABLE (origins));

  if (g_set_object (&self->origins, origins))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORIGINS]);
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

HtMapView *
_ht_track_page_get_map_view (HtTrackPage *self)
{
  return self->map_view;
}

HtHometownPopover *
_ht_track_page_get_map_popover (HtTrackPage *self)
{
  return self->map_popover;
}

HtHometownPopover *
_ht_track_page_get_button_popover (HtTrackPage *self)
{
  return self->button_popover;
}

GtkMenuButton *
_ht_track_page_get_correct_button (HtTrackPage *self)
{
  return self->correct_button;
}

GtkLabel *
_ht_track_page_get_correction_label (HtTrackPage *self)
{
  return self->correction_label;
}
