/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-mel-clip"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ht-error.h"
#include "ht-mel-clip.h"
#include "htc-stft.h"

#define DB_AMIN 1e-10f
#define DB_TOP 80.0f
#define CACHE_MAGIC "HTMEL\0\0\1"
#define CACHE_HEADER 40

void
ht_mel_clip_free (HtMelClip *clip)
{
  if (clip == NULL)
    return;
  g_free (clip->db);
  g_free (clip);
}

/* The clip's mel dB spectrogram from its samples; `name` names the file in errors. */
static HtMelClip *
mel_clip_new (const HtcSpectroParams *params,
              const float            *pcm,
              gsize                   n,
              HtClipKind              kind,
              double                  start,
              double                  end,
              const char             *name,
              GError                **error)
{
  g_autoptr(HtMelClip) clip = NULL;
  HtcSpectro *probe = NULL;
  HtcStatus status;

  clip = g_new0 (HtMelClip, 1);
  clip->clip_kind = kind;
  clip->clip_start = start;
  clip->clip_end = end;
  if (!ht_error_check_status (htc_spectro_new (params, &probe), name, error))
    return NULL;
  clip->n_mels = htc_spectro_n_bands (probe);
  htc_spectro_free (probe);
  clip->n_frames = 1 + n / params->hop;
  clip->db = g_new (float, (gsize) clip->n_mels * clip->n_frames);
  status = htc_spectro_compute (params, pcm, n, clip->db, (gsize) clip->n_mels * clip->n_frames);
  if (!ht_error_check_status (status, name, error))
    return NULL;
  htc_power_to_db (clip->db, (gsize) clip->n_mels * clip->n_frames, DB_AMIN, 1.0f, DB_TOP);
  return g_steal_pointer (&clip);
}

HtMelClip *
ht_mel_clip_compute (GFile                  *file,
                     const HtcSpectroParams *params,
                     const HtClipRequest    *request,
                     GCancellable           *cancellable,
                     GError                **error)
{
  g_autofree float *pcm = NULL;
  g_autofree char *name = NULL;
  HtDecodeInfo info = { 0 };
  HtMelClip *clip;
  gsize n = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (params != NULL && request != NULL, NULL);

  pcm = ht_audio_decode_clip (file, request, &n, &info, cancellable, error);
  if (pcm != NULL)
    {
      name = g_file_get_parse_name (file);
      clip = mel_clip_new (params, pcm, n, info.clip_kind, info.clip_start, info.clip_end, name,
                           error);
    }
  else
    clip = NULL;
  ht_decode_info_clear (&info);
  return clip;
}

char *
ht_mel_clip_cache_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "hometown", "audio-features", NULL);
}

static char *
cache_path (GFile *file, const HtcSpectroParams *p, const HtClipRequest *r, GCancellable *cancellable)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *key = NULL, *dir = NULL, *base = NULL;
  g_autoptr(GDateTime) mtime = NULL;

  if (path == NULL)
    return NULL;
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_TIME_MODIFIED
                            "," G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                            G_FILE_QUERY_INFO_NONE, cancellable, NULL);
  if (info == NULL)
    return NULL;
  mtime = g_file_info_get_modification_date_time (info);
  key = g_strdup_printf ("v1\n%s\n%" G_GINT64_FORMAT "\n%" G_GINT64_FORMAT "\n%.3f %zu %zu %d %zu "
                         "%.3f %.3f\n%.3f %.3f %d",
                         path, (gint64) g_file_info_get_size (info),
                         mtime ? g_date_time_to_unix (mtime) * 1000000 + g_date_time_get_microsecond (mtime) : 0,
                         p->sample_rate, p->n_fft, p->hop, (int) p->scale, p->n_mels, p->fmin,
                         p->fmax, r->start, r->end, r->full);
  base = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  dir = ht_mel_clip_cache_dir ();
  return g_build_filename (dir, base, NULL);
}

static HtMelClip *
cache_read (const char *path, guint n_mels)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  guint32 u[3];
  float max_db;
  double times[2];
  g_autoptr(HtMelClip) clip = NULL;
  gsize n;

  if (!g_file_get_contents (path, &data, &len, NULL))
    return NULL;
  if (len < CACHE_HEADER || memcmp (data, CACHE_MAGIC, 8) != 0)
    return NULL;
  memcpy (u, data + 8, sizeof u);
  memcpy (&max_db, data + 20, sizeof max_db);
  memcpy (times, data + 24, sizeof times);
  n = (gsize) GUINT32_FROM_LE (u[0]) * GUINT32_FROM_LE (u[1]);
  if (GUINT32_FROM_LE (u[0]) != n_mels || u[1] == 0 || len != CACHE_HEADER + n
      || GUINT32_FROM_LE (u[2]) > HT_CLIP_FULL || !isfinite (max_db))
    return NULL;
  clip = g_new0 (HtMelClip, 1);
  clip->n_mels = GUINT32_FROM_LE (u[0]);
  clip->n_frames = GUINT32_FROM_LE (u[1]);
  clip->clip_kind = GUINT32_FROM_LE (u[2]);
  clip->clip_start = times[0];
  clip->clip_end = times[1];
  clip->db = g_new (float, n);
  for (gsize i = 0; i < n; i++)
    clip->db[i] = max_db - DB_TOP + (guchar) data[CACHE_HEADER + i] * (DB_TOP / 255.0f);
  return g_steal_pointer (&clip);
}

static void
cache_write (const char *path, const HtMelClip *clip)
{
  gsize n = (gsize) clip->n_mels * clip->n_frames;
  g_autofree char *data = g_malloc (CACHE_HEADER + n);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;
  guint32 u[3] = { GUINT32_TO_LE (clip->n_mels), GUINT32_TO_LE (clip->n_frames),
                   GUINT32_TO_LE (clip->clip_kind) };
  double times[2] = { clip->clip_start, clip->clip_end };
  float max_db = -INFINITY;

  for (gsize i = 0; i < n; i++)
    max_db = MAX (max_db, clip->db[i]);
  memcpy (data, CACHE_MAGIC, 8);
  memcpy (data + 8, u, sizeof u);
  memcpy (data + 20, &max_db, sizeof max_db);
  memcpy (data + 24, times, sizeof times);
  for (gsize i = 0; i < n; i++)
    {
      float q = (clip->db[i] - (max_db - DB_TOP)) * (255.0f / DB_TOP);
      data[CACHE_HEADER + i] = (char) (guchar) CLAMP (lrintf (q), 0, 255);
    }
  if (g_mkdir_with_parents (dir, 0700) != 0
      || !g_file_set_contents (path, data, CACHE_HEADER + n, &error))
    g_warning ("Cannot write the feature cache %s: %s", path,
               error ? error->message : g_strerror (errno));
}

HtMelClip *
ht_mel_clip_get (GFile                  *file,
                 const HtcSpectroParams *params,
                 const HtClipRequest    *request,
                 HtSharedClip           *shared,
                 HtMelClipSource        *source,
                 GCancellable           *cancellable,
                 GError                **error)
{
  g_autofree char *path = NULL;
  HtMelClip *clip = NULL;
  HtMelClipSource found = HT_MEL_CLIP_DECODED;
  const float *pcm;
  gsize n;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (params != NULL && request != NULL, NULL);

  path = cache_path (file, params, request, cancellable);
  if (path != NULL && (clip = cache_read (path, params->n_mels)) != NULL)
    {
      if (source != NULL)
        *source = HT_MEL_CLIP_FROM_CACHE;
      return clip;
    }
  if (shared != NULL && (pcm = ht_shared_clip_wait (shared, &n, cancellable)) != NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      clip = mel_clip_new (params, pcm, n, HT_CLIP_WINDOW, ht_shared_clip_get_start (shared),
                           ht_shared_clip_get_end (shared), name, error);
      if (clip == NULL)
        return NULL;
      found = HT_MEL_CLIP_FROM_SHARED;
    }
  else if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (clip == NULL)
    clip = ht_mel_clip_compute (file, params, request, cancellable, error);
  if (clip != NULL && path != NULL)
    cache_write (path, clip);
  if (clip != NULL && source != NULL)
    *source = found;
  return clip;
}

guint
ht_mel_clip_n_patches (const HtMelClip *clip,
                       guint            patch_frames,
                       guint            hop)
{
  g_return_val_if_fail (clip != NULL && patch_frames > 0 && hop > 0, 0);
  if (clip->n_frames <= patch_frames)
    return 1;
  return 1 + (clip->n_frames - patch_frames) / hop;
}

void
ht_mel_clip_get_patch (const HtMelClip *clip,
                       guint            offset,
                       guint            patch_frames,
                       float           *out)
{
  g_return_if_fail (clip != NULL && out != NULL && clip->n_frames > 0);
  for (guint m = 0; m < clip->n_mels; m++)
    {
      const float *row = clip->db + (gsize) m * clip->n_frames;
      float *dst = out + (gsize) m * patch_frames;

      if (offset + patch_frames <= clip->n_frames)
        memcpy (dst, row + offset, patch_frames * sizeof (float));
      else
        for (guint f = 0; f < patch_frames; f++)
          dst[f] = row[(offset + f) % clip->n_frames];
    }
}
