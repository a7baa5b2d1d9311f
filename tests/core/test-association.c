/* Tests for htc-association: term weights from how a term's users, counted by artist, lean to
 * one class; worked by hand on a corpus of six songs. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "htc-association.h"

/* Four artists, two classes: artists 0 (songs 0, 1) and 1 (song 2) are of class 0, artists 2
 * (song 3) and 3 (songs 4, 5) of class 1; so pi = (1/2, 1/2). Seven terms:
 *   t0 in every song:             N = (1 + 1, 1 + 1) = (2, 2)    P = (1/2, 1/2)  D = 0
 *   t1 in song 0:                 N = (1/2, 0)                   P = (1, 0)      D = 1
 *   t2 in songs 3, 4, 5:          N = (0, 1 + 1)                 P = (0, 1)      D = 1
 *   t3 in songs 1 and 4:          N = (1/2, 1/2)                 P = (1/2, 1/2)  D = 0
 *   t4 in no song                                                                 weight 0
 *   t5 in song 0 but switched off by keep                                         weight 0
 *   t6 in songs 0, 2, 3:          N = (1/2 + 1, 1) = (3/2, 1)    P = (3/5, 2/5)  D = 0.04
 * (D = sum over c of (P_c - 1/2)^2 / (1/2).) Mean D over t0-t3, t6 = 2.04 / 5 = 0.408; with
 * alpha = 1 the weight is sqrt (D / 0.408): t1, t2 1.5655607, t6 0.3131121, t0, t3 0.
 * With m = 2 pseudo-artists, P = (N + 1) / (n + 2):
 *   t1: (1.5, 1) / 2.5 = (0.6, 0.4), D = 0.04;  t2: (1, 3) / 4 = (0.25, 0.75), D = 0.25;
 *   t6: (2.5, 2) / 4.5, D = 4 (1/18)^2 = 1/81;  mean = (0.04 + 0.25 + 1/81) / 5 = 0.0604691;
 *   with alpha = 2 the weight is D / mean: t1 0.6614945, t2 4.1343405, t6 0.2041650. */
static HtcCsr *
six_songs (void)
{
  static const int32_t songs_terms[6][5] = {
    { 0, 1, 5, 6, -1 }, { 0, 3, -1 }, { 0, 6, -1 }, { 0, 2, 6, -1 }, { 0, 2, 3, -1 }, { 0, 2, -1 },
  };
  HtcCsr *m = NULL;
  size_t nnz = 0;

  g_assert_cmpint (htc_csr_new (6, 7, 16, &m), ==, HTC_OK);
  for (size_t r = 0; r < 6; r++)
    {
      for (size_t t = 0; songs_terms[r][t] >= 0; t++)
        {
          m->indices[nnz] = songs_terms[r][t];
          m->data[nnz] = (float) (1 + r % 3); /* counts do not matter, only use */
          nnz++;
        }
      m->indptr[r + 1] = (int64_t) nnz;
    }
  g_assert_cmpuint (nnz, ==, 16);
  g_assert_cmpint (htc_csr_validate (m), ==, HTC_OK);
  return m;
}

static const uint32_t artist_of[6] = { 0, 0, 1, 2, 3, 3 };
static const int32_t class_of[6] = { 0, 0, 0, 1, 1, 1 };
static const uint8_t keep[7] = { 1, 1, 1, 1, 1, 0, 1 };
static const size_t all_rows[6] = { 0, 1, 2, 3, 4, 5 };

static void
test_hand_worked (void)
{
  HtcCsr *m = six_songs ();
  float w[7];
  const float want[7] = { 0, 1.5655607f, 1.5655607f, 0, 0, 0, 0.3131121f };
  const float want_prior[7] = { 0, 0.6614945f, 4.1343405f, 0, 0, 0, 0.2041650f };

  g_assert_cmpint (htc_association_weights (m, all_rows, 6, artist_of, 4, class_of, 2, keep, 0, 1, w),
                   ==, HTC_OK);
  for (size_t j = 0; j < 7; j++)
    g_assert_cmpfloat_with_epsilon (w[j], want[j], 1e-6);

  g_assert_cmpint (htc_association_weights (m, all_rows, 6, artist_of, 4, class_of, 2, keep, 2, 2, w),
                   ==, HTC_OK);
  for (size_t j = 0; j < 7; j++)
    g_assert_cmpfloat_with_epsilon (w[j], want_prior[j], 1e-6);

  /* alpha 0: every term kept and used weighs 1 (plain IDF), the others 0. */
  g_assert_cmpint (htc_association_weights (m, all_rows, 6, artist_of, 4, class_of, 2, keep, 0, 0, w),
                   ==, HTC_OK);
  for (size_t j = 0; j < 7; j++)
    g_assert_cmpfloat (w[j], ==, (j == 4 || j == 5) ? 0 : 1);
  htc_csr_free (m);
}

/* Counted by artist: an artist's songs listed three times over (a prolific artist whose songs
 * all look alike) change nothing, where song counts would tilt every term it uses. */
static void
test_prolific_artist_counts_once (void)
{
  HtcCsr *m = six_songs ();
  const size_t repeated[] = { 0, 1, 2, 3, 4, 5, 3, 3, 3, 3 };
  float w[7], w_repeated[7];

  g_assert_cmpint (htc_association_weights (m, all_rows, 6, artist_of, 4, class_of, 2, NULL, 0, 1, w),
                   ==, HTC_OK);
  g_assert_cmpint (htc_association_weights (m, repeated, 10, artist_of, 4, class_of, 2, NULL, 0, 1,
                                            w_repeated), ==, HTC_OK);
  for (size_t j = 0; j < 7; j++)
    g_assert_cmpfloat_with_epsilon (w[j], w_repeated[j], 1e-6);
  /* Without keep, t5 is used (song 0 only, like t1) and weighs like t1. */
  g_assert_cmpfloat_with_epsilon (w[5], w[1], 1e-6);
  g_assert_cmpfloat (w[1], >, 1);
  htc_csr_free (m);
}

/* Only the listed rows count: leaving out class 1's songs leaves one class, no divergence, and
 * every used term at weight 1 (nothing to tell apart); no rows at all gives 0 everywhere. */
static void
test_listed_rows_only (void)
{
  HtcCsr *m = six_songs ();
  const size_t class0[] = { 0, 1, 2 };
  float w[7];

  g_assert_cmpint (htc_association_weights (m, class0, 3, artist_of, 4, class_of, 2, NULL, 0, 1, w),
                   ==, HTC_OK);
  for (size_t j = 0; j < 7; j++)
    g_assert_cmpfloat (w[j], ==, (j == 2 || j == 4) ? 0 : 1);
  g_assert_cmpint (htc_association_weights (m, NULL, 0, artist_of, 4, class_of, 2, NULL, 0, 1, w),
                   ==, HTC_OK);
  for (size_t j = 0; j < 7; j++)
    g_assert_cmpfloat (w[j], ==, 0);
  htc_csr_free (m);
}

static void
test_invalid (void)
{
  HtcCsr *m = six_songs ();
  const size_t bad_row[] = { 0, 6 };
  const int32_t bad_class[6] = { 0, 0, 0, 1, 1, 2 };
  const uint32_t bad_artist[6] = { 0, 0, 1, 2, 3, 4 };
  float w[7];

  g_assert_cmpint (htc_association_weights (m, bad_row, 2, artist_of, 4, class_of, 2, NULL, 0, 1, w),
                   ==, HTC_ERROR_INVALID_ARG);
  g_assert_cmpint (htc_association_weights (m, all_rows, 6, artist_of, 4, bad_class, 2, NULL, 0, 1, w),
                   ==, HTC_ERROR_INVALID_ARG);
  g_assert_cmpint (htc_association_weights (m, all_rows, 6, bad_artist, 4, class_of, 2, NULL, 0, 1, w),
                   ==, HTC_ERROR_INVALID_ARG);
  g_assert_cmpint (htc_association_weights (m, all_rows, 6, artist_of, 4, class_of, 2, NULL, 0, -1, w),
                   ==, HTC_ERROR_INVALID_ARG);
  g_assert_cmpint (htc_association_weights (m, all_rows, 6, artist_of, 4, class_of, 2, NULL, NAN, 1, w),
                   ==, HTC_ERROR_INVALID_ARG);
  g_assert_cmpint (htc_association_weights (NULL, all_rows, 6, artist_of, 4, class_of, 2, NULL, 0, 1, w),
                   ==, HTC_ERROR_INVALID_ARG);
  htc_csr_free (m);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/association/hand-worked", test_hand_worked);
  g_test_add_func ("/core/association/prolific-artist-counts-once", test_prolific_artist_counts_once);
  g_test_add_func ("/core/association/listed-rows-only", test_listed_rows_only);
  g_test_add_func ("/core/association/invalid", test_invalid);
  return g_test_run ();
}
