/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdlib.h>
#include <string.h>

#include "htc-vocab.h"

/* Open addressing with linear probing over a power-of-two table of ids (-1 = empty), kept at
 * most half full. Terms live back to back in one arena; offsets[id] .. offsets[id + 1]. */
struct _HtcVocab
{
  char     *arena;
  size_t    arena_len;
  size_t    arena_cap;
  int64_t  *offsets;     /* n + 1 */
  uint32_t *hashes;      /* n */
  size_t    n;
  size_t    cap;         /* capacity of offsets/hashes */
  int32_t  *table;
  size_t    table_mask;
};

static uint32_t
hash_bytes (const char *s,
            size_t      len)
{
  /* FNV-1a, 64-bit, folded: fast on short terms and good enough for linear probing. */
  uint64_t h = 0xcbf29ce484222325ull;

  for (size_t i = 0; i < len; i++)
    {
      h ^= (uint8_t) s[i];
      h *= 0x100000001b3ull;
    }
  return (uint32_t) (h ^ (h >> 32));
}

static int
rehash (HtcVocab *self,
        size_t    table_size)
{
  int32_t *table = malloc (table_size * sizeof (int32_t));

  if (table == NULL)
    return 0;
  memset (table, 0xff, table_size * sizeof (int32_t));
  for (size_t id = 0; id < self->n; id++)
    {
      size_t slot = self->hashes[id] & (table_size - 1);
      while (table[slot] >= 0)
        slot = (slot + 1) & (table_size - 1);
      table[slot] = (int32_t) id;
    }
  free (self->table);
  self->table = table;
  self->table_mask = table_size - 1;
  return 1;
}

HtcStatus
htc_vocab_new (size_t     capacity_hint,
               HtcVocab **out)
{
  HtcVocab *self;
  size_t table_size = 64;

  if (out == NULL)
    return HTC_ERROR_INVALID_ARG;
  *out = NULL;
  if (capacity_hint > INT32_MAX / 2)
    return HTC_ERROR_INVALID_ARG;
  if (capacity_hint < 16)
    capacity_hint = 16;
  while (table_size < capacity_hint * 2)
    table_size *= 2;

  self = calloc (1, sizeof *self);
  if (self == NULL)
    return HTC_ERROR_NOMEM;
  self->cap = capacity_hint;
  self->arena_cap = capacity_hint * 8;
  self->arena = malloc (self->arena_cap);
  self->offsets = malloc ((self->cap + 1) * sizeof (int64_t));
  self->hashes = malloc (self->cap * sizeof (uint32_t));
  if (self->arena == NULL || self->offsets == NULL || self->hashes == NULL
      || !rehash (self, table_size))
    {
      htc_vocab_free (self);
      return HTC_ERROR_NOMEM;
    }
  self->offsets[0] = 0;
  *out = self;
  return HTC_OK;
}

void
htc_vocab_free (HtcVocab *vocab)
{
  if (vocab == NULL)
    return;
  free (vocab->arena);
  free (vocab->offsets);
  free (vocab->hashes);
  free (vocab->table);
  free (vocab);
}

size_t
htc_vocab_size (const HtcVocab *vocab)
{
  return vocab ? vocab->n : 0;
}

void
htc_vocab_clear (HtcVocab *vocab)
{
  if (vocab == NULL || vocab->n == 0)
    return;
  memset (vocab->table, 0xff, (vocab->table_mask + 1) * sizeof (int32_t));
  vocab->n = 0;
  vocab->arena_len = 0;
}

static int32_t
find (const HtcVocab *self,
      const char     *term,
      size_t          len,
      uint32_t        h,
      size_t         *slot_out)
{
  size_t slot = h & self->table_mask;

  for (;;)
    {
      int32_t id = self->table[slot];
      if (id < 0)
        {
          *slot_out = slot;
          return -1;
        }
      if (self->hashes[id] == h && (size_t) (self->offsets[id + 1] - self->offsets[id]) == len
          && memcmp (self->arena + self->offsets[id], term, len) == 0)
        {
          *slot_out = slot;
          return id;
        }
      slot = (slot + 1) & self->table_mask;
    }
}

int32_t
htc_vocab_lookup (const HtcVocab *vocab,
                  const char     *term,
                  size_t          len)
{
  size_t slot;

  if (vocab == NULL || term == NULL || len == 0 || len > HTC_VOCAB_MAX_TERM_LEN)
    return -1;
  return find (vocab, term, len, hash_bytes (term, len), &slot);
}

HtcStatus
htc_vocab_add (HtcVocab   *vocab,
               const char *term,
               size_t      len,
               int32_t    *id,
               int        *added)
{
  uint32_t h;
  size_t slot;
  int32_t found;

  if (added)
    *added = 0;
  if (vocab == NULL || term == NULL || id == NULL || len == 0 || len > HTC_VOCAB_MAX_TERM_LEN)
    return HTC_ERROR_INVALID_ARG;
  h = hash_bytes (term, len);
  found = find (vocab, term, len, h, &slot);
  if (found >= 0)
    {
      *id = found;
      return HTC_OK;
    }
  if (vocab->n >= (size_t) INT32_MAX - 1)
    return HTC_ERROR_NOMEM;

  if (vocab->n == vocab->cap)
    {
      size_t cap = vocab->cap * 2;
      int64_t *offsets = realloc (vocab->offsets, (cap + 1) * sizeof (int64_t));
      uint32_t *hashes;
      if (offsets == NULL)
        return HTC_ERROR_NOMEM;
      vocab->offsets = offsets;
      hashes = realloc (vocab->hashes, cap * sizeof (uint32_t));
      if (hashes == NULL)
        return HTC_ERROR_NOMEM;
      vocab->hashes = hashes;
      vocab->cap = cap;
    }
  if (vocab->arena_len + len > vocab->arena_cap)
    {
      size_t cap = vocab->arena_cap * 2;
      char *arena;
      while (cap < vocab->arena_len + len)
        cap *= 2;
      arena = realloc (vocab->arena, cap);
      if (arena == NULL)
        return HTC_ERROR_NOMEM;
      vocab->arena = arena;
      vocab->arena_cap = cap;
    }

  memcpy (vocab->arena + vocab->arena_len, term, len);
  vocab->arena_len += len;
  vocab->hashes[vocab->n] = h;
  vocab->offsets[vocab->n + 1] = (int64_t) vocab->arena_len;
  vocab->table[slot] = (int32_t) vocab->n;
  *id = (int32_t) vocab->n;
  vocab->n++;
  if (added)
    *added = 1;

  if (vocab->n * 2 > vocab->table_mask + 1 && !rehash (vocab, (vocab->table_mask + 1) * 2))
    {
      /* The term is stored; only the table could not grow. Undo, so state stays consistent. */
      vocab->n--;
      vocab->arena_len -= len;
      vocab->table[slot] = -1;
      if (added)
        *added = 0;
      return HTC_ERROR_NOMEM;
    }
  return HTC_OK;
}

const char *
htc_vocab_term (const HtcVocab *vocab,
                int32_t         id,
                size_t         *len)
{
  if (vocab == NULL || id < 0 || (size_t) id >= vocab->n)
    {
      if (len)
        *len = 0;
      return NULL;
    }
  if (len)
    *len = (size_t) (vocab->offsets[id + 1] - vocab->offsets[id]);
  return vocab->arena + vocab->offsets[id];
}

size_t
htc_vocab_blob_size (const HtcVocab *vocab)
{
  return vocab ? vocab->arena_len : 0;
}

void
htc_vocab_to_blob (const HtcVocab *vocab,
                   uint8_t        *blob,
                   int64_t        *offsets)
{
  if (vocab == NULL)
    return;
  if (blob && vocab->arena_len)
    memcpy (blob, vocab->arena, vocab->arena_len);
  if (offsets)
    memcpy (offsets, vocab->offsets, (vocab->n + 1) * sizeof (int64_t));
}

HtcStatus
htc_vocab_new_from_blob (const uint8_t  *blob,
                         size_t          blob_len,
                         const int64_t  *offsets,
                         size_t          n_terms,
                         HtcVocab      **out)
{
  HtcVocab *self = NULL;
  HtcStatus status;

  if (out == NULL)
    return HTC_ERROR_INVALID_ARG;
  *out = NULL;
  if (offsets == NULL || (blob == NULL && blob_len > 0) || n_terms > INT32_MAX / 2)
    return HTC_ERROR_INVALID_ARG;
  if (offsets[0] != 0 || offsets[n_terms] != (int64_t) blob_len)
    return HTC_ERROR_BAD_MODEL;
  /* Compare before subtracting: a damaged file may hold any 64-bit value, and offsets[i] is
   * only known to lie in [0, blob_len] once offsets[i - 1] < offsets[i] <= blob_len held. */
  for (size_t i = 0; i < n_terms; i++)
    {
      if (offsets[i + 1] <= offsets[i] || offsets[i + 1] > (int64_t) blob_len
          || offsets[i + 1] - offsets[i] > HTC_VOCAB_MAX_TERM_LEN)
        return HTC_ERROR_BAD_MODEL;
    }

  status = htc_vocab_new (n_terms, &self);
  if (status != HTC_OK)
    return status;
  for (size_t i = 0; i < n_terms; i++)
    {
      int32_t id;
      int added;
      status = htc_vocab_add (self, (const char *) blob + offsets[i],
                              (size_t) (offsets[i + 1] - offsets[i]), &id, &added);
      if (status == HTC_OK && !added)
        status = HTC_ERROR_BAD_MODEL;     /* duplicate term */
      if (status != HTC_OK)
        {
          htc_vocab_free (self);
          return status;
        }
    }
  *out = self;
  return HTC_OK;
}
