/* ht-origin-table.h: where artists come from — the shipped table (data/artists/origins.tsv and
 * aliases.tsv) plus the user's corrections ($XDG_DATA_HOME/hometown/origins-corrections.json).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lookups normalise the name (ht-artist-name.h) and go through hash tables: a hand-made alias
 * ("Hov", "Biggie Smalls", "Ye") first, then the table's own names and keys, then the key with
 * its spaces removed ("Jayz"), and last the primary artist of a credit ("Drake feat. Rihanna" ->
 * Drake, ht-credits.h). A user correction for the artist found replaces the shipped row.
 *
 * Lookups may run on any thread; changes (corrections) take a write lock. HtOrigin pointers stay
 * valid for the table's lifetime, even after the correction they came from is replaced.
 *
 * Corrections file (JSON, written atomically: temporary file, fsync, rename):
 *   { "format": "hometown-origin-corrections", "version": 1,
 *     "corrections": [ { "artist": "Drake", "city": "Memphis", "state": "TN", "country": "US",
 *                        "lat": 35.1495, "lon": -90.049 } ] }
 * state, country, lat and lon are optional; the region follows from the state (US) or is Other
 * (another country). A damaged file does not stop the table: it is reported by
 * ht_origin_table_get_corrections_error() and, on the next save, kept as
 * origins-corrections.json.damaged instead of being overwritten.
 */
#pragma once

#include <gio/gio.h>

#include "ht-region.h"

G_BEGIN_DECLS

typedef enum
{
  HT_ORIGIN_CONFIDENCE_LOW,    /* one noisy source (Echo Nest via OHHLA, a birthplace list) */
  HT_ORIGIN_CONFIDENCE_HIGH,   /* a curated hip-hop table */
  HT_ORIGIN_CONFIDENCE_USER,   /* the user's correction */
} HtOriginConfidence;

typedef struct
{
  const char        *key;       /* normalised name */
  const char        *name;      /* display name */
  const char        *city;      /* "" when unknown */
  const char        *state;     /* two-letter code for US artists, else "" */
  const char        *country;   /* "US", an ISO code, "non-US" or "" */
  double             lat;       /* degrees; NAN when unknown */
  double             lon;
  HtRegion           region;
  HtOriginConfidence confidence;
} HtOrigin;

typedef enum
{
  HT_ORIGIN_MATCH_NONE,
  HT_ORIGIN_MATCH_EXACT,         /* the display name, character for character */
  HT_ORIGIN_MATCH_NORMALIZED,    /* the same after normalisation ("jay-z" = "JAY-Z") */
  HT_ORIGIN_MATCH_ALIAS,         /* an alias ("Hov" = JAY-Z) */
  HT_ORIGIN_MATCH_COMPACT,       /* the same without spaces ("Jayz") */
  HT_ORIGIN_MATCH_PRIMARY,       /* the first primary artist of a credit */
  HT_ORIGIN_MATCH_CORRECTION,    /* only the user's corrections know this artist */
} HtOriginMatchKind;

typedef struct
{
  const HtOrigin    *origin;     /* NULL when unknown */
  HtOriginMatchKind  kind;
  gboolean           corrected;  /* origin is the user's correction */
} HtOriginMatch;

#define HT_TYPE_ORIGIN_TABLE (ht_origin_table_get_type ())
G_DECLARE_FINAL_TYPE (HtOriginTable, ht_origin_table, HT, ORIGIN_TABLE, GObject)

/* The shipped table and aliases (ht_data_dir_find_shipped) and the user's corrections. Fails only
 * when the shipped table is missing or damaged. */
HtOriginTable     *ht_origin_table_load_default      (GError        **error);
/* aliases_path and corrections_path may be NULL; a corrections file that does not exist is an
 * empty one. */
HtOriginTable     *ht_origin_table_new_from_files    (const char     *table_path,
                                                      const char     *aliases_path,
                                                      const char     *corrections_path,
                                                      GError        **error);

/* NULL when the artist is unknown (or the name empty or absurdly long). */
const HtOrigin    *ht_origin_table_lookup            (HtOriginTable  *table,
                                                      const char     *artist_name);
/* The same, saying how the name matched. Returns TRUE when found. */
gboolean           ht_origin_table_match             (HtOriginTable  *table,
                                                      const char     *artist_name,
                                                      HtOriginMatch  *match);
/* TRUE when the name itself (not a credit containing it) is known: used by ht-credits to keep
 * "Eric B. & Rakim" whole. */
gboolean           ht_origin_table_knows             (HtOriginTable  *table,
                                                      const char     *artist_name);
guint              ht_origin_table_get_n_artists     (HtOriginTable  *table);
/* Row i (< get_n_artists) of the shipped table, without the user's corrections: what a model
 * is trained from, so that training does not depend on one user's edits. */
const HtOrigin    *ht_origin_table_get_shipped       (HtOriginTable  *table,
                                                      guint           i);
/* An HtArtistRegionFunc (ht-audio-dataset.h) over the table, user_data being the table: the
 * artist's region index 0..3 (East, West, South, Midwest), HT_ARTIST_NOT_US (-2) for artists
 * from elsewhere, HT_ARTIST_UNKNOWN (-1) for the rest. Corrections apply. */
int                ht_origin_table_artist_region     (const char     *artist,
                                                      gpointer        table);
const char        *ht_origin_table_match_kind_to_string (HtOriginMatchKind kind);
const char        *ht_origin_confidence_to_string    (HtOriginConfidence confidence);
/* How a hometown is shown: "Queens, NY", "Toronto, CA", "Georgia", or the region's name when
 * only that is known. */
char              *ht_origin_format_place            (const HtOrigin *origin);

/* Corrections. `state` is a US state code or NULL/""; `country` defaults to "US" when a state
 * is given; lat/lon may be NAN. Emits "changed". Not saved until save_corrections(). */
gboolean           ht_origin_table_set_correction    (HtOriginTable  *table,
                                                      const char     *artist_name,
                                                      const char     *city,
                                                      const char     *state,
                                                      const char     *country,
                                                      double          lat,
                                                      double          lon,
                                                      GError        **error);
/* FALSE when there was no correction for that artist. Emits "changed". */
gboolean           ht_origin_table_remove_correction (HtOriginTable  *table,
                                                      const char     *artist_name);
guint              ht_origin_table_get_n_corrections (HtOriginTable  *table);
/* The path corrections are read from and saved to; NULL when the table has none. */
const char        *ht_origin_table_get_corrections_path  (HtOriginTable *table);
/* Why the corrections file could not be read, or NULL. */
const GError      *ht_origin_table_get_corrections_error (HtOriginTable *table);
/* Writes the corrections atomically; the previous file survives any failure or crash. */
gboolean           ht_origin_table_save_corrections  (HtOriginTable  *table,
                                                      GError        **error);

G_END_DECLS
