/* htc-featurizer.h: documents to sparse n-gram counts over a fixed vocabulary.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The vocabulary holds three blocks, contiguous and in this order, each sorted bytewise:
 *   0  word unigrams       "yall"
 *   1  longer word n-grams "on god"
 *   2  character n-grams   "#<ya" (see htc-ngram.h)
 * htc_featurizer_build() makes it from a training corpus, keeping terms seen in at least
 * min_df documents and min_groups distinct groups (artists): a term only one artist uses says
 * who is rapping, not where they are from, and does not carry over to unseen artists.
 * Character n-grams in nearly every document ("#th", "#e>") can be dropped too (char_max_df):
 * they carry little, yet are most of the non-zeros, i.e. of the training time and memory.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "htc-csr.h"
#include "htc-ngram.h"
#include "htc-progress.h"
#include "htc-status.h"
#include "htc-vocab.h"

#define HTC_FEATURIZER_N_BLOCKS 3

typedef struct _HtcFeaturizer HtcFeaturizer;

typedef struct
{
  HtcNgramParams      ngram;
  uint32_t            min_df;        /* >= 1 */
  uint32_t            min_groups;    /* >= 1 (1 = no group pruning) */
  double              char_max_df;   /* character n-grams in more than this fraction of the
                                      * documents are dropped (in (0, 1]; 0 = keep all) */
  size_t              n_threads;     /* for counting; >= 1 */
  const volatile int *cancel;        /* may be NULL; non-zero stops with HTC_ERROR_CANCELLED */
  HtcProgressFunc     progress;      /* may be NULL */
  void               *progress_ctx;
} HtcFeaturizerParams;

typedef struct
{
  size_t n_words;        /* word tokens */
  size_t n_known_words;  /* word tokens whose unigram is in the vocabulary */
} HtcFeaturizeStats;

/* Builds the vocabulary from docs[i] (lens[i] bytes). doc_group (may be NULL when min_groups
 * is 1) gives each document's group. */
HtcStatus htc_featurizer_build     (const HtcFeaturizerParams *params,
                                    const char *const         *docs,
                                    const size_t              *lens,
                                    size_t                     n_docs,
                                    const uint32_t            *doc_group,
                                    HtcFeaturizer            **out);
/* From a stored vocabulary (taken over, also on failure). HTC_ERROR_BAD_MODEL when the terms
 * are not in block order. */
HtcStatus htc_featurizer_new       (const HtcNgramParams      *ngram,
                                    HtcVocab                  *vocab,
                                    HtcFeaturizer            **out);
void      htc_featurizer_free      (HtcFeaturizer             *f);     /* NULL-safe */

const HtcVocab       *htc_featurizer_vocab    (const HtcFeaturizer *f);
const HtcNgramParams *htc_featurizer_params   (const HtcFeaturizer *f);
size_t    htc_featurizer_n_features (const HtcFeaturizer *f);
/* First feature id of each block, plus n_features at [HTC_FEATURIZER_N_BLOCKS]. */
const size_t *htc_featurizer_block_starts (const HtcFeaturizer *f);
/* Block of a term by its spelling (0, 1 or 2). */
unsigned  htc_featurizer_term_block (const char *term,
                                     size_t      len);

/* Counts of one document: *idx (sorted) and *val (counts) are malloc'ed, *nnz entries; free
 * both with free(). stats may be NULL. Thread-safe. */
HtcStatus htc_featurizer_count     (const HtcFeaturizer *f,
                                    const char          *text,
                                    size_t               len,
                                    int32_t            **idx,
                                    float              **val,
                                    size_t              *nnz,
                                    HtcFeaturizeStats   *stats);
/* Counts of a whole corpus as a documents x features matrix, on n_threads threads. */
HtcStatus htc_featurizer_count_corpus (const HtcFeaturizer *f,
                                       const char *const   *docs,
                                       const size_t        *lens,
                                       size_t               n_docs,
                                       size_t               n_threads,
                                       const volatile int  *cancel,
                                       HtcProgressFunc      progress,
                                       void                *progress_ctx,
                                       HtcCsr             **out);
