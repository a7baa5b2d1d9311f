/* Tests for HtTrack, HtPrediction and the engine's GTypes: values, and notify only on change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "ht-engine-types.h"
#include "ht-error.h"
#include "ht-prediction.h"
#include "ht-track-private.h"

/* Counts notifications per property name. */
typedef struct
{
  GHashTable *counts;
} Notes;

static void
on_notify_cb (GObject    *object,
              GParamSpec *pspec,
              Notes      *notes)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (notes->counts, pspec->name));
  g_hash_table_insert (notes->counts, (gpointer) pspec->name, GUINT_TO_POINTER (n + 1));
}

static guint
notes_count (Notes      *notes,
             const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (notes->counts, name));
}

static guint
notes_total (Notes *notes)
{
  GHashTableIter iter;
  gpointer value;
  guint total = 0;

  g_hash_table_iter_init (&iter, notes->counts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    total += GPOINTER_TO_UINT (value);
  return total;
}

static void
notes_watch (Notes   *notes,
             GObject *object)
{
  notes->counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_signal_connect (object, "notify", G_CALLBACK (on_notify_cb), notes);
}

static void
notes_reset (Notes *notes)
{
  g_hash_table_remove_all (notes->counts);
}

static void
notes_clear (Notes *notes)
{
  g_clear_pointer (&notes->counts, g_hash_table_unref);
}

static HtTrackInfo *
make_info (const char *artist,
           const char *title,
           const char *lyrics)
{
  HtTrackInfo *info = g_new0 (HtTrackInfo, 1);

  info->artist = g_strdup (artist);
  info->title = g_strdup (title);
  info->album = g_strdup ("Album");
  info->year = 1994;
  info->duration = 201.5;
  info->lyrics = g_strdup (lyrics);
  info->lyrics_source = lyrics != NULL ? HT_LYRICS_SOURCE_TAG : HT_LYRICS_SOURCE_NONE;
  return info;
}

static void
test_track_defaults (void)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/music/Some Dir/01 Track.flac");
  g_autoptr(HtTrack) track = ht_track_new (file);

  g_assert_true (g_file_equal (ht_track_get_file (track), file));
  g_assert_cmpstr (ht_track_get_title (track), ==, "01 Track.flac");
  g_assert_cmpstr (ht_track_get_display_title (track), ==, "01 Track.flac");
  g_assert_null (ht_track_get_artist (track));
  g_assert_null (ht_track_get_album (track));
  g_assert_cmpint (ht_track_get_year (track), ==, 0);
  g_assert_null (ht_track_get_info (track));
  g_assert_null (ht_track_get_spectrogram (track));
  g_assert_cmpint (ht_track_get_state (track), ==, HT_TRACK_STATE_IDLE);
  g_assert_false (ht_track_get_busy (track));
  g_assert_cmpfloat (ht_track_get_progress (track), ==, 0);
  g_assert_null (ht_track_get_error (track));
  g_assert_null (ht_track_get_lyrics (track));
  g_assert_cmpint (ht_track_get_lyrics_source (track), ==, HT_LYRICS_SOURCE_NONE);
  g_assert_null (ht_track_get_cnn_prediction (track));
  g_assert_null (ht_track_get_lyrics_prediction (track));
  g_assert_null (ht_track_get_hometown (track));
  g_assert_cmpint (ht_track_get_hometown_region (track), ==, HT_REGION_UNKNOWN);
}

static void
test_track_notify_progress_state (void)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/tmp/a.wav");
  g_autoptr(HtTrack) track = ht_track_new (file);
  Notes notes;

  notes_watch (&notes, G_OBJECT (track));

  _ht_track_set_progress (track, 0.5);
  g_assert_cmpuint (notes_count (&notes, "progress"), ==, 1);
  _ht_track_set_progress (track, 0.5);
  _ht_track_set_progress (track, 0.5002);   /* below the per-mille a view could show */
  g_assert_cmpuint (notes_count (&notes, "progress"), ==, 1);
  g_assert_cmpfloat (ht_track_get_progress (track), ==, 0.5);
  _ht_track_set_progress (track, 7.0);      /* clamped */
  g_assert_cmpfloat (ht_track_get_progress (track), ==, 1.0);
  g_assert_cmpuint (notes_count (&notes, "progress"), ==, 2);
  _ht_track_set_progress (track, 0.9996);   /* no visible change */
  g_assert_cmpfloat (ht_track_get_progress (track), ==, 1.0);
  _ht_track_set_progress (track, 0.0);      /* the ends are always exact */
  _ht_track_set_progress (track, 0.0003);
  g_assert_cmpfloat (ht_track_get_progress (track), ==, 0.0);
  _ht_track_set_progress (track, 0.999);
  g_assert_cmpuint (notes_count (&notes, "progress"), ==, 4);
  g_assert_cmpuint (notes_total (&notes), ==, 4);

  notes_reset (&notes);
  _ht_track_set_state (track, HT_TRACK_STATE_IDLE);
  g_assert_cmpuint (notes_total (&notes), ==, 0);
  _ht_track_set_state (track, HT_TRACK_STATE_QUEUED);
  g_assert_cmpuint (notes_count (&notes, "state"), ==, 1);
  g_assert_cmpuint (notes_count (&notes, "busy"), ==, 1);
  g_assert_true (ht_track_get_busy (track));
  _ht_track_set_state (track, HT_TRACK_STATE_ANALYZING);   /* still busy */
  g_assert_cmpuint (notes_count (&notes, "state"), ==, 2);
  g_assert_cmpuint (notes_count (&notes, "busy"), ==, 1);
  _ht_track_set_state (track, HT_TRACK_STATE_DONE);
  g_assert_cmpuint (notes_count (&notes, "busy"), ==, 2);
  g_assert_false (ht_track_get_busy (track));
  g_assert_cmpuint (notes_total (&notes), ==, 5);

  notes_clear (&notes);
}

static void
test_track_notify_info (void)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/tmp/b.mp3");
  g_autoptr(HtTrack) track = ht_track_new (file);
  Notes notes;

  notes_watch (&notes, G_OBJECT (track));

  _ht_track_take_info (track, make_info ("Nas", "N.Y. State of Mind", "Rappers, I monkey flip"));
  g_assert_cmpstr (ht_track_get_title (track), ==, "N.Y. State of Mind");
  g_assert_cmpstr (ht_track_get_artist (track), ==, "Nas");
  g_assert_cmpstr (ht_track_get_display_title (track), ==, "Nas – N.Y. State of Mind");
  g_assert_cmpint (ht_track_get_year (track), ==, 1994);
  g_assert_cmpfloat (ht_track_get_duration (track), ==, 201.5);
  g_assert_cmpstr (ht_track_get_lyrics (track), ==, "Rappers, I monkey flip");
  g_assert_cmpint (ht_track_get_lyrics_source (track), ==, HT_LYRICS_SOURCE_TAG);
  for (const char * const *p = (const char * const[]) { "title", "artist", "album", "year",
                                                         "duration", "display-title", "lyrics",
                                                         "lyrics-source", NULL }; *p; p++)
    g_assert_cmpuint (notes_count (&notes, *p), ==, 1);
  g_assert_cmpuint (notes_total (&notes), ==, 8);

  /* The same facts again: nothing changed, nothing said. */
  notes_reset (&notes);
  _ht_track_take_info (track, make_info ("Nas", "N.Y. State of Mind", "Rappers, I monkey flip"));
  g_assert_cmpuint (notes_total (&notes), ==, 0);

  /* Lyrics the user entered survive a new reading of the tags. */
  _ht_track_set_lyrics (track, "my own words", HT_LYRICS_SOURCE_USER);
  g_assert_cmpuint (notes_count (&notes, "lyrics"), ==, 1);
  g_assert_cmpuint (notes_count (&notes, "lyrics-source"), ==, 1);
  notes_reset (&notes);
  _ht_track_take_info (track, make_info ("Nas", "Halftime", NULL));
  g_assert_cmpstr (ht_track_get_lyrics (track), ==, "my own words");
  g_assert_cmpint (ht_track_get_lyrics_source (track), ==, HT_LYRICS_SOURCE_USER);
  g_assert_cmpuint (notes_count (&notes, "title"), ==, 1);
  g_assert_cmpuint (notes_count (&notes, "display-title"), ==, 1);
  g_assert_cmpuint (notes_total (&notes), ==, 2);

  /* No tags at all: the file name stands in. */
  notes_reset (&notes);
  _ht_track_take_info (track, make_info (NULL, NULL, NULL));
  g_assert_cmpstr (ht_track_get_title (track), ==, "b.mp3");
  g_assert_cmpstr (ht_track_get_display_title (track), ==, "b.mp3");
  g_assert_null (ht_track_get_artist (track));
  g_assert_cmpuint (notes_count (&notes, "artist"), ==, 1);

  /* NULL lyrics always mean "none", whatever source is claimed. */
  _ht_track_set_lyrics (track, NULL, HT_LYRICS_SOURCE_USER);
  g_assert_cmpint (ht_track_get_lyrics_source (track), ==, HT_LYRICS_SOURCE_NONE);

  notes_clear (&notes);
}

static void
test_track_notify_objects (void)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/tmp/c.ogg");
  g_autoptr(HtTrack) track = ht_track_new (file);
  const double p[4] = { 1, 1, 1, 1 };
  g_autoptr(HtPrediction) a = ht_prediction_new (p, NULL);
  g_autoptr(HtPrediction) b = ht_prediction_new_unavailable ("No", NULL, NULL);
  Notes notes;

  notes_watch (&notes, G_OBJECT (track));

  _ht_track_set_cnn_prediction (track, a);
  _ht_track_set_cnn_prediction (track, a);
  g_assert_true (ht_track_get_cnn_prediction (track) == a);
  _ht_track_set_lyrics_prediction (track, b);
  _ht_track_set_lyrics_prediction (track, b);
  g_assert_cmpuint (notes_count (&notes, "cnn-prediction"), ==, 1);
  g_assert_cmpuint (notes_count (&notes, "lyrics-prediction"), ==, 1);

  _ht_track_take_error (track, g_error_new (HT_ERROR, HT_ERROR_CORRUPT, "bad %d", 1));
  _ht_track_take_error (track, g_error_new (HT_ERROR, HT_ERROR_CORRUPT, "bad %d", 1));
  g_assert_cmpuint (notes_count (&notes, "error"), ==, 1);
  g_assert_error (ht_track_get_error (track), HT_ERROR, HT_ERROR_CORRUPT);
  _ht_track_take_error (track, g_error_new (HT_ERROR, HT_ERROR_CORRUPT, "bad %d", 2));
  _ht_track_take_error (track, NULL);
  _ht_track_take_error (track, NULL);
  g_assert_cmpuint (notes_count (&notes, "error"), ==, 3);
  g_assert_null (ht_track_get_error (track));

  ht_track_set_hometown (track, "Queens, NY", HT_REGION_EAST);
  ht_track_set_hometown (track, "Queens, NY", HT_REGION_EAST);
  g_assert_cmpuint (notes_count (&notes, "hometown"), ==, 1);
  g_assert_cmpuint (notes_count (&notes, "hometown-region"), ==, 1);
  g_assert_cmpstr (ht_track_get_hometown (track), ==, "Queens, NY");
  g_assert_cmpint (ht_track_get_hometown_region (track), ==, HT_REGION_EAST);
  ht_track_set_hometown (track, "Brooklyn, NY", HT_REGION_EAST);
  g_assert_cmpuint (notes_count (&notes, "hometown"), ==, 2);
  g_assert_cmpuint (notes_count (&notes, "hometown-region"), ==, 1);

  g_assert_cmpuint (notes_total (&notes), ==, 8);
  notes_clear (&notes);
}

static void
test_prediction_values (void)
{
  const double p[4] = { 2, 1, 1, 0 };
  const double tie[4] = { 0.1, 0.4, 0.4, 0.1 };
  g_autoptr(HtPrediction) a = ht_prediction_new (p, "45 s window");
  g_autoptr(HtPrediction) t = ht_prediction_new (tie, NULL);
  g_autoptr(HtPrediction) u = ht_prediction_new_unavailable ("No audio model trained yet",
                                                             "app.train-audio", "Train…");
  guint top = 99;

  g_assert_true (ht_prediction_is_available (a));
  g_assert_cmpfloat_with_epsilon (ht_prediction_get_probability (a, 0), 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (ht_prediction_get_probability (a, 1), 0.25, 1e-12);
  g_assert_cmpfloat_with_epsilon (ht_prediction_get_probability (a, 2), 0.25, 1e-12);
  g_assert_cmpfloat (ht_prediction_get_probability (a, 3), ==, 0);
  g_assert_cmpuint (ht_prediction_get_top_region (a), ==, 0);
  g_assert_cmpstr (ht_prediction_get_detail (a), ==, "45 s window");
  g_assert_null (ht_prediction_get_reason (a));
  g_assert_cmpuint (ht_prediction_get_top_region (t), ==, 1);   /* first of a tie */
  g_object_get (t, "top-region", &top, NULL);
  g_assert_cmpuint (top, ==, 1);

  g_assert_false (ht_prediction_is_available (u));
  g_assert_cmpstr (ht_prediction_get_reason (u), ==, "No audio model trained yet");
  g_assert_cmpstr (ht_prediction_get_fix_action (u), ==, "app.train-audio");
  g_assert_cmpstr (ht_prediction_get_fix_label (u), ==, "Train…");
  for (guint i = 0; i < HT_PREDICTION_N_REGIONS; i++)
    g_assert_cmpfloat (ht_prediction_get_probability (u, i), ==, 0);

  g_assert_cmpstr (ht_prediction_region_name (0), ==, "East");
  g_assert_cmpstr (ht_prediction_region_name (3), ==, "Midwest");
  g_assert_null (ht_prediction_region_name (4));
  g_assert_cmpstr (ht_prediction_region_id (2), ==, "south");
  g_assert_null (ht_prediction_region_id (4));
}

static void
test_prediction_rejects (void)
{
  const double nan_p[4] = { NAN, 1, 1, 1 };
  const double neg[4] = { -0.1, 1, 1, 1 };
  const double zero[4] = { 0, 0, 0, 0 };
  const double *bad[] = { nan_p, neg, zero };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      HtPrediction *p;

      g_test_expect_message ("ht-prediction", G_LOG_LEVEL_CRITICAL, "*assertion*failed*");
      p = ht_prediction_new (bad[i], NULL);
      g_test_assert_expected_messages ();
      g_assert_null (p);
    }
}

static void
test_enum_nicks (void)
{
  g_autoptr(GEnumClass) cmaps = g_type_class_ref (HT_TYPE_COLORMAP);
  g_autoptr(GEnumClass) sources = g_type_class_ref (HT_TYPE_LYRICS_SOURCE);
  g_autoptr(GEnumClass) scales = g_type_class_ref (HT_TYPE_FREQ_SCALE);

  /* Settings store these nicks, and the CLI and files use the ids: they must agree. */
  g_assert_cmpuint (cmaps->n_values, ==, HTC_N_COLORMAPS);
  for (int i = 0; i < HTC_N_COLORMAPS; i++)
    g_assert_cmpstr (g_enum_get_value (cmaps, i)->value_nick, ==, htc_colormap_to_id (i));
  for (int i = HT_LYRICS_SOURCE_NONE; i <= HT_LYRICS_SOURCE_FILE; i++)
    g_assert_cmpstr (g_enum_get_value (sources, i)->value_nick, ==, ht_lyrics_source_to_id (i));
  g_assert_cmpstr (g_enum_get_value (scales, HTC_SCALE_MEL)->value_nick, ==, "mel");
  g_assert_cmpstr (g_enum_get_value (scales, HTC_SCALE_LINEAR)->value_nick, ==, "linear");
  g_assert_true (G_TYPE_IS_BOXED (HT_TYPE_SPECTROGRAM));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/track/defaults", test_track_defaults);
  g_test_add_func ("/engine/track/notify/progress-state", test_track_notify_progress_state);
  g_test_add_func ("/engine/track/notify/info", test_track_notify_info);
  g_test_add_func ("/engine/track/notify/objects", test_track_notify_objects);
  g_test_add_func ("/engine/prediction/values", test_prediction_values);
  g_test_add_func ("/engine/prediction/rejects", test_prediction_rejects);
  g_test_add_func ("/engine/types/enum-nicks", test_enum_nicks);
  return g_test_run ();
}
