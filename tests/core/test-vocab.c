/* Tests for htc-vocab: interning, lookups, growth, and the blob form a model file stores,
 * including every way a damaged blob must be refused. */
#include <glib.h>
#include <string.h>

#include "htc-vocab.h"

static void
test_intern (void)
{
  HtcVocab *v = NULL;
  int32_t id, id2;
  int added;
  size_t len;
  const char *t;

  g_assert_cmpint (htc_vocab_new (0, &v), ==, HTC_OK);
  g_assert_cmpint (htc_vocab_add (v, "yall", 4, &id, &added), ==, HTC_OK);
  g_assert_cmpint (id, ==, 0);
  g_assert_true (added);
  g_assert_cmpint (htc_vocab_add (v, "on god", 6, &id, &added), ==, HTC_OK);
  g_assert_cmpint (id, ==, 1);
  g_assert_cmpint (htc_vocab_add (v, "yall", 4, &id2, &added), ==, HTC_OK);
  g_assert_cmpint (id2, ==, 0);
  g_assert_false (added);
  /* A prefix is a different term. */
  g_assert_cmpint (htc_vocab_lookup (v, "yal", 3), ==, -1);
  g_assert_cmpint (htc_vocab_lookup (v, "on god", 6), ==, 1);
  t = htc_vocab_term (v, 1, &len);
  g_assert_cmpuint (len, ==, 6);
  g_assert_cmpmem (t, len, "on god", 6);
  g_assert_null (htc_vocab_term (v, 2, &len));
  g_assert_null (htc_vocab_term (v, -1, &len));
  /* Empty terms are not terms. */
  g_assert_cmpint (htc_vocab_add (v, "", 0, &id, NULL), ==, HTC_ERROR_INVALID_ARG);
  g_assert_cmpint (htc_vocab_lookup (v, "", 0), ==, -1);
  htc_vocab_clear (v);
  g_assert_cmpuint (htc_vocab_size (v), ==, 0);
  g_assert_cmpint (htc_vocab_lookup (v, "yall", 4), ==, -1);
  htc_vocab_free (v);
  htc_vocab_free (NULL);
}

static void
test_growth (void)
{
  HtcVocab *v = NULL;

  g_assert_cmpint (htc_vocab_new (4, &v), ==, HTC_OK);
  for (int i = 0; i < 100000; i++)
    {
      char buf[32];
      int32_t id;
      int n = g_snprintf (buf, sizeof buf, "term%d", i);
      g_assert_cmpint (htc_vocab_add (v, buf, (size_t) n, &id, NULL), ==, HTC_OK);
      g_assert_cmpint (id, ==, i);
    }
  for (int i = 0; i < 100000; i += 997)
    {
      char buf[32];
      int n = g_snprintf (buf, sizeof buf, "term%d", i);
      g_assert_cmpint (htc_vocab_lookup (v, buf, (size_t) n), ==, i);
    }
  htc_vocab_free (v);
}

static void
test_blob_roundtrip (void)
{
  static const char *terms[] = { "a", "bb", "ccc", "#<y", "on god" };
  HtcVocab *v = NULL, *w = NULL;
  g_autofree uint8_t *blob = NULL;
  int64_t offsets[6];

  g_assert_cmpint (htc_vocab_new (2, &v), ==, HTC_OK);
  for (guint i = 0; i < G_N_ELEMENTS (terms); i++)
    {
      int32_t id;
      g_assert_cmpint (htc_vocab_add (v, terms[i], strlen (terms[i]), &id, NULL), ==, HTC_OK);
    }
  g_assert_cmpuint (htc_vocab_blob_size (v), ==, 1 + 2 + 3 + 3 + 6);
  blob = g_malloc (htc_vocab_blob_size (v));
  htc_vocab_to_blob (v, blob, offsets);
  g_assert_cmpmem (blob, 15, "abbccc#<yon god", 15);
  g_assert_cmpint (offsets[0], ==, 0);
  g_assert_cmpint (offsets[3], ==, 6);
  g_assert_cmpint (offsets[5], ==, 15);

  g_assert_cmpint (htc_vocab_new_from_blob (blob, 15, offsets, 5, &w), ==, HTC_OK);
  for (guint i = 0; i < G_N_ELEMENTS (terms); i++)
    g_assert_cmpint (htc_vocab_lookup (w, terms[i], strlen (terms[i])), ==, (int32_t) i);
  htc_vocab_free (w);
  htc_vocab_free (v);
}

static void
test_blob_damaged (void)
{
  const uint8_t blob[] = "aabbc";
  HtcVocab *w = (HtcVocab *) 0x1;
  struct { int64_t offsets[4]; size_t n; } bad[] = {
    { { 1, 2, 4, 5 }, 3 },     /* does not start at 0 */
    { { 0, 2, 4, 4 }, 3 },     /* an empty term */
    { { 0, 4, 2, 5 }, 3 },     /* goes backwards */
    { { 0, 2, 4, 6 }, 3 },     /* past the end of the blob */
    { { 0, 2, 4, 4 }, 2 },     /* does not cover the blob */
    { { 0, 1, 2, 5 }, 3 },     /* "a" twice */
    { { 0, INT64_MIN, 4, 5 }, 3 },  /* far below zero (a subtraction would overflow) */
    { { 0, 2, INT64_MAX, 5 }, 3 },  /* far past the end */
    { { 0, 2, INT64_MIN, 5 }, 3 },  /* backwards by more than int64 holds */
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("case %u", i);
      g_assert_cmpint (htc_vocab_new_from_blob (blob, 5, bad[i].offsets, bad[i].n, &w), ==,
                       HTC_ERROR_BAD_MODEL);
      g_assert_null (w);
      w = (HtcVocab *) 0x1;
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/vocab/intern", test_intern);
  g_test_add_func ("/core/vocab/growth", test_growth);
  g_test_add_func ("/core/vocab/blob-roundtrip", test_blob_roundtrip);
  g_test_add_func ("/core/vocab/blob-damaged", test_blob_damaged);
  return g_test_run ();
}
