/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "ht-prediction.h"

static HtPrediction *
make (double e, double w, double s, double m)
{
  const double p[HT_PREDICTION_N_REGIONS] = { e, w, s, m };

  return ht_prediction_new (p, NULL);
}

/* Worked by hand: (0.6 0.2 0.1 0.1) x (0.1 0.6 0.2 0.1) = (0.06 0.12 0.02 0.01), sum 0.21. */
static void
test_combine_product (void)
{
  g_autoptr(HtPrediction) sound = make (0.6, 0.2, 0.1, 0.1);
  g_autoptr(HtPrediction) lyrics = make (0.1, 0.6, 0.2, 0.1);
  g_autoptr(HtPrediction) both = ht_prediction_combine (sound, lyrics);

  g_assert_true (ht_prediction_is_available (both));
  g_assert_cmpfloat_with_epsilon (ht_prediction_get_probability (both, 0), 0.06 / 0.21, 1e-12);
  g_assert_cmpfloat_with_epsilon (ht_prediction_get_probability (both, 1), 0.12 / 0.21, 1e-12);
  g_assert_cmpfloat_with_epsilon (ht_prediction_get_probability (both, 2), 0.02 / 0.21, 1e-12);
  g_assert_cmpfloat_with_epsilon (ht_prediction_get_probability (both, 3), 0.01 / 0.21, 1e-12);
  g_assert_cmpuint (ht_prediction_get_top_region (both), ==, 1);
  g_assert_true (ht_prediction_disagree (sound, lyrics));
  g_assert_false (ht_prediction_disagree (both, lyrics));
}

/* A uniform answer carries no evidence: the product is the other model's answer. */
static void
test_combine_uniform_is_neutral (void)
{
  g_autoptr(HtPrediction) sound = make (0.25, 0.25, 0.25, 0.25);
  g_autoptr(HtPrediction) lyrics = make (0.5, 0.25, 0.25, 0);
  g_autoptr(HtPrediction) both = ht_prediction_combine (sound, lyrics);

  for (guint i = 0; i < HT_PREDICTION_N_REGIONS; i++)
    g_assert_cmpfloat_with_epsilon (ht_prediction_get_probability (both, i),
                                    ht_prediction_get_probability (lyrics, i), 1e-12);
  g_assert_false (ht_prediction_disagree (sound, lyrics));
}

/* Two confident models must not underflow to 0/0. */
static void
test_combine_tiny (void)
{
  g_autoptr(HtPrediction) a = make (1e-200, 1, 1e-200, 1e-200);
  g_autoptr(HtPrediction) b = make (1e-200, 1e-200, 1e-200, 1);
  g_autoptr(HtPrediction) both = ht_prediction_combine (a, b);

  /* All four products are 1e-200 or 1e-400 (0 in a double): West and Midwest tie at 1e-200
   * each, East and South at 1e-400 — exactly halves. */
  g_assert_true (ht_prediction_is_available (both));
  g_assert_cmpfloat_with_epsilon (ht_prediction_get_probability (both, 1), 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (ht_prediction_get_probability (both, 3), 0.5, 1e-12);
  g_assert_cmpfloat (ht_prediction_get_probability (both, 0), <, 1e-100);
}

static void
test_combine_exclusive (void)
{
  g_autoptr(HtPrediction) a = make (1, 0, 0, 0);
  g_autoptr(HtPrediction) b = make (0, 1, 0, 0);
  g_autoptr(HtPrediction) both = ht_prediction_combine (a, b);

  g_assert_nonnull (both);
  g_assert_false (ht_prediction_is_available (both));
  g_assert_nonnull (ht_prediction_get_reason (both));
}

static void
test_combine_one_side (void)
{
  g_autoptr(HtPrediction) a = make (0.1, 0.2, 0.3, 0.4);
  g_autoptr(HtPrediction) none = ht_prediction_new_unavailable ("No lyrics found", NULL, NULL);
  g_autoptr(HtPrediction) c1 = ht_prediction_combine (a, none);
  g_autoptr(HtPrediction) c2 = ht_prediction_combine (NULL, a);

  g_assert_true (c1 == a);
  g_assert_true (c2 == a);
  g_assert_null (ht_prediction_combine (none, NULL));
  g_assert_null (ht_prediction_combine (NULL, NULL));
  g_assert_false (ht_prediction_disagree (a, none));
}

static void
test_timeline (void)
{
  const double rows[3 * 4] = { 1, 0, 0, 0,  0, 1, 0, 0,  0.25, 0.25, 0.25, 0.25 };
  g_autoptr(HtPrediction) p = make (0.4, 0.4, 0.1, 0.1);
  const double *row;
  double start, end;

  g_assert_cmpuint (ht_prediction_get_n_steps (p), ==, 0);
  ht_prediction_set_timeline (p, 3, rows, 30.0, 2.5, 5.0);
  g_assert_cmpuint (ht_prediction_get_n_steps (p), ==, 3);
  row = ht_prediction_get_step (p, 2, &start, &end);
  g_assert_cmpfloat (start, ==, 35.0);
  g_assert_cmpfloat (end, ==, 40.0);
  g_assert_cmpfloat (row[3], ==, 0.25);
  row = ht_prediction_get_step (p, 1, &start, NULL);
  g_assert_cmpfloat (start, ==, 32.5);
  g_assert_cmpfloat (row[1], ==, 1);
}

static void
test_terms (void)
{
  g_autoptr(HtPrediction) p = make (0.1, 0.2, 0.3, 0.4);
  double c;

  g_assert_cmpuint (ht_prediction_get_n_terms (p), ==, 0);
  ht_prediction_add_term (p, "yall", 0.75);
  ht_prediction_add_term (p, "hella", -0.5);
  g_assert_cmpuint (ht_prediction_get_n_terms (p), ==, 2);
  g_assert_cmpstr (ht_prediction_get_term (p, 0, &c), ==, "yall");
  g_assert_cmpfloat (c, ==, 0.75);
  g_assert_cmpstr (ht_prediction_get_term (p, 1, &c), ==, "hella");
  g_assert_cmpfloat (c, ==, -0.5);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/prediction/combine/product", test_combine_product);
  g_test_add_func ("/engine/prediction/combine/uniform", test_combine_uniform_is_neutral);
  g_test_add_func ("/engine/prediction/combine/tiny", test_combine_tiny);
  g_test_add_func ("/engine/prediction/combine/exclusive", test_combine_exclusive);
  g_test_add_func ("/engine/prediction/combine/one-side", test_combine_one_side);
  g_test_add_func ("/engine/prediction/timeline", test_timeline);
  g_test_add_func ("/engine/prediction/terms", test_terms);
  return g_test_run ();
}
