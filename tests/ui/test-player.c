/* Tests for playback on the track page, the CNN timeline and the PNG export: the cursor moves
 * over the spectrogram without rebuilding its texture, clicks seek, the timeline's patches sit
 * where the spectrogram puts their times, the exported PNG is the engine's figure at the size
 * asked for. Runs inside the application like test-window; saves screenshots under meson-logs/.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <math.h>

#include "ht-analyzer.h"
#include "ht-application.h"
#include "ht-audio-model.h"
#include "ht-spectrogram-renderer.h"
#include "ht-spectrogram-view-private.h"
#include "ht-timeline-view-private.h"
#include "ht-track-page-private.h"
#include "ht-track-private.h"
#include "ht-window-private.h"
#include "htc-rng.h"
#include "ht-test-ui.h"
#include "../ht-test-util.h"
#include "../ht-test-model.h"

static HtApplication *app;
static char *tmpdir;

static gboolean
has_texture (gpointer data)
{
  return _ht_spectrogram_view_get_texture (data) != NULL;
}


/* Where the spectrogram view draws `seconds`, worked out from its plot, zoom and scroll and
 * the spectrogram's own time -> column mapping (column c is centred at (c + 0.5) / n). */
static double
expected_x (HtSpectrogramView *view,
            HtSpectrogram     *s,
            double             seconds)
{
  graphene_rect_t plot;
  guint n = ht_spectrogram_get_n_columns (s);
  double scroll = gtk_adjustment_get_value (ht_spectrogram_view_get_hadjustment (view));
  double width;

  _ht_spectrogram_view_get_plot (view, &plot);
  width = plot.size.width * ht_spectrogram_view_get_zoom (view);
  return plot.origin.x - scroll + (ht_spectrogram_time_to_column (s, seconds) + 0.5) / n * width;
}

static void
on_seek_cb (HtSpectrogramView *view,
            double             seconds,
            double            *out)
{
  *out = seconds;
}

static gboolean
view_is_settled (gpointer data)
{
  return _ht_spectrogram_view_is_settled (data);
}

static gboolean
has_second_build (gpointer data)
{
  return _ht_spectrogram_view_get_n_builds (data) >= 2
         && _ht_spectrogram_view_get_texture (data) != NULL;
}

static void
test_cursor (void)
{
  g_autoptr(HtSpectrogram) s = ht_test_ui_make_spectrogram (20.0, 3);
  HtSpectrogramView *view = HT_SPECTROGRAM_VIEW (ht_spectrogram_view_new ());
  GtkWindow *window = ht_test_ui_window_with (GTK_WIDGET (view), 900, 320);
  GtkAdjustment *adj = ht_spectrogram_view_get_hadjustment (view);
  GdkTexture *texture;
  graphene_rect_t plot;
  double sought = -1;

  ht_spectrogram_view_set_spectrogram (view, s);
  ht_test_ui_wait (has_texture, view, 10, "the texture");
  texture = _ht_spectrogram_view_get_texture (view);
  g_assert_cmpuint (_ht_spectrogram_view_get_n_builds (view), ==, 1);
  g_assert_cmpfloat (ht_spectrogram_view_get_cursor (view), ==, -1);

  /* 20 s of playback at 30 updates a second, drawn frame by frame: still the one texture. */
  for (guint i = 0; i <= 600; i += 20)
    {
      ht_spectrogram_view_set_cursor (view, i / 30.0);
      ht_test_ui_spin (15);
    }
  g_assert_true (_ht_spectrogram_view_get_texture (view) == texture);
  g_assert_cmpuint (_ht_spectrogram_view_get_n_builds (view), ==, 1);

  /* Zoomed in, the view follows the cursor: it stays in sight as it moves on. */
  ht_spectrogram_view_set_zoom (view, 8);
  _ht_spectrogram_view_get_plot (view, &plot);
  for (double t = 0; t < 19.5; t += 0.25)
    {
      double x;

      ht_spectrogram_view_set_cursor (view, t);
      x = ht_spectrogram_view_time_to_x (view, t);
      g_assert_cmpfloat (x, >=, plot.origin.x);
      g_assert_cmpfloat (x, <=, plot.origin.x + plot.size.width);
      g_assert_cmpfloat_with_epsilon (x, expected_x (view, s, t), 1e-6);
    }
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), >, 6 * plot.size.width);
  /* The zoom builds one picture of the new width (off the main thread); following the cursor
   * only scrolls it. */
  ht_test_ui_wait (has_second_build, view, 20, "the zoomed picture");
  ht_test_ui_spin (100);
  g_assert_cmpuint (_ht_spectrogram_view_get_n_builds (view), ==, 2);
  texture = _ht_spectrogram_view_get_texture (view);
  for (double t = 0; t < 19.5; t += 1.0)
    {
      ht_spectrogram_view_set_cursor (view, t);
      ht_test_ui_spin (15);
    }
  g_assert_true (_ht_spectrogram_view_get_texture (view) == texture);
  g_assert_cmpuint (_ht_spectrogram_view_get_n_builds (view), ==, 2);
  ht_spectrogram_view_set_cursor (view, -5);
  g_assert_cmpfloat (ht_spectrogram_view_get_cursor (view), ==, -1);

  /* A click in the plot asks to play from the time under it; on the axes it does not. */
  g_signal_connect (view, "seek", G_CALLBACK (on_seek_cb), &sought);
  ht_spectrogram_view_set_zoom (view, 1);
  {
    double x = expected_x (view, s, 12.5);

    _ht_spectrogram_view_click_at (view, x, plot.origin.y + plot.size.height / 2);
    g_assert_cmpfloat (fabs (sought - 12.5), <, ht_spectrogram_get_duration (s)
                                                / ht_spectrogram_get_n_columns (s));
    sought = -1;
    _ht_spectrogram_view_click_at (view, x, plot.origin.y + plot.size.height + 10);
    g_assert_cmpfloat (sought, ==, -1);
  }
  gtk_window_destroy (window);
}

static HtPrediction *
make_timeline_prediction (guint   n,
                          double  start,
                          double  hop,
                          double  length)
{
  const double mean[4] = { 0.25, 0.25, 0.25, 0.25 };
  g_autofree double *rows = g_new (double, n * 4);
  HtPrediction *p = ht_prediction_new (mean, NULL);

  /* South strong at first, then East. */
  for (guint i = 0; i < n; i++)
    {
      double *r = rows + i * 4;
      gboolean early = i < n / 2;

      r[0] = early ? 0.20 : 0.55;
      r[1] = 0.10;
      r[2] = early ? 0.62 : 0.25;
      r[3] = 1 - r[0] - r[1] - r[2];
    }
  ht_prediction_set_timeline (p, n, rows, start, hop, length);
  return p;
}

static void
test_timeline_geometry (void)
{
  g_autoptr(HtSpectrogram) s = ht_test_ui_make_spectrogram (20.0, 5);
  g_autoptr(HtPrediction) p = make_timeline_prediction (10, 4.0, 1.25, 2.5);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  HtSpectrogramView *view = HT_SPECTROGRAM_VIEW (ht_spectrogram_view_new ());
  HtTimelineView *timeline = HT_TIMELINE_VIEW (ht_timeline_view_new ());
  GtkWindow *window;
  guint builds;

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (view));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (timeline));
  window = ht_test_ui_window_with (box, 900, 360);
  ht_spectrogram_view_set_spectrogram (view, s);
  ht_timeline_view_set_spectrogram_view (timeline, view);
  ht_timeline_view_set_prediction (timeline, p);
  ht_test_ui_wait (ht_test_ui_is_drawn, timeline, 10, "the timeline");
  ht_test_ui_spin (100);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (timeline)), ==,
                   gtk_widget_get_width (GTK_WIDGET (view)));

  /* Each patch's strip spans its start to the next patch's start (the last to its end), at
   * the x the spectrogram draws those times: at zoom 1, and zoomed in and scrolled. */
  for (guint pass = 0; pass < 2; pass++)
    {
      if (pass == 1)
        {
          ht_spectrogram_view_set_zoom (view, 4);
          ht_spectrogram_view_scroll_to (view, 6.0);
          ht_test_ui_spin (50);
        }
      for (guint i = 0; i < 10; i++)
        {
          double a = 4.0 + 1.25 * i, b = i < 9 ? a + 1.25 : a + 2.5, x0, x1;

          g_assert_true (_ht_timeline_view_get_step_x (timeline, i, &x0, &x1));
          g_assert_cmpfloat_with_epsilon (x0, expected_x (view, s, a), 1e-6);
          g_assert_cmpfloat_with_epsilon (x1, expected_x (view, s, b), 1e-6);
        }
      g_assert_false (_ht_timeline_view_get_step_x (timeline, 10, NULL, NULL));
    }

  /* Scrolling reuses the drawn strips; zooming draws them again. */
  builds = _ht_timeline_view_get_n_builds (timeline);
  g_assert_cmpuint (builds, >=, 1);
  ht_spectrogram_view_scroll_to (view, 9.0);
  ht_test_ui_spin (100);
  g_assert_cmpuint (_ht_timeline_view_get_n_builds (timeline), ==, builds);
  ht_spectrogram_view_set_zoom (view, 2);
  ht_test_ui_spin (100);
  g_assert_cmpuint (_ht_timeline_view_get_n_builds (timeline), ==, builds + 1);

  /* The numbers in words: a tooltip per patch, and a summary for screen readers. */
  ht_spectrogram_view_set_zoom (view, 1);
  {
    double x0, x1;
    g_autofree char *first = NULL;
    g_autofree char *last = NULL;
    g_autofree char *outside = NULL;

    _ht_timeline_view_get_step_x (timeline, 0, &x0, &x1);
    first = _ht_timeline_view_tooltip_at (timeline, (x0 + x1) / 2);
    g_assert_cmpstr (first, ==, "0:04–0:07: South 62 %, East 20 %, West 10 %, Midwest 8 %");
    _ht_timeline_view_get_step_x (timeline, 9, &x0, &x1);
    last = _ht_timeline_view_tooltip_at (timeline, (x0 + x1) / 2);
    g_assert_cmpstr (last, ==, "0:15–0:18: East 55 %, South 25 %, West 10 %, Midwest 10 %");
    outside = _ht_timeline_view_tooltip_at (timeline, expected_x (view, s, 2.0));
    g_assert_null (outside);
  }
  /* Patches 0-4 South (4:00 to patch 5's start, 10.25 s), 5-9 East (to 15.25 + 2.5 s). */
  g_assert_cmpstr (ht_timeline_view_get_summary (timeline), ==,
                   "10 patches, 0:04–0:18; strongest: South 0:04–0:10, East 0:10–0:18");

  /* No timeline, no summary, nothing to point at. */
  {
    const double flat[4] = { 0.1, 0.2, 0.3, 0.4 };
    g_autoptr(HtPrediction) plain = ht_prediction_new (flat, NULL);
    g_autoptr(HtPrediction) none = ht_prediction_new_unavailable ("No audio model trained yet",
                                                                  NULL, NULL);

    ht_timeline_view_set_prediction (timeline, plain);
    g_assert_null (ht_timeline_view_get_summary (timeline));
    g_assert_false (ht_timeline_view_has_timeline (plain));
    g_assert_false (ht_timeline_view_has_timeline (none));
    g_assert_false (ht_timeline_view_has_timeline (NULL));
    g_assert_true (ht_timeline_view_has_timeline (p));
  }
  gtk_window_destroy (window);
}

/* ---- in the window ------------------------------------------------------------------------- */


static gboolean
page_has_texture (gpointer data)
{
  HtTrackPage *page = _ht_window_get_track_page (data);

  return _ht_spectrogram_view_get_texture (_ht_track_page_get_spectrogram_view (page)) != NULL;
}

static gboolean
cursor_past_one_second (gpointer data)
{
  return ht_spectrogram_view_get_cursor (data) > 1.0;
}

static gboolean
has_toast (gpointer data)
{
  return _ht_window_get_last_toast (data) != NULL;
}

/* Space on the page: the page's shortcut controller has it, bound to the toggle action. */
static GtkShortcut *
find_space_shortcut (GtkWidget *page)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (page);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (c))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (c)); j++)
        {
          g_autoptr(GtkShortcut) sc = g_list_model_get_item (G_LIST_MODEL (c), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (sc);

          if (GTK_IS_KEYVAL_TRIGGER (trigger)
              && gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == GDK_KEY_space
              && gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == 0)
            {
              g_assert_cmpint (gtk_event_controller_get_propagation_phase (
                                 GTK_EVENT_CONTROLLER (c)), ==, GTK_PHASE_BUBBLE);
              return g_object_ref (sc);
            }
        }
    }
  return NULL;
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Result;

static void
on_exported_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Result *r = user_data;

  r->ok = _ht_track_page_export_finish (HT_TRACK_PAGE (source), result, &r->error);
  r->done = TRUE;
}

static gboolean
is_done (gpointer data)
{
  return ((Result *) data)->done;
}

static guint32
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
  return *(guint32 *) (cairo_image_surface_get_data (surface)
                       + (gsize) y * cairo_image_surface_get_stride (surface) + (gsize) x * 4);
}

static void
check_export (HtWindow    *w,
              HtTrackPage *page,
              HtTrack     *track)
{
  g_autofree char *path = g_build_filename (tmpdir, "export.png", NULL);
  g_autofree char *bad = g_build_filename (tmpdir, "no such folder", "export.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = _ht_track_page_export_name (page);
  HtSpectrogramStyle style;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_rectangle_int_t area;
  Result r = { 0 };
  guint differ = 0;

  g_assert_cmpstr (name, ==, "Test Artist - Player Sample.png");

  /* The page's colour map and range, not the defaults. */
  g_object_set (page, "colormap", HTC_COLORMAP_VIRIDIS, "db-range", 50.0, NULL);
  _ht_track_page_export_async (page, file, 640, 300, on_exported_cb, &r);
  ht_test_ui_wait (is_done, &r, 20, "the export");
  g_assert_no_error (r.error);
  g_assert_true (r.ok);

  pixbuf = gdk_pixbuf_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 640);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 300);
  {
    /* Written beside and renamed: no temporary file is left. */
    g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, NULL);
    const char *entry;

    while ((entry = g_dir_read_name (dir)) != NULL)
      g_assert_null (strstr (entry, ".tmp-"));
  }

  /* Pixel for pixel the engine's figure with those settings (as `hometown-cli spectrogram`). */
  ht_spectrogram_style_init (&style);
  style.colormap = HTC_COLORMAP_VIRIDIS;
  style.db_range = 50;
  style.window_start = 30;
  style.window_end = 75;
  style.title = ht_track_get_display_title (track);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 640, 300);
  cr = cairo_create (surface);
  ht_spectrogram_renderer_draw (ht_track_get_spectrogram (track), &style, cr, 640, 300);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  ht_spectrogram_renderer_plot_area (640, 300, &area);
  for (int y = area.y; y < area.y + area.height; y += 7)
    for (int x = area.x; x < area.x + area.width; x += 11)
      {
        guint32 want = pixel_at (surface, x, y);
        const guint8 *got = gdk_pixbuf_read_pixels (pixbuf)
                            + (gsize) y * gdk_pixbuf_get_rowstride (pixbuf)
                            + (gsize) x * gdk_pixbuf_get_n_channels (pixbuf);

        g_assert_cmpuint (want >> 24, ==, 0xff);   /* opaque: no premultiplication to undo */
        if (ABS ((int) got[0] - (int) ((want >> 16) & 0xff)) > 1
            || ABS ((int) got[1] - (int) ((want >> 8) & 0xff)) > 1
            || ABS ((int) got[2] - (int) (want & 0xff)) > 1)
          differ++;
      }
  g_assert_cmpuint (differ, ==, 0);
  cairo_surface_destroy (surface);
  g_assert_cmpstr (_ht_window_get_last_toast (w), ==, "Spectrogram saved as “export.png”");
  g_object_set (page, "colormap", HTC_COLORMAP_MAGMA, "db-range", 80.0, NULL);

  /* Nowhere to write: an error that names the file, and nothing left behind. */
  r = (Result) { 0 };
  _ht_track_page_export_async (page, bad_file, 640, 300, on_exported_cb, &r);
  ht_test_ui_wait (is_done, &r, 20, "the failed export");
  g_assert_false (r.ok);
  g_assert_nonnull (r.error);
  g_test_message ("%s", r.error->message);
  g_assert_nonnull (strstr (r.error->message, "export.png"));
  g_assert_true (g_str_has_prefix (_ht_window_get_last_toast (w), "Export failed: "));
  g_assert_nonnull (strstr (_ht_window_get_last_toast (w), "export.png"));
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  g_clear_error (&r.error);
}

static void
test_window_playback (void)
{
  HtWindow *w = ht_test_ui_main_window (G_APPLICATION (app));
  static const char * const classes[] = { "East", "West", "South", "Midwest", NULL };
  g_autofree char *model_path = g_build_filename (tmpdir, "audio.safetensors", NULL);
  g_autofree char *a = ht_test_ui_write_beat (tmpdir, "player sample.wav", 12, 4, "Player Sample",
                                              "Test Artist");
  g_autofree char *b = ht_test_ui_write_beat (tmpdir, "second.wav", 6, 7, NULL, NULL);
  HtTrackPage *page = _ht_window_get_track_page (w);
  HtSpectrogramView *view = _ht_track_page_get_spectrogram_view (page);
  HtTimelineView *timeline = _ht_track_page_get_timeline_view (page);
  HtPlayer *player = ht_track_page_get_player (page);
  GObject *play_button = gtk_widget_get_template_child (GTK_WIDGET (page), HT_TYPE_TRACK_PAGE,
                                                        "play_button");
  g_autoptr(GtkShortcut) space = NULL;
  GFile *files[2];
  g_autoptr(HtTrack) first = NULL;
  guint builds;

  ht_test_save_small_audio_model (model_path, classes);
  ht_analyzer_set_audio_model_path (ht_window_get_analyzer (w), model_path);
  files[0] = g_file_new_for_path (a);
  files[1] = g_file_new_for_path (b);
  g_application_open (G_APPLICATION (app), files, 2, "");
  g_object_unref (files[0]);
  g_object_unref (files[1]);
  ht_test_ui_wait (ht_test_ui_window_is_settled, w, 120, "the analyses");
  ht_test_ui_wait (page_has_texture, w, 10, "the spectrogram");
  first = g_object_ref (ht_track_page_get_track (page));
  g_assert_cmpstr (ht_track_get_title (first), ==, "Player Sample");

  /* The real CNN answered patch by patch: the timeline is shown, in words too. */
  g_assert_true (ht_timeline_view_has_timeline (ht_track_get_cnn_prediction (first)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (timeline)));
  g_assert_nonnull (ht_timeline_view_get_summary (timeline));
  g_test_message ("timeline: %s", ht_timeline_view_get_summary (timeline));

  /* The play button is named and explains its key. */
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (play_button)), ==, "Play (Space)");
  space = find_space_shortcut (GTK_WIDGET (page));
  g_assert_nonnull (space);

  /* Space plays: the cursor runs over the picture, which is not drawn again (once the page's
   * layout has settled and the picture fits it). */
  ht_test_ui_wait (view_is_settled, view, 20, "the picture to fit the settled layout");
  builds = _ht_spectrogram_view_get_n_builds (view);
  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (space), 0,
                                               GTK_WIDGET (page), NULL));
  g_assert_cmpint (ht_player_get_state (player), ==, HT_PLAYER_STATE_PLAYING);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (play_button)), ==, "Pause (Space)");
  ht_test_ui_wait (cursor_past_one_second, view, 20, "the cursor to move");
  g_assert_cmpuint (_ht_spectrogram_view_get_n_builds (view), ==, builds);

  /* A click seeks; Space again pauses there. */
  {
    graphene_rect_t plot;

    _ht_spectrogram_view_get_plot (view, &plot);
    _ht_spectrogram_view_click_at (view, ht_spectrogram_view_time_to_x (view, 4.0),
                                   plot.origin.y + 20);
    g_assert_cmpfloat (fabs (ht_player_get_position (player) - 4.0), <, 0.1);
  }
  ht_test_ui_spin (500);
  gtk_shortcut_action_activate (gtk_shortcut_get_action (space), 0, GTK_WIDGET (page), NULL);
  g_assert_cmpint (ht_player_get_state (player), ==, HT_PLAYER_STATE_PAUSED);
  ht_test_ui_spin (300);
  g_assert_cmpfloat (ht_spectrogram_view_get_cursor (view), >, 4.2);
  g_assert_cmpfloat (ht_spectrogram_view_get_cursor (view), ==,
                     ht_player_get_position (player));
  {
    g_autofree char *shot = ht_test_ui_screenshot (GTK_WIDGET (w), "ui-track-page-playback");
  }

  check_export (w, page, first);

  /* Another track stops the sound and takes the cursor away. */
  {
    GtkSelectionModel *model = gtk_list_view_get_model (_ht_window_get_list_view (w));

    gtk_selection_model_select_item (model, 1, TRUE);
    g_assert_cmpint (ht_player_get_state (player), ==, HT_PLAYER_STATE_STOPPED);
    g_assert_cmpfloat (ht_spectrogram_view_get_cursor (view), ==, -1);

    /* Its file is gone by now: playing says so in a toast that names it. */
    g_assert_cmpint (g_unlink (b), ==, 0);
    ht_player_play (player);
    ht_test_ui_wait (has_toast, w, 10, "a toast");
    {
      gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
      while (!g_str_has_prefix (_ht_window_get_last_toast (w), "Cannot play")
             && g_get_monotonic_time () < deadline)
        ht_test_ui_spin (20);
    }
    g_assert_cmpstr (_ht_window_get_last_toast (w), ==,
                     "Cannot play “second.wav”: it does not exist");
    g_assert_cmpint (ht_player_get_state (player), ==, HT_PLAYER_STATE_STOPPED);
    gtk_selection_model_select_item (model, 0, TRUE);
  }

  /* Closing the window stops playback. */
  ht_player_play (player);
  g_assert_cmpint (ht_player_get_state (player), ==, HT_PLAYER_STATE_PLAYING);
  g_object_ref (player);
  gtk_window_close (GTK_WINDOW (w));
  g_assert_cmpint (ht_player_get_state (player), ==, HT_PLAYER_STATE_STOPPED);
  g_object_unref (player);
}

/* A button showing the icon `icon_name` (for ht_test_ui_find_widget). */
static gboolean
is_button_with_icon (GtkWidget     *widget,
                     gconstpointer  icon_name)
{
  return GTK_IS_BUTTON (widget)
         && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), icon_name) == 0;
}

static void
test_no_timeline_explained (void)
{
  g_autoptr(HtSpectrogram) s = ht_test_ui_make_spectrogram (8.0, 2);
  g_autofree char *path = ht_test_ui_write_beat (tmpdir, "plain.wav", 1, 1, NULL, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(HtTrack) track = ht_track_new (file);
  g_autoptr(HtPrediction) none = ht_prediction_new_unavailable ("No audio model trained yet",
                                                                NULL, NULL);
  HtTrackPage *page = HT_TRACK_PAGE (ht_track_page_new ());
  GtkWindow *win = ht_test_ui_window_with (GTK_WIDGET (page), 1000, 700);
  GtkWidget *timeline = GTK_WIDGET (_ht_track_page_get_timeline_view (page));
  GtkWidget *missing = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page),
                                                                  HT_TYPE_TRACK_PAGE,
                                                                  "timeline_missing_label"));

  /* Nothing to zoom into before the picture is there. */
  {
    GtkWidget *zoom_in = ht_test_ui_find_widget (GTK_WIDGET (page), is_button_with_icon,
                                                 "zoom-in-symbolic");

    g_assert_nonnull (zoom_in);
    ht_track_page_set_track (page, track);
    g_assert_false (gtk_widget_get_sensitive (zoom_in));
    _ht_track_set_spectrogram (track, s);
    g_assert_true (gtk_widget_get_sensitive (zoom_in));
  }
  /* Not analysed yet: neither. */
  g_assert_false (gtk_widget_get_visible (timeline));
  g_assert_false (gtk_widget_get_visible (missing));
  /* No answer: a sentence instead of the strip. */
  _ht_track_set_cnn_prediction (track, none);
  g_assert_false (gtk_widget_get_visible (timeline));
  g_assert_true (gtk_widget_get_visible (missing));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (missing)), ==,
                   "No CNN timeline: the sound model had no answer for this track.");
  /* An answer without patches (not the app's CNN; a test's) is not "no answer": neither. */
  {
    const double p[4] = { 0.1, 0.2, 0.6, 0.1 };
    g_autoptr(HtPrediction) bare = ht_prediction_new (p, NULL);

    _ht_track_set_cnn_prediction (track, bare);
    g_assert_false (gtk_widget_get_visible (timeline));
    g_assert_false (gtk_widget_get_visible (missing));
  }
  ht_track_page_set_track (page, NULL);
  gtk_window_destroy (win);
}



int
main (int   argc,
      char *argv[])
{
  int status;
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  gst_init (&argc, &argv);
  tmpdir = g_dir_make_tmp ("hometown-test-player-XXXXXX", NULL);
  g_test_add_func ("/ui/player/cursor", test_cursor);
  g_test_add_func ("/ui/player/timeline-geometry", test_timeline_geometry);
  g_test_add_func ("/ui/player/no-timeline-explained", test_no_timeline_explained);
  g_test_add_func ("/ui/player/window-playback", test_window_playback);

  /* The tests run inside the application, as a user's session would. */
  status = ht_test_ui_run_in_application ("io.github.hometownapp.Hometown.TestPlayer", &app);

  ht_test_remove_tree (tmpdir);
  g_free (tmpdir);
  return status;
}
