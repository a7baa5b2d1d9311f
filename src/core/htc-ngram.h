/* htc-ngram.h: word and character n-grams of normalised text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input is text already normalised by the caller (the engine's ht-lyrics-text): UTF-8 words of
 * letters and digits separated by ASCII spaces. Terms are byte strings:
 *   word n-grams       the words joined by one space: "yall", "on god"
 *   character n-grams  '#' then n code points of the word padded with '<' and '>' at its
 *                      boundaries: "yall" gives "#<y", "#ya", ..., "#ll>", "#<ya", ...
 * The character n-grams follow scikit-learn's analyzer='char_wb' exactly (with '<'/'>' in place
 * of its padding spaces): for each n, a padded word shorter than or as long as n yields itself
 * once and stops the longer sizes. So the same features can be built there for comparison.
 */
#pragma once

#include <stddef.h>

#include "htc-status.h"

#define HTC_NGRAM_MAX_WORD_N 3
#define HTC_NGRAM_MAX_CHAR_N 8
/* Longest word (bytes) whose character n-grams are taken; longer tokens are noise. */
#define HTC_NGRAM_MAX_WORD_BYTES 64

typedef struct
{
  unsigned word_min;   /* 1 ..= word_max, or both 0 for no word n-grams */
  unsigned word_max;   /* ..= HTC_NGRAM_MAX_WORD_N */
  unsigned char_min;   /* 1 ..= char_max, or both 0 for no character n-grams */
  unsigned char_max;   /* ..= HTC_NGRAM_MAX_CHAR_N */
} HtcNgramParams;

typedef enum
{
  HTC_NGRAM_WORD = 0,
  HTC_NGRAM_CHAR = 1,
} HtcNgramKind;

/* `n` is the n-gram order (words or code points). term is not NUL-terminated. */
typedef void (*HtcNgramEmit) (void         *ctx,
                              const char   *term,
                              size_t        len,
                              HtcNgramKind  kind,
                              unsigned      n);

HtcStatus    htc_ngram_params_check (const HtcNgramParams *params);

/* Emits every word n-gram occurrence, in text order. */
HtcStatus    htc_ngram_words        (const HtcNgramParams *params,
                                     const char           *text,
                                     size_t                len,
                                     HtcNgramEmit          emit,
                                     void                 *ctx);
/* Emits the character n-grams of one word (no spaces in it), with repeats. Words over
 * HTC_NGRAM_MAX_WORD_BYTES emit nothing. */
HtcStatus    htc_ngram_chars        (const HtcNgramParams *params,
                                     const char           *word,
                                     size_t                len,
                                     HtcNgramEmit          emit,
                                     void                 *ctx);
/* Kind of a term by its spelling. */
HtcNgramKind htc_ngram_term_kind    (const char           *term,
                                     size_t                len);
