/* Tests for htc-ngram and htc-featurizer: the n-grams of hand-worked words and texts (the
 * character n-grams follow scikit-learn's char_wb, with '<' '>' for its padding spaces), the
 * vocabulary's pruning by documents and by artist groups, and the counts it gives. */
#include <glib.h>
#include <string.h>

#include "htc-featurizer.h"
#include "htc-ngram.h"

static void
collect (void        *ctx,
         const char  *term,
         size_t       len,
         HtcNgramKind kind,
         unsigned     n)
{
  g_ptr_array_add (ctx, g_strndup (term, len));
}

static char *
joined (GPtrArray *a)
{
  g_ptr_array_add (a, NULL);
  return g_strjoinv ("|", (char **) a->pdata);
}

static void
check_chars (const HtcNgramParams *p,
             const char           *word,
             const char           *expected)
{
  g_autoptr(GPtrArray) a = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *got = NULL;

  g_assert_cmpint (htc_ngram_chars (p, word, strlen (word), collect, a), ==, HTC_OK);
  got = joined (a);
  g_assert_cmpstr (got, ==, expected);
}

static void
test_chars (void)
{
  HtcNgramParams p = { 1, 2, 2, 5 };

  /* "<yall>" has 6 code points: 5 bigrams, 4 trigrams, 3 four-grams, 2 five-grams. */
  check_chars (&p, "yall",
               "#<y|#ya|#al|#ll|#l>|#<ya|#yal|#all|#ll>|#<yal|#yall|#all>|#<yall|#yall>");
  /* "<a>" is shorter than 4: the trigram is the whole padded word, once, and it stops. */
  check_chars (&p, "a", "#<a|#a>|#<a>");
  /* Code points, not bytes: ñ is two bytes. */
  check_chars (&p, "ñ", "#<ñ|#ñ>|#<ñ>");
  /* Over 64 bytes: no character n-grams. */
  check_chars (&p, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "");
  p.char_min = p.char_max = 3;
  check_chars (&p, "ab", "#<ab|#ab>");
  check_chars (&p, "x", "#<x>");
}

static void
test_words (void)
{
  HtcNgramParams p = { 1, 2, 0, 0 };
  g_autoptr(GPtrArray) a = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *got = NULL;
  const char *text = "  on god   on god ";

  g_assert_cmpint (htc_ngram_words (&p, text, strlen (text), collect, a), ==, HTC_OK);
  got = joined (a);
  g_assert_cmpstr (got, ==, "on|god|on god|on|god on|god|on god");

  {
    HtcNgramParams tri = { 2, 3, 0, 0 };
    g_autoptr(GPtrArray) b = g_ptr_array_new_with_free_func (g_free);
    g_autofree char *got2 = NULL;
    g_assert_cmpint (htc_ngram_words (&tri, "a b c", 5, collect, b), ==, HTC_OK);
    got2 = joined (b);
    g_assert_cmpstr (got2, ==, "a b|b c|a b c");
  }
}

static void
test_params (void)
{
  HtcNgramParams bad[] = { { 0, 0, 0, 0 }, { 2, 1, 0, 0 }, { 1, 4, 0, 0 }, { 0, 0, 3, 2 },
                           { 0, 0, 1, 9 }, { 0, 1, 0, 0 } };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_cmpint (htc_ngram_params_check (&bad[i]), ==, HTC_ERROR_INVALID_ARG);
  g_assert_cmpint (htc_ngram_term_kind ("#ab", 3), ==, HTC_NGRAM_CHAR);
  g_assert_cmpint (htc_ngram_term_kind ("ab", 2), ==, HTC_NGRAM_WORD);
  g_assert_cmpuint (htc_featurizer_term_block ("ab", 2), ==, 0);
  g_assert_cmpuint (htc_featurizer_term_block ("a b", 3), ==, 1);
  g_assert_cmpuint (htc_featurizer_term_block ("#a b", 4), ==, 2);
}

static void
test_build (void)
{
  /* Six documents by three artists (groups 0, 1, 2). */
  const char *docs[] = { "hella bay", "hella yall", "yall bay", "trap yall", "trap", "bay" };
  const uint32_t group[] = { 0, 0, 1, 1, 2, 2 };
  size_t lens[6];
  HtcFeaturizerParams p = { .ngram = { 1, 2, 0, 0 }, .min_df = 2, .min_groups = 2, .n_threads = 2 };
  HtcFeaturizer *f = NULL;
  const HtcVocab *v;
  const size_t *starts;

  for (guint i = 0; i < 6; i++)
    lens[i] = strlen (docs[i]);
  g_assert_cmpint (htc_featurizer_build (&p, docs, lens, 6, group, &f), ==, HTC_OK);
  v = htc_featurizer_vocab (f);
  /* df: hella 2 (one group), bay 3 (three groups), yall 3 (two groups), trap 2 (two groups);
   * every bigram once. So: bay, trap, yall, in byte order. */
  g_assert_cmpuint (htc_featurizer_n_features (f), ==, 3);
  g_assert_cmpint (htc_vocab_lookup (v, "bay", 3), ==, 0);
  g_assert_cmpint (htc_vocab_lookup (v, "trap", 4), ==, 1);
  g_assert_cmpint (htc_vocab_lookup (v, "yall", 4), ==, 2);
  g_assert_cmpint (htc_vocab_lookup (v, "hella", 5), ==, -1);
  starts = htc_featurizer_block_starts (f);
  g_assert_cmpuint (starts[1], ==, 3);
  g_assert_cmpuint (starts[2], ==, 3);
  g_assert_cmpuint (starts[3], ==, 3);
  htc_featurizer_free (f);

  /* Without group pruning hella stays (df 2). */
  p.min_groups = 1;
  g_assert_cmpint (htc_featurizer_build (&p, docs, lens, 6, NULL, &f), ==, HTC_OK);
  g_assert_cmpuint (htc_featurizer_n_features (f), ==, 4);
  htc_featurizer_free (f);
}

static void
test_count (void)
{
  const char *docs[] = { "yall yall gon", "gon yall", "ya" };
  size_t lens[3];
  HtcFeaturizerParams p = { .ngram = { 1, 2, 2, 3 }, .min_df = 1, .min_groups = 1, .n_threads = 1 };
  HtcFeaturizer *f = NULL;
  const HtcVocab *v;
  HtcCsr *m = NULL;
  int32_t *idx = NULL;
  float *val = NULL;
  size_t nnz = 0;
  HtcFeaturizeStats stats;

  for (guint i = 0; i < 3; i++)
    lens[i] = strlen (docs[i]);
  g_assert_cmpint (htc_featurizer_build (&p, docs, lens, 3, NULL, &f), ==, HTC_OK);
  v = htc_featurizer_vocab (f);

  /* One document by hand: "yall yall gon" has yall x2, gon x1, "yall yall" x1, "yall gon" x1,
   * and character n-grams counted once per word occurrence: "#ll" twice (from yall x2). */
  g_assert_cmpint (htc_featurizer_count (f, docs[0], lens[0], &idx, &val, &nnz, &stats), ==, HTC_OK);
  g_assert_cmpuint (stats.n_words, ==, 3);
  g_assert_cmpuint (stats.n_known_words, ==, 3);
  for (size_t t = 0; t < nnz; t++)
    {
      size_t len;
      const char *term = htc_vocab_term (v, idx[t], &len);
      g_autofree char *s = g_strndup (term, len);
      float want = 1;
      if (strcmp (s, "yall") == 0 || strcmp (s, "#ll") == 0 || strcmp (s, "#ya") == 0
          || strcmp (s, "#<y") == 0 || strcmp (s, "#<ya") == 0 || strcmp (s, "#al") == 0
          || strcmp (s, "#l>") == 0 || strcmp (s, "#yal") == 0 || strcmp (s, "#all") == 0
          || strcmp (s, "#ll>") == 0)
        want = 2;
      g_test_message ("%s = %g", s, val[t]);
      g_assert_cmpfloat (val[t], ==, want);
      if (t > 0)
        g_assert_cmpint (idx[t], >, idx[t - 1]);
    }
  /* Unigrams 2 + bigrams 2 + character n-grams of yall (5 + 4) and gon (4 + 3, none shared). */
  g_assert_cmpuint (nnz, ==, 2 + 2 + 9 + 7);
  free (idx);
  free (val);

  /* Unknown words count as words but not as known ones. */
  g_assert_cmpint (htc_featurizer_count (f, "zz yall", 7, &idx, &val, &nnz, &stats), ==, HTC_OK);
  g_assert_cmpuint (stats.n_words, ==, 2);
  g_assert_cmpuint (stats.n_known_words, ==, 1);
  free (idx);
  free (val);

  /* The corpus matrix agrees with one-by-one counting, on several threads. */
  g_assert_cmpint (htc_featurizer_count_corpus (f, docs, lens, 3, 2, NULL, NULL, NULL, &m), ==, HTC_OK);
  g_assert_cmpint (htc_csr_validate (m), ==, HTC_OK);
  for (guint d = 0; d < 3; d++)
    {
      g_assert_cmpint (htc_featurizer_count (f, docs[d], lens[d], &idx, &val, &nnz, NULL), ==, HTC_OK);
      g_assert_cmpuint (nnz, ==, (size_t) (m->indptr[d + 1] - m->indptr[d]));
      g_assert_cmpmem (idx, nnz * sizeof (int32_t), m->indices + m->indptr[d], nnz * sizeof (int32_t));
      g_assert_cmpmem (val, nnz * sizeof (float), m->data + m->indptr[d], nnz * sizeof (float));
      free (idx);
      free (val);
    }
  htc_csr_free (m);
  htc_featurizer_free (f);
}

static void
test_cancel (void)
{
  const char *docs[] = { "a b", "b c" };
  size_t lens[] = { 3, 3 };
  volatile int cancel = 1;
  HtcFeaturizerParams p = { .ngram = { 1, 1, 0, 0 }, .min_df = 1, .min_groups = 1, .n_threads = 1,
                            .cancel = &cancel };
  HtcFeaturizer *f = NULL;

  g_assert_cmpint (htc_featurizer_build (&p, docs, lens, 2, NULL, &f), ==, HTC_ERROR_CANCELLED);
  g_assert_null (f);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/ngram/chars", test_chars);
  g_test_add_func ("/core/ngram/words", test_words);
  g_test_add_func ("/core/ngram/params", test_params);
  g_test_add_func ("/core/featurizer/build", test_build);
  g_test_add_func ("/core/featurizer/count", test_count);
  g_test_add_func ("/core/featurizer/cancel", test_cancel);
  return g_test_run ();
}
