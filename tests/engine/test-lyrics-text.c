/* Tests for ht-lyrics-text: the flat form both corpus text forms and pasted lyrics become. */
#include <glib.h>

#include "ht-lyrics-text.h"

typedef struct
{
  const char *name;
  const char *input;
  const char *expected;
} Case;

static const Case cases[] = {
  { "curly-apostrophes", "Don’t stop, I’m ‘bout it", "dont stop im bout it" },
  { "straight-apostrophes", "Don't stop, I'm 'bout it", "dont stop im bout it" },
  { "yall", "Y’all ready? Y'ALL READY", "yall ready yall ready" },
  { "gon", "I'm gon' get it, gon’ get it", "im gon get it gon get it" },
  { "flat-split-contractions", "don t stop it s on y all i m you ll", "dont stop its on yall im youll" },
  { "header-verse", "[Verse 1: Ghostface Killah]\nYo, it's the God", "yo its the god" },
  { "header-chorus", "[Chorus]\nUh huh\n[Hook: Method Man & Redman]\nYeah", "uh huh yeah" },
  { "bracket-not-header", "a [b\nc] e", "a b c e" },
  { "not-contractions", "Mr. T, big D, the m", "mr t big d the m" },
  { "emoji", "🔥🔥 fire 💯 on god 🙏🏾", "fire on god" },
  { "accents", "Beyoncé, CAFÉ, señor", "beyonce cafe senor" },
  { "full-width", "ＨＥＬＬＯ ｗｏｒｌｄ", "hello world" },
  { "cyrillic-watermark", "thе bеst (Cyrillic e)", "the best cyrillic e" },
  { "cyrillic-word-kept", "привет мир", "привет мир" },
  { "hyphens-and-dashes", "Wu-Tang—forever…", "wu tang forever" },
  { "numbers", "1st of the month, 10 racks, $100", "1st of the month 10 racks 100" },
  { "soft-hyphen-and-joiner", "un\u00adbe\u2060lievable", "unbelievable" },
  { "ligature", "ﬁre", "fire" },
  { "empty", "", "" },
  { "only-punctuation", "?!... --- ()", "" },
};

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  g_autofree char *out = ht_lyrics_text_normalize (c->input, -1, NULL);
  g_assert_cmpstr (out, ==, c->expected);
}

static void
test_two_forms (void)
{
  /* The same verse as the two corpus forms: full (rapgpt/celehman44 style) and flat
   * (rapcast: lower case, no punctuation or apostrophes, one line per verse). */
  const char *full = "[Intro: Big K.R.I.T.]\nI’m gon’ ride, y’all—\n\n[Verse 1]\n"
                     "Don't you know? It's the Cadillac, candy-paint!\n";
  const char *flat = "im gon ride yall dont you know its the cadillac candy paint";
  g_autofree char *a = ht_lyrics_text_normalize (full, -1, NULL);
  g_autofree char *b = ht_lyrics_text_normalize (flat, -1, NULL);

  g_assert_cmpstr (a, ==, b);
}

static void
test_stats (void)
{
  HtLyricsTextStats st;
  g_autofree char *a = ht_lyrics_text_normalize ("[Instrumental]\n", -1, &st);
  g_autofree char *b = NULL, *c = NULL, *d = NULL;

  g_assert_cmpstr (a, ==, "");
  g_assert_true (st.instrumental);
  g_assert_cmpuint (st.n_headers, ==, 1);
  g_assert_cmpuint (st.n_words, ==, 0);

  b = ht_lyrics_text_normalize ("🔥 yo 2024 🎤", -1, &st);
  g_assert_cmpuint (st.n_symbols, ==, 2);
  g_assert_cmpuint (st.n_words, ==, 2);
  g_assert_cmpuint (st.n_digit_words, ==, 1);
  g_assert_cmpuint (st.n_latin_letters, ==, 2);

  c = ht_lyrics_text_normalize ("привет yo", -1, &st);
  g_assert_cmpuint (st.n_letters, ==, 8);
  g_assert_cmpuint (st.n_latin_letters, ==, 2);

  /* Invalid UTF-8 separates words instead of failing. */
  d = ht_lyrics_text_normalize ("ab\xff\xfe" "cd", 6, &st);
  g_assert_cmpstr (d, ==, "ab cd");
}

static void
test_english_share (void)
{
  g_assert_cmpfloat_with_epsilon (ht_lyrics_text_english_share ("i got the money"), 0.75, 1e-12);
  g_assert_cmpfloat (ht_lyrics_text_english_share ("bu parçayı yerden otuz bin feet yüksekte yazdım"), <, 0.12);
  g_assert_cmpfloat (ht_lyrics_text_english_share (""), ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/engine/lyrics-text/%s", cases[i].name);
      g_test_add_data_func (path, &cases[i], test_case);
    }
  g_test_add_func ("/engine/lyrics-text/two-forms", test_two_forms);
  g_test_add_func ("/engine/lyrics-text/stats", test_stats);
  g_test_add_func ("/engine/lyrics-text/english-share", test_english_share);
  return g_test_run ();
}
