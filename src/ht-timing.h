/* ht-timing.h: opt-in timing events for the bench/app-* scripts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With HOMETOWN_TIMING=FILE in the environment, the app appends one JSON object per line to
 * FILE: {"event": NAME, "mono_us": CLOCK_MONOTONIC µs, "real_us": CLOCK_REALTIME µs, "pid": …,
 * …}. Events: start (main), first-frame (after the first window's first paint), track-opened
 * (g_application_open reached the primary instance), spectrogram-shown / lyrics-shown /
 * cnn-shown (the first frame painted after the selected track's picture or prediction arrived),
 * all-analysed (nothing left to analyse) followed by frame-intervals (the gaps between frame
 * clock ticks since track-opened: count, median, 99th percentile, max).
 *
 * Without the variable every function returns at once: no file, no signal, no tick callback.
 */
#pragma once

#include <gtk/gtk.h>

#include "ht-analyzer.h"
#include "ht-track-list.h"
#include "ht-track-page.h"

G_BEGIN_DECLS

/* From main(), first: reads the environment and writes "start". */
void ht_timing_init          (void);
/* From the application's open vfunc. */
void ht_timing_files_opened  (guint        n_files);
/* From the window's init: watches its first frame, its track page and its analyzer. */
void ht_timing_watch_window  (GtkWidget   *window,
                              HtTrackList *tracks,
                              HtAnalyzer  *analyzer,
                              HtTrackPage *page);

G_END_DECLS
