/* ht-track-page-private.h: for tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ht-hometown-popover.h"
#include "ht-map-view.h"
#include "ht-prediction-card.h"
#include "ht-spectrogram-view.h"
#include "ht-timeline-view.h"
#include "ht-track-page.h"

G_BEGIN_DECLS

HtSpectrogramView *_ht_track_page_get_spectrogram_view (HtTrackPage *self);
HtPredictionCard  *_ht_track_page_get_cnn_card         (HtTrackPage *self);
HtPredictionCard  *_ht_track_page_get_lyrics_card      (HtTrackPage *self);
HtTimelineView    *_ht_track_page_get_timeline_view    (HtTrackPage *self);

/* The size of an exported picture (the CLI's default). */
#define HT_TRACK_PAGE_EXPORT_WIDTH  1200
#define HT_TRACK_PAGE_EXPORT_HEIGHT 480

/* "<Artist> - <Title>.png", the name the save dialog proposes. */
char              *_ht_track_page_export_name          (HtTrackPage         *self);
/* What the save dialog's answer starts: the current track's figure, in the page's colour map
 * and range, written atomically in a worker thread. */
void               _ht_track_page_export_async         (HtTrackPage         *self,
                                                        GFile               *file,
                                                        int                  width,
                                                        int                  height,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean           _ht_track_page_export_finish        (HtTrackPage         *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

HtPredictionCard  *_ht_track_page_get_combined_card    (HtTrackPage *self);

HtMapView         *_ht_track_page_get_map_view         (HtTrackPage *self);
HtHometownPopover *_ht_track_page_get_map_popover      (HtTrackPage *self);
HtHometownPopover *_ht_track_page_get_button_popover   (HtTrackPage *self);
GtkMenuButton     *_ht_track_page_get_correct_button   (HtTrackPage *self);
GtkLabel          *_ht_track_page_get_correction_label (HtTrackPage *self);

G_END_DECLS
