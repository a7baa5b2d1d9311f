/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-lyrics-model"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ht-data-dir.h"
#include "ht-error.h"
#include "ht-lyrics-model.h"
#include "ht-lyrics-places.h"
#include "ht-lyrics-text.h"
#include "ht-safetensors.h"
#include "htc-ngram.h"

#define K HT_LYRICS_N_REGIONS
#define MAX_IDF 100.0f
#define MAX_WEIGHT 1000.0f

/* Abstention thresholds; stored in the model's "abstain" metadata. */
typedef struct
{
  guint  min_known_words;     /* in-vocabulary word tokens */
  double min_english_share;   /* ht_lyrics_text_english_share() */
  double min_latin_share;     /* Latin letters among all letters */
  double max_code_share;      /* { } ; = < > \ | _ # @ ^ ~ / among characters */
  double max_digit_share;     /* words that are only digits */
  double max_link_share;      /* http, https, www, com among words */
  double max_symbol_share;    /* emoji and symbols among letters + symbols */
} Abstain;

static const Abstain default_abstain = { 30, 0.12, 0.5, 0.05, 0.4, 0.1, 0.3 };

struct _HtLyricsModel
{
  GObject         parent_instance;
  HtLyricsConfig  config;
  HtcFeaturizer  *featurizer;
  HtcTfidf       *tfidf;
  HtcLogreg      *logreg;
  HtcPlaces      *places;     /* NULL: no place features */
  double          temperature;
  Abstain         abstain;
  GHashTable     *metadata;   /* char* → char* */
};

G_DEFINE_FINAL_TYPE (HtLyricsModel, ht_lyrics_model, G_TYPE_OBJECT)

const char *
ht_lyrics_abstain_to_id (HtLyricsAbstain reason)
{
  switch (reason)
    {
    case HT_LYRICS_ABSTAIN_NONE: return "";
    case HT_LYRICS_ABSTAIN_EMPTY: return "empty";
    case HT_LYRICS_ABSTAIN_TOO_FEW_WORDS: return "too-few-words";
    case HT_LYRICS_ABSTAIN_LANGUAGE: return "language";
    case HT_LYRICS_ABSTAIN_NOT_LYRICS: return "not-lyrics";
    default: return "unknown";
    }
}

const char *
ht_lyrics_abstain_describe (HtLyricsAbstain reason)
{
  switch (reason)
    {
    case HT_LYRICS_ABSTAIN_NONE: return "";
    case HT_LYRICS_ABSTAIN_EMPTY:
      return _("No lyrics: the text is empty or marked instrumental");
    case HT_LYRICS_ABSTAIN_TOO_FEW_WORDS:
      return _("Not enough lyrics: too few words the model knows to judge");
    case HT_LYRICS_ABSTAIN_LANGUAGE:
      return _("The lyrics are not in English, which is all the model knows");
    case HT_LYRICS_ABSTAIN_NOT_LYRICS:
      return _("This does not look like song lyrics");
    default:
      return _("Not enough lyrics");
    }
}

void
ht_lyrics_prediction_free (HtLyricsPrediction *prediction)
{
  if (prediction == NULL)
    return;
  for (guint a = 0; a < 2; a++)
    {
      GArray *terms = a == 0 ? prediction->toward : prediction->away;
      for (guint i = 0; terms && i < terms->len; i++)
        g_free (g_array_index (terms, HtLyricsTerm, i).term);
      if (terms)
        g_array_unref (terms);
    }
  g_free (prediction);
}

static void
ht_lyrics_model_finalize (GObject *object)
{
  HtLyricsModel *self = HT_LYRICS_MODEL (object);

  htc_featurizer_free (self->featurizer);
  htc_tfidf_free (self->tfidf);
  htc_logreg_free (self->logreg);
  htc_places_free (self->places);
  g_clear_pointer (&self->metadata, g_hash_table_unref);
  G_OBJECT_CLASS (ht_lyrics_model_parent_class)->finalize (object);
}

static void
ht_lyrics_model_class_init (HtLyricsModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ht_lyrics_model_finalize;
}

static void
ht_lyrics_model_init (HtLyricsModel *self)
{
  self->metadata = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->abstain = default_abstain;
  self->temperature = 1.0;
  ht_lyrics_config_init_default (&self->config);
}

/* ---- metadata documents ---- */

static char *
features_json (const HtLyricsConfig *config)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "normalisation");
  json_builder_add_string_value (b, "flat: headers dropped, NFKC, casefold, accents and "
                                    "apostrophes removed, letters and digits only");
  json_builder_set_member_name (b, "word_ngrams");
  json_builder_begin_array (b);
  json_builder_add_int_value (b, config->ngram.word_min);
  json_builder_add_int_value (b, config->ngram.word_max);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "char_ngrams");
  json_builder_begin_array (b);
  json_builder_add_int_value (b, config->ngram.char_min);
  json_builder_add_int_value (b, config->ngram.char_max);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "min_df");
  json_builder_add_int_value (b, config->min_df);
  json_builder_set_member_name (b, "min_artist_groups");
  json_builder_add_int_value (b, config->min_groups);
  json_builder_set_member_name (b, "char_max_df");
  json_builder_add_double_value (b, config->char_max_df);
  json_builder_set_member_name (b, "association");
  json_builder_add_double_value (b, config->association);
  json_builder_set_member_name (b, "association_prior");
  json_builder_add_double_value (b, config->association_prior);
  json_builder_set_member_name (b, "tf");
  json_builder_add_string_value (b, "sublinear (1 + ln count)");
  json_builder_set_member_name (b, "idf");
  json_builder_add_string_value (b, config->association > 0
                                       ? "(ln((1 + n) / (1 + df)) + 1) x the term's artist-level "
                                         "region association to the power association / 2"
                                       : "ln((1 + n) / (1 + df)) + 1");
  json_builder_set_member_name (b, "norm");
  json_builder_add_string_value (b, "L2 per block (words, word pairs, characters), scaled by block_weights");
  json_builder_set_member_name (b, "place_weight");
  json_builder_add_double_value (b, config->place_weight);
  if (config->place_weight > 0)
    {
      json_builder_set_member_name (b, "place_min_share");
      json_builder_add_double_value (b, config->place_min_share);
      json_builder_set_member_name (b, "place_max_df");
      json_builder_add_double_value (b, config->place_max_df);
      json_builder_set_member_name (b, "places");
      json_builder_add_string_value (b, "mentions of the place names in places.bytes, summed by "
                                        "region: place_weight x (1 + ln count), after the "
                                        "vocabulary's features");
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

static char *
abstain_json (const Abstain *a)
{
  return g_strdup_printf ("{\"min_known_words\": %u, \"min_english_share\": %g, "
                          "\"min_latin_share\": %g, \"max_code_share\": %g, "
                          "\"max_digit_share\": %g, \"max_link_share\": %g, "
                          "\"max_symbol_share\": %g}",
                          a->min_known_words, a->min_english_share, a->min_latin_share,
                          a->max_code_share, a->max_digit_share, a->max_link_share,
                          a->max_symbol_share);
}

static JsonObject *
parse_object (const char *text,
              JsonParser *parser)
{
  JsonNode *root;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  return root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
}

static gboolean
read_pair (JsonObject *obj,
           const char *name,
           unsigned   *lo,
           unsigned   *hi)
{
  JsonArray *arr;

  if (!json_object_has_member (obj, name)
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (obj, name)))
    return FALSE;
  arr = json_object_get_array_member (obj, name);
  if (json_array_get_length (arr) != 2)
    return FALSE;
  *lo = (unsigned) CLAMP (json_array_get_int_element (arr, 0), 0, 100);
  *hi = (unsigned) CLAMP (json_array_get_int_element (arr, 1), 0, 100);
  return TRUE;
}

static double
read_double (JsonObject *obj,
             const char *name,
             double      fallback)
{
  JsonNode *node = obj ? json_object_get_member (obj, name) : NULL;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  return json_node_get_double (node);
}

/* ---- loading ---- */

static gboolean
corrupt (GError    **error,
         const char *name,
         const char *what)
{
  g_set_error (error, HT_ERROR, HT_ERROR_MODEL_CORRUPT,
               /* Translators: the first %s is a file name, the second says what is wrong */
               _("The lyrics model “%s” is damaged: %s"), name, what);
  return FALSE;
}

/* The optional place names (format 2): all five places.* tensors or none. *place_weights
 * receives the place features' K x K logistic-regression weights (NULL without names). */
static gboolean
load_places (HtLyricsModel  *self,
             HtSafetensors  *st,
             const char     *name,
             const float   **place_weights,
             GError        **error)
{
  const char *const tensors[] = { "places.bytes", "places.offsets", "places.regions",
                                  "places.weights", "places.weight" };
  gsize blob_shape[1] = { 0 }, off_shape[1] = { 0 }, reg_shape[1], pw_shape[2] = { K, K };
  gsize one[1] = { 1 }, n;
  const uint8_t *blob, *regions;
  const int64_t *offsets;
  const float *pw, *weight;
  guint present = 0;
  HtcVocab *names = NULL;
  HtcStatus status;

  *place_weights = NULL;
  for (guint i = 0; i < G_N_ELEMENTS (tensors); i++)
    present += ht_safetensors_has_tensor (st, tensors[i]);
  self->config.place_weight = 0;
  if (present == 0)
    return TRUE;
  if (present != G_N_ELEMENTS (tensors))
    {
      corrupt (error, name, _("some of its place-name tensors are missing"));
      return FALSE;
    }
  if ((blob = ht_safetensors_get_tensor (st, "places.bytes", HT_DTYPE_U8, 1, blob_shape, error)) == NULL
      || (offsets = ht_safetensors_get_tensor (st, "places.offsets", HT_DTYPE_I64, 1, off_shape,
                                               error)) == NULL
      || (pw = ht_safetensors_get_f32 (st, "places.weights", 2, pw_shape, error)) == NULL
      || (weight = ht_safetensors_get_f32 (st, "places.weight", 1, one, error)) == NULL)
    return FALSE;
  if (off_shape[0] < 1)
    {
      corrupt (error, name, _("the place names have no offsets"));
      return FALSE;
    }
  n = off_shape[0] - 1;
  reg_shape[0] = n;
  if ((regions = ht_safetensors_get_tensor (st, "places.regions", HT_DTYPE_U8, 1, reg_shape,
                                            error)) == NULL)
    return FALSE;
  if (!(weight[0] > 0 && weight[0] <= 100))
    {
      corrupt (error, name, _("the place-name weight is out of range"));
      return FALSE;
    }
  for (gsize j = 0; j < (gsize) K * K; j++)
    if (!(fabsf (pw[j]) <= MAX_WEIGHT))
      {
        corrupt (error, name, _("a weight is out of range"));
        return FALSE;
      }
  /* htc_vocab_new_from_blob() checks every offset; a duplicate, an offset out of range or a
   * name that is not flat text all make the file damaged. */
  status = htc_vocab_new_from_blob (blob, blob_shape[0], offsets, n, &names);
  if (status == HTC_OK)
    status = htc_places_new (names, regions, K, &self->places);
  if (status == HTC_ERROR_BAD_MODEL)
    {
      corrupt (error, name, _("its place names are damaged (an offset out of range, a name twice, "
                              "a name that is not plain words, or a region out of range)"));
      return FALSE;
    }
  if (!ht_error_check_status (status, name, error))
    return FALSE;
  self->config.place_weight = weight[0];
  *place_weights = pw;
  return TRUE;
}

static HtLyricsModel *
model_from_safetensors (HtSafetensors *st,
                        const char    *name,
                        GError       **error)
{
  g_autoptr(HtLyricsModel) self = g_object_new (HT_TYPE_LYRICS_MODEL, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) parser2 = json_parser_new ();
  const char *format, *version;
  const uint8_t *blob;
  const int64_t *offsets;
  const float *idf, *weights, *bias, *temp, *bw, *place_weights;
  g_autofree float *all_weights = NULL;
  gsize blob_shape[1] = { 0 }, off_shape[1] = { 0 }, n, one[1] = { 1 }, four[1] = { K };
  gsize three[1] = { 3 }, idf_shape[1], w_shape[2];
  JsonObject *features, *abstain;
  HtcVocab *vocab = NULL;
  HtcTfidfParams tp = { 0 };
  HtcStatus status;

  format = ht_safetensors_get_metadata (st, "format");
  version = ht_safetensors_get_metadata (st, "format_version");
  if (g_strcmp0 (format, HT_LYRICS_MODEL_FORMAT) != 0)
    {
      corrupt (error, name, _("it is not a Hometown lyrics model"));
      return NULL;
    }
  if (g_strcmp0 (version, HT_LYRICS_MODEL_FORMAT_VERSION) != 0 && g_strcmp0 (version, "1") != 0)
    {
      g_autofree char *what = g_strdup_printf (_("format version “%s” is not supported"),
                                               version ? version : "");
      corrupt (error, name, what);
      return NULL;
    }

  features = parse_object (ht_safetensors_get_metadata (st, "features"), parser);
  if (features == NULL
      || !read_pair (features, "word_ngrams", &self->config.ngram.word_min, &self->config.ngram.word_max)
      || !read_pair (features, "char_ngrams", &self->config.ngram.char_min, &self->config.ngram.char_max)
      || htc_ngram_params_check (&self->config.ngram) != HTC_OK)
    {
      corrupt (error, name, _("its feature description is missing or invalid"));
      return NULL;
    }
  self->config.min_df = (guint) CLAMP (read_double (features, "min_df", 1), 1, G_MAXINT);
  self->config.min_groups = (guint) CLAMP (read_double (features, "min_artist_groups", 1), 1, G_MAXINT);
  self->config.char_max_df = CLAMP (read_double (features, "char_max_df", 0), 0, 1);
  /* Older models have no association (0: plain IDF); the IDF stored already holds it. */
  self->config.association = CLAMP (read_double (features, "association", 0), 0, 8);
  self->config.association_prior = CLAMP (read_double (features, "association_prior", 0), 0, 1e6);
  /* How the place names were chosen (for eval-lyrics -m); the names themselves are tensors. */
  self->config.place_min_share = CLAMP (read_double (features, "place_min_share",
                                                     self->config.place_min_share), 0, 1);
  self->config.place_max_df = CLAMP (read_double (features, "place_max_df",
                                                  self->config.place_max_df), 0, 1);

  blob = ht_safetensors_get_tensor (st, "vocab.bytes", HT_DTYPE_U8, 1, blob_shape, error);
  if (blob == NULL)
    return NULL;
  offsets = ht_safetensors_get_tensor (st, "vocab.offsets", HT_DTYPE_I64, 1, off_shape, error);
  if (offsets == NULL)
    return NULL;
  if (off_shape[0] < 1)
    {
      corrupt (error, name, _("the vocabulary has no offsets"));
      return NULL;
    }
  n = off_shape[0] - 1;
  if (offsets[0] != 0 || offsets[n] != (int64_t) blob_shape[0])
    {
      corrupt (error, name, _("the vocabulary offsets do not span the vocabulary bytes"));
      return NULL;
    }
  for (gsize i = 0; i < n; i++)
    if (offsets[i + 1] <= offsets[i] || offsets[i + 1] > (int64_t) blob_shape[0]
        || offsets[i + 1] - offsets[i] > HTC_VOCAB_MAX_TERM_LEN)
      {
        g_autofree char *what = g_strdup_printf (_("vocabulary offset %zu is out of range"), i + 1);
        corrupt (error, name, what);
        return NULL;
      }
  idf_shape[0] = n;
  w_shape[0] = n;
  w_shape[1] = K;
  if ((idf = ht_safetensors_get_f32 (st, "idf", 1, idf_shape, error)) == NULL
      || (weights = ht_safetensors_get_f32 (st, "weights", 2, w_shape, error)) == NULL
      || (bias = ht_safetensors_get_f32 (st, "bias", 1, four, error)) == NULL
      || (temp = ht_safetensors_get_f32 (st, "temperature", 1, one, error)) == NULL
      || (bw = ht_safetensors_get_f32 (st, "block_weights", 1, three, error)) == NULL)
    return NULL;
  if (!(temp[0] > 0.01f && temp[0] < 100.0f))
    {
      corrupt (error, name, _("the temperature is out of range"));
      return NULL;
    }
  for (guint b = 0; b < 3; b++)
    if (!(bw[b] >= 0 && bw[b] <= 100))
      {
        corrupt (error, name, _("a block weight is out of range"));
        return NULL;
      }
  /* Bounds far beyond any trained value (IDF ≤ ln (n + 1) + 1, weights of a few units), tight
   * enough that no sum or square of them overflows a float. */
  for (gsize j = 0; j < n; j++)
    if (!(idf[j] >= 0 && idf[j] <= MAX_IDF))
      {
        corrupt (error, name, _("an IDF value is negative or out of range"));
        return NULL;
      }
  for (gsize j = 0; j < n * K; j++)
    if (!(fabsf (weights[j]) <= MAX_WEIGHT))
      {
        corrupt (error, name, _("a weight is out of range"));
        return NULL;
      }
  for (guint k = 0; k < K; k++)
    if (!(fabsf (bias[k]) <= MAX_WEIGHT))
      {
        corrupt (error, name, _("a bias is out of range"));
        return NULL;
      }

  status = htc_vocab_new_from_blob (blob, blob_shape[0], offsets, n, &vocab);
  if (status == HTC_ERROR_BAD_MODEL)
    {
      corrupt (error, name, _("the vocabulary holds a term twice"));
      return NULL;
    }
  if (!ht_error_check_status (status, name, error))
    return NULL;
  status = htc_featurizer_new (&self->config.ngram, vocab, &self->featurizer);
  if (status == HTC_ERROR_BAD_MODEL)
    {
      corrupt (error, name, _("the vocabulary is not in feature order"));
      return NULL;
    }
  if (!ht_error_check_status (status, name, error))
    return NULL;

  tp.sublinear_tf = 1;
  tp.n_blocks = HTC_FEATURIZER_N_BLOCKS;
  for (guint b = 0; b <= HTC_FEATURIZER_N_BLOCKS; b++)
    tp.block_starts[b] = htc_featurizer_block_starts (self->featurizer)[b];
  for (guint b = 0; b < HTC_FEATURIZER_N_BLOCKS; b++)
    tp.block_weight[b] = bw[b];
  if (!load_places (self, st, name, &place_weights, error))
    return NULL;
  if (place_weights)
    {
      /* The place features' weights follow the vocabulary's. */
      all_weights = g_new (float, (n + K) * K);
      memcpy (all_weights, weights, n * K * sizeof (float));
      memcpy (all_weights + n * K, place_weights, K * K * sizeof (float));
      weights = all_weights;
    }
  status = htc_tfidf_new (&tp, idf, n, &self->tfidf);
  if (status == HTC_OK)
    status = htc_logreg_new (K, n + (place_weights ? K : 0), weights, bias, &self->logreg);
  if (status == HTC_ERROR_BAD_MODEL)
    {
      corrupt (error, name, _("its numbers are invalid"));
      return NULL;
    }
  if (!ht_error_check_status (status, name, error))
    return NULL;
  self->temperature = temp[0];
  self->config.block_weight[0] = bw[0];
  self->config.block_weight[1] = bw[1];
  self->config.block_weight[2] = bw[2];

  abstain = parse_object (ht_safetensors_get_metadata (st, "abstain"), parser2);
  if (abstain != NULL)
    {
      self->abstain.min_known_words =
        (guint) CLAMP (read_double (abstain, "min_known_words", default_abstain.min_known_words), 0, 100000);
      self->abstain.min_english_share = read_double (abstain, "min_english_share", default_abstain.min_english_share);
      self->abstain.min_latin_share = read_double (abstain, "min_latin_share", default_abstain.min_latin_share);
      self->abstain.max_code_share = read_double (abstain, "max_code_share", default_abstain.max_code_share);
      self->abstain.max_digit_share = read_double (abstain, "max_digit_share", default_abstain.max_digit_share);
      self->abstain.max_link_share = read_double (abstain, "max_link_share", default_abstain.max_link_share);
      self->abstain.max_symbol_share = read_double (abstain, "max_symbol_share", default_abstain.max_symbol_share);
    }

  {
    g_autoptr(JsonParser) p3 = json_parser_new ();
    JsonObject *training = parse_object (ht_safetensors_get_metadata (st, "training"), p3);
    double c = read_double (training, "c", 0);
    self->config.c = c > 0 && isfinite (c) ? c : 0;
    self->config.artist_cap = read_double (training, "artist_cap", self->config.artist_cap);
    if (training && json_object_has_member (training, "balance_classes"))
      self->config.balance_classes = json_object_get_boolean_member (training, "balance_classes");
  }

  for (const char *const *k = (const char *const[]) { "format", "format_version", "regions",
                                                       "features", "training", "cv", "abstain",
                                                       "created", NULL }; *k; k++)
    {
      const char *v = ht_safetensors_get_metadata (st, *k);
      if (v != NULL)
        g_hash_table_insert (self->metadata, g_strdup (*k), g_strdup (v));
    }
  return g_steal_pointer (&self);
}

HtLyricsModel *
ht_lyrics_model_new_from_bytes (GBytes     *bytes,
                                const char *display_name,
                                GError    **error)
{
  g_autoptr(HtSafetensors) st = NULL;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  if (display_name == NULL)
    display_name = "";
  st = ht_safetensors_new_from_bytes (bytes, display_name, error);
  if (st == NULL)
    return NULL;
  return model_from_safetensors (st, display_name, error);
}

HtLyricsModel *
ht_lyrics_model_load (GFile        *file,
                      GCancellable *cancellable,
                      GError      **error)
{
  g_autoptr(HtSafetensors) st = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  st = ht_safetensors_load (file, cancellable, error);
  if (st == NULL)
    return NULL;
  name = g_file_get_parse_name (file);
  return model_from_safetensors (st, name, error);
}

HtLyricsModel *
ht_lyrics_model_load_default (GCancellable *cancellable,
                              GError      **error)
{
  /* The literal, not HT_LYRICS_MODEL_SHIPPED: tests/check-install-plan.py looks for it. */
  g_autofree char *path = ht_data_dir_find_shipped ("models/lyrics.safetensors");
  g_autoptr(GFile) file = NULL;

  if (path == NULL)
    {
      g_set_error (error, HT_ERROR, HT_ERROR_NO_MODEL,
                   _("No lyrics model is installed (%s was not found)"), HT_LYRICS_MODEL_SHIPPED);
      return NULL;
    }
  file = g_file_new_for_path (path);
  return ht_lyrics_model_load (file, cancellable, error);
}

HtLyricsModel *
ht_lyrics_model_new (const HtLyricsConfig *config,
                     HtcFeaturizer        *featurizer,
                     HtcTfidf             *tfidf,
                     HtcLogreg            *logreg,
                     HtcPlaces            *places,
                     double                temperature,
                     const char           *training_json,
                     const char           *cv_json)
{
  HtLyricsModel *self;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_return_val_if_fail (config != NULL && featurizer != NULL && tfidf != NULL && logreg != NULL, NULL);
  g_return_val_if_fail (htc_featurizer_n_features (featurizer) == htc_tfidf_n_features (tfidf), NULL);
  g_return_val_if_fail (htc_logreg_n_features (logreg)
                          == htc_tfidf_n_features (tfidf) + (places ? K : 0), NULL);
  g_return_val_if_fail (places == NULL || (config->place_weight > 0
                                           && htc_places_n_labels (places) == K), NULL);
  g_return_val_if_fail (temperature > 0, NULL);

  self = g_object_new (HT_TYPE_LYRICS_MODEL, NULL);
  self->config = *config;
  self->featurizer = featurizer;
  self->tfidf = tfidf;
  self->logreg = logreg;
  self->places = places;
  if (places == NULL)
    self->config.place_weight = 0;
  self->temperature = temperature;
  g_hash_table_insert (self->metadata, g_strdup ("format"), g_strdup (HT_LYRICS_MODEL_FORMAT));
  g_hash_table_insert (self->metadata, g_strdup ("format_version"),
                       g_strdup (HT_LYRICS_MODEL_FORMAT_VERSION));
  g_hash_table_insert (self->metadata, g_strdup ("regions"), g_strdup ("East,West,South,Midwest"));
  g_hash_table_insert (self->metadata, g_strdup ("features"), features_json (&self->config));
  g_hash_table_insert (self->metadata, g_strdup ("abstain"), abstain_json (&self->abstain));
  g_hash_table_insert (self->metadata, g_strdup ("created"), g_date_time_format_iso8601 (now));
  if (training_json)
    g_hash_table_insert (self->metadata, g_strdup ("training"), g_strdup (training_json));
  if (cv_json)
    g_hash_table_insert (self->metadata, g_strdup ("cv"), g_strdup (cv_json));
  return self;
}

static HtSafetensorsWriter *
make_writer (HtLyricsModel *self)
{
  HtSafetensorsWriter *w = ht_safetensors_writer_new ();
  const HtcVocab *vocab = htc_featurizer_vocab (self->featurizer);
  gsize n = htc_vocab_size (vocab), blob_len = htc_vocab_blob_size (vocab);
  g_autofree uint8_t *blob = g_malloc (MAX (blob_len, 1));
  g_autofree int64_t *offsets = g_new (int64_t, n + 1);
  gsize s_blob[1] = { blob_len }, s_off[1] = { n + 1 }, s_idf[1] = { n }, s_w[2] = { n, K };
  const float *weights = htc_logreg_weights (self->logreg);
  gsize s_four[1] = { K }, s_one[1] = { 1 }, s_three[1] = { 3 };
  float temp = (float) self->temperature;
  const HtcTfidfParams *tp = htc_tfidf_params (self->tfidf);
  float bw[3] = { tp->block_weight[0], tp->block_weight[1], tp->block_weight[2] };
  GHashTableIter iter;
  gpointer key, value;

  htc_vocab_to_blob (vocab, blob, offsets);
  ht_safetensors_writer_add (w, "vocab.bytes", HT_DTYPE_U8, 1, s_blob, blob);
  ht_safetensors_writer_add (w, "vocab.offsets", HT_DTYPE_I64, 1, s_off, offsets);
  ht_safetensors_writer_add (w, "idf", HT_DTYPE_F32, 1, s_idf, htc_tfidf_idf (self->tfidf));
  ht_safetensors_writer_add (w, "weights", HT_DTYPE_F32, 2, s_w, weights);
  ht_safetensors_writer_add (w, "bias", HT_DTYPE_F32, 1, s_four, htc_logreg_bias (self->logreg));
  ht_safetensors_writer_add (w, "temperature", HT_DTYPE_F32, 1, s_one, &temp);
  ht_safetensors_writer_add (w, "block_weights", HT_DTYPE_F32, 1, s_three, bw);
  if (self->places)
    {
      const HtcVocab *names = htc_places_phrases (self->places);
      gsize m = htc_vocab_size (names), m_len = htc_vocab_blob_size (names);
      g_autofree uint8_t *m_blob = g_malloc (MAX (m_len, 1));
      g_autofree int64_t *m_off = g_new (int64_t, m + 1);
      gsize s_mblob[1] = { m_len }, s_moff[1] = { m + 1 }, s_m[1] = { m }, s_pw[2] = { K, K };
      float weight = (float) self->config.place_weight;

      htc_vocab_to_blob (names, m_blob, m_off);
      ht_safetensors_writer_add (w, "places.bytes", HT_DTYPE_U8, 1, s_mblob, m_blob);
      ht_safetensors_writer_add (w, "places.offsets", HT_DTYPE_I64, 1, s_moff, m_off);
      ht_safetensors_writer_add (w, "places.regions", HT_DTYPE_U8, 1, s_m,
                                 htc_places_labels (self->places));
      ht_safetensors_writer_add (w, "places.weights", HT_DTYPE_F32, 2, s_pw, weights + n * K);
      ht_safetensors_writer_add (w, "places.weight", HT_DTYPE_F32, 1, s_one, &weight);
    }
  g_hash_table_iter_init (&iter, self->metadata);
  while (g_hash_table_iter_next (&iter, &key, &value))
    ht_safetensors_writer_set_metadata (w, key, value);
  return w;
}

GBytes *
ht_lyrics_model_to_bytes (HtLyricsModel *self)
{
  g_autoptr(HtSafetensorsWriter) w = NULL;

  g_return_val_if_fail (HT_IS_LYRICS_MODEL (self), NULL);
  w = make_writer (self);
  return ht_safetensors_writer_to_bytes (w);
}

gboolean
ht_lyrics_model_save (HtLyricsModel *self,
                      GFile         *file,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(HtSafetensorsWriter) w = NULL;

  g_return_val_if_fail (HT_IS_LYRICS_MODEL (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  w = make_writer (self);
  return ht_safetensors_writer_save (w, file, cancellable, error);
}

/* ---- prediction ---- */

static guint
count_code_chars (const char *text,
                  gsize       len)
{
  guint n = 0;
  for (gsize i = 0; i < len; i++)
    n += strchr ("{};=<>\\|_#@^~/", text[i]) != NULL && text[i] != '\0';
  return n;
}

static double
link_share (const char *flat,
            guint       n_words)
{
  g_auto(GStrv) words = g_strsplit (flat, " ", -1);
  guint links = 0;

  for (guint i = 0; words[i]; i++)
    links += strcmp (words[i], "http") == 0 || strcmp (words[i], "https") == 0
             || strcmp (words[i], "www") == 0 || strcmp (words[i], "com") == 0;
  return n_words ? (double) links / n_words : 0;
}

typedef struct
{
  const HtcVocab *vocab;
  GHashTable     *feature_pos;   /* feature id + 1 → position in the sparse row + 1 */
  const float    *counts;        /* raw counts, by position */
  const double   *contrib;       /* by position */
  double          count_of_word;
  double          sum;
} CharShare;

static void
on_char_gram (void        *ctx,
              const char  *term,
              gsize        len,
              HtcNgramKind kind,
              unsigned     n)
{
  CharShare *cs = ctx;
  int32_t id = htc_vocab_lookup (cs->vocab, term, len);
  guint pos;

  if (id < 0)
    return;
  pos = GPOINTER_TO_UINT (g_hash_table_lookup (cs->feature_pos, GINT_TO_POINTER (id + 1)));
  if (pos == 0)
    return;
  /* This word's share of the n-gram: its occurrences here over all occurrences in the text. */
  cs->sum += cs->contrib[pos - 1] * cs->count_of_word / cs->counts[pos - 1];
}

static int
cmp_term_desc (gconstpointer a,
               gconstpointer b)
{
  double x = ((const HtLyricsTerm *) a)->contribution, y = ((const HtLyricsTerm *) b)->contribution;
  if (x != y)
    return x > y ? -1 : 1;
  return g_strcmp0 (((const HtLyricsTerm *) a)->term, ((const HtLyricsTerm *) b)->term);
}

/* The place names a text holds, for its explanation; filled by the same scan that counts
 * them for the features. */
typedef struct
{
  const HtcPlaces *places;     /* NULL: the model has no place features */
  guint8          *seen;       /* by place id */
  GString         *names[K];
  double           words[K];   /* pushes of the names' own word features, by region */
} PlaceNames;

static void
on_place_name (void    *ctx,
               int32_t  place)
{
  PlaceNames *pn = ctx;
  guint region = htc_places_labels (pn->places)[place];
  GString *names = pn->names[region];
  size_t len;
  const char *s;

  /* Each name once, in the order the text first says it. */
  if (pn->seen[place])
    return;
  pn->seen[place] = 1;
  s = htc_vocab_term (htc_places_phrases (pn->places), place, &len);
  if (names->len > 0)
    g_string_append (names, ", ");
  g_string_append_len (names, s, (gssize) len);
}

static void
place_names_init (PlaceNames      *pn,
                  const HtcPlaces *places)
{
  *pn = (PlaceNames) { places, NULL, { NULL }, { 0 } };
  for (guint r = 0; r < K; r++)
    pn->names[r] = g_string_new (NULL);
  if (places)
    pn->seen = g_new0 (guint8, htc_places_size (places));
}

static void
place_names_clear (PlaceNames *pn)
{
  for (guint r = 0; r < K; r++)
    g_string_free (pn->names[r], TRUE);
  g_free (pn->seen);
}

/* A word or word pair that is one of the place names the text holds joins its region's
 * place term, so the name is shown once and the pushes still add up. */
static gboolean
place_names_take (PlaceNames *pn,
                  const char *term,
                  double      push)
{
  int32_t place;

  if (pn->places == NULL)
    return FALSE;
  place = htc_vocab_lookup (htc_places_phrases (pn->places), term, strlen (term));
  if (place < 0 || !pn->seen[place])
    return FALSE;
  pn->words[htc_places_labels (pn->places)[place]] += push;
  return TRUE;
}

static void
add_place_terms (HtLyricsModel    *self,
                 const PlaceNames *pn,
                 const int32_t    *idx,
                 const double     *contrib,
                 gsize             nnz,
                 GArray           *terms)
{
  gsize first = htc_tfidf_n_features (self->tfidf);

  for (gsize t = 0; t < nnz; t++)
    if ((gsize) idx[t] >= first && (gsize) idx[t] < first + K && pn->names[idx[t] - first]->len > 0)
      {
        guint r = idx[t] - first;
        double push = contrib[t] + pn->words[r];
        if (push != 0)
          {
            HtLyricsTerm term = { g_strdup (pn->names[r]->str), HT_LYRICS_TERM_PLACES, push };
            g_array_append_val (terms, term);
          }
      }
}

static void
explain (HtLyricsModel      *self,
         const char         *flat,
         const int32_t      *idx,
         const float        *counts,
         const float        *x,
         gsize               nnz,
         PlaceNames         *pn,
         guint               n_explain,
         HtLyricsPrediction *pred)
{
  const HtcVocab *vocab = htc_featurizer_vocab (self->featurizer);
  const size_t *starts = htc_featurizer_block_starts (self->featurizer);
  const float *W = htc_logreg_weights (self->logreg);
  guint p = pred->region;
  g_autofree double *contrib = g_new (double, nnz);
  g_autoptr(GHashTable) pos = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) terms = g_array_new (FALSE, FALSE, sizeof (HtLyricsTerm));
  g_auto(GStrv) tokens = g_strsplit (flat, " ", -1);
  GHashTableIter iter;
  gpointer key, value;
  CharShare cs = { vocab, pos, counts, contrib, 0, 0 };

  /* Each feature's push toward p: x_j (W[j][p] - mean of W[j][other]) / T. */
  for (gsize t = 0; t < nnz; t++)
    {
      const float *w = W + (gsize) idx[t] * K;
      double others = 0;
      for (guint c = 0; c < K; c++)
        if (c != p)
          others += w[c];
      contrib[t] = x[t] * (w[p] - others / (K - 1)) / self->temperature;
      g_hash_table_insert (pos, GINT_TO_POINTER (idx[t] + 1), GUINT_TO_POINTER (t + 1));
    }

  for (guint i = 0; tokens[i]; i++)
    if (tokens[i][0] != '\0')
      {
        gpointer old = g_hash_table_lookup (words, tokens[i]);
        g_hash_table_replace (words, g_strdup (tokens[i]), GUINT_TO_POINTER (GPOINTER_TO_UINT (old) + 1));
      }

  /* Words: their unigram plus their share of every character n-gram they contain. */
  g_hash_table_iter_init (&iter, words);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *word = key;
      int32_t id = htc_vocab_lookup (vocab, word, strlen (word));
      guint at = id >= 0 ? GPOINTER_TO_UINT (g_hash_table_lookup (pos, GINT_TO_POINTER (id + 1))) : 0;
      HtLyricsTerm term;

      cs.count_of_word = GPOINTER_TO_UINT (value);
      cs.sum = at > 0 ? contrib[at - 1] : 0;
      htc_ngram_chars (htc_featurizer_params (self->featurizer), word, strlen (word),
                       on_char_gram, &cs);
      if (cs.sum == 0 || place_names_take (pn, word, cs.sum))
        continue;
      term.term = g_strdup (word);
      term.kind = HT_LYRICS_TERM_WORDS;
      term.contribution = cs.sum;
      g_array_append_val (terms, term);
    }
  /* Word pairs (and longer n-grams) stand on their own. */
  for (gsize t = 0; t < nnz; t++)
    if ((size_t) idx[t] >= starts[1] && (size_t) idx[t] < starts[2] && contrib[t] != 0)
      {
        size_t len;
        const char *s = htc_vocab_term (vocab, idx[t], &len);
        HtLyricsTerm term = { g_strndup (s, len), HT_LYRICS_TERM_WORDS, contrib[t] };
        if (place_names_take (pn, term.term, term.contribution))
          g_free (term.term);
        else
          g_array_append_val (terms, term);
      }

  /* Place names stand for their region's feature, named by the names the text holds. */
  if (self->places)
    add_place_terms (self, pn, idx, contrib, nnz, terms);

  g_array_sort (terms, cmp_term_desc);
  pred->toward = g_array_new (FALSE, FALSE, sizeof (HtLyricsTerm));
  pred->away = g_array_new (FALSE, FALSE, sizeof (HtLyricsTerm));
  for (guint i = 0; i < terms->len && pred->toward->len < n_explain; i++)
    {
      HtLyricsTerm *t = &g_array_index (terms, HtLyricsTerm, i);
      if (t->contribution <= 0)
        break;
      g_array_append_val (pred->toward, *t);
      t->term = NULL;
    }
  for (guint i = terms->len; i > 0 && pred->away->len < n_explain; i--)
    {
      HtLyricsTerm *t = &g_array_index (terms, HtLyricsTerm, i - 1);
      if (t->contribution >= 0 || t->term == NULL)
        break;
      g_array_append_val (pred->away, *t);
      t->term = NULL;
    }
  for (guint i = 0; i < terms->len; i++)
    g_free (g_array_index (terms, HtLyricsTerm, i).term);
}

HtLyricsPrediction *
ht_lyrics_model_predict (HtLyricsModel *self,
                         const char    *lyrics,
                         gssize         len,
                         guint          n_explain)
{
  HtLyricsPrediction *pred = g_new0 (HtLyricsPrediction, 1);
  HtLyricsTextStats stats;
  HtcFeaturizeStats fstats = { 0 };
  g_autofree char *flat = NULL;
  g_autofree int32_t *idx = NULL, *raw_idx = NULL;
  g_autofree float *val = NULL, *raw_counts = NULL;
  gsize nnz = 0, raw_nnz, text_nnz;
  float logits[K];
  const Abstain *a;
  PlaceNames pn;

  g_return_val_if_fail (HT_IS_LYRICS_MODEL (self), pred);
  a = &self->abstain;
  if (lyrics == NULL)
    lyrics = "";
  if (len < 0)
    len = (gssize) strlen (lyrics);

  flat = ht_lyrics_text_normalize (lyrics, len, &stats);
  pred->n_words = stats.n_words;
  if (stats.n_words == 0 || (stats.instrumental && stats.n_words < a->min_known_words))
    {
      pred->abstain = HT_LYRICS_ABSTAIN_EMPTY;
      return pred;
    }
  if ((stats.n_chars > 0 && (double) count_code_chars (lyrics, (gsize) len) / stats.n_chars > a->max_code_share)
      || (double) stats.n_digit_words / stats.n_words > a->max_digit_share
      || link_share (flat, stats.n_words) > a->max_link_share
      || (double) stats.n_symbols / MAX (1, stats.n_letters + stats.n_symbols) > a->max_symbol_share)
    {
      pred->abstain = HT_LYRICS_ABSTAIN_NOT_LYRICS;
      return pred;
    }
  if (stats.n_words < a->min_known_words)
    {
      pred->abstain = HT_LYRICS_ABSTAIN_TOO_FEW_WORDS;
      return pred;
    }
  if ((stats.n_letters > 0 && (double) stats.n_latin_letters / stats.n_letters < a->min_latin_share)
      || ht_lyrics_text_english_share (flat) < a->min_english_share)
    {
      pred->abstain = HT_LYRICS_ABSTAIN_LANGUAGE;
      return pred;
    }

  if (htc_featurizer_count (self->featurizer, flat, strlen (flat), &idx, &val, &nnz, &fstats) != HTC_OK)
    {
      /* Only out of memory gets here; say "too few words" rather than guess. */
      pred->abstain = HT_LYRICS_ABSTAIN_TOO_FEW_WORDS;
      return pred;
    }
  pred->n_known_words = (guint) fstats.n_known_words;
  if (fstats.n_known_words < a->min_known_words)
    {
      pred->abstain = HT_LYRICS_ABSTAIN_TOO_FEW_WORDS;
      return pred;
    }

  /* Keep the raw counts: an explanation shares each character n-gram out among the words
   * containing it by their counts. */
  raw_nnz = nnz;
  raw_idx = g_memdup2 (idx, MAX (nnz, 1) * sizeof (int32_t));
  raw_counts = g_memdup2 (val, MAX (nnz, 1) * sizeof (float));
  htc_tfidf_transform_row (self->tfidf, idx, val, &nnz);
  text_nnz = nnz;
  place_names_init (&pn, self->places);
  if (self->places)
    {
      guint32 counts[K];
      /* One scan counts the names for the features and, when explaining, lists them. */
      htc_places_scan (self->places, flat, strlen (flat), counts,
                       n_explain > 0 ? on_place_name : NULL, &pn);
      idx = g_renew (int32_t, idx, nnz + K);
      val = g_renew (float, val, nnz + K);
      nnz += htc_places_features (counts, K, (float) self->config.place_weight,
                                  htc_tfidf_n_features (self->tfidf), idx + nnz, val + nnz);
    }
  htc_logreg_logits (self->logreg, idx, val, nnz, logits);
  {
    double mx = -INFINITY, sum = 0;
    for (guint k = 0; k < K; k++)
      mx = MAX (mx, logits[k] / self->temperature);
    for (guint k = 0; k < K; k++)
      {
        pred->probabilities[k] = exp (logits[k] / self->temperature - mx);
        sum += pred->probabilities[k];
      }
    pred->region = 0;
    for (guint k = 0; k < K; k++)
      {
        pred->probabilities[k] /= sum;
        if (pred->probabilities[k] > pred->probabilities[pred->region])
          pred->region = k;
      }
  }
  if (n_explain > 0)
    {
      /* Raw counts aligned with the TF-IDF row (which drops zero-IDF entries). */
      g_autofree float *aligned = g_new (float, MAX (nnz, 1));
      gsize r = 0;
      for (gsize t = 0; t < nnz; t++)
        {
          while (t < text_nnz && r < raw_nnz && raw_idx[r] < idx[t])
            r++;
          aligned[t] = t < text_nnz ? raw_counts[r] : 1;   /* place features have no n-grams */
        }
      explain (self, flat, idx, aligned, val, nnz, &pn, n_explain, pred);
    }
  place_names_clear (&pn);
  return pred;
}

void
ht_lyrics_model_get_config (HtLyricsModel  *self,
                            HtLyricsConfig *config)
{
  g_return_if_fail (HT_IS_LYRICS_MODEL (self));
  g_return_if_fail (config != NULL);
  *config = self->config;
}

const char *
ht_lyrics_model_get_metadata (HtLyricsModel *self,
                              const char    *key)
{
  g_return_val_if_fail (HT_IS_LYRICS_MODEL (self), NULL);
  return g_hash_table_lookup (self->metadata, key);
}

gsize
ht_lyrics_model_get_n_features (HtLyricsModel *self)
{
  g_return_val_if_fail (HT_IS_LYRICS_MODEL (self), 0);
  return htc_featurizer_n_features (self->featurizer);
}

double
ht_lyrics_model_get_temperature (HtLyricsModel *self)
{
  g_return_val_if_fail (HT_IS_LYRICS_MODEL (self), 1.0);
  return self->temperature;
}

guint
ht_lyrics_model_get_min_known_words (HtLyricsModel *self)
{
  g_return_val_if_fail (HT_IS_LYRICS_MODEL (self), 0);
  return self->abstain.min_known_words;
}
