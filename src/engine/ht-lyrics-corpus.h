/* ht-lyrics-corpus.h: the labelled lyrics corpus (songs.jsonl.xz), read into memory with each
 * song's text already in the flat form of ht-lyrics-text.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The file is JSON Lines, xz-compressed or plain (told apart by the xz magic bytes), streamed
 * through liblzma. Each line is an object with at least "id", "artist_key", "region" (East,
 * West, South or Midwest) and "lyrics"; "artist_group" (default: artist_key), "year",
 * "featured", "text_form" and "artist" are used when present. The raw lyric text is not kept.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Region order everywhere in the lyrics model. */
typedef enum
{
  HT_LYRICS_REGION_EAST,
  HT_LYRICS_REGION_WEST,
  HT_LYRICS_REGION_SOUTH,
  HT_LYRICS_REGION_MIDWEST,
  HT_LYRICS_N_REGIONS
} HtLyricsRegion;

/* "East", "West", "South", "Midwest": the keys used in files and JSON output. */
const char *ht_lyrics_region_key   (HtLyricsRegion region);
/* Translated display name. */
const char *ht_lyrics_region_label (HtLyricsRegion region);
/* -1 when key is not one of the four. */
int         ht_lyrics_region_from_key (const char *key);

typedef struct
{
  char           *id;
  char           *artist;          /* display name (artist_key when absent) */
  char           *artist_key;
  char           *artist_group;
  char          **featured;        /* NULL-terminated, never NULL */
  HtLyricsRegion  region;
  int             year;            /* 0 = unknown */
  gboolean        flat_source;     /* text_form was "flat" */
  char           *text;            /* flat form */
  gsize           text_len;
  guint           n_words;
} HtLyricsSong;

typedef struct _HtLyricsCorpus HtLyricsCorpus;

/* progress (may be NULL) is called on the calling thread with the fraction of the file read. */
typedef void (*HtLyricsProgressFunc) (double   fraction,
                                      gpointer user_data);

/* Reads and normalises a corpus. Errors name the file and, for bad records, the line. */
HtLyricsCorpus     *ht_lyrics_corpus_load      (GFile                *file,
                                                GCancellable         *cancellable,
                                                HtLyricsProgressFunc  progress,
                                                gpointer              user_data,
                                                GError              **error);
/* For tests and tools: a corpus from songs built in memory (takes the array). */
HtLyricsCorpus     *ht_lyrics_corpus_new       (GPtrArray            *songs);
HtLyricsCorpus     *ht_lyrics_corpus_ref       (HtLyricsCorpus       *self);
void                ht_lyrics_corpus_unref     (HtLyricsCorpus       *self);
guint               ht_lyrics_corpus_get_n_songs (HtLyricsCorpus     *self);
const HtLyricsSong *ht_lyrics_corpus_get_song  (HtLyricsCorpus       *self,
                                                guint                 index);

/* A song from raw fields (text is normalised here). For ht_lyrics_corpus_new(). */
HtLyricsSong       *ht_lyrics_song_new         (const char           *id,
                                                const char           *artist_key,
                                                const char           *artist_group,
                                                HtLyricsRegion        region,
                                                int                   year,
                                                const char * const   *featured,
                                                const char           *lyrics);
void                ht_lyrics_song_free        (HtLyricsSong         *song);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtLyricsCorpus, ht_lyrics_corpus_unref)

G_END_DECLS
