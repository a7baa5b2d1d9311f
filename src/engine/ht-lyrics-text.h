/* ht-lyrics-text.h: lyric text to the one flat form the lyrics model reads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The corpus holds two text forms (see the data README): "full" (original case, punctuation,
 * line breaks, [Verse 1: X] headers) and "flat" (lower case, no punctuation or apostrophes).
 * Both, and anything a user pastes, become the flat form:
 *   - section headers "[...]" on one line are removed (they name performers);
 *   - NFKC, then case folding; accents are stripped (é → e), as the flat form mostly has them;
 *   - apostrophes of every kind (' ‘ ’ ʼ ` ´ ′) are deleted inside and around words, so
 *     don't → dont, y'all → yall, gon' → gon; a contraction split by a space in the flat
 *     source ("don t", "y all", "it s") is joined again;
 *   - Cyrillic and Greek look-alike letters inside Latin words (a watermark in some scraped
 *     texts: "thе" with a Cyrillic е) become their Latin letters;
 *   - letters and digits make words; emoji and other symbols are dropped; everything else
 *     (punctuation, hyphens, line breaks) separates words; words over 64 bytes are dropped;
 *   - the result is the words joined by single spaces.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint    n_words;          /* words in the result */
  guint    n_letters;        /* letters in the input (after header removal), any script */
  guint    n_latin_letters;  /* of which Latin script */
  guint    n_digit_words;    /* result words made only of digits */
  guint    n_symbols;        /* symbols dropped (emoji, ©, $, ...) */
  guint    n_chars;          /* characters in the input after header removal */
  guint    n_headers;        /* section headers removed */
  gboolean instrumental;     /* a header said "instrumental" */
} HtLyricsTextStats;

/* Returns the flat form (never NULL; "" for no words). text need not be valid UTF-8 (invalid
 * bytes become U+FFFD, which separates words). len may be -1 for a NUL-terminated text.
 * stats may be NULL. */
char *ht_lyrics_text_normalize (const char        *text,
                                gssize             len,
                                HtLyricsTextStats *stats);

/* Share of the words of a flat text that are common English function words ("the", "you",
 * "my", "dont", "aint", ...): about 0.3 to 0.6 for English lyrics, under 0.05 for Turkish or
 * Spanish ones. 0 for no words. */
double ht_lyrics_text_english_share (const char *flat);

G_END_DECLS
