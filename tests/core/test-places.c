/* Tests for htc-places: finding place names in flat text (longest name first, no overlaps,
 * nothing inside a word), refusing names a damaged model file could hold, and the vote that
 * labels candidate names from the artists they are the hometown of — worked by hand. */
#include <glib.h>
#include <string.h>

#include "htc-places.h"

typedef struct
{
  const char *phrase;
  uint8_t     label;
} Name;

static HtcPlaces *
make_places (const Name *names,
             guint       n,
             HtcStatus   want)
{
  HtcVocab *v = NULL;
  g_autofree uint8_t *labels = g_new (uint8_t, MAX (n, 1));
  HtcPlaces *p = NULL;

  g_assert_cmpint (htc_vocab_new (n, &v), ==, HTC_OK);
  for (guint i = 0; i < n; i++)
    {
      int32_t id;
      g_assert_cmpint (htc_vocab_add (v, names[i].phrase, strlen (names[i].phrase), &id, NULL), ==, HTC_OK);
      labels[i] = names[i].label;
    }
  g_assert_cmpint (htc_places_new (v, labels, 4, &p), ==, want);
  return p;
}

typedef struct
{
  GArray *ids;
} Found;

static void
on_found (void    *ctx,
          int32_t  place)
{
  g_array_append_val (((Found *) ctx)->ids, place);
}

static void
test_scan (void)
{
  /* ids in this order: 0 st louis, 1 kansas city, 2 kansas, 3 compton, 4 new york city,
   * 5 new york, 6 the bay area */
  static const Name names[] = {
    { "st louis", 3 }, { "kansas city", 3 }, { "kansas", 3 }, { "compton", 1 },
    { "new york city", 0 }, { "new york", 0 }, { "the bay area", 1 },
  };
  HtcPlaces *p = make_places (names, G_N_ELEMENTS (names), HTC_OK);
  const char *text = "from st louis to kansas city kansas and new york city compton comptons "
                     "compton new york the bay louis york kansas";
  static const int32_t want[] = { 0, 1, 2, 4, 3, 3, 5, 2 };
  Found found = { g_array_new (FALSE, FALSE, sizeof (int32_t)) };
  uint32_t counts[4];
  size_t n;

  g_assert_cmpuint (htc_places_size (p), ==, 7);
  n = htc_places_scan (p, text, strlen (text), counts, on_found, &found);
  /* By hand: "kansas city" is one mention (not also "kansas"); "new york city" likewise;
   * "comptons" is another word; "the bay" is not "the bay area"; "louis" and "york" alone
   * are nothing. East 2 (new york city, new york), West 2 (compton x 2), South 0,
   * Midwest 4 (st louis, kansas city, kansas, kansas). */
  g_assert_cmpuint (n, ==, 8);
  g_assert_cmpmem (found.ids->data, found.ids->len * sizeof (int32_t), want, sizeof want);
  g_assert_cmpuint (counts[0], ==, 2);
  g_assert_cmpuint (counts[1], ==, 2);
  g_assert_cmpuint (counts[2], ==, 0);
  g_assert_cmpuint (counts[3], ==, 4);

  /* Stray spaces at the ends and between words: a name still matches where its words stand
   * singly spaced, never across a double space. */
  text = "  compton  st  louis st louis ";
  n = htc_places_scan (p, text, strlen (text), counts, NULL, NULL);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (counts[1], ==, 1);
  g_assert_cmpuint (counts[3], ==, 1);
  /* A name at the very end, cut short by len. */
  text = "kansas city";
  g_assert_cmpuint (htc_places_scan (p, text, 6, counts, NULL, NULL), ==, 1);
  g_assert_cmpuint (counts[3], ==, 1);
  g_assert_cmpuint (htc_places_scan (p, "", 0, counts, NULL, NULL), ==, 0);
  g_assert_cmpuint (counts[0] + counts[1] + counts[2] + counts[3], ==, 0);

  g_array_unref (found.ids);
  htc_places_free (p);
}

static void
test_bad_names (void)
{
  static const Name leading[] = { { " compton", 1 } };
  static const Name trailing[] = { { "compton ", 1 } };
  static const Name doubled[] = { { "kansas  city", 3 } };
  static const Name too_long[] = { { "a b c d e", 0 } };
  static const Name label[] = { { "compton", 4 } };
  static const Name four_words[] = { { "a b c d", 0 } };
  HtcPlaces *p;

  g_assert_null (make_places (leading, 1, HTC_ERROR_BAD_MODEL));
  g_assert_null (make_places (trailing, 1, HTC_ERROR_BAD_MODEL));
  g_assert_null (make_places (doubled, 1, HTC_ERROR_BAD_MODEL));
  g_assert_null (make_places (too_long, 1, HTC_ERROR_BAD_MODEL));
  g_assert_null (make_places (label, 1, HTC_ERROR_BAD_MODEL));
  p = make_places (four_words, 1, HTC_OK);
  g_assert_cmpuint (htc_places_scan (p, "x a b c d y", 11, NULL, NULL, NULL), ==, 1);
  htc_places_free (p);
  /* No names at all is a valid, silent gazetteer. */
  p = make_places (NULL, 0, HTC_OK);
  g_assert_cmpuint (htc_places_scan (p, "compton", 7, NULL, NULL, NULL), ==, 0);
  htc_places_free (p);
  g_assert_cmpint (htc_places_new (NULL, NULL, 4, &p), ==, HTC_ERROR_INVALID_ARG);
}

static void
test_vote (void)
{
  /* Five candidates; artists 0..3 are in the corpus (3 is in the test fold: inactive), -1 is
   * an artist outside the corpus. Labels 0 East, 1 West, 2 South, 3 Midwest. */
  static const size_t start[] = { 0, 4, 5, 6, 7, 9 };
  static const int32_t artist[] = { 0, 1, -1, 2,   3,   -1,   0,   1, 3 };
  static const uint8_t label[] = { 3, 3, 3, 0,     1,   2,    3,   1, 1 };
  static const uint8_t active[] = { 1, 1, 1, 0 };
  static const uint32_t df[] = { 1, 1, 5, 0, 2 };
  int32_t out[5];

  /* Candidate 0: Midwest 3 of 4 (0.75) — under 0.8, dropped; at 0.75 it passes.
   * Candidate 1: only artist 3, inactive — no one counts, dropped.
   * Candidate 2: one outside artist (South), but in 5 of 100 documents > 0.02 — dropped.
   * Candidate 3: Midwest by artist 0, and kept although no training song uses it: a name is
   *   labelled by whose hometown it is, not by who raps it.
   * Candidate 4: West by artist 1; artist 3 (West too) does not count — 1 of 1. */
  g_assert_cmpint (htc_places_vote (5, start, artist, label, 4, active, 4, df, 100, 0.8, 0.02, out),
                   ==, HTC_OK);
  g_assert_cmpint (out[0], ==, -1);
  g_assert_cmpint (out[1], ==, -1);
  g_assert_cmpint (out[2], ==, -1);
  g_assert_cmpint (out[3], ==, 3);
  g_assert_cmpint (out[4], ==, 1);

  g_assert_cmpint (htc_places_vote (5, start, artist, label, 4, active, 4, df, 100, 0.75, 0.05, out),
                   ==, HTC_OK);
  g_assert_cmpint (out[0], ==, 3);
  g_assert_cmpint (out[2], ==, 2);   /* 5 of 100 is not more than 0.05 */

  /* Inputs out of range are refused, not read past. */
  {
    static const int32_t bad_artist[] = { 0, 1, -1, 9, 3, -1, 0, 1, 3 };
    static const uint8_t bad_label[] = { 3, 3, 3, 0, 4, 2, 3, 1, 1 };
    static const size_t bad_start[] = { 0, 4, 3, 6, 7, 9 };
    g_assert_cmpint (htc_places_vote (5, start, bad_artist, label, 4, active, 4, df, 100, 0.8, 0.02, out),
                     ==, HTC_ERROR_INVALID_ARG);
    g_assert_cmpint (htc_places_vote (5, start, artist, bad_label, 4, active, 4, df, 100, 0.8, 0.02, out),
                     ==, HTC_ERROR_INVALID_ARG);
    g_assert_cmpint (htc_places_vote (5, bad_start, artist, label, 4, active, 4, df, 100, 0.8, 0.02, out),
                     ==, HTC_ERROR_INVALID_ARG);
    g_assert_cmpint (htc_places_vote (5, start, artist, label, 4, active, 4, df, 100, 1.5, 0.02, out),
                     ==, HTC_ERROR_INVALID_ARG);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/places/scan", test_scan);
  g_test_add_func ("/core/places/bad-names", test_bad_names);
  g_test_add_func ("/core/places/vote", test_vote);
  return g_test_run ();
}
