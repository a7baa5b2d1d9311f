/* ht-prediction-card.h: one model's answer — its four region probabilities as bars with
 * percentages — or why it has none, with a button for the fix.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ht-prediction.h"

G_BEGIN_DECLS

#define HT_TYPE_PREDICTION_CARD (ht_prediction_card_get_type ())
G_DECLARE_FINAL_TYPE (HtPredictionCard, ht_prediction_card, HT, PREDICTION_CARD, GtkWidget)

GtkWidget    *ht_prediction_card_new            (const char       *title);
const char   *ht_prediction_card_get_title      (HtPredictionCard *self);
void          ht_prediction_card_set_title      (HtPredictionCard *self,
                                                 const char       *title);
/* NULL: the model has not run yet (a spinner). */
HtPrediction *ht_prediction_card_get_prediction (HtPredictionCard *self);
void          ht_prediction_card_set_prediction (HtPredictionCard *self,
                                                 HtPrediction     *prediction);

/* A sentence under the bars (NULL: none); `warning` draws it in the warning colour. */
const char   *ht_prediction_card_get_note       (HtPredictionCard *self);
void          ht_prediction_card_set_note       (HtPredictionCard *self,
                                                 const char       *note,
                                                 gboolean          warning);

G_END_DECLS
