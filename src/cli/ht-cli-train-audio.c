/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hometown-cli"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <glib/gi18n.h>

#include "ht-audio-trainer.h"
#include "ht-cli.h"
#include "ht-origin-table.h"

typedef struct
{
  gboolean tty;
  guint    last_permille;
} Ui;

static void
on_progress (const HtTrainProgress *p, gpointer user_data)
{
  Ui *ui = user_data;
  g_autofree char *label = NULL;
  guint permille = (guint) (p->fraction * 1000);

  switch (p->stage)
    {
    case HT_TRAIN_STAGE_FEATURES:
      if (permille == ui->last_permille && p->fraction < 1)
        return;
      ui->last_permille = permille;
      ht_cli_progress (_("Reading tracks"), p->fraction);
      if (p->fraction >= 1)
        ht_cli_progress (NULL, -1);
      break;
    case HT_TRAIN_STAGE_EPOCH:
      if (permille == ui->last_permille)
        return;
      ui->last_permille = permille;
      label = g_strdup_printf (_("Epoch %u/%u"), p->epoch, p->max_epochs);
      ht_cli_progress (label, p->fraction);
      break;
    case HT_TRAIN_STAGE_EPOCH_END:
    default:
      ht_cli_progress (NULL, -1);
      ui->last_permille = G_MAXUINT;
      if (isnan (p->val_accuracy))
        g_print (_("epoch %3u  loss %.4f  train-acc %5.1f%%\n"), p->epoch, p->train_loss,
                 100 * p->train_accuracy);
      else
        g_print (_("epoch %3u  loss %.4f  train-acc %5.1f%%  val-acc %5.1f%%  val-macro-F1 %.3f%s\n"),
                 p->epoch, p->train_loss, 100 * p->train_accuracy, 100 * p->val_accuracy,
                 p->val_macro_f1, p->improved ? "  *" : "");
      break;
    }
}

static gboolean
parse_channels (const char *text, guint *out, guint max)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  guint n = g_strv_length (parts);

  if (n < 1 || n > max - 1)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      guint64 v;
      if (!g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, 1, 1024, &v, NULL))
        return FALSE;
      out[i] = (guint) v;
    }
  out[n] = 0;
  return TRUE;
}

int
ht_cli_train_audio (int    argc,
                    char **argv)
{
  g_autofree char *output = NULL, *channels = NULL;
  int epochs = 40, batch = 32, patience = 8;
  gint64 seed = 1;
  double val_fraction = 0.2;
  gboolean no_cache = FALSE;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Where to write the model (default: the user model)"), N_("MODEL") },
    { "epochs", 0, 0, G_OPTION_ARG_INT, &epochs, N_("Most epochs to train (default 40)"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("Random seed (default 1)"), N_("S") },
    { "val-fraction", 0, 0, G_OPTION_ARG_DOUBLE, &val_fraction, N_("Share of tracks held out, by artist (default 0.2)"), N_("F") },
    { "patience", 0, 0, G_OPTION_ARG_INT, &patience, N_("Stop after N epochs without a better validation macro-F1 (default 8)"), N_("N") },
    { "batch", 0, 0, G_OPTION_ARG_INT, &batch, N_("Patches per batch (default 32)"), N_("N") },
    { "channels", 0, 0, G_OPTION_ARG_STRING, &channels, N_("Widths of the convolution blocks (default 16,32,64,128)"), N_("LIST") },
    { "no-cache", 0, 0, G_OPTION_ARG_NONE, &no_cache, N_("Do not use the feature cache"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("DIR — train the audio model on a music folder"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) root = NULL, out_file = NULL;
  g_autoptr(HtAudioDataset) dataset = NULL;
  g_autoptr(HtOriginTable) origins = NULL;
  g_autoptr(HtAudioModel) model = NULL;
  HtAudioTrainOptions options;
  HtTrainResult result = { 0 };
  GCancellable *cancellable = ht_cli_get_cancellable ();
  Ui ui = { ht_cli_stderr_is_tty (), G_MAXUINT };
  guint per_class[HT_AUDIO_N_REGIONS] = { 0 };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("DIR is either laid out as DIR/<Region>/<Artist>/<Album>/<track> with Region one of East, "
      "West, South, Midwest, or any music folder whose tracks are labelled through their artist "
      "tags. Validation tracks are held out by artist. Ctrl-C stops and keeps the best model."));
  if (!ht_cli_parse_options (context, &argc, &argv))
    return HT_CLI_EXIT_USAGE;
  if (argc != 2)
    {
      ht_cli_printerr (_("give exactly one music folder"));
      return HT_CLI_EXIT_USAGE;
    }
  ht_audio_train_options_init (&options);
  if (epochs < 1 || batch < 2 || patience < 0 || !(val_fraction >= 0 && val_fraction < 0.9))
    {
      ht_cli_printerr (_("--epochs must be at least 1, --batch at least 2, --val-fraction in [0, 0.9)"));
      return HT_CLI_EXIT_USAGE;
    }
  if (channels != NULL && !parse_channels (channels, options.n_channels, G_N_ELEMENTS (options.n_channels)))
    {
      ht_cli_printerr (_("--channels takes 1 to 5 widths separated by commas, e.g. 32,64,128,128"));
      return HT_CLI_EXIT_USAGE;
    }
  options.max_epochs = (guint) epochs;
  options.batch = (guint) batch;
  options.patience = (guint) patience;
  options.seed = (guint64) seed;
  options.val_fraction = val_fraction;
  options.use_cache = !no_cache;
  if (output == NULL)
    output = ht_audio_model_default_path ();
  out_file = g_file_new_for_commandline_arg (output);

  root = g_file_new_for_commandline_arg (argv[1]);
  /* Folders without region sub-folders are labelled through each track's artist tag and the
   * origin table (shipped table + the user's corrections). */
  origins = ht_origin_table_load_default (&error);
  if (origins == NULL)
    {
      ht_cli_print_error (error);
      return HT_CLI_EXIT_FAILURE;
    }
  dataset = ht_audio_dataset_scan (root, ht_origin_table_artist_region,
                                   origins, cancellable, &error);
  if (dataset == NULL)
    {
      ht_cli_print_error (error);
      return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? HT_CLI_EXIT_CANCELLED
                                                                       : HT_CLI_EXIT_FAILURE;
    }
  for (guint i = 0; i < dataset->items->len; i++)
    per_class[((HtAudioItem *) dataset->items->pdata[i])->label]++;
  g_print (_("%u tracks (East %u, West %u, South %u, Midwest %u) by %u artist groups"),
           dataset->items->len, per_class[0], per_class[1], per_class[2], per_class[3],
           dataset->n_groups);
  if (dataset->n_unknown + dataset->n_not_us + dataset->n_unreadable > 0)
    g_print (_("; skipped: %u unknown artist, %u not from the US, %u unreadable"),
             dataset->n_unknown, dataset->n_not_us, dataset->n_unreadable);
  g_print ("\n");

  model = ht_audio_train (dataset, &options, on_progress, &ui, &result, cancellable, &error);
  ht_cli_progress (NULL, -1);
  if (model == NULL)
    {
      ht_cli_print_error (error);
      ht_train_result_clear (&result);
      return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? HT_CLI_EXIT_CANCELLED
                                                                       : HT_CLI_EXIT_FAILURE;
    }
  if (result.n_failed > 0)
    g_print (_("%u tracks could not be decoded and were skipped\n"), result.n_failed);
  if (result.interrupted)
    g_print (_("Interrupted after %u epochs; keeping the best one (epoch %u).\n"),
             result.epochs_run, result.best_epoch);
  else if (result.stopped_early)
    g_print (_("Stopped early: no better validation macro-F1 for %d epochs; best epoch %u.\n"),
             patience, result.best_epoch);
  if (result.val_confusion != NULL)
    {
      static const char * const names[] = { "East", "West", "South", "Midwest", NULL };
      g_autofree char *text = ht_confusion_to_text (result.val_confusion, names);
      g_print (_("Validation (%u tracks by held-out artists), best epoch:\n%s"), result.n_val_tracks, text);
    }
  ht_train_result_clear (&result);
  /* saved even after Ctrl-C: a fresh cancellable, so the save itself is not cancelled */
  if (!ht_audio_model_save (model, out_file, NULL, &error))
    {
      ht_cli_print_error (error);
      return HT_CLI_EXIT_FAILURE;
    }
  g_print (_("Model written to %s\n"), output);
  return HT_CLI_EXIT_OK;
}
