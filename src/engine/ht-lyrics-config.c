/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-lyrics-config"

#include "config.h"

#include <string.h>

#include "ht-lyrics-config.h"

void
ht_lyrics_config_init_default (HtLyricsConfig *config)
{
  g_return_if_fail (config != NULL);
  memset (config, 0, sizeof *config);
  config->ngram = (HtcNgramParams) { 1, 2, 2, 5 };
  config->min_df = 3;
  config->min_groups = 10;
  config->char_max_df = 0.2;
  config->block_weight[0] = 1.0f;
  config->block_weight[1] = 1.0f;
  config->block_weight[2] = 1.0f;
  config->association = 1;
  config->association_prior = 0;
  config->place_weight = 0.2;
  config->place_min_share = 0.8;
  config->place_max_df = 0.02;
  config->artist_cap = 100;
  config->balance_classes = TRUE;
  config->c = 0;
  config->c_grid[0] = 0.3;
  config->c_grid[1] = 1;
  config->c_grid[2] = 3;
  config->n_c_grid = 3;
  config->inner_folds = 3;
  config->max_iter = 500;
  config->tol = 1e-4;
  config->forest_trees = 500;
  config->forest_min_leaf = 2;
  config->forest_features = 1000;
  config->folds = 5;
  config->seed = 20240601;
  config->n_threads = 2;
}
