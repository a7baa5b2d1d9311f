/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-lyrics-file"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ht-error.h"
#include "ht-lyrics-file.h"

#define MAX_LYRICS_BYTES (1024 * 1024)

const char *
ht_lyrics_source_to_id (HtLyricsSource source)
{
  switch (source)
    {
    case HT_LYRICS_SOURCE_TAG: return "tag";
    case HT_LYRICS_SOURCE_LRC: return "lrc";
    case HT_LYRICS_SOURCE_TXT: return "txt";
    case HT_LYRICS_SOURCE_USER: return "user";
    case HT_LYRICS_SOURCE_FILE: return "file";
    case HT_LYRICS_SOURCE_NONE:
    default: return "none";
    }
}

const char *
ht_lyrics_source_describe (HtLyricsSource source)
{
  switch (source)
    {
    case HT_LYRICS_SOURCE_TAG: return _("embedded tag");
    case HT_LYRICS_SOURCE_LRC: return _("sidecar .lrc file");
    case HT_LYRICS_SOURCE_TXT: return _("sidecar .txt file");
    case HT_LYRICS_SOURCE_USER: return _("pasted or edited by you");
    case HT_LYRICS_SOURCE_FILE: return _("lyrics file");
    case HT_LYRICS_SOURCE_NONE:
    default: return _("no lyrics");
    }
}

static char *
clean_controls (const char *utf8)
{
  GString *out = g_string_sized_new (strlen (utf8));

  for (const char *p = utf8; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c == '\r')
        {
          g_string_append_c (out, '\n');
          if (p[1] == '\n')
            p++;
          continue;
        }
      if (c == 0xFEFF || (g_unichar_iscntrl (c) && c != '\n' && c != '\t'))
        continue;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

char *
ht_text_to_utf8 (const char *data,
                 gsize       len)
{
  const guchar *u = (const guchar *) data;
  g_autofree char *converted = NULL;
  g_autofree char *valid = NULL;
  g_autofree char *without_nul = NULL;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
    {
      data += 3;
      len -= 3;
    }
  else if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
    converted = g_convert (data + 2, (gssize) ((len - 2) & ~(gsize) 1), "UTF-8",
                           u[0] == 0xFF ? "UTF-16LE" : "UTF-16BE", NULL, NULL, NULL);
  if (converted == NULL && memchr (data, '\0', len) != NULL)
    {
      /* Stray NULs (not UTF-16: that had a BOM) are junk; drop them before decoding. */
      GString *no_nul = g_string_sized_new (len);
      for (gsize i = 0; i < len; i++)
        if (data[i] != '\0')
          g_string_append_c (no_nul, data[i]);
      len = no_nul->len;
      data = without_nul = g_string_free (no_nul, FALSE);
    }
  if (converted == NULL)
    {
      if (g_utf8_validate_len (data, len, NULL))
        converted = g_strndup (data, len);
      else
        converted = g_convert_with_fallback (data, (gssize) len, "UTF-8", "WINDOWS-1252", "?",
                                             NULL, NULL, NULL);
    }
  if (converted == NULL)   /* nothing fits: keep what is valid */
    converted = g_utf8_make_valid (data, (gssize) len);
  valid = g_utf8_make_valid (converted, -1);
  return clean_controls (valid);
}

/* Length of a [mm:ss], [mm:ss.xx] or [mm:ss:xx] stamp at p (with either bracket kind), or 0. */
static gsize
timestamp_len (const char *p,
               char        open,
               char        close)
{
  const char *q = p;

  if (*q++ != open)
    return 0;
  if (!g_ascii_isdigit (*q))
    return 0;
  while (g_ascii_isdigit (*q))
    q++;
  if (*q++ != ':' || !g_ascii_isdigit (*q))
    return 0;
  while (g_ascii_isdigit (*q))
    q++;
  if (*q == '.' || *q == ':')
    {
      q++;
      while (g_ascii_isdigit (*q))
        q++;
    }
  if (*q++ != close)
    return 0;
  return (gsize) (q - p);
}

static gboolean
is_header_line (const char *line)
{
  static const char * const tags[] = {
    "ar", "ti", "al", "au", "by", "re", "ve", "offset", "length", "lang", "tool", "#",
  };
  if (line[0] != '[')
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (tags); i++)
    {
      gsize n = strlen (tags[i]);
      if (g_ascii_strncasecmp (line + 1, tags[i], n) == 0 && line[1 + n] == ':'
          && strchr (line, ']') != NULL)
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_words (const char *line)
{
  for (const char *p = line; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isalnum (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

char *
ht_lyrics_from_lrc (const char *text)
{
  g_auto(GStrv) lines = NULL;
  GString *out;
  gboolean last_blank = TRUE;

  g_return_val_if_fail (text != NULL, NULL);
  lines = g_strsplit (text, "\n", -1);
  out = g_string_new (NULL);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      GString *line = g_string_new (NULL);
      const char *p = g_strstrip (lines[i]);
      gsize n;

      if (is_header_line (p))
        {
          g_string_free (line, TRUE);
          continue;
        }
      /* Leading stamps: "[00:12.00][01:40.00]Line" repeats a line at two times. */
      while ((n = timestamp_len (p, '[', ']')) > 0)
        p += n;
      while (*p != '\0')
        {
          if ((n = timestamp_len (p, '<', '>')) > 0 || (n = timestamp_len (p, '[', ']')) > 0)
            p += n;
          else
            g_string_append_c (line, *p++);
        }
      g_strstrip (line->str);
      line->len = strlen (line->str);
      if (!has_words (line->str))
        {
          /* blank or junk ("[[]]", "---"): at most one blank line between verses */
          if (line->len == 0 && !last_blank)
            {
              g_string_append_c (out, '\n');
              last_blank = TRUE;
            }
        }
      else
        {
          g_string_append_len (out, line->str, (gssize) line->len);
          g_string_append_c (out, '\n');
          last_blank = FALSE;
        }
      g_string_free (line, TRUE);
    }
  while (out->len > 0 && out->str[out->len - 1] == '\n')
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

static char *
read_text_file (GFile        *file,
                gboolean     *exists,
                GCancellable *cancellable,
                GError      **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = g_file_get_parse_name (file);
  gsize len = 0;

  *exists = FALSE;
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local);
  if (info == NULL)
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return NULL;
      g_set_error (error, HT_ERROR, HT_ERROR_PERMISSION, _("“%s” cannot be read: %s"), name,
                   local->message);
      return NULL;
    }
  *exists = TRUE;
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, HT_ERROR, HT_ERROR_NOT_A_FILE, _("“%s” is not a regular file"), name);
      return NULL;
    }
  if (g_file_info_get_size (info) > MAX_LYRICS_BYTES)
    {
      g_autofree char *size = g_format_size ((guint64) g_file_info_get_size (info));
      g_set_error (error, HT_ERROR, HT_ERROR_TOO_LONG,
                   _("“%s” is too large to be lyrics (%s; the limit is 1 MB)"), name, size);
      return NULL;
    }
  if (!g_file_load_contents (file, cancellable, &contents, &len, NULL, &local))
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, HT_ERROR, HT_ERROR_PERMISSION, _("“%s” cannot be read: %s"), name,
                     local->message);
      return NULL;
    }
  return ht_text_to_utf8 (contents, len);
}

static char *
check_nonempty (char       *text,
                const char *path,
                GError    **error)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isalnum (g_utf8_get_char (p)))
      return text;
  g_free (text);
  g_set_error (error, HT_ERROR, HT_ERROR_EMPTY, _("“%s” holds no lyrics"), path);
  return NULL;
}

char *
ht_lyrics_read_sidecar (GFile          *track,
                        HtLyricsSource *source,
                        char          **sidecar_path,
                        GCancellable   *cancellable,
                        GError        **error)
{
  static const struct { const char *ext; HtLyricsSource source; } kinds[] = {
    { ".lrc", HT_LYRICS_SOURCE_LRC },
    { ".txt", HT_LYRICS_SOURCE_TXT },
  };

  g_return_val_if_fail (G_IS_FILE (track), NULL);
  if (source != NULL)
    *source = HT_LYRICS_SOURCE_NONE;
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *path = NULL;
      g_autoptr(GFile) file = NULL;
      char *text;
      gboolean exists;

      {
        g_autofree char *track_path = g_file_get_path (track);
        const char *dot, *slash;
        g_autofree char *stem = NULL;
        if (track_path == NULL)
          return NULL;
        dot = strrchr (track_path, '.');
        slash = strrchr (track_path, G_DIR_SEPARATOR);
        stem = (dot != NULL && (slash == NULL || dot > slash))
                 ? g_strndup (track_path, (gsize) (dot - track_path)) : g_strdup (track_path);
        path = g_strconcat (stem, kinds[i].ext, NULL);
      }
      file = g_file_new_for_path (path);
      text = read_text_file (file, &exists, cancellable, error);
      if (!exists)
        continue;
      if (text == NULL)
        return NULL;
      if (kinds[i].source == HT_LYRICS_SOURCE_LRC)
        {
          char *plain = ht_lyrics_from_lrc (text);
          g_free (text);
          text = plain;
        }
      if ((text = check_nonempty (text, path, error)) == NULL)
        return NULL;
      if (source != NULL)
        *source = kinds[i].source;
      if (sidecar_path != NULL)
        *sidecar_path = g_steal_pointer (&path);
      return text;
    }
  return NULL;
}

char *
ht_lyrics_read_file (GFile        *file,
                     GCancellable *cancellable,
                     GError      **error)
{
  g_autofree char *name = g_file_get_parse_name (file);
  gboolean exists;
  char *text = read_text_file (file, &exists, cancellable, error);

  if (!exists)
    {
      g_set_error (error, HT_ERROR, HT_ERROR_NOT_FOUND, _("“%s” does not exist"), name);
      return NULL;
    }
  if (text == NULL)
    return NULL;
  if (g_str_has_suffix (name, ".lrc") || g_str_has_suffix (name, ".LRC"))
    {
      char *plain = ht_lyrics_from_lrc (text);
      g_free (text);
      text = plain;
    }
  return check_nonempty (text, name, error);
}
