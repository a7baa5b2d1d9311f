/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-origin-table"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "ht-artist-name.h"
#include "ht-audio-dataset.h"
#include "ht-credits-private.h"
#include "ht-data-dir.h"
#include "ht-error.h"
#include "ht-origin-table-private.h"

#define CORRECTIONS_FORMAT "hometown-origin-corrections"
#define N_COLUMNS 9

struct _HtOriginTable
{
  GObject       parent_instance;

  GRWLock       lock;
  GStringChunk *strings;
  HtOrigin     *rows;
  guint         n_rows;
  GHashTable   *by_key;        /* normalised name or key -> HtOrigin* (rows) */
  GHashTable   *by_alias;      /* normalised alias -> HtOrigin* (rows) */
  GHashTable   *by_compact;    /* key without spaces -> HtOrigin*, or NULL when ambiguous */

  GHashTable   *corrections;   /* resolved key -> HtOrigin* (owned by `graveyard`) */
  GPtrArray    *graveyard;     /* every correction ever made, so pointers stay valid */
  char         *corrections_path;
  GError       *corrections_error;
};

G_DEFINE_FINAL_TYPE (HtOriginTable, ht_origin_table, G_TYPE_OBJECT)

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
origin_free (gpointer data)
{
  HtOrigin *o = data;

  g_free ((char *) o->key);
  g_free ((char *) o->name);
  g_free ((char *) o->city);
  g_free ((char *) o->state);
  g_free ((char *) o->country);
  g_free (o);
}

static void
ht_origin_table_finalize (GObject *object)
{
  HtOriginTable *self = HT_ORIGIN_TABLE (object);

  g_clear_pointer (&self->by_key, g_hash_table_unref);
  g_clear_pointer (&self->by_alias, g_hash_table_unref);
  g_clear_pointer (&self->by_compact, g_hash_table_unref);
  g_clear_pointer (&self->corrections, g_hash_table_unref);
  g_clear_pointer (&self->graveyard, g_ptr_array_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);
  g_clear_pointer (&self->rows, g_free);
  g_clear_pointer (&self->corrections_path, g_free);
  g_clear_error (&self->corrections_error);
  g_rw_lock_clear (&self->lock);
  G_OBJECT_CLASS (ht_origin_table_parent_class)->finalize (object);
}

static void
ht_origin_table_class_init (HtOriginTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ht_origin_table_finalize;
  /* Corrections were set or removed. */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ht_origin_table_init (HtOriginTable *self)
{
  g_rw_lock_init (&self->lock);
  self->strings = g_string_chunk_new (64 * 1024);
  self->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->by_alias = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->by_compact = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->corrections = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->graveyard = g_ptr_array_new_with_free_func (origin_free);
}

/* ---- loading the shipped table ---- */

static gboolean
parse_coordinate (const char *text,
                  double      limit,
                  double     *out)
{
  char *end = NULL;
  double v;

  if (text[0] == '\0')
    {
      *out = NAN;
      return TRUE;
    }
  v = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (v) || fabs (v) > limit)
    return FALSE;
  *out = v;
  return TRUE;
}

static void
index_name (GHashTable *table,
            const char *name,
            HtOrigin   *origin)
{
  char *key = ht_artist_name_normalize (name);

  /* The first row wins: the table is sorted by key, and a row's own key is indexed first. */
  if (key != NULL && !g_hash_table_contains (table, key))
    g_hash_table_insert (table, key, origin);
  else
    g_free (key);
}

static gboolean
load_table (HtOriginTable *self,
            const char    *path,
            GError       **error)
{
  g_autofree char *text = NULL;
  g_autofree char *display = g_filename_display_name (path);
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (HtOrigin));
  g_autoptr(GError) local_error = NULL;
  gboolean header_seen = FALSE;
  gsize len;
  guint line_no = 0;
  char *line, *next;

  if (!g_file_get_contents (path, &text, &len, &local_error))
    {
      g_set_error (error, HT_ERROR, HT_ERROR_NOT_FOUND,
                   _("Cannot read the artist origin table “%s”: %s"), display,
                   local_error->message);
      return FALSE;
    }
  if (!g_utf8_validate (text, len, NULL))
    {
      g_set_error (error, HT_ERROR, HT_ERROR_CORRUPT,
                   _("The artist origin table “%s” is not valid UTF-8 text"), display);
      return FALSE;
    }

  for (line = text; line != NULL && *line; line = next)
    {
      char *fields[N_COLUMNS];
      guint n = 0;
      HtOrigin o = { 0 };
      char *p;

      line_no++;
      next = strchr (line, '\n');
      if (next)
        *next++ = '\0';
      if (line[0] == '#' || line[0] == '\0')
        continue;
      if (!header_seen)
        {
          if (!g_str_has_prefix (line, "key\tname\tcity\tstate\tcountry\tlat\tlon\tregion\tconfidence"))
            {
              g_set_error (error, HT_ERROR, HT_ERROR_CORRUPT,
                           _("The artist origin table “%s” has no header line (line %u)"),
                           display, line_no);
              return FALSE;
            }
          header_seen = TRUE;
          continue;
        }
      for (p = line; n < N_COLUMNS; n++)
        {
          fields[n] = p;
          p = strchr (p, '\t');
          if (p == NULL)
            {
              n++;
              break;
            }
          *p++ = '\0';
        }
      if (n != N_COLUMNS || p != NULL)
        {
          g_set_error (error, HT_ERROR, HT_ERROR_CORRUPT,
                       _("Line %u of the artist origin table “%s” does not have %d columns"),
                       line_no, display, N_COLUMNS);
          return FALSE;
        }
      if (fields[0][0] == '\0' || fields[1][0] == '\0'
          || !parse_coordinate (fields[5], 90, &o.lat) || !parse_coordinate (fields[6], 180, &o.lon)
          || isnan (o.lat) != isnan (o.lon) || !ht_region_from_id (fields[7], &o.region))
        {
          g_set_error (error, HT_ERROR, HT_ERROR_CORRUPT,
                       _("Line %u of the artist origin table “%s” is damaged"), line_no, display);
          return FALSE;
        }
      o.key = g_string_chunk_insert_const (self->strings, fields[0]);
      o.name = g_string_chunk_insert_const (self->strings, fields[1]);
      o.city = g_string_chunk_insert_const (self->strings, fields[2]);
      o.state = g_string_chunk_insert_const (self->strings, fields[3]);
      o.country = g_string_chunk_insert_const (self->strings, fields[4]);
      o.confidence = strcmp (fields[8], "high") == 0 ? HT_ORIGIN_CONFIDENCE_HIGH
                                                     : HT_ORIGIN_CONFIDENCE_LOW;
      g_array_append_val (rows, o);
    }
  if (rows->len == 0)
    {
      g_set_error (error, HT_ERROR, HT_ERROR_CORRUPT,
                   _("The artist origin table “%s” has no artists"), display);
      return FALSE;
    }

  self->n_rows = rows->len;
  self->rows = (HtOrigin *) (void *) g_array_free (g_steal_pointer (&rows), FALSE);
  /* Keys first, then display names, so a row's key always finds that row. */
  for (guint i = 0; i < self->n_rows; i++)
    index_name (self->by_key, self->rows[i].key, &self->rows[i]);
  for (guint i = 0; i < self->n_rows; i++)
    index_name (self->by_key, self->rows[i].name, &self->rows[i]);
  for (guint i = 0; i < self->n_rows; i++)
    {
      char *compact = ht_artist_name_compact (self->rows[i].key);
      gpointer old;

      if (g_hash_table_lookup_extended (self->by_compact, compact, NULL, &old))
        {
          if (old != &self->rows[i])
            g_hash_table_replace (self->by_compact, compact, NULL);   /* ambiguous */
          else
            g_free (compact);
        }
      else
        g_hash_table_insert (self->by_compact, compact, &self->rows[i]);
    }
  return TRUE;
}

static gboolean
load_aliases (HtOriginTable *self,
              const char    *path,
              GError       **error)
{
  g_autofree char *text = NULL;
  g_autofree char *display = g_filename_display_name (path);
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &text, NULL, &local_error))
    {
      g_set_error (error, HT_ERROR, HT_ERROR_NOT_FOUND,
                   _("Cannot read the artist alias list “%s”: %s"), display, local_error->message);
      return FALSE;
    }
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) f = NULL;
      HtOrigin *target;
      g_autofree char *target_key = NULL;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      f = g_strsplit (lines[i], "\t", -1);
      target_key = g_strv_length (f) == 2 ? ht_artist_name_normalize (f[1]) : NULL;
      target = target_key ? g_hash_table_lookup (self->by_key, target_key) : NULL;
      if (target == NULL)
        {
          g_set_error (error, HT_ERROR, HT_ERROR_CORRUPT,
                       _("Line %u of the artist alias list “%s” names no known artist"), i + 1,
                       display);
          return FALSE;
        }
      index_name (self->by_alias, f[0], target);
    }
  return TRUE;
}

/* ---- lookups (callers hold the lock) ---- */

static HtOrigin *
resolve_key (HtOriginTable     *self,
             const char        *key,
             HtOriginMatchKind *kind)
{
  HtOrigin *o, *alias;
  g_autofree char *compact = NULL;

  /* An alias overrules a row of the same name ("Snoop Lion"), and otherwise only names it. */
  alias = g_hash_table_lookup (self->by_alias, key);
  o = g_hash_table_lookup (self->by_key, key);
  if (alias != NULL && alias != o)
    {
      *kind = HT_ORIGIN_MATCH_ALIAS;
      return alias;
    }
  if (o != NULL)
    {
      *kind = HT_ORIGIN_MATCH_NORMALIZED;
      return o;
    }
  compact = ht_artist_name_compact (key);
  if ((o = g_hash_table_lookup (self->by_compact, compact)) != NULL)
    {
      *kind = HT_ORIGIN_MATCH_COMPACT;
      return o;
    }
  *kind = HT_ORIGIN_MATCH_NONE;
  return NULL;
}

/* The key corrections are filed under: the table's key of the artist when known, else the
 * normalised name. */
static char *
correction_key (HtOriginTable *self,
                const char    *key)
{
  HtOriginMatchKind kind;
  HtOrigin *o = resolve_key (self, key, &kind);

  return g_strdup (o ? o->key : key);
}

static gboolean
match_locked (HtOriginTable *self,
              const char    *artist_name,
              gboolean       whole_only,
              HtOriginMatch *match)
{
  g_autofree char *key = ht_artist_name_normalize (artist_name);
  HtOriginMatchKind kind = HT_ORIGIN_MATCH_NONE;
  HtOrigin *o, *corrected;

  *match = (HtOriginMatch) { NULL, HT_ORIGIN_MATCH_NONE, FALSE };
  if (key == NULL)
    return FALSE;
  o = resolve_key (self, key, &kind);
  corrected = g_hash_table_lookup (self->corrections, o ? o->key : key);
  if (o != NULL)
    {
      if (kind == HT_ORIGIN_MATCH_NORMALIZED && strcmp (artist_name, o->name) == 0)
        kind = HT_ORIGIN_MATCH_EXACT;
      *match = (HtOriginMatch) { corrected ? corrected : o, kind, corrected != NULL };
      return TRUE;
    }
  if (corrected != NULL)
    {
      *match = (HtOriginMatch) { corrected, HT_ORIGIN_MATCH_CORRECTION, TRUE };
      return TRUE;
    }
  if (whole_only)
    return FALSE;

  /* A credit ("Drake feat. Rihanna", "JAY-Z & Kanye West"): its first primary artist. */
  {
    g_autoptr(HtCredits) credits = _ht_credits_parse_locked (artist_name, NULL, self);
    const char *first = credits && credits->primary->len > 0
                          ? g_ptr_array_index (credits->primary, 0) : NULL;

    if (first != NULL && strcmp (first, artist_name) != 0
        && match_locked (self, first, TRUE, match))
      {
        match->kind = HT_ORIGIN_MATCH_PRIMARY;
        return TRUE;
      }
  }
  return FALSE;
}

void
_ht_origin_table_read_lock (HtOriginTable *self)
{
  g_rw_lock_reader_lock (&self->lock);
}

void
_ht_origin_table_read_unlock (HtOriginTable *self)
{
  g_rw_lock_reader_unlock (&self->lock);
}

gboolean
_ht_origin_table_knows_locked (HtOriginTable *self,
                               const char    *artist_name)
{
  HtOriginMatch match;

  return match_locked (self, artist_name, TRUE, &match);
}

gboolean
ht_origin_table_match (HtOriginTable *self,
                       const char    *artist_name,
                       HtOriginMatch *match)
{
  HtOriginMatch local;
  gboolean found;

  if (match == NULL)
    match = &local;
  *match = (HtOriginMatch) { NULL, HT_ORIGIN_MATCH_NONE, FALSE };
  g_return_val_if_fail (HT_IS_ORIGIN_TABLE (self), FALSE);
  if (artist_name == NULL)
    return FALSE;
  g_rw_lock_reader_lock (&self->lock);
  found = match_locked (self, artist_name, FALSE, match);
  g_rw_lock_reader_unlock (&self->lock);
  return found;
}

const HtOrigin *
ht_origin_table_lookup (HtOriginTable *self,
                        const char    *artist_name)
{
  HtOriginMatch match;

  g_return_val_if_fail (HT_IS_ORIGIN_TABLE (self), NULL);
  ht_origin_table_match (self, artist_name, &match);
  return match.origin;
}

gboolean
ht_origin_table_knows (HtOriginTable *self,
                       const char    *artist_name)
{
  gboolean known;

  g_return_val_if_fail (HT_IS_ORIGIN_TABLE (self), FALSE);
  if (artist_name == NULL)
    return FALSE;
  g_rw_lock_reader_lock (&self->lock);
  known = _ht_origin_table_knows_locked (self, artist_name);
  g_rw_lock_reader_unlock (&self->lock);
  return known;
}

guint
ht_origin_table_get_n_artists (HtOriginTable *self)
{
  g_return_val_if_fail (HT_IS_ORIGIN_TABLE (self), 0);
  return self->n_rows;
}

const HtOrigin *
ht_origin_table_get_shipped (HtOriginTable *self,
                             guint          i)
{
  g_return_val_if_fail (HT_IS_ORIGIN_TABLE (self), NULL);
  g_return_val_if_fail (i < self->n_rows, NULL);
  return &self->rows[i];
}

int
ht_origin_table_artist_region (const char *artist,
                               gpointer    table)
{
  const HtOrigin *o;

  g_return_val_if_fail (HT_IS_ORIGIN_TABLE (table), HT_ARTIST_UNKNOWN);
  o = ht_origin_table_lookup (table, artist);
  if (o == NULL || o->region == HT_REGION_UNKNOWN)
    return HT_ARTIST_UNKNOWN;
  if (o->region == HT_REGION_OTHER)
    return HT_ARTIST_NOT_US;
  G_STATIC_ASSERT (HT_AUDIO_N_REGIONS == HT_N_US_REGIONS);
  return (int) o->region;
}

const char *
ht_origin_table_match_kind_to_string (HtOriginMatchKind kind)
{
  switch (kind)
    {
    case HT_ORIGIN_MATCH_EXACT: return _("exact name");
    case HT_ORIGIN_MATCH_NORMALIZED: return _("same name after normalising case, accents and punctuation");
    case HT_ORIGIN_MATCH_ALIAS: return _("alias");
    case HT_ORIGIN_MATCH_COMPACT: return _("same name without spaces");
    case HT_ORIGIN_MATCH_PRIMARY: return _("primary artist of the credit");
    case HT_ORIGIN_MATCH_CORRECTION: return _("your correction");
    case HT_ORIGIN_MATCH_NONE:
    default: return _("no match");
    }
}

const char *
ht_origin_confidence_to_string (HtOriginConfidence confidence)
{
  switch (confidence)
    {
    case HT_ORIGIN_CONFIDENCE_HIGH: return _("high (curated hip-hop table)");
    case HT_ORIGIN_CONFIDENCE_USER: return _("your correction");
    case HT_ORIGIN_CONFIDENCE_LOW:
    default: return _("low (one noisy source)");
    }
}

/* ---- corrections ---- */

static HtOrigin *
correction_new (const char *key,
                const char *name,
                const char *city,
                const char *state,
                const char *country,
                double      lat,
                double      lon)
{
  HtOrigin *o = g_new0 (HtOrigin, 1);
  g_autofree char *state_up = g_ascii_strup (state ? state : "", -1);

  if (country == NULL || country[0] == '\0')
    country = state_up[0] ? "US" : "";
  o->key = g_strdup (key);
  o->name = g_strdup (name);
  o->city = g_strdup (city ? city : "");
  o->state = g_steal_pointer (&state_up);
  o->country = g_ascii_strup (country, -1);
  o->lat = lat;
  o->lon = lon;
  o->confidence = HT_ORIGIN_CONFIDENCE_USER;
  if (g_ascii_strcasecmp (o->country, "US") == 0 || g_ascii_strcasecmp (o->country, "USA") == 0)
    o->region = ht_region_for_state (o->state);
  else
    o->region = o->country[0] ? HT_REGION_OTHER : HT_REGION_UNKNOWN;
  return o;
}

static gboolean
check_correction (const char *name,
                  const char *state,
                  const char *country,
                  double      lat,
                  double      lon,
                  GError    **error)
{
  gboolean us = country == NULL || country[0] == '\0' || g_ascii_strcasecmp (country, "US") == 0
                || g_ascii_strcasecmp (country, "USA") == 0;

  if (state != NULL && state[0] != '\0' && us
      && ht_region_for_state (state) == HT_REGION_UNKNOWN)
    {
      g_set_error (error, HT_ERROR, HT_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a US state code (for the hometown of “%s”)"), state, name);
      return FALSE;
    }
  if (isnan (lat) != isnan (lon) || (!isnan (lat) && (fabs (lat) > 90 || fabs (lon) > 180))
      || isinf (lat) || isinf (lon))
    {
      g_set_error (error, HT_ERROR, HT_ERROR_INVALID_ARGUMENT,
                   _("The coordinates given for “%s” are not a place on Earth"), name);
      return FALSE;
    }
  return TRUE;
}

gboolean
ht_origin_table_set_correction (HtOriginTable *self,
                                const char    *artist_name,
                                const char    *city,
                                const char    *state,
                                const char    *country,
                                double         lat,
                                double         lon,
                                GError       **error)
{
  g_autofree char *norm = NULL;
  g_autofree char *key = NULL;
  HtOrigin *o;

  g_return_val_if_fail (HT_IS_ORIGIN_TABLE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  norm = ht_artist_name_normalize (artist_name);
  if (norm == NULL)
    {
      g_set_error_literal (error, HT_ERROR, HT_ERROR_INVALID_ARGUMENT,
                           _("An artist name needs at least one letter or digit"));
      return FALSE;
    }
  if (!check_correction (artist_name, state, country, lat, lon, error))
    return FALSE;

  g_rw_lock_writer_lock (&self->lock);
  key = correction_key (self, norm);
  o = correction_new (key, artist_name, city, state, country, lat, lon);
  g_ptr_array_add (self->graveyard, o);
  g_hash_table_replace (self->corrections, g_steal_pointer (&key), o);
  g_rw_lock_writer_unlock (&self->lock);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return TRUE;
}

gboolean
ht_origin_table_remove_correction (HtOriginTable *self,
                                   const char    *artist_name)
{
  g_autofree char *norm = NULL;
  g_autofree char *key = NULL;
  gboolean removed;

  g_return_val_if_fail (HT_IS_ORIGIN_TABLE (self), FALSE);
  if ((norm = ht_artist_name_normalize (artist_name)) == NULL)
    return FALSE;
  g_rw_lock_writer_lock (&self->lock);
  key = correction_key (self, norm);
  removed = g_hash_table_remove (self->corrections, key);
  g_rw_lock_writer_unlock (&self->lock);
  if (removed)
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return removed;
}

guint
ht_origin_table_get_n_corrections (HtOriginTable *self)
{
  guint n;

  g_return_val_if_fail (HT_IS_ORIGIN_TABLE (self), 0);
  g_rw_lock_reader_lock (&self->lock);
  n = g_hash_table_size (self->corrections);
  g_rw_lock_reader_unlock (&self->lock);
  return n;
}

const char *
ht_origin_table_get_corrections_path (HtOriginTable *self)
{
  g_return_val_if_fail (HT_IS_ORIGIN_TABLE (self), NULL);
  return self->corrections_path;
}

const GError *
ht_origin_table_get_corrections_error (HtOriginTable *self)
{
  g_return_val_if_fail (HT_IS_ORIGIN_TABLE (self), NULL);
  return self->corrections_error;
}

static const char *
member_string (JsonObject *obj,
               const char *name,
               gboolean   *ok)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      *ok = FALSE;
      return NULL;
    }
  return json_node_get_string (node);
}

static double
member_double (JsonObject *obj,
               const char *name,
               gboolean   *ok)
{
  JsonNode *node = json_object_get_member (obj, name);
  GType t;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NAN;
  t = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (t != G_TYPE_DOUBLE && t != G_TYPE_INT64)
    {
      *ok = FALSE;
      return NAN;
    }
  return json_node_get_double (node);
}

static gboolean
load_corrections (HtOriginTable *self,
                  const char    *path,
                  GError       **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GHashTable) loaded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonNode *root;
  JsonObject *obj;
  JsonArray *array;
  JsonNode *member;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;
  if (!json_parser_load_from_mapped_file (parser, path, &local_error))
    {
      g_set_error (error, HT_ERROR, HT_ERROR_CORRUPT,
                   _("Your hometown corrections “%s” could not be read: %s"), display,
                   local_error->message);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  obj = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  {
    gboolean ok = obj != NULL;
    const char *format = ok ? member_string (obj, "format", &ok) : NULL;

    if (!ok || g_strcmp0 (format, CORRECTIONS_FORMAT) != 0)
      {
        g_set_error (error, HT_ERROR, HT_ERROR_CORRUPT,
                     _("“%s” is not a Hometown corrections file"), display);
        return FALSE;
      }
  }
  {
    gboolean ok = TRUE;
    double version = member_double (obj, "version", &ok);

    if (!ok || version != 1)
      {
        g_set_error (error, HT_ERROR, HT_ERROR_CORRUPT,
                     _("“%s” is a corrections file of an unknown version"), display);
        return FALSE;
      }
  }
  member = json_object_get_member (obj, "corrections");
  array = member && JSON_NODE_HOLDS_ARRAY (member) ? json_node_get_array (member) : NULL;
  if (array == NULL)
    {
      g_set_error (error, HT_ERROR, HT_ERROR_CORRUPT,
                   _("“%s” has no list of corrections"), display);
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *entry = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      gboolean ok = entry != NULL;
      const char *artist = NULL, *city = NULL, *state = NULL, *country = NULL;
      double lat = NAN, lon = NAN;
      g_autofree char *norm = NULL;
      g_autoptr(GError) entry_error = NULL;
      HtOrigin *o;

      if (ok)
        {
          artist = member_string (entry, "artist", &ok);
          city = member_string (entry, "city", &ok);
          state = member_string (entry, "state", &ok);
          country = member_string (entry, "country", &ok);
          lat = member_double (entry, "lat", &ok);
          lon = member_double (entry, "lon", &ok);
        }
      if (ok)
        norm = ht_artist_name_normalize (artist);
      if (!ok || norm == NULL)
        {
          g_set_error (error, HT_ERROR, HT_ERROR_CORRUPT,
                       _("Correction %u in “%s” is damaged (it needs an artist name, and text "
                         "or numbers in the right places)"), i + 1, display);
          return FALSE;
        }
      if (!check_correction (artist, state, country, lat, lon, &entry_error))
        {
          g_set_error (error, HT_ERROR, HT_ERROR_CORRUPT, _("Correction %u in “%s”: %s"), i + 1,
                       display, entry_error->message);
          return FALSE;
        }
      o = correction_new (norm, artist, city, state, country, lat, lon);
      g_ptr_array_add (self->graveyard, o);
      g_hash_table_replace (loaded, g_steal_pointer (&norm), o);
    }

  /* All or nothing: file corrections under the artists' table keys only once all are good. */
  {
    GHashTableIter iter;
    gpointer k, v;

    g_hash_table_iter_init (&iter, loaded);
    while (g_hash_table_iter_next (&iter, &k, &v))
      {
        HtOrigin *o = v;
        char *key = correction_key (self, k);

        g_free ((char *) o->key);
        o->key = g_strdup (key);
        g_hash_table_replace (self->corrections, key, o);
      }
  }
  return TRUE;
}

static int
compare_by_key (gconstpointer a,
                gconstpointer b)
{
  const HtOrigin *x = *(const HtOrigin * const *) a, *y = *(const HtOrigin * const *) b;
  return strcmp (x->key, y->key);
}

static char *
corrections_to_json (HtOriginTable *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(GPtrArray) list = g_ptr_array_new ();
  g_autoptr(JsonNode) root = NULL;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->corrections);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (list, value);
  g_ptr_array_sort (list, compare_by_key);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, CORRECTIONS_FORMAT);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "corrections");
  json_builder_begin_array (b);
  for (guint i = 0; i < list->len; i++)
    {
      const HtOrigin *o = g_ptr_array_index (list, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "artist");
      json_builder_add_string_value (b, o->name);
      json_builder_set_member_name (b, "city");
      json_builder_add_string_value (b, o->city);
      if (o->state[0])
        {
          json_builder_set_member_name (b, "state");
          json_builder_add_string_value (b, o->state);
        }
      if (o->country[0])
        {
          json_builder_set_member_name (b, "country");
          json_builder_add_string_value (b, o->country);
        }
      if (!isnan (o->lat))
        {
          json_builder_set_member_name (b, "lat");
          json_builder_add_double_value (b, o->lat);
          json_builder_set_member_name (b, "lon");
          json_builder_add_double_value (b, o->lon);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, NULL);
}

/* Temporary file in the same folder, written in pieces, fsync, rename over the old file, fsync
 * of the folder: a crash at any point leaves the old file or the new one, whole. (Not
 * g_file_set_contents_full(): the same idea, but one fallocate() and one write() give a test no
 * way to stop it half-way.) */
static gboolean
write_atomically (const char *path,
                  const char *data,
                  gsize       len,
                  GError    **error)
{
  g_autofree char *tmp = g_strconcat (path, ".XXXXXX", NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  gsize done = 0;
  int fd, saved;

  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    goto fail;
  while (done < len)
    {
      gssize n = write (fd, data + done, MIN (len - done, 16 * 1024));
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        goto fail_unlink;
      done += n;
    }
  if (fsync (fd) != 0)
    goto fail_unlink;
  if (close (fd) != 0)
    {
      fd = -1;
      goto fail_unlink;
    }
  fd = -1;
  if (g_rename (tmp, path) != 0)
    goto fail_unlink;
  /* The rename itself must reach the disk too. */
  fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
  return TRUE;

fail_unlink:
  saved = errno;
  if (fd >= 0)
    close (fd);
  g_unlink (tmp);
  errno = saved;
fail:
  saved = errno;
  g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved), g_strerror (saved));
  return FALSE;
}

gboolean
ht_origin_table_save_corrections (HtOriginTable *self,
                                  GError       **error)
{
  g_autofree char *data = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *display = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (HT_IS_ORIGIN_TABLE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (self->corrections_path == NULL)
    {
      g_set_error_literal (error, HT_ERROR, HT_ERROR_FAILED,
                           _("This artist table has no file for corrections"));
      return FALSE;
    }
  display = g_filename_display_name (self->corrections_path);

  g_rw_lock_reader_lock (&self->lock);
  data = corrections_to_json (self);
  g_rw_lock_reader_unlock (&self->lock);

  dir = g_path_get_dirname (self->corrections_path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot create the folder for “%s”: %s"), display, g_strerror (saved));
      return FALSE;
    }
  /* A file that failed to load is the user's data too: keep it aside, never overwrite it. */
  if (self->corrections_error != NULL && g_file_test (self->corrections_path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *aside = g_strconcat (self->corrections_path, ".damaged", NULL);
      if (g_rename (self->corrections_path, aside) != 0)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Cannot move the damaged corrections file “%s” aside: %s"), display,
                       g_strerror (saved));
          return FALSE;
        }
      g_clear_error (&self->corrections_error);
    }
  if (!write_atomically (self->corrections_path, data, strlen (data), &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Your hometown corrections could not be saved to “%s”: %s"), display,
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* ---- construction ---- */

HtOriginTable *
ht_origin_table_new_from_files (const char *table_path,
                                const char *aliases_path,
                                const char *corrections_path,
                                GError    **error)
{
  g_autoptr(HtOriginTable) self = NULL;

  g_return_val_if_fail (table_path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  self = g_object_new (HT_TYPE_ORIGIN_TABLE, NULL);
  if (!load_table (self, table_path, error))
    return NULL;
  if (aliases_path != NULL && !load_aliases (self, aliases_path, error))
    return NULL;
  if (corrections_path != NULL)
    {
      self->corrections_path = g_strdup (corrections_path);
      if (!load_corrections (self, corrections_path, &self->corrections_error))
        g_debug ("%s", self->corrections_error->message);   /* callers report it */
    }
  return g_steal_pointer (&self);
}

HtOriginTable *
ht_origin_table_load_default (GError **error)
{
  g_autofree char *table = ht_data_dir_find_shipped ("artists/origins.tsv");
  g_autofree char *aliases = ht_data_dir_find_shipped ("artists/aliases.tsv");
  g_autofree char *corrections = ht_data_dir_user_path ("origins-corrections.json");

  if (table == NULL)
    {
      g_set_error_literal (error, HT_ERROR, HT_ERROR_NOT_FOUND,
                           _("The artist origin table (artists/origins.tsv) is not installed"));
      return NULL;
    }
  return ht_origin_table_new_from_files (table, aliases, corrections, error);
}

char *
ht_origin_format_place (const HtOrigin *origin)
{
  g_return_val_if_fail (origin != NULL, NULL);

  if (*origin->city != '\0')
    {
      /* "non-US" says nothing a reader needs next to a city. */
      const char *country = strcmp (origin->country, "non-US") == 0 ? "" : origin->country;
      const char *where = *origin->state != '\0' ? origin->state : country;

      return *where != '\0' ? g_strdup_printf ("%s, %s", origin->city, where)
                            : g_strdup (origin->city);
    }
  if (*origin->state != '\0')
    return g_strdup (origin->state);
  return g_strdup (ht_region_to_string (origin->region));
}
