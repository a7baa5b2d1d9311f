/* Tests for HtLyricsModel on a model built by hand: predictions, explanations (sign, ranking,
 * and that they add up to the model's margin), abstentions, the file round trip, concurrent
 * predictions, and the loader's refusal of damaged or inconsistent files. */
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "ht-error.h"
#include "ht-lyrics-model.h"
#include "ht-safetensors.h"

#define K 4

/* Terms in block order (unigrams, word pairs, character n-grams), and their weights
 * (East, West, South, Midwest). */
static const struct
{
  const char *term;
  float       w[K];
} terms[] = {
  { "bay",       { 0, 1.0f, 0, 0 } },
  { "hella",     { 0, 3.0f, 0, 0 } },
  { "the",       { 0, 0, 0, 0 } },
  { "trap",      { 0, 0, 6.0f, 0 } },
  { "yall",      { 0, 0, 0.5f, 0 } },
  { "hella bay", { 0, 1.0f, 0, 0 } },
  { "#ll>",      { 0, 0, 1.0f, 0 } },
};
#define N_TERMS G_N_ELEMENTS (terms)

typedef enum
{
  MUT_NONE,
  MUT_NO_FORMAT,
  MUT_VERSION,
  MUT_OFFSET_PAST_END,
  MUT_OFFSET_BACKWARDS,
  MUT_WEIGHTS_SHAPE,
  MUT_IDF_SHAPE,
  MUT_NAN_WEIGHT,
  MUT_NEGATIVE_IDF,
  MUT_DUPLICATE_TERM,
  MUT_BLOCK_ORDER,
  MUT_TEMPERATURE,
  MUT_NO_BIAS,
  MUT_FEATURES_JSON,
  MUT_OFFSETS_DTYPE,
  /* With place names (format 2): valid, then broken */
  MUT_PLACES,
  MUT_PLACES_PARTIAL,
  MUT_PLACES_REGION,
  MUT_PLACES_DUPLICATE,
  MUT_PLACES_NOT_FLAT,
  MUT_PLACES_OFFSET,
  MUT_PLACES_WEIGHTS_SHAPE,
  MUT_PLACES_NAN_WEIGHT,
  MUT_PLACES_SCALE,
  MUT_OLD_VERSION,
} Mutation;

/* The place names of the hand model with places, their regions, and the place features'
 * weights: each region's feature pushes only its own region, by 2. "bay" is also a word of
 * the vocabulary. */
static const struct
{
  const char *name;
  uint8_t     region;
} place_names[] = {
  { "st louis", 3 }, { "kansas city", 3 }, { "compton", 1 }, { "bay", 1 },
};
#define PLACE_WEIGHT 0.5f

static void
add_places (HtSafetensorsWriter *w,
            Mutation             mut)
{
  g_autoptr(GString) blob = g_string_new (NULL);
  int64_t offsets[G_N_ELEMENTS (place_names) + 1] = { 0 };
  uint8_t regions[G_N_ELEMENTS (place_names)];
  float pw[K * K] = { 0 }, scale = PLACE_WEIGHT;
  gsize n = G_N_ELEMENTS (place_names), s_blob[1], s_off[1] = { n + 1 }, s_n[1] = { n };
  gsize s_pw[2] = { K, K }, s_one[1] = { 1 };

  for (guint i = 0; i < n; i++)
    {
      const char *name = place_names[i].name;
      if (mut == MUT_PLACES_DUPLICATE && i == 1)
        name = "st louis";
      if (mut == MUT_PLACES_NOT_FLAT && i == 2)
        name = "compton ";
      g_string_append (blob, name);
      offsets[i + 1] = (int64_t) blob->len;
      regions[i] = place_names[i].region;
    }
  for (guint r = 0; r < K; r++)
    pw[r * K + r] = 2.0f;
  s_blob[0] = blob->len;
  if (mut == MUT_PLACES_REGION)
    regions[2] = 4;
  if (mut == MUT_PLACES_OFFSET)
    offsets[1] = (int64_t) blob->len + 3;
  if (mut == MUT_PLACES_WEIGHTS_SHAPE)
    s_pw[0] = K - 1;
  if (mut == MUT_PLACES_NAN_WEIGHT)
    pw[5] = NAN;
  if (mut == MUT_PLACES_SCALE)
    scale = -1;
  ht_safetensors_writer_add (w, "places.bytes", HT_DTYPE_U8, 1, s_blob, blob->str);
  ht_safetensors_writer_add (w, "places.offsets", HT_DTYPE_I64, 1, s_off, offsets);
  ht_safetensors_writer_add (w, "places.regions", HT_DTYPE_U8, 1, s_n, regions);
  ht_safetensors_writer_add (w, "places.weights", HT_DTYPE_F32, 2, s_pw, pw);
  if (mut != MUT_PLACES_PARTIAL)
    ht_safetensors_writer_add (w, "places.weight", HT_DTYPE_F32, 1, s_one, &scale);
}

/* A model file, valid or broken in one way. */
static GBytes *
model_bytes (Mutation mut)
{
  g_autoptr(HtSafetensorsWriter) w = ht_safetensors_writer_new ();
  g_autoptr(GString) blob = g_string_new (NULL);
  int64_t offsets[N_TERMS + 1];
  float idf[N_TERMS], weights[N_TERMS * K], bias[K] = { 0 }, temp = 1.0f, bw[3] = { 1, 1, 1 };
  gsize n = N_TERMS, s_blob[1], s_off[1] = { n + 1 }, s_idf[1] = { n }, s_w[2] = { n, K };
  gsize s_k[1] = { K }, s_one[1] = { 1 }, s_three[1] = { 3 };

  offsets[0] = 0;
  for (guint i = 0; i < N_TERMS; i++)
    {
      const char *t = terms[i].term;
      if (mut == MUT_DUPLICATE_TERM && i == 1)
        t = "bay";
      if (mut == MUT_BLOCK_ORDER && i == 0)
        t = "#zz";
      g_string_append (blob, t);
      offsets[i + 1] = (int64_t) blob->len;
      idf[i] = 1.0f;
      memcpy (weights + i * K, terms[i].w, sizeof terms[i].w);
    }
  s_blob[0] = blob->len;
  if (mut == MUT_OFFSET_PAST_END)
    offsets[3] = (int64_t) blob->len + 10;
  if (mut == MUT_OFFSET_BACKWARDS)
    offsets[3] = offsets[2] - 1;
  if (mut == MUT_NAN_WEIGHT)
    weights[5] = NAN;
  if (mut == MUT_NEGATIVE_IDF)
    idf[2] = -1;
  if (mut == MUT_TEMPERATURE)
    temp = 0;
  if (mut == MUT_WEIGHTS_SHAPE)
    s_w[1] = 3;
  if (mut == MUT_IDF_SHAPE)
    s_idf[0] = n - 1;

  ht_safetensors_writer_add (w, "vocab.bytes", HT_DTYPE_U8, 1, s_blob, blob->str);
  if (mut == MUT_OFFSETS_DTYPE)
    {
      int32_t off32[N_TERMS + 1];
      for (guint i = 0; i <= N_TERMS; i++)
        off32[i] = (int32_t) offsets[i];
      ht_safetensors_writer_add (w, "vocab.offsets", HT_DTYPE_I32, 1, s_off, off32);
    }
  else
    ht_safetensors_writer_add (w, "vocab.offsets", HT_DTYPE_I64, 1, s_off, offsets);
  ht_safetensors_writer_add (w, "idf", HT_DTYPE_F32, 1, s_idf, idf);
  ht_safetensors_writer_add (w, "weights", HT_DTYPE_F32, 2, s_w, weights);
  if (mut != MUT_NO_BIAS)
    ht_safetensors_writer_add (w, "bias", HT_DTYPE_F32, 1, s_k, bias);
  ht_safetensors_writer_add (w, "temperature", HT_DTYPE_F32, 1, s_one, &temp);
  ht_safetensors_writer_add (w, "block_weights", HT_DTYPE_F32, 1, s_three, bw);
  if (mut >= MUT_PLACES && mut != MUT_OLD_VERSION)
    add_places (w, mut);
  if (mut != MUT_NO_FORMAT)
    ht_safetensors_writer_set_metadata (w, "format", HT_LYRICS_MODEL_FORMAT);
  ht_safetensors_writer_set_metadata (w, "format_version", mut == MUT_VERSION ? "3"
                                                           : mut == MUT_OLD_VERSION ? "1"
                                                           : HT_LYRICS_MODEL_FORMAT_VERSION);
  ht_safetensors_writer_set_metadata (w, "features",
                                      mut == MUT_FEATURES_JSON ? "{\"word_ngrams\": [1]"
                                      : "{\"word_ngrams\": [1, 2], \"char_ngrams\": [3, 3], "
                                        "\"min_df\": 1, \"min_artist_groups\": 1}");
  return ht_safetensors_writer_to_bytes (w);
}

static HtLyricsModel *
hand_model_with (Mutation mut)
{
  g_autoptr(GBytes) bytes = model_bytes (mut);
  g_autoptr(GError) error = NULL;
  HtLyricsModel *model = ht_lyrics_model_new_from_bytes (bytes, "hand.safetensors", &error);

  g_assert_no_error (error);
  g_assert_nonnull (model);
  return model;
}

static HtLyricsModel *
hand_model (void)
{
  return hand_model_with (MUT_NONE);
}

static char *
repeat (const char *piece,
        guint       n)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < n; i++)
    g_string_append (s, piece);
  return g_string_free (s, FALSE);
}

static void
test_predict_and_explain (void)
{
  g_autoptr(HtLyricsModel) model = hand_model ();
  g_autofree char *text = NULL, *body = repeat ("hella bay the ", 10);
  HtLyricsPrediction *p;
  double sum = 0, margin, others = 0;

  text = g_strconcat (body, "trap trap the yall the", NULL);
  p = ht_lyrics_model_predict (model, text, -1, 1000);
  g_assert_cmpint (p->abstain, ==, HT_LYRICS_ABSTAIN_NONE);
  g_assert_cmpint (p->region, ==, HT_LYRICS_REGION_WEST);
  g_assert_cmpuint (p->n_words, ==, 35);
  g_assert_cmpuint (p->n_known_words, ==, 35);
  g_assert_cmpfloat_with_epsilon (p->probabilities[0] + p->probabilities[1] + p->probabilities[2]
                                  + p->probabilities[3], 1.0, 1e-6);
  /* East and Midwest have no evidence at all: the same probability. */
  g_assert_cmpfloat_with_epsilon (p->probabilities[0], p->probabilities[3], 1e-9);

  /* By hand (IDF 1, sublinear tf, L2 per block). Words: hella, bay 1 + ln 10 = 3.303,
   * the 1 + ln 12 = 3.485, trap 1 + ln 2 = 1.693, yall 1; norm 6.15. The pair block holds only
   * "hella bay" and the character block only "#ll>" (from yall), so each is 1.
   * Toward West (W - mean of the others): hella 0.537 * 3 = 1.61, the pair 1.0, bay 0.537.
   * Away: trap 0.275 * -6/3 = -0.55, yall 0.163 * -0.5/3 + its "ll>" 1 * -1/3 = -0.36. */
  g_assert_cmpuint (p->toward->len, ==, 3);
  g_assert_cmpstr (g_array_index (p->toward, HtLyricsTerm, 0).term, ==, "hella");
  g_assert_cmpstr (g_array_index (p->toward, HtLyricsTerm, 1).term, ==, "hella bay");
  g_assert_cmpstr (g_array_index (p->toward, HtLyricsTerm, 2).term, ==, "bay");
  g_assert_cmpfloat_with_epsilon (g_array_index (p->toward, HtLyricsTerm, 0).contribution, 1.61, 0.01);
  g_assert_cmpfloat_with_epsilon (g_array_index (p->away, HtLyricsTerm, 1).contribution, -0.36, 0.01);
  g_assert_cmpuint (p->away->len, ==, 2);
  g_assert_cmpstr (g_array_index (p->away, HtLyricsTerm, 0).term, ==, "trap");
  g_assert_cmpstr (g_array_index (p->away, HtLyricsTerm, 1).term, ==, "yall");
  for (guint i = 0; i < p->toward->len; i++)
    {
      HtLyricsTerm *t = &g_array_index (p->toward, HtLyricsTerm, i);
      g_assert_cmpfloat (t->contribution, >, 0);
      if (i > 0)
        g_assert_cmpfloat (t->contribution, <=, g_array_index (p->toward, HtLyricsTerm, i - 1).contribution);
      sum += t->contribution;
    }
  for (guint i = 0; i < p->away->len; i++)
    {
      HtLyricsTerm *t = &g_array_index (p->away, HtLyricsTerm, i);
      g_assert_cmpfloat (t->contribution, <, 0);
      sum += t->contribution;
    }
  /* All terms together are the log-odds of West against the mean of the others (bias 0). */
  for (guint k = 0; k < K; k++)
    if (k != HT_LYRICS_REGION_WEST)
      others += log (p->probabilities[k]) / 3;
  margin = log (p->probabilities[HT_LYRICS_REGION_WEST]) - others;
  g_test_message ("sum of contributions %.6f, margin %.6f", sum, margin);
  g_assert_cmpfloat_with_epsilon (sum, margin, 1e-4);
  ht_lyrics_prediction_free (p);

  /* Without explanations: the same probabilities, no term lists. */
  {
    HtLyricsPrediction *q = ht_lyrics_model_predict (model, text, -1, 0);
    g_assert_null (q->toward);
    g_assert_cmpfloat (q->probabilities[1], >, 0.5);
    ht_lyrics_prediction_free (q);
  }
  /* A top-1 request keeps the strongest term each way. */
  p = ht_lyrics_model_predict (model, text, -1, 1);
  g_assert_cmpuint (p->toward->len, ==, 1);
  g_assert_cmpuint (p->away->len, ==, 1);
  g_assert_cmpstr (g_array_index (p->away, HtLyricsTerm, 0).term, ==, "trap");
  ht_lyrics_prediction_free (p);
}

static void
check_abstain (HtLyricsModel   *model,
               const char      *text,
               HtLyricsAbstain  want)
{
  HtLyricsPrediction *p = ht_lyrics_model_predict (model, text, -1, 5);
  g_test_message ("%.40s… → %s", text, ht_lyrics_abstain_to_id (p->abstain));
  g_assert_cmpint (p->abstain, ==, want);
  if (want != HT_LYRICS_ABSTAIN_NONE)
    {
      g_assert_cmpfloat (p->probabilities[0] + p->probabilities[1] + p->probabilities[2]
                         + p->probabilities[3], ==, 0);
      g_assert_cmpstr (ht_lyrics_abstain_describe (want), !=, "");
    }
  ht_lyrics_prediction_free (p);
}

static void
test_abstain (void)
{
  g_autoptr(HtLyricsModel) model = hand_model ();
  g_autofree char *thirty = repeat ("the hella ", 15);
  g_autofree char *pairs14 = repeat ("the hella ", 14);
  g_autofree char *known29 = g_strconcat (pairs14, "the zzz", NULL);
  g_autofree char *turkish = repeat ("bu parçayı yerden otuz bin feet yüksekte yazdım hostes ", 5);
  g_autofree char *russian = repeat ("я написал эту песню на высоте ", 6);
  g_autofree char *code = repeat ("int main (void) { return x->y == 0; } /* the hella */\n", 8);
  g_autofree char *table = repeat ("the 1 2 3 4 5 6 7 8 9 ", 5);
  g_autofree char *links = repeat ("the hella https://www.example.com/a ", 8);
  g_autofree char *emoji = repeat ("🔥🔥🔥 the 💯💯 ", 40);

  g_assert_cmpuint (ht_lyrics_model_get_min_known_words (model), ==, 30);
  check_abstain (model, thirty, HT_LYRICS_ABSTAIN_NONE);
  check_abstain (model, known29, HT_LYRICS_ABSTAIN_TOO_FEW_WORDS);
  check_abstain (model, "hella bay the", HT_LYRICS_ABSTAIN_TOO_FEW_WORDS);
  check_abstain (model, "", HT_LYRICS_ABSTAIN_EMPTY);
  check_abstain (model, "[Instrumental]", HT_LYRICS_ABSTAIN_EMPTY);
  check_abstain (model, "  \n\n ... !!! ", HT_LYRICS_ABSTAIN_EMPTY);
  check_abstain (model, turkish, HT_LYRICS_ABSTAIN_LANGUAGE);
  check_abstain (model, russian, HT_LYRICS_ABSTAIN_LANGUAGE);
  check_abstain (model, code, HT_LYRICS_ABSTAIN_NOT_LYRICS);
  check_abstain (model, table, HT_LYRICS_ABSTAIN_NOT_LYRICS);
  check_abstain (model, links, HT_LYRICS_ABSTAIN_NOT_LYRICS);
  check_abstain (model, emoji, HT_LYRICS_ABSTAIN_NOT_LYRICS);
  g_assert_cmpstr (ht_lyrics_abstain_to_id (HT_LYRICS_ABSTAIN_LANGUAGE), ==, "language");
}

static void
test_roundtrip (void)
{
  g_autoptr(HtLyricsModel) model = hand_model ();
  g_autoptr(HtLyricsModel) again = NULL;
  g_autoptr(GBytes) bytes = ht_lyrics_model_to_bytes (model);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = repeat ("hella the trap yall bay ", 8);
  g_autofree char *dir = g_dir_make_tmp ("ht-lyrics-model-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  HtLyricsPrediction *a, *b;

  g_assert_no_error (error);
  path = g_build_filename (dir, "m.safetensors", NULL);
  file = g_file_new_for_path (path);
  g_assert_true (ht_lyrics_model_save (model, file, NULL, &error));
  g_assert_no_error (error);
  again = ht_lyrics_model_load (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ht_lyrics_model_get_n_features (again), ==, N_TERMS);
  g_assert_cmpstr (ht_lyrics_model_get_metadata (again, "format"), ==, HT_LYRICS_MODEL_FORMAT);
  a = ht_lyrics_model_predict (model, text, -1, 3);
  b = ht_lyrics_model_predict (again, text, -1, 3);
  g_assert_cmpmem (a->probabilities, sizeof a->probabilities, b->probabilities, sizeof b->probabilities);
  ht_lyrics_prediction_free (a);
  ht_lyrics_prediction_free (b);
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* Place names: four features, one per region, each PLACE_WEIGHT (1 + ln mentions). */
static void
test_places (void)
{
  g_autoptr(HtLyricsModel) model = hand_model_with (MUT_PLACES);
  g_autoptr(HtLyricsModel) old = hand_model_with (MUT_OLD_VERSION);
  g_autoptr(HtLyricsModel) again = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *the = repeat ("the ", 30);
  g_autofree char *text = g_strconcat (the, "Kansas City, St. Louis... st louis! Compton louis kansas", NULL);
  HtLyricsPrediction *p, *q, *r;
  HtLyricsConfig config;
  double margin, others = 0, sum = 0;

  ht_lyrics_model_get_config (model, &config);
  g_assert_cmpfloat (config.place_weight, ==, PLACE_WEIGHT);
  ht_lyrics_model_get_config (old, &config);
  g_assert_cmpfloat (config.place_weight, ==, 0);

  /* By hand: "the" weighs nothing. Midwest: kansas city, st louis, st louis = 3 mentions
   * ("louis" and "kansas" alone are not names here), x = 0.5 (1 + ln 3) = 1.0493, logit
   * 2.0986; West: compton once, x = 0.5, logit 1.0; East and South 0. */
  p = ht_lyrics_model_predict (model, text, -1, 5);
  g_assert_cmpint (p->abstain, ==, HT_LYRICS_ABSTAIN_NONE);
  g_assert_cmpint (p->region, ==, HT_LYRICS_REGION_MIDWEST);
  g_assert_cmpfloat_with_epsilon (log (p->probabilities[3] / p->probabilities[0]),
                                  2 * 0.5 * (1 + log (3)), 1e-5);
  g_assert_cmpfloat_with_epsilon (log (p->probabilities[1] / p->probabilities[0]), 1.0, 1e-5);
  g_assert_cmpfloat_with_epsilon (p->probabilities[0], p->probabilities[2], 1e-9);
  /* The explanation names the places the text holds, each region's in the order said:
   * toward Midwest 1.0493 x (2 - 0) = 2.0986; compton (West) 0.5 x (0 - 2 / 3) = -0.3333. */
  g_assert_cmpuint (p->toward->len, ==, 1);
  g_assert_cmpstr (g_array_index (p->toward, HtLyricsTerm, 0).term, ==, "kansas city, st louis");
  g_assert_cmpint (g_array_index (p->toward, HtLyricsTerm, 0).kind, ==, HT_LYRICS_TERM_PLACES);
  g_assert_cmpfloat_with_epsilon (g_array_index (p->toward, HtLyricsTerm, 0).contribution,
                                  2 * 0.5 * (1 + log (3)), 1e-4);
  g_assert_cmpuint (p->away->len, ==, 1);
  g_assert_cmpstr (g_array_index (p->away, HtLyricsTerm, 0).term, ==, "compton");
  g_assert_cmpfloat_with_epsilon (g_array_index (p->away, HtLyricsTerm, 0).contribution,
                                  -1.0 / 3, 1e-4);
  for (guint k = 0; k < K; k++)
    if (k != HT_LYRICS_REGION_MIDWEST)
      others += log (p->probabilities[k]) / 3;
  margin = log (p->probabilities[HT_LYRICS_REGION_MIDWEST]) - others;
  sum = g_array_index (p->toward, HtLyricsTerm, 0).contribution
        + g_array_index (p->away, HtLyricsTerm, 0).contribution;
  g_assert_cmpfloat_with_epsilon (sum, margin, 1e-4);

  /* A version 1 file has no place features: the same text is even across the regions. */
  q = ht_lyrics_model_predict (old, text, -1, 5);
  g_assert_cmpfloat_with_epsilon (q->probabilities[3], 0.25, 1e-6);
  g_assert_cmpuint (q->toward->len, ==, 0);

  /* The file round trip keeps the names, their regions and the weights. */
  bytes = ht_lyrics_model_to_bytes (model);
  again = ht_lyrics_model_new_from_bytes (bytes, "again.safetensors", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ht_lyrics_model_get_metadata (again, "format_version"), ==,
                   HT_LYRICS_MODEL_FORMAT_VERSION);
  r = ht_lyrics_model_predict (again, text, -1, 5);
  g_assert_cmpmem (p->probabilities, sizeof p->probabilities, r->probabilities, sizeof r->probabilities);
  g_assert_cmpstr (g_array_index (r->toward, HtLyricsTerm, 0).term, ==, "kansas city, st louis");
  ht_lyrics_prediction_free (p);
  ht_lyrics_prediction_free (q);
  ht_lyrics_prediction_free (r);
}

/* A place name that is also a word of the vocabulary is shown once, as a place, with the
 * word's push added to its region's place term. */
static void
test_places_word (void)
{
  g_autoptr(HtLyricsModel) model = hand_model_with (MUT_PLACES);
  g_autofree char *the = repeat ("the ", 30);
  g_autofree char *text = g_strconcat (the, "compton bay", NULL);
  HtLyricsPrediction *p;
  /* By hand: West's place feature 0.5 (1 + ln 2) = 0.8466, pushing 2 x 0.8466; the words'
   * block is {the: 1 + ln 30, bay: 1}, L2-normalised, so bay = 1 / sqrt ((1 + ln 30)^2 + 1)
   * = 0.22156, pushing 1 x 0.22156 toward West. "the" weighs nothing. */
  double place = 2 * 0.5 * (1 + log (2));
  double bay = 1 / sqrt (pow (1 + log (30), 2) + 1);

  p = ht_lyrics_model_predict (model, text, -1, 5);
  g_assert_cmpint (p->abstain, ==, HT_LYRICS_ABSTAIN_NONE);
  g_assert_cmpint (p->region, ==, HT_LYRICS_REGION_WEST);
  g_assert_cmpfloat_with_epsilon (log (p->probabilities[1] / p->probabilities[0]), place + bay, 1e-5);
  g_assert_cmpuint (p->toward->len, ==, 1);
  g_assert_cmpstr (g_array_index (p->toward, HtLyricsTerm, 0).term, ==, "compton, bay");
  g_assert_cmpint (g_array_index (p->toward, HtLyricsTerm, 0).kind, ==, HT_LYRICS_TERM_PLACES);
  g_assert_cmpfloat_with_epsilon (g_array_index (p->toward, HtLyricsTerm, 0).contribution,
                                  place + bay, 1e-5);
  g_assert_cmpuint (p->away->len, ==, 0);
  ht_lyrics_prediction_free (p);
}

typedef struct
{
  HtLyricsModel *model;
  const char    *text;
  double         probabilities[K];
} Job;

static gpointer
predict_thread (gpointer data)
{
  Job *job = data;
  for (int r = 0; r < 50; r++)
    {
      HtLyricsPrediction *p = ht_lyrics_model_predict (job->model, job->text, -1, 5);
      memcpy (job->probabilities, p->probabilities, sizeof job->probabilities);
      ht_lyrics_prediction_free (p);
    }
  return NULL;
}

static void
test_threads (void)
{
  g_autoptr(HtLyricsModel) model = hand_model ();
  g_autofree char *text = repeat ("hella the trap yall bay the ", 6);
  HtLyricsPrediction *ref = ht_lyrics_model_predict (model, text, -1, 0);
  Job jobs[4];
  GThread *threads[4];

  for (guint i = 0; i < 4; i++)
    {
      jobs[i].model = model;
      jobs[i].text = text;
      threads[i] = g_thread_new ("predict", predict_thread, &jobs[i]);
    }
  for (guint i = 0; i < 4; i++)
    {
      g_thread_join (threads[i]);
      g_assert_cmpmem (jobs[i].probabilities, sizeof jobs[i].probabilities, ref->probabilities,
                       sizeof ref->probabilities);
    }
  ht_lyrics_prediction_free (ref);
}

typedef struct
{
  const char *name;
  Mutation    mutation;
  const char *message_part;   /* NULL: any HT_ERROR_MODEL_CORRUPT message */
} Broken;

static const Broken broken[] = {
  { "no-format", MUT_NO_FORMAT, "not a Hometown lyrics model" },
  { "version", MUT_VERSION, "format version" },
  { "offset-past-end", MUT_OFFSET_PAST_END, "offset 3 is out of range" },
  { "offset-backwards", MUT_OFFSET_BACKWARDS, "offset 3 is out of range" },
  { "weights-shape", MUT_WEIGHTS_SHAPE, "shape" },
  { "idf-shape", MUT_IDF_SHAPE, "shape" },
  { "nan-weight", MUT_NAN_WEIGHT, NULL },
  { "negative-idf", MUT_NEGATIVE_IDF, "IDF value is negative" },
  { "duplicate-term", MUT_DUPLICATE_TERM, "twice" },
  { "block-order", MUT_BLOCK_ORDER, "feature order" },
  { "temperature", MUT_TEMPERATURE, "temperature" },
  { "no-bias", MUT_NO_BIAS, "bias" },
  { "features-json", MUT_FEATURES_JSON, "feature description" },
  { "offsets-dtype", MUT_OFFSETS_DTYPE, "I64" },
  { "places-partial", MUT_PLACES_PARTIAL, "place-name tensors are missing" },
  { "places-region", MUT_PLACES_REGION, "place names are damaged" },
  { "places-duplicate", MUT_PLACES_DUPLICATE, "place names are damaged" },
  { "places-not-flat", MUT_PLACES_NOT_FLAT, "place names are damaged" },
  { "places-offset", MUT_PLACES_OFFSET, "place names are damaged" },
  { "places-weights-shape", MUT_PLACES_WEIGHTS_SHAPE, "shape" },
  { "places-nan-weight", MUT_PLACES_NAN_WEIGHT, "NaN" },
  { "places-scale", MUT_PLACES_SCALE, "place-name weight" },
};

static void
test_broken (gconstpointer data)
{
  const Broken *b = data;
  g_autoptr(GBytes) bytes = model_bytes (b->mutation);
  g_autoptr(GError) error = NULL;
  g_autoptr(HtLyricsModel) model = ht_lyrics_model_new_from_bytes (bytes, "broken.safetensors", &error);

  g_assert_null (model);
  g_assert_error (error, HT_ERROR, HT_ERROR_MODEL_CORRUPT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "broken.safetensors"));
  if (b->message_part)
    g_assert_nonnull (strstr (error->message, b->message_part));
}

/* Every cut of a valid file, with and without place names, is refused. */
static void
test_truncated (void)
{
  static const Mutation valid[] = { MUT_NONE, MUT_PLACES };

  for (guint v = 0; v < G_N_ELEMENTS (valid); v++)
    {
      g_autoptr(GBytes) bytes = model_bytes (valid[v]);
      gsize len = g_bytes_get_size (bytes);

      for (gsize cut = 0; cut < len; cut += MAX (len / 37, 1))
        {
          g_autoptr(GBytes) part = g_bytes_new_from_bytes (bytes, 0, cut);
          g_autoptr(GError) error = NULL;
          g_autoptr(HtLyricsModel) model = ht_lyrics_model_new_from_bytes (part, "cut.safetensors",
                                                                          &error);
          g_assert_null (model);
          g_assert_error (error, HT_ERROR, HT_ERROR_MODEL_CORRUPT);
        }
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/lyrics-model/predict-and-explain", test_predict_and_explain);
  g_test_add_func ("/engine/lyrics-model/abstain", test_abstain);
  g_test_add_func ("/engine/lyrics-model/roundtrip", test_roundtrip);
  g_test_add_func ("/engine/lyrics-model/places", test_places);
  g_test_add_func ("/engine/lyrics-model/places-word", test_places_word);
  g_test_add_func ("/engine/lyrics-model/threads", test_threads);
  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autofree char *path = g_strdup_printf ("/engine/lyrics-model/broken/%s", broken[i].name);
      g_test_add_data_func (path, &broken[i], test_broken);
    }
  g_test_add_func ("/engine/lyrics-model/truncated", test_truncated);
  return g_test_run ();
}
