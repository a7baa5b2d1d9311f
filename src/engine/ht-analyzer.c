/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-analyzer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <gst/gst.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "ht-analyzer-private.h"
#include "ht-audio-model.h"
#include "ht-error.h"
#include "ht-lyrics-model.h"
#include "ht-lyrics-store.h"
#include "ht-mel-clip.h"
#include "ht-origin-table.h"
#include "ht-region.h"
#include "ht-spectrogram.h"
#include "ht-track-info.h"
#include "ht-track-private.h"

/* The stages of one analysis and where each starts on the progress bar: decoding the whole
 * track for the spectrogram is most of the time, so it comes last and both models' cards fill
 * first (the CNN decodes only its 45-s window, seeking to it, unless the whole track is being
 * decoded beside it: then it takes the window's samples from that decode). */
typedef enum
{
  STAGE_INFO,
  STAGE_LYRICS_MODEL,
  STAGE_AUDIO_MODEL,
  STAGE_SPECTROGRAM,
  N_STAGES
} Stage;

static const double stage_start[N_STAGES + 1] = { 0.0, 0.04, 0.06, 0.16, 1.0 };

/* Progress messages: at most one per 40 ms per track, and only on a per-mille change. */
#define PROGRESS_INTERVAL (40 * G_TIME_SPAN_MILLISECOND)

/* The models, shared by every job: loaded on first use on a worker thread (never the UI's),
 * the audio model again whenever its file changes (the user trained a new one). Both are
 * immutable once loaded and safe to use from several threads at once. */
typedef struct
{
  gatomicrefcount  ref_count;
  GMutex           lock;
  char            *audio_model_path;   /* NULL: ht_audio_model_default_path () */
  HtAudioModel    *audio_model;
  guint64          audio_mtime;        /* of the file audio_model / audio_error came from */
  GError          *audio_error;        /* why the file there cannot be used */
  gboolean         origins_tried;
  HtOriginTable   *origins;
  GError          *origins_error;      /* why there is no origin table */
  gboolean         lyrics_tried;       /* the shipped lyrics model is loaded once */
  HtLyricsModel   *lyrics_model;
  GError          *lyrics_error;       /* why it is missing or unusable */
  gint             n_shared_windows;   /* CNN windows taken from the spectrogram's decode (tests) */
} Models;

static Models *
models_new (void)
{
  Models *m = g_new0 (Models, 1);

  g_atomic_ref_count_init (&m->ref_count);
  g_mutex_init (&m->lock);
  return m;
}

static Models *
models_ref (Models *m)
{
  g_atomic_ref_count_inc (&m->ref_count);
  return m;
}

static void
models_unref (Models *m)
{
  if (!g_atomic_ref_count_dec (&m->ref_count))
    return;
  g_mutex_clear (&m->lock);
  g_free (m->audio_model_path);
  g_clear_object (&m->audio_model);
  g_clear_error (&m->audio_error);
  g_clear_object (&m->origins);
  g_clear_error (&m->origins_error);
  g_clear_object (&m->lyrics_model);
  g_clear_error (&m->lyrics_error);
  g_free (m);
}

/* The shipped lyrics model (a new reference), or NULL with `error` saying why. Worker thread. */
static HtLyricsModel *
models_get_lyrics (Models        *m,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&m->lock);

  if (!m->lyrics_tried)
    {
      m->lyrics_model = ht_lyrics_model_load_default (cancellable, &m->lyrics_error);
      if (g_error_matches (m->lyrics_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&m->lyrics_error));
          return NULL;
        }
      m->lyrics_tried = TRUE;
    }
  if (m->lyrics_model == NULL)
    {
      g_propagate_error (error, g_error_copy (m->lyrics_error));
      return NULL;
    }
  return g_object_ref (m->lyrics_model);
}

/* The audio model to use now (a new reference), or NULL: with no error when none has been
 * trained, with one when the file there cannot be used. Worker thread. */
static HtAudioModel *
models_get_audio (Models        *m,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&m->lock);
  guint64 mtime;

  path = m->audio_model_path != NULL ? g_strdup (m->audio_model_path)
                                     : ht_audio_model_default_path ();
  file = g_file_new_for_path (path);
  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_TIME_MODIFIED "," G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC
                            "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, NULL);
  if (info == NULL)
    {
      g_clear_object (&m->audio_model);
      g_clear_error (&m->audio_error);
      m->audio_mtime = 0;
      return NULL;
    }
  /* A changed file: a new time or size (training writes a new file and renames it). */
  mtime = (g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED) * 1000000
           + g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC))
          ^ ((guint64) g_file_info_get_size (info) << 40);
  if (mtime != m->audio_mtime || (m->audio_model == NULL && m->audio_error == NULL))
    {
      g_clear_object (&m->audio_model);
      g_clear_error (&m->audio_error);
      m->audio_mtime = mtime;
      m->audio_model = ht_audio_model_load (file, cancellable, &m->audio_error);
      if (g_error_matches (m->audio_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&m->audio_error));
          m->audio_mtime = 0;
          return NULL;
        }
    }
  if (m->audio_error != NULL)
    {
      g_propagate_error (error, g_error_copy (m->audio_error));
      return NULL;
    }
  return g_object_ref (m->audio_model);
}

/* The origin table, or NULL when it is not installed (logged once; `error` says why). Worker
 * thread. */
static HtOriginTable *
models_get_origins_full (Models  *m,
                         GError **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&m->lock);

  if (!m->origins_tried)
    {
      m->origins_tried = TRUE;
      m->origins = ht_origin_table_load_default (&m->origins_error);
      if (m->origins == NULL)
        g_warning ("No hometowns: %s", m->origins_error->message);
    }
  if (m->origins == NULL && error != NULL)
    *error = g_error_copy (m->origins_error);
  return m->origins != NULL ? g_object_ref (m->origins) : NULL;
}

static HtOriginTable *
models_get_origins (Models *m)
{
  return models_get_origins_full (m, NULL);
}

struct _HtAnalyzer
{
  GObject               parent_instance;
  guint                 max_jobs;
  HtcFreqScale          scale;
  HtClipRequest         window;
  GQueue                waiting;        /* outer GTask, owned */
  guint                 n_running;
  GHashTable           *current;        /* HtTrack -> its latest Job (borrowed) */
  GHashTable           *cancellables;   /* HtTrack -> GCancellable, for queue()/cancel() */
  Models               *models;
  HtLyricsStore        *lyrics_store;
  HtAnalyzerWorkerHook  hook;
  gpointer              hook_data;
};

G_DEFINE_FINAL_TYPE (HtAnalyzer, ht_analyzer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MAX_JOBS,
  PROP_N_RUNNING,
  PROP_N_PENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One analysis. The inputs are set before the worker starts and only read afterwards; the
 * worker's fields are its own; `track` and the flags belong to the main thread. Freed on
 * whichever thread drops the last reference, so it never owns the track then. */
typedef struct
{
  gatomicrefcount       ref_count;
  GMainContext         *context;
  GCancellable         *cancellable;
  /* inputs */
  GFile                *file;
  HtSpectrogramOptions  spectrogram_options;
  HtClipRequest         window;
  char                 *user_lyrics;
  HtLyricsStore        *lyrics_store;
  gboolean              lyrics_only;     /* tags, lyrics and the lyrics model; no audio */
  gboolean              alone;           /* no other analysis running or waiting at its start:
                                          * the spare core may work for it */
  HtAnalyzerWorkerHook  hook;
  gpointer              hook_data;
  Models               *models;
  /* worker */
  HtSharedClip         *shared_clip;     /* the CNN's window, from the spectrogram's decode */
  int                   last_permille;
  gint64                last_report;
  /* main thread */
  HtTrack              *track;
  gulong                cancelled_id;
  guint                 started : 1;
  guint                 finished : 1;
  guint                 superseded : 1;   /* a newer job owns the track's state */
} Job;

static Job *
job_ref (Job *job)
{
  g_atomic_ref_count_inc (&job->ref_count);
  return job;
}

static void
job_unref (Job *job)
{
  if (!g_atomic_ref_count_dec (&job->ref_count))
    return;
  g_assert (job->track == NULL);
  g_main_context_unref (job->context);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->file);
  g_free (job->user_lyrics);
  g_clear_object (&job->lyrics_store);
  g_clear_pointer (&job->models, models_unref);
  g_clear_pointer (&job->shared_clip, ht_shared_clip_unref);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_unref)

/* ----------------------------------------------------------------------------------------------
 * Messages from the workers, applied on the main thread in the order they were sent.
 * ------------------------------------------------------------------------------------------- */

typedef enum
{
  MSG_PROGRESS,
  MSG_INFO,
  MSG_USER_LYRICS,
  MSG_HOMETOWN,
  MSG_SPECTROGRAM,
  MSG_LYRICS_PREDICTION,
  MSG_CNN_PREDICTION,
} MsgKind;

typedef struct
{
  Job            *job;
  MsgKind         kind;
  double          progress;
  HtRegion        region;
  gpointer        data;
  GDestroyNotify  destroy;
} Msg;

static void
msg_free (Msg *msg)
{
  if (msg->destroy != NULL && msg->data != NULL)
    msg->destroy (msg->data);
  job_unref (msg->job);
  g_free (msg);
}

static gboolean
apply_msg_cb (gpointer data)
{
  Msg *msg = data;
  Job *job = msg->job;

  /* Nothing reaches a track after its job has ended, was cancelled, or was replaced. */
  if (job->finished || job->superseded || g_cancellable_is_cancelled (job->cancellable))
    return G_SOURCE_REMOVE;

  switch (msg->kind)
    {
    case MSG_PROGRESS:
      _ht_track_set_progress (job->track, msg->progress);
      break;
    case MSG_INFO:
      _ht_track_take_info (job->track, g_steal_pointer (&msg->data));
      break;
    case MSG_USER_LYRICS:
      _ht_track_set_lyrics (job->track, msg->data, HT_LYRICS_SOURCE_USER);
      break;
    case MSG_HOMETOWN:
      ht_track_set_hometown (job->track, msg->data, msg->region);
      break;
    case MSG_SPECTROGRAM:
      _ht_track_set_spectrogram (job->track, msg->data);
      break;
    case MSG_LYRICS_PREDICTION:
      _ht_track_set_lyrics_prediction (job->track, msg->data);
      break;
    case MSG_CNN_PREDICTION:
      _ht_track_set_cnn_prediction (job->track, msg->data);
      break;
    default:
      g_assert_not_reached ();
    }
  return G_SOURCE_REMOVE;
}

static void
post (Job            *job,
      MsgKind         kind,
      gpointer        data,
      GDestroyNotify  destroy)
{
  Msg *msg = g_new0 (Msg, 1);

  msg->job = job_ref (job);
  msg->kind = kind;
  msg->data = data;
  msg->destroy = destroy;
  g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, apply_msg_cb, msg,
                              (GDestroyNotify) msg_free);
}

/* Worker side (the worker thread, or the decoder's thread during the spectrogram stage). */
static void
report (Job   *job,
        Stage  stage,
        double fraction)
{
  double value = stage_start[stage]
                 + (stage_start[stage + 1] - stage_start[stage]) * CLAMP (fraction, 0.0, 1.0);
  int permille = (int) (value * 1000);
  gint64 now = g_get_monotonic_time ();
  Msg *msg;

  if (permille == job->last_permille || now - job->last_report < PROGRESS_INTERVAL)
    return;
  job->last_permille = permille;
  job->last_report = now;

  msg = g_new0 (Msg, 1);
  msg->job = job_ref (job);
  msg->kind = MSG_PROGRESS;
  msg->progress = value;
  g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, apply_msg_cb, msg,
                              (GDestroyNotify) msg_free);
}

/* ----------------------------------------------------------------------------------------------
 * Model hooks: where the two models plug in. Both run on a worker thread, so the models they
 * call must be immutable once loaded and safe to share between threads (HtAudioModel is).
 * ------------------------------------------------------------------------------------------- */

/* The lyrics model: four calibrated probabilities from the track's lyrics, or why there are
 * none (no lyrics, an unusable sidecar, too few words, another language, no model). */
static HtPrediction *
predict_lyrics (Job           *job,
                const char    *lyrics,
                const GError  *lyrics_warning,
                GCancellable  *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HtLyricsModel) model = NULL;
  HtLyricsPrediction *p;
  HtPrediction *prediction;

  if (lyrics == NULL || *lyrics == '\0')
    {
      /* A sidecar that exists but cannot be used says more than "none found". */
      if (lyrics_warning != NULL)
        return ht_prediction_new_unavailable (lyrics_warning->message, "win.paste-lyrics",
                                              _("Paste Lyrics…"));
      return ht_prediction_new_unavailable (_("No lyrics found"), "win.paste-lyrics",
                                            _("Paste Lyrics…"));
    }
  model = models_get_lyrics (job->models, cancellable, &error);
  if (model == NULL)
    {
      if (g_error_matches (error, HT_ERROR, HT_ERROR_NO_MODEL) || error == NULL)
        return ht_prediction_new_unavailable (_("Lyrics model not installed"), NULL, NULL);
      return ht_prediction_new_unavailable (error->message, NULL, NULL);
    }
  p = ht_lyrics_model_predict (model, lyrics, -1, HT_ANALYZER_N_TERMS);
  if (p->abstain != HT_LYRICS_ABSTAIN_NONE)
    prediction = ht_prediction_new_unavailable (ht_lyrics_abstain_describe (p->abstain),
                                                "win.paste-lyrics", _("Paste Lyrics…"));
  else
    {
      GArray *terms[] = { p->toward, p->away };   /* toward first, then away */

      prediction = ht_prediction_new (p->probabilities, NULL);
      for (guint k = 0; k < G_N_ELEMENTS (terms); k++)
        for (guint i = 0; terms[k] != NULL && i < terms[k]->len; i++)
          {
            const HtLyricsTerm *t = &g_array_index (terms[k], HtLyricsTerm, i);
            g_autofree char *shown = NULL;

            /* Translators: the lyrics model's explanation, the place names of one region the
             * lyrics mention, e.g. "places: detroit, michigan". */
            if (t->kind == HT_LYRICS_TERM_PLACES)
              shown = g_strdup_printf (_("places: %s"), t->term);
            ht_prediction_add_term (prediction, shown ? shown : t->term, t->contribution);
          }
    }
  ht_lyrics_prediction_free (p);
  return prediction;
}

/* The audio CNN: four probabilities from the analysis window (settings; default 0:30-1:15,
 * what the models are trained on), or why there are none. Model classes are matched to regions
 * by name, so a model that lists them in another order still lands right. Returns NULL only
 * with `error` set (cancelled). */
static HtPrediction *
predict_audio (Job           *job,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(HtAudioModel) model = NULL;
  g_autoptr(HtMelClip) mel = NULL;
  g_autoptr(HtAudioPrediction) result = NULL;
  g_autofree char *clip = NULL;
  g_autofree char *detail = NULL;
  g_autofree HtRegion *region_of = NULL;
  g_autofree double *timeline = NULL;
  double probabilities[HT_PREDICTION_N_REGIONS] = { 0 };
  HtMelClipSource source;
  HtPrediction *prediction;
  guint n_classes;

  model = models_get_audio (job->models, cancellable, &local_error);
  if (model == NULL)
    {
      g_autofree char *reason = NULL;

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (local_error == NULL)
        return ht_prediction_new_unavailable (_("No audio model trained yet"), "app.train-audio",
                                              _("Train…"));
      /* Translators: %s says what is wrong with the model file */
      reason = g_strdup_printf (_("The audio model cannot be used: %s"), local_error->message);
      return ht_prediction_new_unavailable (reason, "app.train-audio", _("Train…"));
    }

  n_classes = ht_audio_model_get_n_classes (model);
  for (guint i = 0; i < n_classes; i++)
    {
      HtRegion region;

      if (!ht_region_from_id (ht_audio_model_get_class_name (model, i), &region)
          || region >= HT_PREDICTION_N_REGIONS)
        return ht_prediction_new_unavailable (
          _("The audio model was trained on other classes than the four regions"),
          "app.train-audio", _("Train…"));
    }

  /* The window the user chose (default 0:30-1:15, the model's own), through the feature cache
   * so that analysing a track again does not decode it again. */
  mel = ht_mel_clip_get (job->file, ht_audio_model_get_spectro_params (model), &job->window,
                         job->shared_clip, &source, cancellable, &local_error);
  if (mel != NULL && source == HT_MEL_CLIP_FROM_SHARED)
    g_atomic_int_inc (&job->models->n_shared_windows);
  if (mel != NULL)
    result = ht_audio_model_classify_clip (model, mel, &local_error);
  if (result == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      return ht_prediction_new_unavailable (local_error->message, NULL, NULL);
    }
  /* Model classes to regions by name (checked above: every class is one), for the mean and
   * patch by patch for the timeline under the spectrogram. */
  region_of = g_new (HtRegion, result->n_classes);
  for (guint i = 0; i < result->n_classes; i++)
    {
      ht_region_from_id (ht_audio_model_get_class_name (model, i), &region_of[i]);
      probabilities[region_of[i]] += result->probs[i];
    }
  timeline = g_new0 (double, (gsize) result->n_patches * HT_PREDICTION_N_REGIONS);
  for (guint k = 0; k < result->n_patches; k++)
    for (guint i = 0; i < result->n_classes; i++)
      timeline[(gsize) k * HT_PREDICTION_N_REGIONS + region_of[i]] +=
        result->timeline[(gsize) k * result->n_classes + i];
  clip = ht_clip_describe (result->clip_kind, result->clip_start, result->clip_end);
  /* Translators: under the audio model's bars, e.g. "Mean of 14 patches of 0:30–1:15" */
  detail = g_strdup_printf (ngettext ("Mean of %u patch of %s", "Mean of %u patches of %s",
                                      result->n_patches),
                            result->n_patches, clip);
  prediction = ht_prediction_new (probabilities, detail);
  ht_prediction_set_timeline (prediction, result->n_patches, timeline, result->clip_start,
                              result->hop_seconds, result->patch_seconds);
  return prediction;
}

/* "Queens, NY", or "Toronto, CA" for other countries; the region is the table's. */
static void
lookup_hometown (Job               *job,
                 const HtTrackInfo *info)
{
  g_autoptr(HtOriginTable) origins = NULL;
  const char *artist = info->artist != NULL && *info->artist != '\0' ? info->artist
                                                                      : info->album_artist;
  const HtOrigin *origin;
  g_autofree char *place = NULL;
  Msg *msg;

  if (artist == NULL || *artist == '\0' || (origins = models_get_origins (job->models)) == NULL)
    return;
  origin = ht_origin_table_lookup (origins, artist);
  if (origin == NULL)
    return;
  place = ht_origin_format_place (origin);

  msg = g_new0 (Msg, 1);
  msg->job = job_ref (job);
  msg->kind = MSG_HOMETOWN;
  msg->data = g_steal_pointer (&place);
  msg->destroy = g_free;
  msg->region = origin->region;
  g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, apply_msg_cb, msg,
                              (GDestroyNotify) msg_free);
}

/* The user's saved lyrics for the track, or NULL: none saved, or (with `warning` replaced) the
 * saved file cannot be used, in which case the file's own lyrics stand in. */
static char *
read_stored_lyrics (Job           *job,
                    GCancellable  *cancellable,
                    GError       **warning)
{
  g_autofree char *uri = NULL;
  g_autoptr(GError) error = NULL;
  char *text;

  if (job->lyrics_store == NULL)
    return NULL;
  uri = g_file_get_uri (job->file);
  text = ht_lyrics_store_load (job->lyrics_store, uri, cancellable, &error);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_message ("%s", error->message);
      g_clear_error (warning);
      g_propagate_error (warning, g_steal_pointer (&error));
    }
  return text;
}

/* The whole track's spectrogram on a thread of its own, the worker reporting its progress.
 * For a track analysed alone it starts beside the models, so everything shows in about the
 * time of its decode rather than the sum of the stages; otherwise after them. */
typedef struct
{
  Job           *job;
  GCancellable  *cancellable;
  GThread       *thread;
  GMutex         lock;
  GCond          cond;
  double         fraction;
  gboolean       done;
  HtSpectrogram *spectrogram;
  GError        *error;
} Background;

static void
on_background_progress_cb (double   fraction,
                           gpointer user_data)
{
  Background *bg = user_data;

  g_mutex_lock (&bg->lock);
  bg->fraction = fraction;
  g_mutex_unlock (&bg->lock);
}

static gpointer
background_thread (gpointer data)
{
  Background *bg = data;
  HtSpectrogram *spectrogram;
  GError *error = NULL;

  /* (Linux threads inherit the creating worker's nice value.) */
  spectrogram = ht_spectrogram_compute (bg->job->file, &bg->job->spectrogram_options,
                                        on_background_progress_cb, bg, NULL, bg->cancellable,
                                        &error);
  /* Whatever happened, the CNN stops waiting for the window's samples. */
  if (bg->job->shared_clip != NULL)
    ht_shared_clip_close (bg->job->shared_clip);
  g_mutex_lock (&bg->lock);
  bg->spectrogram = spectrogram;
  bg->error = error;
  bg->done = TRUE;
  g_cond_signal (&bg->cond);
  g_mutex_unlock (&bg->lock);
  return NULL;
}

static Background *
background_start (Job          *job,
                  GCancellable *cancellable)
{
  Background *bg = g_new0 (Background, 1);

  bg->job = job;
  bg->cancellable = cancellable;
  g_mutex_init (&bg->lock);
  g_cond_init (&bg->cond);
  bg->thread = g_thread_new ("ht-analyze-spectrogram", background_thread, bg);
  return bg;
}

/* Waits for the spectrogram, reporting its progress from this (the worker's) thread. */
static HtSpectrogram *
background_finish (Background  *bg,
                   GError     **error)
{
  HtSpectrogram *spectrogram;

  g_mutex_lock (&bg->lock);
  while (!bg->done)
    {
      double fraction = bg->fraction;

      g_mutex_unlock (&bg->lock);
      report (bg->job, STAGE_SPECTROGRAM, fraction);
      g_mutex_lock (&bg->lock);
      if (!bg->done)
        g_cond_wait_until (&bg->cond, &bg->lock,
                           g_get_monotonic_time () + PROGRESS_INTERVAL);
    }
  g_mutex_unlock (&bg->lock);
  g_thread_join (bg->thread);
  spectrogram = bg->spectrogram;
  if (bg->error != NULL)
    g_propagate_error (error, bg->error);
  g_mutex_clear (&bg->lock);
  g_cond_clear (&bg->cond);
  g_free (bg);
  return spectrogram;
}

/* Stages 2 and 3: the two models, each posted as soon as it has answered. */
static gboolean
run_models (Job           *job,
            const char    *lyrics,
            const GError  *lyrics_warning,
            GCancellable  *cancellable,
            GError       **error)
{
  HtPrediction *prediction;

  /* 2. The lyrics model: cheap, so its card fills before the spectrogram is done. */
  report (job, STAGE_LYRICS_MODEL, 0);
  prediction = predict_lyrics (job, lyrics, lyrics_warning, cancellable);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_clear_object (&prediction);
      return FALSE;
    }
  post (job, MSG_LYRICS_PREDICTION, prediction, g_object_unref);
  if (job->lyrics_only)
    return TRUE;

  /* 3. The audio model, on its window only. */
  report (job, STAGE_AUDIO_MODEL, 0);
  prediction = predict_audio (job, cancellable, error);
  if (prediction == NULL)
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_clear_object (&prediction);
      return FALSE;
    }
  post (job, MSG_CNN_PREDICTION, prediction, g_object_unref);
  return TRUE;
}

/* The CNN's window when it is the window asked for (not the middle or the whole of a short
 * track), whose samples the whole-track decode can hand over; NULL otherwise. */
static HtSharedClip *
shared_clip_for (const HtClipRequest *window,
                 double               duration)
{
  double start, end;

  if (ht_clip_choose (window, duration, &start, &end) != HT_CLIP_WINDOW || start < 0
      || !isfinite (end))
    return NULL;
  return ht_shared_clip_new (start, end);
}

static gboolean
run_stages (Job           *job,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(HtTrackInfo) info = NULL;
  g_autoptr(GError) lyrics_warning = NULL;
  g_autoptr(HtSpectrogram) spectrogram = NULL;
  g_autofree char *lyrics = NULL;
  g_autofree char *stored = NULL;
  Background *background = NULL;
  gboolean ok;

  /* 1. Tags and lyrics, so the list shows names while the audio decodes. */
  report (job, STAGE_INFO, 0);
  info = ht_track_info_read (job->file, &lyrics_warning, cancellable, error);
  if (info == NULL)
    return FALSE;
  /* Lyrics the user saved win over the file's own, and over a restart. */
  stored = read_stored_lyrics (job, cancellable, &lyrics_warning);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (stored != NULL)
    lyrics = g_strdup (stored);
  else
    lyrics = g_strdup (job->user_lyrics != NULL ? job->user_lyrics : info->lyrics);
  if (!job->lyrics_only)
    lookup_hometown (job, info);
  /* Alone, the spare core decodes the whole track meanwhile, in halves when long, and hands
   * the CNN its window's samples on the way. */
  if (job->alone && !job->lyrics_only)
    {
      job->spectrogram_options.split_hint = info->duration;
      job->shared_clip = shared_clip_for (&job->window, info->duration);
      job->spectrogram_options.shared_clip = job->shared_clip;
      background = background_start (job, cancellable);
    }
  post (job, MSG_INFO, g_steal_pointer (&info), (GDestroyNotify) ht_track_info_free);
  if (stored != NULL)
    post (job, MSG_USER_LYRICS, g_steal_pointer (&stored), g_free);

  ok = run_models (job, lyrics, lyrics_warning, cancellable, error);
  if (job->lyrics_only)
    return ok;

  /* 4. The whole track's spectrogram, pooled to at most 4096 columns: started now unless it
   * has been running beside the models. */
  if (ok)
    {
      report (job, STAGE_SPECTROGRAM, 0);
      if (background == NULL)
        background = background_start (job, cancellable);
    }
  if (background != NULL)
    spectrogram = background_finish (background, ok ? error : NULL);
  if (!ok || spectrogram == NULL)
    return FALSE;
  post (job, MSG_SPECTROGRAM, ht_spectrogram_ref (spectrogram),
        (GDestroyNotify) ht_spectrogram_unref);
  return TRUE;
}

/* Analysis is background work: on a 2-core machine two workers at full priority take the
 * cores from the UI thread, and the window stutters while hundreds of tracks are analysed.
 * Linux keeps a nice value per thread, and threads the worker starts (GStreamer's streaming
 * threads) inherit it. Once per pool thread; the pool only runs background work. */
static void
lower_thread_priority (void)
{
#ifdef __linux__
  static _Thread_local gboolean lowered;

  if (!lowered)
    {
      lowered = TRUE;
      if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 10) != 0)
        g_debug ("could not lower the priority of an analysis thread");
    }
#endif
}

static void
analyze_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  lower_thread_priority ();
  if (job->hook != NULL)
    job->hook (TRUE, job->hook_data);
  ok = run_stages (job, cancellable, &error);
  if (job->hook != NULL)
    job->hook (FALSE, job->hook_data);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/* ----------------------------------------------------------------------------------------------
 * The queue (main thread).
 * ------------------------------------------------------------------------------------------- */

static void pump (HtAnalyzer *self);

static void
notify_counts (HtAnalyzer *self,
               guint       old_running,
               guint       old_pending)
{
  if (old_running != self->n_running)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_RUNNING]);
  if (old_pending != ht_analyzer_get_n_pending (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PENDING]);
}

/* Ends `outer` (owned) with `error` (owned, may be NULL) and settles its track's state. */
static void
finish_job (HtAnalyzer *self,
            GTask      *outer,
            GError     *error)
{
  Job *job = g_task_get_task_data (outer);
  HtTrack *track = job->track;

  g_assert (!job->finished);
  job->finished = TRUE;
  if (job->cancelled_id != 0)
    g_cancellable_disconnect (job->cancellable, job->cancelled_id);
  job->cancelled_id = 0;

  if (!job->superseded)
    {
      g_object_freeze_notify (G_OBJECT (track));
      if (error == NULL)
        {
          _ht_track_set_progress (track, 1.0);
          _ht_track_set_state (track, HT_TRACK_STATE_DONE);
        }
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          _ht_track_set_progress (track, 0.0);
          _ht_track_set_state (track, HT_TRACK_STATE_IDLE);
        }
      else
        {
          _ht_track_take_error (track, g_error_copy (error));
          _ht_track_set_state (track, HT_TRACK_STATE_FAILED);
        }
      g_object_thaw_notify (G_OBJECT (track));
      g_hash_table_remove (self->current, track);
    }
  job->track = NULL;

  if (error != NULL)
    g_task_return_error (outer, error);
  else
    g_task_return_boolean (outer, TRUE);
  g_object_unref (outer);
  g_object_unref (track);
}

static void
on_inner_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *outer = user_data;
  HtAnalyzer *self = HT_ANALYZER (g_task_get_source_object (outer));
  GError *error = NULL;
  guint old_running = self->n_running;
  guint old_pending = ht_analyzer_get_n_pending (self);

  g_task_propagate_boolean (G_TASK (result), &error);
  g_assert (self->n_running > 0);
  self->n_running--;
  finish_job (self, outer, error);
  pump (self);
  notify_counts (self, old_running, old_pending);
}

static void
start_job (HtAnalyzer *self,
           GTask      *outer)
{
  Job *job = g_task_get_task_data (outer);
  g_autoptr(GTask) inner = NULL;

  job->started = TRUE;
  job->alone = self->n_running == 0 && g_queue_is_empty (&self->waiting);
  ht_spectrogram_options_init (&job->spectrogram_options);
  job->spectrogram_options.scale = self->scale;
  job->window = self->window;
  if (ht_track_get_lyrics_source (job->track) == HT_LYRICS_SOURCE_USER)
    job->user_lyrics = g_strdup (ht_track_get_lyrics (job->track));
  job->lyrics_store = self->lyrics_store != NULL ? g_object_ref (self->lyrics_store) : NULL;
  job->hook = self->hook;
  job->hook_data = self->hook_data;
  job->models = models_ref (self->models);
  job->last_permille = -1;

  if (!job->superseded)
    {
      _ht_track_take_error (job->track, NULL);
      _ht_track_set_progress (job->track, 0.0);
      _ht_track_set_state (job->track, HT_TRACK_STATE_ANALYZING);
    }

  self->n_running++;
  /* No source object: the worker may drop the last reference to this task, and must not take
   * the analyzer with it. The outer task, only touched here, keeps the analyzer alive. */
  inner = g_task_new (NULL, job->cancellable, on_inner_done_cb, outer);
  g_task_set_source_tag (inner, start_job);
  g_task_set_name (inner, "[hometown] analyze");
  g_task_set_task_data (inner, job_ref (job), (GDestroyNotify) job_unref);
  g_task_run_in_thread (inner, analyze_worker);
}

static void
pump (HtAnalyzer *self)
{
  while (self->n_running < self->max_jobs && !g_queue_is_empty (&self->waiting))
    {
      GTask *outer = g_queue_pop_head (&self->waiting);
      Job *job = g_task_get_task_data (outer);

      if (g_cancellable_is_cancelled (job->cancellable))
        finish_job (self, outer, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                      _("Operation was cancelled")));
      else
        start_job (self, outer);
    }
}

static gboolean
drain_cancelled_cb (gpointer user_data)
{
  HtAnalyzer *self = user_data;
  guint old_running = self->n_running;
  guint old_pending = ht_analyzer_get_n_pending (self);
  GList *l = self->waiting.head;

  while (l != NULL)
    {
      GList *next = l->next;
      GTask *outer = l->data;
      Job *job = g_task_get_task_data (outer);

      if (g_cancellable_is_cancelled (job->cancellable))
        {
          g_queue_delete_link (&self->waiting, l);
          finish_job (self, outer, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                        _("Operation was cancelled")));
        }
      l = next;
    }
  notify_counts (self, old_running, old_pending);
  return G_SOURCE_REMOVE;
}

typedef struct
{
  GWeakRef      analyzer;
  GMainContext *context;
} CancelData;

static void
cancel_data_free (CancelData *data)
{
  g_weak_ref_clear (&data->analyzer);
  g_main_context_unref (data->context);
  g_free (data);
}

/* May run on any thread, and inside g_cancellable_cancel(): never touch the queue here (a
 * disconnect from within would deadlock), just wake the main thread. */
static void
on_cancelled_cb (GCancellable *cancellable,
                 gpointer      user_data)
{
  CancelData *data = user_data;
  HtAnalyzer *self = g_weak_ref_get (&data->analyzer);
  GSource *source;

  if (self == NULL)
    return;
  source = g_idle_source_new ();
  g_source_set_name (source, "[hometown] analyzer drain");
  g_source_set_callback (source, drain_cancelled_cb, self, g_object_unref);
  g_source_attach (source, data->context);
  g_source_unref (source);
}

/* ----------------------------------------------------------------------------------------------
 * GObject and the public API.
 * ------------------------------------------------------------------------------------------- */

static void
ht_analyzer_dispose (GObject *object)
{
  HtAnalyzer *self = HT_ANALYZER (object);

  /* Jobs hold a reference to the analyzer (as their source object), so none is left here. */
  g_assert (self->n_running == 0 && g_queue_is_empty (&self->waiting));
  g_clear_pointer (&self->cancellables, g_hash_table_unref);
  G_OBJECT_CLASS (ht_analyzer_parent_class)->dispose (object);
}

static void
ht_analyzer_finalize (GObject *object)
{
  HtAnalyzer *self = HT_ANALYZER (object);

  g_clear_pointer (&self->current, g_hash_table_unref);
  g_clear_pointer (&self->models, models_unref);
  g_clear_object (&self->lyrics_store);
  G_OBJECT_CLASS (ht_analyzer_parent_class)->finalize (object);
}

static void
ht_analyzer_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  HtAnalyzer *self = HT_ANALYZER (object);

  switch (prop_id)
    {
    case PROP_MAX_JOBS:
      g_value_set_uint (value, self->max_jobs);
      break;
    case PROP_N_RUNNING:
      g_value_set_uint (value, self->n_running);
      break;
    case PROP_N_PENDING:
      g_value_set_uint (value, ht_analyzer_get_n_pending (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_analyzer_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  HtAnalyzer *self = HT_ANALYZER (object);

  switch (prop_id)
    {
    case PROP_MAX_JOBS:
      ht_analyzer_set_max_jobs (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_analyzer_class_init (HtAnalyzerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ht_analyzer_dispose;
  object_class->finalize = ht_analyzer_finalize;
  object_class->get_property = ht_analyzer_get_property;
  object_class->set_property = ht_analyzer_set_property;

  properties[PROP_MAX_JOBS] =
    g_param_spec_uint ("max-jobs", NULL, NULL, 1, HT_ANALYZER_MAX_JOBS, 2,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_RUNNING] =
    g_param_spec_uint ("n-running", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PENDING] =
    g_param_spec_uint ("n-pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ht_analyzer_init (HtAnalyzer *self)
{
  /* Here, on the main thread, rather than lazily in two workers at once. */
  if (!gst_is_initialized ())
    gst_init (NULL, NULL);

  self->max_jobs = 2;
  self->scale = HTC_SCALE_MEL;
  self->window = HT_CLIP_REQUEST_DEFAULT;
  g_queue_init (&self->waiting);
  self->current = g_hash_table_new (NULL, NULL);
  self->cancellables = g_hash_table_new_full (NULL, NULL, g_object_unref, g_object_unref);
  self->models = models_new ();
  self->lyrics_store = ht_lyrics_store_new (NULL);
}

HtAnalyzer *
ht_analyzer_new (guint max_jobs)
{
  return g_object_new (HT_TYPE_ANALYZER,
                       "max-jobs", CLAMP (max_jobs, 1, HT_ANALYZER_MAX_JOBS),
                       NULL);
}

guint
ht_analyzer_get_max_jobs (HtAnalyzer *self)
{
  g_return_val_if_fail (HT_IS_ANALYZER (self), 1);
  return self->max_jobs;
}

void
ht_analyzer_set_max_jobs (HtAnalyzer *self,
                          guint       max_jobs)
{
  guint old_running, old_pending;

  g_return_if_fail (HT_IS_ANALYZER (self));
  max_jobs = CLAMP (max_jobs, 1, HT_ANALYZER_MAX_JOBS);
  if (self->max_jobs == max_jobs)
    return;
  self->max_jobs = max_jobs;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_JOBS]);
  old_running = self->n_running;
  old_pending = ht_analyzer_get_n_pending (self);
  pump (self);
  notify_counts (self, old_running, old_pending);
}

void
ht_analyzer_set_freq_scale (HtAnalyzer   *self,
                            HtcFreqScale  scale)
{
  g_return_if_fail (HT_IS_ANALYZER (self));
  g_return_if_fail (scale == HTC_SCALE_MEL || scale == HTC_SCALE_LINEAR);
  self->scale = scale;
}

void
ht_analyzer_set_window (HtAnalyzer *self,
                        double      start,
                        double      end)
{
  g_return_if_fail (HT_IS_ANALYZER (self));
  g_return_if_fail (start >= 0 && end > start);
  self->window.start = start;
  self->window.end = end;
}

void
ht_analyzer_set_audio_model_path (HtAnalyzer *self,
                                  const char *path)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (HT_IS_ANALYZER (self));
  locker = g_mutex_locker_new (&self->models->lock);
  g_free (self->models->audio_model_path);
  self->models->audio_model_path = g_strdup (path);
  self->models->audio_mtime = 0;   /* look again */
  g_clear_object (&self->models->audio_model);
  g_clear_error (&self->models->audio_error);
}

guint
ht_analyzer_get_n_running (HtAnalyzer *self)
{
  g_return_val_if_fail (HT_IS_ANALYZER (self), 0);
  return self->n_running;
}

guint
ht_analyzer_get_n_pending (HtAnalyzer *self)
{
  g_return_val_if_fail (HT_IS_ANALYZER (self), 0);
  return self->n_running + self->waiting.length;
}

void
ht_analyzer_set_lyrics_store (HtAnalyzer    *self,
                              HtLyricsStore *store)
{
  g_return_if_fail (HT_IS_ANALYZER (self));
  g_return_if_fail (store == NULL || HT_IS_LYRICS_STORE (store));
  g_set_object (&self->lyrics_store, store);
}

HtLyricsStore *
ht_analyzer_get_lyrics_store (HtAnalyzer *self)
{
  g_return_val_if_fail (HT_IS_ANALYZER (self), NULL);
  return self->lyrics_store;
}

static void
analyze (HtAnalyzer          *self,
         HtTrack             *track,
         gboolean             lyrics_only,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  GTask *outer;
  Job *job, *previous;
  guint old_running, old_pending;

  old_running = self->n_running;
  old_pending = ht_analyzer_get_n_pending (self);

  job = g_new0 (Job, 1);
  g_atomic_ref_count_init (&job->ref_count);
  job->context = g_main_context_ref_thread_default ();
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();
  job->file = g_object_ref (ht_track_get_file (track));
  job->track = g_object_ref (track);
  job->lyrics_only = lyrics_only;

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, analyze);
  /* The result says what happened to the track, even if a cancel came after the end. */
  g_task_set_check_cancellable (outer, FALSE);
  g_task_set_task_data (outer, job, (GDestroyNotify) job_unref);

  /* The newest job for a track owns its state; an older one still running only finishes. */
  previous = g_hash_table_lookup (self->current, track);
  if (previous != NULL)
    previous->superseded = TRUE;
  g_hash_table_insert (self->current, track, job);
  _ht_track_set_state (track, HT_TRACK_STATE_QUEUED);

  if (cancellable != NULL)
    {
      CancelData *data = g_new0 (CancelData, 1);

      g_weak_ref_init (&data->analyzer, self);
      data->context = g_main_context_ref (job->context);
      job->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled_cb), data,
                                                 (GDestroyNotify) cancel_data_free);
    }

  g_queue_push_tail (&self->waiting, outer);
  pump (self);
  notify_counts (self, old_running, old_pending);
}

void
ht_analyzer_analyze_async (HtAnalyzer          *self,
                           HtTrack             *track,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (HT_IS_ANALYZER (self));
  g_return_if_fail (HT_IS_TRACK (track));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  analyze (self, track, FALSE, cancellable, callback, user_data);
}

gboolean
ht_analyzer_analyze_finish (HtAnalyzer    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (HT_IS_ANALYZER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == analyze, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_queued_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  HtAnalyzer *self = HT_ANALYZER (source);
  g_autoptr(HtTrack) track = user_data;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));

  /* The track's state and error already say how it went. */
  ht_analyzer_analyze_finish (self, result, &error);
  if (self->cancellables != NULL
      && g_hash_table_lookup (self->cancellables, track) == cancellable)
    g_hash_table_remove (self->cancellables, track);
}

static void
queue (HtAnalyzer *self,
       HtTrack    *track,
       gboolean    lyrics_only)
{
  GCancellable *previous;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  previous = g_hash_table_lookup (self->cancellables, track);
  if (previous != NULL)
    g_cancellable_cancel (previous);
  g_hash_table_replace (self->cancellables, g_object_ref (track), g_object_ref (cancellable));
  analyze (self, track, lyrics_only, cancellable, on_queued_done_cb, g_object_ref (track));
}

void
ht_analyzer_queue (HtAnalyzer *self,
                   HtTrack    *track)
{
  g_return_if_fail (HT_IS_ANALYZER (self));
  g_return_if_fail (HT_IS_TRACK (track));
  queue (self, track, FALSE);
}

void
ht_analyzer_queue_lyrics (HtAnalyzer *self,
                          HtTrack    *track)
{
  g_return_if_fail (HT_IS_ANALYZER (self));
  g_return_if_fail (HT_IS_TRACK (track));
  /* Cutting short a full analysis would lose its spectrogram and audio answer. */
  queue (self, track, ht_track_get_state (track) == HT_TRACK_STATE_DONE
                      && ht_track_get_spectrogram (track) != NULL
                      && ht_track_get_cnn_prediction (track) != NULL);
}

void
ht_analyzer_cancel (HtAnalyzer *self,
                    HtTrack    *track)
{
  GCancellable *cancellable;

  g_return_if_fail (HT_IS_ANALYZER (self));
  g_return_if_fail (HT_IS_TRACK (track));

  cancellable = g_hash_table_lookup (self->cancellables, track);
  if (cancellable != NULL)
    g_cancellable_cancel (cancellable);
}

void
ht_analyzer_cancel_all (HtAnalyzer *self)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (HT_IS_ANALYZER (self));

  /* Cancelling can re-enter (handlers), so cancel from a copy. */
  g_hash_table_iter_init (&iter, self->cancellables);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (all, g_object_ref (value));
  for (guint i = 0; i < all->len; i++)
    g_cancellable_cancel (g_ptr_array_index (all, i));
}

static void
load_origins_worker (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GError *error = NULL;
  HtOriginTable *table = models_get_origins_full (task_data, &error);

  if (table == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, table, g_object_unref);
}

/* A task on a worker thread with the shared models as its data. */
static void
run_models_task (HtAnalyzer          *self,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data,
                 gpointer             source_tag,
                 const char          *name,
                 GTaskThreadFunc      worker)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, name);
  g_task_set_task_data (task, models_ref (self->models), (GDestroyNotify) models_unref);
  g_task_run_in_thread (task, worker);
}

void
ht_analyzer_load_origins_async (HtAnalyzer          *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (HT_IS_ANALYZER (self));
  run_models_task (self, cancellable, callback, user_data, ht_analyzer_load_origins_async,
                   "[hometown] load origins", load_origins_worker);
}

HtOriginTable *
ht_analyzer_load_origins_finish (HtAnalyzer    *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
preload_models_worker (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  Models *m = task_data;
  g_autoptr(HtLyricsModel) lyrics = NULL;
  g_autoptr(HtAudioModel) audio = NULL;

  /* Why a model cannot be used is kept with it, for its card; only cancelling fails this. */
  lower_thread_priority ();
  lyrics = models_get_lyrics (m, cancellable, NULL);
  if (!g_cancellable_is_cancelled (cancellable))
    audio = models_get_audio (m, cancellable, NULL);
  if (!g_task_return_error_if_cancelled (task))
    g_task_return_boolean (task, TRUE);
}

void
ht_analyzer_preload_models_async (HtAnalyzer          *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (HT_IS_ANALYZER (self));
  run_models_task (self, cancellable, callback, user_data, ht_analyzer_preload_models_async,
                   "[hometown] preload models", preload_models_worker);
}

gboolean
ht_analyzer_preload_models_finish (HtAnalyzer    *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
_ht_analyzer_get_loaded_models (HtAnalyzer *self,
                                gboolean   *lyrics,
                                gboolean   *audio)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (HT_IS_ANALYZER (self));
  locker = g_mutex_locker_new (&self->models->lock);
  *lyrics = self->models->lyrics_model != NULL;
  *audio = self->models->audio_model != NULL;
}

guint
_ht_analyzer_get_n_shared_windows (HtAnalyzer *self)
{
  g_return_val_if_fail (HT_IS_ANALYZER (self), 0);
  return (guint) g_atomic_int_get (&self->models->n_shared_windows);
}

void
_ht_analyzer_set_worker_hook (HtAnalyzer           *self,
                              HtAnalyzerWorkerHook  hook,
                              gpointer              user_data)
{
  g_return_if_fail (HT_IS_ANALYZER (self));
  self->hook = hook;
  self->hook_data = user_data;
}
