/* hometown-cli: Hometown without a window. Engine + core only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hometown-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <gst/gst.h>

#include "ht-cli.h"
#include "htc-blas.h"

typedef struct
{
  const char *name;
  int       (*run) (int argc, char **argv);
  const char *summary;
} Command;

static const Command commands[] = {
  /* Keep sorted by name. */
  { "artist", ht_cli_artist, N_("Where an artist comes from (and correct it)") },
  { "classify", ht_cli_classify, N_("Predict the regional style of tracks") },
  { "classify-lyrics", ht_cli_classify_lyrics, N_("Classify lyrics (JSON Lines) by region") },
  { "eval-audio", ht_cli_eval_audio, N_("Evaluate the audio model on labelled tracks") },
  { "eval-lyrics", ht_cli_eval_lyrics, N_("Cross-validate the lyrics model on a labelled corpus") },
  { "info", ht_cli_info, N_("Show what Hometown reads from tracks (tags, lyrics, format)") },
  { "make-sample", ht_cli_make_sample, N_("Write a synthetic sample track") },
  { "map", ht_cli_map, N_("Draw the hometown map as a PNG") },
  { "spectrogram", ht_cli_spectrogram, N_("Draw a track’s colour spectrogram (PNG, .npy)") },
  { "train-audio", ht_cli_train_audio, N_("Train the audio model on a music folder") },
  { "train-lyrics", ht_cli_train_lyrics, N_("Train the lyrics model on a labelled corpus") },
  { NULL, NULL, NULL },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: hometown-cli COMMAND [OPTION…]"));
  fprintf (out, "%s\n", _("Commands:"));
  for (const Command *c = commands; c->name != NULL; c++)
    fprintf (out, "  %-18s %s\n", c->name, _(c->summary));
  fprintf (out, "\n%s\n", _("Run “hometown-cli COMMAND --help” for a command’s options."));
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("hometown-cli");
  htc_blas_single_thread ();
  gst_init (NULL, NULL);

  if (argc < 2 || strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0
      || strcmp (argv[1], "help") == 0)
    {
      print_usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? HT_CLI_EXIT_USAGE : HT_CLI_EXIT_OK;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      g_print ("hometown-cli %s\n", PACKAGE_VERSION);
      return HT_CLI_EXIT_OK;
    }
  for (const Command *c = commands; c->name != NULL; c++)
    if (strcmp (argv[1], c->name) == 0)
      return c->run (argc - 1, argv + 1);

  ht_cli_printerr (_("unknown command “%s”"), argv[1]);
  print_usage (stderr);
  return HT_CLI_EXIT_USAGE;
}
