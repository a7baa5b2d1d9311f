/* ht-artist-name.h: the normal form of an artist name, so that the tags people actually have
 * ("JAY-Z", "Jay Z", "A$AP Rocky", "Lil' Kim", "André 3000", "The Notorious B.I.G.") meet the
 * origin table's keys.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rules (the same as the shared corpus's artist_key, so the table's keys are fixed points):
 * Unicode compatibility decomposition with accents dropped ("é" -> "e", "ł" -> "l"), lower case,
 * "&" and "+" -> " and ", "$" -> "s", apostrophes, full stops and "!" dropped ("Lil'" -> "lil",
 * "B.I.G." -> "big"), every other non-letter-or-digit a space, spaces collapsed, a leading "the "
 * dropped. Letters of other scripts are kept (lower-cased).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Names longer than this (bytes) are not names: they normalise to NULL. */
#define HT_ARTIST_NAME_MAX 512

/* The key of `name`, or NULL when it has no letters or digits, is NULL, or is too long. Invalid
 * UTF-8 is repaired first. */
char *ht_artist_name_normalize (const char *name);
/* The key without its spaces ("jay z" -> "jayz"), for tags that run words together. */
char *ht_artist_name_compact   (const char *key);

G_END_DECLS
