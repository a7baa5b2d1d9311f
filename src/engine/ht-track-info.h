/* ht-track-info.h: what a track says about itself — tags, embedded or sidecar lyrics, and
 * stream facts — read without decoding the audio.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ht-lyrics-file.h"

G_BEGIN_DECLS

typedef struct
{
  char          *path;           /* display path */
  char          *artist;
  char          *album_artist;
  char          *title;
  char          *album;
  int            year;           /* 0 when unknown */
  char          *lyrics;         /* NULL when none was found */
  HtLyricsSource lyrics_source;
  char          *lyrics_path;    /* the sidecar file, when the lyrics came from one */
  double         duration;       /* seconds; 0 when unknown */
  guint          sample_rate;
  guint          channels;
  char          *codec;
  char          *container;
  guint          bitrate;        /* bits/s, 0 when unknown */
} HtTrackInfo;

/* Blocking (bounded by a 15-s timeout): call it from a worker thread. A sidecar that exists but
 * is unusable is not an error for the track: it is reported through `lyrics_warning`. */
HtTrackInfo *ht_track_info_read  (GFile         *file,
                                  GError       **lyrics_warning,
                                  GCancellable  *cancellable,
                                  GError       **error);
void         ht_track_info_free  (HtTrackInfo   *info);
/* "Artist – Title", or the file's name when the tags say nothing. */
char        *ht_track_info_dup_display_title (const HtTrackInfo *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtTrackInfo, ht_track_info_free)

G_END_DECLS
