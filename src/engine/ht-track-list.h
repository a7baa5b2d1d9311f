/* ht-track-list.h: the tracks the user has given Hometown, in the order given, at most once per
 * file; a GListModel of HtTrack.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ht-track.h"

G_BEGIN_DECLS

#define HT_TYPE_TRACK_LIST (ht_track_list_get_type ())
G_DECLARE_FINAL_TYPE (HtTrackList, ht_track_list, HT, TRACK_LIST, GObject)

HtTrackList *ht_track_list_new        (void);
/* Appends the tracks whose file is not in the list yet, with one ::items-changed. Returns how
 * many were added. */
guint        ht_track_list_append     (HtTrackList  *self,
                                       HtTrack     **tracks,
                                       guint         n_tracks);
/* The track for `file` (by g_file_equal()), or NULL; `position` (may be NULL) is set. */
HtTrack     *ht_track_list_find       (HtTrackList  *self,
                                       GFile        *file,
                                       guint        *position);
gboolean     ht_track_list_remove     (HtTrackList  *self,
                                       HtTrack      *track);
void         ht_track_list_remove_all (HtTrackList  *self);

G_END_DECLS
