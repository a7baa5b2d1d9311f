/* hometown-cli info: what Hometown reads from a track, without analysing it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hometown-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "ht-audio-decoder.h"
#include "ht-cli.h"
#include "ht-track-info.h"

static const char *
clip_kind_id (HtClipKind kind)
{
  switch (kind)
    {
    case HT_CLIP_WINDOW: return "window";
    case HT_CLIP_MIDDLE: return "middle";
    case HT_CLIP_WHOLE: return "whole";
    case HT_CLIP_FULL:
    default: return "full";
    }
}

static guint
count_lines (const char *text)
{
  guint n = 0;
  g_auto(GStrv) lines = text ? g_strsplit (text, "\n", -1) : NULL;
  for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
    if (g_strstrip (lines[i])[0] != '\0')
      n++;
  return n;
}

static void
add_string (JsonBuilder *b, const char *key, const char *value)
{
  json_builder_set_member_name (b, key);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
print_text (const HtTrackInfo *info,
            const GError      *lyrics_warning)
{
  HtClipRequest request = HT_CLIP_REQUEST_DEFAULT;
  double start, end;
  HtClipKind kind = ht_clip_choose (&request, info->duration, &start, &end);
  g_autofree char *clip = ht_clip_describe (kind, start, end);
  long secs = lround (info->duration);

  g_print ("%s\n", info->path);
  g_print ("  %-13s %ld:%02ld (%.2f s)\n", _("Duration:"), secs / 60, secs % 60, info->duration);
  g_print ("  %-13s %s, %u Hz, %u %s\n", _("Format:"), info->codec ? info->codec : _("unknown"),
           info->sample_rate, info->channels,
           g_dngettext (GETTEXT_PACKAGE, "channel", "channels", info->channels));
  if (info->container != NULL)
    g_print ("  %-13s %s\n", _("Container:"), info->container);
  g_print ("  %-13s %s\n", _("Artist:"), info->artist ? info->artist : "—");
  if (info->album_artist != NULL)
    g_print ("  %-13s %s\n", _("Album artist:"), info->album_artist);
  g_print ("  %-13s %s\n", _("Title:"), info->title ? info->title : "—");
  g_print ("  %-13s %s\n", _("Album:"), info->album ? info->album : "—");
  if (info->year > 0)
    g_print ("  %-13s %d\n", _("Year:"), info->year);
  if (info->lyrics != NULL)
    {
      guint lines = count_lines (info->lyrics);
      g_print ("  %-13s %s%s%s, %u %s\n", _("Lyrics:"), ht_lyrics_source_describe (info->lyrics_source),
               info->lyrics_path ? " " : "", info->lyrics_path ? info->lyrics_path : "", lines,
               g_dngettext (GETTEXT_PACKAGE, "line", "lines", lines));
    }
  else if (lyrics_warning != NULL)
    g_print ("  %-13s %s (%s)\n", _("Lyrics:"), _("none usable"), lyrics_warning->message);
  else
    g_print ("  %-13s %s\n", _("Lyrics:"), _("none found (no tag, no .lrc or .txt beside it)"));
  g_print ("  %-13s %s\n", _("Analysed:"), clip);
}

static void
build_json (JsonBuilder       *b,
            const char        *arg,
            const HtTrackInfo *info,
            const GError      *lyrics_warning,
            const GError      *error)
{
  json_builder_begin_object (b);
  add_string (b, "file", info ? info->path : arg);
  if (error != NULL)
    {
      json_builder_set_member_name (b, "error");
      json_builder_add_string_value (b, error->message);
      json_builder_end_object (b);
      return;
    }
  {
    HtClipRequest request = HT_CLIP_REQUEST_DEFAULT;
    double start, end;
    HtClipKind kind = ht_clip_choose (&request, info->duration, &start, &end);

    json_builder_set_member_name (b, "duration");
    json_builder_add_double_value (b, info->duration);
    json_builder_set_member_name (b, "sample_rate");
    json_builder_add_int_value (b, info->sample_rate);
    json_builder_set_member_name (b, "channels");
    json_builder_add_int_value (b, info->channels);
    add_string (b, "codec", info->codec);
    add_string (b, "container", info->container);
    json_builder_set_member_name (b, "bitrate");
    json_builder_add_int_value (b, info->bitrate);
    json_builder_set_member_name (b, "tags");
    json_builder_begin_object (b);
    add_string (b, "artist", info->artist);
    add_string (b, "album_artist", info->album_artist);
    add_string (b, "title", info->title);
    add_string (b, "album", info->album);
    json_builder_set_member_name (b, "year");
    if (info->year > 0)
      json_builder_add_int_value (b, info->year);
    else
      json_builder_add_null_value (b);
    json_builder_end_object (b);
    json_builder_set_member_name (b, "lyrics");
    json_builder_begin_object (b);
    add_string (b, "source", ht_lyrics_source_to_id (info->lyrics_source));
    add_string (b, "path", info->lyrics_path);
    json_builder_set_member_name (b, "lines");
    json_builder_add_int_value (b, count_lines (info->lyrics));
    add_string (b, "warning", lyrics_warning ? lyrics_warning->message : NULL);
    json_builder_end_object (b);
    json_builder_set_member_name (b, "clip");
    json_builder_begin_object (b);
    add_string (b, "kind", clip_kind_id (kind));
    json_builder_set_member_name (b, "start");
    json_builder_add_double_value (b, start);
    json_builder_set_member_name (b, "end");
    json_builder_add_double_value (b, end);
    json_builder_end_object (b);
  }
  json_builder_end_object (b);
}

int
ht_cli_info (int    argc,
             char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE… — show what Hometown reads from tracks"));
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint failed = 0;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!ht_cli_parse_options (context, &argc, &argv))
    return HT_CLI_EXIT_USAGE;
  if (argc < 2)
    {
      ht_cli_printerr (_("info needs at least one file"));
      return HT_CLI_EXIT_USAGE;
    }
  json_builder_begin_array (builder);
  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (argv[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) lyrics_warning = NULL;
      g_autoptr(HtTrackInfo) info = ht_track_info_read (file, &lyrics_warning,
                                                        ht_cli_get_cancellable (), &error);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return HT_CLI_EXIT_CANCELLED;
      if (info == NULL)
        {
          failed++;
          ht_cli_print_error (error);
        }
      if (json)
        build_json (builder, argv[i], info, lyrics_warning, error);
      else if (info != NULL)
        {
          if (i > 1)
            g_print ("\n");
          print_text (info, lyrics_warning);
        }
    }
  json_builder_end_array (builder);
  if (json)
    {
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autoptr(JsonNode) root = json_builder_get_root (builder);
      g_autofree char *text = NULL;
      json_generator_set_pretty (gen, TRUE);
      json_generator_set_root (gen, root);
      text = json_generator_to_data (gen, NULL);
      g_print ("%s\n", text);
    }
  if (failed == 0)
    return HT_CLI_EXIT_OK;
  return failed == (guint) (argc - 1) ? HT_CLI_EXIT_FAILURE : HT_CLI_EXIT_PARTIAL;
}
