/* ht-lyrics-places.h: the candidate place names of the lyrics model, from the origin table.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every US artist of the shipped origin table names two candidates: their city ("Kansas City")
 * and their state ("Missouri"), both in the lyrics' flat form ("kansas city", "st louis",
 * with a "saint louis" twin). Each candidate remembers whose hometown it is, so that
 * cross-validation can leave out the test fold's own artists (htc_places_vote). The known
 * hometown of a track's artist is never looked up at prediction time: the model carries the
 * names it kept and finds them in the words.
 */
#pragma once

#include <glib.h>

#include "ht-origin-table.h"

G_BEGIN_DECLS

typedef struct
{
  char  *phrase;       /* flat form, at least 3 bytes */
  char  *artist_key;   /* the origin row's key: the corpus's artist_key spelling */
  guint8 region;       /* 0 .. 3: East, West, South, Midwest */
} HtLyricsPlaceSource;

/* An empty array of HtLyricsPlaceSource whose strings are freed with it. */
GArray *ht_lyrics_place_sources_new          (void);

/* An array of HtLyricsPlaceSource (freed with the array), in table order. */
GArray *ht_lyrics_place_sources_from_origins (HtOriginTable *table);

/* The same from one origin's fields (for tests and for the table): appends 0 to 3 sources. */
void    ht_lyrics_place_sources_add          (GArray        *sources,
                                              const char    *artist_key,
                                              const char    *city,
                                              const char    *state,
                                              guint8         region);

G_END_DECLS
