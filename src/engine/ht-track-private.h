/* ht-track-private.h: the setters HtAnalyzer (and tests) use; main thread only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ht-track.h"

G_BEGIN_DECLS

void _ht_track_set_state             (HtTrack        *self,
                                      HtTrackState    state);
void _ht_track_set_progress          (HtTrack        *self,
                                      double          progress);
/* Takes ownership of `error` (may be NULL). */
void _ht_track_take_error            (HtTrack        *self,
                                      GError         *error);
/* Takes ownership of `info`; updates title, artist, album, year, duration and lyrics. */
void _ht_track_take_info             (HtTrack        *self,
                                      HtTrackInfo    *info);
void _ht_track_set_spectrogram       (HtTrack        *self,
                                      HtSpectrogram  *spectrogram);
void _ht_track_set_lyrics            (HtTrack        *self,
                                      const char     *lyrics,
                                      HtLyricsSource  source);
void _ht_track_set_cnn_prediction    (HtTrack        *self,
                                      HtPrediction   *prediction);
void _ht_track_set_lyrics_prediction (HtTrack        *self,
                                      HtPrediction   *prediction);

G_END_DECLS
