/* Tests for the corpus reader (xz-compressed or plain JSON Lines, written here with invented
 * text — the real corpus is copyrighted and never used in tests) and for the dataset built on
 * it: artist-grouped folds that keep groups and guest links together, guest exclusion,
 * sample weights, and a small end-to-end training and evaluation. */
#include <glib.h>
#include <glib/gstdio.h>
#include <lzma.h>
#include <string.h>

#include "ht-error.h"
#include "ht-lyrics-corpus.h"
#include "ht-lyrics-dataset.h"
#include "ht-lyrics-eval.h"
#include "ht-lyrics-trainer.h"
#include "htc-featurizer.h"
#include "htc-places.h"
#include "htc-tfidf.h"
#include "htc-vocab.h"

static const char *const regions[] = { "East", "West", "South", "Midwest" };
static const char *const slang[4][4] = {
  { "deadass", "bodega", "yerr", "brick" },
  { "hella", "hyphy", "loc", "slaps" },
  { "finna", "slab", "trill", "drank" },
  { "opps", "tooka", "hurr", "thurr" },
};
static const char *const common[] = { "the", "you", "i", "me", "my", "a", "to", "and", "it", "in",
                                      "on", "that", "is", "we", "got", "money", "night", "real" };

/* 4 regions x n_artists artists x n_songs songs of invented words; artist 0 of every region
 * features artist 1 of the next region on its first song. With misfit, the Midwest's last
 * artist raps in the South's slang (an artist whose style reads as elsewhere). */
static GString *
invented_corpus_with (guint    n_artists,
                      guint    n_songs,
                      gboolean misfit)
{
  GString *s = g_string_new (NULL);
  guint32 state = 12345;

  for (guint r = 0; r < 4; r++)
    for (guint a = 0; a < n_artists; a++)
      for (guint t = 0; t < n_songs; t++)
        {
          g_string_append_printf (s, "{\"id\": \"%s-%u-%u\", \"artist\": \"%s Artist %u\", "
                                  "\"artist_key\": \"%s artist %u\", \"artist_group\": \"%s artist %u\", "
                                  "\"region\": \"%s\", \"year\": %u, \"text_form\": \"%s\", \"featured\": [",
                                  regions[r], a, t, regions[r], a, regions[r], a, regions[r], a,
                                  regions[r], 1990 + t * 3, t % 2 ? "flat" : "full");
          if (a == 0 && t == 0)
            g_string_append_printf (s, "\"%s Artist 1\"", regions[(r + 1) % 4]);
          g_string_append (s, "], \"lyrics\": \"[Verse 1: Somebody]\\n");
          for (guint w = 0; w < 120; w++)
            {
              state = state * 1103515245u + 12345u;
              if ((state >> 16) % 8 == 0)
                g_string_append (s, slang[misfit && r == 3 && a == n_artists - 1 ? 2 : r][(state >> 8) % 4]);
              else
                g_string_append (s, common[(state >> 12) % G_N_ELEMENTS (common)]);
              g_string_append (s, w % 10 == 9 ? "\\n" : " ");
            }
          g_string_append (s, "\"}\n");
        }
  return s;
}

static GString *
invented_corpus (guint n_artists,
                 guint n_songs)
{
  return invented_corpus_with (n_artists, n_songs, FALSE);
}

static GBytes *
xz_compress (const char *data,
             gsize       len)
{
  gsize cap = lzma_stream_buffer_bound (len), out_pos = 0;
  guint8 *out = g_malloc (cap);

  g_assert_cmpint (lzma_easy_buffer_encode (6, LZMA_CHECK_CRC64, NULL, (const guint8 *) data, len,
                                            out, &out_pos, cap), ==, LZMA_OK);
  return g_bytes_new_take (out, out_pos);
}

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  f->dir = g_dir_make_tmp ("ht-lyrics-corpus-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;
  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static GFile *
write_file (Fixture    *f,
            const char *name,
            const void *data,
            gsize       len)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_file_set_contents (path, data, (gssize) len, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static HtLyricsCorpus *
load_ok (GFile *file)
{
  g_autoptr(GError) error = NULL;
  HtLyricsCorpus *c = ht_lyrics_corpus_load (file, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (c);
  return c;
}

static void
test_read (Fixture      *f,
           gconstpointer data)
{
  g_autoptr(GString) text = invented_corpus (3, 4);
  g_autoptr(GBytes) xz = xz_compress (text->str, text->len);
  g_autoptr(GFile) plain_file = write_file (f, "c.jsonl", text->str, text->len);
  g_autoptr(GFile) xz_file = write_file (f, "c.jsonl.xz", g_bytes_get_data (xz, NULL), g_bytes_get_size (xz));
  g_autoptr(HtLyricsCorpus) a = load_ok (plain_file);
  g_autoptr(HtLyricsCorpus) b = load_ok (xz_file);
  const HtLyricsSong *s;

  g_assert_cmpuint (ht_lyrics_corpus_get_n_songs (a), ==, 48);
  g_assert_cmpuint (ht_lyrics_corpus_get_n_songs (b), ==, 48);
  for (guint i = 0; i < 48; i++)
    g_assert_cmpstr (ht_lyrics_corpus_get_song (a, i)->text, ==, ht_lyrics_corpus_get_song (b, i)->text);
  s = ht_lyrics_corpus_get_song (b, 12);
  g_assert_cmpstr (s->id, ==, "West-0-0");
  g_assert_cmpstr (s->artist, ==, "West Artist 0");
  g_assert_cmpint (s->region, ==, HT_LYRICS_REGION_WEST);
  g_assert_cmpint (s->year, ==, 1990);
  g_assert_false (s->flat_source);
  g_assert_cmpstr (s->featured[0], ==, "South Artist 1");
  g_assert_null (s->featured[1]);
  /* Header gone, text flat. */
  g_assert_null (strstr (s->text, "verse"));
  g_assert_null (strstr (s->text, "somebody"));
  g_assert_null (strchr (s->text, '\n'));
  g_assert_cmpuint (s->n_words, ==, 120);
}

static void
check_error (Fixture    *f,
             const char *name,
             const char *content,
             gssize      len,
             GQuark      domain,
             int         code,
             const char *part)
{
  g_autoptr(GFile) file = write_file (f, name, content, len < 0 ? strlen (content) : (gsize) len);
  g_autoptr(GError) error = NULL;
  g_autoptr(HtLyricsCorpus) c = ht_lyrics_corpus_load (file, NULL, NULL, NULL, &error);

  g_assert_null (c);
  g_assert_error (error, domain, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, name));
  if (part)
    g_assert_nonnull (strstr (error->message, part));
}

static void
test_errors (Fixture      *f,
             gconstpointer data)
{
  g_autoptr(GString) text = invented_corpus (1, 1);
  g_autoptr(GBytes) xz = xz_compress (text->str, text->len);
  const char *good = "{\"id\": \"a\", \"artist_key\": \"x\", \"region\": \"East\", \"lyrics\": \"yo\"}\n";
  g_autofree char *bad_line = g_strconcat (good, good, "{\"id\": \"b\",\n", NULL);
  g_autofree char *bad_region = g_strconcat (good, "{\"id\": \"a\", \"artist_key\": \"x\", "
                                             "\"region\": \"Canada\", \"lyrics\": \"yo\"}\n", NULL);
  g_autofree char *missing = g_strconcat (good, "{\"id\": \"a\", \"region\": \"East\", \"lyrics\": \"yo\"}\n", NULL);

  check_error (f, "bad-json.jsonl", bad_line, -1, HT_ERROR, HT_ERROR_CORRUPT, "line 3");
  check_error (f, "bad-region.jsonl", bad_region, -1, HT_ERROR, HT_ERROR_CORRUPT, "Canada");
  check_error (f, "missing.jsonl", missing, -1, HT_ERROR, HT_ERROR_CORRUPT, "line 2");
  check_error (f, "array.jsonl", "[1, 2]\n", -1, HT_ERROR, HT_ERROR_CORRUPT, "line 1");
  check_error (f, "empty.jsonl", "\n\n", -1, HT_ERROR, HT_ERROR_EMPTY, NULL);
  /* A truncated xz stream and one with a flipped byte in its data. */
  check_error (f, "cut.jsonl.xz", g_bytes_get_data (xz, NULL), (gssize) g_bytes_get_size (xz) / 2,
               HT_ERROR, HT_ERROR_CORRUPT, NULL);
  {
    g_autofree guint8 *flipped = g_memdup2 (g_bytes_get_data (xz, NULL), g_bytes_get_size (xz));
    flipped[g_bytes_get_size (xz) / 2] ^= 0x55;
    check_error (f, "flipped.jsonl.xz", (const char *) flipped, (gssize) g_bytes_get_size (xz),
                 HT_ERROR, HT_ERROR_CORRUPT, NULL);
  }
  {
    g_autoptr(GFile) none = g_file_new_for_path ("/nonexistent/corpus.jsonl.xz");
    g_autoptr(GError) error = NULL;
    g_assert_null (ht_lyrics_corpus_load (none, NULL, NULL, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  }
}

/* The settings the invented corpora are small enough for. */
static void
small_config (HtLyricsConfig *config)
{
  ht_lyrics_config_init_default (config);
  config->min_df = 2;
  config->min_groups = 2;
  config->folds = 3;
  config->inner_folds = 2;
  config->c_grid[0] = 0.3;
  config->c_grid[1] = 3;
  config->n_c_grid = 2;
  config->forest_trees = 20;
  config->forest_features = 50;
}

static HtLyricsDataset *
dataset_from_text (Fixture              *f,
                   const GString        *text,
                   const HtLyricsConfig *config)
{
  g_autoptr(GFile) file = write_file (f, "d.jsonl", text->str, text->len);
  g_autoptr(HtLyricsCorpus) corpus = load_ok (file);
  g_autoptr(GError) error = NULL;
  HtLyricsDataset *ds = ht_lyrics_dataset_new (corpus, config, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  return ds;
}

static HtLyricsDataset *
invented_dataset_with (Fixture        *f,
                       HtLyricsConfig *config,
                       guint           n_artists,
                       guint           n_songs,
                       gboolean        misfit)
{
  g_autoptr(GString) text = invented_corpus_with (n_artists, n_songs, misfit);

  small_config (config);
  return dataset_from_text (f, text, config);
}

static HtLyricsDataset *
invented_dataset (Fixture        *f,
                  HtLyricsConfig *config,
                  guint           n_artists,
                  guint           n_songs)
{
  return invented_dataset_with (f, config, n_artists, n_songs, FALSE);
}

static void
test_folds (Fixture      *f,
            gconstpointer data)
{
  HtLyricsConfig config;
  HtLyricsDataset *ds = invented_dataset (f, &config, 6, 5);
  HtLyricsCorpus *corpus = ht_lyrics_dataset_get_corpus (ds);
  gsize n = ht_lyrics_dataset_get_n_rows (ds);
  g_autofree guint *fold = g_new (guint, n);
  g_autoptr(GHashTable) fold_of_artist = g_hash_table_new (g_str_hash, g_str_equal);
  HtLyricsFoldReport report;
  guint sizes[3] = { 0 };

  ht_lyrics_dataset_grouped_folds (ds, NULL, 0, 3, 1, fold, &report);
  for (gsize i = 0; i < n; i++)
    {
      const HtLyricsSong *s = ht_lyrics_corpus_get_song (corpus, (guint) i);
      gpointer old;
      g_assert_cmpuint (fold[i], <, 3);
      sizes[fold[i]]++;
      /* An artist's songs all in one fold. */
      if (g_hash_table_lookup_extended (fold_of_artist, s->artist_key, NULL, &old))
        g_assert_cmpuint (GPOINTER_TO_UINT (old), ==, fold[i]);
      else
        g_hash_table_insert (fold_of_artist, s->artist_key, GUINT_TO_POINTER (fold[i]));
    }
  /* 24 artists x 5 songs in 3 folds: 40 each, give or take one artist. */
  for (guint k = 0; k < 3; k++)
    g_assert_cmpuint (ABS ((int) sizes[k] - 40), <=, 5);
  /* The four guest links (artist 0 of each region features artist 1 of the next) are small
   * enough to merge: every guest sits in its host's fold. */
  g_assert_cmpuint (report.n_links, ==, 4);
  g_assert_cmpuint (report.n_links_joined, ==, 4);
  for (guint r = 0; r < 4; r++)
    {
      g_autofree char *host = g_strdup_printf ("%s artist 0", regions[r]);
      g_autofree char *guest = g_strdup_printf ("%s artist 1", regions[(r + 1) % 4]);
      g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (fold_of_artist, host)), ==,
                        GPOINTER_TO_UINT (g_hash_table_lookup (fold_of_artist, guest)));
    }

  /* Put one guest in another fold by hand: its host's song must leave that fold's training. */
  {
    gsize host_row = 0;   /* East-0-0 features West artist 1 */
    guint excluded;
    g_autoptr(GArray) rows = NULL;
    for (gsize i = 0; i < n; i++)
      if (g_strcmp0 (ht_lyrics_corpus_get_song (corpus, (guint) i)->artist_key, "West artist 1") == 0)
        fold[i] = (fold[host_row] + 1) % 3;
    rows = ht_lyrics_dataset_train_rows (ds, fold, (fold[host_row] + 1) % 3, TRUE, &excluded);
    g_assert_cmpuint (excluded, ==, 1);
    for (guint t = 0; t < rows->len; t++)
      g_assert_cmpuint (g_array_index (rows, gsize, t), !=, host_row);
  }
  ht_lyrics_dataset_free (ds);
}

/* The group ids of the rows, as a set. */
static GHashTable *
groups_of_rows (HtLyricsDataset *ds,
                const GArray    *rows)
{
  HtLyricsCorpus *corpus = ht_lyrics_dataset_get_corpus (ds);
  GHashTable *set = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint t = 0; t < rows->len; t++)
    g_hash_table_add (set, ht_lyrics_corpus_get_song (corpus, (guint) g_array_index (rows, gsize, t))->artist_group);
  return set;
}

static gboolean
is_subset (GHashTable *a,
           GHashTable *b)
{
  GHashTableIter iter;
  gpointer key;
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (b, key))
      return FALSE;
  return TRUE;
}

static void
test_group_share (Fixture      *f,
                  gconstpointer data)
{
  HtLyricsConfig config;
  HtLyricsDataset *ds = invented_dataset (f, &config, 6, 5);
  gsize n = ht_lyrics_dataset_get_n_rows (ds);
  g_autofree guint *fold = g_new (guint, n);
  g_autoptr(GArray) all = NULL, half = NULL, quarter = NULL, other = NULL, none = NULL, whole = NULL;
  g_autoptr(GHashTable) all_groups = NULL, half_groups = NULL, quarter_groups = NULL, other_groups = NULL;
  guint g, t = 0;

  ht_lyrics_dataset_grouped_folds (ds, NULL, 0, 3, 1, fold, NULL);
  all = ht_lyrics_dataset_train_rows (ds, fold, 0, TRUE, NULL);
  all_groups = groups_of_rows (ds, all);
  g = g_hash_table_size (all_groups);
  /* 24 artists of 5 songs each, a third of them in the test fold. */
  g_assert_cmpuint (all->len, ==, 5 * g);
  g_assert_cmpuint (g, >=, 14);

  half = g_array_copy (all);
  ht_lyrics_dataset_keep_group_share (ds, half, 0.5, 7);
  half_groups = groups_of_rows (ds, half);
  g_assert_cmpuint (g_hash_table_size (half_groups), ==, (g + 1) / 2);
  /* Whole groups, in their original order. */
  g_assert_cmpuint (half->len, ==, 5 * g_hash_table_size (half_groups));
  for (guint i = 0; i < half->len; i++)
    {
      while (t < all->len && g_array_index (all, gsize, t) != g_array_index (half, gsize, i))
        t++;
      g_assert_cmpuint (t, <, all->len);
    }

  /* For one seed the shares nest; another seed draws other groups. */
  quarter = g_array_copy (all);
  ht_lyrics_dataset_keep_group_share (ds, quarter, 0.25, 7);
  quarter_groups = groups_of_rows (ds, quarter);
  g_assert_cmpuint (g_hash_table_size (quarter_groups), ==, (guint) (0.25 * g + 0.5));
  g_assert_true (is_subset (quarter_groups, half_groups));
  other = g_array_copy (all);
  ht_lyrics_dataset_keep_group_share (ds, other, 0.5, 8);
  other_groups = groups_of_rows (ds, other);
  g_assert_cmpuint (g_hash_table_size (other_groups), ==, g_hash_table_size (half_groups));
  g_assert_false (is_subset (other_groups, half_groups));

  whole = g_array_copy (all);
  ht_lyrics_dataset_keep_group_share (ds, whole, 1.0, 7);
  g_assert_cmpmem (whole->data, whole->len * sizeof (gsize), all->data, all->len * sizeof (gsize));
  none = g_array_copy (all);
  ht_lyrics_dataset_keep_group_share (ds, none, 0, 7);
  g_assert_cmpuint (none->len, ==, 0);
  ht_lyrics_dataset_free (ds);
}

static void
test_weights (Fixture      *f,
              gconstpointer data)
{
  HtLyricsConfig config;
  HtLyricsDataset *ds = invented_dataset (f, &config, 2, 4);
  /* Rows: East artist 0 (4 songs) and artist 1 (4), then West ones. Take East 0 x4, East 1 x1,
   * West 0 x2: with a cap of 2 songs, East 0 songs weigh 0.5 each, the rest 1. Class totals:
   * East 2 + 1 = 3, West 2; balanced, each class's total becomes (3 + 2) / 2 = 2.5. */
  const gsize rows[] = { 0, 1, 2, 3, 4, 8, 9 };
  float w[7];

  config.artist_cap = 2;
  config.balance_classes = TRUE;
  ht_lyrics_dataset_weights (ds, &config, rows, 7, w);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpfloat_with_epsilon (w[i], 0.5 * 2.5 / 3, 1e-6);
  g_assert_cmpfloat_with_epsilon (w[4], 1.0 * 2.5 / 3, 1e-6);
  g_assert_cmpfloat_with_epsilon (w[5], 1.0 * 2.5 / 2, 1e-6);
  config.balance_classes = FALSE;
  config.artist_cap = 0;
  ht_lyrics_dataset_weights (ds, &config, rows, 7, w);
  for (guint i = 0; i < 7; i++)
    g_assert_cmpfloat (w[i], ==, 1);
  ht_lyrics_dataset_free (ds);
}

static double
fitted_idf (HtLyricsDataset   *ds,
            const HtLyricsFit *fit,
            const char        *word)
{
  const HtcVocab *vocab = htc_featurizer_vocab (ht_lyrics_dataset_get_featurizer (ds));
  int32_t id = htc_vocab_lookup (vocab, word, strlen (word));
  g_assert_cmpint (id, >=, 0);
  return htc_tfidf_idf (fit->tfidf)[id];
}

/* Fits on every usable row with the given association; the caller clears the fit. */
static void
fit_with_association (HtLyricsDataset *ds,
                      HtLyricsConfig  *config,
                      double           association,
                      HtLyricsFit     *fit)
{
  g_autoptr(GError) error = NULL;
  const gsize *rows;
  gsize n_rows;

  rows = ht_lyrics_dataset_get_usable_rows (ds, &n_rows);
  config->association = association;
  g_assert_true (ht_lyrics_dataset_fit (ds, config, rows, n_rows, 1.0, fit, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* The association reaches the features the model trains on: in the invented corpus every
 * artist of a region uses its slang and every artist uses the common words alike, so with it a
 * slang word's IDF dwarfs a common word's (kept above 0, a known word); without it, plain IDF
 * only tells frequent from rare (hella in about a quarter of the songs, money in all:
 * ln (121 / 31) + 1 = 2.36 against 1). */
static void
test_association (Fixture      *f,
                  gconstpointer data)
{
  HtLyricsConfig config;
  HtLyricsDataset *ds = invented_dataset (f, &config, 6, 5);
  HtLyricsFit plain = { 0 }, weighted = { 0 };
  double plain_ratio, weighted_ratio;

  fit_with_association (ds, &config, 0, &plain);
  fit_with_association (ds, &config, 1, &weighted);
  g_assert_cmpfloat (fitted_idf (ds, &plain, "money"), >, 0);
  g_assert_cmpfloat (fitted_idf (ds, &weighted, "money"), >, 0);
  plain_ratio = fitted_idf (ds, &plain, "hella") / fitted_idf (ds, &plain, "money");
  weighted_ratio = fitted_idf (ds, &weighted, "hella") / fitted_idf (ds, &weighted, "money");
  /* Slang of each region weighs alike: each is as tied to its region as the others. */
  g_assert_cmpfloat_with_epsilon (fitted_idf (ds, &weighted, "deadass") / fitted_idf (ds, &weighted, "finna"),
                                  1.0, 0.25);
  g_test_message ("IDF hella / money: plain %.2f, with association %.1f", plain_ratio, weighted_ratio);
  g_assert_cmpfloat (plain_ratio, >, 1.5);
  g_assert_cmpfloat (plain_ratio, <, 3.5);
  g_assert_cmpfloat (weighted_ratio, >, 50 * plain_ratio);
  ht_lyrics_fit_clear (&plain);
  ht_lyrics_fit_clear (&weighted);
  ht_lyrics_dataset_free (ds);
}

/* The artist-level figures against a count of our own, by artist_key string: each artist's
 * songs vote; a tie goes to the larger summed probability. */
static void
check_artist_vote (HtLyricsDataset          *ds,
                   const HtLyricsEvalResult *r)
{
  HtLyricsCorpus *corpus = ht_lyrics_dataset_get_corpus (ds);
  const int32_t *y = ht_lyrics_dataset_get_labels (ds);
  gsize n = ht_lyrics_dataset_get_n_rows (ds);
  g_autoptr(GHashTable) tally = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GHashTable) vote = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key, value;
  guint artists = 0, artists_right = 0, misplaced = 0, misplaced_right = 0, placed_right = 0;

  /* tally: 4 vote counts, then 4 probability sums, then the true label */
  for (gsize i = 0; i < n; i++)
    {
      const char *a = ht_lyrics_corpus_get_song (corpus, (guint) i)->artist_key;
      double *t = g_hash_table_lookup (tally, a);
      if (t == NULL)
        g_hash_table_insert (tally, (gpointer) a, t = g_new0 (double, 9));
      t[r->predicted[i]] += 1;
      for (guint k = 0; k < 4; k++)
        t[4 + k] += r->proba[i * 4 + k];
      t[8] = y[i];
    }
  g_hash_table_iter_init (&iter, tally);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const double *t = value;
      guint best = 0;
      for (guint k = 1; k < 4; k++)
        if (t[k] > t[best] || (t[k] == t[best] && t[4 + k] > t[4 + best]))
          best = k;
      artists++;
      artists_right += best == (guint) t[8];
      g_hash_table_insert (vote, key, GUINT_TO_POINTER (best == (guint) t[8]));
    }
  for (gsize i = 0; i < n; i++)
    {
      gboolean placed = GPOINTER_TO_UINT (g_hash_table_lookup (
        vote, ht_lyrics_corpus_get_song (corpus, (guint) i)->artist_key));
      gboolean right = r->predicted[i] == y[i];
      if (placed)
        placed_right += right;
      else
        misplaced++, misplaced_right += right;
    }
  g_assert_cmpuint (r->by_artist.n, ==, artists);
  g_assert_cmpfloat_with_epsilon (r->by_artist.accuracy, (double) artists_right / artists, 1e-12);
  g_assert_cmpfloat_with_epsilon (r->misplaced_song_share, (double) misplaced / n, 1e-12);
  g_assert_cmpfloat_with_epsilon (r->accuracy_misplaced_artists,
                                  misplaced ? (double) misplaced_right / misplaced : 0, 1e-12);
  g_assert_cmpfloat_with_epsilon (r->accuracy_placed_artists,
                                  (double) placed_right / (n - misplaced), 1e-12);
}

static void
test_train_and_evaluate (Fixture      *f,
                         gconstpointer data)
{
  HtLyricsConfig config;
  HtLyricsDataset *ds = invented_dataset (f, &config, 6, 5);
  g_autoptr(GError) error = NULL;
  g_autoptr(HtLyricsModel) model = NULL;
  g_autoptr(HtLyricsEvaluation) eval = NULL;
  g_autofree char *text = NULL, *json = NULL, *png = g_build_filename (f->dir, "cm.png", NULL);
  HtLyricsEvalResult *lr;
  HtLyricsPrediction *p;

  /* Region words are the signal: unseen artists are classified well above chance. */
  eval = ht_lyrics_evaluate (ds, &config, HT_LYRICS_EVAL_FOREST | HT_LYRICS_EVAL_RANDOM_SPLIT,
                             NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (eval->results->len, ==, 4);
  lr = g_ptr_array_index (eval->results, 0);
  g_assert_cmpstr (lr->split, ==, "artist-grouped");
  g_test_message ("grouped LR accuracy %.3f, forest %.3f", lr->overall.accuracy,
                  ((HtLyricsEvalResult *) g_ptr_array_index (eval->results, 1))->overall.accuracy);
  g_assert_cmpfloat (lr->overall.accuracy, >, 0.9);
  g_assert_cmpfloat (((HtLyricsEvalResult *) g_ptr_array_index (eval->results, 1))->overall.accuracy, >, 0.6);
  g_assert_cmpuint (lr->overall.n, ==, 120);
  for (guint i = 0; i < eval->results->len; i++)
    check_artist_vote (ds, g_ptr_array_index (eval->results, i));
  g_test_message ("forest: %.3f of artists placed by most of their songs, %.3f of songs by "
                  "misplaced artists",
                  ((HtLyricsEvalResult *) g_ptr_array_index (eval->results, 1))->by_artist.accuracy,
                  ((HtLyricsEvalResult *) g_ptr_array_index (eval->results, 1))->misplaced_song_share);
  text = ht_lyrics_evaluation_to_text (eval);
  g_assert_nonnull (strstr (text, "artist-grouped"));
  g_assert_nonnull (strstr (text, "study-comparable"));
  json = ht_lyrics_evaluation_to_json (eval);
  g_assert_nonnull (strstr (json, "\"macro_f1\""));
  g_assert_nonnull (strstr (json, "\"by_artist_vote\""));
  g_assert_true (ht_lyrics_evaluation_write_png (eval, png, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));

  model = ht_lyrics_train (ds, &config, "invented", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ht_lyrics_model_get_metadata (model, "cv"));
  g_assert_nonnull (ht_lyrics_model_get_metadata (model, "training"));
  p = ht_lyrics_model_predict (model, "the you i hurr thurr opps tooka my a to and it in on that is "
                               "we got money night real the you i my a to and it in on hurr", -1, 3);
  g_assert_cmpint (p->abstain, ==, HT_LYRICS_ABSTAIN_NONE);
  g_assert_cmpint (p->region, ==, HT_LYRICS_REGION_MIDWEST);
  g_assert_cmpuint (p->toward->len, >=, 1);
  ht_lyrics_prediction_free (p);
  ht_lyrics_dataset_free (ds);
}

static void
test_artist_vote (Fixture      *f,
                  gconstpointer data)
{
  HtLyricsConfig config;
  HtLyricsDataset *ds = invented_dataset_with (f, &config, 6, 5, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(HtLyricsEvaluation) eval = NULL;
  g_autofree char *text = NULL;
  HtLyricsEvalResult *lr;

  /* The Midwest artist who raps in the South's slang is heard as South: their five songs are
   * the misplaced ones, and the artist-level confusion has them once, as Midwest → South. */
  eval = ht_lyrics_evaluate (ds, &config, 0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  lr = g_ptr_array_index (eval->results, 0);
  check_artist_vote (ds, lr);
  g_assert_cmpuint (lr->by_artist.n, ==, 24);
  g_assert_cmpuint (lr->by_artist.confusion[3][2], ==, 1);
  g_assert_cmpfloat_with_epsilon (lr->by_artist.accuracy, 23.0 / 24, 1e-12);
  g_assert_cmpfloat_with_epsilon (lr->by_artist.recall[3], 5.0 / 6, 1e-12);
  g_assert_cmpfloat_with_epsilon (lr->misplaced_song_share, 5.0 / 120, 1e-12);
  g_assert_cmpfloat (lr->accuracy_misplaced_artists, <, 0.5);
  text = ht_lyrics_evaluation_to_text (eval);
  g_assert_nonnull (strstr (text, "4.2 %"));
  ht_lyrics_dataset_free (ds);
}

static void
test_learning_curve (Fixture      *f,
                     gconstpointer data)
{
  HtLyricsConfig config;
  HtLyricsDataset *ds = invented_dataset (f, &config, 6, 5);
  g_autoptr(GError) error = NULL;
  g_autoptr(HtLyricsEvaluation) eval = NULL;
  g_autofree char *text = NULL, *json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  HtLyricsEvalResult *lr;
  const HtLyricsCurvePoint *last;
  double full_rows = 0, half_rows = 0;

  config.c = 0.3;
  eval = ht_lyrics_evaluate (ds, &config, HT_LYRICS_EVAL_NO_INNER_CV | HT_LYRICS_EVAL_LEARNING_CURVE,
                             NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  lr = g_ptr_array_index (eval->results, 0);
  g_assert_nonnull (eval->curve);
  g_assert_cmpuint (eval->curve->len, ==, 3 * HT_LYRICS_CURVE_DRAWS + 1);

  /* Songs trained on, worked out from the folds: every artist has 5 songs, and a share keeps
   * round (share * groups) of each fold's training groups. */
  for (guint k = 0; k < config.folds; k++)
    {
      g_autoptr(GArray) rows = ht_lyrics_dataset_train_rows (ds, eval->fold, k, TRUE, NULL);
      g_autoptr(GHashTable) groups = groups_of_rows (ds, rows);
      full_rows += (double) rows->len / config.folds;
      half_rows += 5.0 * (guint) (0.5 * g_hash_table_size (groups) + 0.5) / config.folds;
    }
  for (guint i = 0; i < eval->curve->len; i++)
    {
      const HtLyricsCurvePoint *p = &g_array_index (eval->curve, HtLyricsCurvePoint, i);
      g_assert_cmpfloat (p->share, ==, ht_lyrics_curve_shares[i / HT_LYRICS_CURVE_DRAWS]);
      g_assert_cmpuint (p->draw, ==, i % HT_LYRICS_CURVE_DRAWS);
      g_assert_cmpuint (p->overall.n, ==, 120);   /* always judged on every test fold */
      if (p->share < 1)
        g_assert_cmpfloat (p->train_rows, <, full_rows);
      if (p->share == 0.5)
        g_assert_cmpfloat_with_epsilon (p->train_rows, half_rows, 1e-9);
    }
  /* The full share is the main run itself. */
  last = &g_array_index (eval->curve, HtLyricsCurvePoint, eval->curve->len - 1);
  g_assert_cmpfloat (last->share, ==, 1.0);
  g_assert_cmpfloat_with_epsilon (last->train_rows, full_rows, 1e-9);
  g_assert_cmpfloat (last->overall.accuracy, ==, lr->overall.accuracy);
  g_assert_cmpfloat (last->overall.macro_f1, ==, lr->overall.macro_f1);
  /* A quarter of a fold's 16 training artists is 4: some region goes unheard in training, and
   * every draw does worse than the full run. */
  for (guint d = 0; d < HT_LYRICS_CURVE_DRAWS; d++)
    g_assert_cmpfloat (g_array_index (eval->curve, HtLyricsCurvePoint, d).overall.accuracy, <,
                       last->overall.accuracy);

  text = ht_lyrics_evaluation_to_text (eval);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "learning curve"));
  g_assert_nonnull (strstr (text, "  25 %"));
  g_assert_nonnull (strstr (text, " 100 %"));
  json = ht_lyrics_evaluation_to_json (eval);
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (json_parser_get_root (parser)), "learning_curve")),
                    ==, eval->curve->len);
  ht_lyrics_dataset_free (ds);
}

/* The invented corpus with a hometown at the end of every song: East "eastville", West
 * "west covina", South "southport", Midwest "glenville". */
static HtLyricsDataset *
invented_dataset_with_towns (Fixture        *f,
                             HtLyricsConfig *config)
{
  static const char *const towns[] = { "eastville", "west covina", "southport", "glenville" };
  g_autoptr(GString) corpus = invented_corpus (6, 5);
  g_auto(GStrv) lines = g_strsplit (corpus->str, "\n", -1);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; lines[i] && lines[i][0]; i++)
    {
      const char *end = strrchr (lines[i], '"');
      guint r = 0;
      for (; r < 3; r++)
        {
          g_autofree char *field = g_strdup_printf ("\"region\": \"%s\"", regions[r]);
          if (strstr (lines[i], field))
            break;
        }
      g_string_append_len (text, lines[i], end - lines[i]);
      g_string_append_printf (text, " %s\"}\n", towns[r]);
    }
  small_config (config);
  config->c = 0.3;
  config->place_weight = 0.5;
  config->place_max_df = 0.3;
  return dataset_from_text (f, text, config);
}

static gboolean
fit_has_place (const HtLyricsFit *fit,
               const char        *name,
               int                region)
{
  int32_t id = htc_vocab_lookup (htc_places_phrases (fit->places), name, strlen (name));
  return id >= 0 && htc_places_labels (fit->places)[id] == region;
}

/* Place names: which candidates a fit keeps (the vote, the test artists left out, common words
 * dropped), the four features they add, and a trained model that finds and explains them. */
static void
test_places (Fixture      *f,
             gconstpointer data)
{
  HtLyricsConfig config;
  HtLyricsDataset *ds = invented_dataset_with_towns (f, &config);
  HtLyricsCorpus *corpus = ht_lyrics_dataset_get_corpus (ds);
  g_autoptr(GArray) sources = ht_lyrics_place_sources_new ();
  g_autoptr(GArray) without_east0 = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GError) error = NULL;
  g_autoptr(HtLyricsModel) model = NULL;
  const gsize *rows;
  gsize n_rows, p;
  HtLyricsFit all = { 0 }, fold = { 0 };
  const HtcCsr *xt;
  HtLyricsPrediction *pred;
  g_autofree char *text = NULL;
  gboolean found = FALSE;

  /* eastville: only East artist 0's hometown. west covina: an artist outside the corpus.
   * southport: one South and one East artist (half each: no region). glenville: a Midwest
   * artist of the corpus and one outside. "the" is in every song: left to the word features.
   * The Bronx, St. Louis ("st louis", "saint louis") and Missouri are in no song, and kept: a
   * name is labelled by whose hometown it is, whether or not the training songs say it. */
  ht_lyrics_place_sources_add (sources, "East artist 0", "Eastville", "", 0);
  ht_lyrics_place_sources_add (sources, "someone outside", "West Covina", "", 1);
  ht_lyrics_place_sources_add (sources, "South artist 2", "Southport", "", 2);
  ht_lyrics_place_sources_add (sources, "East artist 3", "Southport", "", 0);
  ht_lyrics_place_sources_add (sources, "Midwest artist 1", "Glenville", "", 3);
  ht_lyrics_place_sources_add (sources, "someone else", "Glenville", "", 3);
  ht_lyrics_place_sources_add (sources, "Midwest artist 2", "The", "", 3);
  ht_lyrics_place_sources_add (sources, "East artist 4", "The Bronx", "", 0);
  ht_lyrics_place_sources_add (sources, "Midwest artist 3", "St. Louis", "MO", 3);
  g_assert_cmpuint (sources->len, ==, 11);
  g_assert_cmpstr (g_array_index (sources, HtLyricsPlaceSource, 1).phrase, ==, "west covina");
  g_assert_cmpstr (g_array_index (sources, HtLyricsPlaceSource, 8).phrase, ==, "st louis");
  g_assert_cmpstr (g_array_index (sources, HtLyricsPlaceSource, 9).phrase, ==, "saint louis");
  g_assert_cmpstr (g_array_index (sources, HtLyricsPlaceSource, 10).phrase, ==, "missouri");
  g_assert_true (ht_lyrics_dataset_set_places (ds, (const HtLyricsPlaceSource *) (gpointer) sources->data,
                                               sources->len, NULL, &error));
  g_assert_no_error (error);

  rows = ht_lyrics_dataset_get_usable_rows (ds, &n_rows);
  g_assert_true (ht_lyrics_dataset_fit (ds, &config, rows, n_rows, 0.3, &all, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (htc_places_size (all.places), ==, 7);
  g_assert_true (fit_has_place (&all, "eastville", 0));
  g_assert_true (fit_has_place (&all, "west covina", 1));
  g_assert_true (fit_has_place (&all, "glenville", 3));
  g_assert_true (fit_has_place (&all, "the bronx", 0));
  g_assert_true (fit_has_place (&all, "saint louis", 3));
  g_assert_true (fit_has_place (&all, "missouri", 3));
  g_assert_false (fit_has_place (&all, "southport", 2));
  g_assert_false (fit_has_place (&all, "southport", 0));
  g_assert_false (fit_has_place (&all, "the", 3));

  /* Four more features after the vocabulary's: each song's own region, 0.5 (1 + ln 1), and
   * nothing for the South, whose town has no region. */
  p = htc_featurizer_n_features (ht_lyrics_dataset_get_featurizer (ds));
  xt = all.xt;
  g_assert_cmpuint (xt->n_rows, ==, p + 4);
  g_assert_cmpint (xt->indptr[p + 3] - xt->indptr[p + 2], ==, 0);
  for (guint r = 0; r < 4; r++)
    for (int64_t e = xt->indptr[p + r]; e < xt->indptr[p + r + 1]; e++)
      {
        const HtLyricsSong *song = ht_lyrics_corpus_get_song (corpus, (guint) rows[xt->indices[e]]);
        g_assert_cmpint (song->region, ==, r);
        g_assert_cmpfloat_with_epsilon (xt->data[e], 0.5, 1e-6);
      }
  for (guint r = 0; r < 4; r++)
    g_assert_cmpint (xt->indptr[p + r + 1] - xt->indptr[p + r], ==, r == 2 ? 0 : 30);

  /* With East artist 0 on the test side, its hometown names nothing. */
  for (gsize i = 0; i < n_rows; i++)
    if (strcmp (ht_lyrics_corpus_get_song (corpus, (guint) rows[i])->artist_key, "East artist 0") != 0)
      g_array_append_val (without_east0, rows[i]);
  g_assert_true (ht_lyrics_dataset_fit (ds, &config, (const gsize *) (gpointer) without_east0->data,
                                        without_east0->len, 0.3, &fold, NULL, NULL, NULL, &error));
  g_assert_cmpuint (htc_places_size (fold.places), ==, 6);
  g_assert_false (fit_has_place (&fold, "eastville", 0));
  g_assert_true (fit_has_place (&fold, "glenville", 3));
  ht_lyrics_fit_clear (&all);
  ht_lyrics_fit_clear (&fold);

  /* A trained model carries the names and explains a mention by them. */
  model = ht_lyrics_train (ds, &config, "towns", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  text = g_strdup ("the you i my a to and it in on that is we got money night real the you i my "
                   "a to and it in on that is we got money night real glenville");
  pred = ht_lyrics_model_predict (model, text, -1, 10);
  g_assert_cmpint (pred->region, ==, HT_LYRICS_REGION_MIDWEST);
  for (guint i = 0; i < pred->toward->len; i++)
    {
      const HtLyricsTerm *t = &g_array_index (pred->toward, HtLyricsTerm, i);
      if (t->kind == HT_LYRICS_TERM_PLACES)
        {
          g_assert_cmpstr (t->term, ==, "glenville");
          g_assert_cmpfloat (t->contribution, >, 0);
          found = TRUE;
        }
    }
  g_assert_true (found);
  ht_lyrics_prediction_free (pred);
  ht_lyrics_dataset_free (ds);
}

static void
test_cancel (Fixture      *f,
             gconstpointer data)
{
  HtLyricsConfig config;
  HtLyricsDataset *ds = invented_dataset (f, &config, 3, 4);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_null (ht_lyrics_train (ds, &config, "invented", cancellable, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  ht_lyrics_dataset_free (ds);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/engine/lyrics-corpus/read", Fixture, NULL, fixture_set_up, test_read, fixture_tear_down);
  g_test_add ("/engine/lyrics-corpus/errors", Fixture, NULL, fixture_set_up, test_errors, fixture_tear_down);
  g_test_add ("/engine/lyrics-dataset/folds", Fixture, NULL, fixture_set_up, test_folds, fixture_tear_down);
  g_test_add ("/engine/lyrics-dataset/weights", Fixture, NULL, fixture_set_up, test_weights, fixture_tear_down);
  g_test_add ("/engine/lyrics-dataset/group-share", Fixture, NULL, fixture_set_up, test_group_share,
              fixture_tear_down);
  g_test_add ("/engine/lyrics-dataset/train-and-evaluate", Fixture, NULL, fixture_set_up,
              test_train_and_evaluate, fixture_tear_down);
  g_test_add ("/engine/lyrics-dataset/association", Fixture, NULL, fixture_set_up, test_association,
              fixture_tear_down);
  g_test_add ("/engine/lyrics-dataset/learning-curve", Fixture, NULL, fixture_set_up,
              test_learning_curve, fixture_tear_down);
  g_test_add ("/engine/lyrics-dataset/artist-vote", Fixture, NULL, fixture_set_up, test_artist_vote,
              fixture_tear_down);
  g_test_add ("/engine/lyrics-dataset/places", Fixture, NULL, fixture_set_up, test_places,
              fixture_tear_down);
  g_test_add ("/engine/lyrics-dataset/cancel", Fixture, NULL, fixture_set_up, test_cancel, fixture_tear_down);
  return g_test_run ();
}
