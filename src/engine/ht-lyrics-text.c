/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-lyrics-text"

#include "config.h"

#include <string.h>

#include "ht-lyrics-text.h"

#define MAX_HEADER_BYTES 200
#define MAX_WORD_BYTES 64

static gboolean
is_apostrophe (gunichar c)
{
  switch (c)
    {
    case 0x0027: /* ' */
    case 0x0060: /* ` */
    case 0x00B4: /* ´ */
    case 0x02B9: /* ʹ */
    case 0x02BB: /* ʻ */
    case 0x02BC: /* ʼ */
    case 0x02BD: /* ʽ */
    case 0x2018: /* ‘ */
    case 0x2019: /* ’ */
    case 0x201B: /* ‛ */
    case 0x2032: /* ′ */
    case 0xFF07: /* ＇ */
      return TRUE;
    default:
      return FALSE;
    }
}

/* Cyrillic and Greek lower-case letters that look like Latin ones. */
static gunichar
latin_lookalike (gunichar c)
{
  switch (c)
    {
    case 0x0430: return 'a';
    case 0x0435: return 'e';
    case 0x043E: return 'o';
    case 0x0440: return 'p';
    case 0x0441: return 'c';
    case 0x0443: return 'y';
    case 0x0445: return 'x';
    case 0x0455: return 's';
    case 0x0456: return 'i';
    case 0x0458: return 'j';
    case 0x04BB: return 'h';
    case 0x0501: return 'd';
    case 0x051B: return 'q';
    case 0x051D: return 'w';
    case 0x03BF: return 'o';   /* Greek omicron */
    case 0x03B9: return 'i';   /* Greek iota */
    case 0x03BD: return 'v';   /* Greek nu */
    default: return 0;
    }
}

/* Removes one-line "[...]" headers; counts them and notes "instrumental". */
static char *
strip_headers (const char        *text,
               gsize              len,
               HtLyricsTextStats *stats)
{
  GString *out = g_string_sized_new (len);
  gsize i = 0;

  while (i < len)
    {
      const char *close;
      gsize limit;

      if (text[i] != '[')
        {
          g_string_append_c (out, text[i++]);
          continue;
        }
      limit = MIN (len - i, MAX_HEADER_BYTES);
      close = memchr (text + i, ']', limit);
      if (close == NULL || memchr (text + i, '\n', (gsize) (close - (text + i))) != NULL)
        {
          g_string_append_c (out, text[i++]);
          continue;
        }
      {
        g_autofree char *inner = g_utf8_casefold (text + i + 1, close - (text + i + 1));
        if (strstr (inner, "instrumental") != NULL)
          stats->instrumental = TRUE;
      }
      stats->n_headers++;
      g_string_append_c (out, '\n');
      i = (gsize) (close - text) + 1;
    }
  return g_string_free (out, FALSE);
}

typedef struct
{
  GString          *out;
  GString          *word;        /* UTF-8 of the current word */
  gboolean          word_latin;
  gboolean          word_lookalike;
  char             *prev_word;   /* last word emitted (for joining contractions) */
  HtLyricsTextStats *stats;
} Builder;

/* A contraction the flat source split at its apostrophe ("don t", "it s", "y all"): the tail,
 * and the words it follows. Only these pairs, so that "mr t" or "big d" stay apart. */
static gboolean
is_split_contraction (const char *prev,
                      const char *tail)
{
  static const struct
  {
    const char *tail;
    const char *heads;   /* space-separated, with spaces around */
  } pairs[] = {
    { "t", " don can won ain isn aren wasn weren didn doesn couldn wouldn shouldn haven hasn "
           "hadn mustn needn " },
    { "s", " it that what he she there here who where let how " },
    { "ll", " i you we they he she it that there who " },
    { "re", " you we they who what " },
    { "ve", " i you we they could would should might must " },
    { "d", " i you we they he she " },
    { "m", " i " },
    { "all", " y " },
  };
  char needle[72];

  if (strlen (prev) > 64)
    return FALSE;
  g_snprintf (needle, sizeof needle, " %s ", prev);
  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    if (strcmp (tail, pairs[i].tail) == 0)
      return strstr (pairs[i].heads, needle) != NULL;
  return FALSE;
}

static void
emit_word (Builder *b)
{
  g_autofree char *w = NULL;

  if (b->word->len == 0)
    return;
  if (b->word_latin && b->word_lookalike)
    {
      /* Re-spell look-alike letters as Latin, now that the word is known to be Latin. */
      GString *fixed = g_string_sized_new (b->word->len);
      for (const char *p = b->word->str; *p; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p), l = latin_lookalike (c);
          g_string_append_unichar (fixed, l ? l : c);
        }
      g_string_assign (b->word, fixed->str);
      g_string_free (fixed, TRUE);
    }
  w = g_strdup (b->word->str);
  g_string_truncate (b->word, 0);
  b->word_latin = b->word_lookalike = FALSE;
  if (strlen (w) > MAX_WORD_BYTES)
    return;

  /* "don t", "it s", "y all": a split contraction of the flat source, joined again. */
  if (b->prev_word != NULL && is_split_contraction (b->prev_word, w))
    {
      g_string_append (b->out, w);
      {
        char *joined = g_strconcat (b->prev_word, w, NULL);
        g_free (b->prev_word);
        b->prev_word = joined;
      }
      return;
    }

  if (b->out->len > 0)
    g_string_append_c (b->out, ' ');
  g_string_append (b->out, w);
  b->stats->n_words++;
  {
    gboolean digits = TRUE;
    for (const char *p = w; *p; p++)
      digits = digits && g_ascii_isdigit (*p);
    if (digits)
      b->stats->n_digit_words++;
  }
  g_free (b->prev_word);
  b->prev_word = g_steal_pointer (&w);
}

static void
append_letter (Builder *b,
               gunichar c)
{
  gunichar decomp[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
  gsize n = g_unichar_fully_decompose (c, FALSE, decomp, G_N_ELEMENTS (decomp));

  /* é → e + combining acute → e. Keep the base letters, drop the marks. */
  for (gsize i = 0; i < n; i++)
    {
      gunichar d = decomp[i];
      GUnicodeScript script;
      if (g_unichar_ismark (d))
        continue;
      script = g_unichar_get_script (d);
      if (script == G_UNICODE_SCRIPT_LATIN)
        b->word_latin = TRUE;
      if (latin_lookalike (d))
        b->word_lookalike = TRUE;
      g_string_append_unichar (b->word, d);
    }
}

char *
ht_lyrics_text_normalize (const char        *text,
                          gssize             len,
                          HtLyricsTextStats *stats)
{
  HtLyricsTextStats local = { 0 };
  g_autofree char *valid = NULL, *stripped = NULL, *nfkc = NULL, *folded = NULL;
  Builder b = { 0 };

  if (stats == NULL)
    stats = &local;
  memset (stats, 0, sizeof *stats);
  if (text == NULL)
    return g_strdup ("");
  if (len < 0)
    len = (gssize) strlen (text);

  valid = g_utf8_make_valid (text, len);
  stripped = strip_headers (valid, strlen (valid), stats);
  nfkc = g_utf8_normalize (stripped, -1, G_NORMALIZE_NFKC);
  folded = g_utf8_casefold (nfkc ? nfkc : stripped, -1);

  b.out = g_string_sized_new (strlen (folded));
  b.word = g_string_new (NULL);
  b.stats = stats;
  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      stats->n_chars++;
      if (is_apostrophe (c) || type == G_UNICODE_FORMAT)
        continue;                       /* deleted, not a separator */
      if (g_unichar_ismark (c))
        continue;                       /* a combining accent or a variation selector */
      if (g_unichar_isalpha (c))
        {
          stats->n_letters++;
          if (g_unichar_get_script (c) == G_UNICODE_SCRIPT_LATIN)
            stats->n_latin_letters++;
          append_letter (&b, c);
          continue;
        }
      if (type == G_UNICODE_DECIMAL_NUMBER)
        {
          /* Any script's digit, as its ASCII digit. */
          g_string_append_c (b.word, (char) ('0' + g_unichar_digit_value (c)));
          continue;
        }
      if (type == G_UNICODE_OTHER_SYMBOL || type == G_UNICODE_MATH_SYMBOL
          || type == G_UNICODE_CURRENCY_SYMBOL || type == G_UNICODE_MODIFIER_SYMBOL
          || type == G_UNICODE_SURROGATE || type == G_UNICODE_PRIVATE_USE)
        stats->n_symbols++;
      emit_word (&b);
    }
  emit_word (&b);

  g_string_free (b.word, TRUE);
  g_free (b.prev_word);
  return g_string_free (b.out, FALSE);
}

static const char *const english_words[] = {
  "a", "aint", "all", "am", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can",
  "cant", "could", "did", "didnt", "do", "does", "doesnt", "dont", "down", "for", "from", "get",
  "got", "gotta", "had", "has", "have", "he", "her", "here", "him", "his", "how", "i", "if",
  "im", "ima", "in", "is", "it", "its", "just", "know", "like", "me", "mine", "my", "no", "not",
  "now", "of", "off", "oh", "on", "or", "our", "out", "over", "she", "should", "so", "than",
  "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "to",
  "too", "up", "us", "wanna", "was", "we", "were", "what", "when", "where", "who", "why",
  "will", "with", "wont", "would", "ya", "yall", "yeah", "yo", "you", "your", "yours",
};

static gpointer
build_english_set (gpointer data)
{
  GHashTable *set = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < G_N_ELEMENTS (english_words); i++)
    g_hash_table_add (set, (gpointer) english_words[i]);
  return set;
}

double
ht_lyrics_text_english_share (const char *flat)
{
  static GOnce once = G_ONCE_INIT;
  GHashTable *set = g_once (&once, build_english_set, NULL);
  guint n = 0, hits = 0;
  const char *p = flat;
  char word[16];

  g_return_val_if_fail (flat != NULL, 0);
  while (*p)
    {
      const char *e;
      gsize len;
      while (*p == ' ')
        p++;
      if (*p == '\0')
        break;
      e = strchr (p, ' ');
      len = e ? (gsize) (e - p) : strlen (p);
      n++;
      if (len < sizeof word)
        {
          memcpy (word, p, len);
          word[len] = '\0';
          hits += g_hash_table_contains (set, word);
        }
      p += len;
    }
  return n ? (double) hits / n : 0;
}
