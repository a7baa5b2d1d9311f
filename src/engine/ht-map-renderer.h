/* ht-map-renderer.h: the hometown map, drawn off-screen with Cairo and Pango. One renderer for
 * the CLI's PNGs and the app's map widget.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two modes, chosen by what is set:
 *  - one track: states tinted by region colour, the predicted probability of their region as
 *    intensity; a pin at the artist's hometown, smaller pins for featured artists, a curved
 *    arrow from the hometown to the predicted region; a legend with the probabilities;
 *    artists from outside the US (or with no known hometown) in a note in the top-right corner;
 *  - many tracks (add_track): each artist's hometown a pie of the regions its tracks were
 *    predicted as, outlined thickly when most of them were predicted outside the artist's home
 *    region; the legend counts tracks per (home region, predicted region) pair.
 *
 * Layers, for a widget that caches (STYLE 3.5): render_base() draws what changes only with the
 * data and the size (background, Canada and Mexico, tinted states, region borders, inset
 * frames); render_overlay() draws pins, arrow, labels, legend and notes. The base depends on
 * (width, height, base generation): get_base_generation() changes only when what the base shows
 * (dark, mode, the regions' tints) differs from when it was last asked for or drawn, so a widget
 * rebuilds its cached texture only then, not when the artist or pins change. Layout depends only on the
 * size, so the two layers always line up, and hit_test() agrees with what was drawn.
 *
 * Renderers are not thread-safe; use one per thread (they are cheap: the geometry is shared
 * through HtGeo).
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "ht-geo.h"
#include "ht-origin-table.h"

G_BEGIN_DECLS

#define HT_TYPE_MAP_RENDERER (ht_map_renderer_get_type ())
G_DECLARE_FINAL_TYPE (HtMapRenderer, ht_map_renderer, HT, MAP_RENDERER, GObject)

typedef enum
{
  HT_MAP_HIT_NONE,
  HT_MAP_HIT_STATE,       /* a state, nothing drawn over it there */
  HT_MAP_HIT_HOMETOWN,    /* the single-track artist's pin */
  HT_MAP_HIT_FEATURED,    /* a featured artist's pin; index into the featured list */
  HT_MAP_HIT_ARTIST,      /* a many-track artist's pie; index into the artists */
} HtMapHitKind;

typedef struct
{
  HtMapHitKind      kind;
  guint             index;
  const char       *name;    /* artist name, or the state's name; owned by the renderer/geo */
  const HtGeoShape *state;   /* the state under the point, if any (also for pins) */
} HtMapHit;

HtMapRenderer *ht_map_renderer_new                 (HtGeo          *geo);

/* Dark background and light ink (the app follows the style manager). Base changes. */
void           ht_map_renderer_set_dark            (HtMapRenderer  *self,
                                                    gboolean        dark);
/* A heading drawn top-left ("OutKast — Rosa Parks"); NULL for none. */
void           ht_map_renderer_set_title           (HtMapRenderer  *self,
                                                    const char     *title);

/* One track. `origin` NULL means the hometown is unknown. Clears many-track data. */
void           ht_map_renderer_set_artist          (HtMapRenderer  *self,
                                                    const char     *name,
                                                    const HtOrigin *origin);
void           ht_map_renderer_add_featured        (HtMapRenderer  *self,
                                                    const char     *name,
                                                    const HtOrigin *origin);
/* Probabilities for East, West, South, Midwest (the HtRegion order), or NULL for none. They
 * are normalised to sum to 1; non-finite or negative values count as 0. */
void           ht_map_renderer_set_prediction      (HtMapRenderer  *self,
                                                    const double   *probabilities);

/* Many tracks: one call per track. `origin` may be NULL; `probabilities` as above (required). */
void           ht_map_renderer_add_track           (HtMapRenderer  *self,
                                                    const char     *artist,
                                                    const char     *title,
                                                    const HtOrigin *origin,
                                                    const double   *probabilities);
guint          ht_map_renderer_get_n_tracks        (HtMapRenderer  *self);
/* Forgets artist, featured artists, prediction, tracks and title. */
void           ht_map_renderer_clear               (HtMapRenderer  *self);

guint          ht_map_renderer_get_base_generation (HtMapRenderer  *self);
void           ht_map_renderer_render_base         (HtMapRenderer  *self,
                                                    cairo_t        *cr,
                                                    int             width,
                                                    int             height);
void           ht_map_renderer_render_overlay      (HtMapRenderer  *self,
                                                    cairo_t        *cr,
                                                    int             width,
                                                    int             height);
/* Both layers. */
void           ht_map_renderer_render              (HtMapRenderer  *self,
                                                    cairo_t        *cr,
                                                    int             width,
                                                    int             height);
/* Sizes 16 to 8192 pixels a side. */
gboolean       ht_map_renderer_save_png            (HtMapRenderer  *self,
                                                    const char     *path,
                                                    int             width,
                                                    int             height,
                                                    GError        **error);

/* What is under (x, y) on a width x height rendering: pins first, then states. */
gboolean       ht_map_renderer_hit_test            (HtMapRenderer  *self,
                                                    int             width,
                                                    int             height,
                                                    double          x,
                                                    double          y,
                                                    HtMapHit       *hit);
/* Where a place lands on a width x height rendering; FALSE when it is off the map. */
gboolean       ht_map_renderer_project             (HtMapRenderer  *self,
                                                    int             width,
                                                    int             height,
                                                    double          lat,
                                                    double          lon,
                                                    double         *x,
                                                    double         *y);

/* Where the one-track artist's pin points (its tip) on a width x height rendering; FALSE when
 * there is no artist or the hometown is unknown or off the map. */
gboolean       ht_map_renderer_get_artist_point    (HtMapRenderer  *self,
                                                    int             width,
                                                    int             height,
                                                    double         *x,
                                                    double         *y);

G_END_DECLS
