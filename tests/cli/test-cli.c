/* Runs hometown-cli as a user would and checks exit codes, messages and outputs. */
#include <cairo.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "../ht-test-npy.h"
#include "ht-spectrogram.h"
#include "ht-test-cli.h"

static char *tmpdir;

static char *
sample (const char *name, const char *seconds)
{
  char *path = g_build_filename (tmpdir, name, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_auto(HtTestRun) r = { 0 };
      ht_test_cli_run (&r, "make-sample", path, "--seconds", seconds, "--title", "Test Title",
           "--artist", "Test Artist", NULL);
      g_assert_cmpint (r.status, ==, 0);
    }
  return path;
}

static void
test_usage (void)
{
  g_auto(HtTestRun) none = { 0 };
  g_auto(HtTestRun) unknown = { 0 };
  g_auto(HtTestRun) help = { 0 };

  ht_test_cli_run (&none, NULL);
  g_assert_cmpint (none.status, ==, 2);
  g_assert_nonnull (strstr (none.err, "spectrogram"));
  ht_test_cli_run (&unknown, "frobnicate", NULL);
  g_assert_cmpint (unknown.status, ==, 2);
  g_assert_nonnull (strstr (unknown.err, "frobnicate"));
  ht_test_cli_run (&help, "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "info"));
}

static void
test_info_text_and_json (void)
{
  g_autofree char *flac = sample ("s90.flac", "90");
  g_auto(HtTestRun) text = { 0 };
  g_auto(HtTestRun) json = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *o, *tags, *clip;

  ht_test_cli_run (&text, "info", flac, NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "Test Artist"));
  g_assert_nonnull (strstr (text.out, "0:30–1:15"));

  ht_test_cli_run (&json, "info", "--json", flac, NULL);
  g_assert_cmpint (json.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, json.out, -1, &error));
  g_assert_no_error (error);
  o = json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0);
  g_assert_cmpfloat (fabs (json_object_get_double_member (o, "duration") - 90), <, 0.01);
  g_assert_cmpint (json_object_get_int_member (o, "sample_rate"), ==, 44100);
  g_assert_cmpint (json_object_get_int_member (o, "channels"), ==, 2);
  tags = json_object_get_object_member (o, "tags");
  g_assert_cmpstr (json_object_get_string_member (tags, "title"), ==, "Test Title");
  clip = json_object_get_object_member (o, "clip");
  g_assert_cmpstr (json_object_get_string_member (clip, "kind"), ==, "window");
  g_assert_cmpfloat (json_object_get_double_member (clip, "start"), ==, 30);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (o, "lyrics"), "source"), ==, "none");
}

static void
test_info_partial_failure (void)
{
  g_autofree char *flac = sample ("s90.flac", "90");
  g_autofree char *missing = g_build_filename (tmpdir, "missing.mp3", NULL);
  g_auto(HtTestRun) both = { 0 };
  g_auto(HtTestRun) bad = { 0 };

  ht_test_cli_run (&both, "info", flac, missing, NULL);
  g_assert_cmpint (both.status, ==, 3);
  g_assert_nonnull (strstr (both.err, "missing.mp3"));
  g_assert_nonnull (strstr (both.err, "does not exist"));
  ht_test_cli_run (&bad, "info", missing, NULL);
  g_assert_cmpint (bad.status, ==, 1);
}

static void
test_spectrogram_png_and_npy (void)
{
  g_autofree char *flac = sample ("s20.flac", "20");
  g_autofree char *png = g_build_filename (tmpdir, "s20.png", NULL);
  g_autofree char *npy = g_build_filename (tmpdir, "s20.npy", NULL);
  g_auto(HtTestRun) r = { 0 };
  g_autofree float *m = NULL;
  gsize rows, cols;
  cairo_surface_t *img;

  ht_test_cli_run (&r, "spectrogram", flac, "-o", png, "--data", npy, "--width", "800", "--height",
                   "300",
       "--colormap", "viridis", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  img = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (img), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (img), ==, 800);
  g_assert_cmpint (cairo_image_surface_get_height (img), ==, 300);
  cairo_surface_destroy (img);
  /* every frame of 20 s at 22 050 Hz, hop 512: 1 + 441000 / 512 frames, 128 mel bands */
  m = ht_test_load_npy_path (npy, &rows, &cols);
  g_assert_cmpuint (rows, ==, 128);
  g_assert_cmpuint (cols, ==, 1 + 441000 / 512);
}

/* A long track (90 s: the CLI decodes it in two halves at once) gives every frame a single
 * pass of the engine gives, each within 0.01 dB (the halves meet where the resampler's state
 * differs by rounding). */
static void
test_spectrogram_long (void)
{
  g_autofree char *flac = sample ("s90.flac", "90");
  g_autofree char *npy = g_build_filename (tmpdir, "s90.npy", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (flac);
  g_autoptr(HtSpectrogram) one = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(HtTestRun) r = { 0 };
  g_autofree float *m = NULL;
  HtSpectrogramOptions o;
  gsize rows, cols, apart = 0;
  const float *x;

  ht_test_cli_run (&r, "spectrogram", flac, "--data", npy, NULL);
  g_assert_cmpint (r.status, ==, 0);
  m = ht_test_load_npy_path (npy, &rows, &cols);
  ht_spectrogram_options_init (&o);
  o.max_columns = 0;
  one = ht_spectrogram_compute (file, &o, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows, ==, ht_spectrogram_get_n_bands (one));
  g_assert_cmpuint (cols, ==, ht_spectrogram_get_n_columns (one));
  g_assert_cmpuint (cols, ==, 1 + 90 * 22050 / 512);
  x = ht_spectrogram_get_values (one);
  for (gsize i = 0; i < rows * cols; i++)
    apart += fabsf (m[i] - x[i]) > 0.01f;
  g_assert_cmpuint (apart, ==, 0);
}

static void
test_spectrogram_errors (void)
{
  g_autofree char *flac = sample ("s20.flac", "20");
  g_autofree char *png = g_build_filename (tmpdir, "e.png", NULL);
  g_autofree char *text = g_build_filename (tmpdir, "notes.mp3", NULL);
  g_auto(HtTestRun) cmap = { 0 };
  g_auto(HtTestRun) both = { 0 };
  g_auto(HtTestRun) nothing = { 0 };
  g_auto(HtTestRun) notaudio = { 0 };

  ht_test_cli_run (&cmap, "spectrogram", flac, "-o", png, "--colormap", "jet", NULL);
  g_assert_cmpint (cmap.status, ==, 2);
  g_assert_nonnull (strstr (cmap.err, "jet"));
  ht_test_cli_run (&both, "spectrogram", flac, "-o", png, "--clip", "--full", NULL);
  g_assert_cmpint (both.status, ==, 2);
  ht_test_cli_run (&nothing, "spectrogram", flac, NULL);
  g_assert_cmpint (nothing.status, ==, 2);
  g_assert_true (g_file_set_contents (text, "just some words\n", -1, NULL));
  ht_test_cli_run (&notaudio, "spectrogram", text, "-o", png, NULL);
  g_assert_cmpint (notaudio.status, ==, 1);
  g_assert_nonnull (strstr (notaudio.err, "notes.mp3"));
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
}

static void
test_train_audio_labels_from_tags (void)
{
  /* A plain folder: tracks are labelled through their artist tags and the origin table
   * (aliases included); a Canadian and an unknown artist are skipped and counted. */
  static const char * const artists[] = {
    "Nas", "JAY-Z", "Snoop Doggy Dogg", "2Pac", "OutKast", "Lil' Wayne", "Eminem", "Kanye West",
    "Drake", "Nobody Anyone Knows",
  };
  g_autofree char *dir = g_build_filename (tmpdir, "library", NULL);
  g_autofree char *model = g_build_filename (tmpdir, "m.safetensors", NULL);
  g_auto(HtTestRun) r = { 0 };

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (artists); i++)
    {
      g_autofree char *name = g_strdup_printf ("t%u.flac", i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *seed = g_strdup_printf ("%u", i + 1);
      g_auto(HtTestRun) mk = { 0 };
      ht_test_cli_run (&mk, "make-sample", path, "--seconds", "12", "--seed", seed, "--artist",
                       artists[i], NULL);
      g_assert_cmpint (mk.status, ==, 0);
    }
  ht_test_cli_run (&r, "train-audio", dir, "--epochs", "1", "-o", model, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "8 tracks (East 2, West 2, South 2, Midwest 2)"));
  g_assert_nonnull (strstr (r.out, "1 unknown artist, 1 not from the US"));
  g_assert_true (g_file_test (model, G_FILE_TEST_IS_REGULAR));
}

static void
test_classify (void)
{
  /* Uses the model /cli/train-audio/labels-from-tags trained; both models' answers side by side. */
  g_autofree char *model = g_build_filename (tmpdir, "m.safetensors", NULL);
  g_autofree char *track = g_build_filename (tmpdir, "library", "t0.flac", NULL);
  g_autofree char *other = g_build_filename (tmpdir, "library", "t1.flac", NULL);
  g_autofree char *missing = g_build_filename (tmpdir, "no-such-model.safetensors", NULL);
  g_autofree char *lyrics = g_build_filename (tmpdir, "words.txt", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(HtTestRun) ok = { 0 };
  g_auto(HtTestRun) bad_model = { 0 };
  g_auto(HtTestRun) two = { 0 };
  JsonObject *o, *audio, *lyr;
  double sum = 0;

  g_assert_true (g_file_test (model, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_set_contents (lyrics, "just a few words\n", -1, NULL));
  ht_test_cli_run (&ok, "classify", "--json", "-m", model, "--lyrics", lyrics, track, NULL);
  g_assert_cmpint (ok.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, ok.out, -1, &error));
  g_assert_no_error (error);
  o = json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0);
  g_assert_cmpstr (json_object_get_string_member (o, "artist"), ==, "Nas");
  audio = json_object_get_object_member (o, "audio");
  for (guint k = 0; k < 4; k++)
    {
      static const char * const regions[] = { "East", "West", "South", "Midwest" };
      double v = json_object_get_double_member (audio, regions[k]);
      g_assert_cmpfloat (v, >=, 0);
      sum += v;
    }
  g_assert_cmpfloat (fabs (sum - 1), <, 1e-4);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (audio, "timeline")), >, 0);
  /* the lyrics member is there whatever happens: a prediction, an abstention or the reason */
  lyr = json_object_get_object_member (o, "lyrics");
  g_assert_nonnull (lyr);
  g_assert_cmpstr (json_object_get_string_member (lyr, "source"), ==, "file");

  ht_test_cli_run (&bad_model, "classify", "-m", model, "--lyrics-model", missing, track, NULL);
  g_assert_cmpint (bad_model.status, ==, 1);
  g_assert_nonnull (strstr (bad_model.err, "no-such-model.safetensors"));
  ht_test_cli_run (&two, "classify", "-m", model, "--lyrics", lyrics, track, other, NULL);
  g_assert_cmpint (two.status, ==, 2);
}

int
main (int argc, char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("hometown-test-cli-XXXXXX", NULL);
  g_test_add_func ("/cli/usage", test_usage);
  g_test_add_func ("/cli/info/text-and-json", test_info_text_and_json);
  g_test_add_func ("/cli/info/partial-failure", test_info_partial_failure);
  g_test_add_func ("/cli/spectrogram/png-and-npy", test_spectrogram_png_and_npy);
  g_test_add_func ("/cli/spectrogram/errors", test_spectrogram_errors);
  g_test_add_func ("/cli/spectrogram/long", test_spectrogram_long);
  g_test_add_func ("/cli/train-audio/labels-from-tags", test_train_audio_labels_from_tags);
  g_test_add_func ("/cli/train-audio/then-classify", test_classify);
  status = g_test_run ();
  {
    g_autoptr(GDir) d = g_dir_open (tmpdir, 0, NULL);
    const char *name;
    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *p = g_build_filename (tmpdir, name, NULL);
        if (g_file_test (p, G_FILE_TEST_IS_DIR))
          {
            g_autoptr(GDir) sub = g_dir_open (p, 0, NULL);
            const char *n2;
            while (sub != NULL && (n2 = g_dir_read_name (sub)) != NULL)
              {
                g_autofree char *q = g_build_filename (p, n2, NULL);
                g_unlink (q);
              }
            g_rmdir (p);
          }
        else
          g_unlink (p);
      }
    g_rmdir (tmpdir);
  }
  return status;
}
