/* htc-places.h: place names found in lyrics — a gazetteer of phrases, each with a label (a
 * region), matched in flat text (words separated by single spaces, as ht-lyrics-text.c makes it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * At each word the longest phrase starting there wins and its words are consumed, so
 * "kansas city" is one mention and not also one of "kansas". The lyrics model sums the
 * mentions by region into four features: a Midwest artist from a town no training artist
 * shares still names Midwest places, which the per-term features cannot learn from a handful
 * of songs. htc_places_vote() decides which candidate names are used and for which region.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "htc-status.h"
#include "htc-vocab.h"

#define HTC_PLACES_MAX_WORDS 4

typedef struct _HtcPlaces HtcPlaces;

/* Takes over `phrases` (also on failure); labels has one entry per phrase, each < n_labels.
 * HTC_ERROR_BAD_MODEL when a phrase is not flat text of 1 ..= HTC_PLACES_MAX_WORDS words (a
 * space at either end, two spaces in a row) or a label is out of range. */
HtcStatus      htc_places_new      (HtcVocab        *phrases,
                                    const uint8_t   *labels,
                                    size_t           n_labels,
                                    HtcPlaces      **out);
void           htc_places_free     (HtcPlaces       *places);   /* NULL-safe */
size_t         htc_places_size     (const HtcPlaces *places);
size_t         htc_places_n_labels (const HtcPlaces *places);
const HtcVocab *htc_places_phrases (const HtcPlaces *places);
const uint8_t *htc_places_labels   (const HtcPlaces *places);

typedef void (*HtcPlaceFunc) (void    *ctx,
                              int32_t  place);

/* Calls found (may be NULL) for each mention in text, left to right; returns the number of
 * mentions. counts (may be NULL; n_labels entries) is zeroed, then counts mentions by label. */
size_t         htc_places_scan     (const HtcPlaces *places,
                                    const char      *text,
                                    size_t           len,
                                    uint32_t        *counts,
                                    HtcPlaceFunc     found,
                                    void            *ctx);

/* The value of one label's place feature: weight * (1 + ln count), sublinear like the term
 * frequencies; 0 when the text does not mention that label's places. */
float          htc_places_feature  (uint32_t         count,
                                    float            weight);

/* The place features of one text from its mentions by label (counts, n_labels entries): for
 * each label mentioned, feature first_feature + label with htc_places_feature()'s value,
 * appended to idx / val. Returns how many (0 to n_labels). */
size_t         htc_places_features (const uint32_t  *counts,
                                    size_t           n_labels,
                                    float            weight,
                                    size_t           first_feature,
                                    int32_t         *idx,
                                    float           *val);

/* Labels candidate places from the artists whose hometown they are. Place i's supporters are
 * support_artist / support_label[support_start[i] .. support_start[i + 1] - 1]: an artist id
 * (< n_artists), or -1 for an artist outside the training corpus, who always counts. A supporter
 * whose artist_active[] is 0 is ignored (an artist of the test fold: its own hometown must not
 * label the names its songs are judged by). The place gets the majority label of the counted
 * supporters when that holds at least min_share of them; it is dropped (-1) when it has no
 * counted supporter, no such majority, or is used in more than max_df of the n_docs documents
 * (df[i]): then it is a common word ("mission", "college") or a name every region raps about,
 * which the word features already carry. label_out has n_places entries. */
HtcStatus      htc_places_vote     (size_t           n_places,
                                    const size_t    *support_start,
                                    const int32_t   *support_artist,
                                    const uint8_t   *support_label,
                                    size_t           n_labels,
                                    const uint8_t   *artist_active,
                                    size_t           n_artists,
                                    const uint32_t  *df,
                                    size_t           n_docs,
                                    double           min_share,
                                    double           max_df,
                                    int32_t         *label_out);
