/* htc-colormap.h: colour maps as pure functions from a level to a colour.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

typedef enum
{
  HTC_COLORMAP_MAGMA = 0,   /* default */
  HTC_COLORMAP_INFERNO,
  HTC_COLORMAP_VIRIDIS,
  HTC_COLORMAP_CIVIDIS,     /* designed to read the same with colour-vision deficiency */
  HTC_COLORMAP_GREY,
  HTC_N_COLORMAPS
} HtcColormap;

/* A stable identifier ("magma", ...) for settings and the CLI; NULL when out of range. */
const char *htc_colormap_to_id   (HtcColormap  cmap);
/* Returns -1 for an unknown id. */
int         htc_colormap_from_id (const char  *id);

/* level in [0, 1] (clamped; NaN counts as 0) -> 8-bit RGB, linearly interpolated between the
 * 256 entries of the table. */
void        htc_colormap_rgb     (HtcColormap  cmap,
                                  float        level,
                                  uint8_t      rgb[3]);

/* One opaque pixel, packed 0xAARRGGBB in a uint32 (Cairo's ARGB32 and GDK's
 * B8G8R8A8_PREMULTIPLIED on little-endian machines). dB is clamped to [db_min, db_max]. */
uint32_t    htc_colormap_pixel_db (HtcColormap cmap,
                                   float       db,
                                   float       db_min,
                                   float       db_max);

/* Paints a band-major dB matrix (values[band * n_frames + frame]) into a width x height
 * image, lowest band at the bottom. Each pixel takes the maximum of the cells it covers
 * (so short events survive downscaling). stride is in bytes. */
void        htc_colormap_paint   (HtcColormap  cmap,
                                  const float *values,
                                  size_t       n_bands,
                                  size_t       n_frames,
                                  float        db_min,
                                  float        db_max,
                                  uint8_t     *pixels,
                                  size_t       width,
                                  size_t       height,
                                  size_t       stride);
