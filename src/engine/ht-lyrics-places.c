/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-lyrics-places"

#include "config.h"

#include <string.h>

#include "ht-lyrics-places.h"
#include "ht-lyrics-text.h"
#include "htc-geo.h"
#include "htc-places.h"

/* State names as lyrics spell them; codes as htc-geo.h sorts them. */
static const struct
{
  const char *code, *name;
} state_names[] = {
  { "AK", "alaska" },         { "AL", "alabama" },        { "AR", "arkansas" },
  { "AZ", "arizona" },        { "CA", "california" },     { "CO", "colorado" },
  { "CT", "connecticut" },    { "DC", "dc" },             { "DE", "delaware" },
  { "FL", "florida" },        { "GA", "georgia" },        { "HI", "hawaii" },
  { "IA", "iowa" },           { "ID", "idaho" },          { "IL", "illinois" },
  { "IN", "indiana" },        { "KS", "kansas" },         { "KY", "kentucky" },
  { "LA", "louisiana" },      { "MA", "massachusetts" },  { "MD", "maryland" },
  { "ME", "maine" },          { "MI", "michigan" },       { "MN", "minnesota" },
  { "MO", "missouri" },       { "MS", "mississippi" },    { "MT", "montana" },
  { "NC", "north carolina" }, { "ND", "north dakota" },   { "NE", "nebraska" },
  { "NH", "new hampshire" },  { "NJ", "new jersey" },     { "NM", "new mexico" },
  { "NV", "nevada" },         { "NY", "new york" },       { "OH", "ohio" },
  { "OK", "oklahoma" },       { "OR", "oregon" },         { "PA", "pennsylvania" },
  { "RI", "rhode island" },   { "SC", "south carolina" }, { "SD", "south dakota" },
  { "TN", "tennessee" },      { "TX", "texas" },          { "UT", "utah" },
  { "VA", "virginia" },       { "VT", "vermont" },        { "WA", "washington" },
  { "WI", "wisconsin" },      { "WV", "west virginia" },  { "WY", "wyoming" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (state_names) == HTC_GEO_N_STATES);

static void
clear_source (gpointer data)
{
  HtLyricsPlaceSource *s = data;
  g_free (s->phrase);
  g_free (s->artist_key);
}

static void
add_phrase (GArray     *sources,
            const char *artist_key,
            const char *place,
            guint8      region)
{
  HtLyricsPlaceSource s;
  g_autofree char *flat = ht_lyrics_text_normalize (place, -1, NULL);
  gsize len = strlen (flat);
  guint words = 1;

  for (gsize i = 0; i < len; i++)
    words += flat[i] == ' ';
  /* "LA" or "Mo" would match everyday words; too many words are not a name lyrics use. */
  if (len < 3 || words > HTC_PLACES_MAX_WORDS)
    return;
  s.phrase = g_steal_pointer (&flat);
  s.artist_key = g_strdup (artist_key);
  s.region = region;
  g_array_append_val (sources, s);
}

void
ht_lyrics_place_sources_add (GArray     *sources,
                             const char *artist_key,
                             const char *city,
                             const char *state,
                             guint8      region)
{
  g_return_if_fail (sources != NULL && artist_key != NULL && region < 4);

  if (city && *city)
    {
      g_autofree char *flat = ht_lyrics_text_normalize (city, -1, NULL);
      add_phrase (sources, artist_key, city, region);
      /* Lyrics say "saint louis" as often as "st louis". */
      if (g_str_has_prefix (flat, "st "))
        {
          g_autofree char *saint = g_strconcat ("saint ", flat + 3, NULL);
          add_phrase (sources, artist_key, saint, region);
        }
    }
  for (guint i = 0; state && i < G_N_ELEMENTS (state_names); i++)
    if (g_ascii_strcasecmp (state, state_names[i].code) == 0)
      add_phrase (sources, artist_key, state_names[i].name, region);
}

GArray *
ht_lyrics_place_sources_new (void)
{
  GArray *sources = g_array_new (FALSE, FALSE, sizeof (HtLyricsPlaceSource));
  g_array_set_clear_func (sources, clear_source);
  return sources;
}

GArray *
ht_lyrics_place_sources_from_origins (HtOriginTable *table)
{
  GArray *sources = ht_lyrics_place_sources_new ();
  guint n;

  g_return_val_if_fail (HT_IS_ORIGIN_TABLE (table), sources);
  n = ht_origin_table_get_n_artists (table);
  for (guint i = 0; i < n; i++)
    {
      const HtOrigin *o = ht_origin_table_get_shipped (table, i);
      if (o->region >= HT_REGION_EAST && o->region <= HT_REGION_MIDWEST)
        ht_lyrics_place_sources_add (sources, o->key, o->city, o->state, (guint8) o->region);
    }
  return sources;
}
