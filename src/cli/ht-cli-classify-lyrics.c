/* hometown-cli classify-lyrics: JSON Lines of lyrics in, JSON Lines of region probabilities out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input lines are objects {"id": any JSON value, "lyrics": "text"}; blank lines are skipped.
 * Each produces one output line with the same "id" and either
 *   {"probabilities": {"East": p, "West": p, "South": p, "Midwest": p}, "region": "South",
 *    "words": n, "known_words": n}
 * or {"abstain": "too-few-words", "reason": "translated sentence", ...}; with --explain also
 * "toward" and "away": [{"term": "...", "contribution": x}, ...]. A line that cannot be read
 * gives {"id": ... or null, "error": "..."}, is reported on stderr, and the exit code is 3.
 */
#define G_LOG_DOMAIN "hometown-cli"

#include "config.h"

#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ht-cli.h"
#include "ht-lyrics-model.h"

/* JSON text of a string (quoted and escaped). */
static void
append_json_string (GString    *out,
                    const char *text)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), text);
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *s = NULL;

  json_generator_set_root (gen, node);
  s = json_generator_to_data (gen, NULL);
  g_string_append (out, s);
}

static void
append_json_node (GString  *out,
                  JsonNode *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *s = NULL;

  json_generator_set_root (gen, node);
  s = json_generator_to_data (gen, NULL);
  g_string_append (out, s);
}

static void
append_terms (GString    *out,
              const char *name,
              GArray     *terms)
{
  g_string_append_printf (out, ",\"%s\":[", name);
  for (guint i = 0; terms && i < terms->len; i++)
    {
      HtLyricsTerm *t = &g_array_index (terms, HtLyricsTerm, i);
      char num[G_ASCII_DTOSTR_BUF_SIZE];
      g_string_append (out, i > 0 ? ",{\"term\":" : "{\"term\":");
      append_json_string (out, t->term);
      g_ascii_formatd (num, sizeof num, "%.4f", t->contribution);
      g_string_append_printf (out, ",\"contribution\":%s", num);
      /* Words carry no kind, as before place names existed. */
      if (t->kind == HT_LYRICS_TERM_PLACES)
        g_string_append (out, ",\"kind\":\"places\"");
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

/* Written by hand rather than by JsonGenerator, which prints doubles with 17 digits. */
static char *
result_line (JsonNode                 *id,
             const HtLyricsPrediction *pred,
             const char               *error_message,
             double                    ms)
{
  GString *out = g_string_new ("{\"id\":");

  if (id != NULL)
    append_json_node (out, id);
  else
    g_string_append (out, "null");
  if (error_message != NULL)
    {
      g_string_append (out, ",\"error\":");
      append_json_string (out, error_message);
      g_string_append_c (out, '}');
      return g_string_free (out, FALSE);
    }
  if (pred->abstain != HT_LYRICS_ABSTAIN_NONE)
    {
      g_string_append (out, ",\"abstain\":");
      append_json_string (out, ht_lyrics_abstain_to_id (pred->abstain));
      g_string_append (out, ",\"reason\":");
      append_json_string (out, ht_lyrics_abstain_describe (pred->abstain));
    }
  else
    {
      g_string_append (out, ",\"probabilities\":{");
      for (guint k = 0; k < HT_LYRICS_N_REGIONS; k++)
        {
          char num[G_ASCII_DTOSTR_BUF_SIZE];
          g_ascii_formatd (num, sizeof num, "%.4f", pred->probabilities[k]);
          g_string_append_printf (out, "%s\"%s\":%s", k ? "," : "", ht_lyrics_region_key (k), num);
        }
      g_string_append_printf (out, "},\"region\":\"%s\"", ht_lyrics_region_key (pred->region));
    }
  g_string_append_printf (out, ",\"words\":%u,\"known_words\":%u", pred->n_words,
                          pred->n_known_words);
  if (pred->toward != NULL)
    {
      append_terms (out, "toward", pred->toward);
      append_terms (out, "away", pred->away);
    }
  if (ms >= 0)
    {
      char num[G_ASCII_DTOSTR_BUF_SIZE];
      g_ascii_formatd (num, sizeof num, "%.4f", ms);
      g_string_append_printf (out, ",\"ms\":%s", num);
    }
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

int
ht_cli_classify_lyrics (int    argc,
                        char **argv)
{
  g_autofree char *model_path = NULL;
  gboolean explain = FALSE, timing = FALSE;
  int top = 10;
  const GOptionEntry entries[] = {
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &model_path,
      N_("Lyrics model (default: the shipped one)"), N_("MODEL") },
    { "explain", 0, 0, G_OPTION_ARG_NONE, &explain,
      N_("Add the terms that pushed toward and away from the predicted region"), NULL },
    { "top", 0, 0, G_OPTION_ARG_INT, &top, N_("Terms each way with --explain (default 10)"), N_("N") },
    { "timing", 0, 0, G_OPTION_ARG_NONE, &timing,
      N_("Add “ms”, the time the prediction took (text normalisation included)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("[FILE]"));
  g_autoptr(GError) error = NULL;
  g_autoptr(HtLyricsModel) model = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GDataInputStream) data = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *input_name = NULL;
  GCancellable *cancellable = ht_cli_get_cancellable ();
  guint line_no = 0, n_failed = 0;

  g_option_context_set_summary (context, _("Reads JSON Lines {\"id\": …, \"lyrics\": …} from FILE "
                                           "or standard input and writes one JSON line per song "
                                           "with the probabilities of East, West, South and "
                                           "Midwest, or why the model abstains."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!ht_cli_parse_options (context, &argc, &argv))
    return HT_CLI_EXIT_USAGE;
  if (argc > 2 || top < 1 || top > 1000)
    {
      ht_cli_printerr (_("usage: %s [-m MODEL] [--explain] [FILE]"), argv[0]);
      return HT_CLI_EXIT_USAGE;
    }

  if (model_path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (model_path);
      model = ht_lyrics_model_load (file, cancellable, &error);
    }
  else
    model = ht_lyrics_model_load_default (cancellable, &error);
  if (model == NULL)
    {
      ht_cli_print_error (error);
      return HT_CLI_EXIT_FAILURE;
    }

  if (argc == 2 && strcmp (argv[1], "-") != 0)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (argv[1]);
      input_name = g_file_get_parse_name (file);
      in = G_INPUT_STREAM (g_file_read (file, cancellable, &error));
      if (in == NULL)
        {
          ht_cli_print_error (error);
          return HT_CLI_EXIT_FAILURE;
        }
    }
  else
    {
      input_name = g_strdup (_("standard input"));
      in = g_unix_input_stream_new (0, FALSE);
    }
  data = g_data_input_stream_new (in);

  for (;;)
    {
      g_autofree char *line = NULL;
      g_autofree char *out = NULL;
      g_autoptr(GError) local = NULL;
      gsize len;
      JsonNode *root, *id = NULL, *lyrics;

      line = g_data_input_stream_read_line_utf8 (data, &len, cancellable, &local);
      if (local != NULL)
        {
          if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              ht_cli_print_error (local);
              return HT_CLI_EXIT_CANCELLED;
            }
          /* Invalid UTF-8 or a read error: report and stop, the stream cannot resync. */
          ht_cli_printerr (_("%s, line %u: %s"), input_name, line_no + 1,
                           local->message);
          return HT_CLI_EXIT_FAILURE;
        }
      if (line == NULL)
        break;
      line_no++;
      g_strstrip (line);
      if (line[0] == '\0')
        continue;

      if (!json_parser_load_from_data (parser, line, -1, &local)
          || !JSON_NODE_HOLDS_OBJECT (root = json_parser_get_root (parser)))
        {
          g_autofree char *msg = g_strdup_printf (_("not a JSON object%s%s"), local ? ": " : "",
                                                  local ? local->message : "");
          ht_cli_printerr (_("%s, line %u: %s"), input_name, line_no, msg);
          out = result_line (NULL, NULL, msg, -1);
          n_failed++;
        }
      else
        {
          JsonObject *obj = json_node_get_object (root);
          id = json_object_get_member (obj, "id");
          lyrics = json_object_get_member (obj, "lyrics");
          if (lyrics == NULL || !JSON_NODE_HOLDS_VALUE (lyrics)
              || json_node_get_value_type (lyrics) != G_TYPE_STRING)
            {
              const char *msg = _("“lyrics” is missing or not a string");
              ht_cli_printerr (_("%s, line %u: %s"), input_name, line_no, msg);
              out = result_line (id, NULL, msg, -1);
              n_failed++;
            }
          else
            {
              gint64 t0 = g_get_monotonic_time ();
              HtLyricsPrediction *pred = ht_lyrics_model_predict (model, json_node_get_string (lyrics),
                                                                  -1, explain ? (guint) top : 0);
              double ms = (g_get_monotonic_time () - t0) / 1000.0;
              out = result_line (id, pred, NULL, timing ? ms : -1);
              ht_lyrics_prediction_free (pred);
            }
        }
      fputs (out, stdout);
      fputc ('\n', stdout);
      fflush (stdout);
      if (g_cancellable_is_cancelled (cancellable))
        {
          ht_cli_printerr ("%s", _("Operation was cancelled"));
          return HT_CLI_EXIT_CANCELLED;
        }
    }
  return n_failed > 0 ? HT_CLI_EXIT_PARTIAL : HT_CLI_EXIT_OK;
}
