/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Mutation test of the lyrics-model loader, in the manner of fuzz-safetensors-replay.c: a valid
 * model file is damaged in seeded, deterministic ways — structurally (vocabulary offsets moved,
 * duplicated, reversed; shapes changed; IDF, weights, bias and temperature set to extreme or
 * negative values; metadata JSON edited; the place names' offsets, regions, weights and scale
 * damaged, or one of their tensors dropped) and as raw bytes (bit flips, truncation, spans
 * copied). Whatever the damage, loading must either give a model that predicts finite
 * probabilities summing to 1 (or abstains) on several texts, or fail with
 * HT_ERROR_MODEL_CORRUPT naming the file. HT_FUZZ_ITERATIONS overrides the number of mutants
 * (default 3000). */
#include <math.h>
#include <string.h>
#include <glib.h>

#include "ht-error.h"
#include "ht-lyrics-model.h"
#include "ht-safetensors.h"

#define NAME "fuzz-lyrics.safetensors"
#define K 4
#define SEED 0x1c5a11u

static const char *const terms[] = {
  "bay", "hella", "the", "trap", "yall", "hella bay", "on god", "#<ha", "#ll>", "#yal",
};
#define N_TERMS G_N_ELEMENTS (terms)

static const char *const places[] = { "compton", "st louis", "kansas city" };
#define N_PLACES G_N_ELEMENTS (places)

static const char *const texts[] = {
  "hella bay the trap yall on god the hella bay the trap yall on god the hella bay the trap "
  "yall on god the hella bay the trap yall on god the hella bay compton st louis kansas city",
  "",
  "the the the the the the the the the the the the the the the the the the the the the the the "
  "the the the the the the the the the",
  "[Verse 1: X]\nY’all gon’ hella bay 🔥🔥 the trap the trap the trap the trap the trap the "
  "trap the trap the trap the trap the trap the trap the trap the trap the trap the trap the",
};

typedef struct
{
  GString *blob;
  int64_t  offsets[N_TERMS + 1];
  gsize    n_offsets;
  float    idf[N_TERMS];
  gsize    n_idf;
  float    weights[N_TERMS * K];
  gsize    w_rows, w_cols;
  float    bias[K];
  float    temperature;
  float    block_weights[3];
  char    *features;
  char    *abstain;
  GString *place_blob;
  int64_t  place_offsets[N_PLACES + 1];
  gsize    n_place_offsets;
  uint8_t  place_regions[N_PLACES];
  gsize    n_place_regions;
  float    place_weights[K * K];
  gsize    pw_rows;
  float    place_scale;
  int      dropped_place_tensor;   /* -1: none */
} Parts;

static void
parts_init (Parts *p)
{
  memset (p, 0, sizeof *p);
  p->blob = g_string_new (NULL);
  for (guint i = 0; i < N_TERMS; i++)
    {
      g_string_append (p->blob, terms[i]);
      p->offsets[i + 1] = (int64_t) p->blob->len;
      p->idf[i] = 1.0f + i * 0.1f;
      for (guint k = 0; k < K; k++)
        p->weights[i * K + k] = (float) ((i * 7 + k * 3) % 5) - 2.0f;
    }
  p->n_offsets = N_TERMS + 1;
  p->n_idf = N_TERMS;
  p->w_rows = N_TERMS;
  p->w_cols = K;
  p->temperature = 1.3f;
  for (guint b = 0; b < 3; b++)
    p->block_weights[b] = 1.0f;
  p->features = g_strdup ("{\"word_ngrams\": [1, 2], \"char_ngrams\": [3, 3], \"min_df\": 1, "
                          "\"min_artist_groups\": 1}");
  p->abstain = g_strdup ("{\"min_known_words\": 30}");
  p->place_blob = g_string_new (NULL);
  for (guint i = 0; i < N_PLACES; i++)
    {
      g_string_append (p->place_blob, places[i]);
      p->place_offsets[i + 1] = (int64_t) p->place_blob->len;
      p->place_regions[i] = (uint8_t) (i % K);
    }
  for (guint j = 0; j < K * K; j++)
    p->place_weights[j] = (float) (j % 3) - 1.0f;
  p->n_place_offsets = N_PLACES + 1;
  p->n_place_regions = N_PLACES;
  p->pw_rows = K;
  p->place_scale = 0.2f;
  p->dropped_place_tensor = -1;
}

static void
parts_clear (Parts *p)
{
  g_string_free (p->blob, TRUE);
  g_string_free (p->place_blob, TRUE);
  g_free (p->features);
  g_free (p->abstain);
}

static GBytes *
parts_bytes (Parts *p)
{
  g_autoptr(HtSafetensorsWriter) w = ht_safetensors_writer_new ();
  gsize s_blob[1] = { p->blob->len }, s_off[1] = { p->n_offsets }, s_idf[1] = { p->n_idf };
  gsize s_w[2] = { p->w_rows, p->w_cols }, s_k[1] = { K }, s_one[1] = { 1 }, s_three[1] = { 3 };

  ht_safetensors_writer_add (w, "vocab.bytes", HT_DTYPE_U8, 1, s_blob, p->blob->str);
  ht_safetensors_writer_add (w, "vocab.offsets", HT_DTYPE_I64, 1, s_off, p->offsets);
  ht_safetensors_writer_add (w, "idf", HT_DTYPE_F32, 1, s_idf, p->idf);
  ht_safetensors_writer_add (w, "weights", HT_DTYPE_F32, 2, s_w, p->weights);
  ht_safetensors_writer_add (w, "bias", HT_DTYPE_F32, 1, s_k, p->bias);
  ht_safetensors_writer_add (w, "temperature", HT_DTYPE_F32, 1, s_one, &p->temperature);
  ht_safetensors_writer_add (w, "block_weights", HT_DTYPE_F32, 1, s_three, p->block_weights);
  {
    gsize s_pb[1] = { p->place_blob->len }, s_po[1] = { p->n_place_offsets };
    gsize s_pr[1] = { p->n_place_regions }, s_pw[2] = { p->pw_rows, K };
    if (p->dropped_place_tensor != 0)
      ht_safetensors_writer_add (w, "places.bytes", HT_DTYPE_U8, 1, s_pb, p->place_blob->str);
    if (p->dropped_place_tensor != 1)
      ht_safetensors_writer_add (w, "places.offsets", HT_DTYPE_I64, 1, s_po, p->place_offsets);
    if (p->dropped_place_tensor != 2)
      ht_safetensors_writer_add (w, "places.regions", HT_DTYPE_U8, 1, s_pr, p->place_regions);
    if (p->dropped_place_tensor != 3)
      ht_safetensors_writer_add (w, "places.weights", HT_DTYPE_F32, 2, s_pw, p->place_weights);
    if (p->dropped_place_tensor != 4)
      ht_safetensors_writer_add (w, "places.weight", HT_DTYPE_F32, 1, s_one, &p->place_scale);
  }
  ht_safetensors_writer_set_metadata (w, "format", HT_LYRICS_MODEL_FORMAT);
  ht_safetensors_writer_set_metadata (w, "format_version", HT_LYRICS_MODEL_FORMAT_VERSION);
  ht_safetensors_writer_set_metadata (w, "features", p->features);
  ht_safetensors_writer_set_metadata (w, "abstain", p->abstain);
  return ht_safetensors_writer_to_bytes (w);
}

static float
extreme_float (GRand *rand)
{
  static const float values[] = { 0, -0.0f, -1, 1e-38f, 1e38f, -1e38f, 3.4e38f, 1e-45f, 0.5f, 100 };
  return values[g_rand_int_range (rand, 0, G_N_ELEMENTS (values))];
}

static int64_t
extreme_offset (GRand *rand,
                gsize  blob_len)
{
  const int64_t values[] = { 0, -1, 1, (int64_t) blob_len, (int64_t) blob_len + 1, G_MAXINT64,
                             G_MININT64, 65536, 70000, g_rand_int_range (rand, 0, (gint32) blob_len + 2) };
  return values[g_rand_int_range (rand, 0, G_N_ELEMENTS (values))];
}

static const char *const feature_docs[] = {
  "{\"word_ngrams\": [0, 0], \"char_ngrams\": [0, 0]}",
  "{\"word_ngrams\": [2, 1], \"char_ngrams\": [3, 3]}",
  "{\"word_ngrams\": [1, 9], \"char_ngrams\": [3, 3]}",
  "{\"word_ngrams\": [1, 2], \"char_ngrams\": [1, 8]}",
  "{\"word_ngrams\": [1, 2], \"char_ngrams\": [-5, 3]}",
  "{\"word_ngrams\": \"x\", \"char_ngrams\": [3, 3]}",
  "{\"word_ngrams\": [1, 2]}",
  "[1, 2]",
  "",
  "{\"word_ngrams\": [1, 2], \"char_ngrams\": [3, 3], \"min_df\": 1e300}",
};

static const char *const abstain_docs[] = {
  "{\"min_known_words\": -5}", "{\"min_known_words\": 1e300}", "{\"min_english_share\": 2}",
  "{\"max_code_share\": -1}", "nonsense", "{\"min_known_words\": 0, \"min_english_share\": 0}",
};

/* One structural mutation. */
static void
mutate_parts (GRand *rand,
              Parts *p)
{
  guint i = (guint) g_rand_int_range (rand, 0, N_TERMS);

  switch (g_rand_int_range (rand, 0, 17))
    {
    case 12:
      p->place_offsets[g_rand_int_range (rand, 0, N_PLACES + 1)] = extreme_offset (rand, p->place_blob->len);
      break;
    case 13:
      p->place_regions[g_rand_int_range (rand, 0, N_PLACES)] = (uint8_t) g_rand_int_range (rand, 0, 256);
      p->n_place_regions = (gsize) g_rand_int_range (rand, N_PLACES - 1, N_PLACES + 1);
      break;
    case 14:
      p->place_weights[g_rand_int_range (rand, 0, K * K)] = extreme_float (rand);
      p->pw_rows = (gsize) g_rand_int_range (rand, K - 1, K + 1);
      break;
    case 15:
      p->place_scale = extreme_float (rand);
      p->dropped_place_tensor = g_rand_int_range (rand, -1, 5);
      break;
    case 16:  /* a byte of a name: may join two words, double a space, or duplicate a name */
      p->place_blob->str[g_rand_int_range (rand, 0, (gint32) p->place_blob->len)] = " ak\xff"[g_rand_int_range (rand, 0, 4)];
      p->n_place_offsets = (gsize) g_rand_int_range (rand, N_PLACES, N_PLACES + 2);
      break;
    case 0:
      p->offsets[g_rand_int_range (rand, 0, N_TERMS + 1)] = extreme_offset (rand, p->blob->len);
      break;
    case 1:   /* swap two offsets */
      {
        guint j = (guint) g_rand_int_range (rand, 0, N_TERMS + 1);
        int64_t t = p->offsets[i];
        p->offsets[i] = p->offsets[j];
        p->offsets[j] = t;
      }
      break;
    case 2:
      p->n_offsets = (gsize) g_rand_int_range (rand, 0, N_TERMS + 2);
      break;
    case 3:
      p->idf[i] = extreme_float (rand);
      break;
    case 4:
      p->n_idf = (gsize) g_rand_int_range (rand, 0, N_TERMS + 1);
      break;
    case 5:
      p->weights[g_rand_int_range (rand, 0, N_TERMS * K)] = extreme_float (rand);
      break;
    case 6:
      p->w_rows = (gsize) g_rand_int_range (rand, 0, N_TERMS + 1);
      p->w_cols = (gsize) g_rand_int_range (rand, 0, K + 1);
      break;
    case 7:
      p->bias[g_rand_int_range (rand, 0, K)] = extreme_float (rand);
      p->temperature = extreme_float (rand);
      break;
    case 8:
      p->block_weights[g_rand_int_range (rand, 0, 3)] = extreme_float (rand);
      break;
    case 9:
      g_free (p->features);
      p->features = g_strdup (feature_docs[g_rand_int_range (rand, 0, G_N_ELEMENTS (feature_docs))]);
      break;
    case 10:
      g_free (p->abstain);
      p->abstain = g_strdup (abstain_docs[g_rand_int_range (rand, 0, G_N_ELEMENTS (abstain_docs))]);
      break;
    default:  /* a byte of a term: may duplicate a term or move it to another block */
      if (p->blob->len > 0)
        p->blob->str[g_rand_int_range (rand, 0, (gint32) p->blob->len)] = "# ab\xff"[g_rand_int_range (rand, 0, 5)];
      break;
    }
}

static void
mutate_bytes (GRand      *rand,
              GByteArray *a)
{
  guint pos = a->len > 0 ? (guint) g_rand_int_range (rand, 0, (gint32) a->len) : 0;

  switch (g_rand_int_range (rand, 0, 3))
    {
    case 0:
      if (a->len > 0)
        a->data[pos] ^= (guint8) (1u << g_rand_int_range (rand, 0, 8));
      break;
    case 1:
      g_byte_array_set_size (a, pos);
      break;
    default:
      if (a->len > 0)
        {
          guint from = (guint) g_rand_int_range (rand, 0, (gint32) a->len);
          guint n = (guint) g_rand_int_range (rand, 1, 17);
          n = MIN (MIN (n, a->len - from), a->len - pos);
          memmove (a->data + pos, a->data + from, n);
        }
      break;
    }
}

/* The property every input must satisfy; returns TRUE when it loaded. */
static gboolean
check_input (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HtLyricsModel) model = ht_lyrics_model_new_from_bytes (bytes, NAME, &error);

  if (model == NULL)
    {
      g_assert_error (error, HT_ERROR, HT_ERROR_MODEL_CORRUPT);
      g_assert_nonnull (strstr (error->message, NAME));
      return FALSE;
    }
  g_assert_no_error (error);
  for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
    {
      HtLyricsPrediction *p = ht_lyrics_model_predict (model, texts[t], -1, 5);
      if (p->abstain == HT_LYRICS_ABSTAIN_NONE)
        {
          double sum = 0;
          for (guint k = 0; k < K; k++)
            {
              g_assert_true (isfinite (p->probabilities[k]));
              g_assert_cmpfloat (p->probabilities[k], >=, 0);
              sum += p->probabilities[k];
            }
          g_assert_cmpfloat_with_epsilon (sum, 1.0, 1e-5);
          for (guint i = 0; i < p->toward->len; i++)
            g_assert_true (isfinite (g_array_index (p->toward, HtLyricsTerm, i).contribution));
        }
      ht_lyrics_prediction_free (p);
    }
  return TRUE;
}

static void
test_valid (void)
{
  Parts p;
  g_autoptr(GBytes) bytes = NULL;

  parts_init (&p);
  bytes = parts_bytes (&p);
  g_assert_true (check_input (bytes));
  parts_clear (&p);
}

static void
test_mutations (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  const char *env = g_getenv ("HT_FUZZ_ITERATIONS");
  guint iterations = env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : 3000;
  guint accepted = 0;
  gint64 start = g_get_monotonic_time ();

  for (guint it = 0; it < iterations; it++)
    {
      Parts p;
      g_autoptr(GBytes) bytes = NULL;

      parts_init (&p);
      /* Two out of three mutants are structural (they reach the model checks); the rest are
       * raw byte damage of a valid file (they exercise the container as the model sees it). */
      if (g_rand_int_range (rand, 0, 3) > 0)
        {
          guint n = 1;
          while (n < 4 && g_rand_boolean (rand))
            n++;
          for (guint m = 0; m < n; m++)
            mutate_parts (rand, &p);
          bytes = parts_bytes (&p);
        }
      else
        {
          g_autoptr(GBytes) valid = parts_bytes (&p);
          gsize len;
          const guint8 *data = g_bytes_get_data (valid, &len);
          g_autoptr(GByteArray) a = g_byte_array_new ();
          g_byte_array_append (a, data, (guint) len);
          mutate_bytes (rand, a);
          bytes = g_bytes_new (a->data, a->len);
        }
      accepted += check_input (bytes);
      parts_clear (&p);
    }
  g_test_message ("%u mutants, %u loaded, %u refused, %.2f s", iterations, accepted,
                  iterations - accepted, (g_get_monotonic_time () - start) / 1e6);
  /* Some damage is harmless (a weight changed to another finite value), most is not. */
  if (iterations >= 1000)
    {
      g_assert_cmpuint (accepted, >, iterations / 50);
      g_assert_cmpuint (accepted, <, iterations * 3 / 4);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/lyrics-model/fuzz/valid", test_valid);
  g_test_add_func ("/engine/lyrics-model/fuzz/mutations", test_mutations);
  return g_test_run ();
}
