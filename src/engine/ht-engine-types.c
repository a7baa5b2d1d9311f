/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-engine-types"

#include "config.h"

#include "ht-engine-types.h"

G_DEFINE_BOXED_TYPE (HtSpectrogram, ht_spectrogram, ht_spectrogram_ref, ht_spectrogram_unref)

/* The nicks must stay equal to htc_colormap_to_id() and ht_lyrics_source_to_id(): settings
 * store them. tests/engine/test-track.c checks that they do. */
G_DEFINE_ENUM_TYPE (HtcColormap, ht_colormap,
  G_DEFINE_ENUM_VALUE (HTC_COLORMAP_MAGMA, "magma"),
  G_DEFINE_ENUM_VALUE (HTC_COLORMAP_INFERNO, "inferno"),
  G_DEFINE_ENUM_VALUE (HTC_COLORMAP_VIRIDIS, "viridis"),
  G_DEFINE_ENUM_VALUE (HTC_COLORMAP_CIVIDIS, "cividis"),
  G_DEFINE_ENUM_VALUE (HTC_COLORMAP_GREY, "grey"))

G_DEFINE_ENUM_TYPE (HtcFreqScale, ht_freq_scale,
  G_DEFINE_ENUM_VALUE (HTC_SCALE_MEL, "mel"),
  G_DEFINE_ENUM_VALUE (HTC_SCALE_LINEAR, "linear"))

G_DEFINE_ENUM_TYPE (HtLyricsSource, ht_lyrics_source,
  G_DEFINE_ENUM_VALUE (HT_LYRICS_SOURCE_NONE, "none"),
  G_DEFINE_ENUM_VALUE (HT_LYRICS_SOURCE_TAG, "tag"),
  G_DEFINE_ENUM_VALUE (HT_LYRICS_SOURCE_LRC, "lrc"),
  G_DEFINE_ENUM_VALUE (HT_LYRICS_SOURCE_TXT, "txt"),
  G_DEFINE_ENUM_VALUE (HT_LYRICS_SOURCE_USER, "user"),
  G_DEFINE_ENUM_VALUE (HT_LYRICS_SOURCE_FILE, "file"))
