/* Tests for the map widget and hometown corrections: the base texture is cached (rebuilt for
 * size and dark mode, not for pins), a click on the projected hometown opens the correction
 * popover, and a correction reaches every track by the artist, the corrections file (read back
 * here with json-glib) and a table loaded afresh, as after a restart. Errors stay visible.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "ht-application.h"
#include "ht-data-dir.h"
#include "ht-map-view-private.h"
#include "ht-track-private.h"
#include "ht-track-page-private.h"
#include "ht-widgets.h"
#include "ht-window-private.h"
#include "ht-test-ui.h"

static HtApplication *app;
static char *tmpdir;
static HtGeo *geo;

static HtOriginTable *
table_with_corrections (const char *corrections_path)
{
  g_autofree char *table = ht_data_dir_find_shipped ("artists/origins.tsv");
  g_autofree char *aliases = ht_data_dir_find_shipped ("artists/aliases.tsv");
  g_autoptr(GError) error = NULL;
  HtOriginTable *t;

  t = ht_origin_table_new_from_files (table, aliases, corrections_path, &error);
  g_assert_no_error (error);
  return t;
}

static HtTrack *
fake_track (const char *name,
            const char *artist,
            const char *title,
            const double *cnn)
{
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  HtTrack *track = ht_track_new (file);
  HtTrackInfo *info = g_new0 (HtTrackInfo, 1);

  info->path = g_strdup (path);
  info->artist = g_strdup (artist);
  info->title = g_strdup (title);
  _ht_track_take_info (track, info);
  if (cnn != NULL)
    {
      g_autoptr(HtPrediction) p = ht_prediction_new (cnn, NULL);

      _ht_track_set_cnn_prediction (track, p);
    }
  _ht_track_set_state (track, HT_TRACK_STATE_DONE);
  return track;
}

static gboolean
count_tick_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

static gboolean
enough_frames (gpointer data)
{
  return *(guint *) data >= 3;
}

/* Screenshots are taken outside the frame cycle: let a few frames lay everything out first. */
static char *
screenshot_after_frames (GtkWidget  *widget,
                         const char *name)
{
  guint frames = 0;
  guint id = gtk_widget_add_tick_callback (widget, count_tick_cb, &frames, NULL);

  gtk_widget_queue_draw (widget);
  ht_test_ui_wait (enough_frames, &frames, 10, "three frames");
  gtk_widget_remove_tick_callback (widget, id);
  return ht_test_ui_screenshot (widget, name);
}

static gboolean
has_base (gpointer data)
{
  return _ht_map_view_get_base (data) != NULL && gtk_widget_get_mapped (data);
}

typedef struct
{
  HtMapView *view;
  guint      count;
} Count;

static gboolean
renders_above (gpointer data)
{
  Count *c = data;

  return _ht_map_view_get_n_base_renders (c->view) > c->count;
}

static gboolean
has_geo (gpointer data)
{
  return ht_map_view_get_geo (data) != NULL && gtk_widget_get_width (data) > 0;
}

/* Mean of the texture's pixels (0..1): light or dark. */
static double
texture_mean (GdkTexture *texture)
{
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  g_autofree guint8 *px = g_malloc ((gsize) w * h * 4);
  double sum = 0;

  gdk_texture_download (texture, px, (gsize) w * 4);
  for (gsize i = 0; i < (gsize) w * h * 4; i += 4)
    sum += (px[i] + px[i + 1] + px[i + 2]) / (3 * 255.0);
  return sum / ((double) w * h);
}

static void
test_base_cache (void)
{
  const double east[4] = { 0.7, 0.1, 0.1, 0.1 };
  const double south[4] = { 0.1, 0.1, 0.7, 0.1 };
  g_autofree char *corrections = g_build_filename (tmpdir, "cache-corrections.json", NULL);
  g_autoptr(HtOriginTable) origins = table_with_corrections (corrections);
  g_autoptr(HtTrack) track = fake_track ("a.mp3", "Nas", "N.Y. State of Mind", east);
  HtMapView *view = HT_MAP_VIEW (ht_map_view_new ());
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  AdwStyleManager *style = adw_style_manager_get_default ();
  double x0, y0, x1, y1, light;
  Count c = { view, 0 };
  g_autofree char *tip = NULL;

  ht_map_view_set_geo (view, geo);
  ht_map_view_set_origins (view, origins);
  ht_map_view_set_track (view, track);
  gtk_window_set_default_size (window, 900, 600);
  gtk_window_set_child (window, GTK_WIDGET (view));
  gtk_window_present (window);
  ht_test_ui_wait (has_base, view, 10, "the map's base");
  ht_test_ui_spin (100);
  g_assert_cmpstr (ht_map_view_get_description (view), ==,
                   "Hometown: Brooklyn, NY (East). Predicted: East (70 %).");

  /* Only the overlay changes: another artist (the pin moves), a tooltip, redraws. */
  c.count = _ht_map_view_get_n_base_renders (view);
  g_assert_true (ht_map_view_get_hometown_point (view, &x0, &y0));
  {
    HtTrackInfo *info = g_new0 (HtTrackInfo, 1);

    info->artist = g_strdup ("OutKast");
    info->title = g_strdup ("Rosa Parks");
    _ht_track_take_info (track, info);
  }
  ht_test_ui_spin (50);
  g_assert_true (ht_map_view_get_hometown_point (view, &x1, &y1));
  g_assert_cmpfloat (hypot (x1 - x0, y1 - y0), >, 50);   /* Brooklyn to East Point */
  tip = _ht_map_view_tooltip_at (view, x1, y1);
  g_assert_nonnull (tip);
  g_assert_true (g_str_has_prefix (tip, "OutKast — East Point, GA (South)"));
  for (int i = 0; i < 5; i++)
    {
      gtk_widget_queue_draw (GTK_WIDGET (view));
      ht_test_ui_spin (30);
    }
  g_assert_cmpuint (_ht_map_view_get_n_base_renders (view), ==, c.count);

  /* The prediction tints the states: the base is drawn again, once. */
  {
    g_autoptr(HtPrediction) p = ht_prediction_new (south, NULL);

    _ht_track_set_cnn_prediction (track, p);
  }
  ht_test_ui_wait (renders_above, &c, 5, "a new base for the new prediction");
  ht_test_ui_spin (100);
  g_assert_cmpuint (_ht_map_view_get_n_base_renders (view), ==, c.count + 1);

  /* Dark mode: a new base, darker. */
  light = texture_mean (_ht_map_view_get_base (view));
  c.count = _ht_map_view_get_n_base_renders (view);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  ht_test_ui_wait (renders_above, &c, 5, "a dark base");
  g_assert_cmpfloat (texture_mean (_ht_map_view_get_base (view)), <, light - 0.3);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  c.count = _ht_map_view_get_n_base_renders (view);
  ht_test_ui_wait (renders_above, &c, 5, "a light base again");

  /* A new size: a new base at that size. */
  c.count = _ht_map_view_get_n_base_renders (view);
  gtk_window_set_default_size (window, 600, 400);
  ht_test_ui_wait (renders_above, &c, 5, "a base for the new size");
  g_assert_cmpint (gdk_texture_get_width (_ht_map_view_get_base (view)), ==,
                   gtk_widget_get_width (GTK_WIDGET (view))
                   * gtk_widget_get_scale_factor (GTK_WIDGET (view)));
  gtk_window_destroy (window);
}

static void
test_many_tracks (void)
{
  const double east[4] = { 0.7, 0.1, 0.1, 0.1 };
  const double west[4] = { 0.1, 0.7, 0.1, 0.1 };
  g_autofree char *corrections = g_build_filename (tmpdir, "many-corrections.json", NULL);
  g_autoptr(HtOriginTable) origins = table_with_corrections (corrections);
  g_autoptr(HtTrackList) list = ht_track_list_new ();
  g_autoptr(HtTrack) a = fake_track ("m1.mp3", "Nas", "One", east);
  g_autoptr(HtTrack) b = fake_track ("m2.mp3", "Nas", "Two", west);
  g_autoptr(HtTrack) pending = fake_track ("m3.mp3", "Eminem", "Three", NULL);
  HtMapView *view = HT_MAP_VIEW (ht_map_view_new ());
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  HtTrack *first[] = { a, pending };
  HtTrack *second[] = { b };

  ht_map_view_set_geo (view, geo);
  ht_map_view_set_origins (view, origins);
  ht_track_list_append (list, first, 2);
  ht_map_view_set_tracks (view, G_LIST_MODEL (list));
  gtk_window_set_default_size (window, 900, 600);
  gtk_window_set_child (window, GTK_WIDGET (view));
  gtk_window_present (window);
  ht_test_ui_wait (has_base, view, 10, "the map's base");
  g_assert_cmpstr (ht_map_view_get_description (view), ==, "1 track on the map. Predicted: East 1.");
  g_assert_cmpuint (ht_map_renderer_get_n_tracks (_ht_map_view_get_renderer (view)), ==, 1);

  /* A track added, and one that gets its prediction later. */
  ht_track_list_append (list, second, 1);
  ht_test_ui_spin (50);
  g_assert_cmpuint (ht_map_renderer_get_n_tracks (_ht_map_view_get_renderer (view)), ==, 2);
  {
    g_autoptr(HtPrediction) p = ht_prediction_new (west, NULL);

    _ht_track_set_cnn_prediction (pending, p);
  }
  ht_test_ui_spin (50);
  g_assert_cmpuint (ht_map_renderer_get_n_tracks (_ht_map_view_get_renderer (view)), ==, 3);
  g_assert_cmpstr (ht_map_view_get_description (view), ==,
                   "3 tracks on the map. Predicted: East 1, West 2.");
  ht_track_list_remove (list, a);
  ht_test_ui_spin (50);
  g_assert_cmpuint (ht_map_renderer_get_n_tracks (_ht_map_view_get_renderer (view)), ==, 2);
  gtk_window_destroy (window);
}

static gboolean
has_origins (gpointer data)
{
  return _ht_window_get_origins (data) != NULL;
}

static gboolean
popover_done (gpointer data)
{
  return !_ht_hometown_popover_is_saving (data);
}

/* The corrections file, read with json-glib: the correction for `artist`, or NULL. */
static JsonObject *
read_correction (JsonParser *parser,
                 const char *path,
                 const char *artist)
{
  g_autoptr(GError) error = NULL;
  JsonArray *list;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                                  "format"), ==, "hometown-origin-corrections");
  list = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                       "corrections");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *o = json_array_get_object_element (list, i);

      if (g_strcmp0 (json_object_get_string_member (o, "artist"), artist) == 0)
        return o;
    }
  return NULL;
}

/* Selects `track` in the window's list, as a click on its row does: the page follows. */
static void
select_track (HtWindow *win,
              HtTrack  *track)
{
  guint position;

  g_assert_true (ht_track_list_find (ht_window_get_tracks (win), ht_track_get_file (track),
                                     &position));
  gtk_selection_model_select_item (gtk_list_view_get_model (_ht_window_get_list_view (win)),
                                   position, TRUE);
}

static void
test_correction (void)
{
  const double east[4] = { 0.2, 0.1, 0.6, 0.1 };
  HtWindow *win = ht_test_ui_main_window (G_APPLICATION (app));
  HtTrackPage *page = _ht_window_get_track_page (win);
  HtMapView *view = _ht_track_page_get_map_view (page);
  HtHometownPopover *popover = _ht_track_page_get_map_popover (page);
  g_autoptr(HtTrack) one = fake_track ("c1.mp3", "Nas", "N.Y. State of Mind", east);
  g_autoptr(HtTrack) two = fake_track ("c2.mp3", "Nas feat. Lauryn Hill", "If I Ruled the World",
                                       east);
  g_autoptr(HtTrack) other = fake_track ("c3.mp3", "Eminem", "Stan", east);
  HtTrack *tracks[] = { one, two, other };
  HtOriginTable *origins;
  const HtOrigin *nas;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(HtOriginTable) reloaded = NULL;
  g_autofree char *shot = NULL;
  JsonObject *o;
  double x, y;

  gtk_window_set_default_size (GTK_WINDOW (win), 1200, 800);
  gtk_window_present (GTK_WINDOW (win));
  ht_test_ui_wait (has_origins, win, 20, "the window's origin table");
  origins = _ht_window_get_origins (win);
  for (guint i = 0; i < G_N_ELEMENTS (tracks); i++)
    ht_track_refresh_hometown (tracks[i], origins);   /* as the analyzer would have */
  g_assert_cmpstr (ht_track_get_hometown (one), ==, "Brooklyn, NY");
  g_assert_cmpstr (ht_track_get_hometown (two), ==, "Brooklyn, NY");
  ht_track_list_append (ht_window_get_tracks (win), tracks, G_N_ELEMENTS (tracks));
  select_track (win, one);
  g_assert_true (ht_track_page_get_track (page) == one);
  g_assert_true (ht_track_page_get_origins (page) == origins);
  ht_test_ui_wait (has_geo, view, 20, "the map's geography");
  ht_test_ui_wait (has_base, view, 10, "the map drawn");
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (_ht_track_page_get_correct_button (page))));
  g_assert_cmpstr (gtk_menu_button_get_label (_ht_track_page_get_correct_button (page)), ==,
                   "Correct Hometown…");

  /* Scrolled to the map, as a user would be to click it. */
  {
    GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (view), GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
    ht_test_ui_spin (300);
  }

  /* A click in the sea opens nothing; one where Brooklyn projects opens the popover. */
  g_assert_false (_ht_map_view_click (view, 3, 3));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));
  nas = ht_origin_table_lookup (origins, "Nas");
  g_assert_true (ht_map_renderer_project (_ht_map_view_get_renderer (view),
                                          gtk_widget_get_width (GTK_WIDGET (view)),
                                          gtk_widget_get_height (GTK_WIDGET (view)),
                                          nas->lat, nas->lon, &x, &y));
  g_assert_true (_ht_map_view_click (view, x, y - 1));
  ht_test_ui_spin (100);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_cmpstr (ht_hometown_popover_get_artist (popover), ==, "Nas");
  g_free (screenshot_after_frames (GTK_WIDGET (popover), "map-correction-popover"));

  /* A bad entry: the error is shown and the popover stays. */
  _ht_hometown_popover_fill (popover, "Toronto", NULL, "");
  _ht_hometown_popover_save (popover);
  g_assert_nonnull (_ht_hometown_popover_get_error (popover));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));

  /* Atlanta, GA: every track by Nas moves to the South, the other stays. */
  _ht_hometown_popover_fill (popover, "Atlanta", "GA", NULL);
  _ht_hometown_popover_save (popover);
  ht_test_ui_wait (popover_done, popover, 10, "the correction saved");
  g_assert_null (_ht_hometown_popover_get_error (popover));
  ht_test_ui_spin (100);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_cmpstr (ht_track_get_hometown (one), ==, "Atlanta, GA");
  g_assert_cmpint (ht_track_get_hometown_region (one), ==, HT_REGION_SOUTH);
  g_assert_cmpstr (ht_track_get_hometown (two), ==, "Atlanta, GA");
  g_assert_cmpint (ht_track_get_hometown_region (two), ==, HT_REGION_SOUTH);
  g_assert_cmpstr (ht_track_get_hometown (other), ==, "Detroit, MI");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (_ht_track_page_get_correction_label (page))));
  {
    GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (view), GTK_TYPE_SCROLLED_WINDOW);

    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)), 0);
    ht_test_ui_spin (300);
    g_free (screenshot_after_frames (GTK_WIDGET (win), "map-track-page-corrected"));
  }
  g_assert_cmpstr (ht_map_view_get_description (view), ==,
                   "Hometown: Atlanta, GA (South). Predicted: South (60 %).");

  /* The file, read independently, and a table loaded afresh (a restart) agree. */
  o = read_correction (parser, ht_origin_table_get_corrections_path (origins), "Nas");
  g_assert_nonnull (o);
  g_assert_cmpstr (json_object_get_string_member (o, "city"), ==, "Atlanta");
  g_assert_cmpstr (json_object_get_string_member (o, "state"), ==, "GA");
  g_assert_cmpfloat (fabs (json_object_get_double_member (o, "lat") - 33.75), <, 0.2);
  g_assert_cmpfloat (fabs (json_object_get_double_member (o, "lon") + 84.39), <, 0.2);
  reloaded = table_with_corrections (ht_origin_table_get_corrections_path (origins));
  g_assert_cmpstr (ht_origin_table_lookup (reloaded, "Nas")->city, ==, "Atlanta");
  g_assert_cmpint (ht_origin_table_lookup (reloaded, "Nas")->region, ==, HT_REGION_SOUTH);

  /* Look at it: the second track, with a featured artist (selected in the list, so that the
   * screenshot's list, title and page agree). */
  select_track (win, two);
  g_assert_true (ht_track_page_get_track (page) == two);
  ht_test_ui_spin (300);
  shot = screenshot_after_frames (GTK_WIDGET (win), "map-track-page");

  /* Reset: the correction goes, from the file too, and every track is back in Brooklyn. An
   * artist without a correction has nothing to reset. */
  popover = _ht_track_page_get_button_popover (page);
  gtk_menu_button_popup (_ht_track_page_get_correct_button (page));
  ht_test_ui_spin (100);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_cmpstr (ht_hometown_popover_get_artist (popover), ==, "Nas");
  g_assert_true (_ht_hometown_popover_can_reset (popover));
  g_free (screenshot_after_frames (GTK_WIDGET (popover), "map-correction-popover-reset"));
  _ht_hometown_popover_reset (popover);
  ht_test_ui_wait (popover_done, popover, 10, "the reset saved");
  g_assert_null (_ht_hometown_popover_get_error (popover));
  ht_test_ui_spin (100);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_cmpstr (ht_track_get_hometown (one), ==, "Brooklyn, NY");
  g_assert_cmpint (ht_track_get_hometown_region (one), ==, HT_REGION_EAST);
  g_assert_cmpstr (ht_track_get_hometown (two), ==, "Brooklyn, NY");
  g_assert_nonnull (strstr (gtk_label_get_text (_ht_track_page_get_correction_label (page)),
                            "Brooklyn, NY"));
  g_assert_null (read_correction (parser, ht_origin_table_get_corrections_path (origins), "Nas"));
  g_assert_false (ht_origin_table_remove_correction (origins, "Nas"));
  ht_hometown_popover_set_artist (popover, "Nas", origins, NULL);
  g_assert_false (_ht_hometown_popover_can_reset (popover));
  ht_track_list_remove_all (ht_window_get_tracks (win));
}

static void
test_save_error (void)
{
  const double p[4] = { 0.25, 0.25, 0.25, 0.25 };
  g_autofree char *blocker = g_build_filename (tmpdir, "not-a-folder", NULL);
  g_autofree char *corrections = g_build_filename (blocker, "corrections.json", NULL);
  g_autoptr(HtOriginTable) origins = NULL;
  g_autoptr(HtTrack) track = fake_track ("e.mp3", "Nas", "Memory Lane", p);
  HtTrackPage *page = HT_TRACK_PAGE (ht_track_page_new ());
  GtkWindow *w = GTK_WINDOW (gtk_window_new ());
  HtHometownPopover *popover = _ht_track_page_get_button_popover (page);
  GtkMenuButton *button = _ht_track_page_get_correct_button (page);

  /* A file where the folder should be: saving cannot succeed. */
  g_assert_true (g_file_set_contents (blocker, "x", 1, NULL));
  origins = table_with_corrections (corrections);
  ht_track_page_set_origins (page, origins);
  ht_track_page_set_track (page, track);
  gtk_window_set_default_size (w, 1000, 800);
  gtk_window_set_child (w, GTK_WIDGET (page));
  gtk_window_present (w);
  ht_test_ui_wait (has_geo, _ht_track_page_get_map_view (page), 20, "the map's geography");

  /* The keyboard path: the button next to the hometown. */
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (button)));
  gtk_menu_button_popup (button);
  ht_test_ui_spin (100);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_cmpstr (ht_hometown_popover_get_artist (popover), ==, "Nas");
  _ht_hometown_popover_fill (popover, "Compton", "CA", NULL);
  _ht_hometown_popover_save (popover);
  ht_test_ui_wait (popover_done, popover, 10, "the save to fail");
  g_assert_nonnull (_ht_hometown_popover_get_error (popover));
  g_assert_true (strstr (_ht_hometown_popover_get_error (popover), "could not be saved") != NULL);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (_ht_track_page_get_correction_label (page))));
  gtk_popover_popdown (GTK_POPOVER (popover));
  gtk_window_destroy (w);
  g_unlink (blocker);
}

static void
test_unknown_hometown (void)
{
  g_autofree char *corrections = g_build_filename (tmpdir, "unknown-corrections.json", NULL);
  g_autoptr(HtOriginTable) origins = table_with_corrections (corrections);
  g_autoptr(HtTrack) track = fake_track ("u.mp3", "Nobody Anyone Knows", "Demo", NULL);
  HtTrackPage *page = HT_TRACK_PAGE (ht_track_page_new ());
  GtkWindow *w = GTK_WINDOW (gtk_window_new ());

  ht_track_page_set_origins (page, origins);
  ht_track_page_set_track (page, track);
  gtk_window_set_child (w, GTK_WIDGET (page));
  gtk_window_present (w);
  ht_test_ui_wait (has_geo, _ht_track_page_get_map_view (page), 20, "the map's geography");
  g_assert_cmpstr (gtk_menu_button_get_label (_ht_track_page_get_correct_button (page)), ==,
                   "Set Hometown…");
  g_assert_cmpstr (ht_map_view_get_description (_ht_track_page_get_map_view (page)), ==,
                   "Hometown unknown. No prediction yet.");
  gtk_window_destroy (w);
}



int
main (int   argc,
      char *argv[])
{
  int status;
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = NULL;

  g_test_init (&argc, &argv, NULL);
  /* Corrections land in this process's own data folder, not the one other tests share. */
  tmpdir = g_dir_make_tmp ("hometown-test-map-XXXXXX", NULL);
  data_home = g_build_filename (tmpdir, "xdg-data", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("LC_ALL", "C", TRUE);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  geo = ht_geo_load_default (&error);
  g_assert_no_error (error);
  g_test_add_func ("/ui/map-view/base-cache", test_base_cache);
  g_test_add_func ("/ui/map-view/many-tracks", test_many_tracks);
  g_test_add_func ("/ui/map-view/correction", test_correction);
  g_test_add_func ("/ui/map-view/save-error", test_save_error);
  g_test_add_func ("/ui/map-view/unknown-hometown", test_unknown_hometown);

  /* The tests run inside the application, as a user's session would. */
  status = ht_test_ui_run_in_application ("io.github.hometownapp.Hometown.TestMap", &app);
  g_clear_object (&geo);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);
    (void) system (cmd);
  }
  g_free (tmpdir);
  return status;
}
