/* ht-track-page.h: everything about one track — header, spectrogram, the two models' cards side
 * by side, and its lyrics with where they came from.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ht-lyrics-store.h"
#include "ht-player.h"
#include "ht-track.h"

G_BEGIN_DECLS

#define HT_TYPE_TRACK_PAGE (ht_track_page_get_type ())
G_DECLARE_FINAL_TYPE (HtTrackPage, ht_track_page, HT, TRACK_PAGE, GtkWidget)

GtkWidget *ht_track_page_new       (void);
HtTrack   *ht_track_page_get_track (HtTrackPage *self);
void       ht_track_page_set_track (HtTrackPage *self,
                                    HtTrack     *track);
/* Plays the page's track (Space, the play button, clicks in the spectrogram). The page emits
 * ::toast (a string) for the window to show: export results and playback errors. */
HtPlayer  *ht_track_page_get_player (HtTrackPage *self);
/* Gives the keyboard to the play button, so that Space plays the track just opened. */
void       ht_track_page_focus_playback (HtTrackPage *self);

/* Where saved lyrics go; NULL (the default): ht_lyrics_store_new (NULL) when first needed.
 * After a save or a revert the page emits ::lyrics-changed (HtTrack *track). */
HtLyricsStore *ht_track_page_get_lyrics_store (HtTrackPage   *self);
void           ht_track_page_set_lyrics_store (HtTrackPage   *self,
                                               HtLyricsStore *store);
/* Opens the lyrics editor on the track's lyrics (empty when it has none) and focuses it. */
void           ht_track_page_edit_lyrics      (HtTrackPage   *self);
/* Tracks with lyrics typed in the editor and not saved (kept while other tracks are shown). */
guint          ht_track_page_get_n_unsaved_lyrics   (HtTrackPage   *self);
void           ht_track_page_discard_unsaved_lyrics (HtTrackPage   *self,
                                                     HtTrack       *track);

/* The table hometowns are looked up and corrected in (the analyzer's); NULL until loaded. */
HtOriginTable *ht_track_page_get_origins (HtTrackPage   *self);
void           ht_track_page_set_origins (HtTrackPage   *self,
                                          HtOriginTable *origins);

G_END_DECLS
