/* ht-track-page-private.h: for tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ht-prediction-card.h"
#include "ht-spectrogram-view.h"
#include "ht-track-page.h"

G_BEGIN_DECLS

HtSpectrogramView *_ht_track_page_get_spectrogram_view (HtTrackPage *self);
HtPredictionCard  *_ht_track_page_get_cnn_card         (HtTrackPage *self);
HtPredictionCard  *_ht_track_page_get_lyrics_card      (HtTrackPage *self);
HtPredictionCard  *_ht_track_page_get_combined_card    (HtTrackPage *self);

G_END_DECLS
