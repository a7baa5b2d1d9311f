/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-track"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ht-engine-types.h"
#include "ht-track-private.h"

struct _HtTrack
{
  GObject         parent_instance;
  GFile          *file;
  char           *file_name;      /* display basename, the fallback title */
  HtTrackInfo    *info;
  char           *display_title;
  HtSpectrogram  *spectrogram;
  HtTrackState    state;
  double          progress;
  GError         *error;
  char           *lyrics;
  HtLyricsSource  lyrics_source;
  HtPrediction   *cnn_prediction;
  HtPrediction   *lyrics_prediction;
  char           *hometown;
  HtRegion        hometown_region;
};

G_DEFINE_FINAL_TYPE (HtTrack, ht_track, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (HtTrackState, ht_track_state,
  G_DEFINE_ENUM_VALUE (HT_TRACK_STATE_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (HT_TRACK_STATE_QUEUED, "queued"),
  G_DEFINE_ENUM_VALUE (HT_TRACK_STATE_ANALYZING, "analyzing"),
  G_DEFINE_ENUM_VALUE (HT_TRACK_STATE_DONE, "done"),
  G_DEFINE_ENUM_VALUE (HT_TRACK_STATE_FAILED, "failed"))

enum {
  PROP_0,
  PROP_FILE,
  PROP_TITLE,
  PROP_ARTIST,
  PROP_ALBUM,
  PROP_YEAR,
  PROP_DISPLAY_TITLE,
  PROP_DURATION,
  PROP_SPECTROGRAM,
  PROP_STATE,
  PROP_BUSY,
  PROP_PROGRESS,
  PROP_ERROR,
  PROP_LYRICS,
  PROP_LYRICS_SOURCE,
  PROP_CNN_PREDICTION,
  PROP_LYRICS_PREDICTION,
  PROP_HOMETOWN,
  PROP_HOMETOWN_REGION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ht_track_finalize (GObject *object)
{
  HtTrack *self = HT_TRACK (object);

  g_clear_object (&self->file);
  g_free (self->file_name);
  g_clear_pointer (&self->info, ht_track_info_free);
  g_free (self->display_title);
  g_clear_pointer (&self->spectrogram, ht_spectrogram_unref);
  g_clear_error (&self->error);
  g_free (self->lyrics);
  g_clear_object (&self->cnn_prediction);
  g_clear_object (&self->lyrics_prediction);
  g_free (self->hometown);
  G_OBJECT_CLASS (ht_track_parent_class)->finalize (object);
}

static void
ht_track_constructed (GObject *object)
{
  HtTrack *self = HT_TRACK (object);
  g_autofree char *path = NULL;

  G_OBJECT_CLASS (ht_track_parent_class)->constructed (object);
  g_assert (self->file != NULL);

  path = g_file_get_path (self->file);
  if (path != NULL)
    self->file_name = g_filename_display_basename (path);
  else
    {
      g_autofree char *base = g_file_get_basename (self->file);
      self->file_name = g_uri_unescape_string (base, NULL);
      if (self->file_name == NULL || !g_utf8_validate (self->file_name, -1, NULL))
        {
          g_free (self->file_name);
          self->file_name = g_utf8_make_valid (base, -1);
        }
    }
  self->display_title = g_strdup (self->file_name);
}

static void
ht_track_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  HtTrack *self = HT_TRACK (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_TITLE:
      g_value_set_string (value, ht_track_get_title (self));
      break;
    case PROP_ARTIST:
      g_value_set_string (value, ht_track_get_artist (self));
      break;
    case PROP_ALBUM:
      g_value_set_string (value, ht_track_get_album (self));
      break;
    case PROP_YEAR:
      g_value_set_int (value, ht_track_get_year (self));
      break;
    case PROP_DISPLAY_TITLE:
      g_value_set_string (value, self->display_title);
      break;
    case PROP_DURATION:
      g_value_set_double (value, ht_track_get_duration (self));
      break;
    case PROP_SPECTROGRAM:
      g_value_set_boxed (value, self->spectrogram);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, ht_track_get_busy (self));
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    case PROP_LYRICS:
      g_value_set_string (value, self->lyrics);
      break;
    case PROP_LYRICS_SOURCE:
      g_value_set_enum (value, self->lyrics_source);
      break;
    case PROP_CNN_PREDICTION:
      g_value_set_object (value, self->cnn_prediction);
      break;
    case PROP_LYRICS_PREDICTION:
      g_value_set_object (value, self->lyrics_prediction);
      break;
    case PROP_HOMETOWN:
      g_value_set_string (value, self->hometown);
      break;
    case PROP_HOMETOWN_REGION:
      g_value_set_enum (value, self->hometown_region);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_track_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  HtTrack *self = HT_TRACK (object);

  switch (prop_id)
    {
    case PROP_FILE:
      self->file = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_track_class_init (HtTrackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ht_track_finalize;
  object_class->constructed = ht_track_constructed;
  object_class->get_property = ht_track_get_property;
  object_class->set_property = ht_track_set_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, ro);
  properties[PROP_ARTIST] = g_param_spec_string ("artist", NULL, NULL, NULL, ro);
  properties[PROP_ALBUM] = g_param_spec_string ("album", NULL, NULL, NULL, ro);
  properties[PROP_YEAR] = g_param_spec_int ("year", NULL, NULL, 0, G_MAXINT, 0, ro);
  properties[PROP_DISPLAY_TITLE] = g_param_spec_string ("display-title", NULL, NULL, NULL, ro);
  properties[PROP_DURATION] = g_param_spec_double ("duration", NULL, NULL, 0, G_MAXDOUBLE, 0, ro);
  properties[PROP_SPECTROGRAM] =
    g_param_spec_boxed ("spectrogram", NULL, NULL, HT_TYPE_SPECTROGRAM, ro);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, HT_TYPE_TRACK_STATE, HT_TRACK_STATE_IDLE, ro);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE, ro);
  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, 0, 1, 0, ro);
  properties[PROP_ERROR] = g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, ro);
  properties[PROP_LYRICS] = g_param_spec_string ("lyrics", NULL, NULL, NULL, ro);
  properties[PROP_LYRICS_SOURCE] =
    g_param_spec_enum ("lyrics-source", NULL, NULL, HT_TYPE_LYRICS_SOURCE, HT_LYRICS_SOURCE_NONE,
                       ro);
  properties[PROP_CNN_PREDICTION] =
    g_param_spec_object ("cnn-prediction", NULL, NULL, HT_TYPE_PREDICTION, ro);
  properties[PROP_LYRICS_PREDICTION] =
    g_param_spec_object ("lyrics-prediction", NULL, NULL, HT_TYPE_PREDICTION, ro);
  properties[PROP_HOMETOWN] = g_param_spec_string ("hometown", NULL, NULL, NULL, ro);
  properties[PROP_HOMETOWN_REGION] =
    g_param_spec_enum ("hometown-region", NULL, NULL, HT_TYPE_REGION, HT_REGION_UNKNOWN, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ht_track_init (HtTrack *self)
{
  self->hometown_region = HT_REGION_UNKNOWN;
}

HtTrack *
ht_track_new (GFile *file)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  return g_object_new (HT_TYPE_TRACK, "file", file, NULL);
}

GFile *
ht_track_get_file (HtTrack *self)
{
  g_return_val_if_fail (HT_IS_TRACK (self), NULL);
  return self->file;
}

const HtTrackInfo *
ht_track_get_info (HtTrack *self)
{
  g_return_val_if_fail (HT_IS_TRACK (self), NULL);
  return self->info;
}

/* g_set_str() is GLib 2.76. */
static gboolean
set_str (char       **field,
         const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static const char *
non_empty (const char *s)
{
  return s != NULL && *s != '\0' ? s : NULL;
}

const char *
ht_track_get_title (HtTrack *self)
{
  const char *title;

  g_return_val_if_fail (HT_IS_TRACK (self), NULL);
  title = self->info != NULL ? non_empty (self->info->title) : NULL;
  return title != NULL ? title : self->file_name;
}

const char *
ht_track_get_artist (HtTrack *self)
{
  const char *artist = NULL;

  g_return_val_if_fail (HT_IS_TRACK (self), NULL);
  if (self->info != NULL)
    {
      artist = non_empty (self->info->artist);
      if (artist == NULL)
        artist = non_empty (self->info->album_artist);
    }
  return artist;
}

const char *
ht_track_get_album (HtTrack *self)
{
  g_return_val_if_fail (HT_IS_TRACK (self), NULL);
  return self->info != NULL ? non_empty (self->info->album) : NULL;
}

int
ht_track_get_year (HtTrack *self)
{
  g_return_val_if_fail (HT_IS_TRACK (self), 0);
  return self->info != NULL ? MAX (self->info->year, 0) : 0;
}

const char *
ht_track_get_display_title (HtTrack *self)
{
  g_return_val_if_fail (HT_IS_TRACK (self), NULL);
  return self->display_title;
}

double
ht_track_get_duration (HtTrack *self)
{
  g_return_val_if_fail (HT_IS_TRACK (self), 0);
  return self->info != NULL ? MAX (self->info->duration, 0) : 0;
}

HtSpectrogram *
ht_track_get_spectrogram (HtTrack *self)
{
  g_return_val_if_fail (HT_IS_TRACK (self), NULL);
  return self->spectrogram;
}

HtTrackState
ht_track_get_state (HtTrack *self)
{
  g_return_val_if_fail (HT_IS_TRACK (self), HT_TRACK_STATE_IDLE);
  return self->state;
}

gboolean
ht_track_get_busy (HtTrack *self)
{
  g_return_val_if_fail (HT_IS_TRACK (self), FALSE);
  return self->state == HT_TRACK_STATE_QUEUED || self->state == HT_TRACK_STATE_ANALYZING;
}

double
ht_track_get_progress (HtTrack *self)
{
  g_return_val_if_fail (HT_IS_TRACK (self), 0);
  return self->progress;
}

const GError *
ht_track_get_error (HtTrack *self)
{
  g_return_val_if_fail (HT_IS_TRACK (self), NULL);
  return self->error;
}

const char *
ht_track_get_lyrics (HtTrack *self)
{
  g_return_val_if_fail (HT_IS_TRACK (self), NULL);
  return self->lyrics;
}

HtLyricsSource
ht_track_get_lyrics_source (HtTrack *self)
{
  g_return_val_if_fail (HT_IS_TRACK (self), HT_LYRICS_SOURCE_NONE);
  return self->lyrics_source;
}

HtPrediction *
ht_track_get_cnn_prediction (HtTrack *self)
{
  g_return_val_if_fail (HT_IS_TRACK (self), NULL);
  return self->cnn_prediction;
}

HtPrediction *
ht_track_get_lyrics_prediction (HtTrack *self)
{
  g_return_val_if_fail (HT_IS_TRACK (self), NULL);
  return self->lyrics_prediction;
}

const char *
ht_track_get_hometown (HtTrack *self)
{
  g_return_val_if_fail (HT_IS_TRACK (self), NULL);
  return self->hometown;
}

HtRegion
ht_track_get_hometown_region (HtTrack *self)
{
  g_return_val_if_fail (HT_IS_TRACK (self), HT_REGION_UNKNOWN);
  return self->hometown_region;
}

void
ht_track_set_hometown (HtTrack    *self,
                       const char *hometown,
                       HtRegion    region)
{
  g_return_if_fail (HT_IS_TRACK (self));
  g_return_if_fail ((int) region >= 0 && region < HT_N_REGIONS);

  g_object_freeze_notify (G_OBJECT (self));
  if (set_str (&self->hometown, hometown))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOMETOWN]);
  if (self->hometown_region != region)
    {
      self->hometown_region = region;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOMETOWN_REGION]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
ht_track_refresh_hometown (HtTrack       *self,
                           HtOriginTable *table)
{
  const char *artist;
  const HtOrigin *origin;
  g_autofree char *place = NULL;

  g_return_if_fail (HT_IS_TRACK (self));
  g_return_if_fail (HT_IS_ORIGIN_TABLE (table));

  if ((artist = ht_track_get_artist (self)) == NULL)
    return;
  origin = ht_origin_table_lookup (table, artist);
  if (origin == NULL)
    {
      ht_track_set_hometown (self, NULL, HT_REGION_UNKNOWN);
      return;
    }
  place = ht_origin_format_place (origin);
  ht_track_set_hometown (self, place, origin->region);
}

void
ht_track_set_user_lyrics (HtTrack    *self,
                          const char *lyrics)
{
  g_return_if_fail (HT_IS_TRACK (self));
  _ht_track_set_lyrics (self, lyrics, HT_LYRICS_SOURCE_USER);
}

void
_ht_track_set_state (HtTrack      *self,
                     HtTrackState  state)
{
  gboolean was_busy;

  g_return_if_fail (HT_IS_TRACK (self));
  if (self->state == state)
    return;
  was_busy = ht_track_get_busy (self);
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  if (was_busy != ht_track_get_busy (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

void
_ht_track_set_progress (HtTrack *self,
                        double   progress)
{
  g_return_if_fail (HT_IS_TRACK (self));
  progress = CLAMP (progress, 0.0, 1.0);
  /* Views show per-mille at best: finer changes would only cost redraws. */
  if (progress != 0 && progress != 1 && G_APPROX_VALUE (self->progress, progress, 0.0005))
    return;
  if (self->progress == progress)
    return;
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static gboolean
errors_equal (const GError *a,
              const GError *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return a->domain == b->domain && a->code == b->code && g_strcmp0 (a->message, b->message) == 0;
}

void
_ht_track_take_error (HtTrack *self,
                      GError  *error)
{
  g_return_if_fail (HT_IS_TRACK (self));
  if (errors_equal (self->error, error))
    {
      g_clear_error (&error);
      return;
    }
  g_clear_error (&self->error);
  self->error = error;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
set_display_title (HtTrack *self,
                   char    *title)   /* owned */
{
  if (g_strcmp0 (self->display_title, title) == 0)
    {
      g_free (title);
      return;
    }
  g_free (self->display_title);
  self->display_title = title;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_TITLE]);
}

void
_ht_track_take_info (HtTrack     *self,
                     HtTrackInfo *info)
{
  g_autofree char *old_title = NULL;
  g_autofree char *old_artist = NULL;
  g_autofree char *old_album = NULL;
  int old_year;
  double old_duration;

  g_return_if_fail (HT_IS_TRACK (self));
  g_return_if_fail (info != NULL);

  old_title = g_strdup (ht_track_get_title (self));
  old_artist = g_strdup (ht_track_get_artist (self));
  old_album = g_strdup (ht_track_get_album (self));
  old_year = ht_track_get_year (self);
  old_duration = ht_track_get_duration (self);

  g_object_freeze_notify (G_OBJECT (self));
  g_clear_pointer (&self->info, ht_track_info_free);
  self->info = info;

  if (g_strcmp0 (old_title, ht_track_get_title (self)) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  if (g_strcmp0 (old_artist, ht_track_get_artist (self)) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARTIST]);
  if (g_strcmp0 (old_album, ht_track_get_album (self)) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALBUM]);
  if (old_year != ht_track_get_year (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_YEAR]);
  if (old_duration != ht_track_get_duration (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);

  if (ht_track_get_artist (self) != NULL || non_empty (info->title) != NULL)
    set_display_title (self, ht_track_info_dup_display_title (info));
  else
    set_display_title (self, g_strdup (self->file_name));

  /* Lyrics the user entered win over what the file says. */
  if (self->lyrics_source != HT_LYRICS_SOURCE_USER)
    _ht_track_set_lyrics (self, info->lyrics, info->lyrics != NULL ? info->lyrics_source
                                                                   : HT_LYRICS_SOURCE_NONE);
  g_object_thaw_notify (G_OBJECT (self));
}

void
_ht_track_set_spectrogram (HtTrack       *self,
                           HtSpectrogram *spectrogram)
{
  g_return_if_fail (HT_IS_TRACK (self));
  if (self->spectrogram == spectrogram)
    return;
  if (spectrogram != NULL)
    ht_spectrogram_ref (spectrogram);
  g_clear_pointer (&self->spectrogram, ht_spectrogram_unref);
  self->spectrogram = spectrogram;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPECTROGRAM]);
}

void
_ht_track_set_lyrics (HtTrack        *self,
                      const char     *lyrics,
                      HtLyricsSource  source)
{
  g_return_if_fail (HT_IS_TRACK (self));
  if (lyrics == NULL)
    source = HT_LYRICS_SOURCE_NONE;
  g_object_freeze_notify (G_OBJECT (self));
  if (set_str (&self->lyrics, lyrics))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LYRICS]);
  if (self->lyrics_source != source)
    {
      self->lyrics_source = source;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LYRICS_SOURCE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
_ht_track_set_cnn_prediction (HtTrack      *self,
                              HtPrediction *prediction)
{
  g_return_if_fail (HT_IS_TRACK (self));
  g_return_if_fail (prediction == NULL || HT_IS_PREDICTION (prediction));
  if (g_set_object (&self->cnn_prediction, prediction))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CNN_PREDICTION]);
}

void
_ht_track_set_lyrics_prediction (HtTrack      *self,
                                 HtPrediction *prediction)
{
  g_return_if_fail (HT_IS_TRACK (self));
  g_return_if_fail (prediction == NULL || HT_IS_PREDICTION (prediction));
  if (g_set_object (&self->lyrics_prediction, prediction))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LYRICS_PREDICTION]);
}
