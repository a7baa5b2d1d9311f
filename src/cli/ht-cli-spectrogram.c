/* hometown-cli spectrogram: a track's colour (mel) spectrogram as a PNG, and its numbers as .npy.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hometown-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "ht-cli.h"
#include "ht-npy.h"
#include "ht-spectrogram.h"
#include "ht-spectrogram-renderer.h"
#include "ht-track-info.h"

static void
on_progress_cb (double   fraction,
                gpointer user_data)
{
  ht_cli_progress (_("Analysing"), fraction);
}

int
ht_cli_spectrogram (int    argc,
                    char **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *data_path = NULL;
  g_autofree char *colormap = NULL;
  gboolean clip = FALSE, full = FALSE, linear = FALSE;
  int width = 1200, height = 480;
  double db_range = 80;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the picture to OUT.png"), N_("OUT.png") },
    { "colormap", 0, 0, G_OPTION_ARG_STRING, &colormap,
      N_("magma (default), inferno, viridis, cividis or grey"), N_("NAME") },
    { "clip", 0, 0, G_OPTION_ARG_NONE, &clip, N_("Only the analysis window (0:30–1:15)"), NULL },
    { "full", 0, 0, G_OPTION_ARG_NONE, &full, N_("The whole track, window marked (default)"), NULL },
    { "linear", 0, 0, G_OPTION_ARG_NONE, &linear, N_("Linear frequency axis instead of mel"), NULL },
    { "width", 0, 0, G_OPTION_ARG_INT, &width, N_("Picture width (default 1200)"), N_("W") },
    { "height", 0, 0, G_OPTION_ARG_INT, &height, N_("Picture height (default 480)"), N_("H") },
    { "db-range", 0, 0, G_OPTION_ARG_DOUBLE, &db_range, N_("dB shown below the loudest point (default 80)"), N_("DB") },
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data_path,
      N_("Also write the dB matrix (float32, bands × frames) as NumPy .npy"), N_("OUT.npy") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE — draw a track’s spectrogram"));
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) lyrics_warning = NULL;
  g_autoptr(HtTrackInfo) track = NULL;
  g_autoptr(HtSpectrogram) spectrogram = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *clip_text = NULL;
  HtSpectrogramOptions options;
  HtSpectrogramStyle style;
  HtDecodeInfo decoded = { 0 };
  HtClipRequest window = HT_CLIP_REQUEST_DEFAULT;
  int cmap = HTC_COLORMAP_MAGMA;
  int status = HT_CLI_EXIT_FAILURE;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!ht_cli_parse_options (context, &argc, &argv))
    return HT_CLI_EXIT_USAGE;
  if (argc != 2)
    {
      ht_cli_printerr (_("spectrogram needs exactly one file"));
      return HT_CLI_EXIT_USAGE;
    }
  if (output == NULL && data_path == NULL)
    {
      ht_cli_printerr (_("nothing to write: give -o OUT.png and/or --data OUT.npy"));
      return HT_CLI_EXIT_USAGE;
    }
  if (clip && full)
    {
      ht_cli_printerr (_("--clip and --full exclude each other"));
      return HT_CLI_EXIT_USAGE;
    }
  if (colormap != NULL && (cmap = htc_colormap_from_id (colormap)) < 0)
    {
      ht_cli_printerr (_("unknown colour map “%s” (magma, inferno, viridis, cividis, grey)"), colormap);
      return HT_CLI_EXIT_USAGE;
    }
  if (!(db_range >= 10 && db_range <= 200))
    {
      ht_cli_printerr (_("--db-range must be between 10 and 200"));
      return HT_CLI_EXIT_USAGE;
    }

  file = g_file_new_for_commandline_arg (argv[1]);
  track = ht_track_info_read (file, &lyrics_warning, ht_cli_get_cancellable (), &error);
  if (track == NULL)
    goto fail;

  ht_spectrogram_options_init (&options);
  options.clip.full = !clip;
  options.scale = linear ? HTC_SCALE_LINEAR : HTC_SCALE_MEL;
  /* The picture needs a column per pixel at most; the .npy keeps every frame. */
  options.max_columns = data_path != NULL ? 0 : (guint) MAX (width, 64);
  /* A long track decodes in two halves at once, on two cores, as in the app: the same
   * picture as one pass (through a resampler, a dozen pixels in 576,000 one colour step off). */
  options.split_hint = track->duration;
  spectrogram = ht_spectrogram_compute (file, &options, on_progress_cb, NULL, &decoded,
                                        ht_cli_get_cancellable (), &error);
  ht_cli_progress (NULL, -1);
  if (spectrogram == NULL)
    goto fail;

  if (data_path != NULL)
    {
      g_autoptr(GFile) npy = g_file_new_for_commandline_arg (data_path);
      if (!ht_npy_write_f32 (npy, ht_spectrogram_get_values (spectrogram),
                             ht_spectrogram_get_n_bands (spectrogram),
                             ht_spectrogram_get_n_columns (spectrogram), ht_cli_get_cancellable (),
                             &error))
        goto fail;
    }
  if (output != NULL)
    {
      g_autoptr(GFile) png = g_file_new_for_commandline_arg (output);
      double start, end;
      HtClipKind kind = ht_clip_choose (&window, decoded.duration, &start, &end);

      clip_text = ht_clip_describe (clip ? decoded.clip_kind : kind, clip ? decoded.clip_start : start,
                                    clip ? decoded.clip_end : end);
      ht_spectrogram_style_init (&style);
      style.colormap = (HtcColormap) cmap;
      style.db_range = (float) db_range;
      if (!clip)
        {
          style.window_start = start;
          style.window_end = end;
        }
      title = ht_track_info_dup_display_title (track);
      style.title = title;
      subtitle = g_strdup_printf (_("%s · analysis window %s"),
                                  linear ? _("linear frequency") : _("128-band mel"), clip_text);
      style.subtitle = subtitle;
      if (!ht_spectrogram_renderer_write_png (spectrogram, &style, width, height, png, &error))
        goto fail;
    }
  status = HT_CLI_EXIT_OK;
  goto out;

fail:
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    status = HT_CLI_EXIT_CANCELLED;
  else
    ht_cli_print_error (error);
out:
  ht_decode_info_clear (&decoded);
  return status;
}
