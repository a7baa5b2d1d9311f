/* hometown-cli map: the hometown map as a PNG, for one artist (with a prediction and featured
 * artists) or for many classified tracks (--results FILE.json).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Results JSON (what `hometown-cli classify` writes): an array of tracks, or an object whose
 * "tracks" member is that array:
 *   [ { "artist": "OutKast", "title": "Rosa Parks",
 *       "prediction": { "East": 0.1, "West": 0.05, "South": 0.8, "Midwest": 0.05 } }, ... ]
 * "title" is optional; other members (file, model, featured, ...) are ignored. Regions missing
 * from "prediction" count as 0; the rest is normalised. As `classify` writes per-model objects,
 * an "audio" (or "lyrics") object of region probabilities stands in for a missing "prediction"
 * object, and entries with an "error" member (a file that failed) are skipped.
 */
#define G_LOG_DOMAIN "hometown-cli"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "ht-cli.h"
#include "ht-credits.h"
#include "ht-geo.h"
#include "ht-map-renderer.h"
#include "ht-origin-table.h"

/* "East=0.1,West=0.2,South=0.6,Midwest=0.1" -> p[4]. */
static gboolean
parse_prediction (const char *text,
                  double     *p,
                  GError    **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  double sum = 0;

  for (int r = 0; r < HT_N_US_REGIONS; r++)
    p[r] = 0;
  for (guint i = 0; parts[i]; i++)
    {
      g_auto(GStrv) kv = g_strsplit (g_strstrip (parts[i]), "=", 2);
      HtRegion region;
      char *end = NULL;
      double v;

      if (parts[i][0] == '\0')
        continue;
      if (g_strv_length (kv) != 2 || !ht_region_from_id (g_strstrip (kv[0]), &region)
          || region >= HT_N_US_REGIONS)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--prediction: “%s” is not REGION=NUMBER with a region East, West, South "
                         "or Midwest"), parts[i]);
          return FALSE;
        }
      v = g_ascii_strtod (g_strstrip (kv[1]), &end);
      if (end == kv[1] || *end != '\0' || !isfinite (v) || v < 0)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--prediction: “%s” is not a probability (a number of 0 or more)"), kv[1]);
          return FALSE;
        }
      p[region] = v;
    }
  for (int r = 0; r < HT_N_US_REGIONS; r++)
    sum += p[r];
  if (!(sum > 0))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--prediction needs at least one region with a probability above 0"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_results (const char     *path,
              HtOriginTable  *table,
              HtMapRenderer  *renderer,
              guint          *n_unknown,
              guint          *n_failed,
              GError        **error)
{
  static const char *const prediction_members[] = { "prediction", "audio", "lyrics" };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonArray *tracks = NULL;

  if (!json_parser_load_from_file (parser, path, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Cannot read the results “%s”: %s"), path, local_error->message);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (root && JSON_NODE_HOLDS_ARRAY (root))
    tracks = json_node_get_array (root);
  else if (root && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonNode *member = json_object_get_member (json_node_get_object (root), "tracks");
      if (member && JSON_NODE_HOLDS_ARRAY (member))
        tracks = json_node_get_array (member);
    }
  if (tracks == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is not a list of results (an array of {artist, title, prediction})"), path);
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (tracks); i++)
    {
      JsonNode *node = json_array_get_element (tracks, i);
      JsonObject *t = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonNode *an = t ? json_object_get_member (t, "artist") : NULL;
      JsonNode *tn = t ? json_object_get_member (t, "title") : NULL;
      JsonObject *pred = NULL;
      const char *artist = an && JSON_NODE_HOLDS_VALUE (an)
                             && json_node_get_value_type (an) == G_TYPE_STRING
                             ? json_node_get_string (an) : NULL;
      const char *title = tn && JSON_NODE_HOLDS_VALUE (tn)
                            && json_node_get_value_type (tn) == G_TYPE_STRING
                            ? json_node_get_string (tn) : NULL;
      double p[HT_N_US_REGIONS] = { 0 }, sum = 0;
      const HtOrigin *origin;

      if (t != NULL && json_object_has_member (t, "error"))
        {
          (*n_failed)++;
          continue;
        }
      for (guint k = 0; t != NULL && pred == NULL && k < G_N_ELEMENTS (prediction_members); k++)
        {
          JsonNode *pn = json_object_get_member (t, prediction_members[k]);
          pred = pn && JSON_NODE_HOLDS_OBJECT (pn) ? json_node_get_object (pn) : NULL;
        }
      if (artist == NULL || pred == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Result %u in “%s” needs an “artist” text and a “prediction” object"),
                       i + 1, path);
          return FALSE;
        }
      for (int r = 0; r < HT_N_US_REGIONS; r++)
        {
          JsonNode *v = json_object_get_member (pred, ht_region_to_id ((HtRegion) r));
          GType vt = v && JSON_NODE_HOLDS_VALUE (v) ? json_node_get_value_type (v) : G_TYPE_INVALID;
          if (v == NULL)
            continue;
          if ((vt != G_TYPE_DOUBLE && vt != G_TYPE_INT64) || !isfinite (json_node_get_double (v))
              || json_node_get_double (v) < 0)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("Result %u in “%s”: the probability of %s is not a number of 0 or more"),
                           i + 1, path, ht_region_to_id ((HtRegion) r));
              return FALSE;
            }
          p[r] = json_node_get_double (v);
          sum += p[r];
        }
      if (!(sum > 0))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Result %u in “%s” has no probability for East, West, South or Midwest"),
                       i + 1, path);
          return FALSE;
        }
      origin = ht_origin_table_lookup (table, artist);
      if (origin == NULL)
        (*n_unknown)++;
      ht_map_renderer_add_track (renderer, artist, title, origin, p);
    }
  if (ht_map_renderer_get_n_tracks (renderer) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("“%s” holds no results"), path);
      return FALSE;
    }
  return TRUE;
}

int
ht_cli_map (int    argc,
            char **argv)
{
  g_autofree char *artist = NULL;
  g_autofree char *prediction = NULL;
  g_autofree char *featured = NULL;
  g_autofree char *results = NULL;
  g_autofree char *output = NULL;
  g_autofree char *title = NULL;
  int width = 1200, height = 800;
  gboolean dark = FALSE;
  GOptionEntry entries[] = {
    { "artist", 'a', 0, G_OPTION_ARG_STRING, &artist, N_("The artist (tags like “X feat. Y” work)"), N_("NAME") },
    { "prediction", 'p', 0, G_OPTION_ARG_STRING, &prediction,
      N_("Region probabilities, e.g. East=0.1,West=0.2,South=0.6,Midwest=0.1"), N_("LIST") },
    { "featured", 'f', 0, G_OPTION_ARG_STRING, &featured, N_("Featured artists, separated by commas"),
      N_("NAMES") },
    { "results", 'r', 0, G_OPTION_ARG_FILENAME, &results, N_("Plot many classified tracks (JSON)"), N_("FILE") },
    { "title", 't', 0, G_OPTION_ARG_STRING, &title, N_("A heading for the map"), N_("TEXT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the PNG here"), N_("FILE") },
    { "width", 0, 0, G_OPTION_ARG_INT, &width, N_("Width in pixels (default 1200)"), N_("W") },
    { "height", 0, 0, G_OPTION_ARG_INT, &height, N_("Height in pixels (default 800)"), N_("H") },
    { "dark", 0, 0, G_OPTION_ARG_NONE, &dark, N_("Dark background"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— draw the hometown map"));
  g_autoptr(HtOriginTable) table = NULL;
  g_autoptr(HtGeo) geo = NULL;
  g_autoptr(HtMapRenderer) renderer = NULL;
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Examples:\n"
      "  hometown-cli map --artist OutKast --prediction South=0.7,East=0.1,West=0.1,Midwest=0.1 -o map.png\n"
      "  hometown-cli map --results results.json -o tracks.png\n\n"
      "Results JSON: [{\"artist\": \"…\", \"title\": \"…\", \"prediction\": {\"East\": 0.1, "
      "\"West\": 0.2, \"South\": 0.6, \"Midwest\": 0.1}}, …]"));
  if (!ht_cli_parse_options (context, &argc, &argv))
    return HT_CLI_EXIT_USAGE;
  if (argc > 1)
    {
      ht_cli_printerr (_("unexpected argument “%s” (the artist goes after --artist)"), argv[1]);
      return HT_CLI_EXIT_USAGE;
    }
  if ((artist == NULL) == (results == NULL))
    {
      ht_cli_printerr (_("give either --artist NAME or --results FILE.json"));
      return HT_CLI_EXIT_USAGE;
    }
  if (output == NULL)
    {
      ht_cli_printerr (_("where should the map go? Add -o FILE.png"));
      return HT_CLI_EXIT_USAGE;
    }
  if (width < 16 || height < 16 || width > 8192 || height > 8192)
    {
      ht_cli_printerr (_("--width and --height must be 16 to 8192 pixels"));
      return HT_CLI_EXIT_USAGE;
    }
  if (results != NULL && (prediction != NULL || featured != NULL))
    {
      ht_cli_printerr (_("--prediction and --featured go with --artist, not --results"));
      return HT_CLI_EXIT_USAGE;
    }

  if ((table = ht_origin_table_load_default (&error)) == NULL
      || (geo = ht_geo_load_default (&error)) == NULL)
    {
      ht_cli_print_error (error);
      return HT_CLI_EXIT_FAILURE;
    }
  if (ht_origin_table_get_corrections_error (table) != NULL)
    ht_cli_printerr (_("warning: %s (your corrections are ignored until it is fixed)"),
                     ht_origin_table_get_corrections_error (table)->message);
  renderer = ht_map_renderer_new (geo);
  ht_map_renderer_set_dark (renderer, dark);
  if (title != NULL)
    ht_map_renderer_set_title (renderer, title);

  if (artist != NULL)
    {
      g_autoptr(HtCredits) credits = ht_credits_parse (artist, NULL, table);
      const char *main_artist = credits->primary->len > 0 ? credits->primary->pdata[0] : NULL;
      const HtOrigin *origin;

      if (main_artist == NULL)
        {
          ht_cli_printerr (_("“%s” is not an artist name"), artist);
          return HT_CLI_EXIT_FAILURE;
        }
      origin = ht_origin_table_lookup (table, main_artist);
      if (origin == NULL)
        ht_cli_printerr (_("warning: no hometown known for “%s”; the map says so"), main_artist);
      ht_map_renderer_set_artist (renderer, main_artist, origin);
      if (prediction != NULL)
        {
          double p[HT_N_US_REGIONS];
          if (!parse_prediction (prediction, p, &error))
            {
              ht_cli_print_error (error);
              return HT_CLI_EXIT_USAGE;
            }
          ht_map_renderer_set_prediction (renderer, p);
        }
      /* Guests: those in the tag, other primary artists, and --featured. */
      {
        g_autoptr(HtCredits) extra = featured ? ht_credits_parse (featured, NULL, table) : NULL;
        GPtrArray *lists[3] = { credits->primary, credits->featured, extra ? extra->primary : NULL };

        for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
          for (guint i = (l == 0 ? 1 : 0); lists[l] && i < lists[l]->len; i++)
            {
              const char *name = lists[l]->pdata[i];
              if (ht_origin_table_lookup (table, name) == NULL)
                ht_cli_printerr (_("warning: no hometown known for featured artist “%s”"), name);
              ht_map_renderer_add_featured (renderer, name, ht_origin_table_lookup (table, name));
            }
      }
    }
  else
    {
      guint n_unknown = 0, n_failed = 0;
      if (!read_results (results, table, renderer, &n_unknown, &n_failed, &error))
        {
          ht_cli_print_error (error);
          return HT_CLI_EXIT_FAILURE;
        }
      if (n_failed > 0)
        ht_cli_printerr (ngettext ("warning: %u result is an error and was left out",
                                   "warning: %u results are errors and were left out", n_failed),
                         n_failed);
      if (n_unknown > 0)
        ht_cli_printerr (ngettext ("warning: %u track is by an artist of unknown hometown",
                                   "warning: %u tracks are by artists of unknown hometown",
                                   n_unknown), n_unknown);
    }

  if (!ht_map_renderer_save_png (renderer, output, width, height, &error))
    {
      ht_cli_print_error (error);
      return HT_CLI_EXIT_FAILURE;
    }
  g_print (_("Map written to %s (%d × %d)\n"), output, width, height);
  return HT_CLI_EXIT_OK;
}
