/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-audio-decoder"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/app/gstappsink.h>
#include <gst/audio/audio.h>
#include <gst/gst.h>
#include <gst/pbutils/pbutils.h>
#include <math.h>

#include "ht-audio-decoder-private.h"
#include "ht-error.h"
#include "ht-mono-converter.h"

/* How long a pipeline may go without making progress before we call the file broken. */
#define STALL_TIMEOUT_US (_ht_timeout_us (20))
#define POLL_NS (100 * GST_MSECOND)

typedef struct
{
  GstElement *pipeline;
  GstElement *convert;
  GstElement *sink;
  GstBus     *bus;
  GFile      *file;
  char       *name;          /* for messages */
  char       *codec;
  char       *container;
  gboolean    linked;
} Decoder;

static void
decoder_clear (Decoder *d)
{
  if (d->pipeline != NULL)
    gst_element_set_state (d->pipeline, GST_STATE_NULL);
  g_clear_object (&d->bus);
  g_clear_object (&d->pipeline);
  g_clear_pointer (&d->name, g_free);
  g_clear_pointer (&d->codec, g_free);
  g_clear_pointer (&d->container, g_free);
}

static void
on_pad_added_cb (GstElement *decodebin,
                 GstPad     *pad,
                 gpointer    user_data)
{
  Decoder *d = user_data;
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  g_autoptr(GstPad) sinkpad = NULL;
  const GstStructure *s;

  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  s = gst_caps_get_structure (caps, 0);
  /* The first audio stream wins; video (cover art) and further streams are ignored. */
  if (d->linked || !g_str_has_prefix (gst_structure_get_name (s), "audio/"))
    return;
  sinkpad = gst_element_get_static_pad (d->convert, "sink");
  if (gst_pad_link (pad, sinkpad) == GST_PAD_LINK_OK)
    d->linked = TRUE;
}

static void
take_tags (Decoder    *d,
           GstMessage *msg)
{
  g_autoptr(GstTagList) tags = NULL;
  char *value = NULL;

  gst_message_parse_tag (msg, &tags);
  if (d->codec == NULL && gst_tag_list_get_string (tags, GST_TAG_AUDIO_CODEC, &value))
    d->codec = value;
  if (d->container == NULL && gst_tag_list_get_string (tags, GST_TAG_CONTAINER_FORMAT, &value))
    d->container = value;
}

/* "a PNG image", "plain text document": what the file really is, for error messages. */
static char *
describe_content (GFile *file)
{
  g_autoptr(GFileInputStream) in = g_file_read (file, NULL, NULL);
  guchar head[4096];
  gssize n;
  gboolean uncertain = TRUE;
  g_autofree char *base = g_file_get_basename (file);
  g_autofree char *type = NULL;

  if (in == NULL)
    return NULL;
  n = g_input_stream_read (G_INPUT_STREAM (in), head, sizeof head, NULL, NULL);
  if (n <= 0)
    return NULL;
  /* Sniff the bytes alone: the name is exactly what may be lying. */
  type = g_content_type_guess (NULL, head, (gsize) n, &uncertain);
  if (uncertain || type == NULL || g_content_type_is_unknown (type)
      || g_content_type_is_a (type, "audio/*"))
    return NULL;
  return g_content_type_get_description (type);
}

static void
set_unsupported_error (Decoder *d,
                       GError **error)
{
  g_autofree char *what = d->file ? describe_content (d->file) : NULL;

  if (what != NULL)
    g_set_error (error, HT_ERROR, HT_ERROR_UNSUPPORTED_FORMAT,
                 /* Translators: the second %s is a file type, e.g. "PNG image" */
                 _("“%s” is not an audio file (it looks like: %s)"), d->name, what);
  else
    g_set_error (error, HT_ERROR, HT_ERROR_UNSUPPORTED_FORMAT,
                 _("“%s” is not in an audio format Hometown can read"), d->name);
}

static void
set_error_from_message (Decoder    *d,
                        GstMessage *msg,
                        GError    **error)
{
  g_autoptr(GError) gst_error = NULL;
  g_autofree char *debug = NULL;

  gst_message_parse_error (msg, &gst_error, &debug);
  g_debug ("%s: %s (%s)", d->name, gst_error->message, debug ? debug : "");
  if (g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_TYPE_NOT_FOUND)
      || g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_WRONG_TYPE))
    set_unsupported_error (d, error);
  else if (g_error_matches (gst_error, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN)
           || g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_CODEC_NOT_FOUND))
    set_unsupported_error (d, error);
  else if (g_error_matches (gst_error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND))
    g_set_error (error, HT_ERROR, HT_ERROR_NOT_FOUND, _("“%s” does not exist"), d->name);
  else if (g_error_matches (gst_error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_READ)
           || g_error_matches (gst_error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ))
    g_set_error (error, HT_ERROR, HT_ERROR_PERMISSION, _("“%s” cannot be read: %s"), d->name,
                 gst_error->message);
  else
    g_set_error (error, HT_ERROR, HT_ERROR_CORRUPT, _("“%s” could not be decoded: %s"), d->name,
                 gst_error->message);
}

/* Waits for the pipeline to settle after a state change or a seek. */
static gboolean
wait_async_done (Decoder      *d,
                 GCancellable *cancellable,
                 GError      **error)
{
  gint64 deadline = g_get_monotonic_time () + STALL_TIMEOUT_US;

  for (;;)
    {
      g_autoptr(GstMessage) msg = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (g_get_monotonic_time () > deadline)
        {
          g_set_error (error, HT_ERROR, HT_ERROR_CORRUPT,
                       _("“%s” could not be decoded: the decoder stopped responding"), d->name);
          return FALSE;
        }
      msg = gst_bus_timed_pop_filtered (d->bus, POLL_NS,
                                        GST_MESSAGE_ASYNC_DONE | GST_MESSAGE_ERROR | GST_MESSAGE_TAG
                                        | GST_MESSAGE_EOS);
      if (msg == NULL)
        continue;
      switch (GST_MESSAGE_TYPE (msg))
        {
        case GST_MESSAGE_ASYNC_DONE:
          return TRUE;
        case GST_MESSAGE_EOS:
          return TRUE;   /* an empty stream prerolls straight to EOS */
        case GST_MESSAGE_ERROR:
          set_error_from_message (d, msg, error);
          return FALSE;
        case GST_MESSAGE_TAG:
          take_tags (d, msg);
          break;
        default:
          break;
        }
    }
}

static gboolean
build_pipeline (Decoder *d,
                GFile   *file,
                GError **error)
{
  g_autofree char *uri = g_file_get_uri (file);
  GstElement *src, *filter;
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GstCaps) raw_audio = gst_caps_new_empty_simple ("audio/x-raw");

  d->pipeline = gst_object_ref_sink (gst_pipeline_new ("hometown-decoder"));
  src = gst_element_factory_make ("uridecodebin", NULL);
  d->convert = gst_element_factory_make ("audioconvert", NULL);
  filter = gst_element_factory_make ("capsfilter", NULL);
  d->sink = gst_element_factory_make ("appsink", NULL);
  if (src == NULL || d->convert == NULL || filter == NULL || d->sink == NULL)
    {
      g_set_error (error, HT_ERROR, HT_ERROR_FAILED,
                   _("GStreamer’s base plugins are missing; install gstreamer1.0-plugins-base"));
      g_clear_object (&src);
      g_clear_object (&d->convert);
      g_clear_object (&filter);
      g_clear_object (&d->sink);
      return FALSE;
    }
  /* Float at the stream's own rate and channels: downmixing and resampling happen in
   * HtMonoConverter (libsoxr), several times cheaper than audioresample + the channel mixer. */
  caps = gst_caps_new_simple ("audio/x-raw",
                              "format", G_TYPE_STRING, GST_AUDIO_NE (F32),
                              "layout", G_TYPE_STRING, "interleaved",
                              NULL);
  /* Stop decodebin at raw audio: video streams (music videos) are never decoded. */
  g_object_set (src, "uri", uri, "caps", raw_audio, NULL);
  g_object_set (filter, "caps", caps, NULL);
  g_object_set (d->sink, "sync", FALSE, "max-buffers", 16, "emit-signals", FALSE, NULL);
  gst_bin_add_many (GST_BIN (d->pipeline), src, d->convert, filter, d->sink, NULL);
  if (!gst_element_link_many (d->convert, filter, d->sink, NULL))
    {
      g_set_error (error, HT_ERROR, HT_ERROR_FAILED, _("Cannot build the decoding pipeline"));
      return FALSE;
    }
  g_signal_connect (src, "pad-added", G_CALLBACK (on_pad_added_cb), d);
  d->bus = gst_element_get_bus (d->pipeline);
  return TRUE;
}

static void
read_source_format (Decoder      *d,
                    HtDecodeInfo *info)
{
  g_autoptr(GstPad) pad = gst_element_get_static_pad (d->convert, "sink");
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  int rate = 0, channels = 0;

  if (caps == NULL)
    return;
  gst_structure_get_int (gst_caps_get_structure (caps, 0), "rate", &rate);
  gst_structure_get_int (gst_caps_get_structure (caps, 0), "channels", &channels);
  info->source_rate = (guint) MAX (rate, 0);
  info->source_channels = (guint) MAX (channels, 0);
}

void
_ht_gst_init_once (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      g_autoptr(GstPluginFeature) mpg123 = NULL;

      if (!gst_is_initialized ())
        gst_init (NULL, NULL);
      /* mpg123audiodec and libav's avdec_mp3float share the "marginal" rank, and decodebin
       * picks libav: twice as slow on MP3 (0.27 s vs 0.15 s for 4 minutes here) and it loads
       * all of libavcodec. Prefer mpg123 in our process; libav stays as the fallback. */
      mpg123 = gst_registry_lookup_feature (gst_registry_get (), "mpg123audiodec");
      if (mpg123 != NULL)
        gst_plugin_feature_set_rank (mpg123, GST_RANK_PRIMARY);
      g_once_init_leave (&done, 1);
    }
}

/* The audio is converted and handed to the caller's sample function in GStreamer's streaming
 * thread, from appsink's callbacks. Pulling each buffer into the calling thread instead woke
 * that thread once per decoded frame (9,000 times for a 4-minute MP3): a tenth of the decoding
 * time went to switching threads. The calling thread waits, watches the bus, the
 * cancellable and the clock, and reports progress. */
typedef struct
{
  GMutex           lock;
  GCond            cond;
  /* Set by the calling thread: the callbacks refuse further audio. */
  gboolean         halt;
  /* Written by the streaming thread under `lock`. */
  gsize            delivered;
  gboolean         eos;
  gboolean         stopped;       /* the sample function said stop, or the clip is complete */
  gboolean         in_callback;   /* the caller's sample function is running */
  gint64           last_activity;
  GError          *error;
  /* The streaming thread's alone while the pipeline runs. */
  HtMonoConverter *converter;
  guint            channels;
  gsize            wanted;
  gsize            progress_step; /* wake the calling thread every this many samples */
  gsize            signalled_at;
  HtSampleFunc     sample_func;
  gpointer         user_data;
  GCancellable    *cancellable;
} Stream;

static GstFlowReturn
on_new_sample_cb (GstAppSink *sink,
                  gpointer    user_data)
{
  Stream *st = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  GstBuffer *buffer = sample != NULL ? gst_sample_get_buffer (sample) : NULL;
  GError *error = NULL;
  GstMapInfo map;
  gboolean more = TRUE;

  g_mutex_lock (&st->lock);
  if (st->halt || st->stopped || st->error != NULL || g_cancellable_is_cancelled (st->cancellable))
    {
      g_cond_signal (&st->cond);
      g_mutex_unlock (&st->lock);
      return GST_FLOW_EOS;
    }
  st->in_callback = TRUE;
  st->last_activity = g_get_monotonic_time ();
  g_mutex_unlock (&st->lock);

  if (st->converter == NULL && sample != NULL)
    {
      GstAudioInfo ainfo;

      if (gst_audio_info_from_caps (&ainfo, gst_sample_get_caps (sample)))
        {
          st->converter = _ht_mono_converter_new ((guint) GST_AUDIO_INFO_RATE (&ainfo),
                                                  (guint) GST_AUDIO_INFO_CHANNELS (&ainfo),
                                                  st->wanted, &error);
          st->channels = (guint) GST_AUDIO_INFO_CHANNELS (&ainfo);
        }
    }
  if (st->converter != NULL && buffer != NULL && gst_buffer_map (buffer, &map, GST_MAP_READ))
    {
      more = _ht_mono_converter_push (st->converter, (const float *) (gpointer) map.data,
                                      map.size / sizeof (float) / st->channels, st->sample_func,
                                      st->user_data);
      gst_buffer_unmap (buffer, &map);
    }

  g_mutex_lock (&st->lock);
  st->in_callback = FALSE;
  st->last_activity = g_get_monotonic_time ();
  if (st->converter != NULL)
    st->delivered = _ht_mono_converter_delivered (st->converter);
  if (error != NULL)
    st->error = error;
  if (!more)
    st->stopped = TRUE;
  /* Progress (and the cancellable) are looked at in the calling thread, a step at a time. */
  if (error != NULL || !more || st->delivered >= st->signalled_at + st->progress_step)
    {
      st->signalled_at = st->delivered;
      g_cond_signal (&st->cond);
    }
  g_mutex_unlock (&st->lock);
  return error != NULL || !more ? GST_FLOW_EOS : GST_FLOW_OK;
}

static void
on_eos_cb (GstAppSink *sink,
           gpointer    user_data)
{
  Stream *st = user_data;

  g_mutex_lock (&st->lock);
  st->eos = TRUE;
  g_cond_signal (&st->cond);
  g_mutex_unlock (&st->lock);
}

/* The callbacks take no more audio, and the streaming thread ends (a pipeline in NULL has
 * none). Safe to call again. */
static void
stop_streaming (Decoder *d,
                Stream  *st)
{
  g_mutex_lock (&st->lock);
  st->halt = TRUE;
  g_mutex_unlock (&st->lock);
  if (d->pipeline != NULL)
    gst_element_set_state (d->pipeline, GST_STATE_NULL);
}

gboolean
_ht_audio_decode_gst (GFile               *file,
                      const HtClipRequest *request,
                      HtSampleFunc         sample_func,
                      HtProgressFunc       progress_func,
                      gpointer             user_data,
                      HtDecodeInfo        *info,
                      GCancellable        *cancellable,
                      GError             **error)
{
  Decoder d = { 0 };
  Stream st = { 0 };
  GstAppSinkCallbacks callbacks = { .eos = on_eos_cb, .new_sample = on_new_sample_cb };
  gint64 duration_ns = -1;
  double start, end, clip_len;
  gsize delivered = 0, reported = 0, wanted;
  gboolean ok = FALSE, stopped = FALSE, seeked = FALSE;

  _ht_gst_init_once ();
  g_mutex_init (&st.lock);
  g_cond_init (&st.cond);
  st.sample_func = sample_func;
  st.user_data = user_data;
  st.cancellable = cancellable;
  d.name = g_file_get_parse_name (file);
  d.file = file;
  if (!build_pipeline (&d, file, error))
    goto out;

  if (gst_element_set_state (d.pipeline, GST_STATE_PAUSED) == GST_STATE_CHANGE_FAILURE)
    {
      /* The error message on the bus says why. */
      g_autoptr(GstMessage) msg = gst_bus_timed_pop_filtered (d.bus, POLL_NS, GST_MESSAGE_ERROR);
      if (msg != NULL)
        set_error_from_message (&d, msg, error);
      else
        set_unsupported_error (&d, error);
      goto out;
    }
  if (!wait_async_done (&d, cancellable, error))
    goto out;
  if (!d.linked)
    {
      g_autofree char *what = describe_content (file);
      if (what != NULL)
        set_unsupported_error (&d, error);
      else
        g_set_error (error, HT_ERROR, HT_ERROR_UNSUPPORTED_FORMAT,
                     _("“%s” contains no audio stream"), d.name);
      goto out;
    }

  gst_element_query_duration (d.pipeline, GST_FORMAT_TIME, &duration_ns);
  info->duration = duration_ns > 0 ? (double) duration_ns / GST_SECOND : 0;
  if (!_ht_audio_check_duration (file, info->duration, error))
    goto out;
  read_source_format (&d, info);
  info->clip_kind = ht_clip_choose (request, info->duration, &start, &end);
  info->clip_start = start;
  info->clip_end = end;
  clip_len = isfinite (end) ? end - start : info->duration;
  wanted = isfinite (end) ? (gsize) llround ((end - start) * HT_AUDIO_RATE) : G_MAXSIZE;

  if (start > 0 || isfinite (end))
    {
      /* Accurate seek: decode only the clip, starting at the exact sample. */
      seeked = gst_element_seek (d.pipeline, 1.0, GST_FORMAT_TIME,
                                 GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE,
                                 GST_SEEK_TYPE_SET, (gint64) (start * GST_SECOND),
                                 isfinite (end) ? GST_SEEK_TYPE_SET : GST_SEEK_TYPE_NONE,
                                 isfinite (end) ? (gint64) (end * GST_SECOND) : (gint64) -1);
      if (seeked && !wait_async_done (&d, cancellable, error))
        goto out;
    }
  g_mutex_lock (&st.lock);
  st.wanted = wanted;
  /* 1 % of the clip (or of a 4-minute track when the length is unknown). */
  st.progress_step = (gsize) MAX (4096.0, (clip_len > 0 ? clip_len : 240.0) * HT_AUDIO_RATE / 100);
  st.last_activity = g_get_monotonic_time ();
  g_mutex_unlock (&st.lock);
  gst_app_sink_set_callbacks (GST_APP_SINK (d.sink), &callbacks, &st, NULL);
  /* An empty stream reached the end while prerolling, before there were callbacks. */
  if (gst_app_sink_is_eos (GST_APP_SINK (d.sink)))
    on_eos_cb (GST_APP_SINK (d.sink), &st);
  gst_element_set_state (d.pipeline, GST_STATE_PLAYING);

  for (;;)
    {
      gboolean eos, busy;
      gint64 last_activity;
      GError *stream_error;

      g_mutex_lock (&st.lock);
      if (!st.eos && !st.stopped && st.error == NULL)
        g_cond_wait_until (&st.cond, &st.lock, g_get_monotonic_time () + 50 * G_TIME_SPAN_MILLISECOND);
      eos = st.eos;
      stopped = st.stopped;
      busy = st.in_callback;
      delivered = st.delivered;
      last_activity = st.last_activity;
      stream_error = g_steal_pointer (&st.error);
      g_mutex_unlock (&st.lock);

      if (stream_error != NULL)
        {
          g_propagate_error (error, stream_error);
          goto out;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      {
        g_autoptr(GstMessage) msg = NULL;
        gboolean truncated = FALSE;

        while (!truncated
               && (msg = gst_bus_pop_filtered (d.bus, GST_MESSAGE_ERROR | GST_MESSAGE_TAG)))
          {
            if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR)
              {
                /* A damaged file that already gave audio ends here, as a truncated one: keep
                 * it. (The streaming thread may have delivered some since the loop looked.) */
                g_mutex_lock (&st.lock);
                delivered = st.delivered;
                g_mutex_unlock (&st.lock);
                if (delivered == 0)
                  {
                    set_error_from_message (&d, msg, error);
                    goto out;
                  }
                truncated = TRUE;
              }
            else
              take_tags (&d, msg);
            g_clear_pointer (&msg, gst_message_unref);
          }
        if (truncated)
          break;
      }
      if (progress_func != NULL && clip_len > 0 && delivered != reported)
        progress_func (MIN (1.0, delivered / (clip_len * HT_AUDIO_RATE)), user_data);
      reported = delivered;
      if (eos || stopped)
        break;
      /* Only the decoder can stall: a sample function that takes its time is not stuck. */
      if (!busy && g_get_monotonic_time () - last_activity > STALL_TIMEOUT_US)
        {
          g_set_error (error, HT_ERROR, HT_ERROR_CORRUPT,
                       _("“%s” could not be decoded: the decoder stopped responding"), d.name);
          goto out;
        }
    }

  /* From now on the converter is this thread's. */
  stop_streaming (&d, &st);

  if (st.converter != NULL && !stopped)
    _ht_mono_converter_flush (st.converter, sample_func, user_data);
  delivered = st.converter != NULL ? _ht_mono_converter_delivered (st.converter) : 0;
  if (delivered == 0)
    {
      g_set_error (error, HT_ERROR, HT_ERROR_EMPTY, _("“%s” contains no audio samples"), d.name);
      goto out;
    }
  info->n_samples = delivered;
  info->clip_end = info->clip_start + (double) delivered / HT_AUDIO_RATE;
  /* A decode that ran to the end of the stream knows the true length; the container's figure
   * may be an estimate. One that stopped early knows nothing about the length. */
  if (!stopped && (info->duration <= 0 || info->clip_kind == HT_CLIP_FULL))
    info->duration = info->clip_end;
  info->codec = g_steal_pointer (&d.codec);
  info->container = g_steal_pointer (&d.container);
  ok = TRUE;

out:
  stop_streaming (&d, &st);
  decoder_clear (&d);
  g_clear_pointer (&st.converter, _ht_mono_converter_free);
  g_clear_error (&st.error);
  g_mutex_clear (&st.lock);
  g_cond_clear (&st.cond);
  return ok;
}
