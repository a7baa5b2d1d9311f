/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-lyrics-trainer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ht-error.h"
#include "ht-lyrics-eval.h"
#include "ht-lyrics-trainer.h"

#define K HT_LYRICS_N_REGIONS

typedef struct
{
  HtLyricsStageFunc stage;
  gpointer          user_data;
  double            lo, hi;
} Span;

static void
on_span (const char *label,
         double      fraction,
         gpointer    user_data)
{
  Span *s = user_data;
  if (s->stage)
    s->stage (label, s->lo + (s->hi - s->lo) * CLAMP (fraction, 0.0, 1.0), s->user_data);
}

static int
cmp_double (const void *a,
            const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static void
add_metrics (JsonBuilder      *b,
             const HtcMetrics *m)
{
  _ht_lyrics_metrics_add_members (b, m, "songs");
}

static char *
to_json (JsonBuilder *b)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

/* Keeps only the features the final fit uses (IDF > 0), renumbered in the same order, so the
 * blocks stay contiguous. */
static gboolean
prune (const HtcFeaturizer *featurizer,
       const HtLyricsFit   *fit,
       HtcFeaturizer      **f_out,
       HtcTfidf           **t_out,
       HtcLogreg          **l_out,
       GError             **error)
{
  const HtcVocab *vocab = htc_featurizer_vocab (featurizer);
  const float *idf = htc_tfidf_idf (fit->tfidf);
  const float *w = htc_logreg_weights (fit->logreg);
  const HtcTfidfParams *tp = htc_tfidf_params (fit->tfidf);
  gsize p = htc_featurizer_n_features (featurizer), n = 0;
  gsize n_places = fit->places ? HT_LYRICS_N_PLACE_FEATURES : 0;
  g_autofree float *idf2 = NULL, *w2 = NULL;
  HtcTfidfParams tp2 = *tp;
  HtcVocab *v2 = NULL;
  HtcStatus s;

  for (gsize j = 0; j < p; j++)
    n += idf[j] > 0;
  idf2 = g_new (float, MAX (n, 1));
  w2 = g_new (float, (n + n_places + 1) * K);
  s = htc_vocab_new (n, &v2);
  n = 0;
  for (gsize j = 0; s == HTC_OK && j < p; j++)
    {
      size_t len;
      const char *term;
      int32_t id;
      if (!(idf[j] > 0))
        continue;
      term = htc_vocab_term (vocab, (int32_t) j, &len);
      s = htc_vocab_add (v2, term, len, &id, NULL);
      idf2[n] = idf[j];
      memcpy (w2 + n * K, w + j * K, K * sizeof (float));
      n++;
    }
  if (s == HTC_OK)
    s = htc_featurizer_new (htc_featurizer_params (featurizer), g_steal_pointer (&v2), f_out);
  else
    htc_vocab_free (v2);
  if (s == HTC_OK)
    {
      for (guint b = 0; b <= HTC_FEATURIZER_N_BLOCKS; b++)
        tp2.block_starts[b] = htc_featurizer_block_starts (*f_out)[b];
      s = htc_tfidf_new (&tp2, idf2, n, t_out);
    }
  /* The place features follow the vocabulary's, in the logistic regression as in the fit. */
  memcpy (w2 + n * K, w + p * K, n_places * K * sizeof (float));
  if (s == HTC_OK)
    s = htc_logreg_new (K, n + n_places, w2, htc_logreg_bias (fit->logreg), l_out);
  return ht_error_check_status (s, _("lyrics model"), error);
}

HtLyricsModel *
ht_lyrics_train (HtLyricsDataset       *dataset,
                 const HtLyricsConfig  *config,
                 const char            *corpus_name,
                 GCancellable          *cancellable,
                 HtLyricsStageFunc      stage,
                 gpointer               user_data,
                 GError               **error)
{
  HtLyricsConfig sel = *config;
  HtLyricsCorpus *corpus = ht_lyrics_dataset_get_corpus (dataset);
  const gsize *rows;
  gsize n_rows;
  double c = 0, temperature = 1;
  HtcMetrics chosen, per_c[HT_LYRICS_MAX_C_GRID];
  HtLyricsFit fit = { 0 };
  Span span = { stage, user_data, 0, 0.8 };
  HtcFeaturizer *f2 = NULL;
  HtcTfidf *t2 = NULL;
  HtcLogreg *l2 = NULL;
  g_autoptr(JsonBuilder) tb = json_builder_new ();
  g_autoptr(JsonBuilder) cb = json_builder_new ();
  g_autofree char *training = NULL, *cv = NULL;
  guint region_songs[K] = { 0 };
  gint64 t0 = g_get_monotonic_time ();
  guint n_grid;
  double grid[HT_LYRICS_MAX_C_GRID];

  g_return_val_if_fail (dataset != NULL && config != NULL, NULL);

  /* The grid as ht_lyrics_choose_c() walks it: ascending. */
  n_grid = config->c > 0 ? 1 : MIN (config->n_c_grid, HT_LYRICS_MAX_C_GRID);
  for (guint g = 0; g < n_grid; g++)
    grid[g] = config->c > 0 ? config->c : config->c_grid[g];
  qsort (grid, n_grid, sizeof (double), cmp_double);

  rows = ht_lyrics_dataset_get_usable_rows (dataset, &n_rows);
  if (!ht_lyrics_choose_c (dataset, &sel, rows, n_rows, &c, &temperature, &chosen, per_c,
                           cancellable, on_span, &span, error))
    return NULL;

  span.lo = 0.8;
  span.hi = 1.0;
  if (!ht_lyrics_dataset_fit (dataset, config, rows, n_rows, c, &fit, cancellable, on_span,
                              &span, error)
      || !prune (ht_lyrics_dataset_get_featurizer (dataset), &fit, &f2, &t2, &l2, error))
    {
      ht_lyrics_fit_clear (&fit);
      return NULL;
    }

  for (gsize i = 0; i < n_rows; i++)
    region_songs[ht_lyrics_corpus_get_song (corpus, (guint) rows[i])->region]++;

  json_builder_begin_object (tb);
  json_builder_set_member_name (tb, "corpus");
  json_builder_add_string_value (tb, corpus_name ? corpus_name : "");
  json_builder_set_member_name (tb, "songs");
  json_builder_add_int_value (tb, (gint64) n_rows);
  json_builder_set_member_name (tb, "songs_left_out_not_english");
  json_builder_add_int_value (tb, (gint64) (ht_lyrics_dataset_get_n_rows (dataset) - n_rows));
  json_builder_set_member_name (tb, "artists");
  json_builder_add_int_value (tb, ht_lyrics_dataset_get_n_artists (dataset));
  json_builder_set_member_name (tb, "artist_groups");
  json_builder_add_int_value (tb, ht_lyrics_dataset_get_n_groups (dataset));
  json_builder_set_member_name (tb, "songs_per_region");
  json_builder_begin_object (tb);
  for (guint k = 0; k < K; k++)
    {
      json_builder_set_member_name (tb, ht_lyrics_region_key (k));
      json_builder_add_int_value (tb, region_songs[k]);
    }
  json_builder_end_object (tb);
  json_builder_set_member_name (tb, "model");
  json_builder_add_string_value (tb, "multinomial logistic regression, L2, L-BFGS");
  json_builder_set_member_name (tb, "c");
  json_builder_add_double_value (tb, c);
  json_builder_set_member_name (tb, "c_grid");
  json_builder_begin_array (tb);
  for (guint g = 0; g < n_grid; g++)
    json_builder_add_double_value (tb, grid[g]);
  json_builder_end_array (tb);
  json_builder_set_member_name (tb, "artist_cap");
  json_builder_add_double_value (tb, config->artist_cap);
  json_builder_set_member_name (tb, "balance_classes");
  json_builder_add_boolean_value (tb, config->balance_classes);
  json_builder_set_member_name (tb, "temperature");
  json_builder_add_double_value (tb, round (temperature * 1e4) / 1e4);
  json_builder_set_member_name (tb, "iterations");
  json_builder_add_int_value (tb, (gint64) fit.info.n_iter);
  json_builder_set_member_name (tb, "converged");
  json_builder_add_boolean_value (tb, fit.info.converged);
  json_builder_set_member_name (tb, "features");
  json_builder_add_int_value (tb, (gint64) htc_featurizer_n_features (f2));
  json_builder_set_member_name (tb, "place_names");
  json_builder_add_int_value (tb, fit.places ? (gint64) htc_places_size (fit.places) : 0);
  json_builder_set_member_name (tb, "seed");
  json_builder_add_int_value (tb, (gint64) config->seed);
  json_builder_set_member_name (tb, "seconds");
  json_builder_add_double_value (tb, round ((g_get_monotonic_time () - t0) / 1e5) / 10);
  json_builder_end_object (tb);
  training = to_json (tb);

  json_builder_begin_object (cb);
  json_builder_set_member_name (cb, "kind");
  json_builder_add_string_value (cb, "artist-grouped CV of the training recipe; C chosen on these "
                                     "folds (see eval-lyrics for nested figures)");
  json_builder_set_member_name (cb, "folds");
  json_builder_add_int_value (cb, MAX (config->inner_folds, 2));
  add_metrics (cb, &chosen);
  json_builder_set_member_name (cb, "per_c");
  json_builder_begin_array (cb);
  for (guint g = 0; g < n_grid; g++)
    {
      json_builder_begin_object (cb);
      json_builder_set_member_name (cb, "c");
      json_builder_add_double_value (cb, grid[g]);
      add_metrics (cb, &per_c[g]);
      json_builder_end_object (cb);
    }
  json_builder_end_array (cb);
  json_builder_end_object (cb);
  cv = to_json (cb);

  {
    HtLyricsConfig final = *config;
    HtLyricsModel *model;
    final.c = c;
    model = ht_lyrics_model_new (&final, f2, t2, l2, g_steal_pointer (&fit.places), temperature,
                                 training, cv);
    ht_lyrics_fit_clear (&fit);
    return model;
  }
}
