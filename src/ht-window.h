/* ht-window.h: the main window — an empty state to drop tracks on, then the track list beside
 * the selected track's page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ht-analyzer.h"
#include "ht-application.h"
#include "ht-track-list.h"

G_BEGIN_DECLS

#define HT_TYPE_WINDOW (ht_window_get_type ())
G_DECLARE_FINAL_TYPE (HtWindow, ht_window, HT, WINDOW, AdwApplicationWindow)

HtWindow    *ht_window_new          (HtApplication *application);
/* Scans `files` (folders recursively) off the main thread, adds the audio to the list and
 * analyses it; tells the user in a toast about anything skipped. */
void         ht_window_open_files   (HtWindow      *self,
                                     GFile        **files,
                                     guint          n_files);
/* The Open Files / Open Folder dialog; what is chosen goes through g_application_open(). */
void         ht_window_choose_files (HtWindow      *self,
                                     gboolean       folders);
HtTrackList *ht_window_get_tracks   (HtWindow      *self);
HtAnalyzer  *ht_window_get_analyzer (HtWindow      *self);

G_END_DECLS
