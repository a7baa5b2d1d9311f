/* ht-cli.h: what every hometown-cli command shares.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each command lives in its own file, src/cli/ht-cli-<name>.c, as
 *   int ht_cli_<name> (int argc, char **argv);   argv[0] is the command name
 * and is listed in the table in hometown-cli.c. Commands parse their own options with
 * GOptionContext, print results on stdout, errors on stderr as "hometown-cli: <message>", and
 * return one of the exit codes below.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

enum
{
  HT_CLI_EXIT_OK = 0,
  HT_CLI_EXIT_FAILURE = 1,     /* the work failed (bad file, bad model, ...) */
  HT_CLI_EXIT_USAGE = 2,       /* wrong options or arguments */
  HT_CLI_EXIT_PARTIAL = 3,     /* several inputs; some failed, the rest succeeded */
  HT_CLI_EXIT_CANCELLED = 130, /* interrupted (SIGINT) */
};

/* Prints "hometown-cli: <error->message>" to stderr. */
void          ht_cli_print_error       (const GError *error);
/* Prints "hometown-cli: <formatted>" to stderr. */
void          ht_cli_printerr          (const char   *format,
                                        ...) G_GNUC_PRINTF (1, 2);
/* Parses options; on failure prints the error and the usage hint. */
gboolean      ht_cli_parse_options     (GOptionContext *context,
                                        int            *argc,
                                        char         ***argv);
/* A cancellable that SIGINT (Ctrl-C) and SIGTERM cancel, so long work stops cleanly. */
GCancellable *ht_cli_get_cancellable   (void);
/* TRUE when stderr is a terminal (progress bars are drawn only then). */
gboolean      ht_cli_stderr_is_tty     (void);
/* Draws "label [#####.....] 42%" on stderr, overwritten in place; fraction < 0 clears it. */
void          ht_cli_progress          (const char   *label,
                                        double        fraction);

int ht_cli_info          (int argc, char **argv);
int ht_cli_spectrogram   (int argc, char **argv);
int ht_cli_make_sample   (int argc, char **argv);
int ht_cli_artist        (int argc, char **argv);
int ht_cli_map           (int argc, char **argv);
int ht_cli_classify      (int argc, char **argv);
int ht_cli_eval_audio    (int argc, char **argv);
int ht_cli_train_audio   (int argc, char **argv);
int ht_cli_eval_lyrics   (int argc, char **argv);
int ht_cli_train_lyrics  (int argc, char **argv);
int ht_cli_classify_lyrics (int argc, char **argv);

G_END_DECLS
