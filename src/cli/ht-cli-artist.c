/* hometown-cli artist NAME: where the origin table says an artist comes from, and how the name
 * matched; --set-hometown and --forget edit the user's corrections.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hometown-cli"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "ht-artist-name.h"
#include "ht-cli.h"
#include "ht-geo.h"
#include "ht-origin-table.h"

static void
print_origin (const char          *query,
              const HtOriginMatch *m)
{
  const HtOrigin *o = m->origin;
  g_autofree char *key = ht_artist_name_normalize (query);
  g_autoptr(GString) place = g_string_new (o->city);

  if (o->state[0])
    g_string_append_printf (place, "%s%s", place->len ? ", " : "", o->state);
  if (o->country[0])
    g_string_append_printf (place, "%s%s", place->len ? ", " : "", o->country);
  g_print ("%-13s %s\n", _("Artist:"), o->name);
  g_print ("%-13s %s\n", _("Hometown:"), place->len ? place->str : _("unknown"));
  g_print ("%-13s %s\n", _("Region:"), ht_region_to_string (o->region));
  if (!isnan (o->lat))
    g_print ("%-13s %.4f, %.4f\n", _("Coordinates:"), o->lat, o->lon);
  g_print ("%-13s %s\n", _("Confidence:"), ht_origin_confidence_to_string (o->confidence));
  g_print ("%-13s %s (“%s” → “%s”)%s\n", _("Matched by:"),
           ht_origin_table_match_kind_to_string (m->kind), query, key ? key : "",
           m->corrected ? _(", with your correction") : "");
}

int
ht_cli_artist (int    argc,
               char **argv)
{
  g_autofree char *set_hometown = NULL;
  gboolean forget = FALSE;
  GOptionEntry entries[] = {
    { "set-hometown", 0, 0, G_OPTION_ARG_STRING, &set_hometown,
      N_("Correct the artist’s hometown (saved for you)"), N_("“CITY, ST”") },
    { "forget", 0, 0, G_OPTION_ARG_NONE, &forget, N_("Remove your correction for the artist"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("NAME — where an artist comes from"));
  g_autoptr(HtOriginTable) table = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  HtOriginMatch m;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Matches tags the way they are written: “Jay Z”, “JAY-Z” and “Hov” are the same artist, and "
      "so are “A$AP Rocky” and “ASAP Rocky”. Exit status 1 when the artist is unknown."));
  if (!ht_cli_parse_options (context, &argc, &argv))
    return HT_CLI_EXIT_USAGE;
  if (argc < 2)
    {
      ht_cli_printerr (_("which artist? Give a name, e.g. “hometown-cli artist OutKast”"));
      return HT_CLI_EXIT_USAGE;
    }
  name = g_strjoinv (" ", argv + 1);
  if (set_hometown != NULL && forget)
    {
      ht_cli_printerr (_("--set-hometown and --forget cannot be used together"));
      return HT_CLI_EXIT_USAGE;
    }

  table = ht_origin_table_load_default (&error);
  if (table == NULL)
    {
      ht_cli_print_error (error);
      return HT_CLI_EXIT_FAILURE;
    }
  if (ht_origin_table_get_corrections_error (table) != NULL)
    ht_cli_printerr (_("warning: %s (your corrections are ignored until it is fixed)"),
                     ht_origin_table_get_corrections_error (table)->message);

  {
    g_autofree char *key = ht_artist_name_normalize (name);
    if (key == NULL)
      {
        if (strlen (name) > HT_ARTIST_NAME_MAX)
          ht_cli_printerr (_("that name is too long to be an artist’s (over %d bytes)"),
                           HT_ARTIST_NAME_MAX);
        else
          ht_cli_printerr (_("an artist name needs at least one letter or digit"));
        return HT_CLI_EXIT_FAILURE;
      }
  }

  if (set_hometown != NULL || forget)
    {
      if (forget)
        {
          if (!ht_origin_table_remove_correction (table, name))
            {
              ht_cli_printerr (_("you had no correction for “%s”"), name);
              return HT_CLI_EXIT_FAILURE;
            }
        }
      else
        {
          g_autoptr(HtGeo) geo = ht_geo_load_default (&error);
          const HtPlace *place;

          if (geo == NULL)
            {
              ht_cli_print_error (error);
              return HT_CLI_EXIT_FAILURE;
            }
          place = ht_geo_find_place (geo, set_hometown);
          if (place == NULL)
            {
              ht_cli_printerr (_("“%s” is not a US or Canadian place of 10,000 people or more that "
                                 "Hometown knows; write it as “City, ST”"), set_hometown);
              return HT_CLI_EXIT_FAILURE;
            }
          if (!ht_origin_table_set_correction (table, name, place->name,
                                               g_strcmp0 (place->country, "US") == 0 ? place->admin : NULL,
                                               place->country, place->lat, place->lon, &error))
            {
              ht_cli_print_error (error);
              return HT_CLI_EXIT_FAILURE;
            }
        }
      if (!ht_origin_table_save_corrections (table, &error))
        {
          ht_cli_print_error (error);
          return HT_CLI_EXIT_FAILURE;
        }
      g_printerr (_("Saved to %s\n"), ht_origin_table_get_corrections_path (table));
    }

  if (!ht_origin_table_match (table, name, &m))
    {
      ht_cli_printerr (_("no hometown known for “%s” (you can add one with --set-hometown "
                         "\"City, ST\")"), name);
      return HT_CLI_EXIT_FAILURE;
    }
  print_origin (name, &m);
  return HT_CLI_EXIT_OK;
}
