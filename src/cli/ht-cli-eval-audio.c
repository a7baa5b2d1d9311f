/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hometown-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "ht-audio-trainer.h"
#include "ht-cli.h"

static void
on_progress (const HtTrainProgress *p, gpointer user_data)
{
  ht_cli_progress (_("Classifying"), p->fraction);
}

int
ht_cli_eval_audio (int    argc,
                   char **argv)
{
  g_autofree char *model_path = NULL, *png = NULL;
  gboolean json = FALSE, no_cache = FALSE;
  GOptionEntry entries[] = {
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &model_path, N_("The audio model (default: the user model)"), N_("MODEL") },
    { "png", 'p', 0, G_OPTION_ARG_FILENAME, &png, N_("Also draw the confusion matrix to this PNG"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the metrics as JSON"), NULL },
    { "no-cache", 0, 0, G_OPTION_ARG_NONE, &no_cache, N_("Do not use the feature cache"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("DIR — evaluate the audio model on labelled tracks"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) root = NULL, model_file = NULL;
  g_autoptr(HtAudioDataset) dataset = NULL;
  g_autoptr(HtAudioModel) model = NULL;
  g_autoptr(HtConfusion) confusion = NULL;
  GCancellable *cancellable = ht_cli_get_cancellable ();
  const char *names[HT_AUDIO_N_REGIONS + 1] = { NULL };
  guint n_failed = 0;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!ht_cli_parse_options (context, &argc, &argv))
    return HT_CLI_EXIT_USAGE;
  if (argc != 2)
    {
      ht_cli_printerr (_("give exactly one music folder"));
      return HT_CLI_EXIT_USAGE;
    }
  if (model_path == NULL)
    model_path = ht_audio_model_default_path ();
  model_file = g_file_new_for_commandline_arg (model_path);
  model = ht_audio_model_load (model_file, cancellable, &error);
  if (model == NULL)
    {
      ht_cli_print_error (error);
      return HT_CLI_EXIT_FAILURE;
    }
  if (ht_audio_model_get_n_classes (model) != HT_AUDIO_N_REGIONS)
    {
      ht_cli_printerr (_("the model has %u classes, not the four regions"), ht_audio_model_get_n_classes (model));
      return HT_CLI_EXIT_FAILURE;
    }
  for (guint k = 0; k < HT_AUDIO_N_REGIONS; k++)
    names[k] = ht_audio_model_get_class_name (model, k);
  root = g_file_new_for_commandline_arg (argv[1]);
  dataset = ht_audio_dataset_scan (root, NULL, NULL, cancellable, &error);
  if (dataset != NULL)
    confusion = ht_audio_evaluate (model, dataset, !no_cache, on_progress, NULL, &n_failed,
                                   cancellable, &error);
  ht_cli_progress (NULL, -1);
  if (confusion == NULL)
    {
      ht_cli_print_error (error);
      return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? HT_CLI_EXIT_CANCELLED
                                                                       : HT_CLI_EXIT_FAILURE;
    }
  if (json)
    {
      g_autofree char *text = ht_confusion_to_json (confusion, names);
      g_print ("%s\n", text);
    }
  else
    {
      g_autofree char *text = ht_confusion_to_text (confusion, names);
      g_print ("%s", text);
      if (n_failed > 0)
        g_print (_("%u tracks could not be decoded and were skipped\n"), n_failed);
    }
  if (png != NULL)
    {
      g_autofree char *base = g_path_get_basename (argv[1]);
      g_autofree char *title = g_strdup_printf (_("Audio model on %s"), base);
      if (!ht_confusion_write_png (confusion, names, title, png, &error))
        {
          ht_cli_print_error (error);
          return HT_CLI_EXIT_FAILURE;
        }
      if (!json)
        g_print (_("Confusion matrix drawn to %s\n"), png);
    }
  return HT_CLI_EXIT_OK;
}
