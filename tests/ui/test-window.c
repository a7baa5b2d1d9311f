/* Tests for the application window: the empty state and its drop highlight, opening tracks
 * through g_application_open(), dropping a folder, removing a track, and cancelling a hundred
 * analyses mid-way. Saves screenshots under meson-logs/ for a person to look at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>

#include "ht-application.h"
#include "ht-library-page-private.h"
#include "ht-preferences-window.h"
#include "ht-prediction-card.h"
#include "ht-spectrogram-view-private.h"
#include "ht-track-private.h"
#include "ht-track-page-private.h"
#include "ht-train-window.h"
#include "ht-window-private.h"
#include "ht-test-ui.h"
#include "../ht-test-util.h"

static HtApplication *app;
static char *tmpdir;

/* My own words, not anybody's lyrics: the corpus must never end up in the repository. */
static const char test_lyrics[] =
  "Up before the sun on the avenue\n"
  "Counting every block like I always do\n"
  "Bass in the trunk and the speakers too\n"
  "This is just a test, but the beat rings true\n";

static const char *card_page (HtPredictionCard *card);

static gboolean
lyrics_card_has_bars (gpointer page)
{
  return g_strcmp0 (card_page (_ht_track_page_get_lyrics_card (page)), "bars") == 0;
}


static gboolean
is_folded (gpointer leaflet)
{
  return adw_leaflet_get_folded (leaflet);
}

static gboolean
is_unfolded (gpointer leaflet)
{
  return !adw_leaflet_get_folded (leaflet);
}


static void
wait_settled (HtWindow *w)
{
  ht_test_ui_wait (ht_test_ui_window_is_idle, w, 120, "scans and analyses to finish");
}

static gboolean
page_has_texture (gpointer data)
{
  HtTrackPage *page = _ht_window_get_track_page (data);

  return _ht_spectrogram_view_get_texture (_ht_track_page_get_spectrogram_view (page)) != NULL;
}

static const char *
card_page (HtPredictionCard *card)
{
  GObject *stack = gtk_widget_get_template_child (GTK_WIDGET (card), HT_TYPE_PREDICTION_CARD,
                                                  "stack");
  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

static const char *
card_reason (HtPredictionCard *card)
{
  GObject *label = gtk_widget_get_template_child (GTK_WIDGET (card), HT_TYPE_PREDICTION_CARD,
                                                  "reason_label");
  return gtk_label_get_text (GTK_LABEL (label));
}

static const char *
card_fix_action (HtPredictionCard *card)
{
  GObject *button = gtk_widget_get_template_child (GTK_WIDGET (card), HT_TYPE_PREDICTION_CARD,
                                                   "fix_button");
  if (!gtk_widget_get_visible (GTK_WIDGET (button)))
    return NULL;
  return gtk_actionable_get_action_name (GTK_ACTIONABLE (button));
}

static guint
n_rows (HtWindow *w)
{
  GtkSelectionModel *model = gtk_list_view_get_model (_ht_window_get_list_view (w));

  return g_list_model_get_n_items (G_LIST_MODEL (model));
}

static void
select_track (HtWindow *w,
              guint     position)
{
  GtkSelectionModel *model = gtk_list_view_get_model (_ht_window_get_list_view (w));

  gtk_selection_model_select_item (model, position, TRUE);
}

static void
test_empty_state (void)
{
  HtWindow *w = ht_test_ui_main_window (G_APPLICATION (app));
  GtkDropTarget *target = _ht_window_get_drop_target (w);
  GtkWidget *status = _ht_window_get_status_page (w);
  GtkWidget *stack = _ht_window_get_main_stack (w);
  GdkDragAction action = 0;
  g_autofree char *shot = NULL;
  g_autofree char *drag_shot = NULL;

  ht_test_ui_wait (ht_test_ui_is_drawn, status, 10, "the window");
  ht_test_ui_spin (300);
  g_assert_cmpstr (_ht_window_get_view (w), ==, "empty");
  g_assert_true (gtk_widget_is_visible (status));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==, "Drop Tracks Here");
  shot = ht_test_ui_screenshot (GTK_WIDGET (w), "ui-empty-state");

  /* Something dragged over the window lights the drop zone up, and leaving turns it off. */
  g_assert_true (gtk_widget_is_ancestor (status, stack));
  g_signal_emit_by_name (target, "enter", 400.0, 300.0, &action);
  g_assert_cmpint (action, ==, GDK_ACTION_COPY);
  g_assert_true (gtk_widget_has_css_class (stack, "drop-active"));
  ht_test_ui_spin (300);
  drag_shot = ht_test_ui_screenshot (GTK_WIDGET (w), "ui-empty-state-dragging");
  g_signal_emit_by_name (target, "leave");
  g_assert_false (gtk_widget_has_css_class (stack, "drop-active"));
}

static void
test_open_tracks (void)
{
  HtWindow *w = ht_test_ui_main_window (G_APPLICATION (app));
  g_autofree char *a = ht_test_ui_write_beat (tmpdir, "sample.wav", 90, 1, "Hometown Sample",
                                              "Test Artist");
  g_autofree char *a_lyrics = g_build_filename (tmpdir, "sample.txt", NULL);
  g_autofree char *b = ht_test_ui_write_beat (tmpdir, "untagged beat.wav", 20, 2, NULL, NULL);
  g_autofree char *notes = g_build_filename (tmpdir, "notes.txt", NULL);
  GFile *files[3];
  HtTrackList *tracks = ht_window_get_tracks (w);
  HtTrackPage *page = _ht_window_get_track_page (w);
  AdwLeaflet *leaflet = _ht_window_get_leaflet (w);
  g_autoptr(HtTrack) first = NULL;
  g_autoptr(HtTrack) second = NULL;
  g_autofree char *shot = NULL;

  g_assert_true (g_file_set_contents (a_lyrics, test_lyrics, -1, NULL));
  g_assert_true (g_file_set_contents (notes, "not a song\n", -1, NULL));
  files[0] = g_file_new_for_path (a);
  files[1] = g_file_new_for_path (b);
  files[2] = g_file_new_for_path (notes);

  /* The single path every way in takes. */
  g_application_open (G_APPLICATION (app), files, 3, "");
  wait_settled (w);
  for (guint i = 0; i < 3; i++)
    g_object_unref (files[i]);

  g_assert_cmpstr (_ht_window_get_view (w), ==, "tracks");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (tracks)), ==, 2);
  g_assert_cmpuint (n_rows (w), ==, 2);
  g_assert_cmpstr (_ht_window_get_last_toast (w), ==, "1 file is not audio and was skipped");

  first = g_list_model_get_item (G_LIST_MODEL (tracks), 0);
  second = g_list_model_get_item (G_LIST_MODEL (tracks), 1);
  g_assert_cmpint (ht_track_get_state (first), ==, HT_TRACK_STATE_DONE);
  if (ht_track_get_error (second) != NULL)
    g_test_message ("second: %s", ht_track_get_error (second)->message);
  g_assert_cmpint (ht_track_get_state (second), ==, HT_TRACK_STATE_DONE);
  g_assert_cmpstr (ht_track_get_display_title (first), ==, "Test Artist – Hometown Sample");
  g_assert_cmpstr (ht_track_get_title (second), ==, "untagged beat.wav");

  /* The first of what was opened is on show, drawn from a texture, its cards explained. */
  g_assert_true (ht_track_page_get_track (page) == first);
  ht_test_ui_wait (page_has_texture, w, 10, "the spectrogram texture");
  g_assert_cmpstr (card_page (_ht_track_page_get_cnn_card (page)), ==, "unavailable");
  g_assert_cmpstr (card_reason (_ht_track_page_get_cnn_card (page)), ==,
                   "No audio model trained yet");
  g_assert_cmpstr (card_fix_action (_ht_track_page_get_cnn_card (page)), ==, "app.train-audio");
  /* The shipped lyrics model answers for the sidecar's 32 words. */
  ht_test_ui_wait (lyrics_card_has_bars, page, 10, "the lyrics model's bars");
  g_assert_cmpint (ht_track_get_lyrics_source (first), ==, HT_LYRICS_SOURCE_TXT);
  ht_test_ui_spin (400);
  shot = ht_test_ui_screenshot (GTK_WIDGET (w), "ui-track-page");

  /* How the page will look once the models answer (filled in by hand here), in both styles. */
  {
    const double sound[4] = { 0.12, 0.09, 0.64, 0.15 };
    const double words[4] = { 0.46, 0.21, 0.22, 0.11 };
    g_autoptr(HtPrediction) cnn = ht_prediction_new (sound, "Mean of 14 patches of 0:30–1:15");
    g_autoptr(HtPrediction) lyr = ht_prediction_new (words, NULL);
    AdwStyleManager *style = adw_style_manager_get_default ();
    g_autofree char *filled = NULL;
    g_autofree char *dark = NULL;

    _ht_track_set_cnn_prediction (first, cnn);
    _ht_track_set_lyrics_prediction (first, lyr);
    ht_track_set_hometown (first, "Queens, NY", HT_REGION_EAST);
    ht_test_ui_spin (400);
    g_assert_cmpstr (card_page (_ht_track_page_get_cnn_card (page)), ==, "bars");
    filled = ht_test_ui_screenshot (GTK_WIDGET (w), "ui-track-page-predictions");
    adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
    ht_test_ui_spin (400);
    dark = ht_test_ui_screenshot (GTK_WIDGET (w), "ui-track-page-dark");
    adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  }

  select_track (w, 1);
  g_assert_true (ht_track_page_get_track (page) == second);
  g_assert_cmpstr (card_reason (_ht_track_page_get_lyrics_card (page)), ==, "No lyrics found");
  g_assert_cmpstr (card_fix_action (_ht_track_page_get_lyrics_card (page)), ==,
                   "win.paste-lyrics");

  /* Narrow: the list and the page fold into one column, the page one tap away. */
  select_track (w, 0);
  gtk_window_set_default_size (GTK_WINDOW (w), 360, 720);
  ht_test_ui_wait (is_folded, leaflet, 10, "the leaflet to fold");
  ht_test_ui_spin (300);
  {
    g_autofree char *narrow = ht_test_ui_screenshot (GTK_WIDGET (w), "ui-narrow-list");
    g_autofree char *narrow_page = NULL;

    g_signal_emit_by_name (_ht_window_get_list_view (w), "activate", 0u);
    g_assert_true (adw_leaflet_get_visible_child (leaflet)
                   == gtk_widget_get_parent (GTK_WIDGET (page)));
    ht_test_ui_wait (page_has_texture, w, 10, "the narrow page's spectrogram");
    ht_test_ui_spin (600);   /* the leaflet's slide */
    narrow_page = ht_test_ui_screenshot (GTK_WIDGET (w), "ui-narrow-track-page");
  }
  gtk_window_set_default_size (GTK_WINDOW (w), 1100, 760);
  ht_test_ui_wait (is_unfolded, leaflet, 10, "the leaflet to unfold");
}

static void
test_drop_folder (void)
{
  HtWindow *w = ht_test_ui_main_window (G_APPLICATION (app));
  g_autofree char *dir = g_build_filename (tmpdir, "dropped", NULL);
  g_autofree char *sub = g_build_filename (dir, "disc 2", NULL);
  HtTrackList *tracks = ht_window_get_tracks (w);
  guint before = g_list_model_get_n_items (G_LIST_MODEL (tracks));
  g_autoptr(GFile) folder = NULL;
  GSList *list = NULL;
  GValue value = G_VALUE_INIT;
  gboolean handled = FALSE;
  const char *names[] = { "dropped/b side.wav", "dropped/A side.wav", "dropped/disc 2/c.wav",
                          "dropped/.hidden.wav" };
  g_autoptr(HtTrack) first = NULL;

  g_assert_cmpint (g_mkdir_with_parents (sub, 0755), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_free (ht_test_ui_write_beat (tmpdir, names[i], 1.0, 10 + i, NULL, NULL));
  {
    g_autofree char *cover = g_build_filename (dir, "cover.jpg", NULL);
    g_autofree char *m3u = g_build_filename (dir, "list.m3u", NULL);
    const guint8 jpeg[] = { 0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'J', 'F', 'I', 'F', 0 };

    g_assert_true (g_file_set_contents (cover, (const char *) jpeg, sizeof jpeg, NULL));
    g_assert_true (g_file_set_contents (m3u, "#EXTM3U\nb side.wav\n", -1, NULL));
  }

  folder = g_file_new_for_path (dir);
  list = g_slist_prepend (list, folder);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (list));
  g_slist_free (list);
  g_signal_emit_by_name (_ht_window_get_drop_target (w), "drop", &value, 10.0, 10.0, &handled);
  g_assert_true (handled);
  wait_settled (w);

  /* Three tracks, in name order (folders after files at their level: names decide), the
   * picture and the playlist counted, the hidden file ignored. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (tracks)), ==, before + 3);
  first = g_list_model_get_item (G_LIST_MODEL (tracks), before);
  g_assert_cmpstr (ht_track_get_title (first), ==, "A side.wav");
  g_assert_cmpstr (_ht_window_get_last_toast (w), ==, "2 files are not audio and were skipped");
  g_assert_true (ht_track_page_get_track (_ht_window_get_track_page (w)) == first);

  /* The same folder again adds nothing. */
  select_track (w, 0);
  g_signal_emit_by_name (_ht_window_get_drop_target (w), "drop", &value, 10.0, 10.0, &handled);
  wait_settled (w);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (tracks)), ==, before + 3);
  g_assert_true (ht_track_page_get_track (_ht_window_get_track_page (w)) == first);
  g_value_unset (&value);
}


static void
test_failed_track (void)
{
  HtWindow *w = ht_test_ui_main_window (G_APPLICATION (app));
  g_autofree char *path = g_build_filename (tmpdir, "broken.wav", NULL);
  /* A WAV header that promises data and then stops: audio by name and content, but unusable. */
  const guint8 bytes[] = { 'R', 'I', 'F', 'F', 0x24, 0x10, 0, 0, 'W', 'A', 'V', 'E',
                           'f', 'm', 't', ' ', 16, 0, 0, 0, 1, 0, 1, 0, 0x22, 0x56, 0, 0,
                           0x44, 0xac, 0, 0, 2, 0, 16, 0, 'd', 'a', 't', 'a', 0, 0x10, 0, 0 };
  g_autoptr(GFile) file = g_file_new_for_path (path);
  HtTrackList *tracks = ht_window_get_tracks (w);
  HtTrackPage *page = _ht_window_get_track_page (w);
  HtTrack *track;
  GtkWidget *stack;
  g_autofree char *shot = NULL;
  guint position;

  g_assert_true (g_file_set_contents (path, (const char *) bytes, sizeof bytes, NULL));
  g_application_open (G_APPLICATION (app), &file, 1, "");
  wait_settled (w);

  track = ht_track_list_find (tracks, file, &position);
  g_assert_nonnull (track);
  g_assert_cmpint (ht_track_get_state (track), ==, HT_TRACK_STATE_FAILED);
  g_assert_nonnull (strstr (ht_track_get_error (track)->message, "broken.wav"));
  g_assert_true (ht_track_page_get_track (page) == track);
  stack = gtk_widget_get_first_child (GTK_WIDGET (page));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "failed");
  ht_test_ui_spin (300);
  shot = ht_test_ui_screenshot (GTK_WIDGET (w), "ui-failed-track");
  g_test_message ("error shown: %s", ht_track_get_error (track)->message);
}

static void
test_remove_track (void)
{
  HtWindow *w = ht_test_ui_main_window (G_APPLICATION (app));
  HtTrackList *tracks = ht_window_get_tracks (w);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (tracks));
  g_autoptr(HtTrack) victim = NULL;

  g_assert_cmpuint (n, >, 1);
  select_track (w, 1);
  victim = g_list_model_get_item (G_LIST_MODEL (tracks), 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (w), "win.remove-track", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (tracks)), ==, n - 1);
  g_assert_cmpuint (n_rows (w), ==, n - 1);
  g_assert_null (ht_track_list_find (tracks, ht_track_get_file (victim), NULL));
  g_assert_false (ht_track_page_get_track (_ht_window_get_track_page (w)) == victim);
}


static GObject *
page_child (HtTrackPage *page,
            const char  *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (page), HT_TYPE_TRACK_PAGE, name);

  g_assert_nonnull (child);
  return child;
}

static const char *
page_child_page (HtTrackPage *page,
                 const char  *stack)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (page_child (page, stack)));
}

/* As a click does (gtk_widget_activate() on a button clicks only after a visual delay). */
static void
press (HtTrackPage *page,
       const char  *name)
{
  GtkWidget *button = GTK_WIDGET (page_child (page, name));

  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

/* Runs the editor's keyboard shortcut for `trigger` ("<Control>s") as a key press would: the
 * shortcut controller's own action, on the editor box. */
static void
press_shortcut (HtTrackPage *page,
                const char  *trigger)
{
  GtkWidget *editor = GTK_WIDGET (page_child (page, "editor_box"));
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (editor);
  gboolean found = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !found; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)) && !found; j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *name = gtk_shortcut_trigger_to_string (
                                    gtk_shortcut_get_trigger (shortcut));

          if (g_str_equal (name, trigger))
            {
              g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                                           editor, NULL));
              found = TRUE;
            }
        }
    }
  g_assert_true (found);
}

static gboolean
has_user_lyrics (gpointer track)
{
  return ht_track_get_lyrics_source (track) == HT_LYRICS_SOURCE_USER;
}

static gboolean
has_keyboard_lyrics (gpointer track)
{
  return g_strcmp0 (ht_track_get_lyrics (track), "Saved with the keyboard\n") == 0;
}

static gboolean
has_no_user_lyrics (gpointer track)
{
  return ht_track_get_lyrics_source (track) != HT_LYRICS_SOURCE_USER;
}

typedef struct
{
  HtWindow   *window;
  const char *toast;
} ToastWait;

static gboolean
toast_is (gpointer data)
{
  ToastWait *t = data;

  return g_strcmp0 (_ht_window_get_last_toast (t->window), t->toast) == 0;
}

static char *
row_title (HtLibraryPage *page,
           guint          row)
{
  return _ht_library_page_dup_cell_text (page, 1, row);
}

static void
test_library (void)
{
  HtWindow *w = ht_test_ui_main_window (G_APPLICATION (app));
  HtTrackList *tracks = ht_window_get_tracks (w);
  HtLibraryPage *page = _ht_window_get_library_page (w);
  GtkColumnView *view = _ht_library_page_get_column_view (page);
  GListModel *columns = gtk_column_view_get_columns (view);
  GListModel *rows = _ht_library_page_get_rows (page);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (tracks));
  g_autoptr(HtTrack) sample = NULL;
  g_autoptr(HtTrack) a_side = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *expected_summary = NULL;
  g_auto(GStrv) accels = NULL;
  g_autofree char *shot = NULL;
  g_autofree char *first_up = NULL;
  g_autofree char *first_down = NULL;
  const double east[4] = { 0.7, 0.1, 0.1, 0.1 };
  g_autoptr(HtPrediction) east_cnn = ht_prediction_new (east, NULL);
  guint position;

  wait_settled (w);
  g_assert_cmpuint (n, >=, 3);
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.show-library");
  g_assert_nonnull (accels);
  g_assert_cmpstr (accels[0], ==, "<Control>l");

  /* The hand-made verdicts of open-tracks (South by sound, East by words: South combined, the
   * artist from the East) and one more track placed East by sound alone, artist from there. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HtTrack) t = g_list_model_get_item (G_LIST_MODEL (tracks), i);

      if (g_strcmp0 (ht_track_get_title (t), "Hometown Sample") == 0)
        sample = g_object_ref (t);
      else if (g_strcmp0 (ht_track_get_title (t), "A side.wav") == 0)
        a_side = g_object_ref (t);
    }
  g_assert_nonnull (sample);
  g_assert_nonnull (a_side);
  g_assert_true (ht_prediction_is_available (ht_track_get_cnn_prediction (sample)));
  _ht_track_set_cnn_prediction (a_side, east_cnn);
  ht_track_set_hometown (a_side, "Brooklyn, NY", HT_REGION_EAST);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (w), "win.show-library", NULL));
  g_assert_cmpstr (_ht_window_get_view (w), ==, "library");
  ht_test_ui_wait (ht_test_ui_is_drawn, view, 10, "the library table");
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, n);
  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, 7);
  g_assert_true (GTK_IS_BOX (ht_library_page_get_map_slot (page)));

  summary = _ht_library_page_dup_summary (page);
  expected_summary = g_strdup_printf ("East: 1 track, 1 from there; West: 0 tracks, 0 from there; "
                                      "South: 1 track, 0 from there; "
                                      "Midwest: 0 tracks, 0 from there; %u without a verdict",
                                      n - 2);
  g_assert_cmpstr (summary, ==, expected_summary);

  /* Sorting by title, one way and the other. */
  {
    g_autoptr(GtkColumnViewColumn) title = g_list_model_get_item (columns, 1);

    gtk_column_view_sort_by_column (view, title, GTK_SORT_ASCENDING);
    for (guint i = 0; i + 1 < n; i++)
      {
        g_autofree char *x = row_title (page, i);
        g_autofree char *y = row_title (page, i + 1);
        g_assert_cmpint (g_utf8_collate (x, y), <=, 0);
      }
    first_up = row_title (page, 0);
    gtk_column_view_sort_by_column (view, title, GTK_SORT_DESCENDING);
    first_down = row_title (page, 0);
    g_assert_cmpstr (first_up, !=, first_down);
    {
      g_autofree char *last = row_title (page, n - 1);
      g_assert_cmpstr (last, ==, first_up);
    }
  }

  /* By the combined verdict: East, then South, then the tracks without one. */
  {
    g_autoptr(GtkColumnViewColumn) combined = g_list_model_get_item (columns, 5);
    g_autoptr(HtTrack) row0 = NULL;
    g_autoptr(HtTrack) row1 = NULL;
    g_autofree char *c0 = NULL;
    g_autofree char *c1 = NULL;
    g_autofree char *sound1 = NULL;
    g_autofree char *agree1 = NULL;
    g_autofree char *c2 = NULL;

    gtk_column_view_sort_by_column (view, combined, GTK_SORT_ASCENDING);
    row0 = g_list_model_get_item (rows, 0);
    row1 = g_list_model_get_item (rows, 1);
    g_assert_true (row0 == a_side);
    g_assert_true (row1 == sample);
    c0 = _ht_library_page_dup_cell_text (page, 5, 0);
    c1 = _ht_library_page_dup_cell_text (page, 5, 1);
    c2 = _ht_library_page_dup_cell_text (page, 5, 2);
    sound1 = _ht_library_page_dup_cell_text (page, 3, 1);
    agree1 = _ht_library_page_dup_cell_text (page, 6, 1);
    g_assert_cmpstr (c0, ==, "East");
    g_assert_cmpstr (c1, ==, "South");
    g_assert_cmpstr (c2, ==, "—");
    g_assert_cmpstr (sound1, ==, "South 64 %");
    g_assert_cmpstr (agree1, ==, "No");
  }

  ht_test_ui_spin (400);
  shot = ht_test_ui_screenshot (GTK_WIDGET (w), "ui-library");

  /* Exports through the same path as the menu, each ending in a toast. */
  {
    g_autofree char *dir = g_build_filename (tmpdir, "export", NULL);
    g_autofree char *csv_real = g_build_filename (dir, "results.csv", NULL);
    g_autofree char *east_path = g_build_filename (dir, "Hometown - East.m3u", NULL);
    g_autoptr(GFile) csv = NULL;
    g_autoptr(GFile) folder = NULL;
    g_autofree char *text = NULL;
    ToastWait t = { w, "Results saved to “results.csv”" };
    guint lines = 0;

    g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
    csv = g_file_new_for_path (csv_real);
    _ht_window_export_results (w, csv);
    ht_test_ui_wait (toast_is, &t, 10, "the export toast");
    g_assert_true (g_file_get_contents (csv_real, &text, NULL, NULL));
    for (const char *c = text; (c = strstr (c, "\r\n")) != NULL; c += 2)
      lines++;
    g_assert_cmpuint (lines, ==, n + 1);
    g_assert_true (g_str_has_prefix (text, "path,artist,title,hometown,"));

    folder = g_file_new_for_path (dir);
    t.toast = "2 playlists saved in “export”";
    _ht_window_export_playlists (w, folder);
    ht_test_ui_wait (toast_is, &t, 10, "the playlists toast");
    g_clear_pointer (&text, g_free);
    g_assert_true (g_file_get_contents (east_path, &text, NULL, NULL));
    g_assert_true (g_str_has_prefix (text, "#EXTM3U\n#EXTINF:1,A side.wav\n"));
  }

  /* Activating a row opens that track's page in the track view. */
  g_signal_emit_by_name (view, "activate", 1u);
  g_assert_cmpstr (_ht_window_get_view (w), ==, "tracks");
  g_assert_true (ht_track_page_get_track (_ht_window_get_track_page (w)) == sample);
  g_assert_nonnull (ht_track_list_find (tracks, ht_track_get_file (sample), &position));

  /* And the toggle goes both ways. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (w), "win.show-library", NULL));
  g_assert_cmpstr (_ht_window_get_view (w), ==, "library");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (w), "win.show-library", NULL));
  g_assert_cmpstr (_ht_window_get_view (w), ==, "tracks");
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return w;
    }
  return NULL;
}

static void
test_dialogs (void)
{
  HtWindow *w = ht_test_ui_main_window (G_APPLICATION (app));
  GSettings *settings = ht_application_get_settings (app);
  HtTrackPage *page = _ht_window_get_track_page (w);
  GtkWindow *dialog;
  g_autofree char *shot = NULL;
  g_autofree char *colormap = NULL;
  HtcColormap page_colormap;
  g_autoptr(HtTrack) track = NULL;
  GtkWidget *view, *apply;
  g_autofree char *stripped = g_strstrip (g_strdup (test_lyrics));

  /* Preferences: what is set there reaches the settings, the page and the analyzer. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  dialog = find_toplevel (HT_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (dialog);
  ht_test_ui_wait (ht_test_ui_is_drawn, dialog, 10, "the preferences");
  ht_test_ui_spin (300);
  shot = ht_test_ui_screenshot (GTK_WIDGET (dialog), "ui-preferences");
  adw_combo_row_set_selected (ADW_COMBO_ROW (gtk_widget_get_template_child (
                                GTK_WIDGET (dialog), HT_TYPE_PREFERENCES_WINDOW, "colormap_row")),
                              HTC_COLORMAP_VIRIDIS);
  colormap = g_settings_get_string (settings, "colormap");
  g_assert_cmpstr (colormap, ==, "viridis");
  g_object_get (page, "colormap", &page_colormap, NULL);
  g_assert_cmpint (page_colormap, ==, HTC_COLORMAP_VIRIDIS);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (gtk_widget_get_template_child (
                               GTK_WIDGET (dialog), HT_TYPE_PREFERENCES_WINDOW, "threads_spin")),
                             3);
  g_assert_cmpuint (g_settings_get_uint (settings, "worker-threads"), ==, 3);
  g_assert_cmpuint (ht_analyzer_get_max_jobs (ht_window_get_analyzer (w)), ==, 3);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (gtk_widget_get_template_child (
                               GTK_WIDGET (dialog), HT_TYPE_PREFERENCES_WINDOW,
                               "window_start_spin")),
                             100);
  g_assert_cmpfloat (g_settings_get_double (settings, "window-end"), >=, 105);
  g_settings_reset (settings, "colormap");
  g_settings_reset (settings, "worker-threads");
  g_settings_reset (settings, "window-start");
  g_settings_reset (settings, "window-end");
  gtk_window_destroy (dialog);

  /* The other windows of the menu open and close. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "shortcuts", NULL);
  dialog = find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_nonnull (dialog);
  gtk_window_close (dialog);
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  dialog = find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (dialog);
  gtk_window_destroy (dialog);
  /* (tests/ui/test-train-window.c drives the training window itself) */
  g_action_group_activate_action (G_ACTION_GROUP (app), "train-audio", NULL);
  dialog = find_toplevel (HT_TYPE_TRAIN_WINDOW);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (w));
  ht_test_ui_wait (ht_test_ui_is_drawn, dialog, 10, "the training window");
  ht_test_ui_spin (200);
  g_free (shot);
  shot = ht_test_ui_screenshot (GTK_WIDGET (dialog), "ui-train-start");
  gtk_window_destroy (dialog);

  /* Paste Lyrics on a track without any: it opens the page's editor; the words are kept and
   * the lyrics model runs again. */
  select_track (w, 1);
  track = g_object_ref (ht_track_page_get_track (page));
  g_assert_null (ht_track_get_lyrics (track));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (w), "win.paste-lyrics", NULL));
  g_assert_cmpstr (page_child_page (page, "lyrics_stack"), ==, "editor");
  view = GTK_WIDGET (page_child (page, "lyrics_view"));
  apply = GTK_WIDGET (page_child (page, "save_button"));
  g_assert_true (gtk_widget_has_focus (view));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), stripped, -1);
  g_assert_true (gtk_widget_is_sensitive (apply));
  g_signal_emit_by_name (apply, "clicked");
  ht_test_ui_wait (has_user_lyrics, track, 10, "the pasted lyrics to be saved");
  g_assert_cmpstr (ht_track_get_lyrics (track), ==, stripped);
  wait_settled (w);
  g_assert_cmpint (ht_track_get_state (track), ==, HT_TRACK_STATE_DONE);
  g_assert_cmpstr (ht_track_get_lyrics (track), !=, NULL);
  ht_test_ui_wait (lyrics_card_has_bars, page, 10, "the lyrics model's bars");
  {
    g_autofree char *uri = g_file_get_uri (ht_track_get_file (track));

    g_assert_true (ht_lyrics_store_remove (ht_analyzer_get_lyrics_store (
                                             ht_window_get_analyzer (w)), uri, NULL, NULL));
  }

  /* The window settings changed above: every track is analysed again once they rest. */
  ht_test_ui_spin (1000);
  wait_settled (w);
}

static guint
count_children (GObject *box)
{
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (box)); c;
       c = gtk_widget_get_next_sibling (c))
    n++;
  return n;
}

/* The lyrics pane: edit through the page's widgets, save (a file in the store, the lyrics card
 * runs again, the spectrogram is kept), revert; the combined verdict with a disagreement, one
 * model alone, and the lyrics model's words. */
static void
test_lyrics_pane (void)
{
  HtWindow *w = ht_test_ui_main_window (G_APPLICATION (app));
  HtTrackPage *page = _ht_window_get_track_page (w);
  HtTrackList *tracks = ht_window_get_tracks (w);
  HtLyricsStore *store = ht_analyzer_get_lyrics_store (ht_window_get_analyzer (w));
  g_autofree char *path = ht_test_ui_write_beat (tmpdir, "lyrics pane.wav", 2.0, 31, "Pane Test",
                                                 "Test Artist");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *entry = ht_lyrics_store_get_path (store, uri);
  g_autofree char *stored = NULL;
  g_autofree char *expected = g_strconcat (uri, "\n", test_lyrics, NULL);
  g_autofree char *reason_before = NULL;
  HtPredictionCard *combined = _ht_track_page_get_combined_card (page);
  GtkTextBuffer *buffer;
  HtSpectrogram *spectrogram;
  HtTrack *track;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (tracks));

  g_application_open (G_APPLICATION (app), &file, 1, "");
  wait_settled (w);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (tracks)), ==, n + 1);
  select_track (w, n);
  track = ht_track_page_get_track (page);
  g_assert_true (g_file_equal (ht_track_get_file (track), file));
  ht_test_ui_wait (page_has_texture, w, 10, "the spectrogram texture");
  spectrogram = ht_track_get_spectrogram (track);
  reason_before = g_strdup (card_reason (_ht_track_page_get_lyrics_card (page)));
  g_assert_cmpstr (reason_before, ==, "No lyrics found");
  g_assert_false (g_file_test (entry, G_FILE_TEST_EXISTS));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (page_child (page, "revert_button"))));
  /* Neither model could answer (no audio model, no lyrics): no verdict to show. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (combined)));

  /* Edit: the button opens the editor, focused, empty for a track without lyrics. */
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (page_child (page, "edit_button"))), ==,
                   "_Paste…");
  press (page, "edit_button");
  g_assert_cmpstr (page_child_page (page, "lyrics_stack"), ==, "editor");
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (page_child (page, "lyrics_view"))));
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (page_child (page, "lyrics_view")));
  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), ==, 0);

  /* Cancel keeps nothing. */
  gtk_text_buffer_set_text (buffer, "thrown away", -1);
  press (page, "cancel_button");
  g_assert_cmpstr (page_child_page (page, "lyrics_stack"), ==, "view");
  ht_test_ui_spin (200);
  g_assert_false (g_file_test (entry, G_FILE_TEST_EXISTS));
  g_assert_null (ht_track_get_lyrics (track));

  /* Save: the store file holds the URI and the words; the lyrics card answers again; the
   * spectrogram is the same object (only the lyrics model ran). */
  press (page, "edit_button");
  gtk_text_buffer_set_text (buffer, test_lyrics, -1);
  press (page, "save_button");
  ht_test_ui_wait (has_user_lyrics, track, 10, "the lyrics to be saved");
  wait_settled (w);
  g_assert_cmpstr (page_child_page (page, "lyrics_stack"), ==, "view");
  g_assert_true (g_file_get_contents (entry, &stored, NULL, NULL));
  g_assert_cmpstr (stored, ==, expected);
  g_assert_cmpstr (ht_track_get_lyrics (track), ==, test_lyrics);
  g_assert_cmpint (ht_track_get_state (track), ==, HT_TRACK_STATE_DONE);
  g_assert_cmpstr (card_reason (_ht_track_page_get_lyrics_card (page)), !=, reason_before);
  g_assert_true (ht_track_get_spectrogram (track) == spectrogram);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (page_child (page, "lyrics_source_label"))), ==,
                   "Source: pasted or edited by you");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page_child (page, "revert_button"))));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (page_child (page, "edit_button"))), ==,
                   "_Edit…");

  /* The verdict for two hand-made answers that disagree, with the lyrics model's words. */
  {
    const double sound[4] = { 0.14, 0.10, 0.62, 0.14 };
    const double words[4] = { 0.55, 0.15, 0.20, 0.10 };
    g_autoptr(HtPrediction) cnn = ht_prediction_new (sound, "Mean of 14 patches of 0:30–1:15");
    g_autoptr(HtPrediction) lyr = ht_prediction_new (words, NULL);
    g_autoptr(HtPrediction) expected_combined = ht_prediction_combine (cnn, lyr);
    g_autoptr(HtPrediction) gone = ht_prediction_new_unavailable ("No audio model trained yet",
                                                                  NULL, NULL);
    g_autofree char *shot = NULL;
    GObject *note = gtk_widget_get_template_child (GTK_WIDGET (combined), HT_TYPE_PREDICTION_CARD,
                                                   "note_label");
    GObject *east = gtk_widget_get_template_child (GTK_WIDGET (combined), HT_TYPE_PREDICTION_CARD,
                                                   "east_percent");
    GObject *south = gtk_widget_get_template_child (GTK_WIDGET (combined),
                                                    HT_TYPE_PREDICTION_CARD, "south_percent");
    g_autofree char *east_text = NULL;
    g_autofree char *south_text = NULL;

    ht_prediction_add_term (lyr, "avenue", 0.42);
    ht_prediction_add_term (lyr, "block", 0.31);
    ht_prediction_add_term (lyr, "sun", -0.17);
    _ht_track_set_cnn_prediction (track, cnn);
    _ht_track_set_lyrics_prediction (track, lyr);
    g_assert_cmpstr (card_page (combined), ==, "bars");
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (combined)));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (note)), ==,
                     "Sound says South (62%), lyrics say East (55%)");
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (note)));
    g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (note), "warning"));
    /* The numbers are text too: 0.14*0.55 / sum and 0.62*0.20 / sum, worked out by hand:
     * products .077 .015 .124 .014, sum .230 -> 33% and 54%. */
    east_text = g_strdup (gtk_label_get_text (GTK_LABEL (east)));
    south_text = g_strdup (gtk_label_get_text (GTK_LABEL (south)));
    g_assert_cmpstr (east_text, ==, "33%");
    g_assert_cmpstr (south_text, ==, "54%");
    g_assert_cmpfloat_with_epsilon (ht_prediction_get_probability (expected_combined, 2),
                                    0.124 / 0.230, 1e-3);
    /* The words, two toward East and one away, each with its weight for tooltip. */
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page_child (page, "explanation_box"))));
    g_assert_cmpuint (count_children (page_child (page, "toward_box")), ==, 2);
    g_assert_cmpuint (count_children (page_child (page, "away_box")), ==, 1);
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (page_child (page, "toward_title"))), ==,
                     "Words pointing to East");
    {
      GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (page_child (page, "away_box")));
      GtkWidget *pill = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));

      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (pill)), ==, "sun");
      g_assert_cmpstr (gtk_widget_get_tooltip_text (pill), ==, "-0.17 away from East");
    }

    /* Screenshots: the verdict with its note and the words; then the editor, scrolled to. */
    ht_test_ui_spin (400);
    shot = ht_test_ui_screenshot (GTK_WIDGET (w), "ui-lyrics-verdict");
    press (page, "edit_button");
    ht_test_ui_spin (300);
    {
      GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (page_child (page, "lyrics_stack")),
                                                     GTK_TYPE_SCROLLED_WINDOW);
      GtkAdjustment *v = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
      g_autofree char *editor_shot = NULL;

      gtk_adjustment_set_value (v, gtk_adjustment_get_upper (v));
      ht_test_ui_spin (400);
      editor_shot = ht_test_ui_screenshot (GTK_WIDGET (w), "ui-lyrics-editor");
    }
    /* Escape closes the editor unsaved; Ctrl+S saves. */
    gtk_text_buffer_set_text (buffer, "never saved", -1);
    press_shortcut (page, "Escape");
    g_assert_cmpstr (page_child_page (page, "lyrics_stack"), ==, "view");
    press (page, "edit_button");
    gtk_text_buffer_set_text (buffer, "Saved with the keyboard\n", -1);
    press_shortcut (page, "<Control>s");
    ht_test_ui_wait (has_keyboard_lyrics, track, 10, "the keyboard save");
    wait_settled (w);
    g_assert_cmpstr (page_child_page (page, "lyrics_stack"), ==, "view");
    g_assert_true (ht_track_get_spectrogram (track) == spectrogram);

    /* One model alone (the hand-made lyrics answer back in place): the verdict says it rests
     * on that one; no words without a lyrics answer. */
    _ht_track_set_lyrics_prediction (track, lyr);
    _ht_track_set_cnn_prediction (track, gone);
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (note)), ==,
                     "Only the lyrics model answered: the verdict rests on it alone.");
    g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (note), "warning"));
    _ht_track_set_cnn_prediction (track, cnn);
    _ht_track_set_lyrics_prediction (track, gone);
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (note)), ==,
                     "Only the sound model answered: the verdict rests on it alone.");
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (page_child (page, "explanation_box"))));
  }

  /* Revert: the entry goes, the track's own (no) lyrics are back after the lyrics re-run. */
  press (page, "revert_button");
  ht_test_ui_wait (has_no_user_lyrics, track, 10, "the revert");
  wait_settled (w);
  g_assert_false (g_file_test (entry, G_FILE_TEST_EXISTS));
  g_assert_null (ht_track_get_lyrics (track));
  g_assert_cmpstr (card_reason (_ht_track_page_get_lyrics_card (page)), ==, "No lyrics found");
}

static AdwMessageDialog *
find_dialog_for (GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* (transfer none) */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) t = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (t) && gtk_window_get_transient_for (GTK_WINDOW (t)) == parent
          && gtk_widget_get_visible (GTK_WIDGET (t)))
        return ADW_MESSAGE_DIALOG (t);
    }
  return NULL;
}

static gboolean
window_is_open (gpointer window)
{
  return g_list_find (gtk_application_get_windows (GTK_APPLICATION (app)), window) != NULL;
}

static gboolean
window_is_gone (gpointer window)
{
  return !window_is_open (window);
}

/* Typed lyrics are the user's work: they stay with their track while another is shown, come
 * back in the editor, go only by Cancel, Save, removing the track, or a confirmed close. */
static void
test_unsaved_lyrics (void)
{
  HtWindow *w = ht_test_ui_main_window (G_APPLICATION (app));
  HtTrackPage *page = _ht_window_get_track_page (w);
  HtTrackList *tracks = ht_window_get_tracks (w);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (page_child (page,
                                                                               "lyrics_view")));
  g_autofree char *path_a = ht_test_ui_write_beat (tmpdir, "draft a.wav", 1.0, 41, "Draft A",
                                                   "Test Artist");
  g_autofree char *path_b = ht_test_ui_write_beat (tmpdir, "draft b.wav", 1.0, 42, "Draft B",
                                                   "Test Artist");
  g_autoptr(GFile) a = g_file_new_for_path (path_a);
  g_autoptr(GFile) b = g_file_new_for_path (path_b);
  GFile *both[] = { a, b };
  guint n = g_list_model_get_n_items (G_LIST_MODEL (tracks));
  g_autoptr(HtTrack) track_a = NULL;
  GtkTextIter start, end;
  g_autofree char *kept = NULL;
  AdwMessageDialog *dialog;

  g_application_open (G_APPLICATION (app), both, 2, "");
  wait_settled (w);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (tracks)), ==, n + 2);
  track_a = g_list_model_get_item (G_LIST_MODEL (tracks), n);
  g_assert_true (g_file_equal (ht_track_get_file (track_a), a));

  /* Opening the editor and typing nothing leaves nothing to keep. */
  select_track (w, n);
  press (page, "edit_button");
  select_track (w, n + 1);
  g_assert_cmpstr (page_child_page (page, "lyrics_stack"), ==, "view");
  g_assert_cmpuint (ht_track_page_get_n_unsaved_lyrics (page), ==, 0);

  /* Typed for A, then B shown: B's pane is not A's editor; back on A, the words are there. */
  select_track (w, n);
  press (page, "edit_button");
  gtk_text_buffer_set_text (buffer, "words typed for A", -1);
  select_track (w, n + 1);
  g_assert_true (ht_track_page_get_track (page) != track_a);
  g_assert_cmpstr (page_child_page (page, "lyrics_stack"), ==, "view");
  g_assert_cmpuint (ht_track_page_get_n_unsaved_lyrics (page), ==, 1);
  select_track (w, n);
  g_assert_cmpstr (page_child_page (page, "lyrics_stack"), ==, "editor");
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  kept = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (kept, ==, "words typed for A");

  /* Closing asks first; Keep Editing keeps the window and the words. */
  gtk_window_close (GTK_WINDOW (w));
  dialog = find_dialog_for (GTK_WINDOW (w));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Discard Unsaved Lyrics?");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "Lyrics you typed for 1 track have not been saved.");
  ht_test_ui_spin (200);
  g_free (ht_test_ui_screenshot (GTK_WIDGET (dialog), "ui-unsaved-lyrics"));
  adw_message_dialog_response (dialog, "cancel");
  ht_test_ui_spin (100);
  g_assert_true (window_is_open (w));
  g_assert_cmpuint (ht_track_page_get_n_unsaved_lyrics (page), ==, 1);

  /* Cancel in the editor lets them go. */
  press (page, "cancel_button");
  g_assert_cmpuint (ht_track_page_get_n_unsaved_lyrics (page), ==, 0);

  /* Removing the track the words were typed for takes them with it. */
  press (page, "edit_button");
  gtk_text_buffer_set_text (buffer, "typed, then the track removed", -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (w), "win.remove-track", NULL));
  g_assert_cmpuint (ht_track_page_get_n_unsaved_lyrics (page), ==, 0);

  /* Discard closes the window. */
  select_track (w, n);
  g_assert_true (ht_track_page_get_track (page) != track_a);
  press (page, "edit_button");
  gtk_text_buffer_set_text (buffer, "typed for B and left", -1);
  g_object_add_weak_pointer (G_OBJECT (w), (gpointer *) &w);
  gtk_window_close (GTK_WINDOW (w));
  dialog = find_dialog_for (GTK_WINDOW (w));
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "discard");
  ht_test_ui_wait (window_is_gone, w, 10, "the window to close");
  ht_test_ui_spin (100);
}

static guint
count_state (HtTrackList  *tracks,
             HtTrackState  state)
{
  guint count = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (tracks)); i++)
    {
      g_autoptr(HtTrack) t = g_list_model_get_item (G_LIST_MODEL (tracks), i);
      count += ht_track_get_state (t) == state;
    }
  return count;
}

typedef struct
{
  HtTrackList *tracks;
  guint        n;
  guint        listed;
} Count;

static gboolean
all_listed (gpointer data)
{
  Count *c = data;

  return g_list_model_get_n_items (G_LIST_MODEL (c->tracks)) == c->listed;
}

static gboolean
some_done (gpointer data)
{
  Count *c = data;

  return count_state (c->tracks, HT_TRACK_STATE_DONE) >= c->n;
}

static gboolean
analyzer_idle (gpointer data)
{
  return ht_analyzer_get_n_pending (data) == 0;
}

static void
test_cancel_hundred (void)
{
  HtWindow *w = ht_test_ui_main_window (G_APPLICATION (app));
  g_autoptr(HtTrackList) tracks = g_object_ref (ht_window_get_tracks (w));
  g_autoptr(HtAnalyzer) analyzer = g_object_ref (ht_window_get_analyzer (w));
  g_autofree char *dir = g_build_filename (tmpdir, "hundred", NULL);
  g_autofree char *source = NULL;
  g_autoptr(GFile) source_file = NULL;
  GFile *files[100];
  Count c;
  guint before = g_list_model_get_n_items (G_LIST_MODEL (tracks)), done, idle;
  guint failed = count_state (tracks, HT_TRACK_STATE_FAILED);   /* broken.wav, from before */

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  source = ht_test_ui_write_beat (tmpdir, "hundred/000.wav", 30, 7, NULL, NULL);
  source_file = g_file_new_for_path (source);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *name = g_strdup_printf ("%03u.wav", i);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      files[i] = g_file_new_for_path (path);
      if (i > 0)
        g_assert_true (g_file_copy (source_file, files[i], G_FILE_COPY_OVERWRITE, NULL, NULL,
                                    NULL, NULL));
    }

  g_application_open (G_APPLICATION (app), files, G_N_ELEMENTS (files), "");
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    g_object_unref (files[i]);

  /* Mid-way: all listed (they join a batch per main-loop turn), a few done, the rest running
   * or waiting. Closing the window cancels them. */
  c.tracks = tracks;
  c.n = count_state (tracks, HT_TRACK_STATE_DONE) + 3;
  c.listed = before + 100;
  ht_test_ui_wait (all_listed, &c, 60, "the hundred tracks in the list");
  ht_test_ui_wait (some_done, &c, 120, "the first analyses");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (tracks)), ==, before + 100);
  gtk_window_close (GTK_WINDOW (w));
  ht_test_ui_wait (analyzer_idle, analyzer, 60, "the cancelled analyses to end");

  done = count_state (tracks, HT_TRACK_STATE_DONE);
  idle = count_state (tracks, HT_TRACK_STATE_IDLE);
  g_test_message ("%u of %u analysed before the window closed", done, before + 100);
  g_assert_cmpuint (count_state (tracks, HT_TRACK_STATE_FAILED), ==, failed);
  g_assert_cmpuint (done + idle + failed, ==, before + 100);
  /* Cancelled mid-way: some never started (how many finished first depends on the machine). */
  g_assert_cmpuint (idle, >, 0);
  g_assert_cmpuint (done, <, before + 100);
  ht_test_ui_spin (200);
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
  gst_init (&argc, &argv);   /* as main.c does */
  tmpdir = g_dir_make_tmp ("hometown-test-window-XXXXXX", NULL);
  g_test_add_func ("/ui/window/empty-state", test_empty_state);
  g_test_add_func ("/ui/window/open-tracks", test_open_tracks);
  g_test_add_func ("/ui/window/drop-folder", test_drop_folder);
  g_test_add_func ("/ui/window/failed-track", test_failed_track);
  g_test_add_func ("/ui/window/remove-track", test_remove_track);
  g_test_add_func ("/ui/window/library", test_library);
  g_test_add_func ("/ui/window/dialogs", test_dialogs);
  g_test_add_func ("/ui/window/lyrics-pane", test_lyrics_pane);
  g_test_add_func ("/ui/window/unsaved-lyrics", test_unsaved_lyrics);
  g_test_add_func ("/ui/window/cancel-hundred", test_cancel_hundred);

  /* The tests run inside the application, as a user's session would. */
  status = ht_test_ui_run_in_application ("io.github.hometownapp.Hometown.Test", &app);

  ht_test_remove_tree (tmpdir);
  g_free (tmpdir);
  return status;
}
