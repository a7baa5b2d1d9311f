/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-audio-trainer"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ht-audio-trainer.h"
#include "ht-error.h"
#include "htc-cnn-train.h"

#define DB_RANGE 80.0f

/* A clip kept in memory as 8-bit steps of 80/255 dB (a quarter of the floats: 2,000 tracks of
 * 45 s take ~500 MB). */
typedef struct
{
  guint8  *q;          /* [n_mels][n_frames] */
  float    lo;         /* dB of step 0 */
  guint    n_frames;
  guint    label;
  guint    item;
} Feat;

void
ht_audio_train_options_init (HtAudioTrainOptions *o)
{
  memset (o, 0, sizeof *o);
  o->max_epochs = 40;
  o->patience = 8;
  o->seed = 1;
  o->val_fraction = 0.2;
  o->batch = 32;
  o->lr = 2e-3f;
  o->weight_decay = 1e-2f;
  o->patch_hop = 128;
  o->use_cache = TRUE;
}

void
ht_train_result_clear (HtTrainResult *result)
{
  g_clear_pointer (&result->val_confusion, ht_confusion_free);
}

static void
feat_from_clip (Feat *f, const HtMelClip *clip)
{
  gsize n = (gsize) clip->n_mels * clip->n_frames;
  float max = -INFINITY;

  for (gsize i = 0; i < n; i++)
    max = MAX (max, clip->db[i]);
  f->lo = max - DB_RANGE;
  f->n_frames = clip->n_frames;
  f->q = g_new (guint8, n);
  for (gsize i = 0; i < n; i++)
    f->q[i] = (guint8) CLAMP (lrintf ((clip->db[i] - f->lo) * (255.0f / DB_RANGE)), 0, 255);
}

static void
feat_patch (const Feat *f, guint n_mels, guint offset, guint patch, float *out)
{
  const float step = DB_RANGE / 255.0f;

  for (guint m = 0; m < n_mels; m++)
    {
      const guint8 *row = f->q + (gsize) m * f->n_frames;
      float *dst = out + (gsize) m * patch;
      for (guint t = 0; t < patch; t++)
        dst[t] = f->lo + step * row[(offset + t) % f->n_frames];
    }
}

static void
report (HtTrainProgressFunc func, gpointer data, HtTrainProgress *p)
{
  if (func != NULL)
    func (p, data);
}

/* Features of every item; failures to decode are skipped and counted. */
static GArray *
load_features (HtAudioDataset *ds, const HtcSpectroParams *params, const HtClipRequest *clip,
               gboolean use_cache, HtTrainProgressFunc progress, gpointer user_data, guint *n_failed,
               GCancellable *cancellable, GError **error)
{
  g_autoptr(GArray) feats = g_array_new (FALSE, TRUE, sizeof (Feat));
  HtTrainProgress p = { HT_TRAIN_STAGE_FEATURES };

  *n_failed = 0;
  for (guint i = 0; i < ds->items->len; i++)
    {
      HtAudioItem *item = ds->items->pdata[i];
      g_autoptr(GFile) file = g_file_new_for_path (item->path);
      g_autoptr(GError) local = NULL;
      g_autoptr(HtMelClip) mel = NULL;
      Feat f = { 0 };

      p.fraction = (double) i / ds->items->len;
      p.file = item->path;
      report (progress, user_data, &p);
      mel = use_cache ? ht_mel_clip_get (file, params, clip, NULL, NULL, cancellable, &local)
                      : ht_mel_clip_compute (file, params, clip, cancellable, &local);
      if (mel == NULL)
        {
          if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local));
              for (guint j = 0; j < feats->len; j++)
                g_free (g_array_index (feats, Feat, j).q);
              return NULL;
            }
          g_warning ("Skipping %s: %s", item->path, local->message);
          (*n_failed)++;
          continue;
        }
      feat_from_clip (&f, mel);
      f.label = item->label;
      f.item = i;
      g_array_append_val (feats, f);
    }
  p.fraction = 1;
  p.file = NULL;
  report (progress, user_data, &p);
  return g_steal_pointer (&feats);
}

static void
free_features (GArray *feats)
{
  for (guint j = 0; j < feats->len; j++)
    g_free (g_array_index (feats, Feat, j).q);
  g_array_unref (feats);
}

/* Track-level evaluation: the mean of the patch probabilities. FALSE when cancelled part-way
 * (checked per track, so that Cancel is heard within one track rather than one whole pass). */
static gboolean
evaluate_feats (const HtcCnn *cnn, HtcCnnWork *work, GArray *feats, const guint *which, guint n,
                guint patch_hop, HtConfusion *confusion, GCancellable *cancellable)
{
  const HtcCnnConfig *c = htc_cnn_get_config (cnn);
  gsize plane = c->n_mels * c->n_frames;
  g_autofree float *x = NULL, *probs = NULL;
  guint cap = 0;

  for (guint i = 0; i < n; i++)
    {
      const Feat *f = &g_array_index (feats, Feat, which[i]);
      guint n_patches = f->n_frames <= c->n_frames ? 1 : 1 + (f->n_frames - (guint) c->n_frames) / patch_hop;
      double mean[64] = { 0 };
      guint best = 0;

      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;
      if (n_patches > cap)
        {
          cap = n_patches;
          x = g_renew (float, x, cap * plane);
          probs = g_renew (float, probs, cap * c->n_classes);
        }
      for (guint p = 0; p < n_patches; p++)
        feat_patch (f, (guint) c->n_mels, p * patch_hop, (guint) c->n_frames, x + p * plane);
      if (htc_cnn_predict (cnn, work, x, n_patches, probs) != HTC_OK)
        continue;
      for (guint p = 0; p < n_patches; p++)
        for (guint k = 0; k < c->n_classes; k++)
          mean[k] += probs[p * c->n_classes + k];
      for (guint k = 1; k < c->n_classes; k++)
        if (mean[k] > mean[best])
          best = k;
      ht_confusion_add (confusion, f->label, best);
    }
  return TRUE;
}

static char *
training_summary (HtAudioDataset *ds, GArray *feats, const gboolean *is_val,
                  const HtAudioTrainOptions *o, const HtTrainResult *r, guint samples_per_epoch)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  GHashTable *artists[2][HT_AUDIO_N_REGIONS];
  guint tracks[2][HT_AUDIO_N_REGIONS] = { { 0 } };
  const char *sides[2] = { "train", "validation" };

  for (int s = 0; s < 2; s++)
    for (int k = 0; k < HT_AUDIO_N_REGIONS; k++)
      artists[s][k] = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < feats->len; i++)
    {
      const Feat *f = &g_array_index (feats, Feat, i);
      HtAudioItem *item = ds->items->pdata[f->item];
      int s = is_val[f->item] ? 1 : 0;
      tracks[s][f->label]++;
      g_hash_table_add (artists[s][f->label], item->artist);
    }
  json_builder_begin_object (b);
  for (int s = 0; s < 2; s++)
    {
      json_builder_set_member_name (b, sides[s]);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "tracks");
      json_builder_begin_object (b);
      for (int k = 0; k < HT_AUDIO_N_REGIONS; k++)
        {
          json_builder_set_member_name (b, ht_audio_region_name (k));
          json_builder_add_int_value (b, tracks[s][k]);
        }
      json_builder_end_object (b);
      json_builder_set_member_name (b, "artists");
      json_builder_begin_object (b);
      for (int k = 0; k < HT_AUDIO_N_REGIONS; k++)
        {
          json_builder_set_member_name (b, ht_audio_region_name (k));
          json_builder_add_int_value (b, g_hash_table_size (artists[s][k]));
        }
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  json_builder_set_member_name (b, "layout");
  json_builder_add_string_value (b, ds->by_folders ? "region-folders" : "artist-tags");
  json_builder_set_member_name (b, "skipped_unknown_artist");
  json_builder_add_int_value (b, ds->n_unknown);
  json_builder_set_member_name (b, "skipped_not_us");
  json_builder_add_int_value (b, ds->n_not_us);
  json_builder_set_member_name (b, "failed_to_decode");
  json_builder_add_int_value (b, r->n_failed);
  json_builder_set_member_name (b, "epochs_run");
  json_builder_add_int_value (b, r->epochs_run);
  json_builder_set_member_name (b, "best_epoch");
  json_builder_add_int_value (b, r->best_epoch);
  json_builder_set_member_name (b, "interrupted");
  json_builder_add_boolean_value (b, r->interrupted);
  json_builder_set_member_name (b, "seed");
  json_builder_add_int_value (b, (gint64) o->seed);
  json_builder_set_member_name (b, "batch");
  json_builder_add_int_value (b, o->batch);
  json_builder_set_member_name (b, "samples_per_epoch");
  json_builder_add_int_value (b, samples_per_epoch);
  json_builder_set_member_name (b, "lr");
  json_builder_add_double_value (b, o->lr);
  json_builder_set_member_name (b, "optimiser");
  json_builder_add_string_value (b, "AdamW, warm-up 1 epoch then cosine; class-balanced sampling; "
                                    "augmentation: random offsets, gain, time/frequency masks");
  json_builder_end_object (b);
  for (int s = 0; s < 2; s++)
    for (int k = 0; k < HT_AUDIO_N_REGIONS; k++)
      g_clear_pointer (&artists[s][k], g_hash_table_unref);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

HtAudioModel *
ht_audio_train (HtAudioDataset            *ds,
                const HtAudioTrainOptions *o,
                HtTrainProgressFunc        progress,
                gpointer                   user_data,
                HtTrainResult             *result,
                GCancellable              *cancellable,
                GError                   **error)
{
  HtcSpectroParams params;
  HtClipRequest clip = HT_CLIP_REQUEST_DEFAULT;
  HtcCnnConfig config;
  HtcCnn *cnn = NULL, *best = NULL;
  HtcCnnTrainer *trainer = NULL;
  HtcCnnWork *eval = NULL;
  HtcAdamWParams opt;
  HtcAugmentParams aug;
  HtcRng rng;
  HtcStatus status;
  g_autoptr(GArray) feats = NULL;
  g_autofree gboolean *is_val = NULL;
  g_autofree guint *train_idx = NULL, *val_idx = NULL;
  g_autofree float *x = NULL, *band_mean = NULL;
  g_autofree int *labels = NULL;
  GArray *by_class[HT_AUDIO_N_REGIONS] = { NULL };
  guint n_train = 0, n_val = 0, samples, steps, patience_left, n_threads, n_classes_present = 0;
  double best_f1 = -1;
  gsize plane;
  HtAudioModel *model = NULL;
  HtTrainProgress p = { 0 };
  HtTrainResult local_result = { 0 };
  static const char * const classes[] = { "East", "West", "South", "Midwest", NULL };

  g_return_val_if_fail (ds != NULL && o != NULL, NULL);
  if (result == NULL)
    result = &local_result;
  memset (result, 0, sizeof *result);
  if (o->batch < 2 || o->max_epochs < 1 || !(o->val_fraction >= 0 && o->val_fraction < 1)
      || !(o->lr > 0) || o->patch_hop < 1)
    {
      g_set_error_literal (error, HT_ERROR, HT_ERROR_INVALID_ARGUMENT, _("Invalid training options"));
      return NULL;
    }

  htc_spectro_params_init_default (&params);
  htc_cnn_config_init_default (&config);
  if (o->n_channels[0] != 0)
    {
      config.n_blocks = 0;
      while (config.n_blocks < G_N_ELEMENTS (o->n_channels) && o->n_channels[config.n_blocks] != 0)
        {
          config.channels[config.n_blocks] = o->n_channels[config.n_blocks];
          config.n_blocks++;
        }
    }
  if (htc_cnn_config_check (&config) != HTC_OK || o->patch_hop > config.n_frames)
    {
      g_set_error_literal (error, HT_ERROR, HT_ERROR_INVALID_ARGUMENT, _("Invalid network architecture"));
      return NULL;
    }
  plane = config.n_mels * config.n_frames;

  feats = load_features (ds, &params, &clip, o->use_cache, progress, user_data, &result->n_failed,
                         cancellable, error);
  if (feats == NULL)
    return NULL;
  is_val = ht_audio_dataset_split (ds, o->val_fraction, o->seed);
  train_idx = g_new (guint, feats->len);
  val_idx = g_new (guint, feats->len);
  for (int k = 0; k < HT_AUDIO_N_REGIONS; k++)
    by_class[k] = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < feats->len; i++)
    {
      const Feat *f = &g_array_index (feats, Feat, i);
      if (is_val[f->item])
        val_idx[n_val++] = i;
      else
        {
          train_idx[n_train++] = i;
          g_array_append_val (by_class[f->label], i);
        }
    }
  for (int k = 0; k < HT_AUDIO_N_REGIONS; k++)
    n_classes_present += by_class[k]->len > 0;
  result->n_train_tracks = n_train;
  result->n_val_tracks = n_val;
  if (n_classes_present < 2)
    {
      g_set_error_literal (error, HT_ERROR, HT_ERROR_EMPTY,
                           _("Training needs decodable tracks of at least two regions"));
      goto out;
    }

  /* per-band normalisation from the training tracks */
  status = htc_cnn_new (&config, &cnn);
  if (!ht_error_check_status (status, _("training"), error))
    goto out;
  {
    g_autofree double *sum = g_new0 (double, config.n_mels), *sq = g_new0 (double, config.n_mels);
    double count = 0;
    HtcTensor *mean = htc_cnn_find_tensor (cnn, "input.mean"), *std = htc_cnn_find_tensor (cnn, "input.std");

    for (guint i = 0; i < n_train; i++)
      {
        const Feat *f = &g_array_index (feats, Feat, train_idx[i]);
        for (gsize m = 0; m < config.n_mels; m++)
          for (guint t = 0; t < f->n_frames; t++)
            {
              double v = f->lo + (DB_RANGE / 255.0) * f->q[m * f->n_frames + t];
              sum[m] += v;
              sq[m] += v * v;
            }
        count += f->n_frames;
      }
    band_mean = g_new (float, config.n_mels);
    for (gsize m = 0; m < config.n_mels; m++)
      {
        double mu = sum[m] / count;
        mean->data[m] = band_mean[m] = (float) mu;
        std->data[m] = (float) sqrt (MAX (sq[m] / count - mu * mu, 1e-4));
      }
  }
  htc_rng_init (&rng, o->seed);
  htc_cnn_init_he (cnn, &rng);
  htc_cnn_new (&config, &best);
  htc_cnn_copy_weights (best, cnn);

  samples = o->samples_per_epoch ? o->samples_per_epoch : CLAMP (n_train * 16, 256, 8192);
  steps = MAX (1, samples / o->batch);
  samples = steps * o->batch;
  n_threads = o->n_threads ? o->n_threads : (guint) htc_cnn_default_threads ();
  htc_adamw_params_init_default (&opt);
  opt.lr = o->lr;
  opt.weight_decay = o->weight_decay;
  opt.warmup_steps = steps;
  opt.total_steps = (gsize) steps * o->max_epochs;
  opt.min_lr_ratio = 0.02f;
  htc_augment_params_init_default (&aug);
  status = htc_cnn_trainer_new (cnn, &opt, o->batch, n_threads, o->seed ^ 0xA5A5, &trainer);
  if (status == HTC_OK)
    status = htc_cnn_work_new (cnn, 16, n_threads, FALSE, &eval);
  if (!ht_error_check_status (status, _("training"), error))
    goto out;
  x = g_new (float, o->batch * plane);
  labels = g_new (int, o->batch);
  patience_left = o->patience ? o->patience : G_MAXUINT;
  p.max_epochs = o->max_epochs;

  for (guint epoch = 1; epoch <= o->max_epochs; epoch++)
    {
      double loss_sum = 0;
      gsize correct = 0;
      g_autoptr(HtConfusion) confusion = NULL;

      p.epoch = epoch;
      for (guint s = 0; s < steps; s++)
        {
          float loss;
          gsize right;

          if (g_cancellable_is_cancelled (cancellable))
            goto cancelled;
          /* class-balanced: every class present is drawn equally often */
          for (guint j = 0; j < o->batch; j++)
            {
              guint k;
              const Feat *f;
              guint off;

              do
                k = htc_rng_below (&rng, HT_AUDIO_N_REGIONS);
              while (by_class[k]->len == 0);
              f = &g_array_index (feats, Feat,
                                  g_array_index (by_class[k], guint, htc_rng_below (&rng, by_class[k]->len)));
              off = f->n_frames > config.n_frames ? htc_rng_below (&rng, f->n_frames - (guint) config.n_frames + 1)
                                                  : htc_rng_below (&rng, f->n_frames);
              feat_patch (f, (guint) config.n_mels, off, (guint) config.n_frames, x + j * plane);
              htc_augment_patch (x + j * plane, config.n_mels, config.n_frames, band_mean, &aug, &rng);
              labels[j] = (int) k;
            }
          status = htc_cnn_trainer_step (trainer, x, labels, o->batch, &loss, &right);
          if (!ht_error_check_status (status, _("training"), error))
            goto out;
          loss_sum += loss;
          correct += right;
          p.stage = HT_TRAIN_STAGE_EPOCH;
          p.fraction = (s + 1.0) / steps;
          report (progress, user_data, &p);
        }
      result->epochs_run = epoch;
      p.stage = HT_TRAIN_STAGE_EPOCH_END;
      p.train_loss = loss_sum / steps;
      p.train_accuracy = (double) correct / samples;
      p.improved = FALSE;
      if (n_val > 0)
        {
          confusion = ht_confusion_new (HT_AUDIO_N_REGIONS);
          if (!evaluate_feats (cnn, eval, feats, val_idx, n_val, o->patch_hop, confusion,
                               cancellable))
            {
              /* this epoch was not judged: the best so far comes from the ones before */
              result->epochs_run = epoch - 1;
              goto cancelled;
            }
          p.val_accuracy = ht_confusion_accuracy (confusion);
          p.val_macro_f1 = ht_confusion_macro_f1 (confusion);
          if (p.val_macro_f1 > best_f1)
            {
              best_f1 = p.val_macro_f1;
              p.improved = TRUE;
              htc_cnn_copy_weights (best, cnn);
              result->best_epoch = epoch;
              g_clear_pointer (&result->val_confusion, ht_confusion_free);
              result->val_confusion = g_steal_pointer (&confusion);
              patience_left = o->patience ? o->patience : G_MAXUINT;
            }
          else if (--patience_left == 0)
            {
              report (progress, user_data, &p);
              result->stopped_early = TRUE;
              break;
            }
        }
      else
        {
          /* no validation set: the last epoch is the model */
          htc_cnn_copy_weights (best, cnn);
          result->best_epoch = epoch;
          p.val_accuracy = p.val_macro_f1 = NAN;
        }
      report (progress, user_data, &p);
    }
  goto finish;

cancelled:
  if (result->epochs_run == 0)
    {
      g_cancellable_set_error_if_cancelled (cancellable, error);
      goto out;
    }
  result->interrupted = TRUE;

finish:
  {
    g_autofree char *training = training_summary (ds, feats, is_val, o, result, samples);
    g_autofree char *validation = result->val_confusion
                                  ? ht_confusion_to_json (result->val_confusion, classes) : NULL;
    model = ht_audio_model_new (best, &params, &clip, o->patch_hop, classes, training, validation);
  }

out:
  for (int k = 0; k < HT_AUDIO_N_REGIONS; k++)
    if (by_class[k] != NULL)
      g_array_unref (by_class[k]);
  htc_cnn_trainer_free (trainer);
  htc_cnn_work_free (eval);
  htc_cnn_free (cnn);
  htc_cnn_free (best);
  free_features (g_steal_pointer (&feats));
  if (result == &local_result)
    ht_train_result_clear (&local_result);
  return model;
}

HtConfusion *
ht_audio_evaluate (HtAudioModel        *model,
                   HtAudioDataset      *ds,
                   gboolean             use_cache,
                   HtTrainProgressFunc  progress,
                   gpointer             user_data,
                   guint               *n_failed,
                   GCancellable        *cancellable,
                   GError             **error)
{
  g_autoptr(HtConfusion) confusion = NULL;
  HtTrainProgress p = { HT_TRAIN_STAGE_FEATURES };
  guint failed = 0;

  g_return_val_if_fail (HT_IS_AUDIO_MODEL (model), NULL);
  g_return_val_if_fail (ds != NULL, NULL);
  confusion = ht_confusion_new (ht_audio_model_get_n_classes (model));
  for (guint i = 0; i < ds->items->len; i++)
    {
      HtAudioItem *item = ds->items->pdata[i];
      g_autoptr(GFile) file = g_file_new_for_path (item->path);
      g_autoptr(GError) local = NULL;
      g_autoptr(HtAudioPrediction) pred = NULL;

      p.fraction = (double) i / ds->items->len;
      p.file = item->path;
      report (progress, user_data, &p);
      pred = ht_audio_model_classify (model, file, use_cache, cancellable, &local);
      if (pred == NULL)
        {
          if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return NULL;
            }
          g_warning ("Skipping %s: %s", item->path, local->message);
          failed++;
          continue;
        }
      if (item->label < confusion->n_classes)
        ht_confusion_add (confusion, item->label, ht_audio_prediction_best (pred));
    }
  if (n_failed != NULL)
    *n_failed = failed;
  return g_steal_pointer (&confusion);
}

/* ---- GTask ---- */

typedef struct
{
  HtAudioDataset      *dataset;   /* borrowed: the caller keeps it alive until finish */
  HtAudioTrainOptions  options;
  HtTrainProgressFunc  progress;
  gpointer             progress_data;
  GMainContext        *context;
  HtTrainResult        result;
} TrainJob;

typedef struct
{
  TrainJob        *job;
  HtTrainProgress  progress;
} ProgressMsg;

static void
train_job_free (gpointer data)
{
  TrainJob *job = data;

  ht_train_result_clear (&job->result);
  g_main_context_unref (job->context);
  g_free (job);
}

static gboolean
deliver_progress_cb (gpointer data)
{
  ProgressMsg *msg = data;

  msg->job->progress (&msg->progress, msg->job->progress_data);
  return G_SOURCE_REMOVE;
}

static void
thread_progress (const HtTrainProgress *p, gpointer user_data)
{
  TrainJob *job = user_data;
  ProgressMsg *msg;

  if (job->progress == NULL)
    return;
  msg = g_new0 (ProgressMsg, 1);
  msg->job = job;
  msg->progress = *p;
  msg->progress.file = NULL;   /* the string does not outlive this call */
  g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, deliver_progress_cb, msg, g_free);
}

static void
train_worker (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  TrainJob *job = task_data;
  GError *error = NULL;
  HtAudioModel *model;

  model = ht_audio_train (job->dataset, &job->options, thread_progress, job, &job->result,
                          cancellable, &error);
  if (model == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, model, g_object_unref);
}

void
ht_audio_train_async (HtAudioDataset            *dataset,
                      const HtAudioTrainOptions *options,
                      HtTrainProgressFunc        progress,
                      gpointer                   progress_data,
                      GCancellable              *cancellable,
                      GAsyncReadyCallback        callback,
                      gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  TrainJob *job;

  g_return_if_fail (dataset != NULL && options != NULL);
  job = g_new0 (TrainJob, 1);
  job->dataset = dataset;
  job->options = *options;
  job->progress = progress;
  job->progress_data = progress_data;
  job->context = g_main_context_ref_thread_default ();
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ht_audio_train_async);
  /* an interrupted run still returns its best model: do not let GTask turn it into an error */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, job, train_job_free);
  g_task_run_in_thread (task, train_worker);
}

HtAudioModel *
ht_audio_train_finish (GAsyncResult   *result,
                       HtTrainResult  *train_result,
                       GError        **error)
{
  TrainJob *job;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  job = g_task_get_task_data (G_TASK (result));
  if (train_result != NULL)
    {
      *train_result = job->result;
      job->result.val_confusion = NULL;   /* ownership moves to the caller */
    }
  return g_task_propagate_pointer (G_TASK (result), error);
}
