/* ht-spectrogram-renderer.h: draws an HtSpectrogram off-screen with Cairo — the picture the
 * CLI writes and the pixels the app's spectrogram widget shows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "ht-spectrogram.h"
#include "htc-colormap.h"

G_BEGIN_DECLS

typedef struct
{
  HtcColormap colormap;       /* default magma */
  float       db_range;       /* dB shown below the loudest cell; default 80 */
  double      window_start;   /* the analysis window to mark, in seconds; */
  double      window_end;     /* nothing is marked when end <= start */
  const char *title;          /* "Artist – Title"; may be NULL */
  const char *subtitle;       /* e.g. the clip description; may be NULL */
} HtSpectrogramStyle;

void     ht_spectrogram_style_init         (HtSpectrogramStyle       *style);

/* The rectangle the spectrogram itself occupies in a figure of width x height. */
void     ht_spectrogram_renderer_plot_area (int                        width,
                                            int                        height,
                                            cairo_rectangle_int_t     *area);

/* Colour-mapped pixels only (no axes), 0xAARRGGBB per pixel: for textures and tests. */
cairo_surface_t *ht_spectrogram_renderer_paint (HtSpectrogram            *spectrogram,
                                                const HtSpectrogramStyle *style,
                                                int                       width,
                                                int                       height);

/* The whole figure: title, spectrogram, time axis (m:ss), frequency axis (Hz at mel-spaced
 * ticks), dB colour bar, analysis-window marks. */
void     ht_spectrogram_renderer_draw      (HtSpectrogram            *spectrogram,
                                            const HtSpectrogramStyle *style,
                                            cairo_t                  *cr,
                                            int                       width,
                                            int                       height);

gboolean ht_spectrogram_renderer_write_png (HtSpectrogram            *spectrogram,
                                            const HtSpectrogramStyle *style,
                                            int                       width,
                                            int                       height,
                                            GFile                    *file,
                                            GError                  **error);

G_END_DECLS
