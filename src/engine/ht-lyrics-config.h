/* ht-lyrics-config.h: how the lyrics model is trained and evaluated.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "htc-ngram.h"

G_BEGIN_DECLS

#define HT_LYRICS_MAX_C_GRID 8

typedef struct
{
  /* Features */
  HtcNgramParams ngram;            /* word 1-2, character 2-5 */
  guint          min_df;           /* documents a term needs (in the training rows) */
  guint          min_groups;       /* artist groups a term needs (in the training rows) */
  double         char_max_df;      /* character n-grams in more songs than this fraction of the
                                    * corpus are dropped (0 = none are) */
  float          block_weight[3];  /* L2 norm of each block: words, word pairs, characters */
  double         association;      /* > 0: IDF times (D / mean D)^(association / 2), D the
                                    * divergence of a term's users, counted by artist, from the
                                    * artists' region mix (htc-association.h); 0 = plain IDF */
  double         association_prior; /* pseudo-artists at that mix added to each term's users */
  double         place_weight;     /* > 0: four features counting the place names of each
                                    * region in the song (htc-places.h), each
                                    * place_weight * (1 + ln count); 0 = none */
  double         place_min_share;  /* a place name's region needs this share of the artists
                                    * from there (htc_places_vote) */
  double         place_max_df;     /* names in more than this fraction of the training songs
                                    * are left to the word features */

  /* Weighting */
  double         artist_cap;       /* an artist's songs weigh min (1, cap / n_songs); 0 = off */
  gboolean       balance_classes;  /* each region's total weight made equal */

  /* Logistic regression */
  double         c;                /* > 0: use this C; 0: choose from c_grid by inner CV */
  double         c_grid[HT_LYRICS_MAX_C_GRID];
  guint          n_c_grid;
  guint          inner_folds;      /* artist-grouped folds for choosing C and the temperature */
  guint          max_iter;
  double         tol;

  /* Random forest (evaluation only) */
  guint          forest_trees;
  guint          forest_min_leaf;
  guint          forest_features;  /* top-k features by chi-squared fed to the forest */

  /* Evaluation and reproducibility */
  guint          folds;
  guint64        seed;
  guint          n_threads;
} HtLyricsConfig;

/* The shipped model's settings. */
void ht_lyrics_config_init_default (HtLyricsConfig *config);

G_END_DECLS
