/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-artist-name"

#include "config.h"

#include <string.h>

#include "ht-artist-name.h"

/* Letters with no decomposition that still have an obvious Latin spelling. */
static const char *
transliterate (gunichar c)
{
  switch (c)
    {
    case 0x0142: return "l";    /* ł */
    case 0x00F8: return "o";    /* ø */
    case 0x00E6: return "ae";   /* æ */
    case 0x0153: return "oe";   /* œ */
    case 0x00DF: return "ss";   /* ß */
    case 0x0111: return "d";    /* đ */
    case 0x00F0: return "d";    /* ð */
    case 0x00FE: return "th";   /* þ */
    case 0x0131: return "i";    /* dotless i */
    default: return NULL;
    }
}

static gboolean
is_dropped (gunichar c)
{
  switch (c)
    {
    case '\'': case '.': case '!': case '`':
    case 0x00B4:   /* acute accent */
    case 0x2018: case 0x2019: case 0x201B:   /* ‘ ’ ‛ */
    case 0x02BC: case 0x02B9: case 0x2032:   /* modifier apostrophe, prime */
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
is_mark (gunichar c)
{
  GUnicodeType t = g_unichar_type (c);
  return t == G_UNICODE_NON_SPACING_MARK || t == G_UNICODE_SPACING_MARK
         || t == G_UNICODE_ENCLOSING_MARK;
}

static void
append_space (GString *s)
{
  if (s->len > 0 && s->str[s->len - 1] != ' ')
    g_string_append_c (s, ' ');
}

char *
ht_artist_name_normalize (const char *name)
{
  g_autofree char *valid = NULL;
  g_autofree char *decomposed = NULL;
  g_autoptr(GString) out = NULL;
  gboolean ascii = TRUE;
  const char *src;

  if (name == NULL)
    return NULL;
  for (const char *p = name; *p; p++)
    {
      if ((guchar) *p >= 0x80)
        ascii = FALSE;
      if (p - name >= HT_ARTIST_NAME_MAX)
        return NULL;
    }
  if (ascii)
    src = name;
  else
    {
      if (!g_utf8_validate (name, -1, NULL))
        name = valid = g_utf8_make_valid (name, -1);
      decomposed = g_utf8_normalize (name, -1, G_NORMALIZE_NFKD);
      if (decomposed == NULL)
        return NULL;
      src = decomposed;
    }

  out = g_string_sized_new (strlen (src) + 8);
  for (const char *p = src; *p; p = g_utf8_next_char (p))
    {
      gunichar c = ascii ? (gunichar) (guchar) *p : g_utf8_get_char (p);
      const char *t;

      if (c < 0x80)
        {
          if (g_ascii_isalnum (c))
            g_string_append_c (out, g_ascii_tolower (c));
          else if (c == '&' || c == '+')
            {
              append_space (out);
              g_string_append (out, "and ");
            }
          else if (c == '$')
            g_string_append_c (out, 's');
          else if (!is_dropped (c))
            append_space (out);
          continue;
        }
      if (is_mark (c) || is_dropped (c))
        continue;
      c = g_unichar_tolower (c);
      if ((t = transliterate (c)) != NULL)
        g_string_append (out, t);
      else if (g_unichar_isalnum (c))
        g_string_append_unichar (out, c);
      else
        append_space (out);
    }
  while (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  if (out->len > 4 && strncmp (out->str, "the ", 4) == 0)
    g_string_erase (out, 0, 4);
  if (out->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
ht_artist_name_compact (const char *key)
{
  GString *s;

  if (key == NULL)
    return NULL;
  s = g_string_sized_new (strlen (key));
  for (const char *p = key; *p; p++)
    if (*p != ' ')
      g_string_append_c (s, *p);
  return g_string_free (s, FALSE);
}
