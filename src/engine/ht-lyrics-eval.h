/* ht-lyrics-eval.h: cross-validation of the lyrics model.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The honest figure is artist-grouped: no artist, no member of the artist's group and no song
 * a test artist features on is ever on the training side (ht-lyrics-dataset.h). C is chosen
 * inside each training side by an inner grouped CV (nested), never on the test fold; the
 * temperature is fitted on that inner CV's out-of-fold logits. The random song split, which
 * lets an artist's other songs into training, is also run: it is what the original study
 * reported, and is labelled as such.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ht-lyrics-config.h"
#include "ht-lyrics-corpus.h"
#include "ht-lyrics-dataset.h"
#include "htc-metrics.h"

G_BEGIN_DECLS

typedef enum
{
  HT_LYRICS_EVAL_FOREST       = 1 << 0,   /* also the random forest */
  HT_LYRICS_EVAL_RANDOM_SPLIT = 1 << 1,   /* also the random song-level split */
  HT_LYRICS_EVAL_NO_INNER_CV  = 1 << 2,   /* with a fixed C: no inner CV, temperature 1 */
  HT_LYRICS_EVAL_LEARNING_CURVE = 1 << 3, /* also the artist-grouped logistic regression
                                           * trained on shares of each fold's training artists */
} HtLyricsEvalFlags;

typedef enum
{
  HT_LYRICS_DECADE_BEFORE_1990,
  HT_LYRICS_DECADE_1990S,
  HT_LYRICS_DECADE_2000S,
  HT_LYRICS_DECADE_2010S,
  HT_LYRICS_DECADE_2020S,
  HT_LYRICS_DECADE_UNKNOWN,
  HT_LYRICS_N_DECADES
} HtLyricsDecade;

const char *ht_lyrics_decade_label (HtLyricsDecade decade);

typedef struct
{
  char       *model;           /* "logistic-regression" or "random-forest" */
  char       *split;           /* "artist-grouped" or "random-song" */
  HtcMetrics  overall;
  HtcMetrics  by_decade[HT_LYRICS_N_DECADES];
  HtcMetrics  by_form[2];      /* [0] full text source, [1] flat source */
  /* One vote per artist: the region most of their songs were given (htc_metrics_vote_by_group).
   * Says whether errors are scattered songs or whole artists whose style reads as elsewhere. */
  HtcMetrics  by_artist;
  double      misplaced_song_share;     /* songs whose artist's vote is wrong */
  double      accuracy_placed_artists;  /* song accuracy among the other songs */
  double      accuracy_misplaced_artists;
  double      c[16];           /* C used in each fold (logistic regression) */
  guint       n_folds;
  double      temperature;     /* mean over folds (logistic regression) */
  double      nll_raw;         /* mean test NLL with T = 1 */
  double      nll_calibrated;  /* with each fold's fitted T */
  double      ece_raw;
  double      ece_calibrated;
  double      seconds;         /* wall-clock time of all folds */
  double      fold_seconds[16]; /* training time of each fold's final model (C chosen) */
  guint       fold_train_rows[16]; /* songs each fold's final model was trained on */
  int32_t    *predicted;       /* by row */
  float      *proba;           /* by row, 4 each (calibrated for logistic regression) */
} HtLyricsEvalResult;

/* The learning curve's shares of training artist groups (the last is the full run) and how
 * many random draws of groups each smaller share gets. Whether more labelled artists would
 * help is a question the targets raise; the curve answers it from the data at hand. */
#define HT_LYRICS_CURVE_N_SHARES 4
#define HT_LYRICS_CURVE_DRAWS    3
extern const double ht_lyrics_curve_shares[HT_LYRICS_CURVE_N_SHARES];

typedef struct
{
  double     share;            /* of each fold's training artist groups */
  guint      draw;             /* which random draw of groups (0 for the full share) */
  double     train_rows;       /* songs trained on, mean over folds */
  HtcMetrics overall;          /* on every test fold, as the main result */
} HtLyricsCurvePoint;

typedef struct
{
  HtLyricsConfig      config;
  guint               n_rows;
  guint               n_usable;    /* rows in the folds */
  guint              *fold;        /* grouped fold by row */
  HtLyricsFoldReport  report;
  GPtrArray          *results;     /* HtLyricsEvalResult* */
  GArray             *curve;       /* HtLyricsCurvePoint, by share then draw; NULL unless asked */
  double              dataset_seconds;
} HtLyricsEvaluation;

HtLyricsEvaluation *ht_lyrics_evaluate (HtLyricsDataset       *dataset,
                                        const HtLyricsConfig  *config,
                                        HtLyricsEvalFlags      flags,
                                        GCancellable          *cancellable,
                                        HtLyricsStageFunc      stage,
                                        gpointer               user_data,
                                        GError               **error);
void                ht_lyrics_evaluation_free (HtLyricsEvaluation *self);

/* A plain-text report (tables) of every result. */
char               *ht_lyrics_evaluation_to_text (HtLyricsEvaluation *self);
/* The figures as a JSON object (for the model's metadata and tools). */
char               *ht_lyrics_evaluation_to_json (HtLyricsEvaluation *self);
/* Confusion matrices of every result side by side, as a PNG (Cairo). */
gboolean            ht_lyrics_evaluation_write_png (HtLyricsEvaluation *self,
                                                    const char         *path,
                                                    GError            **error);

/* Chooses C for the rows by inner artist-grouped CV (macro-F1 of the out-of-fold predictions)
 * and fits the temperature on the out-of-fold logits at that C. With config->c > 0 only the
 * temperature is fitted. inner_metrics (may be NULL) receives the out-of-fold figures at the
 * chosen C, per_c_metrics (may be NULL; HT_LYRICS_MAX_C_GRID entries) those of every C in
 * ascending order. Shared by evaluation and training. */
gboolean ht_lyrics_choose_c (HtLyricsDataset      *dataset,
                             const HtLyricsConfig *config,
                             const gsize          *rows,
                             gsize                 n_rows,
                             double               *c_out,
                             double               *temperature_out,
                             HtcMetrics           *inner_metrics,
                             HtcMetrics           *per_c_metrics,
                             GCancellable         *cancellable,
                             HtLyricsStageFunc     stage,
                             gpointer              user_data,
                             GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtLyricsEvaluation, ht_lyrics_evaluation_free)

/* Shared with the trainer's summary: metrics as JSON members of the current object. */
void _ht_lyrics_metrics_add_members (JsonBuilder      *b,
                                     const HtcMetrics *m,
                                     const char       *count_key);

G_END_DECLS
