/* ht-spectrogram-view.h: a track's spectrogram with time and frequency axes, the analysis
 * window marked, a read-out of time / Hz / dB under the pointer, and zoom and scroll in time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The colour-mapped picture is one GdkTexture at the spectrogram's own resolution, built once
 * per (spectrogram, colour map, dB range) and scaled by GSK: resizing and zooming never
 * rebuild it. Axes and marks are drawn on top each frame.
 */
#pragma once

#include <gtk/gtk.h>

#include "ht-spectrogram.h"
#include "htc-colormap.h"

G_BEGIN_DECLS

#define HT_TYPE_SPECTROGRAM_VIEW (ht_spectrogram_view_get_type ())
G_DECLARE_FINAL_TYPE (HtSpectrogramView, ht_spectrogram_view, HT, SPECTROGRAM_VIEW, GtkWidget)

#define HT_SPECTROGRAM_VIEW_MAX_ZOOM 64.0

GtkWidget     *ht_spectrogram_view_new             (void);

HtSpectrogram *ht_spectrogram_view_get_spectrogram (HtSpectrogramView *self);
void           ht_spectrogram_view_set_spectrogram (HtSpectrogramView *self,
                                                    HtSpectrogram     *spectrogram);
HtcColormap    ht_spectrogram_view_get_colormap    (HtSpectrogramView *self);
void           ht_spectrogram_view_set_colormap    (HtSpectrogramView *self,
                                                    HtcColormap        colormap);
/* dB shown below the loudest cell. */
double         ht_spectrogram_view_get_db_range    (HtSpectrogramView *self);
void           ht_spectrogram_view_set_db_range    (HtSpectrogramView *self,
                                                    double             db_range);
/* The analysis window, in seconds of the track; nothing is marked when end <= start. */
void           ht_spectrogram_view_set_window      (HtSpectrogramView *self,
                                                    double             start,
                                                    double             end);
/* 1 shows the whole track; 2 half of it; up to HT_SPECTROGRAM_VIEW_MAX_ZOOM. */
double         ht_spectrogram_view_get_zoom        (HtSpectrogramView *self);
void           ht_spectrogram_view_set_zoom        (HtSpectrogramView *self,
                                                    double             zoom);
/* Scrolls so that `seconds` is at the left edge of the plot. */
void           ht_spectrogram_view_scroll_to       (HtSpectrogramView *self,
                                                    double             seconds);
/* The horizontal scroll position, in pixels of the zoomed plot, for a GtkScrollbar. */
GtkAdjustment *ht_spectrogram_view_get_hadjustment (HtSpectrogramView *self);
/* "1:23.4 · 440 Hz · −32 dB" under the pointer; NULL when it is outside the plot. */
const char    *ht_spectrogram_view_get_readout     (HtSpectrogramView *self);
/* The playback position, drawn as a line over the picture (which is not rebuilt for it);
 * negative for none. Zoomed in, the view scrolls to keep it in sight. A click in the plot
 * emits ::seek (double seconds) instead of moving it: whoever plays decides. */
double         ht_spectrogram_view_get_cursor      (HtSpectrogramView *self);
void           ht_spectrogram_view_set_cursor      (HtSpectrogramView *self,
                                                    double             seconds);
/* Where `seconds` is drawn, in the widget's x coordinates at the current zoom and scroll: for
 * views drawn in line with it (the CNN timeline). */
double         ht_spectrogram_view_time_to_x       (HtSpectrogramView *self,
                                                    double             seconds);

G_END_DECLS
