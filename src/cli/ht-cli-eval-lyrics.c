/* hometown-cli eval-lyrics: cross-validates the lyrics model on a labelled corpus.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hometown-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "ht-cli.h"
#include "ht-cli-lyrics-options.h"
#include "ht-lyrics-eval.h"
#include "ht-lyrics-model.h"

/* Out-of-fold predictions of every result: id, true region, then per result the predicted
 * region and its four probabilities. */
static gboolean
write_predictions (const char         *path,
                   HtLyricsDataset    *dataset,
                   HtLyricsEvaluation *eval,
                   GError            **error)
{
  HtLyricsCorpus *corpus = ht_lyrics_dataset_get_corpus (dataset);
  g_autoptr(GString) s = g_string_new ("id\tartist_key\tregion");

  for (guint r = 0; r < eval->results->len; r++)
    {
      HtLyricsEvalResult *res = g_ptr_array_index (eval->results, r);
      g_string_append_printf (s, "\t%s/%s", res->model, res->split);
      for (guint k = 0; k < HT_LYRICS_N_REGIONS; k++)
        g_string_append_printf (s, "\t%s/%s/%s", res->model, res->split, ht_lyrics_region_key (k));
    }
  g_string_append_c (s, '\n');
  for (guint i = 0; i < eval->n_rows; i++)
    {
      const HtLyricsSong *song = ht_lyrics_corpus_get_song (corpus, i);
      if (eval->fold[i] == HT_LYRICS_NO_FOLD)
        continue;
      g_string_append_printf (s, "%s\t%s\t%s", song->id, song->artist_key,
                              ht_lyrics_region_key (song->region));
      for (guint r = 0; r < eval->results->len; r++)
        {
          HtLyricsEvalResult *res = g_ptr_array_index (eval->results, r);
          g_string_append_printf (s, "\t%s", ht_lyrics_region_key (res->predicted[i]));
          for (guint k = 0; k < HT_LYRICS_N_REGIONS; k++)
            g_string_append_printf (s, "\t%.4f", res->proba[i * HT_LYRICS_N_REGIONS + k]);
        }
      g_string_append_c (s, '\n');
    }
  return g_file_set_contents (path, s->str, (gssize) s->len, error);
}

static gboolean
write_folds (const char         *path,
             HtLyricsDataset    *dataset,
             HtLyricsEvaluation *eval,
             GError            **error)
{
  HtLyricsCorpus *corpus = ht_lyrics_dataset_get_corpus (dataset);
  g_autoptr(GString) s = g_string_new ("id\tfold\tleft_out_of\n");
  g_autofree guint *left_out = g_new0 (guint, eval->n_rows);   /* bit f: not trained on in fold f */

  for (guint f = 0; f < eval->config.folds; f++)
    {
      g_autoptr(GArray) rows = ht_lyrics_dataset_train_rows (dataset, eval->fold, f, TRUE, NULL);
      g_autofree gboolean *in = g_new0 (gboolean, eval->n_rows);
      for (guint t = 0; t < rows->len; t++)
        in[g_array_index (rows, gsize, t)] = TRUE;
      for (guint i = 0; i < eval->n_rows; i++)
        if (eval->fold[i] != HT_LYRICS_NO_FOLD && eval->fold[i] != f && !in[i])
          left_out[i] |= 1u << f;
    }
  /* left_out_of: folds whose training leaves the song out (a test-fold artist is a guest). */
  for (guint i = 0; i < eval->n_rows; i++)
    if (eval->fold[i] != HT_LYRICS_NO_FOLD)
      {
        g_string_append_printf (s, "%s\t%u\t", ht_lyrics_corpus_get_song (corpus, i)->id, eval->fold[i]);
        for (guint f = 0, first = 1; f < eval->config.folds; f++)
          if (left_out[i] & (1u << f))
            {
              g_string_append_printf (s, first ? "%u" : ",%u", f);
              first = 0;
            }
        g_string_append_c (s, '\n');
      }
  return g_file_set_contents (path, s->str, (gssize) s->len, error);
}

/* The flat texts, for a peer implementation fed exactly the same tokens (the benchmark).
 * This file holds lyric text: keep it out of version control. */
static gboolean
write_normalized (const char      *path,
                  HtLyricsDataset *dataset,
                  GError         **error)
{
  HtLyricsCorpus *corpus = ht_lyrics_dataset_get_corpus (dataset);
  g_autoptr(GString) s = g_string_new (NULL);
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  for (guint i = 0; i < ht_lyrics_corpus_get_n_songs (corpus); i++)
    {
      const HtLyricsSong *song = ht_lyrics_corpus_get_song (corpus, i);
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *line = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, song->id);
      json_builder_set_member_name (b, "artist_key");
      json_builder_add_string_value (b, song->artist_key);
      json_builder_set_member_name (b, "artist_group");
      json_builder_add_string_value (b, song->artist_group);
      json_builder_set_member_name (b, "region");
      json_builder_add_string_value (b, ht_lyrics_region_key (song->region));
      json_builder_set_member_name (b, "text");
      json_builder_add_string_value (b, song->text);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      json_generator_set_root (gen, root);
      line = json_generator_to_data (gen, NULL);
      g_string_append (s, line);
      g_string_append_c (s, '\n');
    }
  return g_file_set_contents (path, s->str, (gssize) s->len, error);
}

int
ht_cli_eval_lyrics (int    argc,
                    char **argv)
{
  g_autofree char *corpus_path = NULL, *model_path = NULL, *png = NULL, *json = NULL;
  g_autofree char *folds_path = NULL, *normalized_path = NULL, *predictions_path = NULL;
  gboolean no_forest = FALSE, no_random = FALSE, no_inner = FALSE, curve = FALSE;
  HtCliLyricsOptions opts = { 0 };
  const GOptionEntry entries[] = {
    { "corpus", 0, 0, G_OPTION_ARG_FILENAME, &corpus_path,
      N_("Labelled corpus (JSON Lines, optionally xz-compressed)"), N_("FILE") },
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &model_path,
      N_("Evaluate this model’s features and C instead of choosing C by inner CV"), N_("MODEL") },
    { "png", 0, 0, G_OPTION_ARG_FILENAME, &png, N_("Write the confusion matrices as a PNG"),
      N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &json, N_("Write the figures as JSON"), N_("FILE") },
    { "no-forest", 0, 0, G_OPTION_ARG_NONE, &no_forest, N_("Skip the random forest"), NULL },
    { "no-random-split", 0, 0, G_OPTION_ARG_NONE, &no_random,
      N_("Skip the random song-level split"), NULL },
    { "no-inner-cv", 0, 0, G_OPTION_ARG_NONE, &no_inner,
      N_("With a fixed C (--c or -m), skip the inner CV that fits the temperature"), NULL },
    { "learning-curve", 0, 0, G_OPTION_ARG_NONE, &curve,
      N_("Also train each fold on a quarter, half and three quarters of its training artists "
         "(three draws each): would more labelled artists help?"), NULL },
    { "export-folds", 0, 0, G_OPTION_ARG_FILENAME, &folds_path,
      N_("Write each song’s artist-grouped fold (TSV: id, fold)"), N_("FILE") },
    { "export-predictions", 0, 0, G_OPTION_ARG_FILENAME, &predictions_path,
      N_("Write the out-of-fold predictions (TSV: id, artist, region, then per model)"), N_("FILE") },
    { "export-normalized", 0, 0, G_OPTION_ARG_FILENAME, &normalized_path,
      N_("Write the normalised texts as JSON Lines (contains lyrics: never commit it)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HtLyricsEvaluation) eval = NULL;
  HtLyricsDataset *dataset = NULL;
  HtLyricsConfig config;
  GCancellable *cancellable = ht_cli_get_cancellable ();
  HtLyricsEvalFlags flags = 0;
  int status = HT_CLI_EXIT_OK;

  g_option_context_set_summary (context, _("Cross-validates the lyrics model: artist-grouped folds "
                                           "(the honest figure) and a random song split (the "
                                           "study’s figure), logistic regression and random forest."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_group (context, ht_cli_lyrics_options_group (&opts));
  if (!ht_cli_parse_options (context, &argc, &argv))
    {
      ht_cli_lyrics_options_clear (&opts);
      return HT_CLI_EXIT_USAGE;
    }
  if (corpus_path == NULL || argc > 1)
    {
      ht_cli_printerr (_("usage: %s --corpus FILE [-m MODEL] [--folds K] [--png OUT.png]"), argv[0]);
      ht_cli_lyrics_options_clear (&opts);
      return HT_CLI_EXIT_USAGE;
    }

  ht_lyrics_config_init_default (&config);
  if (model_path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (model_path);
      g_autoptr(HtLyricsModel) model = ht_lyrics_model_load (file, cancellable, &error);
      if (model == NULL)
        goto fail;
      ht_lyrics_model_get_config (model, &config);
    }
  if (!ht_cli_lyrics_options_apply (&opts, &config, &error))
    {
      ht_cli_print_error (error);
      ht_cli_lyrics_options_clear (&opts);
      return HT_CLI_EXIT_USAGE;
    }

  dataset = ht_cli_lyrics_load_dataset (corpus_path, &config, cancellable, &error);
  if (dataset == NULL)
    goto fail;
  if (normalized_path != NULL && !write_normalized (normalized_path, dataset, &error))
    goto fail;
  if (!no_forest)
    flags |= HT_LYRICS_EVAL_FOREST;
  if (!no_random)
    flags |= HT_LYRICS_EVAL_RANDOM_SPLIT;
  if (no_inner)
    flags |= HT_LYRICS_EVAL_NO_INNER_CV;
  if (curve)
    flags |= HT_LYRICS_EVAL_LEARNING_CURVE;
  eval = ht_lyrics_evaluate (dataset, &config, flags, cancellable, ht_cli_lyrics_stage_cb, NULL,
                             &error);
  ht_cli_progress (NULL, -1);
  if (eval == NULL)
    goto fail;

  {
    g_autofree char *text = ht_lyrics_evaluation_to_text (eval);
    fputs (text, stdout);
  }
  if (folds_path != NULL && !write_folds (folds_path, dataset, eval, &error))
    goto fail;
  if (predictions_path != NULL && !write_predictions (predictions_path, dataset, eval, &error))
    goto fail;
  if (json != NULL)
    {
      g_autofree char *doc = ht_lyrics_evaluation_to_json (eval);
      if (!g_file_set_contents (json, doc, -1, &error))
        goto fail;
    }
  if (png != NULL && !ht_lyrics_evaluation_write_png (eval, png, &error))
    goto fail;
  goto out;

fail:
  ht_cli_print_error (error);
  status = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? HT_CLI_EXIT_CANCELLED
                                                                     : HT_CLI_EXIT_FAILURE;
out:
  ht_lyrics_dataset_free (dataset);
  ht_cli_lyrics_options_clear (&opts);
  return status;
}
