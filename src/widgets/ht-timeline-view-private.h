/* ht-timeline-view-private.h: for tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ht-timeline-view.h"

G_BEGIN_DECLS

/* The horizontal extent of patch `step`'s strip in widget coordinates (unclipped); FALSE when
 * there is no such step or nothing to align with. */
gboolean _ht_timeline_view_get_step_x  (HtTimelineView *self,
                                        guint           step,
                                        double         *x0,
                                        double         *x1);
/* The tooltip text at widget x, NULL when no patch is there. */
char    *_ht_timeline_view_tooltip_at  (HtTimelineView *self,
                                        double          x);
/* How many times the strips were drawn afresh (not reused). */
guint    _ht_timeline_view_get_n_builds (HtTimelineView *self);

G_END_DECLS
