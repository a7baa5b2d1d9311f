/* ht-track.h: one audio file Hometown was given, and everything learned about it so far: tags,
 * lyrics, spectrogram, the two models' predictions, and the state of its analysis.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Main-thread object: HtAnalyzer fills it from its workers through the main loop. Every
 * property notifies only when its value actually changes, so views can bind to it freely.
 */
#pragma once

#include <gio/gio.h>

#include "ht-lyrics-file.h"
#include "ht-origin-table.h"
#include "ht-prediction.h"
#include "ht-region.h"
#include "ht-spectrogram.h"
#include "ht-track-info.h"

G_BEGIN_DECLS

typedef enum
{
  HT_TRACK_STATE_IDLE,       /* not queued: new, or its analysis was cancelled */
  HT_TRACK_STATE_QUEUED,     /* waiting for a free worker */
  HT_TRACK_STATE_ANALYZING,
  HT_TRACK_STATE_DONE,
  HT_TRACK_STATE_FAILED,     /* :error says why */
} HtTrackState;

#define HT_TYPE_TRACK_STATE (ht_track_state_get_type ())
GType ht_track_state_get_type (void) G_GNUC_CONST;

#define HT_TYPE_TRACK (ht_track_get_type ())
G_DECLARE_FINAL_TYPE (HtTrack, ht_track, HT, TRACK, GObject)

HtTrack           *ht_track_new                   (GFile          *file);

GFile             *ht_track_get_file              (HtTrack        *self);
/* NULL until the tags have been read. */
const HtTrackInfo *ht_track_get_info              (HtTrack        *self);
/* The title tag, else the file's name: never NULL. */
const char        *ht_track_get_title             (HtTrack        *self);
/* NULL when unknown. */
const char        *ht_track_get_artist            (HtTrack        *self);
const char        *ht_track_get_album             (HtTrack        *self);
int                ht_track_get_year              (HtTrack        *self);
/* "Artist – Title", else the file's name. */
const char        *ht_track_get_display_title     (HtTrack        *self);
double             ht_track_get_duration          (HtTrack        *self);

HtSpectrogram     *ht_track_get_spectrogram       (HtTrack        *self);

HtTrackState       ht_track_get_state             (HtTrack        *self);
/* TRUE while queued or analysing. */
gboolean           ht_track_get_busy              (HtTrack        *self);
/* Fraction of the analysis done, in [0, 1]. */
double             ht_track_get_progress          (HtTrack        *self);
/* Set when :state is HT_TRACK_STATE_FAILED. */
const GError      *ht_track_get_error             (HtTrack        *self);

const char        *ht_track_get_lyrics            (HtTrack        *self);
HtLyricsSource     ht_track_get_lyrics_source     (HtTrack        *self);

/* Lyrics the user pasted or edited: they win over the file's from now on (source
 * HT_LYRICS_SOURCE_USER). Analyse the track again for the lyrics model to see them. NULL
 * forgets them: the next analysis takes the file's lyrics again. */
void               ht_track_set_user_lyrics       (HtTrack        *self,
                                                   const char     *lyrics);

/* NULL until the model has run. */
HtPrediction      *ht_track_get_cnn_prediction    (HtTrack        *self);
HtPrediction      *ht_track_get_lyrics_prediction (HtTrack        *self);

/* The artist's hometown ("Queens, NY", "Toronto, CA") and its region, from the origin table
 * and the user's corrections; NULL and HT_REGION_UNKNOWN when nobody knows. */
const char        *ht_track_get_hometown          (HtTrack        *self);
HtRegion           ht_track_get_hometown_region   (HtTrack        *self);
void               ht_track_set_hometown          (HtTrack        *self,
                                                   const char     *hometown,
                                                   HtRegion        region);
/* Looks the artist up in `table` again (after a correction): the same place and region the
 * analyzer would set. Does nothing while the artist is not known yet (tags not read). */
void               ht_track_refresh_hometown      (HtTrack        *self,
                                                   HtOriginTable  *table);

G_END_DECLS
