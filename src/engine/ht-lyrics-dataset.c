/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-lyrics-dataset"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ht-cancel-flag.h"
#include "ht-error.h"
#include "ht-lyrics-dataset.h"
#include "ht-lyrics-text.h"
#include "htc-association.h"
#include "htc-rng.h"

struct _HtLyricsDataset
{
  HtLyricsCorpus *corpus;
  HtcFeaturizer  *featurizer;
  HtcCsr         *counts;
  gsize           n_rows;
  int32_t        *y;
  uint32_t       *group;        /* by row: artist_group id */
  uint32_t       *artist;       /* by row: artist_key id */
  guint           n_groups;
  guint           n_artists;
  guint          *artist_songs; /* by artist id: songs in the corpus */
  GArray        **guest_groups; /* by row: group ids (uint32) of featured artists in the corpus,
                                 * other than the row's own group; NULL when none */
  gsize          *usable;       /* rows, ascending */
  gsize           n_usable;

  /* Place names (ht_lyrics_dataset_set_places): every candidate, whose hometown it is, and
   * where each song mentions one. */
  HtcPlaces      *place_candidates;
  gsize          *support_start;    /* by candidate, + 1 */
  int32_t        *support_artist;   /* artist id, or -1 for an artist outside the corpus */
  uint8_t        *support_region;
  gsize          *mention_start;    /* by row, + 1 */
  int32_t        *mention;          /* candidate ids, in text order */
};

typedef struct
{
  HtLyricsStageFunc stage;
  gpointer          user_data;
  const char       *label;
} Progress;

static void
on_core_progress (void   *ctx,
                  double  fraction)
{
  Progress *p = ctx;
  if (p->stage)
    p->stage (p->label, fraction, p->user_data);
}

/* ---- names ---- */

/* A featured artist's name in the corpus's artist_key spelling: lower-case ASCII, & → and,
 * $ → s, dots and apostrophes dropped, other punctuation a space, a leading "the" dropped. */
static char *
name_to_key (const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name, "C");
  g_autoptr(GString) s = g_string_new (NULL);
  g_auto(GStrv) parts = NULL;
  GString *out = g_string_new (NULL);

  for (const char *p = ascii; *p; p++)
    {
      char c = g_ascii_tolower (*p);
      if (g_ascii_isalnum (c))
        g_string_append_c (s, c);
      else if (c == '&')
        g_string_append (s, " and ");
      else if (c == '$')
        g_string_append_c (s, 's');
      else if (c != '.' && c != '\'')
        g_string_append_c (s, ' ');
    }
  parts = g_strsplit (s->str, " ", -1);
  for (guint i = 0; parts[i]; i++)
    {
      if (parts[i][0] == '\0')
        continue;
      if (out->len == 0 && strcmp (parts[i], "the") == 0 && parts[i + 1] != NULL)
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, parts[i]);
    }
  return g_string_free (out, FALSE);
}

static guint
intern (GHashTable *table,
        const char *name)
{
  gpointer v;
  if (g_hash_table_lookup_extended (table, name, NULL, &v))
    return GPOINTER_TO_UINT (v);
  g_hash_table_insert (table, g_strdup (name), GUINT_TO_POINTER (g_hash_table_size (table)));
  return g_hash_table_size (table) - 1;
}

HtLyricsDataset *
ht_lyrics_dataset_new (HtLyricsCorpus        *corpus,
                       const HtLyricsConfig  *config,
                       GCancellable          *cancellable,
                       HtLyricsStageFunc      stage,
                       gpointer               user_data,
                       GError               **error)
{
  HtLyricsDataset *self;
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) artists = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree const char **docs = NULL;
  g_autofree size_t *lens = NULL;
  HtcFeaturizerParams fp = { 0 };
  HtCancelFlag cf;
  Progress prog = { stage, user_data, NULL };
  HtcStatus status;
  gsize n;

  g_return_val_if_fail (corpus != NULL && config != NULL, NULL);

  n = ht_lyrics_corpus_get_n_songs (corpus);
  self = g_new0 (HtLyricsDataset, 1);
  self->corpus = ht_lyrics_corpus_ref (corpus);
  self->n_rows = n;
  self->y = g_new (int32_t, n);
  self->group = g_new (uint32_t, n);
  self->artist = g_new (uint32_t, n);
  self->guest_groups = g_new0 (GArray *, n);
  docs = g_new (const char *, n);
  lens = g_new (size_t, n);

  for (gsize i = 0; i < n; i++)
    {
      const HtLyricsSong *song = ht_lyrics_corpus_get_song (corpus, (guint) i);
      self->y[i] = (int32_t) song->region;
      self->group[i] = intern (groups, song->artist_group);
      self->artist[i] = intern (artists, song->artist_key);
      docs[i] = song->text;
      lens[i] = song->text_len;
    }
  self->usable = g_new (gsize, n);
  for (gsize i = 0; i < n; i++)
    if (ht_lyrics_text_english_share (docs[i]) >= HT_LYRICS_MIN_ENGLISH_SHARE)
      self->usable[self->n_usable++] = i;
  self->n_groups = g_hash_table_size (groups);
  self->n_artists = g_hash_table_size (artists);
  self->artist_songs = g_new0 (guint, self->n_artists);
  for (gsize i = 0; i < n; i++)
    self->artist_songs[self->artist[i]]++;

  /* Featured names → the group of the corpus artist they name (by key or display name). */
  for (gsize i = 0; i < n; i++)
    {
      const HtLyricsSong *song = ht_lyrics_corpus_get_song (corpus, (guint) i);
      g_autofree char *k1 = name_to_key (song->artist_key), *k2 = name_to_key (song->artist);
      g_hash_table_insert (by_name, g_steal_pointer (&k1), GUINT_TO_POINTER (self->group[i] + 1));
      g_hash_table_insert (by_name, g_steal_pointer (&k2), GUINT_TO_POINTER (self->group[i] + 1));
    }
  for (gsize i = 0; i < n; i++)
    {
      const HtLyricsSong *song = ht_lyrics_corpus_get_song (corpus, (guint) i);
      for (guint f = 0; song->featured[f]; f++)
        {
          g_autofree char *key = name_to_key (song->featured[f]);
          guint g = GPOINTER_TO_UINT (g_hash_table_lookup (by_name, key));
          gboolean seen = FALSE;
          if (g == 0 || g - 1 == self->group[i])
            continue;
          g--;
          if (self->guest_groups[i] == NULL)
            self->guest_groups[i] = g_array_new (FALSE, FALSE, sizeof (uint32_t));
          for (guint j = 0; j < self->guest_groups[i]->len; j++)
            seen = seen || g_array_index (self->guest_groups[i], uint32_t, j) == g;
          if (!seen)
            g_array_append_val (self->guest_groups[i], g);
        }
    }

  fp.ngram = config->ngram;
  fp.min_df = MAX (config->min_df, 1);
  fp.min_groups = MAX (config->min_groups, 1);
  fp.char_max_df = config->char_max_df;
  fp.n_threads = MAX (config->n_threads, 1);
  fp.progress = on_core_progress;
  fp.progress_ctx = &prog;
  ht_cancel_flag_init (&cf, cancellable);
  fp.cancel = &cf.flag;
  prog.label = _("Building the vocabulary");
  status = htc_featurizer_build (&fp, docs, lens, n, self->group, &self->featurizer);
  if (status == HTC_OK)
    {
      prog.label = _("Counting n-grams");
      status = htc_featurizer_count_corpus (self->featurizer, docs, lens, n, fp.n_threads,
                                            &cf.flag, on_core_progress, &prog, &self->counts);
    }
  ht_cancel_flag_clear (&cf);
  if (!ht_error_check_status (status, _("lyrics corpus"), error))
    {
      ht_lyrics_dataset_free (self);
      return NULL;
    }
  g_debug ("dataset: %zu songs (%zu usable), %zu features (blocks at %zu, %zu), %zu non-zeros",
           n, self->n_usable, htc_featurizer_n_features (self->featurizer),
           htc_featurizer_block_starts (self->featurizer)[1],
           htc_featurizer_block_starts (self->featurizer)[2], htc_csr_nnz (self->counts));
  return self;
}

void
ht_lyrics_dataset_free (HtLyricsDataset *self)
{
  if (self == NULL)
    return;
  for (gsize i = 0; self->guest_groups && i < self->n_rows; i++)
    if (self->guest_groups[i])
      g_array_unref (self->guest_groups[i]);
  g_free (self->guest_groups);
  htc_featurizer_free (self->featurizer);
  htc_csr_free (self->counts);
  g_free (self->y);
  g_free (self->group);
  g_free (self->artist);
  g_free (self->artist_songs);
  g_free (self->usable);
  htc_places_free (self->place_candidates);
  g_free (self->support_start);
  g_free (self->support_artist);
  g_free (self->support_region);
  g_free (self->mention_start);
  g_free (self->mention);
  ht_lyrics_corpus_unref (self->corpus);
  g_free (self);
}

static void
on_mention (void    *ctx,
            int32_t  place)
{
  g_array_append_val ((GArray *) ctx, place);
}

gboolean
ht_lyrics_dataset_set_places (HtLyricsDataset           *self,
                              const HtLyricsPlaceSource *sources,
                              gsize                      n_sources,
                              GCancellable              *cancellable,
                              GError                   **error)
{
  g_autoptr(GHashTable) artist_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) mentions = g_array_new (FALSE, FALSE, sizeof (int32_t));
  g_autofree gsize *order = NULL, *fill = NULL;
  g_autofree int32_t *first_of = NULL;
  g_autofree uint8_t *zero = NULL;
  HtcVocab *phrases = NULL;
  HtcStatus status;
  gsize n_places;

  g_return_val_if_fail (self != NULL && (sources != NULL || n_sources == 0), FALSE);

  for (gsize i = 0; i < self->n_rows; i++)
    {
      const HtLyricsSong *song = ht_lyrics_corpus_get_song (self->corpus, (guint) i);
      g_hash_table_insert (artist_id, (gpointer) song->artist_key,
                           GUINT_TO_POINTER (self->artist[i] + 1));
    }

  /* Distinct phrases, then each one's supporters grouped (a counting sort by phrase id). */
  status = htc_vocab_new (n_sources, &phrases);
  first_of = g_new (int32_t, MAX (n_sources, 1));
  for (gsize i = 0; status == HTC_OK && i < n_sources; i++)
    status = htc_vocab_add (phrases, sources[i].phrase, strlen (sources[i].phrase), &first_of[i],
                            NULL);
  if (status != HTC_OK)
    {
      htc_vocab_free (phrases);
      return ht_error_check_status (status, _("place names"), error);
    }
  n_places = htc_vocab_size (phrases);
  g_clear_pointer (&self->place_candidates, htc_places_free);
  g_clear_pointer (&self->support_start, g_free);
  g_clear_pointer (&self->support_artist, g_free);
  g_clear_pointer (&self->support_region, g_free);
  g_clear_pointer (&self->mention_start, g_free);
  g_clear_pointer (&self->mention, g_free);
  /* The candidates have no region until a fit's vote: one label for all, as a matcher only. */
  zero = g_new0 (uint8_t, MAX (n_places, 1));
  status = htc_places_new (phrases, zero, 1, &self->place_candidates);
  if (!ht_error_check_status (status, _("place names"), error))
    return FALSE;

  self->support_start = g_new0 (gsize, n_places + 1);
  self->support_artist = g_new (int32_t, MAX (n_sources, 1));
  self->support_region = g_new (uint8_t, MAX (n_sources, 1));
  for (gsize i = 0; i < n_sources; i++)
    self->support_start[first_of[i] + 1]++;
  for (gsize j = 0; j < n_places; j++)
    self->support_start[j + 1] += self->support_start[j];
  fill = g_memdup2 (self->support_start, (n_places + 1) * sizeof (gsize));
  for (gsize i = 0; i < n_sources; i++)
    {
      gsize at = fill[first_of[i]]++;
      guint id = GPOINTER_TO_UINT (g_hash_table_lookup (artist_id, sources[i].artist_key));
      self->support_artist[at] = (int32_t) id - 1;
      self->support_region[at] = MIN (sources[i].region, HT_LYRICS_N_REGIONS - 1);
    }

  self->mention_start = g_new (gsize, self->n_rows + 1);
  self->mention_start[0] = 0;
  for (gsize i = 0; i < self->n_rows; i++)
    {
      const HtLyricsSong *song = ht_lyrics_corpus_get_song (self->corpus, (guint) i);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      htc_places_scan (self->place_candidates, song->text, song->text_len, NULL, on_mention,
                       mentions);
      self->mention_start[i + 1] = mentions->len;
    }
  self->mention = (int32_t *) g_array_steal (mentions, NULL);
  g_debug ("places: %zu candidate names from %zu sources, %zu mentions", n_places, n_sources,
           self->mention_start[self->n_rows]);
  return TRUE;
}

HtLyricsCorpus *
ht_lyrics_dataset_get_corpus (HtLyricsDataset *self)
{
  return self->corpus;
}

const HtcFeaturizer *
ht_lyrics_dataset_get_featurizer (HtLyricsDataset *self)
{
  return self->featurizer;
}

const HtcCsr *
ht_lyrics_dataset_get_counts (HtLyricsDataset *self)
{
  return self->counts;
}

const int32_t *
ht_lyrics_dataset_get_labels (HtLyricsDataset *self)
{
  return self->y;
}

gsize
ht_lyrics_dataset_get_n_rows (HtLyricsDataset *self)
{
  return self->n_rows;
}

const gsize *
ht_lyrics_dataset_get_usable_rows (HtLyricsDataset *self,
                                   gsize           *n_rows)
{
  *n_rows = self->n_usable;
  return self->usable;
}

guint
ht_lyrics_dataset_get_n_groups (HtLyricsDataset *self)
{
  return self->n_groups;
}

guint
ht_lyrics_dataset_get_n_artists (HtLyricsDataset *self)
{
  return self->n_artists;
}

const uint32_t *
ht_lyrics_dataset_get_artists (HtLyricsDataset *self)
{
  return self->artist;
}

/* ---- folds ---- */

typedef struct
{
  guint a, b;
  guint weight;   /* songs linking the two groups */
} Link;

static int
cmp_link (gconstpointer x,
          gconstpointer y)
{
  const Link *p = x, *q = y;
  if (p->weight != q->weight)
    return p->weight > q->weight ? -1 : 1;
  if (p->a != q->a)
    return p->a < q->a ? -1 : 1;
  return (p->b > q->b) - (p->b < q->b);
}

static guint
uf_find (guint *parent,
         guint  x)
{
  while (parent[x] != x)
    {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
  return x;
}

typedef struct
{
  guint root;
  guint size;
  guint tiebreak;
} Component;

static int
cmp_component (gconstpointer x,
               gconstpointer y)
{
  const Component *p = x, *q = y;
  if (p->size != q->size)
    return p->size > q->size ? -1 : 1;
  return (p->tiebreak > q->tiebreak) - (p->tiebreak < q->tiebreak);
}

void
ht_lyrics_dataset_grouped_folds (HtLyricsDataset    *self,
                                 const gsize        *rows,
                                 gsize               n_rows,
                                 guint               k,
                                 guint64             seed,
                                 guint              *fold,
                                 HtLyricsFoldReport *report)
{
  g_autofree gboolean *listed = g_new0 (gboolean, self->n_rows);
  g_autofree guint *parent = g_new (guint, self->n_groups);
  g_autofree guint *size = g_new0 (guint, self->n_groups);
  g_autofree guint *comp_fold = g_new0 (guint, self->n_groups);
  g_autofree guint *fold_size = g_new0 (guint, k);
  g_autoptr(GHashTable) link_index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) links = g_array_new (FALSE, FALSE, sizeof (Link));
  g_autoptr(GArray) comps = g_array_new (FALSE, FALSE, sizeof (Component));
  guint limit, n_links = 0, joined = 0;
  HtcRng rng;

  g_return_if_fail (k >= 2 && fold != NULL);

  if (rows == NULL)
    {
      rows = self->usable;
      n_rows = self->n_usable;
    }
  for (gsize t = 0; t < n_rows; t++)
    listed[rows[t]] = TRUE;
  limit = (guint) (n_rows / (2 * k));
  for (guint g = 0; g < self->n_groups; g++)
    parent[g] = g;
  for (gsize i = 0; i < self->n_rows; i++)
    if (listed[i])
      size[self->group[i]]++;

  /* Links between groups, weighted by how many songs make them. */
  for (gsize i = 0; i < self->n_rows; i++)
    for (guint j = 0; listed[i] && self->guest_groups[i] && j < self->guest_groups[i]->len; j++)
      {
        guint a = self->group[i], b = g_array_index (self->guest_groups[i], uint32_t, j);
        gint64 key = ((gint64) MIN (a, b) << 32) | MAX (a, b);
        gpointer idx;
        n_links++;
        if (g_hash_table_lookup_extended (link_index, &key, NULL, &idx))
          g_array_index (links, Link, GPOINTER_TO_UINT (idx)).weight++;
        else
          {
            Link l = { MIN (a, b), MAX (a, b), 1 };
            g_hash_table_insert (link_index, g_memdup2 (&key, sizeof key),
                                 GUINT_TO_POINTER (links->len));
            g_array_append_val (links, l);
          }
      }
  g_array_sort (links, cmp_link);

  /* Merge along the strongest links while components stay small enough for balanced folds. */
  for (guint t = 0; t < links->len; t++)
    {
      Link *l = &g_array_index (links, Link, t);
      guint ra = uf_find (parent, l->a), rb = uf_find (parent, l->b);
      if (ra == rb)
        continue;
      if (size[ra] + size[rb] > limit)
        continue;
      parent[rb] = ra;
      size[ra] += size[rb];
    }

  htc_rng_init (&rng, seed);
  for (guint g = 0; g < self->n_groups; g++)
    if (uf_find (parent, g) == g && size[g] > 0)
      {
        Component c = { g, size[g], htc_rng_u32 (&rng) };
        g_array_append_val (comps, c);
      }
  g_array_sort (comps, cmp_component);
  for (guint c = 0; c < comps->len; c++)
    {
      Component *comp = &g_array_index (comps, Component, c);
      guint best = 0;
      for (guint f = 1; f < k; f++)
        if (fold_size[f] < fold_size[best])
          best = f;
      comp_fold[comp->root] = best;
      fold_size[best] += comp->size;
    }
  for (gsize i = 0; i < self->n_rows; i++)
    fold[i] = listed[i] ? comp_fold[uf_find (parent, self->group[i])] : HT_LYRICS_NO_FOLD;

  for (gsize i = 0; i < self->n_rows; i++)
    for (guint j = 0; listed[i] && self->guest_groups[i] && j < self->guest_groups[i]->len; j++)
      {
        guint g = uf_find (parent, g_array_index (self->guest_groups[i], uint32_t, j));
        joined += size[g] == 0 || fold[i] == comp_fold[g];
      }

  if (report)
    {
      report->n_components = comps->len;
      report->n_links = n_links;
      report->n_links_joined = joined;
      report->n_excluded = 0;
    }
}

void
ht_lyrics_dataset_random_folds (HtLyricsDataset *self,
                                guint            k,
                                guint64          seed,
                                guint           *fold)
{
  g_autofree uint32_t *perm = g_new (uint32_t, self->n_usable + 1);
  HtcRng rng;

  g_return_if_fail (k >= 2 && fold != NULL);
  for (gsize i = 0; i < self->n_rows; i++)
    fold[i] = HT_LYRICS_NO_FOLD;
  for (gsize i = 0; i < self->n_usable; i++)
    perm[i] = (uint32_t) self->usable[i];
  htc_rng_init (&rng, seed);
  htc_rng_shuffle (&rng, perm, (uint32_t) self->n_usable);
  for (gsize i = 0; i < self->n_usable; i++)
    fold[perm[i]] = (guint) (i % k);
}

GArray *
ht_lyrics_dataset_train_rows (HtLyricsDataset *self,
                              const guint     *fold,
                              guint            test_fold,
                              gboolean         guests,
                              guint           *n_excluded)
{
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autofree gboolean *group_in_test = g_new0 (gboolean, self->n_groups);
  guint excluded = 0;

  for (gsize i = 0; i < self->n_rows; i++)
    if (fold[i] == test_fold)
      group_in_test[self->group[i]] = TRUE;
  for (gsize i = 0; i < self->n_rows; i++)
    {
      gboolean leave_out = FALSE;
      if (fold[i] == test_fold || fold[i] == HT_LYRICS_NO_FOLD)
        continue;
      for (guint j = 0; guests && self->guest_groups[i] && j < self->guest_groups[i]->len; j++)
        leave_out = leave_out || group_in_test[g_array_index (self->guest_groups[i], uint32_t, j)];
      if (leave_out)
        {
          excluded++;
          continue;
        }
      g_array_append_val (rows, i);
    }
  if (n_excluded)
    *n_excluded = excluded;
  return rows;
}

void
ht_lyrics_dataset_keep_group_share (HtLyricsDataset *self,
                                    GArray          *rows,
                                    double           share,
                                    guint64          seed)
{
  g_autofree uint32_t *order = NULL;
  g_autofree gboolean *present = NULL, *keep = NULL;
  guint n_present = 0, n_keep, taken = 0, kept = 0;
  HtcRng rng;

  g_return_if_fail (self != NULL && rows != NULL);
  if (!(share < 1.0))   /* also NaN: keep everything */
    return;
  present = g_new0 (gboolean, self->n_groups + 1);
  keep = g_new0 (gboolean, self->n_groups + 1);
  for (guint t = 0; t < rows->len; t++)
    {
      uint32_t g = self->group[g_array_index (rows, gsize, t)];
      n_present += !present[g];
      present[g] = TRUE;
    }
  n_keep = share > 0 ? (guint) (share * n_present + 0.5) : 0;
  /* One order over all groups, whatever the rows: the nesting across shares follows. */
  order = g_new (uint32_t, self->n_groups + 1);
  for (guint g = 0; g < self->n_groups; g++)
    order[g] = g;
  htc_rng_init (&rng, seed);
  htc_rng_shuffle (&rng, order, self->n_groups);
  for (guint i = 0; i < self->n_groups && taken < n_keep; i++)
    if (present[order[i]])
      {
        keep[order[i]] = TRUE;
        taken++;
      }
  for (guint t = 0; t < rows->len; t++)
    {
      gsize r = g_array_index (rows, gsize, t);
      if (keep[self->group[r]])
        g_array_index (rows, gsize, kept++) = r;
    }
  g_array_set_size (rows, kept);
}

void
ht_lyrics_dataset_weights (HtLyricsDataset      *self,
                           const HtLyricsConfig *config,
                           const gsize          *rows,
                           gsize                 n_rows,
                           float                *weights)
{
  g_autofree guint *count = g_new0 (guint, self->n_artists);
  double class_total[HT_LYRICS_N_REGIONS] = { 0 }, total = 0;
  guint n_present = 0;

  for (gsize i = 0; i < n_rows; i++)
    count[self->artist[rows[i]]]++;
  for (gsize i = 0; i < n_rows; i++)
    {
      double w = 1.0;
      if (config->artist_cap > 0)
        w = MIN (1.0, config->artist_cap / count[self->artist[rows[i]]]);
      weights[i] = (float) w;
      class_total[self->y[rows[i]]] += w;
      total += w;
    }
  for (guint r = 0; r < HT_LYRICS_N_REGIONS; r++)
    n_present += class_total[r] > 0;
  if (config->balance_classes && n_present > 0)
    for (gsize i = 0; i < n_rows; i++)
      weights[i] = (float) (weights[i] * total / (n_present * class_total[self->y[rows[i]]]));
}

void
ht_lyrics_fit_clear (HtLyricsFit *fit)
{
  g_clear_pointer (&fit->places, htc_places_free);
  g_clear_pointer (&fit->place_label, g_free);
  fit->place_weight = 0;
  g_clear_pointer (&fit->tfidf, htc_tfidf_free);
  g_clear_pointer (&fit->logreg, htc_logreg_free);
  g_clear_pointer (&fit->xt, htc_csr_free);
  g_clear_pointer (&fit->y, g_free);
}

#define ASSOCIATION_FLOOR 1e-3f

/* IDF times each term's artist-level region association (htc-association.h), learnt from the
 * training rows only: a term that a few prolific artists use weighs less than one that artists
 * of one region share. */
static HtcStatus
weigh_by_association (HtLyricsDataset      *self,
                      const HtLyricsConfig *config,
                      const gsize          *rows,
                      gsize                 n_rows,
                      const uint8_t        *keep,
                      HtcTfidf            **tfidf)
{
  gsize p = htc_featurizer_n_features (self->featurizer);
  const float *idf = htc_tfidf_idf (*tfidf);
  g_autofree float *weighted_idf = g_new (float, p);
  HtcTfidf *weighted = NULL;
  HtcStatus status;

  status = htc_association_weights (self->counts, rows, n_rows, self->artist, self->n_artists,
                                    self->y, HT_LYRICS_N_REGIONS, keep,
                                    config->association_prior, config->association,
                                    weighted_idf);
  if (status != HTC_OK)
    return status;
  /* A term spread exactly like the artists (weight 0) stays in the vocabulary at a tiny weight:
   * it tells nothing of the region, but it is still a known word for the abstention's count. */
  for (gsize j = 0; j < p; j++)
    weighted_idf[j] = idf[j] * MAX (weighted_idf[j], ASSOCIATION_FLOOR);
  status = htc_tfidf_new (htc_tfidf_params (*tfidf), weighted_idf, p, &weighted);
  if (status != HTC_OK)
    return status;
  htc_tfidf_free (*tfidf);
  *tfidf = weighted;
  return HTC_OK;
}

/* Labels the candidate place names from the training rows' artists and every artist outside
 * the corpus (htc_places_vote), and keeps the labelled ones as fit->places. */
static HtcStatus
fit_places (HtLyricsDataset      *self,
            const HtLyricsConfig *config,
            const gsize          *rows,
            gsize                 n_rows,
            HtLyricsFit          *fit)
{
  const HtcVocab *candidates = htc_places_phrases (self->place_candidates);
  gsize n_places = htc_vocab_size (candidates), n_kept = 0;
  g_autofree uint8_t *active = g_new0 (uint8_t, MAX (self->n_artists, 1));
  g_autofree uint32_t *df = g_new0 (uint32_t, MAX (n_places, 1));
  g_autofree int32_t *last_row = g_new (int32_t, MAX (n_places, 1));
  g_autofree uint8_t *labels = NULL;
  HtcVocab *kept = NULL;
  HtcStatus status;

  for (gsize j = 0; j < n_places; j++)
    last_row[j] = -1;
  for (gsize t = 0; t < n_rows; t++)
    {
      active[self->artist[rows[t]]] = 1;
      for (gsize m = self->mention_start[rows[t]]; m < self->mention_start[rows[t] + 1]; m++)
        if (last_row[self->mention[m]] != (int32_t) t)
          {
            last_row[self->mention[m]] = (int32_t) t;
            df[self->mention[m]]++;
          }
    }
  fit->place_label = g_new (int32_t, MAX (n_places, 1));
  status = htc_places_vote (n_places, self->support_start, self->support_artist,
                            self->support_region, HT_LYRICS_N_REGIONS, active, self->n_artists,
                            df, n_rows, config->place_min_share, config->place_max_df,
                            fit->place_label);
  if (status == HTC_OK)
    status = htc_vocab_new (n_places, &kept);
  labels = g_new (uint8_t, MAX (n_places, 1));
  for (gsize j = 0; status == HTC_OK && j < n_places; j++)
    if (fit->place_label[j] >= 0)
      {
        size_t len;
        const char *phrase = htc_vocab_term (candidates, (int32_t) j, &len);
        int32_t id;
        status = htc_vocab_add (kept, phrase, len, &id, NULL);
        labels[n_kept++] = (uint8_t) fit->place_label[j];
      }
  if (status != HTC_OK)
    {
      htc_vocab_free (kept);
      return status;
    }
  fit->place_weight = (float) config->place_weight;
  return htc_places_new (kept, labels, HT_LYRICS_N_REGIONS, &fit->places);
}

/* Mentions of each region's kept place names in a row. */
static void
row_place_counts (HtLyricsDataset   *self,
                  const HtLyricsFit *fit,
                  gsize              row,
                  guint32           *counts)
{
  memset (counts, 0, HT_LYRICS_N_REGIONS * sizeof *counts);
  for (gsize m = self->mention_start[row]; m < self->mention_start[row + 1]; m++)
    if (fit->place_label[self->mention[m]] >= 0)
      counts[fit->place_label[self->mention[m]]]++;
}

/* The place features as four more rows of the transposed training matrix. */
static HtcStatus
append_place_rows (HtLyricsDataset *self,
                   HtLyricsFit     *fit,
                   const gsize     *rows,
                   gsize            n_rows)
{
  g_autofree guint32 *counts = g_new0 (guint32, MAX (n_rows, 1) * HT_LYRICS_N_REGIONS);
  g_autofree int32_t *indices = g_new (int32_t, MAX (n_rows, 1) * HT_LYRICS_N_REGIONS);
  g_autofree float *data = g_new (float, MAX (n_rows, 1) * HT_LYRICS_N_REGIONS);
  int64_t indptr[HT_LYRICS_N_PLACE_FEATURES + 1] = { 0 };
  gsize at = 0;

  for (gsize t = 0; t < n_rows; t++)
    row_place_counts (self, fit, rows[t], counts + t * HT_LYRICS_N_REGIONS);
  for (guint r = 0; r < HT_LYRICS_N_REGIONS; r++)
    {
      for (gsize t = 0; t < n_rows; t++)
        {
          guint32 count = counts[t * HT_LYRICS_N_REGIONS + r];
          if (count > 0)
            {
              indices[at] = (int32_t) t;
              data[at++] = htc_places_feature (count, fit->place_weight);
            }
        }
      indptr[r + 1] = (int64_t) at;
    }
  return htc_csr_append_rows (fit->xt, HT_LYRICS_N_PLACE_FEATURES, indptr, indices, data);
}

/* Appends a row's place features (ids from p on) to idx / val; returns the new length. */
static gsize
add_row_places (HtLyricsDataset   *self,
                const HtLyricsFit *fit,
                gsize              row,
                gsize              p,
                int32_t           *idx,
                float             *val,
                gsize              n)
{
  guint32 counts[HT_LYRICS_N_REGIONS];
  if (fit->places == NULL)
    return n;
  row_place_counts (self, fit, row, counts);
  return n + htc_places_features (counts, HT_LYRICS_N_REGIONS, fit->place_weight, p, idx + n,
                                  val + n);
}

gboolean
ht_lyrics_dataset_fit (HtLyricsDataset      *self,
                       const HtLyricsConfig *config,
                       const gsize          *rows,
                       gsize                 n_rows,
                       double                c,
                       HtLyricsFit          *fit,
                       GCancellable         *cancellable,
                       HtLyricsStageFunc     stage,
                       gpointer              user_data,
                       GError              **error)
{
  HtcStatus status = HTC_OK;
  HtcLogregParams lp = { 0 };
  HtcLogreg *model = NULL;
  g_autofree float *w = g_new (float, n_rows);
  HtCancelFlag cf;
  Progress prog = { stage, user_data, _("Training") };

  if (fit->xt == NULL)
    {
      const size_t *starts = htc_featurizer_block_starts (self->featurizer);
      gsize p = htc_featurizer_n_features (self->featurizer);
      g_autofree uint32_t *df = g_new (uint32_t, p);
      g_autofree uint32_t *ng = g_new (uint32_t, p);
      g_autofree uint8_t *keep = g_new (uint8_t, p);
      HtcTfidfParams tp = { 0 };

      ht_lyrics_fit_clear (fit);
      status = htc_csr_column_stats (self->counts, rows, n_rows, self->group, df, ng);
      for (gsize j = 0; status == HTC_OK && j < p; j++)
        keep[j] = df[j] >= MAX (config->min_df, 1) && ng[j] >= MAX (config->min_groups, 1);
      tp.sublinear_tf = 1;
      tp.n_blocks = HTC_FEATURIZER_N_BLOCKS;
      for (guint b = 0; b <= HTC_FEATURIZER_N_BLOCKS; b++)
        tp.block_starts[b] = starts[b];
      for (guint b = 0; b < HTC_FEATURIZER_N_BLOCKS; b++)
        tp.block_weight[b] = config->block_weight[b];
      if (status == HTC_OK)
        status = htc_tfidf_fit (&tp, self->counts, rows, n_rows, keep, &fit->tfidf);
      if (status == HTC_OK && config->association > 0)
        status = weigh_by_association (self, config, rows, n_rows, keep, &fit->tfidf);
      if (status == HTC_OK)
        status = htc_tfidf_transform_transposed (fit->tfidf, self->counts, rows, n_rows, &fit->xt);
      if (status == HTC_OK && self->place_candidates && config->place_weight > 0)
        status = fit_places (self, config, rows, n_rows, fit);
      if (status == HTC_OK && fit->places)
        status = append_place_rows (self, fit, rows, n_rows);
      if (!ht_error_check_status (status, _("lyrics corpus"), error))
        {
          ht_lyrics_fit_clear (fit);
          return FALSE;
        }
      fit->y = g_new (int32_t, n_rows);
      for (gsize i = 0; i < n_rows; i++)
        fit->y[i] = self->y[rows[i]];
    }

  ht_lyrics_dataset_weights (self, config, rows, n_rows, w);
  lp.c = c;
  lp.max_iter = config->max_iter;
  lp.tol = config->tol;
  lp.history = 10;
  lp.n_threads = MAX (config->n_threads, 1);
  lp.progress = on_core_progress;
  lp.progress_ctx = &prog;
  ht_cancel_flag_init (&cf, cancellable);
  lp.cancel = &cf.flag;
  status = htc_logreg_train (&lp, fit->xt, fit->y, w, HT_LYRICS_N_REGIONS, fit->logreg, &model,
                             &fit->info);
  ht_cancel_flag_clear (&cf);
  if (!ht_error_check_status (status, _("lyrics corpus"), error))
    return FALSE;
  g_clear_pointer (&fit->logreg, htc_logreg_free);
  fit->logreg = model;
  g_debug ("fit C=%g: %zu iterations, %zu evaluations, f=%.6f, max|g|=%.2e%s", c, fit->info.n_iter,
           fit->info.n_evals, fit->info.objective, fit->info.grad_max,
           fit->info.converged ? "" : " (not converged)");
  return TRUE;
}

static gsize
max_row_nnz (const HtcCsr *m,
             const gsize  *rows,
             gsize         n_rows)
{
  gsize mx = 1;
  for (gsize i = 0; i < n_rows; i++)
    mx = MAX (mx, (gsize) (m->indptr[rows[i] + 1] - m->indptr[rows[i]]));
  return mx;
}

void
ht_lyrics_dataset_logits (HtLyricsDataset   *self,
                          const HtLyricsFit *fit,
                          const gsize       *rows,
                          gsize              n_rows,
                          float             *out)
{
  gsize cap = max_row_nnz (self->counts, rows, n_rows) + HT_LYRICS_N_PLACE_FEATURES;
  gsize p = htc_featurizer_n_features (self->featurizer);
  g_autofree int32_t *idx = g_new (int32_t, cap);
  g_autofree float *val = g_new (float, cap);

  for (gsize i = 0; i < n_rows; i++)
    {
      int64_t a = self->counts->indptr[rows[i]];
      gsize n = (gsize) (self->counts->indptr[rows[i] + 1] - a);
      memcpy (idx, self->counts->indices + a, n * sizeof (int32_t));
      memcpy (val, self->counts->data + a, n * sizeof (float));
      htc_tfidf_transform_row (fit->tfidf, idx, val, &n);
      n = add_row_places (self, fit, rows[i], p, idx, val, n);
      htc_logreg_logits (fit->logreg, idx, val, n, out + i * HT_LYRICS_N_REGIONS);
    }
}

float *
ht_lyrics_dataset_dense (HtLyricsDataset   *self,
                         const HtLyricsFit *fit,
                         const gsize       *rows,
                         gsize              n_rows,
                         const int32_t     *features,
                         gsize              k)
{
  gsize p = htc_featurizer_n_features (self->featurizer);
  gsize p_all = p + HT_LYRICS_N_PLACE_FEATURES;
  gsize cap = max_row_nnz (self->counts, rows, n_rows) + HT_LYRICS_N_PLACE_FEATURES;
  g_autofree int32_t *col_of = g_new (int32_t, p_all);
  g_autofree int32_t *idx = g_new (int32_t, cap);
  g_autofree float *val = g_new (float, cap);
  float *out = g_new0 (float, n_rows * k);

  for (gsize j = 0; j < p_all; j++)
    col_of[j] = -1;
  for (gsize j = 0; j < k; j++)
    if (features[j] >= 0 && (gsize) features[j] < p_all)
      col_of[features[j]] = (int32_t) j;
  for (gsize i = 0; i < n_rows; i++)
    {
      int64_t a = self->counts->indptr[rows[i]];
      gsize n = (gsize) (self->counts->indptr[rows[i] + 1] - a);
      memcpy (idx, self->counts->indices + a, n * sizeof (int32_t));
      memcpy (val, self->counts->data + a, n * sizeof (float));
      htc_tfidf_transform_row (fit->tfidf, idx, val, &n);
      n = add_row_places (self, fit, rows[i], p, idx, val, n);
      for (gsize t = 0; t < n; t++)
        if (col_of[idx[t]] >= 0)
          out[i * k + (gsize) col_of[idx[t]]] = val[t];
    }
  return out;
}
