/* hometown-cli make-sample: writes a synthetic beat, for trying Hometown out and for benchmarks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hometown-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <sndfile.h>

#include "ht-cli.h"
#include "htc-synth.h"

static int
format_for (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (g_str_has_suffix (lower, ".flac"))
    return SF_FORMAT_FLAC | SF_FORMAT_PCM_16;
  if (g_str_has_suffix (lower, ".wav"))
    return SF_FORMAT_WAV | SF_FORMAT_PCM_16;
  if (g_str_has_suffix (lower, ".aif") || g_str_has_suffix (lower, ".aiff"))
    return SF_FORMAT_AIFF | SF_FORMAT_PCM_16;
  if (g_str_has_suffix (lower, ".ogg"))
    return SF_FORMAT_OGG | SF_FORMAT_VORBIS;
  if (g_str_has_suffix (lower, ".opus"))
    return SF_FORMAT_OGG | SF_FORMAT_OPUS;
  if (g_str_has_suffix (lower, ".mp3"))
    return SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III;
  return 0;
}

int
ht_cli_make_sample (int    argc,
                    char **argv)
{
  double seconds = 90, bpm = 92;
  int rate = 44100, channels = 2, seed = 1;
  g_autofree char *title = NULL;
  g_autofree char *artist = NULL;
  GOptionEntry entries[] = {
    { "seconds", 's', 0, G_OPTION_ARG_DOUBLE, &seconds, N_("Length in seconds (default 90)"), N_("S") },
    { "rate", 'r', 0, G_OPTION_ARG_INT, &rate, N_("Sample rate in Hz (default 44100)"), N_("HZ") },
    { "channels", 'c', 0, G_OPTION_ARG_INT, &channels, N_("Channels (default 2)"), N_("N") },
    { "bpm", 0, 0, G_OPTION_ARG_DOUBLE, &bpm, N_("Tempo (default 92)"), N_("BPM") },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, N_("Variation (default 1)"), N_("N") },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("Title tag"), N_("TEXT") },
    { "artist", 0, 0, G_OPTION_ARG_STRING, &artist, N_("Artist tag"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("OUT — write a synthetic sample track"));
  HtcSynthParams params;
  SF_INFO info = { 0 };
  SNDFILE *sf;
  gsize total, done = 0, block = 16384;
  g_autofree float *mono = NULL;
  g_autofree float *frames = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("The format follows the extension: .flac, .wav, .aiff, .ogg, .opus or .mp3."));
  if (!ht_cli_parse_options (context, &argc, &argv))
    return HT_CLI_EXIT_USAGE;
  if (argc != 2)
    {
      ht_cli_printerr (_("make-sample needs exactly one output file"));
      return HT_CLI_EXIT_USAGE;
    }
  info.format = format_for (argv[1]);
  if (info.format == 0)
    {
      ht_cli_printerr (_("“%s”: unknown extension (use .flac, .wav, .aiff, .ogg, .opus or .mp3)"), argv[1]);
      return HT_CLI_EXIT_USAGE;
    }
  if (!(seconds > 0 && seconds <= 4 * 3600) || rate < 8000 || rate > 384000 || channels < 1
      || channels > 8)
    {
      ht_cli_printerr (_("out of range: --seconds 0–14400, --rate 8000–384000, --channels 1–8"));
      return HT_CLI_EXIT_USAGE;
    }
  info.samplerate = rate;
  info.channels = channels;
  if (!sf_format_check (&info))
    {
      ht_cli_printerr (_("“%s”: this format cannot be written at %d Hz with %d channels"),
                       argv[1], rate, channels);
      return HT_CLI_EXIT_USAGE;
    }
  sf = sf_open (argv[1], SFM_WRITE, &info);
  if (sf == NULL)
    {
      ht_cli_printerr (_("cannot write “%s”: %s"), argv[1], sf_strerror (NULL));
      return HT_CLI_EXIT_FAILURE;
    }
  sf_set_string (sf, SF_STR_TITLE, title ? title : "Hometown Sample");
  sf_set_string (sf, SF_STR_ARTIST, artist ? artist : "Hometown");
  params = (HtcSynthParams) { rate, bpm, 55.0, (guint32) seed };
  total = (gsize) (seconds * rate);
  mono = g_new (float, block);
  frames = g_new (float, block * channels);
  while (done < total)
    {
      gsize n = MIN (block, total - done);
      if (htc_synth_beat (&params, done, mono, n) != HTC_OK)
        {
          sf_close (sf);
          ht_cli_printerr (_("--bpm must be between 60 and 200"));
          return HT_CLI_EXIT_USAGE;
        }
      for (gsize i = 0; i < n; i++)
        for (int c = 0; c < channels; c++)   /* a little width: channel c delayed c samples */
          frames[i * channels + c] = 0.8f * mono[i >= (gsize) c ? i - c : i];
      if (sf_writef_float (sf, frames, (sf_count_t) n) != (sf_count_t) n)
        {
          ht_cli_printerr (_("cannot write “%s”: %s"), argv[1], sf_strerror (sf));
          sf_close (sf);
          return HT_CLI_EXIT_FAILURE;
        }
      done += n;
      if (g_cancellable_is_cancelled (ht_cli_get_cancellable ()))
        {
          sf_close (sf);
          return HT_CLI_EXIT_CANCELLED;
        }
    }
  sf_close (sf);
  return HT_CLI_EXIT_OK;
}
