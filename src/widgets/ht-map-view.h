/* ht-map-view.h: the hometown map as a widget, drawn by HtMapRenderer (ht-map-renderer.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two modes:
 *  - one track (:track): the artist's hometown pin, featured artists' pins from the credits,
 *    states shaded by the combined verdict of the two models (ht_prediction_combine());
 *  - many tracks (ht_map_view_set_tracks()): a pie per artist of the regions their tracks were
 *    predicted as; follows the list and each track as they change.
 * The base map (states, borders) is one GdkTexture, rebuilt only when the size, the scale
 * factor, dark mode or the renderer's base generation change; pins and labels are drawn over it
 * every frame. The tooltip names the place or artist under the pointer. Clicking the hometown
 * pin emits ::hometown-activated (the track page opens its correction popover there).
 * :description says in words what the map shows, for screen readers and as a caption.
 */
#pragma once

#include <gtk/gtk.h>

#include "ht-geo.h"
#include "ht-origin-table.h"
#include "ht-track.h"

G_BEGIN_DECLS

#define HT_TYPE_MAP_VIEW (ht_map_view_get_type ())
G_DECLARE_FINAL_TYPE (HtMapView, ht_map_view, HT, MAP_VIEW, GtkWidget)

GtkWidget     *ht_map_view_new             (void);
/* The geography; when none is set the shipped one is loaded on a worker thread (once per
 * process) the first time a map view is shown. */
void           ht_map_view_set_geo         (HtMapView     *self,
                                            HtGeo         *geo);
/* NULL until the shipped geography has loaded. */
HtGeo         *ht_map_view_get_geo         (HtMapView     *self);
HtOriginTable *ht_map_view_get_origins     (HtMapView     *self);
void           ht_map_view_set_origins     (HtMapView     *self,
                                            HtOriginTable *origins);
HtTrack       *ht_map_view_get_track       (HtMapView     *self);
/* One-track mode; NULL for an empty map. Leaves many-track mode. */
void           ht_map_view_set_track       (HtMapView     *self,
                                            HtTrack       *track);
/* Many-track mode over a GListModel of HtTrack (NULL to leave it): tracks with a verdict from
 * either model are drawn, and the map follows the list and the tracks as they change. */
void           ht_map_view_set_tracks      (HtMapView     *self,
                                            GListModel    *tracks);
/* "Hometown: Queens, NY (East). Predicted: South." and the like; never NULL. */
const char    *ht_map_view_get_description (HtMapView     *self);
/* Where the hometown pin points, in widget coordinates; FALSE when there is none on the map. */
gboolean       ht_map_view_get_hometown_point (HtMapView  *self,
                                               double     *x,
                                               double     *y);
/* At most this tall (0, the default: the height the 3:2 layout asks for the width it gets). */
void           ht_map_view_set_max_height     (HtMapView  *self,
                                               int         height);

G_END_DECLS
