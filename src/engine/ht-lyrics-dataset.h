/* ht-lyrics-dataset.h: a corpus turned into numbers for training and cross-validation:
 * n-gram counts, labels, artist and group ids, guest links, folds and sample weights.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The candidate vocabulary is pruned with the configured min_df and min_groups counted over
 * the whole corpus. Any fold prunes again on its training rows only (ht_lyrics_dataset_fit):
 * counts over a subset never exceed counts over the whole, so this gives exactly the
 * vocabulary a fold would build from its own training rows, with one counting pass. The one
 * exception is char_max_df, applied to the whole corpus only (it uses no labels).
 */
#pragma once

#include <gio/gio.h>

#include "ht-lyrics-config.h"
#include "ht-lyrics-corpus.h"
#include "ht-lyrics-places.h"
#include "htc-csr.h"
#include "htc-featurizer.h"
#include "htc-logreg.h"
#include "htc-places.h"
#include "htc-tfidf.h"

G_BEGIN_DECLS

typedef struct _HtLyricsDataset HtLyricsDataset;

/* stage is a translated label; fraction in [0, 1]. Called on the calling thread. */
typedef void (*HtLyricsStageFunc) (const char *stage,
                                   double      fraction,
                                   gpointer    user_data);

HtLyricsDataset *ht_lyrics_dataset_new (HtLyricsCorpus        *corpus,
                                        const HtLyricsConfig  *config,
                                        GCancellable          *cancellable,
                                        HtLyricsStageFunc      stage,
                                        gpointer               user_data,
                                        GError               **error);
void             ht_lyrics_dataset_free (HtLyricsDataset      *self);

HtLyricsCorpus      *ht_lyrics_dataset_get_corpus     (HtLyricsDataset *self);
const HtcFeaturizer *ht_lyrics_dataset_get_featurizer (HtLyricsDataset *self);
const HtcCsr        *ht_lyrics_dataset_get_counts     (HtLyricsDataset *self);
const int32_t       *ht_lyrics_dataset_get_labels     (HtLyricsDataset *self);
gsize                ht_lyrics_dataset_get_n_rows     (HtLyricsDataset *self);
/* Rows the model can learn from and be judged on: songs it would not abstain on for
 * language (ht_lyrics_text_english_share() at least HT_LYRICS_MIN_ENGLISH_SHARE), e.g. not the
 * Turkish translations some sources carry. */
const gsize         *ht_lyrics_dataset_get_usable_rows (HtLyricsDataset *self,
                                                        gsize           *n_rows);
guint                ht_lyrics_dataset_get_n_groups   (HtLyricsDataset *self);
guint                ht_lyrics_dataset_get_n_artists  (HtLyricsDataset *self);
/* By row: the artist's id (artist_key), below ht_lyrics_dataset_get_n_artists(). */
const uint32_t      *ht_lyrics_dataset_get_artists    (HtLyricsDataset *self);

typedef struct
{
  guint n_components;       /* groups after joining guest links */
  guint n_links;            /* song -> featured-artist links into other groups */
  guint n_links_joined;     /* of which the fold assignment keeps inside one fold */
  guint n_excluded;         /* training songs left out in some fold because a guest on them
                             * belongs to that fold's test artists (summed over folds) */
} HtLyricsFoldReport;

#define HT_LYRICS_NO_FOLD G_MAXUINT
#define HT_LYRICS_MIN_ENGLISH_SHARE 0.12

/* Artist-grouped folds over the listed rows (rows == NULL: the usable rows): fold has one entry per
 * dataset row, in [0, k) for listed rows and HT_LYRICS_NO_FOLD for the others. Groups linked
 * by guest appearances are merged (strongest links first) while a merged component stays
 * under 1 / (2k) of the rows; folds are then filled greedily, largest component first, into
 * the fold with fewest songs. report may be NULL. */
void ht_lyrics_dataset_grouped_folds (HtLyricsDataset    *self,
                                      const gsize        *rows,
                                      gsize               n_rows,
                                      guint               k,
                                      guint64             seed,
                                      guint              *fold,
                                      HtLyricsFoldReport *report);
/* Random song-level folds (the study's kind of split) of the usable rows: fold[row] in [0, k),
 * HT_LYRICS_NO_FOLD for the others. */
void ht_lyrics_dataset_random_folds  (HtLyricsDataset    *self,
                                      guint               k,
                                      guint64             seed,
                                      guint              *fold);
/* Rows whose fold is neither test_fold nor HT_LYRICS_NO_FOLD, minus songs that feature an artist whose own songs
 * are in test_fold (when fold-aware exclusion is wanted; guests == TRUE). Returns the rows;
 * *n_excluded (may be NULL) receives how many were left out for guests. */
GArray *ht_lyrics_dataset_train_rows (HtLyricsDataset *self,
                                      const guint     *fold,
                                      guint            test_fold,
                                      gboolean         guests,
                                      guint           *n_excluded);

/* For a learning curve: keeps, in place, the rows of round (share * G) of the G artist groups
 * the rows hold, and drops the rest; a group's rows are kept or dropped together. The groups
 * are taken in an order drawn from the seed, so for one seed a smaller share's groups are a
 * subset of a larger one's. share is clamped to [0, 1]; 1 keeps every row. */
void ht_lyrics_dataset_keep_group_share (HtLyricsDataset *self,
                                         GArray          *rows,
                                         double           share,
                                         guint64          seed);

/* Per-row sample weights for the listed rows (artist cap and class balance of the config). */
void ht_lyrics_dataset_weights (HtLyricsDataset      *self,
                                const HtLyricsConfig *config,
                                const gsize          *rows,
                                gsize                 n_rows,
                                float                *weights);

/* Candidate place names (ht-lyrics-places.h) for the place features: finds every mention in
 * every song once. Without it, or with config->place_weight 0, fits have no place features. */
gboolean ht_lyrics_dataset_set_places (HtLyricsDataset           *self,
                                       const HtLyricsPlaceSource *sources,
                                       gsize                      n_sources,
                                       GCancellable              *cancellable,
                                       GError                   **error);

#define HT_LYRICS_N_PLACE_FEATURES HT_LYRICS_N_REGIONS

/* A fitted TF-IDF + logistic regression on the listed rows. The logistic regression's features
 * are the vocabulary's, then (when places is set) the place mentions of each region. */
typedef struct
{
  HtcTfidf      *tfidf;
  HtcLogreg     *logreg;
  HtcPlaces     *places;       /* the place names kept for these rows, labelled by region */
  int32_t       *place_label;  /* by candidate: its region in this fit, or -1 */
  float          place_weight;
  HtcCsr        *xt;       /* TF-IDF of the training rows, transposed (features x rows) */
  int32_t       *y;        /* labels of the training rows, in row-list order */
  HtcLogregInfo  info;
} HtLyricsFit;

void ht_lyrics_fit_clear (HtLyricsFit *fit);

/* Prunes the vocabulary on the rows (min_df, min_groups), learns the IDF, and trains with C.
 * When fit->xt is already set (the same rows, a previous C), it is reused and fit->logreg is
 * the warm start. */
gboolean ht_lyrics_dataset_fit (HtLyricsDataset      *self,
                                const HtLyricsConfig *config,
                                const gsize          *rows,
                                gsize                 n_rows,
                                double                c,
                                HtLyricsFit          *fit,
                                GCancellable         *cancellable,
                                HtLyricsStageFunc     stage,
                                gpointer              user_data,
                                GError              **error);

/* Logits (n_rows x 4) of any rows under a fit. */
void     ht_lyrics_dataset_logits (HtLyricsDataset   *self,
                                   const HtLyricsFit *fit,
                                   const gsize       *rows,
                                   gsize              n_rows,
                                   float             *out);
/* TF-IDF values of the given features (k of them; ids past the vocabulary are the place
 * features) for the rows, dense (n_rows x k). */
float   *ht_lyrics_dataset_dense  (HtLyricsDataset   *self,
                                   const HtLyricsFit *fit,
                                   const gsize       *rows,
                                   gsize              n_rows,
                                   const int32_t     *features,
                                   gsize              k);

G_END_DECLS
