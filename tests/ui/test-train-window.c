/* Tests for the training window: a small tagged library in a temporary folder is scanned (the
 * per-region counts checked against data/artists/origins.tsv, read here independently), a
 * training is cancelled mid-way (it stops within a second and writes nothing), a tiny training
 * runs to the end and saves a model that loads, the track open in the main window gets a CNN
 * prediction from it, and closing the window mid-training leaves the model file alone.
 * Saves screenshots under meson-logs/.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gst/gst.h>

#include "ht-application.h"
#include "ht-audio-model.h"
#include "ht-train-window-private.h"
#include "ht-window-private.h"
#include "ht-test-ui.h"
#include "../ht-test-util.h"

static HtApplication *app;
static char *tmpdir;
static char *library;
static HtTrainWindow *train;

/* Artists and how many tracks each gets. Two per region so that one artist per region can be
 * held out; Drake (Toronto) is not from the US; the last is in no table. */
static const struct { const char *artist; guint n_tracks; } library_artists[] = {
  { "Nas", 2 }, { "Mobb Deep", 2 },
  { "2Pac", 2 }, { "Ice Cube", 2 },
  { "OutKast", 2 }, { "UGK", 2 },
  { "Eminem", 2 }, { "Common", 2 },
  { "Drake", 1 },
  { "Nobody Anyone Knows", 2 },
};

/* The region column of origins.tsv for an artist's exact name: "East" ... "Other", or NULL. */
static char *
tsv_region (const char *artist)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "artists", "origins.tsv",
                                                 NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cols = NULL;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      cols = g_strsplit (lines[i], "\t", -1);
      if (g_strv_length (cols) >= 8 && g_ascii_strcasecmp (cols[1], artist) == 0)
        return g_strdup (cols[7]);
    }
  return NULL;
}


static gboolean
is_idle (gpointer data)
{
  return !_ht_train_window_is_busy (data);
}

static gboolean
has_epochs (gpointer data)
{
  return _ht_train_window_get_n_epochs (data) >= 1;
}

static gboolean
main_settled (gpointer data)
{
  HtWindow *w = data;

  return _ht_window_get_n_scans (w) == 0
         && ht_analyzer_get_n_pending (ht_window_get_analyzer (w)) == 0;
}

static GtkWidget *
child (const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (train), HT_TYPE_TRAIN_WINDOW, name));
}

/* "clicked" right away (activating a button waits for its press animation) */
static void
click (const char *name)
{
  g_signal_emit_by_name (child (name), "clicked");
}

static HtWindow *
main_window (void)
{
  GtkWindow *w = gtk_application_get_active_window (GTK_APPLICATION (app));

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    if (HT_IS_WINDOW (l->data))
      return l->data;
  g_application_activate (G_APPLICATION (app));
  w = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (HT_IS_WINDOW (w));
  return HT_WINDOW (w);
}

static HtTrainWindow *
open_train_window (void)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    g_assert_false (HT_IS_TRAIN_WINDOW (l->data));
  g_action_group_activate_action (G_ACTION_GROUP (app), "train-audio", NULL);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    if (HT_IS_TRAIN_WINDOW (l->data))
      return l->data;
  g_assert_not_reached ();
}

static void
tiny_options (HtAudioTrainOptions *o,
              guint                epochs)
{
  ht_audio_train_options_init (o);
  o->max_epochs = epochs;
  o->patience = 0;              /* no early stopping: every epoch runs */
  o->batch = 8;
  o->samples_per_epoch = 32;
  o->n_channels[0] = 4;
  o->n_channels[1] = 8;
  o->n_channels[2] = 0;
  o->n_threads = 1;
  o->val_fraction = 0.3;
}

/* Temporary files the atomic save would leave behind: ".audio.safetensors.XXXXXX". */
static guint
n_temp_files (const char *model_path)
{
  g_autofree char *dir = g_path_get_dirname (model_path);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, ".audio.safetensors."))
      n++;
  return n;
}

static void
test_scan (void)
{
  HtWindow *w = main_window ();
  g_autofree char *probe = g_build_filename (tmpdir, "probe.wav", NULL);
  g_autoptr(GFile) probe_file = g_file_new_for_path (probe);
  g_autoptr(GFile) folder = g_file_new_for_path (library);
  g_autoptr(HtTrack) track = NULL;
  g_autofree char *shot = NULL;
  const HtAudioDataset *ds;
  guint expected[4] = { 0 }, expected_not_us = 0, expected_unknown = 0, got[4] = { 0 };
  guint n_not_us_listed = 0, n_unknown_listed = 0;
  static const char * const regions[] = { "East", "West", "South", "Midwest" };

  /* A track open in the main window: no audio model yet. */
  g_free (ht_test_ui_write_beat (NULL, probe, 20, 99, "Test Beat", "Nas"));
  g_application_open (G_APPLICATION (app), &probe_file, 1, "");
  ht_test_ui_wait (main_settled, w, 60, "the probe track's analysis");
  track = g_list_model_get_item (G_LIST_MODEL (ht_window_get_tracks (w)), 0);
  g_assert_nonnull (ht_track_get_cnn_prediction (track));
  g_assert_false (ht_prediction_is_available (ht_track_get_cnn_prediction (track)));

  train = open_train_window ();
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (train)) == GTK_WINDOW (w));
  ht_test_ui_wait (ht_test_ui_is_drawn, train, 10, "the training window");
  g_assert_cmpstr (_ht_train_window_get_page (train), ==, "start");

  _ht_train_window_scan (train, folder);
  g_assert_true (_ht_train_window_is_busy (train));
  ht_test_ui_wait (is_idle, train, 60, "the scan");
  g_assert_cmpstr (_ht_train_window_get_page (train), ==, "scanned");

  /* The expectation, from the shipped table read line by line. */
  for (guint a = 0; a < G_N_ELEMENTS (library_artists); a++)
    {
      g_autofree char *region = tsv_region (library_artists[a].artist);
      gboolean found = FALSE;

      for (guint k = 0; k < 4; k++)
        if (g_strcmp0 (region, regions[k]) == 0)
          {
            expected[k] += library_artists[a].n_tracks;
            found = TRUE;
          }
      if (g_strcmp0 (region, "Other") == 0)
        expected_not_us += library_artists[a].n_tracks;
      else if (!found)
        expected_unknown += library_artists[a].n_tracks;
    }
  g_assert_cmpuint (expected_not_us, ==, 1);
  g_assert_cmpuint (expected_unknown, ==, 2);

  ds = _ht_train_window_get_dataset (train);
  g_assert_nonnull (ds);
  for (guint i = 0; i < ds->items->len; i++)
    got[((HtAudioItem *) ds->items->pdata[i])->label]++;
  for (guint k = 0; k < 4; k++)
    g_assert_cmpuint (got[k], ==, expected[k]);
  g_assert_cmpuint (ds->n_not_us, ==, expected_not_us);
  g_assert_cmpuint (ds->n_unknown, ==, expected_unknown);
  /* which tracks were left out, and why */
  g_assert_cmpuint (ds->skipped->len, ==, expected_not_us + expected_unknown);
  for (guint i = 0; i < ds->skipped->len; i++)
    {
      HtAudioSkip *skip = ds->skipped->pdata[i];
      g_autofree char *base = g_path_get_basename (skip->path);

      if (skip->reason == HT_AUDIO_SKIP_NOT_US)
        {
          g_assert_cmpstr (skip->artist, ==, "Drake");
          g_assert_true (g_str_has_prefix (base, "Drake"));
          n_not_us_listed++;
        }
      else
        {
          g_assert_cmpint (skip->reason, ==, HT_AUDIO_SKIP_UNKNOWN);
          g_assert_cmpstr (skip->artist, ==, "Nobody Anyone Knows");
          n_unknown_listed++;
        }
    }
  g_assert_cmpuint (n_not_us_listed, ==, 1);
  g_assert_cmpuint (n_unknown_listed, ==, 2);
  g_assert_true (gtk_widget_get_visible (child ("skipped_group")));
  g_assert_true (gtk_widget_get_sensitive (child ("train_button")));

  ht_test_ui_spin (1000);
  shot = ht_test_ui_screenshot (GTK_WIDGET (train), "ui-train-scanned");
}

static void
test_cancel (void)
{
  HtAudioTrainOptions o;
  gint64 t0, waited;
  g_autofree char *shot = NULL;

  g_assert_nonnull (train);
  /* Far more epochs than will run: the test stops it after the first. */
  tiny_options (&o, 1000);
  _ht_train_window_set_options (train, &o);
  click ("train_button");
  g_assert_cmpstr (_ht_train_window_get_page (train), ==, "training");
  ht_test_ui_wait (has_epochs, train, 120, "the first epoch");
  ht_test_ui_spin (600);
  shot = ht_test_ui_screenshot (GTK_WIDGET (train), "ui-train-training");

  t0 = g_get_monotonic_time ();
  g_test_message ("cancelling at stage %d, epoch %u, fraction %.2f",
                  _ht_train_window_get_progress (train)->stage,
                  _ht_train_window_get_progress (train)->epoch,
                  _ht_train_window_get_progress (train)->fraction);
  click ("train_cancel_button");
  ht_test_ui_wait (is_idle, train, 10, "the cancelled training");
  waited = g_get_monotonic_time () - t0;
  g_test_message ("training stopped %.0f ms after Cancel", waited / 1000.0);
  g_assert_cmpint (waited, <, G_USEC_PER_SEC);

  /* The best model so far is offered, not written. */
  g_assert_cmpstr (_ht_train_window_get_page (train), ==, "result");
  g_assert_true (gtk_widget_get_visible (child ("keep_button")));
  g_assert_true (gtk_widget_get_visible (child ("discard_button")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child ("result_title"))), ==, "Training Stopped");
  g_assert_false (g_file_test (_ht_train_window_get_model_path (train), G_FILE_TEST_EXISTS));
  g_assert_cmpuint (n_temp_files (_ht_train_window_get_model_path (train)), ==, 0);

  click ("discard_button");
  g_assert_cmpstr (_ht_train_window_get_page (train), ==, "scanned");
  g_assert_false (g_file_test (_ht_train_window_get_model_path (train), G_FILE_TEST_EXISTS));
}

static gboolean
cnn_available (gpointer data)
{
  HtPrediction *p = ht_track_get_cnn_prediction (data);

  return p != NULL && ht_prediction_is_available (p);
}

static void
test_train (void)
{
  HtWindow *w = main_window ();
  g_autoptr(HtTrack) track = g_list_model_get_item (G_LIST_MODEL (ht_window_get_tracks (w)), 0);
  const char *path = _ht_train_window_get_model_path (train);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(HtAudioModel) model = NULL;
  g_autofree char *expected_path = g_build_filename (g_get_user_data_dir (), "hometown", "models",
                                                     "audio.safetensors", NULL);
  g_autofree char *shot = NULL;
  const HtTrainProgress *p;
  GtkProgressBar *bar = GTK_PROGRESS_BAR (child ("train_progress"));
  HtAudioTrainOptions o;

  /* where the analyzer looks when no path is set */
  g_assert_cmpstr (path, ==, expected_path);
  /* tall enough for the whole result page in the screenshot */
  gtk_window_set_default_size (GTK_WINDOW (train), 620, 990);
  tiny_options (&o, 3);
  _ht_train_window_set_options (train, &o);
  click ("train_button");
  ht_test_ui_wait (has_epochs, train, 120, "the first epoch");
  ht_test_ui_wait (is_idle, train, 120, "training and saving");

  /* Progress went all the way: every epoch reported, the bar full. */
  p = _ht_train_window_get_progress (train);
  g_assert_cmpint (p->stage, ==, HT_TRAIN_STAGE_EPOCH_END);
  g_assert_cmpuint (p->epoch, ==, 3);
  g_assert_cmpuint (p->max_epochs, ==, 3);
  g_assert_cmpuint (_ht_train_window_get_n_epochs (train), ==, 3);
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (bar), ==, 1.0);
  g_assert_cmpstr (gtk_progress_bar_get_text (bar), ==, "Epoch 3 of 3");
  /* one artist per region held out: the held-out figures are there */
  g_assert_false (isnan (p->val_accuracy));

  g_assert_cmpstr (_ht_train_window_get_page (train), ==, "result");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child ("result_title"))), ==, "Model Saved");
  g_assert_true (gtk_widget_get_visible (child ("confusion_group")));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (n_temp_files (path), ==, 0);
  model = ht_audio_model_load (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (model);
  g_assert_cmpuint (ht_audio_model_get_n_classes (model), ==, 4);
  g_assert_nonnull (strstr (ht_audio_model_get_training (model), "\"validation\""));

  ht_test_ui_spin (1000);
  shot = ht_test_ui_screenshot (GTK_WIDGET (train), "ui-train-result");

  /* The open track is analysed again and its CNN card uses the new model. */
  ht_test_ui_wait (cnn_available, track, 60, "the CNN prediction of the open track");
}

static void
on_finalized_cb (gpointer data, GObject *where)
{
  *(gboolean *) data = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
test_close_mid_training (void)
{
  const char *path;
  g_autofree char *saved_path = NULL;
  g_autoptr(GFile) folder = g_file_new_for_path (library);
  GStatBuf before, after;
  HtAudioTrainOptions o;
  gboolean finalized = FALSE;

  gtk_window_destroy (GTK_WINDOW (train));
  train = open_train_window ();
  path = _ht_train_window_get_model_path (train);
  saved_path = g_strdup (path);
  g_assert_cmpint (g_stat (path, &before), ==, 0);
  _ht_train_window_scan (train, folder);
  ht_test_ui_wait (is_idle, train, 60, "the scan");
  tiny_options (&o, 1000);
  _ht_train_window_set_options (train, &o);
  click ("train_button");
  ht_test_ui_wait (has_epochs, train, 120, "the first epoch");

  /* Closing cancels; the window goes once its training thread has let go of it. */
  g_object_weak_ref (G_OBJECT (train), on_finalized_cb, &finalized);
  gtk_window_close (GTK_WINDOW (train));
  train = NULL;
  ht_test_ui_wait (flag_set, &finalized, 5, "the closed window to be finalized");
  g_assert_cmpint (g_stat (saved_path, &after), ==, 0);
  g_assert_cmpint (after.st_mtime, ==, before.st_mtime);
  g_assert_cmpint (after.st_size, ==, before.st_size);
  g_assert_cmpuint (n_temp_files (saved_path), ==, 0);
}



int
main (int   argc,
      char *argv[])
{
  int status;
  g_autofree char *data_home = NULL, *cache_home = NULL;
  guint seed = 1;

  /* Our own data and cache folders, before GLib reads them: the model this test saves must not
   * be seen by the other UI tests running beside it. */
  tmpdir = g_dir_make_tmp ("hometown-test-train-XXXXXX", NULL);
  data_home = g_build_filename (tmpdir, "data", NULL);
  cache_home = g_build_filename (tmpdir, "cache", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache_home, TRUE);

  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      ht_test_remove_tree (tmpdir);
      return 0;
    }
  gst_init (&argc, &argv);

  library = g_build_filename (tmpdir, "library", NULL);
  g_assert_cmpint (g_mkdir_with_parents (library, 0755), ==, 0);
  for (guint a = 0; a < G_N_ELEMENTS (library_artists); a++)
    for (guint t = 0; t < library_artists[a].n_tracks; t++)
      {
        g_autofree char *name = g_strdup_printf ("%s - %u.wav", library_artists[a].artist, t + 1);
        g_autofree char *path = g_build_filename (library, name, NULL);

        g_free (ht_test_ui_write_beat (NULL, path, 12, seed++, "Test Beat",
                                       library_artists[a].artist));
      }

  g_test_add_func ("/ui/train/scan", test_scan);
  g_test_add_func ("/ui/train/cancel", test_cancel);
  g_test_add_func ("/ui/train/train", test_train);
  g_test_add_func ("/ui/train/close-mid-training", test_close_mid_training);

  /* The tests run inside the application, as a user's session would. */
  status = ht_test_ui_run_in_application ("io.github.hometownapp.Hometown.TrainTest", &app);

  ht_test_remove_tree (tmpdir);
  g_free (library);
  g_free (tmpdir);
  return status;
}
