/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hometown-cli"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>

#include "ht-cli.h"
#include "ht-cli-lyrics-options.h"
#include "ht-data-dir.h"
#include "ht-error.h"
#include "ht-lyrics-places.h"
#include "ht-origin-table.h"

GOptionGroup *
ht_cli_lyrics_options_group (HtCliLyricsOptions *opts)
{
  const GOptionEntry entries[] = {
    { "words", 0, 0, G_OPTION_ARG_STRING, &opts->word_range,
      N_("Word n-gram orders (default 1-2; 0 for none)"), N_("MIN-MAX") },
    { "chars", 0, 0, G_OPTION_ARG_STRING, &opts->char_range,
      N_("Character n-gram orders inside words (default 2-5; 0 for none)"), N_("MIN-MAX") },
    { "min-df", 0, 0, G_OPTION_ARG_INT, &opts->min_df,
      N_("Songs a term must occur in (default 3)"), N_("N") },
    { "min-artists", 0, 0, G_OPTION_ARG_INT, &opts->min_groups,
      N_("Artist groups a term must occur in (default 10)"), N_("N") },
    { "char-max-df", 0, 0, G_OPTION_ARG_DOUBLE, &opts->char_max_df,
      N_("Drop character n-grams found in more than this share of songs (default 0.2; 1 = keep all)"),
      N_("SHARE") },
    { "artist-cap", 0, 0, G_OPTION_ARG_DOUBLE, &opts->artist_cap,
      N_("Songs per artist at full weight; more share that weight (default 100; 0 = off)"), N_("N") },
    { "no-balance", 0, 0, G_OPTION_ARG_NONE, &opts->no_balance,
      N_("Do not give each region the same total weight"), NULL },
    { "c", 0, 0, G_OPTION_ARG_DOUBLE, &opts->c,
      N_("Inverse regularisation strength (default: chosen by inner CV)"), N_("C") },
    { "c-grid", 0, 0, G_OPTION_ARG_STRING, &opts->c_grid,
      N_("Values of C the inner CV chooses from (default 0.3,1,3)"), N_("C,C,…") },
    { "inner-folds", 0, 0, G_OPTION_ARG_INT, &opts->inner_folds,
      N_("Folds of the inner CV that chooses C and the temperature (default 3)"), N_("K") },
    { "folds", 0, 0, G_OPTION_ARG_INT, &opts->folds, N_("Cross-validation folds (default 5)"), N_("K") },
    { "threads", 0, 0, G_OPTION_ARG_INT, &opts->threads, N_("Worker threads (default 2)"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &opts->seed, N_("Random seed"), N_("N") },
    { "max-iter", 0, 0, G_OPTION_ARG_INT, &opts->max_iter,
      N_("L-BFGS iterations at most (default 500)"), N_("N") },
    { "block-weights", 0, 0, G_OPTION_ARG_STRING, &opts->block_weights,
      N_("L2 norms of the word, word-pair and character blocks (default 1,1,1)"), N_("W,W,W") },
    { "association", 0, 0, G_OPTION_ARG_DOUBLE, &opts->association,
      N_("Weigh each term by how far its users, counted by artist, lean to one region: IDF times that "
         "divergence to the power ALPHA / 2 (default 1; 0 = plain IDF)"),
      N_("ALPHA") },
    { "association-prior", 0, 0, G_OPTION_ARG_DOUBLE, &opts->association_prior,
      N_("Pseudo-artists at the overall mix added to each term’s users in that divergence (default 0)"),
      N_("N") },
    { "places", 0, 0, G_OPTION_ARG_DOUBLE, &opts->places,
      N_("Weight of the four features that count the place names of each region in a song (names "
         "from the shipped origin table; default 0.2; 0 = none)"),
      N_("W") },
    { "place-share", 0, 0, G_OPTION_ARG_DOUBLE, &opts->place_share,
      N_("Share of the artists from a place who must be of one region for its name to count for "
         "that region (default 0.8)"),
      N_("SHARE") },
    { "place-max-df", 0, 0, G_OPTION_ARG_DOUBLE, &opts->place_max_df,
      N_("Leave place names found in more than this share of the training songs to the word "
         "features (default 0.02)"),
      N_("SHARE") },
    { "forest-trees", 0, 0, G_OPTION_ARG_INT, &opts->forest_trees,
      N_("Trees in the random forest (default 500)"), N_("N") },
    { "forest-features", 0, 0, G_OPTION_ARG_INT, &opts->forest_features,
      N_("Features (top by chi-squared) the forest sees (default 1000)"), N_("N") },
    { NULL }
  };
  GOptionGroup *group = g_option_group_new ("model", _("Model options:"),
                                            _("Show the model options"), NULL, NULL);
  opts->min_df = opts->min_groups = opts->inner_folds = opts->folds = opts->threads = -1;
  opts->max_iter = opts->forest_trees = opts->forest_features = -1;
  opts->artist_cap = opts->c = opts->char_max_df = -1;
  opts->association = opts->association_prior = opts->places = -1;
  opts->place_share = opts->place_max_df = -1;
  opts->seed = -1;
  g_option_group_add_entries (group, entries);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  return group;
}

static gboolean
parse_range (const char *text,
             unsigned    max,
             unsigned   *lo,
             unsigned   *hi,
             GError    **error)
{
  char *end;
  guint64 a, b;

  if (g_strcmp0 (text, "0") == 0)
    {
      *lo = *hi = 0;
      return TRUE;
    }
  a = g_ascii_strtoull (text, &end, 10);
  b = a;
  if (*end == '-')
    b = g_ascii_strtoull (end + 1, &end, 10);
  if (*end != '\0' || a < 1 || b < a || b > max)
    {
      g_set_error (error, HT_ERROR, HT_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a range like 1-2 (orders 1 to %u)"), text, max);
      return FALSE;
    }
  *lo = (unsigned) a;
  *hi = (unsigned) b;
  return TRUE;
}

static gboolean
parse_list (const char *text,
            double     *values,
            guint       max,
            guint      *n,
            GError    **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  guint count = g_strv_length (parts);

  if (count == 0 || count > max)
    goto bad;
  for (guint i = 0; i < count; i++)
    {
      char *end;
      values[i] = g_ascii_strtod (parts[i], &end);
      if (*end != '\0' || end == parts[i] || !(values[i] > 0) || !isfinite (values[i]))
        goto bad;
    }
  *n = count;
  return TRUE;
bad:
  g_set_error (error, HT_ERROR, HT_ERROR_INVALID_ARGUMENT,
               _("“%s” is not a list of up to %u positive numbers"), text, max);
  return FALSE;
}

/* A number option: -1 when not given (the default stays), else it must lie in [low, high], or
 * in (low, high] when low_open. NaN is never in range. range says which, for the message. */
static gboolean
apply_number (double        given,
              double        low,
              gboolean      low_open,
              double        high,
              const char   *option,
              const char   *range,
              double       *dest,
              GError      **error)
{
  if (given == -1)
    return TRUE;
  if ((low_open ? given > low : given >= low) && given <= high)
    {
      *dest = given;
      return TRUE;
    }
  /* Translators: an option out of range, e.g. "--places must be a weight between 0 and 100,
   * not 200"; the second %s is one of the ranges below. */
  g_set_error (error, HT_ERROR, HT_ERROR_INVALID_ARGUMENT, _("%s must be %s, not %g"), option,
               range, given);
  return FALSE;
}

gboolean
ht_cli_lyrics_options_apply (HtCliLyricsOptions *opts,
                             HtLyricsConfig     *config,
                             GError            **error)
{
  if (opts->word_range
      && !parse_range (opts->word_range, HTC_NGRAM_MAX_WORD_N, &config->ngram.word_min,
                       &config->ngram.word_max, error))
    return FALSE;
  if (opts->char_range
      && !parse_range (opts->char_range, HTC_NGRAM_MAX_CHAR_N, &config->ngram.char_min,
                       &config->ngram.char_max, error))
    return FALSE;
  if (config->ngram.word_max == 0 && config->ngram.char_max == 0)
    {
      g_set_error_literal (error, HT_ERROR, HT_ERROR_INVALID_ARGUMENT,
                           _("At least one of word and character n-grams is needed"));
      return FALSE;
    }
  if (opts->min_df >= 1)
    config->min_df = (guint) opts->min_df;
  if (opts->min_groups >= 1)
    config->min_groups = (guint) opts->min_groups;
  if (!apply_number (opts->char_max_df, 0, TRUE, 1, "--char-max-df", _("a share between 0 and 1"),
                     &config->char_max_df, error))
    return FALSE;
  if (opts->artist_cap >= 0)
    config->artist_cap = opts->artist_cap;
  if (!apply_number (opts->association, 0, FALSE, 8, "--association",
                     _("a power between 0 and 8"), &config->association, error)
      || !apply_number (opts->association_prior, 0, FALSE, G_MAXDOUBLE, "--association-prior",
                        _("a number of artists, 0 or more"), &config->association_prior, error)
      || !apply_number (opts->places, 0, FALSE, 100, "--places", _("a weight between 0 and 100"),
                        &config->place_weight, error)
      || !apply_number (opts->place_share, 0, TRUE, 1, "--place-share",
                        _("a share above 0 and at most 1"), &config->place_min_share, error)
      || !apply_number (opts->place_max_df, 0, TRUE, 1, "--place-max-df",
                        _("a share above 0 and at most 1"), &config->place_max_df, error))
    return FALSE;
  if (opts->no_balance)
    config->balance_classes = FALSE;
  if (opts->c > 0)
    config->c = opts->c;
  if (opts->c_grid && !parse_list (opts->c_grid, config->c_grid, HT_LYRICS_MAX_C_GRID,
                                   &config->n_c_grid, error))
    return FALSE;
  if (opts->inner_folds >= 2)
    config->inner_folds = (guint) opts->inner_folds;
  if (opts->folds != -1)
    {
      if (opts->folds < 2 || opts->folds > 16)
        {
          g_set_error (error, HT_ERROR, HT_ERROR_INVALID_ARGUMENT,
                       _("--folds must be between 2 and 16, not %d"), opts->folds);
          return FALSE;
        }
      config->folds = (guint) opts->folds;
    }
  if (opts->threads >= 1)
    config->n_threads = (guint) MIN (opts->threads, 64);
  if (opts->seed >= 0)
    config->seed = (guint64) opts->seed;
  if (opts->max_iter >= 1)
    config->max_iter = (guint) opts->max_iter;
  if (opts->block_weights)
    {
      double w[3];
      guint n = 0;
      if (!parse_list (opts->block_weights, w, 3, &n, error))
        return FALSE;
      for (guint b = 0; b < 3; b++)
        config->block_weight[b] = (float) (b < n ? w[b] : w[n - 1]);
    }
  if (opts->forest_trees >= 1)
    config->forest_trees = (guint) opts->forest_trees;
  if (opts->forest_features >= 1)
    config->forest_features = (guint) opts->forest_features;
  return TRUE;
}

void
ht_cli_lyrics_options_clear (HtCliLyricsOptions *opts)
{
  g_clear_pointer (&opts->word_range, g_free);
  g_clear_pointer (&opts->char_range, g_free);
  g_clear_pointer (&opts->c_grid, g_free);
  g_clear_pointer (&opts->block_weights, g_free);
}

void
ht_cli_lyrics_stage_cb (const char *stage,
                        double      fraction,
                        gpointer    user_data)
{
  ht_cli_progress (stage, fraction);
}

static void
on_read_progress (double   fraction,
                  gpointer user_data)
{
  ht_cli_progress (_("Reading the corpus"), fraction);
}

/* Candidate place names from the shipped origin table: not the user's corrections, so that
 * a model trained here is the one anyone trains from the same files. */
static gboolean
add_places (HtLyricsDataset *dataset,
            GCancellable    *cancellable,
            GError         **error)
{
  g_autofree char *path = ht_data_dir_find_shipped ("artists/origins.tsv");
  g_autoptr(HtOriginTable) table = NULL;
  g_autoptr(GArray) sources = NULL;

  if (path == NULL)
    {
      g_set_error (error, HT_ERROR, HT_ERROR_NOT_FOUND,
                   _("The origin table (artists/origins.tsv) was not found; it names the places "
                     "--places counts (use --places 0 to train without them)"));
      return FALSE;
    }
  table = ht_origin_table_new_from_files (path, NULL, NULL, error);
  if (table == NULL)
    return FALSE;
  sources = ht_lyrics_place_sources_from_origins (table);
  return ht_lyrics_dataset_set_places (dataset, (const HtLyricsPlaceSource *) (gpointer) sources->data,
                                       sources->len, cancellable, error);
}

HtLyricsDataset *
ht_cli_lyrics_load_dataset (const char           *path,
                            const HtLyricsConfig *config,
                            GCancellable         *cancellable,
                            GError              **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(HtLyricsCorpus) corpus = NULL;
  HtLyricsDataset *dataset;

  corpus = ht_lyrics_corpus_load (file, cancellable, on_read_progress, NULL, error);
  if (corpus == NULL)
    return NULL;
  dataset = ht_lyrics_dataset_new (corpus, config, cancellable, ht_cli_lyrics_stage_cb, NULL, error);
  if (dataset && config->place_weight > 0 && !add_places (dataset, cancellable, error))
    g_clear_pointer (&dataset, ht_lyrics_dataset_free);
  ht_cli_progress (NULL, -1);
  return dataset;
}
