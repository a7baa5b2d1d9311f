/* ht-timeline-view.h: the audio model's answer patch by patch, as a strip of stacked region
 * probabilities drawn in line with an HtSpectrogramView (same time axis, zoom and scroll).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Place it directly above or below the spectrogram view in a vertical box, so that both get the
 * same width and x origin. Hovering a patch shows its numbers; the accessible description holds
 * the same answer in words.
 */
#pragma once

#include <gtk/gtk.h>

#include "ht-prediction.h"
#include "ht-spectrogram-view.h"

G_BEGIN_DECLS

#define HT_TYPE_TIMELINE_VIEW (ht_timeline_view_get_type ())
G_DECLARE_FINAL_TYPE (HtTimelineView, ht_timeline_view, HT, TIMELINE_VIEW, GtkWidget)

GtkWidget         *ht_timeline_view_new                  (void);
HtPrediction      *ht_timeline_view_get_prediction       (HtTimelineView    *self);
void               ht_timeline_view_set_prediction       (HtTimelineView    *self,
                                                          HtPrediction      *prediction);
HtSpectrogramView *ht_timeline_view_get_spectrogram_view (HtTimelineView    *self);
void               ht_timeline_view_set_spectrogram_view (HtTimelineView    *self,
                                                          HtSpectrogramView *view);
/* The timeline in words, for screen readers ("14 patches, 0:30–1:15: South 0:30–0:41, …");
 * NULL without a timeline. */
const char        *ht_timeline_view_get_summary          (HtTimelineView    *self);
/* TRUE when `prediction` has a patch-by-patch timeline to draw. */
gboolean           ht_timeline_view_has_timeline         (HtPrediction      *prediction);

G_END_DECLS
