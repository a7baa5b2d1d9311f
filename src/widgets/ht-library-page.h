/* ht-library-page.h: every track in one sortable table (artist, title, hometown region, each
 * model's verdict, the combined one, whether the models agree), with per-region counts above it
 * and a slot for the library map.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ht-track.h"

G_BEGIN_DECLS

#define HT_TYPE_LIBRARY_PAGE (ht_library_page_get_type ())
G_DECLARE_FINAL_TYPE (HtLibraryPage, ht_library_page, HT, LIBRARY_PAGE, GtkWidget)

GtkWidget  *ht_library_page_new          (void);
/* A GListModel of HtTrack (the window's HtTrackList). */
GListModel *ht_library_page_get_tracks   (HtLibraryPage *self);
void        ht_library_page_set_tracks   (HtLibraryPage *self,
                                          GListModel    *tracks);
/* The empty vertical GtkBox above the table where the library map goes. */
GtkWidget  *ht_library_page_get_map_slot (HtLibraryPage *self);

G_END_DECLS
