/* ht-prediction.h: one model's answer for one track — four region probabilities, or the reason
 * it has none and the action that would fix that. Immutable once made, so worker threads can
 * build one and hand it to the main thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Probabilities are indexed East, West, South, Midwest: the project-wide region order
 * (HtRegion, ht-region.h), which every model reports in. */
#define HT_PREDICTION_N_REGIONS 4

#define HT_TYPE_PREDICTION (ht_prediction_get_type ())
G_DECLARE_FINAL_TYPE (HtPrediction, ht_prediction, HT, PREDICTION, GObject)

/* `probabilities` must be finite and non-negative with a positive sum; they are normalised to
 * sum to 1. `detail` is an optional one-line note shown under the bars (may be NULL). */
HtPrediction *ht_prediction_new             (const double  probabilities[HT_PREDICTION_N_REGIONS],
                                             const char   *detail);
/* No answer: `reason` is a translated sentence ("No audio model trained yet"); `fix_action` a
 * detailed action name ("app.train-audio") and `fix_label` its button label ("Train…"), both
 * NULL when nothing the user can do helps. */
HtPrediction *ht_prediction_new_unavailable (const char   *reason,
                                             const char   *fix_action,
                                             const char   *fix_label);

gboolean      ht_prediction_is_available    (HtPrediction *self);
/* 0 when unavailable. */
double        ht_prediction_get_probability (HtPrediction *self,
                                             guint         region);
/* Index of the largest probability (the first on a tie); 0 when unavailable. */
guint         ht_prediction_get_top_region  (HtPrediction *self);
const char   *ht_prediction_get_detail      (HtPrediction *self);
const char   *ht_prediction_get_reason      (HtPrediction *self);
const char   *ht_prediction_get_fix_action  (HtPrediction *self);
const char   *ht_prediction_get_fix_label   (HtPrediction *self);

/* ht_region_to_string() for the four regions, and a lower-case id ("south") for style
 * classes. NULL for region >= HT_PREDICTION_N_REGIONS. */
const char   *ht_prediction_region_name     (guint         region);
const char   *ht_prediction_region_id       (guint         region);

/* The audio model's answer patch by patch: `n_steps` rows of four probabilities (region
 * order), step i covering [start + i * hop, start + i * hop + length) seconds of the track.
 * Call only while building the prediction, before it is shared with another thread. */
void          ht_prediction_set_timeline    (HtPrediction *self,
                                             guint         n_steps,
                                             const double *probabilities,
                                             double        start,
                                             double        hop,
                                             double        length);
/* 0 when there is no timeline. */
guint         ht_prediction_get_n_steps     (HtPrediction *self);
/* Row `step` of the timeline: four probabilities. */
const double *ht_prediction_get_step        (HtPrediction *self,
                                             guint         step,
                                             double       *start,
                                             double       *end);

/* The lyrics model's explanation: terms with their contribution to the predicted region's
 * log-odds (positive: pushed toward it; negative: away). Same rule as the timeline: only
 * while building. Kept in the order added. */
void          ht_prediction_add_term        (HtPrediction *self,
                                             const char   *term,
                                             double        contribution);
guint         ht_prediction_get_n_terms     (HtPrediction *self);
const char   *ht_prediction_get_term        (HtPrediction *self,
                                             guint         index,
                                             double       *contribution);

/* The combined verdict of two independent models, each calibrated under equal region priors:
 * the normalised product of their probabilities (the posterior if the two kinds of evidence
 * are independent given the region). When only one is available that one is returned (a new
 * reference); when neither is, NULL. Either argument may be NULL. */
HtPrediction *ht_prediction_combine         (HtPrediction *sound,
                                             HtPrediction *lyrics);
/* TRUE when both are available and their top regions differ. */
gboolean      ht_prediction_disagree        (HtPrediction *a,
                                             HtPrediction *b);

G_END_DECLS
