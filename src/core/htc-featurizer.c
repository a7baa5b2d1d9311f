/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "htc-featurizer.h"

struct _HtcFeaturizer
{
  HtcNgramParams ngram;
  HtcVocab      *vocab;
  size_t         block_starts[HTC_FEATURIZER_N_BLOCKS + 1];
};

unsigned
htc_featurizer_term_block (const char *term,
                           size_t      len)
{
  if (htc_ngram_term_kind (term, len) == HTC_NGRAM_CHAR)
    return 2;
  return memchr (term, ' ', len) ? 1 : 0;
}

/* ---- growable arrays and an id -> count accumulator ---- */

typedef struct
{
  uint32_t *v;
  size_t    n, cap;
} U32Array;

static int
u32_reserve (U32Array *a,
             size_t    n)
{
  if (n > a->cap)
    {
      size_t cap = a->cap ? a->cap : 1024;
      uint32_t *v;
      while (cap < n)
        cap *= 2;
      v = realloc (a->v, cap * sizeof (uint32_t));
      if (v == NULL)
        return 0;
      memset (v + a->cap, 0, (cap - a->cap) * sizeof (uint32_t));
      a->v = v;
      a->cap = cap;
    }
  return 1;
}

static int
u32_push (U32Array *a,
          uint32_t  x)
{
  if (!u32_reserve (a, a->n + 1))
    return 0;
  a->v[a->n++] = x;
  return 1;
}

typedef struct
{
  int32_t *keys;     /* -1 = empty */
  float   *vals;
  int32_t *used;     /* slots in use, in insertion order */
  size_t   n, mask;
} Acc;

static int
acc_init (Acc   *a,
          size_t cap)
{
  memset (a, 0, sizeof *a);
  a->keys = malloc (cap * sizeof (int32_t));
  a->vals = malloc (cap * sizeof (float));
  a->used = malloc (cap * sizeof (int32_t));
  if (a->keys == NULL || a->vals == NULL || a->used == NULL)
    return 0;
  memset (a->keys, 0xff, cap * sizeof (int32_t));
  a->mask = cap - 1;
  return 1;
}

static void
acc_destroy (Acc *a)
{
  free (a->keys);
  free (a->vals);
  free (a->used);
}

static void
acc_clear (Acc *a)
{
  for (size_t i = 0; i < a->n; i++)
    a->keys[a->used[i]] = -1;
  a->n = 0;
}

static int acc_add (Acc *a, int32_t key, float v);

static int
acc_grow (Acc *a)
{
  Acc b;
  if (!acc_init (&b, (a->mask + 1) * 2))
    {
      acc_destroy (&b);
      return 0;
    }
  for (size_t i = 0; i < a->n; i++)
    acc_add (&b, a->keys[a->used[i]], a->vals[a->used[i]]);
  acc_destroy (a);
  *a = b;
  return 1;
}

static int
acc_add (Acc    *a,
         int32_t key,
         float   v)
{
  size_t slot = ((uint32_t) key * 2654435761u) & a->mask;

  while (a->keys[slot] >= 0)
    {
      if (a->keys[slot] == key)
        {
          a->vals[slot] += v;
          return 1;
        }
      slot = (slot + 1) & a->mask;
    }
  a->keys[slot] = key;
  a->vals[slot] = v;
  a->used[a->n++] = (int32_t) slot;
  if (a->n * 2 > a->mask + 1)
    return acc_grow (a);
  return 1;
}

typedef struct
{
  int32_t id;
  float   val;
} Entry;

static int
cmp_entry (const void *a,
           const void *b)
{
  int32_t x = ((const Entry *) a)->id, y = ((const Entry *) b)->id;
  return (x > y) - (x < y);
}

/* The accumulator's content sorted by id, into *entries (grown as needed). */
static int
acc_sorted (const Acc *a,
            Entry    **entries,
            size_t    *cap)
{
  if (a->n > *cap)
    {
      Entry *e = realloc (*entries, a->n * sizeof (Entry));
      if (e == NULL)
        return 0;
      *entries = e;
      *cap = a->n;
    }
  for (size_t i = 0; i < a->n; i++)
    {
      (*entries)[i].id = a->keys[a->used[i]];
      (*entries)[i].val = a->vals[a->used[i]];
    }
  if (a->n > 1)
    qsort (*entries, a->n, sizeof (Entry), cmp_entry);
  return 1;
}

/* ---- counting one document ---- */

/* Per-thread state: a cache of each word type's in-vocabulary character n-gram ids, so common
 * words are expanded once per corpus rather than once per occurrence. */
typedef struct
{
  const HtcFeaturizer *f;
  Acc                  acc;
  HtcVocab            *doc_words;     /* unique words of the current document */
  U32Array             doc_counts;    /* occurrences, by doc_words id */
  HtcVocab            *cache_words;   /* NULL: no cache */
  U32Array             cache_start;   /* by cache_words id: start in cache_ids; n + 1 entries */
  U32Array             cache_ids;
  U32Array             scratch;
  size_t               n_words, n_known;
  HtcStatus            status;
} Counter;

static void
counter_destroy (Counter *c)
{
  acc_destroy (&c->acc);
  htc_vocab_free (c->doc_words);
  htc_vocab_free (c->cache_words);
  free (c->doc_counts.v);
  free (c->cache_start.v);
  free (c->cache_ids.v);
  free (c->scratch.v);
}

static HtcStatus
counter_init (Counter             *c,
              const HtcFeaturizer *f,
              int                  with_cache)
{
  HtcStatus status;

  memset (c, 0, sizeof *c);
  c->f = f;
  if (!acc_init (&c->acc, 1024))
    return HTC_ERROR_NOMEM;
  if ((status = htc_vocab_new (512, &c->doc_words)) != HTC_OK)
    return status;
  if (with_cache)
    {
      if ((status = htc_vocab_new (1 << 16, &c->cache_words)) != HTC_OK)
        return status;
      if (!u32_push (&c->cache_start, 0))
        return HTC_ERROR_NOMEM;
    }
  return HTC_OK;
}

static void
on_word_ngram (void        *ctx,
               const char  *term,
               size_t       len,
               HtcNgramKind kind,
               unsigned     n)
{
  Counter *c = ctx;
  int32_t id = htc_vocab_lookup (c->f->vocab, term, len);

  if (c->status != HTC_OK)
    return;
  if (id >= 0 && !acc_add (&c->acc, id, 1.0f))
    c->status = HTC_ERROR_NOMEM;
  if (n == 1)
    {
      int32_t wid;
      HtcStatus s;
      c->n_words++;
      if (id >= 0)
        c->n_known++;
      if (c->f->ngram.char_max == 0)
        return;
      s = htc_vocab_add (c->doc_words, term, len, &wid, NULL);
      if (s == HTC_OK && !u32_reserve (&c->doc_counts, (size_t) wid + 1))
        s = HTC_ERROR_NOMEM;
      if (s != HTC_OK)
        {
          c->status = s;
          return;
        }
      if ((size_t) wid >= c->doc_counts.n)
        {
          c->doc_counts.n = (size_t) wid + 1;
          c->doc_counts.v[wid] = 0;
        }
      c->doc_counts.v[wid]++;
    }
}

static void
on_char_ngram (void        *ctx,
               const char  *term,
               size_t       len,
               HtcNgramKind kind,
               unsigned     n)
{
  Counter *c = ctx;
  int32_t id = htc_vocab_lookup (c->f->vocab, term, len);

  if (id >= 0 && !u32_push (&c->scratch, (uint32_t) id))
    c->status = HTC_ERROR_NOMEM;
}

/* In-vocabulary character n-gram ids of a word (with repeats): a slice of cache_ids, or of
 * scratch when there is no cache. */
static HtcStatus
word_char_ids (Counter        *c,
               const char     *word,
               size_t          len,
               const uint32_t **ids,
               size_t          *n_ids)
{
  int32_t wid;
  int added;
  HtcStatus s;

  if (c->cache_words == NULL)
    {
      c->scratch.n = 0;
      htc_ngram_chars (&c->f->ngram, word, len, on_char_ngram, c);
      *ids = c->scratch.v;
      *n_ids = c->scratch.n;
      return c->status;
    }
  if ((s = htc_vocab_add (c->cache_words, word, len, &wid, &added)) != HTC_OK)
    return s;
  if (added)
    {
      c->scratch.n = 0;
      htc_ngram_chars (&c->f->ngram, word, len, on_char_ngram, c);
      if (c->status != HTC_OK)
        return c->status;
      for (size_t i = 0; i < c->scratch.n; i++)
        if (!u32_push (&c->cache_ids, c->scratch.v[i]))
          return HTC_ERROR_NOMEM;
      if (!u32_push (&c->cache_start, (uint32_t) c->cache_ids.n))
        return HTC_ERROR_NOMEM;
    }
  *ids = c->cache_ids.v + c->cache_start.v[wid];
  *n_ids = c->cache_start.v[wid + 1] - c->cache_start.v[wid];
  return HTC_OK;
}

static HtcStatus
counter_run (Counter    *c,
             const char *text,
             size_t      len)
{
  HtcStatus s;

  acc_clear (&c->acc);
  htc_vocab_clear (c->doc_words);
  c->doc_counts.n = 0;
  c->n_words = c->n_known = 0;
  c->status = HTC_OK;

  if ((s = htc_ngram_words (&c->f->ngram, text, len, on_word_ngram, c)) != HTC_OK)
    return s;
  if (c->status != HTC_OK)
    return c->status;
  for (size_t w = 0; w < htc_vocab_size (c->doc_words); w++)
    {
      size_t wlen, n_ids;
      const char *word = htc_vocab_term (c->doc_words, (int32_t) w, &wlen);
      const uint32_t *ids;
      float count = (float) c->doc_counts.v[w];

      if ((s = word_char_ids (c, word, wlen, &ids, &n_ids)) != HTC_OK)
        return s;
      for (size_t i = 0; i < n_ids; i++)
        if (!acc_add (&c->acc, (int32_t) ids[i], count))
          return HTC_ERROR_NOMEM;
    }
  return HTC_OK;
}

HtcStatus
htc_featurizer_count (const HtcFeaturizer *f,
                      const char          *text,
                      size_t               len,
                      int32_t            **idx,
                      float              **val,
                      size_t              *nnz,
                      HtcFeaturizeStats   *stats)
{
  Counter c;
  Entry *entries = NULL;
  size_t cap = 0;
  HtcStatus s;

  if (f == NULL || (text == NULL && len > 0) || idx == NULL || val == NULL || nnz == NULL)
    return HTC_ERROR_INVALID_ARG;
  *idx = NULL;
  *val = NULL;
  *nnz = 0;
  s = counter_init (&c, f, 0);
  if (s == HTC_OK)
    s = counter_run (&c, text, len);
  if (s == HTC_OK && !acc_sorted (&c.acc, &entries, &cap))
    s = HTC_ERROR_NOMEM;
  if (s == HTC_OK)
    {
      *idx = malloc ((c.acc.n ? c.acc.n : 1) * sizeof (int32_t));
      *val = malloc ((c.acc.n ? c.acc.n : 1) * sizeof (float));
      if (*idx == NULL || *val == NULL)
        {
          free (*idx);
          free (*val);
          *idx = NULL;
          *val = NULL;
          s = HTC_ERROR_NOMEM;
        }
    }
  if (s == HTC_OK)
    {
      for (size_t i = 0; i < c.acc.n; i++)
        {
          (*idx)[i] = entries[i].id;
          (*val)[i] = entries[i].val;
        }
      *nnz = c.acc.n;
      if (stats)
        {
          stats->n_words = c.n_words;
          stats->n_known_words = c.n_known;
        }
    }
  free (entries);
  counter_destroy (&c);
  return s;
}

/* ---- counting a corpus ---- */

typedef struct
{
  const HtcFeaturizer *f;
  const char *const   *docs;
  const size_t        *lens;
  size_t               begin, end;
  const volatile int  *cancel;
  volatile size_t      done;          /* documents finished, for progress */
  int32_t             *idx;
  float               *val;
  size_t               nnz, cap;
  size_t              *row_nnz;       /* end - begin */
  HtcStatus            status;
} Chunk;

static HtcStatus
count_range (Chunk   *ch,
             Counter *c,
             Entry  **entries,
             size_t  *ecap,
             size_t   begin,
             size_t   end)
{
  HtcStatus s = HTC_OK;

  for (size_t d = begin; d < end; d++)
    {
      if (ch->cancel && *ch->cancel)
        return HTC_ERROR_CANCELLED;
      if ((s = counter_run (c, ch->docs[d], ch->lens[d])) != HTC_OK)
        return s;
      if (!acc_sorted (&c->acc, entries, ecap))
        return HTC_ERROR_NOMEM;
      if (ch->nnz + c->acc.n > ch->cap)
        {
          size_t cap = ch->cap ? ch->cap * 2 : 1 << 16;
          int32_t *idx;
          float *val;
          while (cap < ch->nnz + c->acc.n)
            cap *= 2;
          idx = realloc (ch->idx, cap * sizeof (int32_t));
          if (idx)
            ch->idx = idx;
          val = realloc (ch->val, cap * sizeof (float));
          if (val)
            ch->val = val;
          if (idx == NULL || val == NULL)
            return HTC_ERROR_NOMEM;
          ch->cap = cap;
        }
      for (size_t i = 0; i < c->acc.n; i++)
        {
          ch->idx[ch->nnz + i] = (*entries)[i].id;
          ch->val[ch->nnz + i] = (*entries)[i].val;
        }
      ch->nnz += c->acc.n;
      ch->row_nnz[d - ch->begin] = c->acc.n;
      __atomic_store_n (&ch->done, d + 1 - ch->begin, __ATOMIC_RELAXED);
    }
  return s;
}

static void *
count_chunk (void *data)
{
  Chunk *ch = data;
  Counter c;
  Entry *entries = NULL;
  size_t ecap = 0;
  HtcStatus s = counter_init (&c, ch->f, 1);

  if (s == HTC_OK)
    s = count_range (ch, &c, &entries, &ecap, ch->begin, ch->end);
  free (entries);
  counter_destroy (&c);
  ch->status = s;
  return NULL;
}

HtcStatus
htc_featurizer_count_corpus (const HtcFeaturizer *f,
                             const char *const   *docs,
                             const size_t        *lens,
                             size_t               n_docs,
                             size_t               n_threads,
                             const volatile int  *cancel,
                             HtcProgressFunc      progress,
                             void                *progress_ctx,
                             HtcCsr             **out)
{
  Chunk *chunks;
  pthread_t *threads;
  int *started;
  HtcStatus s = HTC_OK;
  size_t total = 0;
  HtcCsr *m = NULL;

  if (out == NULL)
    return HTC_ERROR_INVALID_ARG;
  *out = NULL;
  if (f == NULL || (n_docs > 0 && (docs == NULL || lens == NULL)) || n_threads == 0)
    return HTC_ERROR_INVALID_ARG;
  if (n_threads > n_docs)
    n_threads = n_docs ? n_docs : 1;

  chunks = calloc (n_threads, sizeof (Chunk));
  threads = calloc (n_threads, sizeof (pthread_t));
  started = calloc (n_threads, sizeof (int));
  if (chunks == NULL || threads == NULL || started == NULL)
    {
      free (chunks);
      free (threads);
      free (started);
      return HTC_ERROR_NOMEM;
    }
  for (size_t t = 0; t < n_threads; t++)
    {
      Chunk *ch = &chunks[t];
      ch->f = f;
      ch->docs = docs;
      ch->lens = lens;
      ch->begin = n_docs * t / n_threads;
      ch->end = n_docs * (t + 1) / n_threads;
      ch->cancel = cancel;
      ch->row_nnz = calloc ((ch->end - ch->begin) + 1, sizeof (size_t));
      if (ch->row_nnz == NULL)
        s = HTC_ERROR_NOMEM;
    }
  for (size_t t = 1; s == HTC_OK && t < n_threads; t++)
    started[t] = pthread_create (&threads[t], NULL, count_chunk, &chunks[t]) == 0;
  for (size_t t = 1; t < n_threads; t++)
    if (s == HTC_OK && !started[t])
      count_chunk (&chunks[t]);   /* no thread: run it here */

  if (s == HTC_OK)
    {
      /* Chunk 0 on this thread, in slices, so progress is reported from the caller's thread. */
      Chunk *ch = &chunks[0];
      Counter c;
      Entry *entries = NULL;
      size_t ecap = 0;

      ch->status = counter_init (&c, f, 1);
      for (size_t begin = ch->begin; ch->status == HTC_OK && begin < ch->end; begin += 256)
        {
          size_t end = begin + 256 < ch->end ? begin + 256 : ch->end, done = end - ch->begin;
          ch->status = count_range (ch, &c, &entries, &ecap, begin, end);
          for (size_t t = 1; t < n_threads; t++)
            done += __atomic_load_n (&chunks[t].done, __ATOMIC_RELAXED);
          if (progress)
            progress (progress_ctx, (double) done / (double) n_docs);
        }
      free (entries);
      counter_destroy (&c);
    }
  for (size_t t = 1; t < n_threads; t++)
    if (started[t])
      pthread_join (threads[t], NULL);

  for (size_t t = 0; t < n_threads; t++)
    {
      if (s == HTC_OK && chunks[t].status != HTC_OK)
        s = chunks[t].status;
      total += chunks[t].nnz;
    }
  if (s == HTC_OK)
    s = htc_csr_new (n_docs, htc_featurizer_n_features (f), total, &m);
  if (s == HTC_OK)
    {
      size_t r = 0, pos = 0;
      for (size_t t = 0; t < n_threads; t++)
        {
          Chunk *ch = &chunks[t];
          if (ch->nnz)
            {
              memcpy (m->indices + pos, ch->idx, ch->nnz * sizeof (int32_t));
              memcpy (m->data + pos, ch->val, ch->nnz * sizeof (float));
            }
          for (size_t d = ch->begin; d < ch->end; d++, r++)
            m->indptr[r + 1] = m->indptr[r] + (int64_t) ch->row_nnz[d - ch->begin];
          pos += ch->nnz;
        }
    }
  for (size_t t = 0; t < n_threads; t++)
    {
      free (chunks[t].idx);
      free (chunks[t].val);
      free (chunks[t].row_nnz);
    }
  free (chunks);
  free (threads);
  free (started);
  if (s == HTC_OK)
    *out = m;
  return s;
}

/* ---- building the vocabulary ---- */

typedef struct
{
  HtcVocab *vocab;
  U32Array  df, n_groups, last_doc, last_group;
} Candidates;

typedef struct
{
  HtcNgramParams ngram;
  Candidates     words, chars;
  HtcVocab      *types;         /* word types seen anywhere, for the character cache */
  U32Array       type_start;    /* types id -> start in type_ids (n + 1 entries) */
  U32Array       type_ids;      /* chars candidate ids */
  U32Array       type_last_doc; /* by types id: last document (1-based) that used it */
  U32Array       doc_types;     /* unique types of the current document */
  U32Array       scratch;
  uint32_t       doc, group;    /* 1-based marks */
  HtcStatus      status;
} Builder;

static void
candidates_destroy (Candidates *c)
{
  htc_vocab_free (c->vocab);
  free (c->df.v);
  free (c->n_groups.v);
  free (c->last_doc.v);
  free (c->last_group.v);
}

static int
candidates_mark (Candidates *c,
                 int32_t     id,
                 uint32_t    doc,
                 uint32_t    group)
{
  size_t need = (size_t) id + 1;

  if (!u32_reserve (&c->df, need) || !u32_reserve (&c->n_groups, need)
      || !u32_reserve (&c->last_doc, need) || !u32_reserve (&c->last_group, need))
    return 0;
  if (c->last_doc.v[id] != doc)
    {
      c->last_doc.v[id] = doc;
      c->df.v[id]++;
    }
  if (c->last_group.v[id] != group)
    {
      c->last_group.v[id] = group;
      c->n_groups.v[id]++;
    }
  return 1;
}

static void
on_build_char (void        *ctx,
               const char  *term,
               size_t       len,
               HtcNgramKind kind,
               unsigned     n)
{
  Builder *b = ctx;
  int32_t id;
  HtcStatus s;

  if (b->status != HTC_OK)
    return;
  if ((s = htc_vocab_add (b->chars.vocab, term, len, &id, NULL)) != HTC_OK)
    b->status = s;
  else if (!u32_push (&b->scratch, (uint32_t) id))
    b->status = HTC_ERROR_NOMEM;
}

static void
on_build_word (void        *ctx,
               const char  *term,
               size_t       len,
               HtcNgramKind kind,
               unsigned     n)
{
  Builder *b = ctx;
  int32_t id, tid;
  int added;
  HtcStatus s;

  if (b->status != HTC_OK)
    return;
  if ((s = htc_vocab_add (b->words.vocab, term, len, &id, NULL)) != HTC_OK)
    {
      b->status = s;
      return;
    }
  if (!candidates_mark (&b->words, id, b->doc, b->group))
    {
      b->status = HTC_ERROR_NOMEM;
      return;
    }
  if (n != 1 || b->types == NULL)
    return;

  /* Character n-grams come from the document's distinct words: remember the type. */
  if ((s = htc_vocab_add (b->types, term, len, &tid, &added)) != HTC_OK)
    {
      b->status = s;
      return;
    }
  if (added)
    {
      b->scratch.n = 0;
      htc_ngram_chars (&b->ngram, term, len, on_build_char, b);
      if (b->status != HTC_OK)
        return;
      for (size_t i = 0; i < b->scratch.n; i++)
        if (!u32_push (&b->type_ids, b->scratch.v[i]))
          {
            b->status = HTC_ERROR_NOMEM;
            return;
          }
      if (!u32_push (&b->type_start, (uint32_t) b->type_ids.n)
          || !u32_reserve (&b->type_last_doc, (size_t) tid + 1))
        {
          b->status = HTC_ERROR_NOMEM;
          return;
        }
    }
  if (b->type_last_doc.v[tid] != b->doc)
    {
      b->type_last_doc.v[tid] = b->doc;
      if (!u32_push (&b->doc_types, (uint32_t) tid))
        b->status = HTC_ERROR_NOMEM;
    }
}

typedef struct
{
  const char *term;
  size_t      len;
  unsigned    block;
} Kept;

static int
cmp_kept (const void *a,
          const void *b)
{
  const Kept *x = a, *y = b;
  int c;

  if (x->block != y->block)
    return x->block < y->block ? -1 : 1;
  c = memcmp (x->term, y->term, x->len < y->len ? x->len : y->len);
  if (c != 0)
    return c;
  return (x->len > y->len) - (x->len < y->len);
}

static HtcStatus
collect_kept (const Candidates *c,
              uint32_t          min_df,
              uint32_t          max_df,
              uint32_t          min_groups,
              Kept            **kept,
              size_t           *n_kept,
              size_t           *cap)
{
  size_t n = htc_vocab_size (c->vocab);

  for (size_t id = 0; id < n; id++)
    {
      size_t len;
      const char *term;
      if (c->df.v[id] < min_df || c->df.v[id] > max_df || c->n_groups.v[id] < min_groups)
        continue;
      if (*n_kept == *cap)
        {
          size_t ncap = *cap ? *cap * 2 : 4096;
          Kept *k = realloc (*kept, ncap * sizeof (Kept));
          if (k == NULL)
            return HTC_ERROR_NOMEM;
          *kept = k;
          *cap = ncap;
        }
      term = htc_vocab_term (c->vocab, (int32_t) id, &len);
      (*kept)[*n_kept].term = term;
      (*kept)[*n_kept].len = len;
      (*kept)[*n_kept].block = htc_featurizer_term_block (term, len);
      (*n_kept)++;
    }
  return HTC_OK;
}

HtcStatus
htc_featurizer_build (const HtcFeaturizerParams *params,
                      const char *const         *docs,
                      const size_t              *lens,
                      size_t                     n_docs,
                      const uint32_t            *doc_group,
                      HtcFeaturizer            **out)
{
  Builder b;
  size_t *order = NULL;
  Kept *kept = NULL;
  size_t n_kept = 0, kept_cap = 0;
  HtcVocab *vocab = NULL;
  HtcStatus s;

  if (out == NULL)
    return HTC_ERROR_INVALID_ARG;
  *out = NULL;
  if (params == NULL || htc_ngram_params_check (&params->ngram) != HTC_OK || params->min_df < 1
      || params->min_groups < 1 || (params->min_groups > 1 && doc_group == NULL)
      || !(params->char_max_df >= 0 && params->char_max_df <= 1)
      || (n_docs > 0 && (docs == NULL || lens == NULL)) || n_docs >= UINT32_MAX)
    return HTC_ERROR_INVALID_ARG;

  memset (&b, 0, sizeof b);
  b.ngram = params->ngram;
  s = htc_vocab_new (1 << 20, &b.words.vocab);
  if (s == HTC_OK && params->ngram.char_max > 0)
    {
      s = htc_vocab_new (1 << 18, &b.chars.vocab);
      if (s == HTC_OK)
        s = htc_vocab_new (1 << 18, &b.types);
      if (s == HTC_OK && !u32_push (&b.type_start, 0))
        s = HTC_ERROR_NOMEM;
    }

  /* Visit documents group by group (a counting sort), so that "already counted for this group"
   * is a comparison with the last group that touched the term. */
  order = malloc ((n_docs ? n_docs : 1) * sizeof (size_t));
  if (s == HTC_OK && order == NULL)
    s = HTC_ERROR_NOMEM;
  if (s == HTC_OK)
    {
      if (doc_group == NULL)
        for (size_t i = 0; i < n_docs; i++)
          order[i] = i;
      else
        {
          uint32_t max_group = 0;
          size_t *start;
          for (size_t i = 0; i < n_docs; i++)
            if (doc_group[i] > max_group)
              max_group = doc_group[i];
          start = calloc ((size_t) max_group + 2, sizeof (size_t));
          if (start == NULL || max_group >= UINT32_MAX - 1)
            s = HTC_ERROR_NOMEM;
          else
            {
              for (size_t i = 0; i < n_docs; i++)
                start[doc_group[i] + 1]++;
              for (uint32_t g = 0; g <= max_group; g++)
                start[g + 1] += start[g];
              for (size_t i = 0; i < n_docs; i++)
                order[start[doc_group[i]]++] = i;
            }
          free (start);
        }
    }

  for (size_t k = 0; s == HTC_OK && k < n_docs; k++)
    {
      size_t d = order[k];
      if ((k & 255) == 0)
        {
          if (params->cancel && *params->cancel)
            {
              s = HTC_ERROR_CANCELLED;
              break;
            }
          if (params->progress)
            params->progress (params->progress_ctx, (double) k / (double) n_docs);
        }
      b.doc = (uint32_t) d + 1;
      b.group = doc_group ? doc_group[d] + 1 : b.doc;
      b.doc_types.n = 0;
      s = htc_ngram_words (&params->ngram, docs[d], lens[d], on_build_word, &b);
      if (s == HTC_OK)
        s = b.status;
      for (size_t i = 0; s == HTC_OK && i < b.doc_types.n; i++)
        {
          uint32_t t = b.doc_types.v[i];
          for (uint32_t j = b.type_start.v[t]; j < b.type_start.v[t + 1]; j++)
            if (!candidates_mark (&b.chars, (int32_t) b.type_ids.v[j], b.doc, b.group))
              {
                s = HTC_ERROR_NOMEM;
                break;
              }
        }
    }

  /* Unigrams need no word n-gram order to be kept; the character n-grams ride on them. */
  if (s == HTC_OK)
    s = collect_kept (&b.words, params->min_df, UINT32_MAX, params->min_groups, &kept, &n_kept,
                      &kept_cap);
  if (s == HTC_OK && b.chars.vocab)
    {
      uint32_t max_df = UINT32_MAX;
      if (params->char_max_df > 0 && params->char_max_df < 1)
        max_df = (uint32_t) (params->char_max_df * (double) n_docs);
      s = collect_kept (&b.chars, params->min_df, max_df, params->min_groups, &kept, &n_kept,
                        &kept_cap);
    }
  if (s == HTC_OK)
    {
      if (n_kept > 1)
        qsort (kept, n_kept, sizeof (Kept), cmp_kept);
      s = htc_vocab_new (n_kept, &vocab);
    }
  for (size_t i = 0; s == HTC_OK && i < n_kept; i++)
    {
      int32_t id;
      s = htc_vocab_add (vocab, kept[i].term, kept[i].len, &id, NULL);
    }

  free (kept);
  free (order);
  candidates_destroy (&b.words);
  candidates_destroy (&b.chars);
  htc_vocab_free (b.types);
  free (b.type_start.v);
  free (b.type_ids.v);
  free (b.type_last_doc.v);
  free (b.doc_types.v);
  free (b.scratch.v);

  if (s != HTC_OK)
    {
      htc_vocab_free (vocab);
      return s;
    }
  if (params->progress)
    params->progress (params->progress_ctx, 1.0);
  return htc_featurizer_new (&params->ngram, vocab, out);
}

HtcStatus
htc_featurizer_new (const HtcNgramParams *ngram,
                    HtcVocab             *vocab,
                    HtcFeaturizer       **out)
{
  HtcFeaturizer *f;
  size_t n;
  unsigned block = 0;

  if (out == NULL)
    {
      htc_vocab_free (vocab);
      return HTC_ERROR_INVALID_ARG;
    }
  *out = NULL;
  if (vocab == NULL || htc_ngram_params_check (ngram) != HTC_OK)
    {
      htc_vocab_free (vocab);
      return HTC_ERROR_INVALID_ARG;
    }
  f = calloc (1, sizeof *f);
  if (f == NULL)
    {
      htc_vocab_free (vocab);
      return HTC_ERROR_NOMEM;
    }
  f->ngram = *ngram;
  f->vocab = vocab;
  n = htc_vocab_size (vocab);
  /* Blocks must be contiguous and in order: block_starts[k] = first id of block >= k. */
  f->block_starts[0] = 0;
  for (size_t id = 0; id < n; id++)
    {
      size_t len;
      const char *term = htc_vocab_term (vocab, (int32_t) id, &len);
      unsigned b = htc_featurizer_term_block (term, len);
      if (b < block)
        {
          htc_featurizer_free (f);
          return HTC_ERROR_BAD_MODEL;
        }
      while (block < b)
        f->block_starts[++block] = id;
    }
  while (block < HTC_FEATURIZER_N_BLOCKS)
    f->block_starts[++block] = n;
  *out = f;
  return HTC_OK;
}

void
htc_featurizer_free (HtcFeaturizer *f)
{
  if (f == NULL)
    return;
  htc_vocab_free (f->vocab);
  free (f);
}

const HtcVocab *
htc_featurizer_vocab (const HtcFeaturizer *f)
{
  return f ? f->vocab : NULL;
}

const HtcNgramParams *
htc_featurizer_params (const HtcFeaturizer *f)
{
  return f ? &f->ngram : NULL;
}

size_t
htc_featurizer_n_features (const HtcFeaturizer *f)
{
  return f ? htc_vocab_size (f->vocab) : 0;
}

const size_t *
htc_featurizer_block_starts (const HtcFeaturizer *f)
{
  return f ? f->block_starts : NULL;
}
