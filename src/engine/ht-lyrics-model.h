/* ht-lyrics-model.h: the lyrics model — lyric text to the probabilities of the four regions,
 * or an abstention with its reason, and the terms behind a prediction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Word 1-2-grams and character 2-5-grams of the flat text (ht-lyrics-text.h), TF-IDF, a
 * multinomial logistic regression and a temperature, stored in a safetensors file:
 *
 *   vocab.bytes    U8  [B]       all terms, concatenated in feature order
 *   vocab.offsets  I64 [n + 1]   term i is bytes [offsets[i], offsets[i + 1])
 *   idf            F32 [n]
 *   weights        F32 [n, 4]    per feature, East West South Midwest
 *   bias           F32 [4]
 *   temperature    F32 [1]
 *   block_weights  F32 [3]       L2 norm of the word, word-pair and character blocks
 *   metadata: "format" = "hometown-lyrics", "format_version" = "1", "regions",
 *             "features" (JSON), "training" (JSON), "cv" (JSON), "abstain" (JSON), "created"
 *
 * A model is immutable once made; predictions may run on any number of threads at once.
 */
#pragma once

#include <gio/gio.h>

#include "ht-lyrics-config.h"
#include "ht-lyrics-corpus.h"
#include "htc-featurizer.h"
#include "htc-logreg.h"
#include "htc-places.h"
#include "htc-tfidf.h"

G_BEGIN_DECLS

#define HT_LYRICS_MODEL_FORMAT "hometown-lyrics"
/* 2 added the optional place-name tensors (places.*); version 1 files still load. */
#define HT_LYRICS_MODEL_FORMAT_VERSION "2"
/* The shipped model, relative to the data directory (ht-data-dir.h). */
#define HT_LYRICS_MODEL_SHIPPED "models/lyrics.safetensors"

typedef enum
{
  HT_LYRICS_ABSTAIN_NONE = 0,
  HT_LYRICS_ABSTAIN_EMPTY,          /* no words, or marked instrumental */
  HT_LYRICS_ABSTAIN_TOO_FEW_WORDS,  /* fewer known words than the model needs */
  HT_LYRICS_ABSTAIN_LANGUAGE,       /* mostly not English (another script, or too few English
                                     * function words) */
  HT_LYRICS_ABSTAIN_NOT_LYRICS,     /* code, tables, links, lists of numbers */
} HtLyricsAbstain;

/* "empty", "too-few-words", "language", "not-lyrics" ("" for NONE). */
const char *ht_lyrics_abstain_to_id   (HtLyricsAbstain reason);
/* A translated sentence for the user. */
const char *ht_lyrics_abstain_describe (HtLyricsAbstain reason);

typedef enum
{
  HT_LYRICS_TERM_WORDS = 0,  /* a word (its character n-grams folded in) or a word pair */
  HT_LYRICS_TERM_PLACES,     /* the place names of one region the text mentions, "detroit,
                              * michigan": that region's place feature (htc-places.h) */
} HtLyricsTermKind;

typedef struct
{
  char   *term;          /* the words, or the place names joined by ", " */
  HtLyricsTermKind kind;
  double  contribution;  /* to the predicted region's log-odds against the mean of the others,
                          * after the temperature */
} HtLyricsTerm;

typedef struct
{
  HtLyricsAbstain abstain;
  double          probabilities[HT_LYRICS_N_REGIONS];  /* all 0 when abstaining */
  HtLyricsRegion  region;                              /* the most probable */
  guint           n_words;
  guint           n_known_words;
  GArray         *toward;   /* HtLyricsTerm, largest first; NULL unless explanations asked */
  GArray         *away;     /* HtLyricsTerm, most negative first */
} HtLyricsPrediction;

void ht_lyrics_prediction_free (HtLyricsPrediction *prediction);

#define HT_TYPE_LYRICS_MODEL (ht_lyrics_model_get_type ())
G_DECLARE_FINAL_TYPE (HtLyricsModel, ht_lyrics_model, HT, LYRICS_MODEL, GObject)

/* Errors: G_IO_ERROR from reading, HT_ERROR_MODEL_CORRUPT naming the file and the fault. */
HtLyricsModel      *ht_lyrics_model_load          (GFile         *file,
                                                   GCancellable  *cancellable,
                                                   GError       **error);
HtLyricsModel      *ht_lyrics_model_new_from_bytes (GBytes        *bytes,
                                                   const char    *display_name,
                                                   GError       **error);
/* The shipped model; HT_ERROR_NO_MODEL when there is none. */
HtLyricsModel      *ht_lyrics_model_load_default  (GCancellable  *cancellable,
                                                   GError       **error);

/* For the trainer: takes ownership of the parts. places (may be NULL) are the place names of
 * the place features (config->place_weight); logreg then has four features more than the
 * vocabulary, one per region. training_json and cv_json are metadata documents (may be NULL). */
HtLyricsModel      *ht_lyrics_model_new           (const HtLyricsConfig *config,
                                                   HtcFeaturizer        *featurizer,
                                                   HtcTfidf             *tfidf,
                                                   HtcLogreg            *logreg,
                                                   HtcPlaces            *places,
                                                   double                temperature,
                                                   const char           *training_json,
                                                   const char           *cv_json);
GBytes             *ht_lyrics_model_to_bytes      (HtLyricsModel *self);
gboolean            ht_lyrics_model_save          (HtLyricsModel *self,
                                                   GFile         *file,
                                                   GCancellable  *cancellable,
                                                   GError       **error);

/* Classifies lyric text (any form; it is normalised here). n_explain > 0 asks for up to that
 * many terms each way. Never fails on any text: abstentions are results, not errors. */
HtLyricsPrediction *ht_lyrics_model_predict       (HtLyricsModel *self,
                                                   const char    *lyrics,
                                                   gssize         len,
                                                   guint          n_explain);

/* The settings it was trained with (C and features), for evaluating the same recipe. */
void                ht_lyrics_model_get_config    (HtLyricsModel  *self,
                                                   HtLyricsConfig *config);
const char         *ht_lyrics_model_get_metadata  (HtLyricsModel *self,
                                                   const char    *key);
gsize               ht_lyrics_model_get_n_features (HtLyricsModel *self);
double              ht_lyrics_model_get_temperature (HtLyricsModel *self);
guint               ht_lyrics_model_get_min_known_words (HtLyricsModel *self);

G_END_DECLS
