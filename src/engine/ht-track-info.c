/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-track-info"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/gst.h>
#include <gst/pbutils/pbutils.h>
#include <gst/tag/tag.h>
#include <sndfile.h>
#include <string.h>

#include "ht-audio-decoder-private.h"
#include "ht-error.h"
#include "ht-track-info.h"

#define DISCOVER_TIMEOUT ((GstClockTime) _ht_timeout_us (15) * GST_USECOND)

void
ht_track_info_free (HtTrackInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->path);
  g_free (info->artist);
  g_free (info->album_artist);
  g_free (info->title);
  g_free (info->album);
  g_free (info->lyrics);
  g_free (info->lyrics_path);
  g_free (info->codec);
  g_free (info->container);
  g_free (info);
}

char *
ht_track_info_dup_display_title (const HtTrackInfo *info)
{
  const char *artist;

  g_return_val_if_fail (info != NULL, NULL);
  artist = info->artist ? info->artist : info->album_artist;
  if (artist != NULL && info->title != NULL)
    return g_strdup_printf ("%s – %s", artist, info->title);
  if (info->title != NULL)
    return g_strdup (info->title);
  return g_path_get_basename (info->path);
}

/* Tags are UTF-8 by GStreamer's contract; a broken muxer can still hand us junk. */
static char *
tag_string (const GstTagList *tags,
            const char       *tag)
{
  g_autofree char *value = NULL;
  char *valid;

  if (!gst_tag_list_get_string (tags, tag, &value))
    return NULL;
  valid = g_utf8_make_valid (g_strstrip (value), -1);
  if (valid[0] == '\0')
    g_clear_pointer (&valid, g_free);
  return valid;
}

static char *
lyrics_from_extended_comments (const GstTagList *tags)
{
  guint n = gst_tag_list_get_tag_size (tags, GST_TAG_EXTENDED_COMMENT);

  for (guint i = 0; i < n; i++)
    {
      const char *comment = NULL;
      g_autofree char *key = NULL;
      g_autofree char *lang = NULL;
      g_autofree char *value = NULL;

      if (!gst_tag_list_peek_string_index (tags, GST_TAG_EXTENDED_COMMENT, i, &comment))
        continue;
      if (!gst_tag_parse_extended_comment (comment, &key, &lang, &value, FALSE) || key == NULL)
        continue;
      if (g_ascii_strcasecmp (key, "UNSYNCEDLYRICS") == 0
          || g_ascii_strcasecmp (key, "UNSYNCED LYRICS") == 0
          || g_ascii_strcasecmp (key, "LYRICS") == 0)
        return g_utf8_make_valid (value, -1);
    }
  return NULL;
}

/* Converts one NUL-terminated ID3 string (encoding 0-3) at p, advancing p past its terminator. */
static char *
id3_string (const guint8 **p,
            const guint8  *end,
            guint8         encoding,
            gboolean       to_end)
{
  static const char * const charsets[] = { "ISO-8859-1", "UTF-16", "UTF-16BE", "UTF-8" };
  gsize unit = (encoding == 1 || encoding == 2) ? 2 : 1;
  const guint8 *q = *p;
  gsize len;

  if (!to_end)
    while (q + unit <= end && !(q[0] == 0 && (unit == 1 || q[1] == 0)))
      q += unit;
  else
    q = end;
  len = (gsize) (q - *p);
  if (unit == 2)
    len &= ~(gsize) 1;
  {
    char *out = g_convert ((const char *) *p, (gssize) len, "UTF-8", charsets[encoding], NULL, NULL,
                           NULL);
    *p = MIN (end, q + unit);
    return out;
  }
}

/* GStreamer hands ID3v2 USLT (unsynchronised lyrics) frames over undecoded, as
 * private-id3v2-frame samples: header (ID, size, flags), then encoding, language, descriptor
 * and text. */
static char *
lyrics_from_id3_frames (const GstTagList *tags)
{
  guint n = gst_tag_list_get_tag_size (tags, "private-id3v2-frame");

  for (guint i = 0; i < n; i++)
    {
      const GValue *value = gst_tag_list_get_value_index (tags, "private-id3v2-frame", i);
      GstSample *sample = value ? g_value_get_boxed (value) : NULL;
      GstBuffer *buffer = sample ? gst_sample_get_buffer (sample) : NULL;
      GstMapInfo map;
      char *text = NULL;

      if (buffer == NULL || !gst_buffer_map (buffer, &map, GST_MAP_READ))
        continue;
      /* 10-byte header, encoding, 3-byte language; flags must not say compressed/encrypted. */
      if (map.size > 14 && memcmp (map.data, "USLT", 4) == 0 && (map.data[9] & 0xcf) == 0
          && map.data[10] <= 3)
        {
          const guint8 *p = map.data + 14, *end = map.data + map.size;
          guint8 encoding = map.data[10];
          g_autofree char *descriptor = id3_string (&p, end, encoding, FALSE);
          text = id3_string (&p, end, encoding, TRUE);
        }
      gst_buffer_unmap (buffer, &map);
      if (text != NULL)
        {
          char *valid = g_utf8_make_valid (text, -1);
          g_free (text);
          return valid;
        }
    }
  return NULL;
}

static int
tag_year (const GstTagList *tags)
{
  GstDateTime *dt = NULL;
  GDate *date = NULL;
  int year = 0;

  if (gst_tag_list_get_date_time (tags, GST_TAG_DATE_TIME, &dt))
    {
      if (gst_date_time_has_year (dt))
        year = gst_date_time_get_year (dt);
      gst_date_time_unref (dt);
    }
  else if (gst_tag_list_get_date (tags, GST_TAG_DATE, &date))
    {
      if (g_date_valid (date))
        year = g_date_get_year (date);
      g_date_free (date);
    }
  return year > 0 && year < 10000 ? year : 0;
}

static gboolean
has_words (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isalnum (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

/* Bytes taken by a leading ID3v2 tag (not audio), from its 10-byte header; 0 if none. */
static goffset
id3v2_size (GFile *file)
{
  g_autoptr(GFileInputStream) in = g_file_read (file, NULL, NULL);
  guchar h[10];
  gsize got = 0;

  if (in == NULL || !g_input_stream_read_all (G_INPUT_STREAM (in), h, sizeof h, &got, NULL, NULL)
      || got != sizeof h || memcmp (h, "ID3", 3) != 0 || ((h[6] | h[7] | h[8] | h[9]) & 0x80))
    return 0;
  /* syncsafe size, plus the header, plus a footer when flagged */
  return 10 + (((goffset) h[6] << 21) | (h[7] << 14) | (h[8] << 7) | h[9]) + ((h[5] & 0x10) ? 10 : 0);
}

/* The length from the file's header, for the formats libsndfile reads; 0 otherwise. */
static double
header_duration (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  SF_INFO sfinfo = { 0 };
  SNDFILE *sf = path ? sf_open (path, SFM_READ, &sfinfo) : NULL;
  double duration = 0;

  if (sf == NULL)
    return 0;
  if (sfinfo.samplerate > 0 && sfinfo.frames > 0 && _ht_sndfile_length_is_exact (sfinfo.format))
    duration = (double) sfinfo.frames / sfinfo.samplerate;
  sf_close (sf);
  return duration;
}

static gboolean
stop_at_first_cb (const float *samples,
                  gsize        n_samples,
                  gpointer     user_data)
{
  return FALSE;
}

HtTrackInfo *
ht_track_info_read (GFile         *file,
                    GError       **lyrics_warning,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(HtTrackInfo) info = g_new0 (HtTrackInfo, 1);
  g_autoptr(GstDiscoverer) discoverer = NULL;
  g_autoptr(GstDiscovererInfo) dinfo = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *uri = NULL;
  const GstTagList *tags;
  GList *audio;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  info->path = g_file_get_parse_name (file);
  if (!_ht_audio_check_file (file, cancellable, error))
    return NULL;
  _ht_gst_init_once ();

  discoverer = gst_discoverer_new (DISCOVER_TIMEOUT, &local);
  if (discoverer == NULL)
    {
      g_set_error (error, HT_ERROR, HT_ERROR_FAILED, _("Cannot read tags: %s"), local->message);
      return NULL;
    }
  uri = g_file_get_uri (file);
  dinfo = gst_discoverer_discover_uri (discoverer, uri, &local);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (dinfo != NULL && gst_discoverer_info_get_result (dinfo) == GST_DISCOVERER_TIMEOUT)
    {
      /* Partial answers (no duration, half the tags) would pass for facts: refuse them. */
      g_set_error (error, HT_ERROR, HT_ERROR_CORRUPT,
                   _("Reading “%s” took too long; the file may be damaged"), info->path);
      return NULL;
    }
  audio = dinfo ? gst_discoverer_info_get_audio_streams (dinfo) : NULL;
  if (audio == NULL)
    {
      /* The decoder explains failures best (type sniffing, empty files, ...). */
      gst_discoverer_stream_info_list_free (audio);
      HtDecodeInfo probe = { 0 };
      gboolean decodable = _ht_audio_decode_gst (file, &(HtClipRequest) { 0, 0.1, FALSE },
                                                 stop_at_first_cb, NULL, NULL, &probe, cancellable,
                                                 error);
      ht_decode_info_clear (&probe);
      if (!decodable)
        return NULL;
      g_set_error (error, HT_ERROR, HT_ERROR_UNSUPPORTED_FORMAT,
                   _("“%s” contains no audio stream"), info->path);
      return NULL;
    }
  {
    GstDiscovererAudioInfo *a = audio->data;
    g_autoptr(GstCaps) caps = gst_discoverer_stream_info_get_caps (GST_DISCOVERER_STREAM_INFO (a));
    info->sample_rate = gst_discoverer_audio_info_get_sample_rate (a);
    info->channels = gst_discoverer_audio_info_get_channels (a);
    info->bitrate = gst_discoverer_audio_info_get_bitrate (a);
    if (caps != NULL)
      info->codec = gst_pb_utils_get_codec_description (caps);
  }
  gst_discoverer_stream_info_list_free (audio);
  {
    GstDiscovererStreamInfo *top = gst_discoverer_info_get_stream_info (dinfo);
    if (top != NULL && GST_IS_DISCOVERER_CONTAINER_INFO (top))
      {
        g_autoptr(GstCaps) caps = gst_discoverer_stream_info_get_caps (top);
        if (caps != NULL)
          info->container = gst_pb_utils_get_codec_description (caps);
      }
    g_clear_object (&top);
  }

  tags = gst_discoverer_info_get_tags (dinfo);
  if (tags != NULL && info->bitrate == 0)
    {
      guint rate = 0;
      if (gst_tag_list_get_uint (tags, GST_TAG_NOMINAL_BITRATE, &rate)
          || gst_tag_list_get_uint (tags, GST_TAG_BITRATE, &rate))
        info->bitrate = rate;
    }
  if (tags != NULL)
    {
      info->artist = tag_string (tags, GST_TAG_ARTIST);
      info->album_artist = tag_string (tags, GST_TAG_ALBUM_ARTIST);
      info->title = tag_string (tags, GST_TAG_TITLE);
      info->album = tag_string (tags, GST_TAG_ALBUM);
      info->year = tag_year (tags);
      info->lyrics = tag_string (tags, GST_TAG_LYRICS);
      if (info->lyrics == NULL)
        info->lyrics = lyrics_from_extended_comments (tags);
      if (info->lyrics == NULL)
        info->lyrics = lyrics_from_id3_frames (tags);
      if (info->lyrics != NULL && !has_words (info->lyrics))
        g_clear_pointer (&info->lyrics, g_free);
      if (info->lyrics != NULL)
        info->lyrics_source = HT_LYRICS_SOURCE_TAG;
    }

  /* libsndfile's header is exact for PCM, FLAC and Ogg; the discoverer covers the rest. */
  info->duration = header_duration (file);
  if (!(info->duration > 0))
    info->duration = (double) gst_discoverer_info_get_duration (dinfo) / GST_SECOND;
  if (!(info->duration > 0) && info->bitrate > 0)
    {
      /* The discoverer may stop before a parser has estimated the length (MP3 without a Xing
       * header on a busy machine): size / bitrate is the same estimate the parser makes. */
      g_autoptr(GFileInfo) finfo = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                      G_FILE_QUERY_INFO_NONE, NULL, NULL);
      if (finfo != NULL)
        info->duration = (double) (g_file_info_get_size (finfo) - id3v2_size (file)) * 8.0
                         / info->bitrate;
    }
  if (!(info->duration > 0))
    {
      /* Nothing to estimate from: our own pipeline prerolls and asks again. */
      HtDecodeInfo probe = { 0 };
      if (_ht_audio_decode_gst (file, &(HtClipRequest) { 0, 0.1, FALSE }, stop_at_first_cb, NULL,
                                NULL, &probe, cancellable, NULL))
        info->duration = probe.duration;
      ht_decode_info_clear (&probe);
    }

  if (info->lyrics == NULL)
    info->lyrics = ht_lyrics_read_sidecar (file, &info->lyrics_source, &info->lyrics_path,
                                           cancellable, lyrics_warning);
  return g_steal_pointer (&info);
}
