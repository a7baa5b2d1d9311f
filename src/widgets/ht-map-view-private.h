/* ht-map-view-private.h: for tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ht-map-renderer.h"
#include "ht-map-view.h"

G_BEGIN_DECLS

HtMapRenderer *_ht_map_view_get_renderer       (HtMapView *self);
/* How many times the base texture has been drawn. */
guint          _ht_map_view_get_n_base_renders (HtMapView *self);
GdkTexture    *_ht_map_view_get_base           (HtMapView *self);
/* What the tooltip at (x, y) says, or NULL. */
char          *_ht_map_view_tooltip_at         (HtMapView *self,
                                                double     x,
                                                double     y);
/* A primary click at (x, y), as the click gesture delivers it; TRUE when it hit the pin. */
gboolean       _ht_map_view_click              (HtMapView *self,
                                                double     x,
                                                double     y);

G_END_DECLS
