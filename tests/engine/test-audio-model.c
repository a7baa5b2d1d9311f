/* HtAudioModel: safetensors round trip, every kind of damaged model file, and the pieces
 * around training (confusion metrics, guest parsing, the split by artist). */
#include <math.h>
#include <string.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdlib.h>

#include "ht-audio-dataset.h"
#include "ht-audio-model.h"
#include "ht-confusion.h"
#include "ht-error.h"
#include "ht-safetensors.h"
#include "../ht-test-audio.h"
#include "../ht-test-model.h"

static const char * const classes[] = { "East", "West", "South", "Midwest", NULL };
static const char * const meta_keys[] = {
  "format", "format_version", "architecture", "features", "classes", "normalisation", "date",
  "software", "training", "validation", NULL
};

static HtAudioModel *
small_model (void)
{
  HtcCnn *cnn = ht_test_small_cnn (3);
  HtcSpectroParams params;
  HtClipRequest clip = HT_CLIP_REQUEST_DEFAULT;
  HtAudioModel *model;

  for (gsize i = 0; i < 128; i++)
    {
      htc_cnn_find_tensor (cnn, "input.mean")->data[i] = -50.0f + i * 0.1f;
      htc_cnn_find_tensor (cnn, "input.std")->data[i] = 10.0f + i * 0.01f;
    }
  htc_spectro_params_init_default (&params);
  model = ht_audio_model_new (cnn, &params, &clip, 16, classes, "{\"train\":{}}",
                              "{\"accuracy\":0.5}");
  htc_cnn_free (cnn);
  return model;
}

static HtMelClip *
random_clip (guint n_frames)
{
  HtMelClip *clip = g_new0 (HtMelClip, 1);
  HtcRng rng;

  clip->n_mels = 128;
  clip->n_frames = n_frames;
  clip->db = g_new (float, 128 * n_frames);
  htc_rng_init (&rng, n_frames);
  for (guint i = 0; i < 128 * n_frames; i++)
    clip->db[i] = -50 + 10 * htc_rng_normal (&rng);
  clip->clip_start = 30;
  clip->clip_end = 75;
  return clip;
}

static void
test_round_trip (void)
{
  g_autoptr(HtAudioModel) model = small_model ();
  g_autoptr(GBytes) bytes = ht_audio_model_to_bytes (model);
  g_autoptr(GError) error = NULL;
  g_autoptr(HtAudioModel) back = ht_audio_model_new_from_bytes (bytes, "test", &error);
  g_autoptr(HtMelClip) clip = random_clip (100);
  g_autoptr(HtAudioPrediction) a = NULL, b = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ht-model-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "sub", "audio.safetensors", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(HtAudioModel) loaded = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (back);
  g_assert_cmpuint (ht_audio_model_get_patch_frames (back), ==, 32);
  g_assert_cmpuint (ht_audio_model_get_patch_hop (back), ==, 16);
  g_assert_cmpstr (ht_audio_model_get_class_name (back, 3), ==, "Midwest");
  g_assert_cmpstr (ht_audio_model_get_training (back), ==, "{\"train\":{}}");
  g_assert_cmpfloat (ht_audio_model_get_clip (back)->end, ==, 75);
  g_assert_cmpuint (ht_audio_model_get_spectro_params (back)->n_fft, ==, 2048);
  for (gsize i = 0; i < htc_cnn_n_tensors (ht_audio_model_get_cnn (model)); i++)
    {
      const HtcTensor *t = htc_cnn_tensor_const (ht_audio_model_get_cnn (model), i);
      const HtcTensor *u = htc_cnn_tensor_const (ht_audio_model_get_cnn (back), i);
      g_assert_cmpstr (t->name, ==, u->name);
      g_assert_cmpint (memcmp (t->data, u->data, t->size * sizeof (float)), ==, 0);
    }
  /* (100 - 32) / 16 + 1 = 5 patches; same probabilities from both */
  a = ht_audio_model_classify_clip (model, clip, &error);
  g_assert_no_error (error);
  b = ht_audio_model_classify_clip (back, clip, &error);
  g_assert_cmpuint (a->n_patches, ==, 5);
  g_assert_cmpfloat_with_epsilon (a->hop_seconds, 16 * 512 / 22050.0, 1e-9);
  for (guint k = 0; k < 4; k++)
    {
      double mean = 0;
      g_assert_cmpfloat (a->probs[k], ==, b->probs[k]);
      for (guint i = 0; i < 5; i++)
        mean += a->timeline[i * 4 + k] / 5;
      g_assert_cmpfloat_with_epsilon (a->probs[k], mean, 1e-6);   /* track = mean of patches */
    }
  /* a clip shorter than a patch is repeated into one patch */
  {
    g_autoptr(HtMelClip) tiny = random_clip (10);
    g_autoptr(HtAudioPrediction) c = ht_audio_model_classify_clip (model, tiny, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (c->n_patches, ==, 1);
  }
  /* save (creating the folder) and load */
  g_assert_true (ht_audio_model_save (model, file, NULL, &error));
  g_assert_no_error (error);
  loaded = ht_audio_model_load (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_assert_cmpint (g_remove (path), ==, 0);
  {
    g_autoptr(HtAudioModel) none = ht_audio_model_load (file, NULL, &error);
    g_assert_null (none);
    g_assert_error (error, HT_ERROR, HT_ERROR_NO_MODEL);
  }
  g_autofree char *sub = g_path_get_dirname (path);
  g_rmdir (sub);
  g_rmdir (dir);
}

typedef struct
{
  const char *name;
  const char *key;          /* metadata key to replace (NULL: none) */
  const char *value;        /* replacement; NULL removes the key */
  const char *tensor;       /* tensor to damage (NULL: none) */
  int         damage;       /* 1 NaN, 2 wrong shape, 3 drop, 4 zero, 5 extra tensor */
  const char *expect;       /* substring of the message */
} Corrupt;

static const Corrupt corrupt_cases[] = {
  { "not-ours", "format", "something-else", NULL, 0, "not a Hometown audio model" },
  { "version", "format_version", "99", NULL, 0, "format version" },
  { "no-architecture", "architecture", NULL, NULL, 0, "“architecture” is missing" },
  { "arch-not-json", "architecture", "{oops", NULL, 0, "“architecture” is not valid" },
  { "arch-n-mels", "architecture", "{\"n_mels\":-3,\"n_frames\":32,\"channels\":[3,5],\"n_classes\":4,\"dropout\":0.3,\"bn_eps\":1e-5,\"bn_momentum\":0.1}", NULL, 0, "n_mels" },
  { "arch-channels", "architecture", "{\"n_mels\":128,\"n_frames\":32,\"channels\":[3,0],\"n_classes\":4,\"dropout\":0.3,\"bn_eps\":1e-5,\"bn_momentum\":0.1}", NULL, 0, "block 2" },
  { "arch-too-deep", "architecture", "{\"n_mels\":128,\"n_frames\":32,\"channels\":[3,5,5,5,5,5],\"n_classes\":4,\"dropout\":0.3,\"bn_eps\":1e-5,\"bn_momentum\":0.1}", NULL, 0, "too small" },
  { "arch-wider", "architecture", "{\"n_mels\":128,\"n_frames\":32,\"channels\":[3,6],\"n_classes\":4,\"dropout\":0.3,\"bn_eps\":1e-5,\"bn_momentum\":0.1}", NULL, 0, "blocks.1.conv.weight" },
  { "rate", "features", "{\"sample_rate\":44100,\"n_fft\":2048,\"hop\":512,\"n_mels\":128,\"fmin\":0,\"fmax\":0,\"clip_start\":30,\"clip_end\":75,\"patch_frames\":32,\"patch_hop\":16}", NULL, 0, "sample_rate" },
  { "n-fft", "features", "{\"sample_rate\":22050,\"n_fft\":2000,\"hop\":512,\"n_mels\":128,\"fmin\":0,\"fmax\":0,\"clip_start\":30,\"clip_end\":75,\"patch_frames\":32,\"patch_hop\":16}", NULL, 0, "n_fft" },
  { "patch-hop", "features", "{\"sample_rate\":22050,\"n_fft\":2048,\"hop\":512,\"n_mels\":128,\"fmin\":0,\"fmax\":0,\"clip_start\":30,\"clip_end\":75,\"patch_frames\":32,\"patch_hop\":64}", NULL, 0, "patch_hop" },
  { "clip", "features", "{\"sample_rate\":22050,\"n_fft\":2048,\"hop\":512,\"n_mels\":128,\"fmin\":0,\"fmax\":0,\"clip_start\":30,\"clip_end\":10,\"patch_frames\":32,\"patch_hop\":16}", NULL, 0, "clip_end" },
  { "fmin-fmax", "features", "{\"sample_rate\":22050,\"n_fft\":2048,\"hop\":512,\"n_mels\":128,\"fmin\":9000,\"fmax\":4000,\"clip_start\":30,\"clip_end\":75,\"patch_frames\":32,\"patch_hop\":16}", NULL, 0, "“fmin” in “features” is not below “fmax”" },
  { "fmin-nyquist", "features", "{\"sample_rate\":22050,\"n_fft\":2048,\"hop\":512,\"n_mels\":128,\"fmin\":11025,\"fmax\":0,\"clip_start\":30,\"clip_end\":75,\"patch_frames\":32,\"patch_hop\":16}", NULL, 0, "not below" },
  { "classes-count", "classes", "[\"East\",\"West\"]", NULL, 0, "names 2 classes" },
  { "classes-empty", "classes", "[\"East\",\"\",\"South\",\"Midwest\"]", NULL, 0, "class name 2" },
  { "nan", NULL, NULL, "fc.weight", 1, "fc.weight" },
  { "shape", NULL, NULL, "blocks.0.conv.weight", 2, "blocks.0.conv.weight" },
  { "missing", NULL, NULL, "blocks.1.bn.running_var", 3, "blocks.1.bn.running_var" },
  { "zero-std", NULL, NULL, "input.std", 4, "not positive" },
  { "extra", NULL, NULL, "fc.weight", 5, "does not use" },
};

static void
test_corrupt (gconstpointer data)
{
  const Corrupt *c = data;
  g_autoptr(HtAudioModel) model = small_model ();
  g_autoptr(GBytes) good = ht_audio_model_to_bytes (model);
  g_autoptr(HtSafetensors) st = ht_safetensors_new_from_bytes (good, "good", NULL);
  g_autoptr(HtSafetensorsWriter) w = ht_safetensors_writer_new ();
  g_autoptr(GBytes) bad = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HtAudioModel) back = NULL;
  g_auto(GStrv) names = ht_safetensors_list_tensors (st);

  for (guint i = 0; meta_keys[i] != NULL; i++)
    {
      const char *v = ht_safetensors_get_metadata (st, meta_keys[i]);
      if (c->key != NULL && strcmp (c->key, meta_keys[i]) == 0)
        v = c->value;
      if (v != NULL)
        ht_safetensors_writer_set_metadata (w, meta_keys[i], v);
    }
  for (guint i = 0; names[i] != NULL; i++)
    {
      gsize shape[HT_SAFETENSORS_MAX_DIMS] = { 0 };
      const HtcTensor *t = NULL;
      const HtcCnn *cnn = ht_audio_model_get_cnn (model);
      g_autofree float *copy = NULL;

      for (gsize j = 0; j < htc_cnn_n_tensors (cnn); j++)
        if (strcmp (htc_cnn_tensor_const (cnn, j)->name, names[i]) == 0)
          t = htc_cnn_tensor_const (cnn, j);
      g_assert_nonnull (t);
      for (gsize d = 0; d < t->n_dims; d++)
        shape[d] = t->shape[d];
      copy = g_memdup2 (t->data, t->size * sizeof (float));
      if (c->tensor != NULL && strcmp (c->tensor, names[i]) == 0)
        switch (c->damage)
          {
          case 1: copy[1] = NAN; break;
          case 2: shape[0] = 1; shape[1] = t->size; shape[2] = shape[3] = 1; break;
          case 3: continue;
          case 4: copy[7] = 0; break;
          case 5: ht_safetensors_writer_add (w, "fc.extra", HT_DTYPE_F32, t->n_dims, shape, copy); break;
          default: break;
          }
      ht_safetensors_writer_add (w, names[i], HT_DTYPE_F32, t->n_dims, shape, copy);
    }
  bad = ht_safetensors_writer_to_bytes (w);
  back = ht_audio_model_new_from_bytes (bad, "bad.safetensors", &error);
  g_assert_null (back);
  g_assert_error (error, HT_ERROR, HT_ERROR_MODEL_CORRUPT);
  g_test_message ("%s: %s", c->name, error->message);
  g_assert_nonnull (strstr (error->message, "bad.safetensors"));
  if (strstr (error->message, c->expect) == NULL)
    g_error ("%s: “%s” does not mention “%s”", c->name, error->message, c->expect);
}

/* "date", "training" and "validation" are optional: a model without them (written by
 * tools/make-fuzz-audio-corpus.py, not by Hometown) loads, and saves again without them. Found
 * by the fuzzer: saving such a model used to fail an assertion. */
static void
test_optional_metadata (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fuzz", "corpus-audio-model",
                                                 "valid-no-extras.safetensors", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(HtAudioModel) model = ht_audio_model_load (file, NULL, &error);
  g_autoptr(HtAudioModel) again = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(HtSafetensors) st = NULL;

  g_assert_no_error (error);
  g_assert_null (ht_audio_model_get_date (model));
  g_assert_null (ht_audio_model_get_training (model));
  g_assert_null (ht_audio_model_get_validation (model));
  g_assert_cmpuint (ht_audio_model_get_n_classes (model), ==, 4);
  g_assert_cmpstr (ht_audio_model_get_class_name (model, 3), ==, "Midwest");
  g_assert_cmpuint (ht_audio_model_get_patch_frames (model), ==, 32);
  g_assert_cmpuint (htc_cnn_get_config (ht_audio_model_get_cnn (model))->channels[1], ==, 2);

  bytes = ht_audio_model_to_bytes (model);
  st = ht_safetensors_new_from_bytes (bytes, "saved", &error);
  g_assert_no_error (error);
  g_assert_null (ht_safetensors_get_metadata (st, "date"));
  again = ht_audio_model_new_from_bytes (bytes, "saved", &error);
  g_assert_no_error (error);
  g_assert_null (ht_audio_model_get_date (again));
}

/* Every prefix of a good file fails cleanly. */
static void
test_truncated (void)
{
  g_autoptr(HtAudioModel) model = small_model ();
  g_autoptr(GBytes) good = ht_audio_model_to_bytes (model);
  gsize len;
  const guint8 *data = g_bytes_get_data (good, &len);

  for (gsize cut = 0; cut < len; cut += 1 + cut / 8)
    {
      g_autoptr(GBytes) part = g_bytes_new (data, cut);
      g_autoptr(GError) error = NULL;
      g_autoptr(HtAudioModel) back = ht_audio_model_new_from_bytes (part, "cut", &error);
      g_assert_null (back);
      g_assert_nonnull (error);
    }
}

static void
test_confusion (void)
{
  g_autoptr(HtConfusion) c = ht_confusion_new (4);
  g_autofree char *text = NULL, *json = NULL;

  /* East: 3 right, 1 as West; West: 2 right; South: 1 right, 1 as East; Midwest: none */
  for (int i = 0; i < 3; i++)
    ht_confusion_add (c, 0, 0);
  ht_confusion_add (c, 0, 1);
  ht_confusion_add (c, 1, 1);
  ht_confusion_add (c, 1, 1);
  ht_confusion_add (c, 2, 2);
  ht_confusion_add (c, 2, 0);
  g_assert_cmpuint (ht_confusion_total (c), ==, 8);
  g_assert_cmpfloat_with_epsilon (ht_confusion_accuracy (c), 6.0 / 8, 1e-12);
  g_assert_cmpfloat_with_epsilon (ht_confusion_recall (c, 0), 0.75, 1e-12);
  g_assert_true (isnan (ht_confusion_recall (c, 3)));
  /* F1: East p 3/4 r 3/4 -> 0.75; West p 2/3 r 1 -> 0.8; South p 1 r 1/2 -> 2/3; mean of 3 */
  g_assert_cmpfloat_with_epsilon (ht_confusion_macro_f1 (c), (0.75 + 0.8 + 2.0 / 3) / 3, 1e-12);
  text = ht_confusion_to_text (c, classes);
  g_assert_nonnull (strstr (text, "75.0%"));
  json = ht_confusion_to_json (c, classes);
  g_assert_nonnull (strstr (json, "\"confusion\":[[3,1,0,0],[0,2,0,0],[1,0,1,0],[0,0,0,0]]"));
}

static void
test_featured (void)
{
  g_auto(GStrv) a = ht_audio_parse_featured ("03 Money (feat. Big K & Lil Y)");
  g_auto(GStrv) b = ht_audio_parse_featured ("Night Ride ft. DJ Q, MC Z");
  g_auto(GStrv) c = ht_audio_parse_featured ("Nothing Here");

  g_assert_cmpuint (g_strv_length (a), ==, 2);
  g_assert_cmpstr (a[0], ==, "Big K");
  g_assert_cmpstr (a[1], ==, "Lil Y");
  g_assert_cmpuint (g_strv_length (b), ==, 2);
  g_assert_cmpstr (b[1], ==, "MC Z");
  g_assert_cmpuint (g_strv_length (c), ==, 0);
}

static void
touch (const char *root, const char *rel)
{
  g_autofree char *path = g_build_filename (root, rel, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, "x", 1, NULL));
}

/* Region folders; guests tie artists together, and no group straddles the split. */
static void
test_dataset_split (void)
{
  g_autofree char *root = g_dir_make_tmp ("ht-ds-XXXXXX", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (root);
  g_autoptr(GError) error = NULL;
  g_autoptr(HtAudioDataset) ds = NULL;
  g_autofree char *cmd = NULL;

  for (int r = 0; r < 4; r++)
    for (int a = 0; a < 5; a++)
      for (int t = 0; t < 3; t++)
        {
          g_autofree char *rel = g_strdup_printf ("%s/Artist %c%d/Album/%02d Song%s.flac",
                                                  r == 3 ? "midwest" : classes[r], "EWSM"[r], a, t,
                                                  (r == 0 && a == 1 && t == 0) ? " (feat. Artist W3)" : "");
          touch (root, rel);
        }
  touch (root, "East/loose.mp3");     /* no artist folder */
  touch (root, "East/Artist E0/Album/cover.jpg");
  ds = ht_audio_dataset_scan (file, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ds->by_folders);
  g_assert_cmpuint (ds->items->len, ==, 60);
  g_assert_cmpuint (ds->n_unknown, ==, 1);
  g_assert_cmpuint (ds->n_groups, ==, 19);   /* E1 and W3 share a group */
  for (guint64 seed = 1; seed <= 20; seed++)
    {
      g_autofree gboolean *is_val = ht_audio_dataset_split (ds, 0.2, seed);
      g_autoptr(GHashTable) side = g_hash_table_new (g_str_hash, g_str_equal);
      guint n_val = 0;

      for (guint i = 0; i < ds->items->len; i++)
        {
          HtAudioItem *item = ds->items->pdata[i];
          gpointer prev;
          n_val += is_val[i];
          if (g_hash_table_lookup_extended (side, item->artist, NULL, &prev))
            g_assert_cmpint (GPOINTER_TO_INT (prev), ==, is_val[i] + 1);
          g_hash_table_insert (side, item->artist, GINT_TO_POINTER (is_val[i] + 1));
        }
      g_assert_true (g_hash_table_lookup (side, "Artist E1") == g_hash_table_lookup (side, "Artist W3"));
      g_assert_cmpuint (n_val, >=, 6);
      g_assert_cmpuint (n_val, <=, 18);
    }
  cmd = g_strdup_printf ("rm -rf '%s'", root);
  g_assert_cmpint (system (cmd), ==, 0);

  /* no region folders and no origin table: a clear error */
  {
    g_autofree char *empty = g_dir_make_tmp ("ht-ds-XXXXXX", NULL);
    g_autoptr(GFile) ef = g_file_new_for_path (empty);
    g_autoptr(GError) e2 = NULL;
    g_autoptr(HtAudioDataset) none = ht_audio_dataset_scan (ef, NULL, NULL, NULL, &e2);
    g_assert_null (none);
    g_assert_error (e2, HT_ERROR, HT_ERROR_INVALID_ARGUMENT);
    g_rmdir (empty);
  }
}

/* Layout (b): labels from artist tags through a lookup; what is left out is listed with its
 * reason, and progress counts the files. */
static int
hand_lookup (const char *artist, gpointer user_data)
{
  (*(guint *) user_data)++;
  if (g_strcmp0 (artist, "Easty") == 0)
    return 0;
  if (g_strcmp0 (artist, "Westy") == 0)
    return 1;
  if (g_strcmp0 (artist, "Abroad") == 0)
    return HT_ARTIST_NOT_US;
  return HT_ARTIST_UNKNOWN;
}

typedef struct
{
  guint calls;
  guint last_done;
  guint last_total;
  gboolean ordered;
} ScanCounts;

static void
on_scan_progress (guint done, guint total, gpointer user_data)
{
  ScanCounts *c = user_data;

  if (c->calls > 0 && (done < c->last_done || total != c->last_total))
    c->ordered = FALSE;
  c->calls++;
  c->last_done = done;
  c->last_total = total;
}

static void
test_dataset_tags (void)
{
  static const struct { const char *name; const char *artist; } files[] = {
    { "a.wav", "Easty" }, { "b.wav", "Westy" }, { "c.wav", "Abroad" }, { "d.wav", "Stranger" },
    { "e.wav", NULL },
  };
  g_autofree char *root = g_dir_make_tmp ("ht-ds-XXXXXX", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (root);
  g_autoptr(GError) error = NULL;
  g_autoptr(HtAudioDataset) ds = NULL;
  g_autoptr(HtAudioDataset) strict = NULL;
  g_autofree char *cmd = NULL;
  ScanCounts counts = { 0, 0, 0, TRUE };
  guint lookups = 0;
  static const HtAudioSkipReason reasons[] = {
    HT_AUDIO_SKIP_NOT_US, HT_AUDIO_SKIP_UNKNOWN, HT_AUDIO_SKIP_UNKNOWN, HT_AUDIO_SKIP_UNREADABLE,
  };
  static const char * const skipped_names[] = { "c.wav", "d.wav", "e.wav", "f.mp3" };
  static const char * const skipped_artists[] = { "Abroad", "Stranger", NULL, NULL };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (root, files[i].name, NULL);
      HtTestTags tags = { .title = "Song", .artist = files[i].artist };
      ht_test_write_sndfile (path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 8000, 1, 0.5, &tags);
    }
  touch (root, "f.mp3");   /* one byte: not an MP3 */

  ds = ht_audio_dataset_scan_full (file, hand_lookup, &lookups, on_scan_progress, &counts, NULL,
                                   &error);
  g_assert_no_error (error);
  g_assert_false (ds->by_folders);
  g_assert_cmpuint (ds->items->len, ==, 2);
  g_assert_cmpstr (((HtAudioItem *) ds->items->pdata[0])->artist, ==, "Easty");
  g_assert_cmpuint (((HtAudioItem *) ds->items->pdata[0])->label, ==, 0);
  g_assert_cmpuint (((HtAudioItem *) ds->items->pdata[1])->label, ==, 1);
  g_assert_cmpuint (ds->n_not_us, ==, 1);
  g_assert_cmpuint (ds->n_unknown, ==, 2);
  g_assert_cmpuint (ds->n_unreadable, ==, 1);
  g_assert_cmpuint (lookups, ==, 4);   /* the untagged track is not looked up */
  g_assert_cmpuint (ds->skipped->len, ==, 4);
  for (guint i = 0; i < ds->skipped->len; i++)
    {
      HtAudioSkip *skip = ds->skipped->pdata[i];
      g_autofree char *base = g_path_get_basename (skip->path);

      g_assert_cmpstr (base, ==, skipped_names[i]);
      g_assert_cmpint (skip->reason, ==, reasons[i]);
      g_assert_cmpstr (skip->artist, ==, skipped_artists[i]);
    }
  /* one call before each of the 6 files, one at the end */
  g_assert_cmpuint (counts.calls, ==, 7);
  g_assert_true (counts.ordered);
  g_assert_cmpuint (counts.last_done, ==, 6);
  g_assert_cmpuint (counts.last_total, ==, 6);

  /* Nothing labelled: scan_full still returns what was skipped, scan says so as an error. */
  cmd = g_strdup_printf ("rm -f '%s/a.wav' '%s/b.wav'", root, root);
  g_assert_cmpint (system (cmd), ==, 0);
  g_clear_pointer (&ds, ht_audio_dataset_free);
  ds = ht_audio_dataset_scan_full (file, hand_lookup, &lookups, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ds->items->len, ==, 0);
  g_assert_cmpuint (ds->skipped->len, ==, 4);
  strict = ht_audio_dataset_scan (file, hand_lookup, &lookups, NULL, &error);
  g_assert_null (strict);
  g_assert_error (error, HT_ERROR, HT_ERROR_EMPTY);
  g_free (cmd);
  cmd = g_strdup_printf ("rm -rf '%s'", root);
  g_assert_cmpint (system (cmd), ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/audio-model/round-trip", test_round_trip);
  g_test_add_func ("/engine/audio-model/dataset-tags", test_dataset_tags);
  g_test_add_func ("/engine/audio-model/truncated", test_truncated);
  g_test_add_func ("/engine/audio-model/optional-metadata", test_optional_metadata);
  for (guint i = 0; i < G_N_ELEMENTS (corrupt_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/engine/audio-model/corrupt/%s", corrupt_cases[i].name);
      g_test_add_data_func (path, &corrupt_cases[i], test_corrupt);
    }
  g_test_add_func ("/engine/audio-model/confusion", test_confusion);
  g_test_add_func ("/engine/audio-model/featured", test_featured);
  g_test_add_func ("/engine/audio-model/dataset-split", test_dataset_split);
  return g_test_run ();
}
