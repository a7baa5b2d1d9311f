/* Tests with real input: the X server is made to move the pointer, press buttons and keys
 * (XTest), and the events reach the app the way a person's do, through GDK's event loop, the
 * widgets' event controllers, shortcut controllers and focus. The other UI tests call the
 * handlers or activate actions directly; these check that the handlers are wired to the
 * input that should reach them: a drag of files from another window (XDND), the spectrogram's
 * read-out, wheel zoom and click, Space, the app's keys, the track list by keyboard, the map's
 * pin, lyrics typed into the editor. X11 only (Xvfb in CI); skipped elsewhere.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk/x11/gdkx.h>
#include <gst/gst.h>
#include <math.h>
#include <X11/extensions/XTest.h>
#include <X11/keysym.h>

#include "ht-analyzer.h"
#include "ht-application.h"
#include "ht-hometown-popover.h"
#include "ht-map-view.h"
#include "ht-player.h"
#include "ht-prediction-card.h"
#include "ht-track-private.h"
#include "ht-spectrogram-view-private.h"
#include "ht-track-page-private.h"
#include "ht-track-row.h"
#include "ht-window-private.h"
#include "ht-test-ui.h"
#include "../ht-test-util.h"

static HtApplication *app;
static char *tmpdir;
static Display *xdpy;

/* ---- input through the X server ---- */

/* Where (x, y) of `widget` is on the screen. */
static void
screen_point (GtkWidget *widget,
              double     x,
              double     y,
              int       *root_x,
              int       *root_y)
{
  GtkNative *native = gtk_widget_get_native (widget);
  int scale = gtk_widget_get_scale_factor (widget);
  graphene_point_t p;
  double sx, sy;
  Window child;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native),
                                           &GRAPHENE_POINT_INIT (x, y), &p));
  /* The surface is larger than the window by its client-side shadow. */
  gtk_native_get_surface_transform (native, &sx, &sy);
  XTranslateCoordinates (xdpy, gdk_x11_surface_get_xid (gtk_native_get_surface (native)),
                         DefaultRootWindow (xdpy), (int) lround ((p.x + sx) * scale),
                         (int) lround ((p.y + sy) * scale), root_x, root_y, &child);
}

static void
pointer_to (GtkWidget *widget,
            double     x,
            double     y)
{
  int rx, ry;

  screen_point (widget, x, y, &rx, &ry);
  XTestFakeMotionEvent (xdpy, -1, rx, ry, CurrentTime);
  XFlush (xdpy);
  ht_test_ui_spin (50);
}

static void
click (guint button)
{
  XTestFakeButtonEvent (xdpy, button, True, CurrentTime);
  XTestFakeButtonEvent (xdpy, button, False, CurrentTime);
  XFlush (xdpy);
  ht_test_ui_spin (50);
}

/* Presses `keysym`, with `modifier` (a modifier's keysym, or 0) held. */
static void
press (KeySym keysym,
       KeySym modifier)
{
  KeyCode key = XKeysymToKeycode (xdpy, keysym);
  KeyCode mod = modifier != 0 ? XKeysymToKeycode (xdpy, modifier) : 0;

  g_assert_cmpint (key, !=, 0);
  if (mod != 0)
    XTestFakeKeyEvent (xdpy, mod, True, CurrentTime);
  XTestFakeKeyEvent (xdpy, key, True, CurrentTime);
  XTestFakeKeyEvent (xdpy, key, False, CurrentTime);
  if (mod != 0)
    XTestFakeKeyEvent (xdpy, mod, False, CurrentTime);
  XFlush (xdpy);
  ht_test_ui_spin (50);
}

/* ---- conditions ---- */


static gboolean
view_is_settled (gpointer data)
{
  return _ht_spectrogram_view_get_texture (data) != NULL
         && _ht_spectrogram_view_is_settled (data);
}


static gboolean
is_active (gpointer data)
{
  return gtk_window_is_active (data);
}

static gboolean
has_readout (gpointer data)
{
  return ht_spectrogram_view_get_readout (data) != NULL;
}

static gboolean
has_no_readout (gpointer data)
{
  return ht_spectrogram_view_get_readout (data) == NULL;
}

static gboolean
is_zoomed (gpointer data)
{
  return ht_spectrogram_view_get_zoom (data) > 1.0;
}

typedef struct
{
  HtPlayer      *player;
  HtPlayerState  state;
} PlayerWait;

static gboolean
player_in_state (gpointer data)
{
  PlayerWait *p = data;

  return ht_player_get_state (p->player) == p->state;
}

typedef struct
{
  HtWindow   *window;
  const char *view;
} ViewWait;

static gboolean
window_shows (gpointer data)
{
  ViewWait *v = data;

  return g_strcmp0 (_ht_window_get_view (v->window), v->view) == 0;
}

typedef struct
{
  GListModel *model;
  guint       n;
} CountWait;

static gboolean
has_n_items (gpointer data)
{
  CountWait *c = data;

  return g_list_model_get_n_items (c->model) == c->n;
}

static guint
n_visible_windows (void)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();
  guint n = 0;

  for (GList *l = windows; l != NULL; l = l->next)
    n += gtk_widget_get_visible (l->data);
  return n;
}

/* ---- the test ---- */

static void
test_pointer_and_keys (void)
{
  HtWindow *w = ht_test_ui_main_window (G_APPLICATION (app));
  g_autofree char *a = ht_test_ui_write_beat (tmpdir, "input a.wav", 12, 3, "Input Sample",
                                              "Test Artist");
  g_autofree char *b = ht_test_ui_write_beat (tmpdir, "input b.wav", 5, 8, NULL, NULL);
  HtTrackPage *page = _ht_window_get_track_page (w);
  HtSpectrogramView *view = _ht_track_page_get_spectrogram_view (page);
  HtPlayer *player = ht_track_page_get_player (page);
  GListModel *tracks = G_LIST_MODEL (ht_window_get_tracks (w));
  GFile *files[2] = { g_file_new_for_path (a), g_file_new_for_path (b) };
  PlayerWait playing = { player, HT_PLAYER_STATE_PLAYING };
  PlayerWait paused = { player, HT_PLAYER_STATE_PAUSED };
  ViewWait library = { w, "library" }, track_list = { w, "tracks" };
  graphene_rect_t plot;
  double x0;

  g_application_open (G_APPLICATION (app), files, 2, "");
  g_object_unref (files[0]);
  g_object_unref (files[1]);
  ht_test_ui_wait (ht_test_ui_window_is_settled, w, 120, "the analyses");
  ht_test_ui_wait (view_is_settled, view, 20, "the spectrogram");
  g_assert_cmpstr (ht_track_get_title (ht_track_page_get_track (page)), ==, "Input Sample");

  /* Keyboard focus on the window, as a window manager gives it to the window clicked. */
  XSetInputFocus (xdpy, gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (w))),
                  RevertToParent, CurrentTime);
  XFlush (xdpy);
  ht_test_ui_wait (is_active, w, 10, "the window to have the keyboard");

  /* The track just opened has the keyboard: Space plays it (and opens no file chooser). */
  press (XK_space, 0);
  ht_test_ui_wait (player_in_state, &playing, 10, "Space to play the opened track");
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (w)), GTK_WIDGET (page)));
  g_assert_cmpuint (n_visible_windows (), ==, 1);
  ht_player_stop (player);

  /* Pointing at the picture reads time, frequency and level out; leaving clears it. */
  _ht_spectrogram_view_get_plot (view, &plot);
  pointer_to (GTK_WIDGET (view), ht_spectrogram_view_time_to_x (view, 4.05),
              plot.origin.y + plot.size.height / 2);
  ht_test_ui_wait (has_readout, view, 10, "a read-out under the pointer");
  g_test_message ("read-out: %s", ht_spectrogram_view_get_readout (view));
  g_assert_true (g_str_has_prefix (ht_spectrogram_view_get_readout (view), "0:04.0 · "));
  g_assert_true (g_str_has_suffix (ht_spectrogram_view_get_readout (view), " dB"));
  pointer_to (GTK_WIDGET (view), plot.origin.x + 2, plot.origin.y - 40);   /* above the plot */
  ht_test_ui_wait (has_no_readout, view, 10, "the read-out to clear");

  /* Ctrl + scroll wheel zooms in time around the pointer: 3.05 s stays under it. */
  x0 = ht_spectrogram_view_time_to_x (view, 3.05);
  pointer_to (GTK_WIDGET (view), x0, plot.origin.y + plot.size.height / 2);
  {
    KeyCode ctrl = XKeysymToKeycode (xdpy, XK_Control_L);

    XTestFakeKeyEvent (xdpy, ctrl, True, CurrentTime);
    click (4);   /* wheel up */
    XTestFakeKeyEvent (xdpy, ctrl, False, CurrentTime);
    XFlush (xdpy);
  }
  ht_test_ui_wait (is_zoomed, view, 10, "the picture to zoom");
  g_assert_cmpfloat_with_epsilon (ht_spectrogram_view_get_zoom (view), 1.25, 1e-9);
  g_assert_cmpfloat (fabs (ht_spectrogram_view_time_to_x (view, 3.05) - x0), <, 1.0);
  /* Without Ctrl the wheel is the page's: no zoom. */
  click (5);
  g_assert_cmpfloat_with_epsilon (ht_spectrogram_view_get_zoom (view), 1.25, 1e-9);
  gtk_widget_activate_action (GTK_WIDGET (view), "spectrogram.zoom-reset", NULL);

  /* A click plays from there and takes the keyboard wherever it was (here the track list,
   * where Space would act on the row); Space (the page's key) pauses and plays on. */
  gtk_widget_grab_focus (GTK_WIDGET (_ht_window_get_list_view (w)));
  g_assert_false (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (w)), GTK_WIDGET (page)));
  _ht_spectrogram_view_get_plot (view, &plot);
  pointer_to (GTK_WIDGET (view), ht_spectrogram_view_time_to_x (view, 6.0),
              plot.origin.y + plot.size.height / 2);
  click (1);
  ht_test_ui_wait (player_in_state, &playing, 10, "playback from the click");
  g_assert_cmpfloat (fabs (ht_player_get_position (player) - 6.0), <, 0.5);
  press (XK_space, 0);
  ht_test_ui_wait (player_in_state, &paused, 10, "Space to pause");
  press (XK_space, 0);
  ht_test_ui_wait (player_in_state, &playing, 10, "Space to play on");
  ht_player_stop (player);

  /* Ctrl+L shows the library and goes back. */
  press (XK_l, XK_Control_L);
  ht_test_ui_wait (window_shows, &library, 10, "the library (Ctrl+L)");
  press (XK_l, XK_Control_L);
  ht_test_ui_wait (window_shows, &track_list, 10, "the tracks again (Ctrl+L)");

  /* Delete removes the selected track, and only that one. */
  {
    CountWait one_left = { tracks, 1 };
    HtTrack *left;

    g_assert_cmpuint (g_list_model_get_n_items (tracks), ==, 2);
    press (XK_Delete, 0);
    ht_test_ui_wait (has_n_items, &one_left, 10, "Delete to remove the track");
    left = g_list_model_get_item (tracks, 0);
    g_assert_cmpstr (ht_track_get_title (left), !=, "Input Sample");
    g_object_unref (left);
  }
}

typedef struct
{
  HtTrackPage *page;
  const char  *title;
} PageWait;

static gboolean
page_shows (gpointer data)
{
  PageWait *p = data;
  HtTrack *track = ht_track_page_get_track (p->page);

  return track != NULL && g_strcmp0 (ht_track_get_title (track), p->title) == 0;
}

static gboolean
is_visible (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static gboolean
is_hidden (gpointer data)
{
  return !gtk_widget_get_visible (data);
}

static gboolean
has_hometown_point (gpointer data)
{
  double x, y;

  return gtk_widget_get_mapped (data) && ht_map_view_get_hometown_point (data, &x, &y);
}

/* A list row (an HtTrackRow) showing the track titled `title` (for ht_test_ui_find_widget). */
static gboolean
is_row_showing (GtkWidget     *widget,
                gconstpointer  title)
{
  HtTrack *track;

  if (!HT_IS_TRACK_ROW (widget))
    return FALSE;
  track = ht_track_row_get_track (HT_TRACK_ROW (widget));
  return track != NULL && g_strcmp0 (ht_track_get_title (track), title) == 0;
}

/* The track list by keyboard (a click on a row, then Down and Up), and the map's hometown pin
 * by pointer: a click opens the correction popover, Escape closes it. */
static void
test_list_and_map (void)
{
  HtWindow *w = ht_test_ui_main_window (G_APPLICATION (app));
  g_autofree char *a = ht_test_ui_write_beat (tmpdir, "map a.wav", 4, 5, "Map Sample", "Nas");
  g_autofree char *b = ht_test_ui_write_beat (tmpdir, "map b.wav", 4, 6, "Second Sample",
                                              "Test Artist");
  HtTrackPage *page = _ht_window_get_track_page (w);
  HtMapView *map = _ht_track_page_get_map_view (page);
  HtHometownPopover *popover = _ht_track_page_get_map_popover (page);
  GtkListView *list = _ht_window_get_list_view (w);
  GFile *files[2] = { g_file_new_for_path (a), g_file_new_for_path (b) };
  PageWait first = { page, "Map Sample" }, second = { page, "Second Sample" };
  GtkWidget *row;

  g_application_open (G_APPLICATION (app), files, 2, "");
  g_object_unref (files[0]);
  g_object_unref (files[1]);
  ht_test_ui_wait (ht_test_ui_window_is_settled, w, 120, "the analyses");
  ht_test_ui_wait (page_shows, &first, 10, "the first track's page");
  XSetInputFocus (xdpy, gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (w))),
                  RevertToParent, CurrentTime);
  XFlush (xdpy);
  ht_test_ui_wait (is_active, w, 10, "the window to have the keyboard");

  /* A click on the row of the first of them, then the arrow keys walk the list; the page
   * follows. */
  row = ht_test_ui_find_widget (GTK_WIDGET (list), is_row_showing, "Map Sample");
  g_assert_nonnull (row);
  pointer_to (row, gtk_widget_get_width (row) / 2.0, gtk_widget_get_height (row) / 2.0);
  click (1);
  ht_test_ui_wait (page_shows, &first, 10, "the clicked track's page");
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (w)), GTK_WIDGET (list)));
  press (XK_Down, 0);
  ht_test_ui_wait (page_shows, &second, 10, "Down to show the second track");
  press (XK_Up, 0);
  ht_test_ui_wait (page_shows, &first, 10, "Up to show the first track again");
  /* Space on the list plays the selected track, and pauses it; the list keeps the keyboard. */
  {
    HtPlayer *player = ht_track_page_get_player (page);
    PlayerWait playing = { player, HT_PLAYER_STATE_PLAYING };
    PlayerWait paused = { player, HT_PLAYER_STATE_PAUSED };

    press (XK_space, 0);
    ht_test_ui_wait (player_in_state, &playing, 10, "Space on the list to play");
    press (XK_space, 0);
    ht_test_ui_wait (player_in_state, &paused, 10, "Space on the list to pause");
    g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (w)), GTK_WIDGET (list)));
    ht_player_stop (player);
  }

  /* Scrolled down to the map, as a person would be; a click on the pin (Queens) opens the
   * correction popover for the artist, Escape closes it. */
  {
    GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (map), GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
    double x, y;

    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
    ht_test_ui_wait (has_hometown_point, map, 10, "the map with its pin");
    ht_test_ui_spin (200);
    g_assert_true (ht_map_view_get_hometown_point (map, &x, &y));
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));
    pointer_to (GTK_WIDGET (map), x, y - 1);
    click (1);
    ht_test_ui_wait (is_visible, popover, 10, "the popover from a click on the pin");
    g_assert_cmpstr (ht_hometown_popover_get_artist (popover), ==, "Nas");
    press (XK_Escape, 0);
    ht_test_ui_wait (is_hidden, popover, 10, "Escape to close the popover");
  }
}

/* ---- typing ---- */

/* Written for this test (not from any song): plain words the lyrics model's vocabulary knows,
 * in lower case, spaces and new lines only, so that each is one key. */
static const char typed_verse[] =
  "i came up on the block where the corner store light never sleeps\n"
  "mama working double shifts so we could eat and keep the heat\n"
  "now the money coming in but i remember where i been\n"
  "all my people in the building still waiting on a win\n";

static void
type_text (const char *text)
{
  for (const char *c = text; *c != '\0'; c++)
    {
      char name[2] = { *c, '\0' };
      KeySym sym = *c == ' ' ? XK_space : *c == '\n' ? XK_Return : XStringToKeysym (name);
      KeyCode key = XKeysymToKeycode (xdpy, sym);

      g_assert_cmpint (key, !=, 0);
      XTestFakeKeyEvent (xdpy, key, True, CurrentTime);
      XTestFakeKeyEvent (xdpy, key, False, CurrentTime);
    }
  XFlush (xdpy);
}

typedef struct
{
  GtkTextBuffer *buffer;
  int            n_chars;
} TypedWait;

static gboolean
has_n_chars (gpointer data)
{
  TypedWait *t = data;

  return gtk_text_buffer_get_char_count (t->buffer) >= t->n_chars;
}

static gboolean
text_view_has_focus (gpointer window)
{
  return GTK_IS_TEXT_VIEW (gtk_root_get_focus (GTK_ROOT (window)));
}

static gboolean
has_user_lyrics (gpointer data)
{
  return ht_track_get_lyrics_source (data) == HT_LYRICS_SOURCE_USER;
}

static gboolean
lyrics_card_answers (gpointer data)
{
  HtPrediction *p = ht_prediction_card_get_prediction (_ht_track_page_get_lyrics_card (data));

  return p != NULL && ht_prediction_is_available (p);
}

/* Lyrics typed into the editor with real keys: Space types a space there (it does not play),
 * Ctrl+S saves, and the lyrics model answers for them. The editor opens from its button,
 * clicked. */
static void
test_type_lyrics (void)
{
  HtWindow *w = ht_test_ui_main_window (G_APPLICATION (app));
  g_autofree char *a = ht_test_ui_write_beat (tmpdir, "typed.wav", 3, 21, "Typed Lyrics", NULL);
  GFile *file = g_file_new_for_path (a);
  HtTrackPage *page = _ht_window_get_track_page (w);
  HtPlayer *player = ht_track_page_get_player (page);
  GtkWidget *edit = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page),
                                                               HT_TYPE_TRACK_PAGE, "edit_button"));
  GtkTextView *view = NULL;
  PageWait typed = { page, "Typed Lyrics" };
  HtTrack *track;

  g_application_open (G_APPLICATION (app), &file, 1, "");
  g_object_unref (file);
  ht_test_ui_wait (ht_test_ui_window_is_settled, w, 60, "the analysis");
  ht_test_ui_wait (page_shows, &typed, 10, "the track's page");
  track = ht_track_page_get_track (page);
  g_assert_null (ht_track_get_lyrics (track));
  XSetInputFocus (xdpy, gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (w))),
                  RevertToParent, CurrentTime);
  XFlush (xdpy);
  ht_test_ui_wait (is_active, w, 10, "the window to have the keyboard");

  /* Scrolled to the lyrics, as a person would be, and their Paste button clicked. */
  {
    GtkWidget *scroller = gtk_widget_get_ancestor (edit, GTK_TYPE_SCROLLED_WINDOW);
    GtkWidget *content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller));
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
    graphene_point_t at;

    g_assert_true (gtk_widget_compute_point (edit, content, &GRAPHENE_POINT_INIT (0, 0), &at));
    gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + at.y - 200);
    ht_test_ui_spin (200);
  }
  pointer_to (edit, gtk_widget_get_width (edit) / 2.0, gtk_widget_get_height (edit) / 2.0);
  click (1);
  ht_test_ui_wait (text_view_has_focus, w, 20, "the lyrics editor to take the keyboard");
  view = GTK_TEXT_VIEW (gtk_root_get_focus (GTK_ROOT (w)));

  type_text (typed_verse);
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
    TypedWait all = { buffer, g_utf8_strlen (typed_verse, -1) };
    GtkTextIter start, end;
    g_autofree char *text = NULL;

    ht_test_ui_wait (has_n_chars, &all, 20, "the typed keys to arrive");

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_cmpstr (text, ==, typed_verse);
  }
  g_assert_cmpint (ht_player_get_state (player), ==, HT_PLAYER_STATE_STOPPED);

  press (XK_s, XK_Control_L);
  ht_test_ui_wait (has_user_lyrics, track, 10, "Ctrl+S to save the lyrics");
  ht_test_ui_wait (lyrics_card_answers, page, 20, "the lyrics model's answer");
  g_assert_cmpstr (ht_track_get_lyrics (track), ==, typed_verse);
  ht_track_list_remove_all (ht_window_get_tracks (w));
}

/* ---- a real drag and drop ---- */

static GdkContentProvider *
on_drag_prepare_cb (GtkDragSource *source,
                    double         x,
                    double         y,
                    GSList        *files)
{
  return gdk_content_provider_new_typed (GDK_TYPE_FILE_LIST, files);
}

typedef struct
{
  GtkWidget  *widget;
  const char *css_class;
} ClassWait;

static gboolean
has_class (gpointer data)
{
  ClassWait *c = data;

  return gtk_widget_has_css_class (c->widget, c->css_class);
}

static gboolean
lacks_class (gpointer data)
{
  return !has_class (data);
}

/* Files dragged from another window (here a GtkDragSource in this process, as a file
 * manager's would be, through the X server's XDND protocol) onto the empty window: the drop
 * zone lights up while they are over it, and dropping opens them. */
static void
test_drag_and_drop (void)
{
  HtWindow *w = ht_test_ui_main_window (G_APPLICATION (app));
  g_autofree char *a = ht_test_ui_write_beat (tmpdir, "dragged a.wav", 3, 11, "Dragged A", NULL);
  g_autofree char *b = ht_test_ui_write_beat (tmpdir, "dragged b.wav", 3, 12, "Dragged B", NULL);
  GListModel *tracks = G_LIST_MODEL (ht_window_get_tracks (w));
  GtkWidget *stack = _ht_window_get_main_stack (w);
  GtkWidget *status_page = _ht_window_get_status_page (w);
  ClassWait lit = { stack, "drop-active" };
  CountWait two = { tracks, 2 };
  GtkWidget *source_window = gtk_window_new ();
  GtkWidget *handle = gtk_label_new ("Two tracks");
  GtkDragSource *drag = gtk_drag_source_new ();
  GSList *files = NULL;
  int sx, sy, tx, ty;

  g_assert_cmpuint (g_list_model_get_n_items (tracks), ==, 0);
  g_assert_cmpstr (_ht_window_get_view (w), ==, "empty");
  files = g_slist_append (files, g_file_new_for_path (a));
  files = g_slist_append (files, g_file_new_for_path (b));
  g_signal_connect (drag, "prepare", G_CALLBACK (on_drag_prepare_cb), files);
  gtk_widget_add_controller (handle, GTK_EVENT_CONTROLLER (drag));
  gtk_widget_set_size_request (handle, 200, 120);
  gtk_window_set_child (GTK_WINDOW (source_window), handle);
  gtk_window_set_default_size (GTK_WINDOW (source_window), 200, 120);
  gtk_window_present (GTK_WINDOW (source_window));
  ht_test_ui_wait (ht_test_ui_is_drawn, handle, 10, "the drag source's window");
  /* No window manager: place it beside the app's window ourselves. */
  XMoveWindow (xdpy, gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (source_window))),
               gtk_widget_get_width (GTK_WIDGET (w)) + 100, 100);
  XFlush (xdpy);
  ht_test_ui_spin (300);

  /* Press on the source, move past the drag threshold, then over the drop zone. */
  screen_point (handle, 100, 60, &sx, &sy);
  screen_point (status_page, gtk_widget_get_width (status_page) / 2.0,
                gtk_widget_get_height (status_page) / 2.0, &tx, &ty);
  XTestFakeMotionEvent (xdpy, -1, sx, sy, CurrentTime);
  XTestFakeButtonEvent (xdpy, 1, True, CurrentTime);
  XFlush (xdpy);
  ht_test_ui_spin (50);
  for (int step = 1; step <= 30; step++)
    {
      XTestFakeMotionEvent (xdpy, -1, sx + (tx - sx) * step / 30, sy + (ty - sy) * step / 30,
                            CurrentTime);
      XFlush (xdpy);
      ht_test_ui_spin (20);
    }
  ht_test_ui_wait (has_class, &lit, 10, "the drop zone to light up under the drag");

  XTestFakeButtonEvent (xdpy, 1, False, CurrentTime);
  XFlush (xdpy);
  ht_test_ui_wait (has_n_items, &two, 20, "the dropped tracks in the list");
  ht_test_ui_wait (lacks_class, &lit, 10, "the drop zone to go dark");
  ht_test_ui_wait (ht_test_ui_window_is_settled, w, 60, "the dropped tracks' analyses");
  {
    g_autoptr(HtTrack) first = g_list_model_get_item (tracks, 0);
    g_assert_cmpstr (ht_track_get_title (first), ==, "Dragged A");
  }
  gtk_window_destroy (GTK_WINDOW (source_window));
  g_slist_free_full (files, g_object_unref);
  ht_track_list_remove_all (ht_window_get_tracks (w));   /* the next test starts empty */
}



int
main (int   argc,
      char *argv[])
{
  int status, event, error, major, minor;

  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  if (!GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_print ("1..0 # SKIP not an X11 display (input is made with XTest)\n");
      return 0;
    }
  xdpy = gdk_x11_display_get_xdisplay (gdk_display_get_default ());
  if (!XTestQueryExtension (xdpy, &event, &error, &major, &minor))
    {
      g_print ("1..0 # SKIP the X server has no XTest extension\n");
      return 0;
    }
  gst_init (&argc, &argv);   /* as main.c does */
  tmpdir = g_dir_make_tmp ("hometown-test-input-XXXXXX", NULL);
  g_test_add_func ("/ui/input/drag-and-drop", test_drag_and_drop);
  g_test_add_func ("/ui/input/pointer-and-keys", test_pointer_and_keys);
  g_test_add_func ("/ui/input/list-and-map", test_list_and_map);
  g_test_add_func ("/ui/input/type-lyrics", test_type_lyrics);

  /* The tests run inside the application, as a user's session would. */
  status = ht_test_ui_run_in_application ("io.github.hometownapp.Hometown.Test", &app);

  ht_test_remove_tree (tmpdir);
  g_free (tmpdir);
  return status;
}
