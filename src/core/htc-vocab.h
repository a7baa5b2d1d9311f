/* htc-vocab.h: a vocabulary, interning byte strings (terms) to dense ids 0, 1, 2, ...
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Terms are arbitrary byte strings (UTF-8 in practice) of 1 to 65535 bytes. Ids are given in
 * order of first insertion. The vocabulary serialises to a blob (all terms concatenated in id
 * order) plus n + 1 offsets, which is how model files store it; loading from a blob checks
 * every offset and rejects duplicates, so a damaged file cannot give two ids one term.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "htc-status.h"

#define HTC_VOCAB_MAX_TERM_LEN 65535

typedef struct _HtcVocab HtcVocab;

HtcStatus   htc_vocab_new        (size_t          capacity_hint,
                                  HtcVocab      **out);
void        htc_vocab_free       (HtcVocab       *vocab);   /* NULL-safe */
size_t      htc_vocab_size       (const HtcVocab *vocab);
/* Forgets every term (keeps the memory). */
void        htc_vocab_clear      (HtcVocab       *vocab);

/* Interns a term; *id receives its id (new or existing); *added (may be NULL) is set to 1 when
 * the term was new. Empty or over-long terms are HTC_ERROR_INVALID_ARG. */
HtcStatus   htc_vocab_add        (HtcVocab       *vocab,
                                  const char     *term,
                                  size_t          len,
                                  int32_t        *id,
                                  int            *added);
/* The id of a term, or -1. */
int32_t     htc_vocab_lookup     (const HtcVocab *vocab,
                                  const char     *term,
                                  size_t          len);
/* The bytes of term `id` (not NUL-terminated); *len receives its length. NULL if out of range. */
const char *htc_vocab_term       (const HtcVocab *vocab,
                                  int32_t         id,
                                  size_t         *len);

/* Serialisation: blob_size() bytes of terms and size() + 1 offsets, offsets[0] = 0. */
size_t      htc_vocab_blob_size  (const HtcVocab *vocab);
void        htc_vocab_to_blob    (const HtcVocab *vocab,
                                  uint8_t        *blob,
                                  int64_t        *offsets);
/* HTC_ERROR_BAD_MODEL when offsets do not start at 0, decrease, exceed blob_len, give an
 * empty or over-long term, or when a term appears twice. */
HtcStatus   htc_vocab_new_from_blob (const uint8_t  *blob,
                                     size_t          blob_len,
                                     const int64_t  *offsets,
                                     size_t          n_terms,
                                     HtcVocab      **out);
