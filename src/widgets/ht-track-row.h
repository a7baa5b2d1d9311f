/* ht-track-row.h: a track in the sidebar list: title and artist, a progress bar while it is
 * analysed, then each model's top region.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ht-track.h"

G_BEGIN_DECLS

#define HT_TYPE_TRACK_ROW (ht_track_row_get_type ())
G_DECLARE_FINAL_TYPE (HtTrackRow, ht_track_row, HT, TRACK_ROW, GtkWidget)

GtkWidget *ht_track_row_new       (void);
HtTrack   *ht_track_row_get_track (HtTrackRow *self);
void       ht_track_row_set_track (HtTrackRow *self,
                                   HtTrack    *track);

G_END_DECLS
