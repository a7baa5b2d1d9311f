/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hometown-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "ht-audio-model.h"
#include "ht-cli.h"
#include "ht-error.h"
#include "ht-lyrics-model.h"
#include "ht-track-info.h"

/* The "audio" member of a file's JSON object. The lyrics model will add a "lyrics" member
 * beside it (see add_file_json). */
static void
add_audio_json (JsonBuilder *b, HtAudioModel *model, const HtAudioPrediction *p)
{
  json_builder_set_member_name (b, "audio");
  json_builder_begin_object (b);
  for (guint k = 0; k < p->n_classes; k++)
    {
      json_builder_set_member_name (b, ht_audio_model_get_class_name (model, k));
      json_builder_add_double_value (b, p->probs[k]);
    }
  json_builder_set_member_name (b, "prediction");
  json_builder_add_string_value (b, ht_audio_model_get_class_name (model, ht_audio_prediction_best (p)));
  json_builder_set_member_name (b, "clip_start");
  json_builder_add_double_value (b, p->clip_start);
  json_builder_set_member_name (b, "clip_end");
  json_builder_add_double_value (b, p->clip_end);
  json_builder_set_member_name (b, "patch_seconds");
  json_builder_add_double_value (b, p->patch_seconds);
  json_builder_set_member_name (b, "timeline");
  json_builder_begin_array (b);
  for (guint i = 0; i < p->n_patches; i++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "start");
      json_builder_add_double_value (b, p->clip_start + i * p->hop_seconds);
      for (guint k = 0; k < p->n_classes; k++)
        {
          json_builder_set_member_name (b, ht_audio_model_get_class_name (model, k));
          json_builder_add_double_value (b, p->timeline[i * p->n_classes + k]);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

/* The "lyrics" member: four probabilities, or the reason the model did not answer. */
static void
add_lyrics_json (JsonBuilder              *b,
                 const HtLyricsPrediction *p,
                 HtLyricsSource            source,
                 const char               *unavailable)
{
  json_builder_set_member_name (b, "lyrics");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "source");
  json_builder_add_string_value (b, ht_lyrics_source_to_id (source));
  if (p == NULL)
    {
      json_builder_set_member_name (b, "unavailable");
      json_builder_add_string_value (b, unavailable);
    }
  else if (p->abstain != HT_LYRICS_ABSTAIN_NONE)
    {
      json_builder_set_member_name (b, "abstain");
      json_builder_add_string_value (b, ht_lyrics_abstain_to_id (p->abstain));
      json_builder_set_member_name (b, "unavailable");
      json_builder_add_string_value (b, ht_lyrics_abstain_describe (p->abstain));
    }
  else
    {
      for (guint k = 0; k < HT_LYRICS_N_REGIONS; k++)
        {
          json_builder_set_member_name (b, ht_lyrics_region_key (k));
          json_builder_add_double_value (b, p->probabilities[k]);
        }
      json_builder_set_member_name (b, "prediction");
      json_builder_add_string_value (b, ht_lyrics_region_key (p->region));
    }
  json_builder_end_object (b);
}

static void
print_lyrics_text (const HtLyricsPrediction *p,
                   HtLyricsSource            source,
                   const char               *unavailable)
{
  g_print ("  %s", _("lyrics:"));
  if (p == NULL || p->abstain != HT_LYRICS_ABSTAIN_NONE)
    {
      g_print (" %s\n", p ? ht_lyrics_abstain_describe (p->abstain) : unavailable);
      return;
    }
  for (guint k = 0; k < HT_LYRICS_N_REGIONS; k++)
    g_print ("  %s %5.1f%%", ht_lyrics_region_key (k), 100 * p->probabilities[k]);
  g_print ("  → %s  (%s)\n", ht_lyrics_region_key (p->region), ht_lyrics_source_describe (source));
}

static void
print_audio_text (HtAudioModel *model, const HtAudioPrediction *p)
{
  g_autofree char *clip = ht_clip_describe (p->clip_kind, p->clip_start, p->clip_end);
  guint best = ht_audio_prediction_best (p);

  g_print ("  %s", _("audio:"));
  for (guint k = 0; k < p->n_classes; k++)
    g_print ("  %s %5.1f%%", ht_audio_model_get_class_name (model, k), 100 * p->probs[k]);
  g_print ("  → %s\n", ht_audio_model_get_class_name (model, best));
  /* Translators: %s describes the analysed part of the track, %.2f is seconds per patch */
  g_print ("  %s %s, ", _("clip"), clip);
  g_print (_("%u patches of %.2f s:"), p->n_patches, p->patch_seconds);
  g_print (" ");
  for (guint i = 0; i < p->n_patches; i++)
    {
      guint b = 0;
      for (guint k = 1; k < p->n_classes; k++)
        if (p->timeline[i * p->n_classes + k] > p->timeline[i * p->n_classes + b])
          b = k;
      g_print ("%c", ht_audio_model_get_class_name (model, b)[0]);
    }
  g_print ("\n");
}

int
ht_cli_classify (int    argc,
                 char **argv)
{
  g_autofree char *model_path = NULL;
  g_autofree char *lyrics_model_path = NULL;
  g_autofree char *lyrics_path = NULL;
  gboolean json = FALSE, no_cache = FALSE;
  GOptionEntry entries[] = {
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &model_path, N_("The audio model (default: the user model)"), N_("MODEL") },
    { "lyrics-model", 0, 0, G_OPTION_ARG_FILENAME, &lyrics_model_path,
      N_("The lyrics model (default: the shipped one)"), N_("MODEL") },
    { "lyrics", 'l', 0, G_OPTION_ARG_FILENAME, &lyrics_path,
      N_("Take the lyrics from this file (.txt or .lrc) instead of the track’s tag or sidecar"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "no-cache", 0, 0, G_OPTION_ARG_NONE, &no_cache, N_("Do not use the feature cache"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE… — predict the regional style of tracks"));
  g_autoptr(GError) audio_error = NULL;
  g_autoptr(GError) lyrics_error = NULL;
  g_autoptr(GFile) model_file = NULL;
  g_autoptr(HtAudioModel) model = NULL;
  g_autoptr(HtLyricsModel) lyrics_model = NULL;
  g_autofree char *forced_lyrics = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  GCancellable *cancellable = ht_cli_get_cancellable ();
  guint n_failed = 0;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Two independent models answer side by side: the audio CNN you trained on your own music "
      "(hometown-cli train-audio) and the lyrics model Hometown ships. Either may be missing."));
  if (!ht_cli_parse_options (context, &argc, &argv))
    return HT_CLI_EXIT_USAGE;
  if (argc < 2)
    {
      ht_cli_printerr (_("give at least one audio file"));
      return HT_CLI_EXIT_USAGE;
    }
  if (lyrics_path != NULL && argc > 2)
    {
      ht_cli_printerr (_("--lyrics applies to one track; give exactly one file with it"));
      return HT_CLI_EXIT_USAGE;
    }

  if (model_path == NULL)
    model_path = ht_audio_model_default_path ();
  model_file = g_file_new_for_commandline_arg (model_path);
  model = ht_audio_model_load (model_file, cancellable, &audio_error);
  if (lyrics_model_path != NULL)
    {
      g_autoptr(GFile) f = g_file_new_for_commandline_arg (lyrics_model_path);
      lyrics_model = ht_lyrics_model_load (f, cancellable, &lyrics_error);
    }
  else
    lyrics_model = ht_lyrics_model_load_default (cancellable, &lyrics_error);
  if (g_cancellable_is_cancelled (cancellable))
    return HT_CLI_EXIT_CANCELLED;
  if (model == NULL && !g_error_matches (audio_error, HT_ERROR, HT_ERROR_NO_MODEL))
    {
      /* A model file that exists but is broken is worth stopping for. */
      ht_cli_print_error (audio_error);
      return HT_CLI_EXIT_FAILURE;
    }
  if (lyrics_model == NULL && (lyrics_model_path != NULL
                               || !g_error_matches (lyrics_error, HT_ERROR, HT_ERROR_NO_MODEL)))
    {
      ht_cli_print_error (lyrics_error);
      return HT_CLI_EXIT_FAILURE;
    }
  if (model == NULL && lyrics_model == NULL)
    {
      ht_cli_print_error (audio_error);
      g_printerr (_("No audio model exists yet: Hometown ships none, because it learns from your own "
                    "music. Sort some tracks into DIR/<Region>/<Artist>/<Album>/ (Region: East, West, "
                    "South or Midwest) and train one with:\n  hometown-cli train-audio DIR -o %s\n"),
                  model_path);
      return HT_CLI_EXIT_FAILURE;
    }
  if (model == NULL && !json)
    g_printerr (_("hometown-cli: no audio model yet (train one with “hometown-cli train-audio DIR”); "
                  "showing the lyrics model only\n"));
  if (lyrics_path != NULL)
    {
      g_autoptr(GFile) f = g_file_new_for_commandline_arg (lyrics_path);
      g_autoptr(GError) error = NULL;
      forced_lyrics = ht_lyrics_read_file (f, cancellable, &error);
      if (forced_lyrics == NULL)
        {
          ht_cli_print_error (error);
          return HT_CLI_EXIT_FAILURE;
        }
    }

  json_builder_begin_array (b);
  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (argv[i]);
      g_autoptr(GError) local = NULL;
      g_autoptr(GError) lyrics_warning = NULL;
      g_autoptr(HtTrackInfo) info = NULL;
      g_autoptr(HtAudioPrediction) p = NULL;
      HtLyricsPrediction *lp = NULL;
      HtLyricsSource source = HT_LYRICS_SOURCE_NONE;
      const char *lyrics = NULL;
      const char *lyrics_unavailable = NULL;

      info = ht_track_info_read (file, &lyrics_warning, cancellable, &local);
      if (info != NULL && model != NULL)
        p = ht_audio_model_classify (model, file, !no_cache, cancellable, &local);
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return HT_CLI_EXIT_CANCELLED;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "file");
      json_builder_add_string_value (b, argv[i]);
      if (info == NULL || (model != NULL && p == NULL))
        {
          json_builder_set_member_name (b, "error");
          json_builder_add_string_value (b, local->message);
          json_builder_end_object (b);
          n_failed++;
          if (!json)
            ht_cli_print_error (local);
          continue;
        }
      json_builder_set_member_name (b, "artist");
      if (info->artist != NULL)
        json_builder_add_string_value (b, info->artist);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "title");
      if (info->title != NULL)
        json_builder_add_string_value (b, info->title);
      else
        json_builder_add_null_value (b);

      if (forced_lyrics != NULL)
        {
          lyrics = forced_lyrics;
          source = HT_LYRICS_SOURCE_FILE;
        }
      else
        {
          lyrics = info->lyrics;
          source = info->lyrics_source;
        }
      if (lyrics_model == NULL)
        lyrics_unavailable = _("Lyrics model not installed");
      else if (lyrics == NULL)
        lyrics_unavailable = lyrics_warning ? lyrics_warning->message : _("No lyrics found");
      else
        lp = ht_lyrics_model_predict (lyrics_model, lyrics, -1, 0);

      if (p != NULL)
        add_audio_json (b, model, p);
      else
        {
          json_builder_set_member_name (b, "audio");
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "unavailable");
          json_builder_add_string_value (b, _("No audio model trained yet"));
          json_builder_end_object (b);
        }
      add_lyrics_json (b, lp, source, lyrics_unavailable);
      json_builder_end_object (b);
      if (!json)
        {
          g_autofree char *title = ht_track_info_dup_display_title (info);
          g_print ("%s  (%s)\n", argv[i], title);
          if (p != NULL)
            print_audio_text (model, p);
          print_lyrics_text (lp, source, lyrics_unavailable);
        }
      if (lp != NULL)
        ht_lyrics_prediction_free (lp);
    }
  json_builder_end_array (b);
  if (json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (b);
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autofree char *text = NULL;

      json_generator_set_root (gen, root);
      json_generator_set_pretty (gen, TRUE);
      text = json_generator_to_data (gen, NULL);
      g_print ("%s\n", text);
    }
  if (n_failed == 0)
    return HT_CLI_EXIT_OK;
  return n_failed == (guint) (argc - 1) ? HT_CLI_EXIT_FAILURE : HT_CLI_EXIT_PARTIAL;
}
