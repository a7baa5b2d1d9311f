/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-credits"

#include "config.h"

#include <string.h>

#include "ht-artist-name.h"
#include "ht-credits-private.h"
#include "ht-origin-table-private.h"

/* Lists longer than this are cut at every strong separator without searching. */
#define MAX_ATOMS 24

typedef enum
{
  MARK_NONE,
  MARK_FEAT,      /* feat. ft. featuring f/ w/ (with) */
  MARK_PROD,      /* prod. by, produced by */
} MarkKind;

static gboolean
is_boundary_before (const char *start,
                    const char *p)
{
  return p == start || strchr (" \t([{-–,", p[-1]) != NULL;
}

/* If a marker starts at p (case-insensitive, whole word, followed by a space or the end),
 * returns its kind and sets *len to its length including the spaces after it. */
static MarkKind
marker_at (const char *start,
           const char *p,
           gboolean    allow_with,
           gsize      *len)
{
  static const struct { const char *text; MarkKind kind; gboolean is_with; } marks[] = {
    { "featuring", MARK_FEAT, FALSE }, { "feat.", MARK_FEAT, FALSE }, { "feat", MARK_FEAT, FALSE },
    { "ft.", MARK_FEAT, FALSE }, { "ft", MARK_FEAT, FALSE }, { "f/", MARK_FEAT, FALSE },
    { "w/", MARK_FEAT, FALSE }, { "with", MARK_FEAT, TRUE },
    { "produced by", MARK_PROD, FALSE }, { "prod. by", MARK_PROD, FALSE },
    { "prod by", MARK_PROD, FALSE }, { "prod.", MARK_PROD, FALSE }, { "prod", MARK_PROD, FALSE },
  };

  if (!is_boundary_before (start, p))
    return MARK_NONE;
  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    {
      gsize n = strlen (marks[i].text);
      const char *q = p + n;

      if (marks[i].is_with && !allow_with)
        continue;
      if (g_ascii_strncasecmp (p, marks[i].text, n) != 0)
        continue;
      /* "f/" and "w/" may touch the name ("w/Nas"); words need a space or the end after. */
      if (q[0] != '\0' && q[0] != ' ' && marks[i].text[n - 1] != '/')
        continue;
      while (*q == ' ')
        q++;
      *len = q - p;
      return marks[i].kind;
    }
  return MARK_NONE;
}

static char *
trim_name (const char *text,
           gssize      len)
{
  g_autofree char *s = g_strndup (text, len < 0 ? strlen (text) : (gsize) len);
  char *p = s;
  gsize n;

  /* Spaces, quotes and stray brackets around a name are not part of it. */
  while (*p && strchr (" \t\"“”'‘’([{-–", *p) && !((guchar) *p >= 0x80))
    p++;
  /* Multi-byte quotes. */
  while (g_str_has_prefix (p, "“") || g_str_has_prefix (p, "‘"))
    p += strlen ("“");
  n = strlen (p);
  while (n > 0)
    {
      if (strchr (" \t\"')]},;-", p[n - 1]))
        n--;
      else if (n >= 3 && (strncmp (p + n - 3, "”", 3) == 0 || strncmp (p + n - 3, "’", 3) == 0))
        n -= 3;
      else
        break;
    }
  return g_strndup (p, n);
}

typedef struct
{
  GString   *clean;      /* the text outside the credits */
  GPtrArray *features;   /* char *: guest lists ("A & B") */
} Scan;

/* Splits bracketed groups and inline "feat." credits off `text`. In an artist tag
 * (`is_artist`), "with" counts as a guest marker outside brackets too. */
static void
scan_credits (const char *text,
              gboolean    is_artist,
              Scan       *scan)
{
  const char *p = text;

  while (*p)
    {
      gsize mlen = 0;
      MarkKind kind;

      if (*p == '(' || *p == '[' || *p == '{')
        {
          char open = *p, close = open == '(' ? ')' : open == '[' ? ']' : '}';
          const char *q = p + 1, *inner;
          int depth = 1;
          g_autofree char *content = NULL;
          gsize ilen = 0;

          while (*q && depth > 0)
            {
              if (*q == open)
                depth++;
              else if (*q == close)
                depth--;
              if (depth > 0)
                q++;
            }
          content = g_strndup (p + 1, q - (p + 1));
          p = *q ? q + 1 : q;
          inner = content;
          while (*inner == ' ')
            inner++;
          kind = marker_at (inner, inner, TRUE, &ilen);
          if (kind == MARK_FEAT)
            {
              g_ptr_array_add (scan->features, g_strdup (inner + ilen));
              continue;
            }
          if (kind == MARK_PROD)
            continue;
          /* "(Remix feat. X)": the guest part goes, the rest stays. */
          for (const char *r = inner; *r; r++)
            {
              kind = marker_at (inner, r, FALSE, &ilen);
              if (kind == MARK_NONE)
                continue;
              if (kind == MARK_FEAT)
                g_ptr_array_add (scan->features, g_strdup (r + ilen));
              {
                g_autofree char *kept = trim_name (inner, r - inner);
                if (kept[0])
                  g_string_append_printf (scan->clean, "%c%s%c", open, kept, close);
              }
              goto next_group;
            }
          g_string_append_printf (scan->clean, "%c%s%c", open, content, close);
        next_group:
          continue;
        }

      kind = marker_at (text, p, is_artist && p != text && p[-1] == ' ', &mlen);
      if (kind != MARK_NONE && p != text)
        {
          /* Up to the next bracket (or " - "), the credit; then scanning goes on. */
          const char *end = p + mlen;
          while (*end && *end != '(' && *end != '[' && *end != '{'
                 && !(end[0] == ' ' && end[1] == '-' && end[2] == ' '))
            end++;
          if (kind == MARK_FEAT)
            g_ptr_array_add (scan->features, g_strndup (p + mlen, end - (p + mlen)));
          p = end;
          continue;
        }
      g_string_append_c (scan->clean, *p);
      p++;
    }
}

/* ---- splitting a list of names ---- */

typedef struct
{
  char    *text;      /* the atom, untrimmed */
  char    *sep;       /* the separator after it (NULL for the last) */
  gboolean strong;    /* that separator cuts even between unknown names */
} Atom;

static void
atom_clear (Atom *a)
{
  g_free (a->text);
  g_free (a->sep);
}

/* Length of a separator at p, 0 if none. `comma_list`: " and " ends a comma list. */
static gsize
separator_at (const char *p,
              gboolean    comma_list,
              gboolean   *strong)
{
  static const struct { const char *text; gboolean need_space; gboolean strong; } seps[] = {
    { ", and", TRUE, TRUE }, { ", &", TRUE, TRUE }, { ",", FALSE, TRUE }, { ";", FALSE, TRUE },
    { " &", TRUE, TRUE }, { " +", TRUE, TRUE }, { " /", TRUE, TRUE }, { " x", TRUE, TRUE },
    { " ×", TRUE, TRUE }, { " vs.", FALSE, TRUE }, { " vs", TRUE, TRUE },
    { " and", TRUE, FALSE }, { "&", FALSE, FALSE }, { "/", FALSE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (seps); i++)
    {
      gsize n = strlen (seps[i].text);
      if (g_ascii_strncasecmp (p, seps[i].text, n) != 0)
        continue;
      if (seps[i].need_space && p[n] != ' ')
        continue;
      *strong = seps[i].strong || (comma_list && strcmp (seps[i].text, " and") == 0);
      return n;
    }
  return 0;
}

static GArray *
tokenize (const char *list)
{
  GArray *atoms = g_array_new (FALSE, TRUE, sizeof (Atom));
  gboolean comma_list = strchr (list, ',') != NULL;
  const char *p = list, *atom_start = list;

  g_array_set_clear_func (atoms, (GDestroyNotify) atom_clear);
  while (*p)
    {
      gboolean strong = FALSE;
      gsize n = separator_at (p, comma_list, &strong);
      g_autofree char *text = NULL;
      g_autofree char *trimmed = NULL;

      if (n == 0)
        {
          p++;
          continue;
        }
      text = g_strndup (atom_start, p - atom_start);
      trimmed = g_strstrip (g_strdup (text));
      if (trimmed[0] == '\0' && atoms->len > 0)
        {
          /* "Lil Nas X & ...": " X" was no separator after all; glue it back. */
          Atom *prev = &g_array_index (atoms, Atom, atoms->len - 1);
          char *joined = g_strconcat (prev->text, prev->sep, text, NULL);
          g_free (prev->text);
          g_free (prev->sep);
          prev->text = joined;
          prev->sep = g_strndup (p, n);
          prev->strong = strong;
        }
      else if (trimmed[0] != '\0')
        {
          Atom a = { g_steal_pointer (&text), g_strndup (p, n), strong };
          g_array_append_val (atoms, a);
        }
      p += n;
      atom_start = p;
    }
  {
    g_autofree char *tail = g_strdup (atom_start);
    g_autofree char *trimmed = g_strstrip (g_strdup (tail));

    if (trimmed[0] != '\0')
      {
        Atom a = { g_steal_pointer (&tail), NULL, FALSE };
        g_array_append_val (atoms, a);
      }
    else if (atoms->len > 0)
      {
        /* A trailing separator ("Nas &") separates nothing. */
        Atom *last = &g_array_index (atoms, Atom, atoms->len - 1);
        g_clear_pointer (&last->sep, g_free);
      }
  }
  return atoms;
}

static char *
segment_text (GArray *atoms,
              guint   i,
              guint   j)
{
  GString *s = g_string_new (NULL);

  for (guint k = i; k < j; k++)
    {
      Atom *a = &g_array_index (atoms, Atom, k);
      g_string_append (s, a->text);
      if (k + 1 < j)
        g_string_append (s, a->sep);
    }
  return g_string_free (s, FALSE);
}

static gboolean
starts_with_the (const char *text)
{
  while (*text == ' ')
    text++;
  return g_ascii_strncasecmp (text, "the ", 4) == 0;
}

typedef struct
{
  int  covered;     /* atoms inside known names */
  int  pieces;
  int  prev;        /* where the last piece starts */
  gboolean known;   /* the last piece is a known name */
  gboolean valid;
} Best;

static gboolean
better (int covered_a, int pieces_a, const Best *b)
{
  return !b->valid || covered_a > b->covered || (covered_a == b->covered && pieces_a < b->pieces);
}

static void
split_list (const char    *list,
            HtOriginTable *table,
            GPtrArray     *out)
{
  g_autoptr(GArray) atoms = tokenize (list);
  guint n = atoms->len;
  g_autofree Best *best = NULL;       /* best[j * 2 + known]: atoms [0, j) */
  g_autofree gboolean *known = NULL;  /* known[i * (n + 1) + j] for piece [i, j) */
  g_autofree gboolean *allowed = NULL;
  g_autoptr(GArray) cuts = NULL;
  int end_state;

  if (n == 0)
    return;
  if (n > MAX_ATOMS)
    {
      /* Not a real credit: cut at every strong separator. */
      guint start = 0;
      for (guint k = 0; k < n; k++)
        if (k + 1 == n || g_array_index (atoms, Atom, k).strong)
          {
            g_autofree char *t = segment_text (atoms, start, k + 1);
            g_ptr_array_add (out, trim_name (t, -1));
            start = k + 1;
          }
      return;
    }

  known = g_new0 (gboolean, (n + 1) * (n + 1));
  allowed = g_new0 (gboolean, (n + 1) * (n + 1));
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j <= n; j++)
      {
        g_autofree char *t = segment_text (atoms, i, j);
        g_autofree char *name = trim_name (t, -1);
        gboolean k = table != NULL && _ht_origin_table_knows_locked (table, name);
        gboolean ok = TRUE;

        /* An unknown piece may hold weak separators, and strong ones only before "The". */
        for (guint m = i; m + 1 < j && !k; m++)
          if (g_array_index (atoms, Atom, m).strong
              && !starts_with_the (g_array_index (atoms, Atom, m + 1).text))
            ok = FALSE;
        known[i * (n + 1) + j] = k;
        allowed[i * (n + 1) + j] = k || ok;
      }

  best = g_new0 (Best, (n + 1) * 2);
  best[0] = (Best) { 0, 0, -1, TRUE, TRUE };
  for (guint j = 1; j <= n; j++)
    for (guint i = 0; i < j; i++)
      {
        gboolean k = known[i * (n + 1) + j];
        int cover = k ? (int) (j - i) : 0;

        if (!allowed[i * (n + 1) + j])
          continue;
        for (int pk = 0; pk < 2; pk++)
          {
            const Best *from = &best[i * 2 + pk];
            Best *to = &best[j * 2 + k];

            if (!from->valid)
              continue;
            /* A weak separator cuts only between two known names. */
            if (i > 0 && !g_array_index (atoms, Atom, i - 1).strong && !(pk && k))
              continue;
            /* "X & The Y" is one band unless "The Y" is a name we know ("Drake & The Weeknd"). */
            if (i > 0 && !k && starts_with_the (g_array_index (atoms, Atom, i).text))
              continue;
            if (better (from->covered + cover, from->pieces + 1, to))
              *to = (Best) { from->covered + cover, from->pieces + 1, (int) (i * 2 + pk), k, TRUE };
          }
      }

  end_state = (int) n * 2;
  if (best[n * 2 + 1].valid
      && (!best[n * 2].valid || !better (best[n * 2].covered, best[n * 2].pieces, &best[n * 2 + 1])))
    end_state = (int) n * 2 + 1;
  if (!best[end_state].valid)
    {
      g_autofree char *t = segment_text (atoms, 0, n);
      g_ptr_array_add (out, trim_name (t, -1));
      return;
    }
  cuts = g_array_new (FALSE, FALSE, sizeof (guint));
  for (int s = end_state; s > 0 && best[s].prev >= 0; s = best[s].prev)
    {
      guint j = s / 2;
      g_array_prepend_val (cuts, j);
    }
  {
    guint start = 0;
    for (guint c = 0; c < cuts->len; c++)
      {
        guint j = g_array_index (cuts, guint, c);
        g_autofree char *t = segment_text (atoms, start, j);
        g_ptr_array_add (out, trim_name (t, -1));
        start = j;
      }
  }
}

static void
add_names (GPtrArray     *into,
           const char    *list,
           HtOriginTable *table)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  split_list (list, table, names);
  for (guint i = 0; i < names->len; i++)
    {
      char *name = g_ptr_array_index (names, i);
      if (name[0] != '\0')
        g_ptr_array_add (into, g_strdup (name));
    }
}

static void
remove_duplicates (GPtrArray *names,
                   GPtrArray *also_in)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; also_in && i < also_in->len; i++)
    {
      char *key = ht_artist_name_normalize (g_ptr_array_index (also_in, i));
      if (key)
        g_hash_table_add (seen, key);
    }
  for (guint i = 0; i < names->len;)
    {
      char *key = ht_artist_name_normalize (g_ptr_array_index (names, i));
      if (key == NULL || g_hash_table_contains (seen, key))
        {
          g_free (key);
          g_ptr_array_remove_index (names, i);
          continue;
        }
      g_hash_table_add (seen, key);
      i++;
    }
}

HtCredits *
_ht_credits_parse_locked (const char    *artist,
                          const char    *title,
                          HtOriginTable *table)
{
  HtCredits *credits = g_new0 (HtCredits, 1);

  credits->primary = g_ptr_array_new_with_free_func (g_free);
  credits->featured = g_ptr_array_new_with_free_func (g_free);

  if (artist != NULL && strlen (artist) <= 4 * HT_ARTIST_NAME_MAX)
    {
      g_autofree char *whole = trim_name (artist, -1);

      if (table != NULL && _ht_origin_table_knows_locked (table, whole))
        g_ptr_array_add (credits->primary, g_steal_pointer (&whole));
      else
        {
          Scan scan = { g_string_new (NULL), g_ptr_array_new_with_free_func (g_free) };

          scan_credits (artist, TRUE, &scan);
          add_names (credits->primary, scan.clean->str, table);
          for (guint i = 0; i < scan.features->len; i++)
            add_names (credits->featured, g_ptr_array_index (scan.features, i), table);
          g_string_free (scan.clean, TRUE);
          g_ptr_array_unref (scan.features);
        }
    }

  if (title != NULL)
    {
      Scan scan = { g_string_new (NULL), g_ptr_array_new_with_free_func (g_free) };

      scan_credits (title, FALSE, &scan);
      for (guint i = 0; i < scan.features->len; i++)
        add_names (credits->featured, g_ptr_array_index (scan.features, i), table);
      /* Collapse the spaces the removed credits leave behind. */
      {
        g_auto(GStrv) words = g_strsplit_set (scan.clean->str, " \t", -1);
        GString *t = g_string_new (NULL);
        for (guint i = 0; words[i]; i++)
          if (words[i][0])
            {
              if (t->len)
                g_string_append_c (t, ' ');
              g_string_append (t, words[i]);
            }
        while (t->len > 0 && strchr (" -–", t->str[t->len - 1]))
          g_string_truncate (t, t->len - 1);
        credits->title = g_string_free (t, FALSE);
      }
      g_string_free (scan.clean, TRUE);
      g_ptr_array_unref (scan.features);
    }
  else
    credits->title = g_strdup ("");

  remove_duplicates (credits->primary, NULL);
  remove_duplicates (credits->featured, credits->primary);
  return credits;
}

HtCredits *
ht_credits_parse (const char    *artist,
                  const char    *title,
                  HtOriginTable *table)
{
  HtCredits *credits;

  g_return_val_if_fail (table == NULL || HT_IS_ORIGIN_TABLE (table), NULL);
  if (table)
    _ht_origin_table_read_lock (table);
  credits = _ht_credits_parse_locked (artist, title, table);
  if (table)
    _ht_origin_table_read_unlock (table);
  return credits;
}

void
ht_credits_free (HtCredits *credits)
{
  if (credits == NULL)
    return;
  g_ptr_array_unref (credits->primary);
  g_ptr_array_unref (credits->featured);
  g_free (credits->title);
  g_free (credits);
}
