/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "htc-places.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LABELS 256

struct _HtcPlaces
{
  HtcVocab *phrases;
  uint8_t  *labels;
  size_t    n_labels;
  size_t    max_words;   /* longest phrase, in words: how far a match is tried */
};

/* Words of a flat phrase, or 0 when it is not flat (empty, a space at an end, two in a row). */
static size_t
count_words (const char *s,
             size_t      len)
{
  size_t words = 1;
  if (len == 0 || s[0] == ' ' || s[len - 1] == ' ')
    return 0;
  for (size_t i = 1; i < len; i++)
    if (s[i] == ' ')
      {
        if (s[i - 1] == ' ')
          return 0;
        words++;
      }
  return words;
}

HtcStatus
htc_places_new (HtcVocab       *phrases,
                const uint8_t  *labels,
                size_t          n_labels,
                HtcPlaces     **out)
{
  size_t n = phrases ? htc_vocab_size (phrases) : 0, max_words = 0;
  HtcPlaces *p;

  if (out == NULL || phrases == NULL || (n > 0 && labels == NULL) || n_labels == 0
      || n_labels > MAX_LABELS)
    {
      htc_vocab_free (phrases);
      return HTC_ERROR_INVALID_ARG;
    }
  *out = NULL;
  for (size_t i = 0; i < n; i++)
    {
      size_t len, words;
      const char *s = htc_vocab_term (phrases, (int32_t) i, &len);
      words = count_words (s, len);
      if (words == 0 || words > HTC_PLACES_MAX_WORDS || labels[i] >= n_labels)
        {
          htc_vocab_free (phrases);
          return HTC_ERROR_BAD_MODEL;
        }
      if (words > max_words)
        max_words = words;
    }
  p = calloc (1, sizeof *p);
  if (p == NULL || (p->labels = malloc (n > 0 ? n : 1)) == NULL)
    {
      free (p);
      htc_vocab_free (phrases);
      return HTC_ERROR_NOMEM;
    }
  if (n > 0)
    memcpy (p->labels, labels, n);
  p->phrases = phrases;
  p->n_labels = n_labels;
  p->max_words = max_words;
  *out = p;
  return HTC_OK;
}

void
htc_places_free (HtcPlaces *places)
{
  if (places == NULL)
    return;
  htc_vocab_free (places->phrases);
  free (places->labels);
  free (places);
}

size_t
htc_places_size (const HtcPlaces *places)
{
  return htc_vocab_size (places->phrases);
}

size_t
htc_places_n_labels (const HtcPlaces *places)
{
  return places->n_labels;
}

const HtcVocab *
htc_places_phrases (const HtcPlaces *places)
{
  return places->phrases;
}

const uint8_t *
htc_places_labels (const HtcPlaces *places)
{
  return places->labels;
}

size_t
htc_places_scan (const HtcPlaces *places,
                 const char      *text,
                 size_t           len,
                 uint32_t        *counts,
                 HtcPlaceFunc     found,
                 void            *ctx)
{
  size_t mentions = 0, i = 0;

  if (counts)
    memset (counts, 0, places->n_labels * sizeof *counts);
  if (places->max_words == 0 || text == NULL)
    return 0;
  while (i < len)
    {
      size_t ends[HTC_PLACES_MAX_WORDS] = { 0 }, n_ends = 0, j, next;
      int32_t id = -1;

      while (i < len && text[i] == ' ')
        i++;
      if (i >= len)
        break;
      /* The ends of the 1 .. max_words words starting at i. */
      j = i;
      while (n_ends < places->max_words && j < len)
        {
          while (j < len && text[j] != ' ')
            j++;
          ends[n_ends++] = j;
          if (j + 1 < len && text[j + 1] == ' ')
            break;   /* not flat text past here: a phrase cannot span two spaces */
          j++;
        }
      next = ends[0];
      for (size_t k = n_ends; k-- > 0 && id < 0;)
        {
          id = htc_vocab_lookup (places->phrases, text + i, ends[k] - i);
          if (id >= 0)
            next = ends[k];
        }
      if (id >= 0)
        {
          mentions++;
          if (counts)
            counts[places->labels[id]]++;
          if (found)
            found (ctx, id);
        }
      i = next;
    }
  return mentions;
}

float
htc_places_feature (uint32_t count,
                    float    weight)
{
  return count > 0 ? weight * (1.0f + logf ((float) count)) : 0.0f;
}

size_t
htc_places_features (const uint32_t *counts,
                     size_t          n_labels,
                     float           weight,
                     size_t          first_feature,
                     int32_t        *idx,
                     float          *val)
{
  size_t n = 0;
  for (size_t k = 0; k < n_labels; k++)
    if (counts[k] > 0)
      {
        idx[n] = (int32_t) (first_feature + k);
        val[n] = htc_places_feature (counts[k], weight);
        n++;
      }
  return n;
}

HtcStatus
htc_places_vote (size_t          n_places,
                 const size_t   *support_start,
                 const int32_t  *support_artist,
                 const uint8_t  *support_label,
                 size_t          n_labels,
                 const uint8_t  *artist_active,
                 size_t          n_artists,
                 const uint32_t *df,
                 size_t          n_docs,
                 double          min_share,
                 double          max_df,
                 int32_t        *label_out)
{
  uint32_t votes[MAX_LABELS];

  if (support_start == NULL || df == NULL || label_out == NULL || n_labels == 0
      || n_labels > MAX_LABELS || (n_artists > 0 && artist_active == NULL)
      || !(min_share >= 0 && min_share <= 1) || !(max_df >= 0 && max_df <= 1))
    return HTC_ERROR_INVALID_ARG;
  if (support_start[0] != 0)
    return HTC_ERROR_INVALID_ARG;
  for (size_t i = 0; i < n_places; i++)
    if (support_start[i + 1] < support_start[i])
      return HTC_ERROR_INVALID_ARG;
  for (size_t s = 0; s < support_start[n_places]; s++)
    if (support_label[s] >= n_labels || support_artist[s] < -1
        || (support_artist[s] >= 0 && (size_t) support_artist[s] >= n_artists))
      return HTC_ERROR_INVALID_ARG;

  for (size_t i = 0; i < n_places; i++)
    {
      uint32_t total = 0, best = 0;
      size_t best_label = 0;

      label_out[i] = -1;
      if ((double) df[i] > max_df * (double) n_docs)
        continue;
      memset (votes, 0, n_labels * sizeof *votes);
      for (size_t s = support_start[i]; s < support_start[i + 1]; s++)
        if (support_artist[s] < 0 || artist_active[support_artist[s]])
          {
            votes[support_label[s]]++;
            total++;
          }
      for (size_t k = 0; k < n_labels; k++)
        if (votes[k] > best)
          {
            best = votes[k];
            best_label = k;
          }
      if (total > 0 && (double) best >= min_share * (double) total)
        label_out[i] = (int32_t) best_label;
    }
  return HTC_OK;
}
