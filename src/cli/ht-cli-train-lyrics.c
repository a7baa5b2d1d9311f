/* hometown-cli train-lyrics: trains the lyrics model and writes it as safetensors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hometown-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>

#include "ht-cli.h"
#include "ht-cli-lyrics-options.h"
#include "ht-lyrics-model.h"
#include "ht-lyrics-trainer.h"

static double
metadata_number (HtLyricsModel *model,
                 const char    *key,
                 const char    *member)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *doc = ht_lyrics_model_get_metadata (model, key);
  JsonNode *root;

  if (doc == NULL || !json_parser_load_from_data (parser, doc, -1, NULL))
    return NAN;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root) || !json_object_has_member (json_node_get_object (root), member))
    return NAN;
  return json_object_get_double_member (json_node_get_object (root), member);
}

static void
print_summary (HtLyricsModel *model,
               goffset        bytes,
               double         seconds)
{
  g_print (_("Features: %zu; C = %g; temperature %.3f; file %.1f MB; %.0f s\n"),
           ht_lyrics_model_get_n_features (model), metadata_number (model, "training", "c"),
           ht_lyrics_model_get_temperature (model), bytes / 1e6, seconds);
  g_print (_("Artist-grouped CV (C chosen on these folds): accuracy %.3f, balanced accuracy %.3f, "
             "macro-F1 %.3f\n"),
           metadata_number (model, "cv", "accuracy"),
           metadata_number (model, "cv", "balanced_accuracy"),
           metadata_number (model, "cv", "macro_f1"));
}

int
ht_cli_train_lyrics (int    argc,
                     char **argv)
{
  g_autofree char *corpus_path = NULL, *output = NULL;
  HtCliLyricsOptions opts = { 0 };
  const GOptionEntry entries[] = {
    { "corpus", 0, 0, G_OPTION_ARG_FILENAME, &corpus_path,
      N_("Labelled corpus (JSON Lines, optionally xz-compressed)"), N_("FILE") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Where to write the model"), N_("MODEL") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HtLyricsModel) model = NULL;
  g_autoptr(GFile) out_file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *corpus_name = NULL;
  HtLyricsDataset *dataset = NULL;
  HtLyricsConfig config;
  GCancellable *cancellable = ht_cli_get_cancellable ();
  gint64 t0 = g_get_monotonic_time ();
  int status = HT_CLI_EXIT_OK;

  g_option_context_set_summary (context, _("Trains the lyrics model (word and character n-grams, "
                                           "TF-IDF, logistic regression, temperature) and writes "
                                           "it as a safetensors file."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_group (context, ht_cli_lyrics_options_group (&opts));
  if (!ht_cli_parse_options (context, &argc, &argv))
    {
      ht_cli_lyrics_options_clear (&opts);
      return HT_CLI_EXIT_USAGE;
    }
  if (corpus_path == NULL || output == NULL || argc > 1)
    {
      ht_cli_printerr (_("usage: %s --corpus FILE -o MODEL"), argv[0]);
      ht_cli_lyrics_options_clear (&opts);
      return HT_CLI_EXIT_USAGE;
    }
  ht_lyrics_config_init_default (&config);
  if (!ht_cli_lyrics_options_apply (&opts, &config, &error))
    {
      ht_cli_print_error (error);
      ht_cli_lyrics_options_clear (&opts);
      return HT_CLI_EXIT_USAGE;
    }

  dataset = ht_cli_lyrics_load_dataset (corpus_path, &config, cancellable, &error);
  if (dataset == NULL)
    goto fail;
  corpus_name = g_path_get_basename (corpus_path);
  model = ht_lyrics_train (dataset, &config, corpus_name, cancellable, ht_cli_lyrics_stage_cb,
                           NULL, &error);
  ht_cli_progress (NULL, -1);
  if (model == NULL)
    goto fail;
  out_file = g_file_new_for_commandline_arg (output);
  if (!ht_lyrics_model_save (model, out_file, cancellable, &error))
    goto fail;
  info = g_file_query_info (out_file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            NULL, NULL);
  print_summary (model, info ? g_file_info_get_size (info) : 0,
                 (g_get_monotonic_time () - t0) / 1e6);
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
