/* ht-spectrogram-view-private.h: for tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ht-spectrogram-view.h"

G_BEGIN_DECLS

/* The current picture: NULL until one is built for the current spectrogram, colour map and
 * range (built off the main thread when a frame first needs it); and how many were built. */
GdkTexture *_ht_spectrogram_view_get_texture  (HtSpectrogramView *self);
guint       _ht_spectrogram_view_get_n_builds (HtSpectrogramView *self);
/* TRUE when the picture on screen is the one for the current data, settings and size, and no
 * build is in flight: the view has settled. */
gboolean    _ht_spectrogram_view_is_settled   (HtSpectrogramView *self);
/* Moves the read-out to widget coordinates (x, y), as the pointer would. */
void        _ht_spectrogram_view_point_at     (HtSpectrogramView *self,
                                               double             x,
                                               double             y);
/* A primary click at widget coordinates (x, y), as the pointer would. */
void        _ht_spectrogram_view_click_at     (HtSpectrogramView *self,
                                               double             x,
                                               double             y);
/* The plot's rectangle inside the widget. */
void        _ht_spectrogram_view_get_plot     (HtSpectrogramView *self,
                                               graphene_rect_t   *plot);

G_END_DECLS
