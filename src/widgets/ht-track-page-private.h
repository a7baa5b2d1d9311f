/* ht-track-page-private.h: for tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ht-hometown-popover.h"
#include "ht-map-view.h"
#include "ht-prediction-card.h"
#include "ht-spectrogram-view.h"
#include "ht-track-page.h"

G_BEGIN_DECLS

HtSpectrogramView *_ht_track_page_get_spectrogram_view (HtTrackPage *self);
HtPredictionCard  *_ht_track_page_get_cnn_card         (HtTrackPage *self);
HtPredictionCard  *_ht_track_page_get_lyrics_card      (HtTrackPage *self);
HtMapView         *_ht_track_page_get_map_view         (HtTrackPage *self);
HtHometownPopover *_ht_track_page_get_map_popover      (HtTrackPage *self);
HtHometownPopover *_ht_track_page_get_button_popover   (HtTrackPage *self);
GtkMenuButton     *_ht_track_page_get_correct_button   (HtTrackPage *self);
GtkLabel          *_ht_track_page_get_correction_label (HtTrackPage *self);

G_END_DECLS
