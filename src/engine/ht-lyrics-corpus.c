/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-lyrics-corpus"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <lzma.h>
#include <string.h>

#include "ht-error.h"
#include "ht-lyrics-corpus.h"
#include "ht-lyrics-text.h"

#define CHUNK_SIZE (256 * 1024)

struct _HtLyricsCorpus
{
  gatomicrefcount ref_count;
  GPtrArray      *songs;   /* HtLyricsSong* */
};

static const char *const region_keys[HT_LYRICS_N_REGIONS] = { "East", "West", "South", "Midwest" };

const char *
ht_lyrics_region_key (HtLyricsRegion region)
{
  g_return_val_if_fail (region < HT_LYRICS_N_REGIONS, NULL);
  return region_keys[region];
}

const char *
ht_lyrics_region_label (HtLyricsRegion region)
{
  g_return_val_if_fail (region < HT_LYRICS_N_REGIONS, NULL);
  switch (region)
    {
    case HT_LYRICS_REGION_EAST: return C_("region", "East");
    case HT_LYRICS_REGION_WEST: return C_("region", "West");
    case HT_LYRICS_REGION_SOUTH: return C_("region", "South");
    case HT_LYRICS_REGION_MIDWEST: return C_("region", "Midwest");
    case HT_LYRICS_N_REGIONS:
    default: return NULL;
    }
}

int
ht_lyrics_region_from_key (const char *key)
{
  for (int r = 0; key != NULL && r < HT_LYRICS_N_REGIONS; r++)
    if (strcmp (key, region_keys[r]) == 0)
      return r;
  return -1;
}

HtLyricsSong *
ht_lyrics_song_new (const char         *id,
                    const char         *artist_key,
                    const char         *artist_group,
                    HtLyricsRegion      region,
                    int                 year,
                    const char * const *featured,
                    const char         *lyrics)
{
  HtLyricsSong *song;
  HtLyricsTextStats stats;

  g_return_val_if_fail (id != NULL && artist_key != NULL && lyrics != NULL, NULL);
  g_return_val_if_fail (region < HT_LYRICS_N_REGIONS, NULL);

  song = g_new0 (HtLyricsSong, 1);
  song->id = g_strdup (id);
  song->artist = g_strdup (artist_key);
  song->artist_key = g_strdup (artist_key);
  song->artist_group = g_strdup (artist_group ? artist_group : artist_key);
  song->featured = featured ? g_strdupv ((char **) featured) : g_new0 (char *, 1);
  song->region = region;
  song->year = year;
  song->text = ht_lyrics_text_normalize (lyrics, -1, &stats);
  song->text_len = strlen (song->text);
  song->n_words = stats.n_words;
  return song;
}

void
ht_lyrics_song_free (HtLyricsSong *song)
{
  if (song == NULL)
    return;
  g_free (song->id);
  g_free (song->artist);
  g_free (song->artist_key);
  g_free (song->artist_group);
  g_strfreev (song->featured);
  g_free (song->text);
  g_free (song);
}

HtLyricsCorpus *
ht_lyrics_corpus_new (GPtrArray *songs)
{
  HtLyricsCorpus *self = g_new0 (HtLyricsCorpus, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->songs = songs ? songs : g_ptr_array_new ();
  g_ptr_array_set_free_func (self->songs, (GDestroyNotify) ht_lyrics_song_free);
  return self;
}

HtLyricsCorpus *
ht_lyrics_corpus_ref (HtLyricsCorpus *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
ht_lyrics_corpus_unref (HtLyricsCorpus *self)
{
  if (self == NULL)
    return;
  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_ptr_array_unref (self->songs);
      g_free (self);
    }
}

guint
ht_lyrics_corpus_get_n_songs (HtLyricsCorpus *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->songs->len;
}

const HtLyricsSong *
ht_lyrics_corpus_get_song (HtLyricsCorpus *self,
                           guint           index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->songs->len, NULL);
  return g_ptr_array_index (self->songs, index);
}

/* ---- reading ---- */

typedef struct
{
  const char   *name;       /* display name, for errors */
  GPtrArray    *songs;
  guint         line_no;
  JsonParser   *parser;
} Reader;

static const char *
member_string (JsonObject *obj,
               const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
bad_record (Reader     *r,
            GError    **error,
            const char *what)
{
  g_set_error (error, HT_ERROR, HT_ERROR_CORRUPT,
               /* Translators: “corpus file”, line N: what is wrong */
               _("“%s”, line %u: %s"), r->name, r->line_no, what);
  return FALSE;
}

static gboolean
parse_line (Reader     *r,
            const char *line,
            gsize       len,
            GError    **error)
{
  g_autoptr(GError) local = NULL;
  JsonNode *root;
  JsonObject *obj;
  JsonNode *node;
  const char *id, *artist_key, *artist_group, *region_key, *lyrics, *form, *artist;
  int region, year = 0;
  g_autoptr(GPtrArray) featured = g_ptr_array_new ();
  HtLyricsSong *song;

  while (len > 0 && g_ascii_isspace (line[len - 1]))
    len--;
  if (len == 0)
    return TRUE;
  if (!json_parser_load_from_data (r->parser, line, (gssize) len, &local))
    {
      g_autofree char *what = g_strdup_printf (_("not valid JSON (%s)"), local->message);
      return bad_record (r, error, what);
    }
  root = json_parser_get_root (r->parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return bad_record (r, error, _("not a JSON object"));
  obj = json_node_get_object (root);

  id = member_string (obj, "id");
  artist_key = member_string (obj, "artist_key");
  region_key = member_string (obj, "region");
  lyrics = member_string (obj, "lyrics");
  if (id == NULL || artist_key == NULL || region_key == NULL || lyrics == NULL)
    return bad_record (r, error,
                       _("a song needs the text fields “id”, “artist_key”, “region” and “lyrics”"));
  region = ht_lyrics_region_from_key (region_key);
  if (region < 0)
    {
      g_autofree char *what = g_strdup_printf (_("region “%s” is not East, West, South or Midwest"),
                                               region_key);
      return bad_record (r, error, what);
    }
  artist_group = member_string (obj, "artist_group");
  artist = member_string (obj, "artist");
  form = member_string (obj, "text_form");
  node = json_object_get_member (obj, "year");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_INT64)
    year = (int) CLAMP (json_node_get_int (node), 0, 9999);
  node = json_object_get_member (obj, "featured");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *arr = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          JsonNode *el = json_array_get_element (arr, i);
          if (JSON_NODE_HOLDS_VALUE (el) && json_node_get_value_type (el) == G_TYPE_STRING)
            g_ptr_array_add (featured, (gpointer) json_node_get_string (el));
        }
    }
  g_ptr_array_add (featured, NULL);

  song = ht_lyrics_song_new (id, artist_key, artist_group, region, year,
                             (const char * const *) featured->pdata, lyrics);
  if (artist != NULL)
    {
      g_free (song->artist);
      song->artist = g_strdup (artist);
    }
  song->flat_source = g_strcmp0 (form, "flat") == 0;
  g_ptr_array_add (r->songs, song);
  return TRUE;
}

/* Feeds decompressed bytes; whole lines are parsed, the tail is kept in `pending`. */
static gboolean
feed (Reader     *r,
      GByteArray *pending,
      const guint8 *data,
      gsize       len,
      GError    **error)
{
  gsize start = 0;

  g_byte_array_append (pending, data, (guint) len);
  for (gsize i = 0; i < pending->len; i++)
    {
      if (pending->data[i] != '\n')
        continue;
      r->line_no++;
      if (!parse_line (r, (const char *) pending->data + start, i - start, error))
        return FALSE;
      start = i + 1;
    }
  g_byte_array_remove_range (pending, 0, (guint) start);
  return TRUE;
}

static const char *
lzma_message (lzma_ret ret)
{
  switch (ret)
    {
    case LZMA_MEM_ERROR: return _("out of memory");
    case LZMA_FORMAT_ERROR: return _("not in the xz format");
    case LZMA_OPTIONS_ERROR: return _("unsupported compression options");
    case LZMA_DATA_ERROR: return _("the compressed data is corrupt");
    case LZMA_BUF_ERROR: return _("the file is truncated");
    case LZMA_OK: case LZMA_STREAM_END: case LZMA_NO_CHECK: case LZMA_UNSUPPORTED_CHECK:
    case LZMA_GET_CHECK: case LZMA_MEMLIMIT_ERROR: case LZMA_PROG_ERROR:
    default: return _("decompression failed");
    }
}

HtLyricsCorpus *
ht_lyrics_corpus_load (GFile                *file,
                       GCancellable         *cancellable,
                       HtLyricsProgressFunc  progress,
                       gpointer              user_data,
                       GError              **error)
{
  static const guint8 xz_magic[6] = { 0xFD, '7', 'z', 'X', 'Z', 0x00 };
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GByteArray) pending = g_byte_array_new ();
  g_autoptr(GPtrArray) songs = g_ptr_array_new_with_free_func ((GDestroyNotify) ht_lyrics_song_free);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree guint8 *in = g_malloc (CHUNK_SIZE), *outbuf = g_malloc (CHUNK_SIZE);
  g_autofree char *name = NULL;
  lzma_stream strm = LZMA_STREAM_INIT;
  gboolean first = TRUE, xz = FALSE, ok = TRUE, eof = FALSE;
  goffset size = 0, done = 0;
  Reader r = { 0 };

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_file_get_parse_name (file);
  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return NULL;
  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable, NULL);
  if (info != NULL)
    size = g_file_info_get_size (info);

  r.name = name;
  r.songs = songs;
  r.parser = parser;

  while (ok && !eof)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (stream), in, CHUNK_SIZE, cancellable, error);
      if (n < 0)
        {
          ok = FALSE;
          break;
        }
      if (first)
        {
          first = FALSE;
          xz = n >= 6 && memcmp (in, xz_magic, 6) == 0;
          if (xz)
            {
              lzma_ret ret = lzma_stream_decoder (&strm, UINT64_MAX, LZMA_CONCATENATED);
              if (ret != LZMA_OK)
                {
                  g_set_error (error, HT_ERROR, HT_ERROR_FAILED, _("Cannot read “%s”: %s"), name,
                               lzma_message (ret));
                  ok = FALSE;
                  break;
                }
            }
        }
      done += n;
      eof = n == 0;
      if (!xz)
        ok = feed (&r, pending, in, (gsize) n, error);
      else
        {
          strm.next_in = in;
          strm.avail_in = (size_t) n;
          do
            {
              lzma_ret ret;
              strm.next_out = outbuf;
              strm.avail_out = CHUNK_SIZE;
              ret = lzma_code (&strm, eof ? LZMA_FINISH : LZMA_RUN);
              if (ret != LZMA_OK && ret != LZMA_STREAM_END)
                {
                  g_set_error (error, HT_ERROR, HT_ERROR_CORRUPT, _("Cannot read “%s”: %s"), name,
                               lzma_message (ret));
                  ok = FALSE;
                  break;
                }
              ok = feed (&r, pending, outbuf, CHUNK_SIZE - strm.avail_out, error);
              if (ret == LZMA_STREAM_END)
                {
                  eof = TRUE;
                  break;
                }
            }
          while (ok && (strm.avail_in > 0 || strm.avail_out == 0));
        }
      if (ok && g_cancellable_set_error_if_cancelled (cancellable, error))
        ok = FALSE;
      if (ok && progress != NULL && size > 0)
        progress ((double) done / (double) size, user_data);
    }
  if (xz)
    lzma_end (&strm);
  if (!ok)
    return NULL;

  if (pending->len > 0)
    {
      r.line_no++;
      if (!parse_line (&r, (const char *) pending->data, pending->len, error))
        return NULL;
    }
  if (songs->len == 0)
    {
      g_set_error (error, HT_ERROR, HT_ERROR_EMPTY, _("“%s” holds no songs"), name);
      return NULL;
    }
  return ht_lyrics_corpus_new (g_steal_pointer (&songs));
}
