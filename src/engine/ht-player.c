/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-player"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/gst.h>
#include <math.h>

#include "ht-audio-decoder-private.h"
#include "ht-error.h"
#include "ht-player-private.h"

/* playbin's GstPlayFlags (the enum is private to the plugin): audio, software volume. */
#define PLAY_FLAG_AUDIO       (1 << 1)
#define PLAY_FLAG_SOFT_VOLUME (1 << 4)
/* About 30 position updates a second: smooth for a cursor, cheap for the main loop. */
#define TICK_MS 33

struct _HtPlayer
{
  GObject        parent_instance;

  GFile         *file;
  char          *name;           /* the file's display name, for messages */
  GstElement    *playbin;        /* NULL until first played; back to NULL state when stopped */
  GstBus        *bus;
  gboolean       watching;
  guint          tick_id;

  HtPlayerState  state;
  double         position;
  double         duration;
  GError        *error;

  gboolean       prerolled;      /* reached PAUSED since it was last started */
  gboolean       seeking;        /* a flushing seek is in flight: the sink's position is stale */
  double         pending_seek;   /* asked for before the preroll; < 0 when none */
};

G_DEFINE_FINAL_TYPE (HtPlayer, ht_player, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (HtPlayerState, ht_player_state,
  G_DEFINE_ENUM_VALUE (HT_PLAYER_STATE_STOPPED, "stopped"),
  G_DEFINE_ENUM_VALUE (HT_PLAYER_STATE_PLAYING, "playing"),
  G_DEFINE_ENUM_VALUE (HT_PLAYER_STATE_PAUSED, "paused"))

enum {
  PROP_0,
  PROP_FILE,
  PROP_STATE,
  PROP_POSITION,
  PROP_DURATION,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- state --------------------------------------------------------------------------------- */

static void
set_state (HtPlayer      *self,
           HtPlayerState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_position (HtPlayer *self,
              double    position)
{
  if (fabs (self->position - position) < 1e-4)
    return;
  self->position = position;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

static void
set_duration (HtPlayer *self,
              double    duration)
{
  if (fabs (self->duration - duration) < 1e-4)
    return;
  self->duration = duration;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
}

static void
clear_error (HtPlayer *self)
{
  if (self->error == NULL)
    return;
  g_clear_error (&self->error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
query_position (HtPlayer *self)
{
  gint64 ns = 0;

  if (self->playbin == NULL || self->seeking || !self->prerolled)
    return;
  if (gst_element_query_position (self->playbin, GST_FORMAT_TIME, &ns) && ns >= 0)
    set_position (self, (double) ns / GST_SECOND);
}

static void
query_duration (HtPlayer *self)
{
  gint64 ns = 0;

  if (self->playbin != NULL
      && gst_element_query_duration (self->playbin, GST_FORMAT_TIME, &ns) && ns > 0)
    set_duration (self, (double) ns / GST_SECOND);
}

static gboolean
on_tick_cb (gpointer user_data)
{
  query_position (user_data);
  return G_SOURCE_CONTINUE;
}

static void
update_ticking (HtPlayer *self)
{
  if (self->state == HT_PLAYER_STATE_PLAYING)
    {
      if (self->tick_id == 0)
        self->tick_id = g_timeout_add (TICK_MS, on_tick_cb, self);
    }
  else
    g_clear_handle_id (&self->tick_id, g_source_remove);
}

/* Back to nothing: the file is closed and the audio device released. */
static void
shut_down (HtPlayer *self)
{
  if (self->playbin != NULL)
    gst_element_set_state (self->playbin, GST_STATE_NULL);
  if (self->bus != NULL)
    gst_bus_set_flushing (self->bus, TRUE);   /* drop what the old run still had to say */
  self->prerolled = FALSE;
  self->seeking = FALSE;
  self->pending_seek = -1;
  set_state (self, HT_PLAYER_STATE_STOPPED);
  update_ticking (self);
  set_position (self, 0);
}

static void
fail (HtPlayer *self,
      GError   *error)   /* (transfer full) */
{
  g_debug ("%s", error->message);
  shut_down (self);
  g_clear_error (&self->error);
  self->error = error;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  g_signal_emit (self, signals[SIGNAL_ERROR], 0, self->error);
}

static GError *
error_from_message (HtPlayer   *self,
                    GstMessage *msg)
{
  g_autoptr(GError) gst_error = NULL;
  g_autofree char *debug = NULL;

  gst_message_parse_error (msg, &gst_error, &debug);
  g_debug ("%s: %s (%s)", self->name, gst_error->message, debug != NULL ? debug : "");
  if (g_error_matches (gst_error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND))
    /* Translators: the %s is a file name */
    return g_error_new (HT_ERROR, HT_ERROR_NOT_FOUND, _("Cannot play “%s”: it does not exist"),
                        self->name);
  if (g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_TYPE_NOT_FOUND)
      || g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_WRONG_TYPE)
      || g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_CODEC_NOT_FOUND)
      || g_error_matches (gst_error, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN))
    return g_error_new (HT_ERROR, HT_ERROR_UNSUPPORTED_FORMAT,
                        _("Cannot play “%s”: it is not in an audio format Hometown can read"),
                        self->name);
  if (g_error_matches (gst_error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_READ)
      || g_error_matches (gst_error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ))
    return g_error_new (HT_ERROR, HT_ERROR_PERMISSION, _("Cannot play “%s”: %s"), self->name,
                        gst_error->message);
  /* Translators: the first %s is a file name, the second what went wrong */
  return g_error_new (HT_ERROR, HT_ERROR_CORRUPT, _("Cannot play “%s”: %s"), self->name,
                      gst_error->message);
}

static void
do_seek (HtPlayer *self,
         double    seconds)
{
  self->seeking = gst_element_seek_simple (self->playbin, GST_FORMAT_TIME,
                                           GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE,
                                           (gint64) llround (seconds * GST_SECOND));
  if (!self->seeking)
    g_debug ("%s: seek to %.3f s refused", self->name, seconds);
}

static gboolean
on_bus_message_cb (GstBus     *bus,
                   GstMessage *msg,
                   gpointer    user_data)
{
  HtPlayer *self = user_data;

  switch (GST_MESSAGE_TYPE (msg))
    {
    case GST_MESSAGE_ERROR:
      fail (self, error_from_message (self, msg));
      break;

    case GST_MESSAGE_EOS:
      shut_down (self);
      break;

    case GST_MESSAGE_ASYNC_DONE:
      query_duration (self);
      if (!self->prerolled)
        {
          self->prerolled = TRUE;
          if (self->pending_seek >= 0)
            {
              do_seek (self, self->pending_seek);
              self->pending_seek = -1;
              break;
            }
        }
      else
        self->seeking = FALSE;
      query_position (self);
      break;

    case GST_MESSAGE_DURATION_CHANGED:
      query_duration (self);
      break;

    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
ensure_pipeline (HtPlayer *self)
{
  const char *sink_description = g_getenv ("HOMETOWN_AUDIO_SINK");
  g_autoptr(GError) error = NULL;
  GstElement *sink = NULL;

  if (self->playbin != NULL)
    return TRUE;
  _ht_gst_init_once ();
  if (sink_description != NULL && *sink_description != '\0')
    {
      sink = gst_parse_bin_from_description (sink_description, TRUE, &error);
      if (sink == NULL)
        {
          fail (self, g_error_new (HT_ERROR, HT_ERROR_FAILED,
                                   /* Translators: %s is a GStreamer pipeline description
                                    * from HOMETOWN_AUDIO_SINK, then the reason */
                                   _("Cannot use the audio output “%s”: %s"),
                                   sink_description, error->message));
          return FALSE;
        }
    }
  self->playbin = gst_element_factory_make ("playbin", NULL);
  if (self->playbin == NULL)
    {
      if (sink != NULL)
        gst_object_unref (gst_object_ref_sink (sink));
      fail (self, g_error_new (HT_ERROR, HT_ERROR_FAILED,
                               _("Cannot play “%s”: GStreamer’s playbin is not installed"),
                               self->name));
      return FALSE;
    }
  gst_object_ref_sink (self->playbin);
  /* Sound only: no video or subtitle chain is ever built, even for files with cover art. */
  g_object_set (self->playbin, "flags", PLAY_FLAG_AUDIO | PLAY_FLAG_SOFT_VOLUME, NULL);
  if (sink != NULL)
    g_object_set (self->playbin, "audio-sink", sink, NULL);
  self->bus = gst_element_get_bus (self->playbin);
  return TRUE;
}

/* Starts the pipeline from nothing towards `target` (PAUSED or PLAYING). */
static gboolean
start (HtPlayer *self,
       GstState  target)
{
  g_autofree char *uri = NULL;

  if (!ensure_pipeline (self))
    return FALSE;
  uri = g_file_get_uri (self->file);
  gst_element_set_state (self->playbin, GST_STATE_NULL);
  g_object_set (self->playbin, "uri", uri, NULL);
  gst_bus_set_flushing (self->bus, FALSE);
  if (!self->watching)
    {
      gst_bus_add_watch (self->bus, on_bus_message_cb, self);
      self->watching = TRUE;
    }
  self->prerolled = FALSE;
  self->seeking = FALSE;
  /* A failure here also posts an error on the bus, which says why. */
  gst_element_set_state (self->playbin, target);
  return TRUE;
}

/* ---- public -------------------------------------------------------------------------------- */

HtPlayer *
ht_player_new (void)
{
  return g_object_new (HT_TYPE_PLAYER, NULL);
}

GFile *
ht_player_get_file (HtPlayer *self)
{
  g_return_val_if_fail (HT_IS_PLAYER (self), NULL);
  return self->file;
}

void
ht_player_set_file (HtPlayer *self,
                    GFile    *file)
{
  g_return_if_fail (HT_IS_PLAYER (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  if (self->file == file || (self->file != NULL && file != NULL && g_file_equal (self->file, file)))
    return;
  shut_down (self);
  g_set_object (&self->file, file);
  g_clear_pointer (&self->name, g_free);
  if (file != NULL)
    {
      g_autofree char *base = g_file_get_basename (file);
      self->name = g_filename_display_name (base != NULL ? base : "");
    }
  set_duration (self, 0);
  clear_error (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
}

HtPlayerState
ht_player_get_state (HtPlayer *self)
{
  g_return_val_if_fail (HT_IS_PLAYER (self), HT_PLAYER_STATE_STOPPED);
  return self->state;
}

double
ht_player_get_position (HtPlayer *self)
{
  g_return_val_if_fail (HT_IS_PLAYER (self), 0);
  return self->position;
}

double
ht_player_get_duration (HtPlayer *self)
{
  g_return_val_if_fail (HT_IS_PLAYER (self), 0);
  return self->duration;
}

const GError *
ht_player_get_error (HtPlayer *self)
{
  g_return_val_if_fail (HT_IS_PLAYER (self), NULL);
  return self->error;
}

void
ht_player_play (HtPlayer *self)
{
  g_return_if_fail (HT_IS_PLAYER (self));

  if (self->file == NULL || self->state == HT_PLAYER_STATE_PLAYING)
    return;
  if (self->state == HT_PLAYER_STATE_STOPPED)
    {
      clear_error (self);
      if (!start (self, GST_STATE_PLAYING))
        return;
    }
  else
    gst_element_set_state (self->playbin, GST_STATE_PLAYING);
  set_state (self, HT_PLAYER_STATE_PLAYING);
  update_ticking (self);
}

void
ht_player_pause (HtPlayer *self)
{
  g_return_if_fail (HT_IS_PLAYER (self));

  if (self->file == NULL || self->state == HT_PLAYER_STATE_PAUSED)
    return;
  if (self->state == HT_PLAYER_STATE_STOPPED)
    {
      clear_error (self);
      if (!start (self, GST_STATE_PAUSED))
        return;
    }
  else
    gst_element_set_state (self->playbin, GST_STATE_PAUSED);
  set_state (self, HT_PLAYER_STATE_PAUSED);
  update_ticking (self);
  query_position (self);
}

void
ht_player_toggle (HtPlayer *self)
{
  g_return_if_fail (HT_IS_PLAYER (self));

  if (self->state == HT_PLAYER_STATE_PLAYING)
    ht_player_pause (self);
  else
    ht_player_play (self);
}

void
ht_player_stop (HtPlayer *self)
{
  g_return_if_fail (HT_IS_PLAYER (self));
  shut_down (self);
}

void
ht_player_seek (HtPlayer *self,
                double    seconds)
{
  g_return_if_fail (HT_IS_PLAYER (self));

  if (self->file == NULL || !isfinite (seconds))
    return;
  seconds = MAX (seconds, 0);
  if (self->duration > 0)
    seconds = MIN (seconds, self->duration);
  if (self->state == HT_PLAYER_STATE_STOPPED)
    {
      ht_player_pause (self);
      if (self->state == HT_PLAYER_STATE_STOPPED)   /* failed */
        return;
    }
  if (self->prerolled)
    do_seek (self, seconds);
  else
    self->pending_seek = seconds;
  /* Show where it is going at once; the sink catches up when the seek is done. */
  set_position (self, seconds);
}

/* ---- GObject ------------------------------------------------------------------------------- */

static void
ht_player_dispose (GObject *object)
{
  HtPlayer *self = HT_PLAYER (object);

  shut_down (self);
  if (self->watching)
    gst_bus_remove_watch (self->bus);
  self->watching = FALSE;
  g_clear_pointer (&self->bus, gst_object_unref);
  g_clear_pointer (&self->playbin, gst_object_unref);
  g_clear_object (&self->file);
  G_OBJECT_CLASS (ht_player_parent_class)->dispose (object);
}

static void
ht_player_finalize (GObject *object)
{
  HtPlayer *self = HT_PLAYER (object);

  g_free (self->name);
  g_clear_error (&self->error);
  G_OBJECT_CLASS (ht_player_parent_class)->finalize (object);
}

static void
ht_player_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  HtPlayer *self = HT_PLAYER (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_POSITION:
      g_value_set_double (value, self->position);
      break;
    case PROP_DURATION:
      g_value_set_double (value, self->duration);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_player_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  HtPlayer *self = HT_PLAYER (object);

  switch (prop_id)
    {
    case PROP_FILE:
      ht_player_set_file (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_player_class_init (HtPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ht_player_dispose;
  object_class->finalize = ht_player_finalize;
  object_class->get_property = ht_player_get_property;
  object_class->set_property = ht_player_set_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, HT_TYPE_PLAYER_STATE, HT_PLAYER_STATE_STOPPED, ro);
  properties[PROP_POSITION] = g_param_spec_double ("position", NULL, NULL, 0, G_MAXDOUBLE, 0, ro);
  properties[PROP_DURATION] = g_param_spec_double ("duration", NULL, NULL, 0, G_MAXDOUBLE, 0, ro);
  properties[PROP_ERROR] = g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Once per failure, with the error that is also in :error. */
  signals[SIGNAL_ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
ht_player_init (HtPlayer *self)
{
  self->pending_seek = -1;
}

double
_ht_player_query_position (HtPlayer *self)
{
  gint64 ns = 0;

  g_return_val_if_fail (HT_IS_PLAYER (self), -1);
  if (self->playbin == NULL || self->seeking || !self->prerolled
      || !gst_element_query_position (self->playbin, GST_FORMAT_TIME, &ns) || ns < 0)
    return -1;
  return (double) ns / GST_SECOND;
}
