/* Runs hometown-cli's lyrics commands (train-lyrics, eval-lyrics, classify-lyrics) as a user
 * would, on an invented corpus this test writes, and checks exit codes, messages and outputs. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>
#include "ht-lyrics-model.h"
#include "ht-test-cli.h"

static char *tmpdir;

static const char *const regions[] = { "East", "West", "South", "Midwest" };
static const char *const slang[4][3] = {
  { "deadass", "bodega", "yerr" },
  { "hella", "hyphy", "slaps" },
  { "finna", "slab", "trill" },
  { "opps", "tooka", "thurr" },
};
static const char *const common[] = { "the", "you", "i", "me", "my", "a", "to", "and", "it",
                                      "in", "on", "that", "we", "got", "money", "night" };

static char *
corpus_path (void)
{
  char *path = g_build_filename (tmpdir, "corpus.jsonl", NULL);
  GString *s;
  guint32 state = 777;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return path;
  s = g_string_new (NULL);
  for (guint r = 0; r < 4; r++)
    for (guint a = 0; a < 6; a++)
      for (guint t = 0; t < 5; t++)
        {
          g_string_append_printf (s, "{\"id\": \"%s-%u-%u\", \"artist_key\": \"%s %u\", "
                                  "\"region\": \"%s\", \"year\": %u, \"lyrics\": \"",
                                  regions[r], a, t, regions[r], a, regions[r], 1995 + 5 * t);
          for (guint w = 0; w < 100; w++)
            {
              state = state * 1664525u + 1013904223u;
              g_string_append (s, (state >> 20) % 7 == 0 ? slang[r][(state >> 8) % 3]
                                                          : common[(state >> 12) % G_N_ELEMENTS (common)]);
              g_string_append_c (s, ' ');
            }
          g_string_append (s, "\"}\n");
        }
  g_assert_true (g_file_set_contents (path, s->str, (gssize) s->len, NULL));
  g_string_free (s, TRUE);
  return path;
}

static char *
model_path (void)
{
  char *path = g_build_filename (tmpdir, "model.safetensors", NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *corpus = corpus_path ();
      g_auto(HtTestRun) r = { 0 };
      ht_test_cli_run (&r, "train-lyrics", "--corpus", corpus, "-o", path, "--folds", "3",
                       "--min-df", "2", "--min-artists", "2", "--c-grid", "0.5,5",
                       "--place-share", "0.9", "--place-max-df", "0.5", NULL);
      g_test_message ("%s%s", r.out, r.err);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_nonnull (strstr (r.out, "macro-F1"));
    }
  return path;
}

static JsonObject *
parse_line (JsonParser *parser,
            const char *line)
{
  g_autoptr(GError) error = NULL;
  g_assert_true (json_parser_load_from_data (parser, line, -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_train_and_classify (void)
{
  g_autofree char *model = model_path ();
  g_autofree char *input = g_build_filename (tmpdir, "in.jsonl", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(GStrv) lines = NULL;
  g_auto(HtTestRun) r = { 0 };
  g_auto(HtTestRun) r2 = { 0 };
  const char *text =
    "{\"id\": 7, \"lyrics\": \"hella hyphy slaps the you i me my a to and it in on that we got "
    "money night the you i me my a to and it in on that hella\"}\n"
    "\n"
    "{\"id\": \"short\", \"lyrics\": \"yo\"}\n"
    "{\"id\": [1], \"lyrics\": 5}\n"
    "not json\n";
  JsonObject *o;

  /* The place-name options reach the recipe the model records. */
  {
    g_autoptr(GFile) file = g_file_new_for_path (model);
    g_autoptr(HtLyricsModel) trained = ht_lyrics_model_load (file, NULL, NULL);
    HtLyricsConfig config;

    g_assert_nonnull (trained);
    ht_lyrics_model_get_config (trained, &config);
    g_assert_cmpfloat_with_epsilon (config.place_min_share, 0.9, 1e-9);
    g_assert_cmpfloat_with_epsilon (config.place_max_df, 0.5, 1e-9);
  }

  g_assert_true (g_file_set_contents (input, text, -1, NULL));
  ht_test_cli_run_stdin (&r, NULL, "classify-lyrics", "-m", model, "--explain", "--top", "2",
                         input, NULL);
  /* Two lines could not be read: partial success. */
  g_assert_cmpint (r.status, ==, 3);
  g_assert_nonnull (strstr (r.err, "line 4"));
  g_assert_nonnull (strstr (r.err, "line 5"));
  lines = g_strsplit (g_strstrip (r.out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);

  o = parse_line (parser, lines[0]);
  g_assert_cmpint (json_object_get_int_member (o, "id"), ==, 7);
  g_assert_cmpstr (json_object_get_string_member (o, "region"), ==, "West");
  {
    JsonObject *p = json_object_get_object_member (o, "probabilities");
    double sum = 0;
    for (guint k = 0; k < 4; k++)
      sum += json_object_get_double_member (p, regions[k]);
    g_assert_cmpfloat_with_epsilon (sum, 1.0, 1e-3);
    g_assert_cmpfloat (json_object_get_double_member (p, "West"), >, 0.5);
  }
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "toward")), <=, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "toward")), >=, 1);

  o = parse_line (parser, lines[1]);
  g_assert_cmpstr (json_object_get_string_member (o, "id"), ==, "short");
  g_assert_cmpstr (json_object_get_string_member (o, "abstain"), ==, "too-few-words");
  g_assert_true (json_object_has_member (o, "reason"));

  o = parse_line (parser, lines[2]);
  g_assert_true (json_object_has_member (o, "error"));
  o = parse_line (parser, lines[3]);
  g_assert_true (json_object_has_member (o, "error"));
  g_assert_true (json_node_is_null (json_object_get_member (o, "id")));

  /* Standard input, no explanations. */
  ht_test_cli_run_stdin (&r2,
                         "{\"id\": 1, \"lyrics\": \"finna slab trill the you i me my a to "
                         "and it in on that we got money night the you i me my a to and it in "
                         "on that\"}\n",
                         "classify-lyrics", "-m", model, NULL);
  g_assert_cmpint (r2.status, ==, 0);
  o = parse_line (parser, r2.out);
  g_assert_cmpstr (json_object_get_string_member (o, "region"), ==, "South");
  g_assert_false (json_object_has_member (o, "toward"));
}

static void
test_eval (void)
{
  g_autofree char *corpus = corpus_path ();
  g_autofree char *model = model_path ();
  g_autofree char *png = g_build_filename (tmpdir, "cm.png", NULL);
  g_autofree char *json = g_build_filename (tmpdir, "cv.json", NULL);
  g_autofree char *folds = g_build_filename (tmpdir, "folds.tsv", NULL);
  g_autofree char *folds_text = NULL;
  g_auto(HtTestRun) r = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();

  ht_test_cli_run_stdin (&r, NULL, "eval-lyrics", "--corpus", corpus, "-m", model, "--folds", "3",
             "--forest-trees", "20", "--png", png, "--json", json, "--export-folds", folds,
             "--learning-curve", NULL);
  g_test_message ("%s", r.err);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "artist-grouped"));
  g_assert_nonnull (strstr (r.out, "random forest"));
  g_assert_nonnull (strstr (r.out, "study-comparable"));
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
  g_assert_true (json_parser_load_from_file (parser, json, NULL));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (json_parser_get_root (parser)), "results")), ==, 4);
  g_assert_nonnull (strstr (r.out, "learning curve"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (json_parser_get_root (parser)), "learning_curve")), ==, 10);
  g_assert_true (g_file_get_contents (folds, &folds_text, NULL, NULL));
  g_assert_true (g_str_has_prefix (folds_text, "id\tfold\tleft_out_of\n"));
  g_assert_nonnull (strstr (folds_text, "East-0-0\t"));
}

static void
test_errors (void)
{
  g_autofree char *bad_model = g_build_filename (tmpdir, "bad.safetensors", NULL);
  g_auto(HtTestRun) usage = { 0 };
  g_auto(HtTestRun) missing = { 0 };
  g_auto(HtTestRun) bad = { 0 };
  g_auto(HtTestRun) folds = { 0 };
  static const struct { const char *option, *value; } bad_places[] = {
    { "--place-share", "0" }, { "--place-share", "1.5" }, { "--place-max-df", "-0.1" },
    { "--place-max-df", "nan" },
  };

  ht_test_cli_run_stdin (&usage, NULL, "train-lyrics", "--corpus", "x.jsonl", NULL);
  g_assert_cmpint (usage.status, ==, 2);
  ht_test_cli_run_stdin (&missing, NULL, "eval-lyrics", "--corpus", "/nonexistent/songs.jsonl.xz",
                         NULL);
  g_assert_cmpint (missing.status, ==, 1);
  g_assert_nonnull (strstr (missing.err, "songs.jsonl.xz"));
  g_assert_true (g_file_set_contents (bad_model, "not a model", -1, NULL));
  ht_test_cli_run_stdin (&bad, "", "classify-lyrics", "-m", bad_model, NULL);
  g_assert_cmpint (bad.status, ==, 1);
  g_assert_nonnull (strstr (bad.err, "bad.safetensors"));
  ht_test_cli_run_stdin (&folds, NULL, "eval-lyrics", "--corpus", "x", "--folds", "1", NULL);
  g_assert_cmpint (folds.status, ==, 2);
  g_assert_nonnull (strstr (folds.err, "--folds"));
  for (guint i = 0; i < G_N_ELEMENTS (bad_places); i++)
    {
      g_auto(HtTestRun) places = { 0 };
      ht_test_cli_run_stdin (&places, NULL, "train-lyrics", "--corpus", "x", "-o", bad_model,
                             bad_places[i].option, bad_places[i].value, NULL);
      g_assert_cmpint (places.status, ==, 2);
      g_assert_nonnull (strstr (places.err, bad_places[i].option));
    }
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("ht-cli-lyrics-XXXXXX", &error);
  g_assert_no_error (error);
  g_test_add_func ("/cli/lyrics/train-and-classify", test_train_and_classify);
  g_test_add_func ("/cli/lyrics/eval", test_eval);
  g_test_add_func ("/cli/lyrics/errors", test_errors);
  status = g_test_run ();
  {
    g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, NULL);
    const char *name;
    while (dir && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmpdir, name, NULL);
        g_unlink (path);
      }
    g_rmdir (tmpdir);
  }
  return status;
}
