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

typedef struct
{
  const char *title;
  const char *artist;
  const char *album;
  const char *lyrics;
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
  if (tags->year > 0)
    {
      g_autoptr(GstDateTime) dt = gst_date_time_new_y (tags->year);
      gst_tag_list_add (list, GST_TAG_MERGE_REPLACE, GST_TAG_DATE_TIME, dt, NULL);
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
