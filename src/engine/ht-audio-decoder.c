/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-audio-decoder"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <sndfile.h>

#include "ht-clock.h"
#include "ht-audio-decoder.h"
#include "ht-audio-decoder-private.h"
#include "ht-error.h"
#include "ht-mono-converter.h"

/* Tracks longer than this are refused: nothing real is this long, and a broken header that
 * claims days of audio must not make us try. */
#define MAX_DURATION_S (6.0 * 3600.0)

HtClipKind
ht_clip_choose (const HtClipRequest *request,
                double               duration,
                double              *start,
                double              *end)
{
  double length;

  g_return_val_if_fail (request != NULL && start != NULL && end != NULL, HT_CLIP_FULL);

  if (request->literal)
    {
      *start = MAX (request->start, 0.0);
      *end = request->end;
      return HT_CLIP_WINDOW;
    }
  length = request->end - request->start;
  if (request->full || !(length > 0))
    {
      *start = 0;
      *end = duration > 0 ? duration : INFINITY;
      return HT_CLIP_FULL;
    }
  if (!(duration > 0) || duration >= request->end)
    {
      /* Unknown length: ask for the window and take what comes. */
      *start = request->start;
      *end = request->end;
      return HT_CLIP_WINDOW;
    }
  if (duration >= length)
    {
      *start = (duration - length) / 2.0;
      *end = *start + length;
      return HT_CLIP_MIDDLE;
    }
  *start = 0;
  *end = duration;
  return HT_CLIP_WHOLE;
}

char *
ht_clip_describe (HtClipKind kind,
                  double     start,
                  double     end)
{
  g_autofree char *a = ht_clock_format (start);
  g_autofree char *b = ht_clock_format (end);

  switch (kind)
    {
    case HT_CLIP_WINDOW:
      /* Translators: an analysis window, e.g. "0:30–1:15" */
      return g_strdup_printf (_("%s–%s"), a, b);
    case HT_CLIP_MIDDLE:
      return g_strdup_printf (_("%s–%s (the middle: the track ends before the usual window)"), a, b);
    case HT_CLIP_WHOLE:
      return g_strdup_printf (_("%s–%s (the whole track: it is shorter than the window)"), a, b);
    case HT_CLIP_FULL:
    default:
      return g_strdup_printf (_("%s–%s (the whole track)"), a, b);
    }
}

void
ht_decode_info_clear (HtDecodeInfo *info)
{
  if (info == NULL)
    return;
  g_clear_pointer (&info->codec, g_free);
  g_clear_pointer (&info->container, g_free);
  memset (info, 0, sizeof *info);
}

/* ---- checks every backend shares ---- */

gint64
_ht_timeout_us (double seconds)
{
  static double scale = 0;

  if (scale == 0)
    {
      const char *env = g_getenv ("HOMETOWN_TIMEOUT_SCALE");
      double s = env ? g_ascii_strtod (env, NULL) : 1.0;
      scale = s >= 1.0 && s <= 1000.0 ? s : 1.0;
    }
  return (gint64) (seconds * scale * G_USEC_PER_SEC);
}

gboolean
_ht_audio_check_file (GFile        *file,
                      GCancellable *cancellable,
                      GError      **error)
{
  g_autoptr(GFileInfo) finfo = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *name = g_file_get_parse_name (file);

  finfo = g_file_query_info (file,
                             G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                             G_FILE_ATTRIBUTE_ACCESS_CAN_READ,
                             G_FILE_QUERY_INFO_NONE, cancellable, &local);
  if (finfo == NULL)
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, HT_ERROR, HT_ERROR_NOT_FOUND, _("“%s” does not exist"), name);
      else if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, HT_ERROR, HT_ERROR_PERMISSION, _("“%s” cannot be read: %s"), name,
                     local->message);
      return FALSE;
    }
  if (g_file_info_get_file_type (finfo) == G_FILE_TYPE_DIRECTORY)
    {
      g_set_error (error, HT_ERROR, HT_ERROR_NOT_A_FILE, _("“%s” is a folder, not an audio file"), name);
      return FALSE;
    }
  if (g_file_info_get_file_type (finfo) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, HT_ERROR, HT_ERROR_NOT_A_FILE, _("“%s” is not a regular file"), name);
      return FALSE;
    }
  if (g_file_info_has_attribute (finfo, G_FILE_ATTRIBUTE_ACCESS_CAN_READ)
      && !g_file_info_get_attribute_boolean (finfo, G_FILE_ATTRIBUTE_ACCESS_CAN_READ))
    {
      g_set_error (error, HT_ERROR, HT_ERROR_PERMISSION,
                   _("“%s” cannot be read: permission denied"), name);
      return FALSE;
    }
  if (g_file_info_get_size (finfo) == 0)
    {
      g_set_error (error, HT_ERROR, HT_ERROR_EMPTY, _("“%s” is empty (0 bytes)"), name);
      return FALSE;
    }
  return TRUE;
}

gboolean
_ht_audio_check_duration (GFile   *file,
                          double   duration,
                          GError **error)
{
  g_autofree char *name = NULL;

  if (duration <= MAX_DURATION_S)
    return TRUE;
  name = g_file_get_parse_name (file);
  g_set_error (error, HT_ERROR, HT_ERROR_TOO_LONG,
               _("“%s” claims to last %.0f hours; Hometown reads tracks of up to %.0f hours"),
               name, duration / 3600.0, MAX_DURATION_S / 3600.0);
  return FALSE;
}

/* ---- the libsndfile fast path ---- */

typedef struct
{
  SNDFILE *sf;
  SF_INFO  sfinfo;
} SndFile;

static void
snd_file_close (SndFile *s)
{
  if (s->sf != NULL)
    sf_close (s->sf);
  s->sf = NULL;
}

static char *
sndfile_format_name (int format,
                     int mask)
{
  SF_FORMAT_INFO fi = { .format = format & mask };
  int cmd = mask == SF_FORMAT_TYPEMASK ? SFC_GET_FORMAT_INFO : SFC_GET_FORMAT_INFO;

  if (sf_command (NULL, cmd, &fi, sizeof fi) == 0 && fi.name != NULL)
    return g_strdup (fi.name);
  return NULL;
}

static gboolean
decode_with_sndfile (GFile          *file,
                     SndFile        *s,
                     const HtClipRequest *request,
                     HtSampleFunc    sample_func,
                     HtProgressFunc  progress_func,
                     gpointer        user_data,
                     HtDecodeInfo   *info,
                     GCancellable   *cancellable,
                     GError        **error)
{
  g_autofree char *name = g_file_get_parse_name (file);
  const sf_count_t block = 8192;
  g_autofree float *in = NULL;
  g_autoptr(HtMonoConverter) converter = NULL;
  double duration = (double) s->sfinfo.frames / s->sfinfo.samplerate;
  double start, end;
  sf_count_t first, to_read, done = 0;
  gsize wanted;
  int channels = s->sfinfo.channels;

  if (!_ht_audio_check_duration (file, duration, error))
    return FALSE;

  info->duration = duration;
  info->source_rate = (guint) s->sfinfo.samplerate;
  info->source_channels = (guint) channels;
  info->codec = sndfile_format_name (s->sfinfo.format, SF_FORMAT_SUBMASK);
  info->container = sndfile_format_name (s->sfinfo.format, SF_FORMAT_TYPEMASK);
  info->clip_kind = ht_clip_choose (request, duration, &start, &end);
  info->clip_start = start;
  info->clip_end = MIN (end, duration);

  first = (sf_count_t) llround (start * s->sfinfo.samplerate);
  to_read = (sf_count_t) llround (MIN (end, duration) * s->sfinfo.samplerate) - first;
  if (first > 0 && sf_seek (s->sf, first, SEEK_SET) < 0)
    {
      g_set_error (error, HT_ERROR, HT_ERROR_CORRUPT,
                   _("“%s” cannot be read: seeking to %.1f s failed (%s)"), name, start,
                   sf_strerror (s->sf));
      return FALSE;
    }
  wanted = (gsize) llround ((double) to_read * HT_AUDIO_RATE / s->sfinfo.samplerate);
  converter = _ht_mono_converter_new ((guint) s->sfinfo.samplerate, (guint) channels, wanted, error);
  if (converter == NULL)
    return FALSE;
  in = g_new (float, block * channels);

  while (done < to_read)
    {
      sf_count_t got;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      got = sf_readf_float (s->sf, in, MIN (block, to_read - done));
      if (got <= 0)
        break;   /* a truncated file ends early: keep what was read */
      done += got;
      if (!_ht_mono_converter_push (converter, in, (gsize) got, sample_func, user_data))
        break;
      if (progress_func != NULL)
        progress_func ((double) done / (double) MAX (to_read, 1), user_data);
    }
  _ht_mono_converter_flush (converter, sample_func, user_data);

  if (done == 0 && to_read > 0)
    {
      g_set_error (error, HT_ERROR, HT_ERROR_CORRUPT,
                   _("“%s” is damaged: no audio could be decoded"), name);
      return FALSE;
    }
  info->n_samples = _ht_mono_converter_delivered (converter);
  info->clip_end = info->clip_start + (double) done / s->sfinfo.samplerate;
  /* Compressed formats report an estimate; a full decode knows the real length. */
  if (info->clip_kind == HT_CLIP_FULL && done >= to_read)
    info->duration = info->clip_end;
  return TRUE;
}

gboolean
_ht_sndfile_length_is_exact (int format)
{
  /* libsndfile's MP3 length is mpg123's guess, wrong by a factor of 6 on CBR files without a
   * Xing header; the clip rules and the decode length rely on it, so MP3 goes to GStreamer. */
  return (format & SF_FORMAT_TYPEMASK) != SF_FORMAT_MPEG;
}

static gboolean
open_with_sndfile (GFile   *file,
                   SndFile *s)
{
  g_autofree char *path = g_file_get_path (file);

  if (path == NULL)
    return FALSE;
  memset (s, 0, sizeof *s);
  s->sf = sf_open (path, SFM_READ, &s->sfinfo);
  if (s->sf == NULL)
    return FALSE;
  /* libsndfile opens some non-audio files as headerless formats it guesses; and a file with
   * no frames is better explained by GStreamer's type-finding. */
  if (s->sfinfo.channels < 1 || s->sfinfo.channels > 64 || s->sfinfo.samplerate < 1000
      || s->sfinfo.samplerate > 768000 || s->sfinfo.frames <= 0
      || !_ht_sndfile_length_is_exact (s->sfinfo.format))
    {
      snd_file_close (s);
      return FALSE;
    }
  return TRUE;
}

gboolean
ht_audio_decode (GFile               *file,
                 const HtClipRequest *request,
                 HtSampleFunc         sample_func,
                 HtProgressFunc       progress_func,
                 gpointer             user_data,
                 HtDecodeInfo        *info,
                 GCancellable        *cancellable,
                 GError             **error)
{
  HtDecodeInfo local_info = { 0 };
  HtClipRequest default_request = HT_CLIP_REQUEST_DEFAULT;
  SndFile s;
  gboolean ok;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (sample_func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (request == NULL)
    request = &default_request;
  if (info == NULL)
    info = &local_info;
  else
    ht_decode_info_clear (info);

  if (!_ht_audio_check_file (file, cancellable, error))
    return FALSE;

  if (open_with_sndfile (file, &s))
    {
      ok = decode_with_sndfile (file, &s, request, sample_func, progress_func, user_data, info,
                                cancellable, error);
      snd_file_close (&s);
    }
  else
    ok = _ht_audio_decode_gst (file, request, sample_func, progress_func, user_data, info,
                               cancellable, error);
  ht_decode_info_clear (&local_info);
  return ok;
}

typedef struct
{
  GArray *samples;
} Collect;

static gboolean
collect_cb (const float *samples,
            gsize        n_samples,
            gpointer     user_data)
{
  Collect *c = user_data;
  g_array_append_vals (c->samples, samples, (guint) n_samples);
  return TRUE;
}

float *
ht_audio_decode_clip (GFile               *file,
                      const HtClipRequest *request,
                      gsize               *n_samples,
                      HtDecodeInfo        *info,
                      GCancellable        *cancellable,
                      GError             **error)
{
  HtClipRequest clip = request ? *request : HT_CLIP_REQUEST_DEFAULT;
  Collect c;

  g_return_val_if_fail (n_samples != NULL, NULL);
  *n_samples = 0;
  clip.full = FALSE;
  c.samples = g_array_sized_new (FALSE, FALSE, sizeof (float),
                                 (guint) ((clip.end - clip.start) * HT_AUDIO_RATE) + 1024);
  if (!ht_audio_decode (file, &clip, collect_cb, NULL, &c, info, cancellable, error))
    {
      g_array_unref (c.samples);
      return NULL;
    }
  *n_samples = c.samples->len;
  return (float *) g_array_free (c.samples, FALSE);
}
