/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-audio-model"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ht-audio-model.h"
#include "ht-error.h"
#include "ht-safetensors.h"

/* Patches per forward pass: a 45-s clip has 15. */
#define MAX_BATCH 16

struct _HtAudioModel
{
  GObject           parent_instance;
  HtcCnn           *cnn;
  HtcSpectroParams  params;
  HtClipRequest     clip;
  guint             patch_hop;
  char            **classes;
  char             *training;
  char             *validation;
  char             *date;
};

G_DEFINE_FINAL_TYPE (HtAudioModel, ht_audio_model, G_TYPE_OBJECT)

static void
ht_audio_model_finalize (GObject *object)
{
  HtAudioModel *self = HT_AUDIO_MODEL (object);

  htc_cnn_free (self->cnn);
  g_strfreev (self->classes);
  g_free (self->training);
  g_free (self->validation);
  g_free (self->date);
  G_OBJECT_CLASS (ht_audio_model_parent_class)->finalize (object);
}

static void
ht_audio_model_class_init (HtAudioModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ht_audio_model_finalize;
}

static void
ht_audio_model_init (HtAudioModel *self)
{
}

void
ht_audio_prediction_free (HtAudioPrediction *prediction)
{
  if (prediction == NULL)
    return;
  g_free (prediction->probs);
  g_free (prediction->timeline);
  g_free (prediction);
}

guint
ht_audio_prediction_best (const HtAudioPrediction *p)
{
  guint best = 0;

  g_return_val_if_fail (p != NULL, 0);
  for (guint k = 1; k < p->n_classes; k++)
    if (p->probs[k] > p->probs[best])
      best = k;
  return best;
}

char *
ht_audio_model_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "hometown", "models", "audio.safetensors", NULL);
}

/* ---- writing ---- */

HtAudioModel *
ht_audio_model_new (const HtcCnn           *cnn,
                    const HtcSpectroParams *params,
                    const HtClipRequest    *clip,
                    guint                   patch_hop,
                    const char * const     *classes,
                    const char             *training,
                    const char             *validation)
{
  g_autoptr(HtAudioModel) self = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  const HtcCnnConfig *config;

  g_return_val_if_fail (cnn != NULL && params != NULL && clip != NULL && classes != NULL, NULL);
  config = htc_cnn_get_config (cnn);
  g_return_val_if_fail (g_strv_length ((char **) classes) == config->n_classes, NULL);
  g_return_val_if_fail (patch_hop >= 1 && patch_hop <= config->n_frames, NULL);

  self = g_object_new (HT_TYPE_AUDIO_MODEL, NULL);
  if (htc_cnn_new (config, &self->cnn) != HTC_OK
      || htc_cnn_copy_weights (self->cnn, cnn) != HTC_OK)
    return NULL;
  self->params = *params;
  self->clip = *clip;
  self->patch_hop = patch_hop;
  self->classes = g_strdupv ((char **) classes);
  self->training = g_strdup (training);
  self->validation = g_strdup (validation);
  self->date = g_date_time_format_iso8601 (now);
  return g_steal_pointer (&self);
}

static char *
to_json (JsonBuilder *b)
{
  g_autoptr(JsonNode) root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static HtSafetensorsWriter *
make_writer (HtAudioModel *self)
{
  HtSafetensorsWriter *w = ht_safetensors_writer_new ();
  const HtcCnnConfig *c = htc_cnn_get_config (self->cnn);
  g_autoptr(JsonBuilder) arch = json_builder_new ();
  g_autoptr(JsonBuilder) feat = json_builder_new ();
  g_autoptr(JsonBuilder) cls = json_builder_new ();
  g_autofree char *arch_s = NULL, *feat_s = NULL, *cls_s = NULL, *version = NULL;

  json_builder_begin_object (arch);
  json_builder_set_member_name (arch, "n_mels");
  json_builder_add_int_value (arch, c->n_mels);
  json_builder_set_member_name (arch, "n_frames");
  json_builder_add_int_value (arch, c->n_frames);
  json_builder_set_member_name (arch, "channels");
  json_builder_begin_array (arch);
  for (gsize i = 0; i < c->n_blocks; i++)
    json_builder_add_int_value (arch, c->channels[i]);
  json_builder_end_array (arch);
  json_builder_set_member_name (arch, "n_classes");
  json_builder_add_int_value (arch, c->n_classes);
  json_builder_set_member_name (arch, "dropout");
  json_builder_add_double_value (arch, c->dropout);
  json_builder_set_member_name (arch, "bn_eps");
  json_builder_add_double_value (arch, c->bn_eps);
  json_builder_set_member_name (arch, "bn_momentum");
  json_builder_add_double_value (arch, c->bn_momentum);
  json_builder_end_object (arch);

  json_builder_begin_object (feat);
  json_builder_set_member_name (feat, "sample_rate");
  json_builder_add_double_value (feat, self->params.sample_rate);
  json_builder_set_member_name (feat, "n_fft");
  json_builder_add_int_value (feat, self->params.n_fft);
  json_builder_set_member_name (feat, "hop");
  json_builder_add_int_value (feat, self->params.hop);
  json_builder_set_member_name (feat, "n_mels");
  json_builder_add_int_value (feat, self->params.n_mels);
  json_builder_set_member_name (feat, "fmin");
  json_builder_add_double_value (feat, self->params.fmin);
  json_builder_set_member_name (feat, "fmax");
  json_builder_add_double_value (feat, self->params.fmax);
  json_builder_set_member_name (feat, "db");
  json_builder_add_string_value (feat, "power_to_db(ref=1, amin=1e-10, top_db=80)");
  json_builder_set_member_name (feat, "clip_start");
  json_builder_add_double_value (feat, self->clip.start);
  json_builder_set_member_name (feat, "clip_end");
  json_builder_add_double_value (feat, self->clip.end);
  json_builder_set_member_name (feat, "patch_frames");
  json_builder_add_int_value (feat, c->n_frames);
  json_builder_set_member_name (feat, "patch_hop");
  json_builder_add_int_value (feat, self->patch_hop);
  json_builder_end_object (feat);

  json_builder_begin_array (cls);
  for (guint i = 0; self->classes[i] != NULL; i++)
    json_builder_add_string_value (cls, self->classes[i]);
  json_builder_end_array (cls);

  arch_s = to_json (arch);
  feat_s = to_json (feat);
  cls_s = to_json (cls);
  version = g_strdup_printf ("%d", HT_AUDIO_MODEL_VERSION);
  ht_safetensors_writer_set_metadata (w, "format", HT_AUDIO_MODEL_FORMAT);
  ht_safetensors_writer_set_metadata (w, "format_version", version);
  ht_safetensors_writer_set_metadata (w, "architecture", arch_s);
  ht_safetensors_writer_set_metadata (w, "features", feat_s);
  ht_safetensors_writer_set_metadata (w, "classes", cls_s);
  ht_safetensors_writer_set_metadata (w, "normalisation",
                                      "per mel band: (x - input.mean) / input.std, from the training set");
  /* A loaded model may have no date: it is optional on reading. */
  if (self->date != NULL)
    ht_safetensors_writer_set_metadata (w, "date", self->date);
  ht_safetensors_writer_set_metadata (w, "software", PACKAGE_NAME " " PACKAGE_VERSION);
  if (self->training != NULL)
    ht_safetensors_writer_set_metadata (w, "training", self->training);
  if (self->validation != NULL)
    ht_safetensors_writer_set_metadata (w, "validation", self->validation);

  for (gsize i = 0; i < htc_cnn_n_tensors (self->cnn); i++)
    {
      const HtcTensor *t = htc_cnn_tensor_const (self->cnn, i);
      gsize shape[HTC_TENSOR_MAX_DIMS];

      for (gsize d = 0; d < t->n_dims; d++)
        shape[d] = t->shape[d];
      ht_safetensors_writer_add (w, t->name, HT_DTYPE_F32, t->n_dims, shape, t->data);
    }
  return w;
}

gboolean
ht_audio_model_save (HtAudioModel  *self,
                     GFile         *file,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(HtSafetensorsWriter) w = NULL;
  g_autoptr(GFile) parent = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (HT_IS_AUDIO_MODEL (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  parent = g_file_get_parent (file);
  if (parent != NULL && !g_file_make_directory_with_parents (parent, cancellable, &local)
      && !g_error_matches (local, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  w = make_writer (self);
  return ht_safetensors_writer_save (w, file, cancellable, error);
}

GBytes *
ht_audio_model_to_bytes (HtAudioModel *self)
{
  g_autoptr(HtSafetensorsWriter) w = NULL;

  g_return_val_if_fail (HT_IS_AUDIO_MODEL (self), NULL);
  w = make_writer (self);
  return ht_safetensors_writer_to_bytes (w);
}

/* ---- reading ---- */

G_GNUC_PRINTF (3, 4) static gboolean
corrupt (GError **error, const char *name, const char *format, ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);
  /* Translators: the first %s is a file name, the second what is wrong with it */
  g_set_error (error, HT_ERROR, HT_ERROR_MODEL_CORRUPT, _("The audio model “%s” is unusable: %s"),
               name, detail);
  return FALSE;
}

static JsonNode *
parse_meta (HtSafetensors *st, const char *key, JsonNodeType type, const char *name, GError **error)
{
  const char *text = ht_safetensors_get_metadata (st, key);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (text == NULL)
    {
      corrupt (error, name, _("the metadata field “%s” is missing"), key);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, text, -1, NULL)
      || (root = json_parser_get_root (parser)) == NULL || JSON_NODE_TYPE (root) != type)
    {
      corrupt (error, name, _("the metadata field “%s” is not valid"), key);
      return NULL;
    }
  return json_node_copy (root);
}

/* A number member within [min, max]; integers must be whole. */
static gboolean
get_number (JsonObject *o, const char *field, const char *key, double min, double max,
            gboolean integer, double *out, const char *name, GError **error)
{
  JsonNode *n = json_object_get_member (o, field);
  double v;

  if (n == NULL || JSON_NODE_TYPE (n) != JSON_NODE_VALUE
      || (json_node_get_value_type (n) != G_TYPE_INT64 && json_node_get_value_type (n) != G_TYPE_DOUBLE))
    return corrupt (error, name, _("“%s” in “%s” is missing or not a number"), field, key);
  v = json_node_get_double (n);
  if (!isfinite (v) || v < min || v > max || (integer && v != floor (v)))
    return corrupt (error, name, _("“%s” in “%s” is out of range (%g)"), field, key, v);
  *out = v;
  return TRUE;
}

static gboolean
read_metadata (HtAudioModel *self, HtSafetensors *st, const char *name, HtcCnnConfig *config,
               GError **error)
{
  const char *format = ht_safetensors_get_metadata (st, "format");
  const char *version = ht_safetensors_get_metadata (st, "format_version");
  g_autoptr(JsonNode) arch = NULL, feat = NULL, cls = NULL;
  JsonObject *a, *f;
  JsonArray *channels, *classes;
  double v, patch_frames;

  if (format == NULL || strcmp (format, HT_AUDIO_MODEL_FORMAT) != 0)
    return corrupt (error, name, _("it is not a Hometown audio model"));
  if (version == NULL || strcmp (version, G_STRINGIFY (HT_AUDIO_MODEL_VERSION)) != 0)
    return corrupt (error, name, _("format version “%s” is not supported (this Hometown reads %d)"),
                    version ? version : "", HT_AUDIO_MODEL_VERSION);
  if ((arch = parse_meta (st, "architecture", JSON_NODE_OBJECT, name, error)) == NULL
      || (feat = parse_meta (st, "features", JSON_NODE_OBJECT, name, error)) == NULL
      || (cls = parse_meta (st, "classes", JSON_NODE_ARRAY, name, error)) == NULL)
    return FALSE;

  a = json_node_get_object (arch);
  htc_cnn_config_init_default (config);
  if (!get_number (a, "n_mels", "architecture", 16, 4096, TRUE, &v, name, error))
    return FALSE;
  config->n_mels = (gsize) v;
  if (!get_number (a, "n_frames", "architecture", 16, 4096, TRUE, &v, name, error))
    return FALSE;
  config->n_frames = (gsize) v;
  if (!get_number (a, "n_classes", "architecture", 2, 64, TRUE, &v, name, error))
    return FALSE;
  config->n_classes = (gsize) v;
  if (!get_number (a, "dropout", "architecture", 0, 0.99, FALSE, &v, name, error))
    return FALSE;
  config->dropout = (float) v;
  if (!get_number (a, "bn_eps", "architecture", 1e-12, 0.1, FALSE, &v, name, error))
    return FALSE;
  config->bn_eps = (float) v;
  if (!get_number (a, "bn_momentum", "architecture", 1e-6, 1, FALSE, &v, name, error))
    return FALSE;
  config->bn_momentum = (float) v;
  if (!json_object_has_member (a, "channels")
      || JSON_NODE_TYPE (json_object_get_member (a, "channels")) != JSON_NODE_ARRAY)
    return corrupt (error, name, _("“%s” in “%s” is missing or not a number"), "channels", "architecture");
  channels = json_object_get_array_member (a, "channels");
  config->n_blocks = json_array_get_length (channels);
  if (config->n_blocks < 1 || config->n_blocks > HTC_CNN_MAX_BLOCKS)
    return corrupt (error, name, _("it has %u convolution blocks (1 to %d are supported)"),
                    (guint) config->n_blocks, HTC_CNN_MAX_BLOCKS);
  for (guint i = 0; i < config->n_blocks; i++)
    {
      JsonNode *n = json_array_get_element (channels, i);
      if (JSON_NODE_TYPE (n) != JSON_NODE_VALUE || json_node_get_value_type (n) != G_TYPE_INT64
          || json_node_get_int (n) < 1 || json_node_get_int (n) > 1024)
        return corrupt (error, name, _("the width of convolution block %u is not valid"), i + 1);
      config->channels[i] = (gsize) json_node_get_int (n);
    }
  if (htc_cnn_config_check (config) != HTC_OK)
    return corrupt (error, name, _("its patches are too small for %u pooling steps"),
                    (guint) config->n_blocks);

  f = json_node_get_object (feat);
  htc_spectro_params_init_default (&self->params);
  /* The decoder delivers 22 050 Hz: a model made for another rate cannot be fed. */
  if (!get_number (f, "sample_rate", "features", HT_AUDIO_RATE, HT_AUDIO_RATE, FALSE, &v, name, error))
    return FALSE;
  self->params.sample_rate = v;
  if (!get_number (f, "n_fft", "features", 64, 65536, TRUE, &v, name, error))
    return FALSE;
  self->params.n_fft = (gsize) v;
  if ((self->params.n_fft & (self->params.n_fft - 1)) != 0)
    return corrupt (error, name, _("“%s” in “%s” is out of range (%g)"), "n_fft", "features", v);
  if (!get_number (f, "hop", "features", 1, (double) self->params.n_fft, TRUE, &v, name, error))
    return FALSE;
  self->params.hop = (gsize) v;
  if (!get_number (f, "n_mels", "features", (double) config->n_mels, (double) config->n_mels, TRUE,
                   &v, name, error))
    return FALSE;
  self->params.n_mels = (gsize) v;
  if (!get_number (f, "fmin", "features", 0, HT_AUDIO_RATE / 2.0, FALSE, &v, name, error))
    return FALSE;
  self->params.fmin = v;
  if (!get_number (f, "fmax", "features", 0, HT_AUDIO_RATE / 2.0, FALSE, &v, name, error))
    return FALSE;
  self->params.fmax = v;
  /* fmax 0 means the Nyquist frequency; the mel filterbank needs a non-empty band. */
  if (self->params.fmin >= (self->params.fmax > 0 ? self->params.fmax : HT_AUDIO_RATE / 2.0))
    return corrupt (error, name, _("“%s” in “%s” is not below “%s” (%g, %g)"), "fmin", "features",
                    "fmax", self->params.fmin, self->params.fmax);
  if (!get_number (f, "clip_start", "features", 0, 3600, FALSE, &self->clip.start, name, error)
      || !get_number (f, "clip_end", "features", self->clip.start + 1, 7200, FALSE, &self->clip.end,
                      name, error))
    return FALSE;
  self->clip.full = FALSE;
  if (!get_number (f, "patch_frames", "features", (double) config->n_frames,
                   (double) config->n_frames, TRUE, &patch_frames, name, error)
      || !get_number (f, "patch_hop", "features", 1, patch_frames, TRUE, &v, name, error))
    return FALSE;
  self->patch_hop = (guint) v;

  classes = json_node_get_array (cls);
  if (json_array_get_length (classes) != config->n_classes)
    return corrupt (error, name, _("it names %u classes but its network has %u"),
                    json_array_get_length (classes), (guint) config->n_classes);
  self->classes = g_new0 (char *, config->n_classes + 1);
  for (guint i = 0; i < config->n_classes; i++)
    {
      JsonNode *n = json_array_get_element (classes, i);
      if (JSON_NODE_TYPE (n) != JSON_NODE_VALUE || json_node_get_value_type (n) != G_TYPE_STRING
          || json_node_get_string (n)[0] == '\0')
        return corrupt (error, name, _("class name %u is not valid"), i + 1);
      self->classes[i] = g_strdup (json_node_get_string (n));
    }
  self->training = g_strdup (ht_safetensors_get_metadata (st, "training"));
  self->validation = g_strdup (ht_safetensors_get_metadata (st, "validation"));
  self->date = g_strdup (ht_safetensors_get_metadata (st, "date"));
  return TRUE;
}

static HtAudioModel *
from_safetensors (HtSafetensors *st, const char *name, GError **error)
{
  g_autoptr(HtAudioModel) self = g_object_new (HT_TYPE_AUDIO_MODEL, NULL);
  g_auto(GStrv) names = NULL;
  HtcCnnConfig config;
  HtcStatus status;

  if (!read_metadata (self, st, name, &config, error))
    return NULL;
  if (!ht_error_check_status (htc_cnn_new (&config, &self->cnn), name, error))
    return NULL;
  for (gsize i = 0; i < htc_cnn_n_tensors (self->cnn); i++)
    {
      HtcTensor *t = htc_cnn_tensor (self->cnn, i);
      gsize shape[HT_SAFETENSORS_MAX_DIMS] = { 0 };
      const float *data;
      g_autoptr(GError) local = NULL;

      for (gsize d = 0; d < t->n_dims; d++)
        shape[d] = t->shape[d];
      data = ht_safetensors_get_f32 (st, t->name, t->n_dims, shape, &local);
      if (data == NULL)
        {
          /* the container's message already names the file and the tensor */
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      memcpy (t->data, data, t->size * sizeof (float));
    }
  names = ht_safetensors_list_tensors (st);
  for (guint i = 0; names[i] != NULL; i++)
    if (htc_cnn_find_tensor (self->cnn, names[i]) == NULL)
      {
        corrupt (error, name, _("it has a tensor “%s” that this architecture does not use"), names[i]);
        return NULL;
      }
  status = htc_cnn_check (self->cnn);
  if (status == HTC_ERROR_NUMERIC)
    {
      corrupt (error, name, _("a weight is not a finite number"));
      return NULL;
    }
  if (status != HTC_OK)
    {
      corrupt (error, name, _("a normalisation statistic or variance is not positive"));
      return NULL;
    }
  return g_steal_pointer (&self);
}

HtAudioModel *
ht_audio_model_new_from_bytes (GBytes      *bytes,
                               const char  *display_name,
                               GError     **error)
{
  g_autoptr(HtSafetensors) st = NULL;

  g_return_val_if_fail (bytes != NULL, NULL);
  if (display_name == NULL)
    display_name = "";
  st = ht_safetensors_new_from_bytes (bytes, display_name, error);
  if (st == NULL)
    return NULL;
  return from_safetensors (st, display_name, error);
}

HtAudioModel *
ht_audio_model_load (GFile         *file,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(HtSafetensors) st = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  name = g_file_get_parse_name (file);
  st = ht_safetensors_load (file, cancellable, &local);
  if (st == NULL)
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, HT_ERROR, HT_ERROR_NO_MODEL, _("There is no audio model at “%s”"), name);
      else
        g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  return from_safetensors (st, name, error);
}

/* ---- accessors ---- */

const HtcCnn *
ht_audio_model_get_cnn (HtAudioModel *self)
{
  g_return_val_if_fail (HT_IS_AUDIO_MODEL (self), NULL);
  return self->cnn;
}

const HtcSpectroParams *
ht_audio_model_get_spectro_params (HtAudioModel *self)
{
  g_return_val_if_fail (HT_IS_AUDIO_MODEL (self), NULL);
  return &self->params;
}

const HtClipRequest *
ht_audio_model_get_clip (HtAudioModel *self)
{
  g_return_val_if_fail (HT_IS_AUDIO_MODEL (self), NULL);
  return &self->clip;
}

guint
ht_audio_model_get_patch_frames (HtAudioModel *self)
{
  g_return_val_if_fail (HT_IS_AUDIO_MODEL (self), 0);
  return (guint) htc_cnn_get_config (self->cnn)->n_frames;
}

guint
ht_audio_model_get_patch_hop (HtAudioModel *self)
{
  g_return_val_if_fail (HT_IS_AUDIO_MODEL (self), 0);
  return self->patch_hop;
}

guint
ht_audio_model_get_n_classes (HtAudioModel *self)
{
  g_return_val_if_fail (HT_IS_AUDIO_MODEL (self), 0);
  return (guint) htc_cnn_get_config (self->cnn)->n_classes;
}

const char *
ht_audio_model_get_class_name (HtAudioModel *self,
                               guint         index)
{
  g_return_val_if_fail (HT_IS_AUDIO_MODEL (self), NULL);
  g_return_val_if_fail (index < ht_audio_model_get_n_classes (self), NULL);
  return self->classes[index];
}

const char *
ht_audio_model_get_training (HtAudioModel *self)
{
  g_return_val_if_fail (HT_IS_AUDIO_MODEL (self), NULL);
  return self->training;
}

const char *
ht_audio_model_get_validation (HtAudioModel *self)
{
  g_return_val_if_fail (HT_IS_AUDIO_MODEL (self), NULL);
  return self->validation;
}

const char *
ht_audio_model_get_date (HtAudioModel *self)
{
  g_return_val_if_fail (HT_IS_AUDIO_MODEL (self), NULL);
  return self->date;
}

/* ---- classification ---- */

HtAudioPrediction *
ht_audio_model_classify_clip (HtAudioModel    *self,
                              const HtMelClip *clip,
                              GError         **error)
{
  g_autoptr(HtAudioPrediction) p = NULL;
  g_autofree float *x = NULL;
  HtcCnnWork *work = NULL;
  guint patch, k;
  gsize plane;
  HtcStatus status;

  g_return_val_if_fail (HT_IS_AUDIO_MODEL (self), NULL);
  g_return_val_if_fail (clip != NULL, NULL);
  if (clip->n_mels != self->params.n_mels || clip->n_frames == 0)
    {
      g_set_error (error, HT_ERROR, HT_ERROR_INVALID_ARGUMENT,
                   _("The spectrogram has %u mel bands but the audio model expects %u"),
                   clip->n_mels, (guint) self->params.n_mels);
      return NULL;
    }
  patch = ht_audio_model_get_patch_frames (self);
  k = ht_audio_model_get_n_classes (self);
  plane = (gsize) clip->n_mels * patch;
  p = g_new0 (HtAudioPrediction, 1);
  p->n_classes = k;
  p->n_patches = ht_mel_clip_n_patches (clip, patch, self->patch_hop);
  p->patch_seconds = patch * self->params.hop / self->params.sample_rate;
  p->hop_seconds = self->patch_hop * self->params.hop / self->params.sample_rate;
  p->clip_kind = clip->clip_kind;
  p->clip_start = clip->clip_start;
  p->clip_end = clip->clip_end;
  x = g_new (float, p->n_patches * plane);
  for (guint i = 0; i < p->n_patches; i++)
    ht_mel_clip_get_patch (clip, i * self->patch_hop, patch, x + i * plane);
  p->timeline = g_new (float, (gsize) p->n_patches * k);
  p->probs = g_new0 (float, k);
  /* A work per call keeps the model immutable, so classification is thread-safe. */
  status = htc_cnn_work_new (self->cnn, MIN (p->n_patches, MAX_BATCH),
                             MIN (htc_cnn_default_threads (), p->n_patches), FALSE, &work);
  if (status == HTC_OK)
    status = htc_cnn_predict (self->cnn, work, x, p->n_patches, p->timeline);
  htc_cnn_work_free (work);
  if (!ht_error_check_status (status, _("audio model"), error))
    return NULL;
  for (guint i = 0; i < p->n_patches; i++)
    for (guint j = 0; j < k; j++)
      p->probs[j] += p->timeline[i * k + j] / p->n_patches;
  return g_steal_pointer (&p);
}

HtAudioPrediction *
ht_audio_model_classify (HtAudioModel  *self,
                         GFile         *file,
                         gboolean       use_cache,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(HtMelClip) clip = NULL;

  g_return_val_if_fail (HT_IS_AUDIO_MODEL (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  if (use_cache)
    clip = ht_mel_clip_get (file, &self->params, &self->clip, NULL, NULL, cancellable, error);
  else
    clip = ht_mel_clip_compute (file, &self->params, &self->clip, cancellable, error);
  if (clip == NULL)
    return NULL;
  return ht_audio_model_classify_clip (self, clip, error);
}
