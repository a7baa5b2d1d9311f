/* ht-test-audio.h: writes real audio files for tests, in every format Hometown reads.
 * Header-only (static functions) so any test can include it.
 *
 * The signal is a stepped tone: 300 Hz + 20 Hz per whole second (phase-continuous), so the
 * frequency heard at any moment says where in the track it comes from. */
#pragma once

#include <gst/app/gstappsrc.h>
#include <gst/audio/audio.h>
#include <gst/gst.h>
#include <gst/tag/tag.h>
#include <math.h>
#include <sndfile.h>
#include <string.h>

typedef struct
{
  const char *title;
  const char *artist;
  const char *album;
  const char *lyrics;
  const char *extended;   /* an extended comment "KEY=value", e.g. UNSYNCEDLYRICS=... */
  int         year;
} HtTestTags;

static inline double
ht_test_tone_hz (double t)
{
  return 300.0 + 20.0 * floor (t);
}

static inline float *
ht_test_tone (int rate, int channels, double seconds, gsize *n_frames)
{
  gsize n = (gsize) llround (seconds * rate);
  float *x = g_new (float, n * channels);
  double phase = 0;

  for (gsize i = 0; i < n; i++)
    {
      float v = (float) (0.5 * sin (phase));
      phase += 2 * G_PI * ht_test_tone_hz ((double) i / rate) / rate;
      if (phase > 2 * G_PI)
        phase -= 2 * G_PI;
      for (int c = 0; c < channels; c++)
        x[i * channels + c] = v;
    }
  *n_frames = n;
  return x;
}

/* format: SF_FORMAT_WAV|SF_FORMAT_PCM_16 and the like. */
static inline void
ht_test_write_sndfile (const char *path, int format, int rate, int channels, double seconds,
                       const HtTestTags *tags)
{
  SF_INFO info = { .samplerate = rate, .channels = channels, .format = format };
  gsize n;
  g_autofree float *x = ht_test_tone (rate, channels, seconds, &n);
  SNDFILE *sf = sf_open (path, SFM_WRITE, &info);

  g_assert_nonnull (sf);
  if (tags != NULL)
    {
      if (tags->title)
        sf_set_string (sf, SF_STR_TITLE, tags->title);
      if (tags->artist)
        sf_set_string (sf, SF_STR_ARTIST, tags->artist);
      if (tags->album)
        sf_set_string (sf, SF_STR_ALBUM, tags->album);
    }
  g_assert_cmpint (sf_writef_float (sf, x, (sf_count_t) n), ==, (sf_count_t) n);
  g_assert_cmpint (sf_close (sf), ==, 0);
}

static inline void
ht_test_set_tags (GstElement *pipeline, const HtTestTags *tags)
{
  g_autoptr(GstTagList) list = gst_tag_list_new_empty ();
  g_autoptr(GstIterator) it = NULL;
  GValue item = G_VALUE_INIT;

  if (tags->title)
    gst_tag_list_add (list, GST_TAG_MERGE_REPLACE, GST_TAG_TITLE, tags->title, NULL);
  if (tags->artist)
    gst_tag_list_add (list, GST_TAG_MERGE_REPLACE, GST_TAG_ARTIST, tags->artist, NULL);
  if (tags->album)
    gst_tag_list_add (list, GST_TAG_MERGE_REPLACE, GST_TAG_ALBUM, tags->album, NULL);
  if (tags->lyrics)
    gst_tag_list_add (list, GST_TAG_MERGE_REPLACE, GST_TAG_LYRICS, tags->lyrics, NULL);
  if (tags->extended)
    gst_tag_list_add (list, GST_TAG_MERGE_APPEND, GST_TAG_EXTENDED_COMMENT, tags->extended, NULL);
  if (tags->year > 0)
    {
      /* Some muxers (TagLib's id3v2mux) write the year only from a GDate. */
      g_autoptr(GstDateTime) dt = gst_date_time_new_y (tags->year);
      GDate *date = g_date_new_dmy (1, G_DATE_JANUARY, (GDateYear) tags->year);
      gst_tag_list_add (list, GST_TAG_MERGE_REPLACE, GST_TAG_DATE_TIME, dt, NULL);
      gst_tag_list_add (list, GST_TAG_MERGE_REPLACE, GST_TAG_DATE, date, NULL);
      g_date_free (date);
    }
  it = gst_bin_iterate_all_by_interface (GST_BIN (pipeline), GST_TYPE_TAG_SETTER);
  while (gst_iterator_next (it, &item) == GST_ITERATOR_OK)
    {
      GstElement *e = g_value_get_object (&item);
      gst_tag_setter_merge_tags (GST_TAG_SETTER (e), list, GST_TAG_MERGE_REPLACE);
      g_value_reset (&item);
      break;   /* the muxer nearest the file is enough; two setters would write tags twice */
    }
  g_value_unset (&item);
}

/* encoder: a gst-launch fragment, e.g. "lamemp3enc ! id3v2mux". */
static inline void
ht_test_write_gst (const char *path, const char *encoder, int rate, int channels, double seconds,
                   const HtTestTags *tags)
{
  g_autofree char *desc = g_strdup_printf (
      "appsrc name=src format=time ! audioconvert ! audioresample ! %s ! filesink location=\"%s\"",
      encoder, path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = gst_parse_launch (desc, &error);
  g_autoptr(GstElement) src = NULL;
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) msg = NULL;
  gsize n;
  g_autofree float *x = ht_test_tone (rate, channels, seconds, &n);
  gsize chunk = (gsize) rate / 10, pos = 0;

  g_assert_no_error (error);
  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  caps = gst_caps_new_simple ("audio/x-raw", "format", G_TYPE_STRING, GST_AUDIO_NE (F32),
                              "layout", G_TYPE_STRING, "interleaved", "rate", G_TYPE_INT, rate,
                              "channels", G_TYPE_INT, channels, NULL);
  g_object_set (src, "caps", caps, NULL);
  if (tags != NULL)
    ht_test_set_tags (pipeline, tags);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  while (pos < n)
    {
      gsize take = MIN (chunk, n - pos);
      GstBuffer *buf = gst_buffer_new_memdup (x + pos * channels, take * channels * sizeof (float));
      GST_BUFFER_PTS (buf) = gst_util_uint64_scale (pos, GST_SECOND, rate);
      GST_BUFFER_DURATION (buf) = gst_util_uint64_scale (take, GST_SECOND, rate);
      g_assert_cmpint (gst_app_src_push_buffer (GST_APP_SRC (src), buf), ==, GST_FLOW_OK);
      pos += take;
    }
  gst_app_src_end_of_stream (GST_APP_SRC (src));
  bus = gst_element_get_bus (pipeline);
  msg = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (msg);
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) gerr = NULL;
      gst_message_parse_error (msg, &gerr, NULL);
      g_error ("writing %s with %s: %s", path, encoder, gerr->message);
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
}

/* Frequency of a clean tone from its zero crossings over [from, to) seconds of x. */
static inline double
ht_test_measure_hz (const float *x, gsize n, int rate, double from, double to)
{
  gsize a = (gsize) (from * rate), b = MIN ((gsize) (to * rate), n);
  gsize crossings = 0;

  for (gsize i = a + 1; i < b; i++)
    if ((x[i - 1] < 0) != (x[i] < 0))
      crossings++;
  return crossings / 2.0 / ((double) (b - a) / rate);
}

/* An ID3v2.3 tag built by hand from the spec (TagLib's id3v2mux writes no USLT frame): TIT2
 * and TPE1 in ISO-8859-1, USLT (unsynchronised lyrics) in UTF-16 with a BOM. */
static inline void
ht_test_id3v23_append_frame (GByteArray *tag, const char *id, const guint8 *body, gsize len)
{
  guint8 header[10] = { 0 };
  memcpy (header, id, 4);
  header[4] = (guint8) (len >> 24);
  header[5] = (guint8) (len >> 16);
  header[6] = (guint8) (len >> 8);
  header[7] = (guint8) len;
  g_byte_array_append (tag, header, sizeof header);
  g_byte_array_append (tag, body, (guint) len);
}

static inline GByteArray *
ht_test_id3v23_tag (const char *title, const char *artist, const char *lyrics)
{
  GByteArray *frames = g_byte_array_new ();
  GByteArray *tag = g_byte_array_new ();
  guint8 header[10] = { 'I', 'D', '3', 3, 0, 0 };
  GByteArray *body;
  gsize size;

  body = g_byte_array_new ();
  g_byte_array_append (body, (const guint8 *) "\0", 1);
  g_byte_array_append (body, (const guint8 *) title, (guint) strlen (title));
  ht_test_id3v23_append_frame (frames, "TIT2", body->data, body->len);
  g_byte_array_set_size (body, 0);
  g_byte_array_append (body, (const guint8 *) "\0", 1);
  g_byte_array_append (body, (const guint8 *) artist, (guint) strlen (artist));
  ht_test_id3v23_append_frame (frames, "TPE1", body->data, body->len);
  g_byte_array_set_size (body, 0);
  {
    /* encoding 1 (UTF-16 with BOM), language, empty descriptor (BOM + 2 NULs), text */
    glong n16 = 0;
    g_autofree gunichar2 *u16 = g_utf8_to_utf16 (lyrics, -1, NULL, &n16, NULL);
    const guint8 lead[] = { 1, 'e', 'n', 'g', 0xff, 0xfe, 0, 0, 0xff, 0xfe };
    g_byte_array_append (body, lead, sizeof lead);
    for (glong i = 0; i < n16; i++)
      {
        guint8 le[2] = { (guint8) (u16[i] & 0xff), (guint8) (u16[i] >> 8) };
        g_byte_array_append (body, le, 2);
      }
  }
  ht_test_id3v23_append_frame (frames, "USLT", body->data, body->len);
  g_byte_array_unref (body);

  size = frames->len;   /* syncsafe: 7 bits per byte */
  header[6] = (guint8) ((size >> 21) & 0x7f);
  header[7] = (guint8) ((size >> 14) & 0x7f);
  header[8] = (guint8) ((size >> 7) & 0x7f);
  header[9] = (guint8) (size & 0x7f);
  g_byte_array_append (tag, header, sizeof header);
  g_byte_array_append (tag, frames->data, frames->len);
  g_byte_array_unref (frames);
  return tag;
}
