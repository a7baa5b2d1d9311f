/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-track-row"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ht-track-row.h"
#include "ht-widgets.h"

struct _HtTrackRow
{
  GtkWidget  parent_instance;
  HtTrack   *track;
};

G_DEFINE_FINAL_TYPE (HtTrackRow, ht_track_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TRACK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
format_subtitle (HtTrackRow   *self,
                 const char   *artist,
                 HtTrackState  state)
{
  if (state == HT_TRACK_STATE_FAILED)
    return g_strdup (_("Could not analyse"));
  if (artist != NULL)
    return g_strdup (artist);
  if (state == HT_TRACK_STATE_QUEUED || state == HT_TRACK_STATE_ANALYZING)
    return g_strdup ("");
  return g_strdup (_("Unknown artist"));
}

static gboolean
is_failed (HtTrackRow   *self,
           HtTrackState  state)
{
  return state == HT_TRACK_STATE_FAILED;
}

static char *
format_error (HtTrackRow   *self,
              const GError *error)
{
  return error != NULL ? g_strdup (error->message) : NULL;
}

static gboolean
is_available (HtTrackRow   *self,
              HtPrediction *prediction)
{
  return prediction != NULL && ht_prediction_is_available (prediction);
}

static gboolean
is_us_region (HtTrackRow *self,
              HtRegion    region)
{
  return region < HT_N_US_REGIONS;
}

static gboolean
any_chip (HtTrackRow   *self,
          HtRegion      hometown,
          HtPrediction *a,
          HtPrediction *b)
{
  return is_us_region (self, hometown) || is_available (self, a) || is_available (self, b);
}

static char **
hometown_classes (HtTrackRow *self,
                  HtRegion    region)
{
  char **classes = g_new0 (char *, 4);

  classes[0] = g_strdup ("region-chip");
  classes[1] = g_strdup ("hometown-chip");
  if (is_us_region (self, region))
    classes[2] = g_strconcat ("region-", ht_prediction_region_id (region), NULL);
  return classes;
}

static char *
format_hometown_region (HtTrackRow *self,
                        HtRegion    region)
{
  return g_strdup (ht_region_to_string (region));
}

static char *
format_hometown_tooltip (HtTrackRow *self,
                         const char *hometown)
{
  /* Translators: tooltip of the hometown badge in the track list, e.g. "Hometown: Queens, NY" */
  return hometown != NULL ? g_strdup_printf (_("Hometown: %s"), hometown) : NULL;
}

static char **
chip_classes (HtTrackRow   *self,
              HtPrediction *prediction)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  char **classes;

  g_strv_builder_add (builder, "region-chip");
  if (is_available (self, prediction))
    {
      g_autofree char *region = g_strconcat ("region-",
                                             ht_prediction_region_id (
                                               ht_prediction_get_top_region (prediction)),
                                             NULL);
      g_strv_builder_add (builder, region);
    }
  classes = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return classes;
}

static char *
format_region (HtTrackRow   *self,
               HtPrediction *prediction)
{
  if (!is_available (self, prediction))
    return g_strdup ("");
  return g_strdup (ht_prediction_region_name (ht_prediction_get_top_region (prediction)));
}

static char *
format_tooltip (const char   *model,
                HtPrediction *prediction)
{
  guint top;

  if (prediction == NULL || !ht_prediction_is_available (prediction))
    return NULL;
  top = ht_prediction_get_top_region (prediction);
  /* Translators: a row's tooltip, e.g. "Sound: South, 62%" */
  return g_strdup_printf (_("%s: %s, %d%%"), model, ht_prediction_region_name (top),
                          (int) round (100 * ht_prediction_get_probability (prediction, top)));
}

static char *
format_cnn_tooltip (HtTrackRow   *self,
                    HtPrediction *prediction)
{
  return format_tooltip (_("Sound"), prediction);
}

static char *
format_lyrics_tooltip (HtTrackRow   *self,
                       HtPrediction *prediction)
{
  return format_tooltip (_("Lyrics"), prediction);
}

static void
ht_track_row_dispose (GObject *object)
{
  HtTrackRow *self = HT_TRACK_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), HT_TYPE_TRACK_ROW);
  g_clear_object (&self->track);
  G_OBJECT_CLASS (ht_track_row_parent_class)->dispose (object);
}

static void
ht_track_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  HtTrackRow *self = HT_TRACK_ROW (object);

  switch (prop_id)
    {
    case PROP_TRACK:
      g_value_set_object (value, self->track);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_track_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  HtTrackRow *self = HT_TRACK_ROW (object);

  switch (prop_id)
    {
    case PROP_TRACK:
      ht_track_row_set_track (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_track_row_class_init (HtTrackRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ht_track_row_dispose;
  object_class->get_property = ht_track_row_get_property;
  object_class->set_property = ht_track_row_set_property;

  properties[PROP_TRACK] =
    g_param_spec_object ("track", NULL, NULL, HT_TYPE_TRACK,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (HT_TYPE_TRACK);
  gtk_widget_class_set_template_from_resource (widget_class, HT_RESOURCE_PATH "ht-track-row.ui");
  /* Tracked, not stored: "box" so that dispose_template() unparents it, the rest so that tests
   * can find them with gtk_widget_get_template_child(). */
  for (guint i = 0; i < 8; i++)
    gtk_widget_class_bind_template_child_full (widget_class,
                                               (const char *[]) { "box", "title_label",
                                                                  "subtitle_label", "error_icon",
                                                                  "hometown_chip", "cnn_chip",
                                                                  "lyrics_chip",
                                                                  "progress_bar" }[i],
                                               FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, format_subtitle);
  gtk_widget_class_bind_template_callback (widget_class, is_failed);
  gtk_widget_class_bind_template_callback (widget_class, format_error);
  gtk_widget_class_bind_template_callback (widget_class, is_available);
  gtk_widget_class_bind_template_callback (widget_class, any_chip);
  gtk_widget_class_bind_template_callback (widget_class, is_us_region);
  gtk_widget_class_bind_template_callback (widget_class, hometown_classes);
  gtk_widget_class_bind_template_callback (widget_class, format_hometown_region);
  gtk_widget_class_bind_template_callback (widget_class, format_hometown_tooltip);
  gtk_widget_class_bind_template_callback (widget_class, chip_classes);
  gtk_widget_class_bind_template_callback (widget_class, format_region);
  gtk_widget_class_bind_template_callback (widget_class, format_cnn_tooltip);
  gtk_widget_class_bind_template_callback (widget_class, format_lyrics_tooltip);
  gtk_widget_class_set_css_name (widget_class, "trackrow");
}

static void
ht_track_row_init (HtTrackRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ht_track_row_new (void)
{
  return g_object_new (HT_TYPE_TRACK_ROW, NULL);
}

HtTrack *
ht_track_row_get_track (HtTrackRow *self)
{
  g_return_val_if_fail (HT_IS_TRACK_ROW (self), NULL);
  return self->track;
}

void
ht_track_row_set_track (HtTrackRow *self,
                        HtTrack    *track)
{
  g_return_if_fail (HT_IS_TRACK_ROW (self));
  g_return_if_fail (track == NULL || HT_IS_TRACK (track));

  if (g_set_object (&self->track, track))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRACK]);
}
