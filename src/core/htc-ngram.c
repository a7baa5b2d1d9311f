/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "htc-ngram.h"

HtcStatus
htc_ngram_params_check (const HtcNgramParams *params)
{
  if (params == NULL)
    return HTC_ERROR_INVALID_ARG;
  if (!((params->word_min == 0 && params->word_max == 0)
        || (params->word_min >= 1 && params->word_min <= params->word_max
            && params->word_max <= HTC_NGRAM_MAX_WORD_N)))
    return HTC_ERROR_INVALID_ARG;
  if (!((params->char_min == 0 && params->char_max == 0)
        || (params->char_min >= 1 && params->char_min <= params->char_max
            && params->char_max <= HTC_NGRAM_MAX_CHAR_N)))
    return HTC_ERROR_INVALID_ARG;
  if (params->word_max == 0 && params->char_max == 0)
    return HTC_ERROR_INVALID_ARG;
  return HTC_OK;
}

HtcStatus
htc_ngram_words (const HtcNgramParams *params,
                 const char           *text,
                 size_t                len,
                 HtcNgramEmit          emit,
                 void                 *ctx)
{
  /* Start and end of the last word_max words, as a ring. */
  size_t starts[HTC_NGRAM_MAX_WORD_N], ends[HTC_NGRAM_MAX_WORD_N];
  size_t n_seen = 0, i = 0;
  char buf[HTC_NGRAM_MAX_WORD_N * 256];

  if (htc_ngram_params_check (params) != HTC_OK || (text == NULL && len > 0) || emit == NULL)
    return HTC_ERROR_INVALID_ARG;
  if (params->word_max == 0)
    return HTC_OK;

  while (i < len)
    {
      size_t s, e;
      while (i < len && text[i] == ' ')
        i++;
      if (i == len)
        break;
      s = i;
      while (i < len && text[i] != ' ')
        i++;
      e = i;
      starts[n_seen % HTC_NGRAM_MAX_WORD_N] = s;
      ends[n_seen % HTC_NGRAM_MAX_WORD_N] = e;
      n_seen++;

      for (unsigned n = params->word_min; n <= params->word_max && n <= n_seen; n++)
        {
          size_t first = n_seen - n, pos = 0;
          if (n == 1)
            {
              emit (ctx, text + s, e - s, HTC_NGRAM_WORD, 1);
              continue;
            }
          /* Joined with single spaces, whatever the spacing in the input. */
          for (size_t k = first; k < n_seen; k++)
            {
              size_t ws = starts[k % HTC_NGRAM_MAX_WORD_N], we = ends[k % HTC_NGRAM_MAX_WORD_N];
              if (pos + (we - ws) + 1 > sizeof buf)
                {
                  pos = 0;
                  break;
                }
              if (k > first)
                buf[pos++] = ' ';
              memcpy (buf + pos, text + ws, we - ws);
              pos += we - ws;
            }
          if (pos > 0)
            emit (ctx, buf, pos, HTC_NGRAM_WORD, n);
        }
    }
  return HTC_OK;
}

HtcStatus
htc_ngram_chars (const HtcNgramParams *params,
                 const char           *word,
                 size_t                len,
                 HtcNgramEmit          emit,
                 void                 *ctx)
{
  /* Padded word '<' word '>' and the byte offset of each code point in it (plus the end). */
  char padded[HTC_NGRAM_MAX_WORD_BYTES + 2];
  size_t cp[HTC_NGRAM_MAX_WORD_BYTES + 3];
  char term[1 + HTC_NGRAM_MAX_WORD_BYTES + 2];
  size_t n_cp = 0, plen;

  if (htc_ngram_params_check (params) != HTC_OK || (word == NULL && len > 0) || emit == NULL)
    return HTC_ERROR_INVALID_ARG;
  if (params->char_max == 0 || len == 0 || len > HTC_NGRAM_MAX_WORD_BYTES)
    return HTC_OK;

  padded[0] = '<';
  memcpy (padded + 1, word, len);
  padded[len + 1] = '>';
  plen = len + 2;
  for (size_t i = 0; i < plen; i++)
    if (((unsigned char) padded[i] & 0xC0) != 0x80)   /* not a UTF-8 continuation byte */
      cp[n_cp++] = i;
  cp[n_cp] = plen;

  term[0] = '#';
  for (unsigned n = params->char_min; n <= params->char_max; n++)
    {
      if (n >= n_cp)
        {
          /* As char_wb: a padded word no longer than n is emitted whole, once, and ends it. */
          memcpy (term + 1, padded, plen);
          emit (ctx, term, plen + 1, HTC_NGRAM_CHAR, (unsigned) n_cp);
          break;
        }
      for (size_t k = 0; k + n <= n_cp; k++)
        {
          size_t b = cp[k], e = cp[k + n];
          memcpy (term + 1, padded + b, e - b);
          emit (ctx, term, e - b + 1, HTC_NGRAM_CHAR, n);
        }
    }
  return HTC_OK;
}

HtcNgramKind
htc_ngram_term_kind (const char *term,
                     size_t      len)
{
  return (len > 0 && term[0] == '#') ? HTC_NGRAM_CHAR : HTC_NGRAM_WORD;
}
