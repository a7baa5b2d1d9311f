/* ht-engine-types.h: GTypes for the engine's and the core's plain types (the spectrogram, colour
 * maps, frequency scales, lyrics sources), so they can be GObject properties and GSettings
 * bindings. The enum nicks are the stable ids used in settings and on the command line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ht-lyrics-file.h"
#include "ht-spectrogram.h"
#include "htc-colormap.h"
#include "htc-spectro.h"

G_BEGIN_DECLS

/* HtSpectrogram as a boxed type (ref/unref). */
#define HT_TYPE_SPECTROGRAM (ht_spectrogram_get_type ())
GType ht_spectrogram_get_type (void) G_GNUC_CONST;

/* HtcColormap, nicks "magma", "inferno", "viridis", "cividis", "grey". */
#define HT_TYPE_COLORMAP (ht_colormap_get_type ())
GType ht_colormap_get_type (void) G_GNUC_CONST;

/* HtcFreqScale, nicks "mel", "linear". */
#define HT_TYPE_FREQ_SCALE (ht_freq_scale_get_type ())
GType ht_freq_scale_get_type (void) G_GNUC_CONST;

/* HtLyricsSource, nicks as ht_lyrics_source_to_id(). */
#define HT_TYPE_LYRICS_SOURCE (ht_lyrics_source_get_type ())
GType ht_lyrics_source_get_type (void) G_GNUC_CONST;

G_END_DECLS
