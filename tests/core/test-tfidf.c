/* Tests for htc-tfidf on a corpus small enough to work by hand, and for the CSR helpers. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "htc-csr.h"
#include "htc-tfidf.h"

/* Three documents over the terms a, b, c (columns 0, 1, 2):
 *   d0 = "a b"     counts (1, 1, 0)
 *   d1 = "a c"     counts (1, 0, 1)
 *   d2 = "a b b"   counts (1, 2, 0)
 * df = (3, 2, 1), n = 3, idf = ln ((1 + 3) / (1 + df)) + 1:
 *   idf_a = ln (4/4) + 1 = 1
 *   idf_b = ln (4/3) + 1 = 1.2876821
 *   idf_c = ln (4/2) + 1 = 1.6931472
 * d2 with sublinear tf: a → 1 * 1 = 1, b → (1 + ln 2) * 1.2876821 = 2.1802353;
 *   norm = sqrt (1 + 2.1802353²) = 2.3986300 → (0.4169047, 0.9089502, 0).
 * d0: (1, 1.2876821) / 1.6303758 → (0.6133555, 0.7898069).
 * d1: (1, 1.6931472) / 1.9664047 → (0.5085423, 0.8610370). */
static HtcCsr *
three_docs (void)
{
  HtcCsr *m = NULL;
  const int64_t indptr[] = { 0, 2, 4, 6 };
  const int32_t indices[] = { 0, 1, 0, 2, 0, 1 };
  const float data[] = { 1, 1, 1, 1, 1, 2 };

  g_assert_cmpint (htc_csr_new (3, 3, 6, &m), ==, HTC_OK);
  memcpy (m->indptr, indptr, sizeof indptr);
  memcpy (m->indices, indices, sizeof indices);
  memcpy (m->data, data, sizeof data);
  g_assert_cmpint (htc_csr_validate (m), ==, HTC_OK);
  return m;
}

static HtcTfidfParams
one_block (size_t n)
{
  HtcTfidfParams p = { .sublinear_tf = 1, .n_blocks = 1, .block_starts = { 0, n }, .block_weight = { 1 } };
  return p;
}

static void
test_hand_worked (void)
{
  HtcCsr *m = three_docs (), *x = NULL;
  const size_t rows[] = { 0, 1, 2 };
  HtcTfidfParams p = one_block (3);
  HtcTfidf *t = NULL;
  const float *idf;
  const float want[3][3] = { { 0.6133555f, 0.7898069f, 0 }, { 0.5085423f, 0, 0.8610370f },
                             { 0.4169047f, 0.9089502f, 0 } };

  g_assert_cmpint (htc_tfidf_fit (&p, m, rows, 3, NULL, &t), ==, HTC_OK);
  idf = htc_tfidf_idf (t);
  g_assert_cmpfloat_with_epsilon (idf[0], 1.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (idf[1], 1.2876821, 1e-6);
  g_assert_cmpfloat_with_epsilon (idf[2], 1.6931472, 1e-6);

  g_assert_cmpint (htc_tfidf_transform (t, m, &x), ==, HTC_OK);
  for (size_t r = 0; r < 3; r++)
    {
      float dense[3] = { 0 };
      for (int64_t k = x->indptr[r]; k < x->indptr[r + 1]; k++)
        dense[x->indices[k]] = x->data[k];
      for (size_t j = 0; j < 3; j++)
        g_assert_cmpfloat_with_epsilon (dense[j], want[r][j], 1e-6);
    }
  htc_csr_free (x);

  /* Transposed: column t of the result is row rows[t]. */
  {
    const size_t sel[] = { 2, 0 };
    g_assert_cmpint (htc_tfidf_transform_transposed (t, m, sel, 2, &x), ==, HTC_OK);
    g_assert_cmpuint (x->n_rows, ==, 3);
    g_assert_cmpuint (x->n_cols, ==, 2);
    g_assert_cmpint (htc_csr_validate (x), ==, HTC_OK);
    /* Feature b: in both selected rows: (0.9089502 for row 2, 0.7898069 for row 0). */
    g_assert_cmpint (x->indptr[2] - x->indptr[1], ==, 2);
    g_assert_cmpint (x->indices[x->indptr[1]], ==, 0);
    g_assert_cmpfloat_with_epsilon (x->data[x->indptr[1]], 0.9089502, 1e-6);
    g_assert_cmpfloat_with_epsilon (x->data[x->indptr[1] + 1], 0.7898069, 1e-6);
    /* Feature c: in neither. */
    g_assert_cmpint (x->indptr[3] - x->indptr[2], ==, 0);
    htc_csr_free (x);
  }
  htc_tfidf_free (t);
  htc_csr_free (m);
}

static void
test_fit_subset_and_mask (void)
{
  HtcCsr *m = three_docs ();
  const size_t rows[] = { 0, 2 };
  const uint8_t keep[] = { 1, 0, 1 };
  HtcTfidfParams p = one_block (3);
  HtcTfidf *t = NULL;
  int32_t idx[] = { 0, 1, 2 };
  float val[] = { 1, 1, 1 };
  size_t nnz = 3;

  /* On rows 0 and 2 only: n = 2, df = (2, 2, 0); b is switched off, c never seen. */
  g_assert_cmpint (htc_tfidf_fit (&p, m, rows, 2, keep, &t), ==, HTC_OK);
  g_assert_cmpfloat_with_epsilon (htc_tfidf_idf (t)[0], 1.0, 1e-6);
  g_assert_cmpfloat (htc_tfidf_idf (t)[1], ==, 0);
  g_assert_cmpfloat (htc_tfidf_idf (t)[2], ==, 0);
  /* A row with all three keeps only a, normalised to 1. */
  g_assert_cmpint (htc_tfidf_transform_row (t, idx, val, &nnz), ==, HTC_OK);
  g_assert_cmpuint (nnz, ==, 1);
  g_assert_cmpint (idx[0], ==, 0);
  g_assert_cmpfloat_with_epsilon (val[0], 1.0, 1e-6);
  /* Out of range is an error, not a read past the end. */
  {
    int32_t bad_idx[] = { 7 };
    float bad_val[] = { 1 };
    size_t n = 1;
    g_assert_cmpint (htc_tfidf_transform_row (t, bad_idx, bad_val, &n), ==, HTC_ERROR_INVALID_ARG);
  }
  htc_tfidf_free (t);
  htc_csr_free (m);
}

static void
test_blocks (void)
{
  /* Two blocks [0, 2) and [2, 3) with weights 1 and 0.5; idf all 1, raw tf. Row (3, 4, 2):
   * block 0 → (0.6, 0.8), block 1 → (0.5). */
  const float idf[] = { 1, 1, 1 };
  HtcTfidfParams p = { .sublinear_tf = 0, .n_blocks = 2, .block_starts = { 0, 2, 3 },
                       .block_weight = { 1, 0.5f } };
  HtcTfidf *t = NULL;
  int32_t idx[] = { 0, 1, 2 };
  float val[] = { 3, 4, 2 };
  size_t nnz = 3;

  g_assert_cmpint (htc_tfidf_new (&p, idf, 3, &t), ==, HTC_OK);
  g_assert_cmpint (htc_tfidf_transform_row (t, idx, val, &nnz), ==, HTC_OK);
  g_assert_cmpfloat_with_epsilon (val[0], 0.6, 1e-6);
  g_assert_cmpfloat_with_epsilon (val[1], 0.8, 1e-6);
  g_assert_cmpfloat_with_epsilon (val[2], 0.5, 1e-6);
  htc_tfidf_free (t);

  /* Blocks that do not cover the features, or a negative IDF, are refused. */
  p.block_starts[2] = 4;
  g_assert_cmpint (htc_tfidf_new (&p, idf, 3, &t), ==, HTC_ERROR_INVALID_ARG);
  p.block_starts[2] = 3;
  {
    const float neg[] = { 1, -1, 1 };
    g_assert_cmpint (htc_tfidf_new (&p, neg, 3, &t), ==, HTC_ERROR_BAD_MODEL);
  }
}

static void
test_column_stats (void)
{
  HtcCsr *m = three_docs ();
  const size_t rows[] = { 0, 1, 2 };
  const uint32_t group[] = { 5, 2, 5 };
  uint32_t df[3], ng[3];

  g_assert_cmpint (htc_csr_column_stats (m, rows, 3, group, df, ng), ==, HTC_OK);
  g_assert_cmpuint (df[0], ==, 3);
  g_assert_cmpuint (df[1], ==, 2);
  g_assert_cmpuint (df[2], ==, 1);
  g_assert_cmpuint (ng[0], ==, 2);   /* groups 5 and 2 */
  g_assert_cmpuint (ng[1], ==, 1);   /* rows 0 and 2, both group 5 */
  g_assert_cmpuint (ng[2], ==, 1);
  htc_csr_free (m);
}

/* Two rows appended to three_docs(): one empty, one with two entries; then refusals that must
 * leave the matrix as it was. */
static void
test_append_rows (void)
{
  HtcCsr *m = three_docs ();
  const int64_t indptr[] = { 0, 0, 2 };
  const int32_t indices[] = { 1, 2 };
  const float data[] = { 0.5f, 7 };
  const int64_t want_ptr[] = { 0, 2, 4, 6, 6, 8 };
  const int32_t want_idx[] = { 0, 1, 0, 2, 0, 1, 1, 2 };
  const float want_data[] = { 1, 1, 1, 1, 1, 2, 0.5f, 7 };
  const int32_t out_of_range[] = { 1, 3 };
  const int64_t backwards[] = { 0, 2, 1 };

  g_assert_cmpint (htc_csr_append_rows (m, 2, indptr, indices, data), ==, HTC_OK);
  g_assert_cmpuint (m->n_rows, ==, 5);
  g_assert_cmpuint (m->n_cols, ==, 3);
  g_assert_cmpmem (m->indptr, 6 * sizeof (int64_t), want_ptr, sizeof want_ptr);
  g_assert_cmpmem (m->indices, 8 * sizeof (int32_t), want_idx, sizeof want_idx);
  g_assert_cmpmem (m->data, 8 * sizeof (float), want_data, sizeof want_data);
  g_assert_cmpint (htc_csr_validate (m), ==, HTC_OK);

  g_assert_cmpint (htc_csr_append_rows (m, 2, indptr, out_of_range, data), ==, HTC_ERROR_INVALID_ARG);
  g_assert_cmpint (htc_csr_append_rows (m, 2, backwards, indices, data), ==, HTC_ERROR_INVALID_ARG);
  g_assert_cmpuint (m->n_rows, ==, 5);
  g_assert_cmpuint (htc_csr_nnz (m), ==, 8);
  /* Nothing to add is fine. */
  g_assert_cmpint (htc_csr_append_rows (m, 0, indptr, NULL, NULL), ==, HTC_OK);
  g_assert_cmpuint (m->n_rows, ==, 5);
  htc_csr_free (m);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/tfidf/hand-worked", test_hand_worked);
  g_test_add_func ("/core/tfidf/subset-and-mask", test_fit_subset_and_mask);
  g_test_add_func ("/core/tfidf/blocks", test_blocks);
  g_test_add_func ("/core/csr/column-stats", test_column_stats);
  g_test_add_func ("/core/csr/append-rows", test_append_rows);
  return g_test_run ();
}
