/* ht-test-ui.h: helpers for the widget and window tests (header-only).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <sndfile.h>

#include "ht-analyzer.h"
#include "ht-application.h"
#include "ht-spectrogram.h"
#include "ht-window.h"
#include "ht-window-private.h"
#include "htc-synth.h"

static gboolean
ht_test_ui_flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for `ms` milliseconds. */
static inline void
ht_test_ui_spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, ht_test_ui_flag_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Runs the main loop until cond (data) is true, failing the test after `seconds`. */
static inline void
ht_test_ui_wait (gboolean    (*cond) (gpointer data),
                 gpointer      data,
                 double        seconds,
                 const char   *what)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (!cond (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for %s", what);
      ht_test_ui_spin (10);
    }
}

/* No folder scan running and no analysis pending or running in `window` (an HtWindow). */
static inline gboolean
ht_test_ui_window_is_idle (gpointer window)
{
  return _ht_window_get_n_scans (window) == 0
         && ht_analyzer_get_n_pending (ht_window_get_analyzer (window)) == 0;
}

/* Idle, with a track listed: tracks just opened join the list a batch per main-loop turn,
 * and before the first has joined nothing is pending either. */
static inline gboolean
ht_test_ui_window_is_settled (gpointer window)
{
  return ht_test_ui_window_is_idle (window)
         && g_list_model_get_n_items (G_LIST_MODEL (ht_window_get_tracks (window))) > 0;
}

/* Renders `widget` as it is on screen into build/meson-logs/<name>.png, for a person to look
 * at; returns the path. */
static inline char *
ht_test_ui_screenshot (GtkWidget  *widget,
                       const char *name)
{
  const char *dir = g_getenv ("HT_SCREENSHOT_DIR");
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  char *path = g_build_filename (dir != NULL ? dir : g_get_tmp_dir (), file, NULL);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);
  /* Between a resize and its next frame a widget has nothing to show: wait for the frame. */
  for (guint tries = 0; tries < 200; tries++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node != NULL)
        break;
      ht_test_ui_spin (20);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
  return path;
}

/* A synthetic beat (htc_synth_beat, 80 + seed % 40 BPM) as a 22.05 kHz mono 16-bit WAV at
 * dir/name (or at name when dir is NULL), with optional tags; returns the path. */
static inline char *
ht_test_ui_write_beat (const char *dir,
                       const char *name,
                       double      seconds,
                       guint       seed,
                       const char *title,
                       const char *artist)
{
  char *path = dir != NULL ? g_build_filename (dir, name, NULL) : g_strdup (name);
  SF_INFO info = { .samplerate = 22050, .channels = 1, .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16 };
  HtcSynthParams p = { 22050, 80 + seed % 40, 55, seed };
  gsize n = (gsize) (seconds * 22050);
  g_autofree float *x = g_new (float, n);
  SNDFILE *sf;

  g_assert_cmpint (htc_synth_beat (&p, 0, x, n), ==, HTC_OK);
  sf = sf_open (path, SFM_WRITE, &info);
  g_assert_nonnull (sf);
  if (title != NULL)
    sf_set_string (sf, SF_STR_TITLE, title);
  if (artist != NULL)
    sf_set_string (sf, SF_STR_ARTIST, artist);
  g_assert_cmpint (sf_writef_float (sf, x, (sf_count_t) n), ==, (sf_count_t) n);
  sf_close (sf);
  return path;
}

/* The body of a UI test program's ::activate handler: on the first activation, runs the
 * registered tests inside the application (as a user's session would), then destroys every
 * window and quits; g_test_run()'s result lands in *status. */
static inline void
ht_test_ui_run_tests_once (GApplication *application,
                           int          *status)
{
  static gboolean ran = FALSE;

  if (ran)
    return;
  ran = TRUE;
  g_application_hold (application);
  *status = g_test_run ();
  g_application_release (application);
  /* Destroying a window takes it off the list: always take the first. */
  while (gtk_application_get_windows (GTK_APPLICATION (application)) != NULL)
    gtk_window_destroy (gtk_application_get_windows (GTK_APPLICATION (application))->data);
  g_application_quit (application);
}

static void
ht_test_ui_on_activate_cb (GApplication *application,
                           int          *status)
{
  ht_test_ui_run_tests_once (application, status);
}

/* A UI test program's main loop: the registered tests run inside a new HtApplication
 * `app_id` (as a user's session would); *app points at it meanwhile. Returns g_test_run()'s
 * result. */
static inline int
ht_test_ui_run_in_application (const char     *app_id,
                               HtApplication **app)
{
  static int status;

  *app = ht_application_new (app_id, G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (*app, "activate", G_CALLBACK (ht_test_ui_on_activate_cb), &status);
  g_application_run (G_APPLICATION (*app), 0, NULL);
  g_clear_object (app);
  return status;
}

/* On screen, with a size (for ht_test_ui_wait). */
static inline gboolean
ht_test_ui_is_drawn (gpointer widget)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

/* The first widget of the tree under `widget` (itself included, depth first) that `matches`
 * accepts, or NULL. */
static inline GtkWidget *
ht_test_ui_find_widget (GtkWidget     *widget,
                        gboolean     (*matches) (GtkWidget *widget, gconstpointer data),
                        gconstpointer  data)
{
  if (matches (widget, data))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = ht_test_ui_find_widget (c, matches, data);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A window of the given size showing `child`, presented. */
static inline GtkWindow *
ht_test_ui_window_with (GtkWidget *child,
                        int        width,
                        int        height)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, width, height);
  gtk_window_set_child (window, child);
  gtk_window_present (window);
  return window;
}

/* The application's main window, activating the application first if it has none yet. */
static inline HtWindow *
ht_test_ui_main_window (GApplication *application)
{
  GtkWindow *w = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (w == NULL)
    {
      g_application_activate (application);
      w = gtk_application_get_active_window (GTK_APPLICATION (application));
    }
  g_assert_true (HT_IS_WINDOW (w));
  return HT_WINDOW (w);
}

/* The whole-track spectrogram of a synthetic beat (92 BPM, variation `seed`), made in memory. */
static inline HtSpectrogram *
ht_test_ui_make_spectrogram (double seconds,
                             guint  seed)
{
  HtcSynthParams p = { HT_AUDIO_RATE, 92, 55, seed };
  gsize n = (gsize) (seconds * HT_AUDIO_RATE);
  g_autofree float *x = g_new (float, n);
  HtSpectrogramOptions options;
  g_autoptr(GError) error = NULL;
  HtSpectrogram *s;

  g_assert_cmpint (htc_synth_beat (&p, 0, x, n), ==, HTC_OK);
  ht_spectrogram_options_init (&options);
  s = ht_spectrogram_new_from_samples (x, n, 0, &options, &error);
  g_assert_no_error (error);
  return s;
}
