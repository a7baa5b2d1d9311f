/* ht-window-private.h: for tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ht-library-page.h"
#include "ht-track-page.h"
#include "ht-window.h"

G_BEGIN_DECLS

GtkDropTarget *_ht_window_get_drop_target (HtWindow *self);
GtkWidget     *_ht_window_get_status_page (HtWindow *self);
/* The ancestor of both drop zones, which carries .drop-active during a drag. */
GtkWidget     *_ht_window_get_main_stack  (HtWindow *self);
GtkListView   *_ht_window_get_list_view   (HtWindow *self);
HtTrackPage   *_ht_window_get_track_page  (HtWindow *self);
AdwLeaflet    *_ht_window_get_leaflet     (HtWindow *self);
/* "empty", "tracks" or "library" */
const char    *_ht_window_get_view        (HtWindow *self);
/* The text of the last toast shown, for tests; NULL if none. */
const char    *_ht_window_get_last_toast  (HtWindow *self);
/* Scans still running. */
guint          _ht_window_get_n_scans     (HtWindow *self);
/* The origin table shared with the analyzer; NULL until loaded. */
HtOriginTable *_ht_window_get_origins     (HtWindow *self);

HtLibraryPage *_ht_window_get_library_page (HtWindow *self);
/* What the Export menu items do once a file or folder is chosen. */
void           _ht_window_export_results   (HtWindow *self,
                                            GFile    *file);
void           _ht_window_export_playlists (HtWindow *self,
                                            GFile    *folder);

G_END_DECLS
