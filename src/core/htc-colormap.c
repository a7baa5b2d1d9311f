/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "htc-colormap.h"
#include "htc-colormap-private.h"

static const char * const colormap_ids[HTC_N_COLORMAPS] = {
  "magma", "inferno", "viridis", "cividis", "grey",
};

const char *
htc_colormap_to_id (HtcColormap cmap)
{
  if ((unsigned) cmap >= HTC_N_COLORMAPS)
    return NULL;
  return colormap_ids[cmap];
}

int
htc_colormap_from_id (const char *id)
{
  if (id == NULL)
    return -1;
  for (int i = 0; i < HTC_N_COLORMAPS; i++)
    if (strcmp (id, colormap_ids[i]) == 0)
      return i;
  if (strcmp (id, "gray") == 0 || strcmp (id, "greyscale") == 0 || strcmp (id, "grayscale") == 0)
    return HTC_COLORMAP_GREY;
  return -1;
}

static const float (*table_for (HtcColormap cmap))[3]
{
  switch (cmap)
    {
    case HTC_COLORMAP_INFERNO: return _htc_colormap_inferno;
    case HTC_COLORMAP_VIRIDIS: return _htc_colormap_viridis;
    case HTC_COLORMAP_CIVIDIS: return _htc_colormap_cividis;
    case HTC_COLORMAP_GREY: return NULL;
    case HTC_COLORMAP_MAGMA:
    default: return _htc_colormap_magma;
    }
}

static uint8_t
to_byte (float v)
{
  return (uint8_t) lrintf (fminf (1.0f, fmaxf (0.0f, v)) * 255.0f);
}

void
htc_colormap_rgb (HtcColormap cmap,
                  float       level,
                  uint8_t     rgb[3])
{
  const float (*table)[3];
  float pos, frac;
  int i;

  if (!(level > 0.0f))       /* also catches NaN */
    level = 0.0f;
  if (level > 1.0f)
    level = 1.0f;

  table = table_for (cmap);
  if (table == NULL)
    {
      rgb[0] = rgb[1] = rgb[2] = to_byte (level);
      return;
    }
  pos = level * 255.0f;
  i = (int) pos;
  if (i >= 255)
    i = 254;
  frac = pos - (float) i;
  for (int c = 0; c < 3; c++)
    rgb[c] = to_byte (table[i][c] + (table[i + 1][c] - table[i][c]) * frac);
}

uint32_t
htc_colormap_pixel_db (HtcColormap cmap,
                       float       db,
                       float       db_min,
                       float       db_max)
{
  uint8_t rgb[3];
  float range = db_max - db_min;
  float level = range > 0.0f ? (db - db_min) / range : 0.0f;

  htc_colormap_rgb (cmap, level, rgb);
  return 0xff000000u | ((uint32_t) rgb[0] << 16) | ((uint32_t) rgb[1] << 8) | rgb[2];
}

void
htc_colormap_paint (HtcColormap  cmap,
                    const float *values,
                    size_t       n_bands,
                    size_t       n_frames,
                    float        db_min,
                    float        db_max,
                    uint8_t     *pixels,
                    size_t       width,
                    size_t       height,
                    size_t       stride)
{
  if (values == NULL || pixels == NULL || width == 0 || height == 0)
    return;
  for (size_t y = 0; y < height; y++)
    {
      uint32_t *row = (uint32_t *) (void *) (pixels + y * stride);
      /* Row 0 is the top of the picture: the highest band. */
      size_t yy = height - 1 - y;
      size_t b0 = yy * n_bands / height;
      size_t b1 = (yy + 1) * n_bands / height;
      if (b1 <= b0)
        b1 = b0 + 1;
      for (size_t x = 0; x < width; x++)
        {
          size_t f0 = x * n_frames / width;
          size_t f1 = (x + 1) * n_frames / width;
          float best = -INFINITY;
          if (f1 <= f0)
            f1 = f0 + 1;
          if (n_bands == 0 || n_frames == 0)
            best = db_min;
          else
            for (size_t b = b0; b < b1 && b < n_bands; b++)
              for (size_t f = f0; f < f1 && f < n_frames; f++)
                if (values[b * n_frames + f] > best)
                  best = values[b * n_frames + f];
          row[x] = htc_colormap_pixel_db (cmap, best, db_min, db_max);
        }
    }
}
