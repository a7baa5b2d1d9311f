/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ht-audio-scan.h"
#include "ht-engine-types.h"
#include "ht-library-export.h"
#include "ht-library-page.h"
#include "ht-map-view.h"
#include "ht-timing.h"
#include "ht-track-page.h"
#include "ht-widgets.h"
#include "ht-window-private.h"

struct _HtWindow
{
  AdwApplicationWindow  parent_instance;

  /* template */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  GtkWidget            *status_page;
  AdwLeaflet           *leaflet;
  GtkWidget            *content;
  GtkListView          *list_view;
  GtkSingleSelection   *selection;
  HtTrackPage          *track_page;
  GtkLabel             *sidebar_subtitle;
  HtLibraryPage        *library_page;
  HtMapView            *library_map;     /* inside library_page */

  HtTrackList          *tracks;
  HtAnalyzer           *analyzer;
  GSettings            *settings;
  GCancellable         *cancellable;     /* scans; cancelled when the window goes */
  GtkDropTarget        *drop_target;
  char                 *last_toast;
  guint                 n_scans;         /* folder scans, and tracks still being added */
  GQueue                adding;          /* HtTrack (owned): scanned, not yet in the list */
  HtTrack              *adding_select;   /* select it once it is in the list */
  guint                 adding_id;
  guint                 preload_id;
  guint                 reanalyse_id;    /* debounces settings that change every track */
  gboolean              show_library;
  HtOriginTable        *origins;         /* the analyzer's, once loaded */
  gboolean              discard_confirmed;  /* the user let unsaved lyrics go: close */
  GtkWidget            *discard_dialog;     /* weak; asking about them now */
};

G_DEFINE_FINAL_TYPE (HtWindow, ht_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SHOW_LIBRARY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- toasts and titles --------------------------------------------------------------------- */

static void
show_toast (HtWindow   *self,
            const char *text)
{
  g_free (self->last_toast);
  self->last_toast = g_strdup (text);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static void
update_view (HtWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->tracks));
  guint pending = ht_analyzer_get_n_pending (self->analyzer);
  g_autofree char *subtitle = NULL;

  gtk_stack_set_visible_child_name (self->main_stack,
                                    n == 0 ? "empty" : self->show_library ? "library" : "tracks");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-results", n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-playlists", n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.remove-track",
                                 gtk_single_selection_get_selected_item (self->selection) != NULL);

  if (n == 0)
    subtitle = NULL;
  else if (pending > 0)
    /* Translators: under the window title while tracks are analysed, e.g. "12 tracks, 3 to
     * analyse" */
    subtitle = g_strdup_printf (ngettext ("%u track, %u to analyse", "%u tracks, %u to analyse", n),
                                n, pending);
  else
    subtitle = g_strdup_printf (ngettext ("%u track", "%u tracks", n), n);
  gtk_label_set_text (self->sidebar_subtitle, subtitle != NULL ? subtitle : "");
  gtk_widget_set_visible (GTK_WIDGET (self->sidebar_subtitle), subtitle != NULL);
}

/* ---- getting tracks in --------------------------------------------------------------------- */

static char *
describe_skipped (const HtAudioScan *scan)
{
  g_autofree char *not_audio = NULL;
  g_autofree char *unreadable = NULL;

  if (scan->n_not_audio > 0)
    not_audio = g_strdup_printf (ngettext ("%u file is not audio and was skipped",
                                           "%u files are not audio and were skipped",
                                           scan->n_not_audio),
                                 scan->n_not_audio);
  if (scan->n_unreadable > 0)
    unreadable = g_strdup_printf (ngettext ("%u item could not be read",
                                            "%u items could not be read",
                                            scan->n_unreadable),
                                  scan->n_unreadable);
  if (not_audio != NULL && unreadable != NULL)
    /* Translators: two messages about skipped files joined in one toast */
    return g_strdup_printf (_("%s; %s"), not_audio, unreadable);
  if (not_audio != NULL)
    return g_steal_pointer (&not_audio);
  return g_steal_pointer (&unreadable);
}

/* Tracks join the list a few at a time, each batch in its own main-loop turn: GTK 4.8's list
 * views build rows for up to 200 items at once, and 500 dropped tracks in one go kept the main
 * loop away from the frame clock for 200-500 ms. A turn stops after ADD_BUDGET_US: while the
 * list still has room on screen each new track builds its row (~2.5 ms on this machine), so
 * the first turns add a few tracks, the later ones (rows off screen) many. */
#define ADD_BATCH     64
#define ADD_BUDGET_US 8000

/* A track just opened (file manager, Open, a drop) is what Space should play: the keyboard
 * goes to its play button, unless it is in a text field or on the track page already (a
 * person typing or working there). Without this it stays on the header's Open button, and
 * Space would open the file chooser again. */
static void
focus_opened_track (HtWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (focus != NULL
      && (GTK_IS_EDITABLE (focus) || GTK_IS_TEXT_VIEW (focus)
          || gtk_widget_is_ancestor (focus, GTK_WIDGET (self->track_page))))
    return;
  ht_track_page_focus_playback (self->track_page);
}

/* Shows the track the open asked for, once it is in the list; FALSE while it is not. */
static gboolean
select_added (HtWindow *self)
{
  guint position;

  if (self->adding_select == NULL
      || !ht_track_list_find (self->tracks, ht_track_get_file (self->adding_select), &position))
    return FALSE;
  gtk_single_selection_set_selected (self->selection, position);
  g_clear_object (&self->adding_select);
  focus_opened_track (self);
  return TRUE;
}

static gboolean
add_batch_cb (gpointer user_data)
{
  HtWindow *self = user_data;
  gint64 deadline = g_get_monotonic_time () + ADD_BUDGET_US;
  guint n = 0;

  /* Showing the first track's page (~25 ms the first time) gets a turn of its own when other
   * tracks came with it, so the frame with their first rows is not held up. */
  if (select_added (self) && !g_queue_is_empty (&self->adding))
    return G_SOURCE_CONTINUE;

  while (n < ADD_BATCH && !g_queue_is_empty (&self->adding))
    {
      g_autoptr(HtTrack) track = g_queue_pop_head (&self->adding);

      ht_track_list_append (self->tracks, &track, 1);
      n++;
      /* The same file opened twice before it joined: the list kept the first. */
      if (ht_track_list_find (self->tracks, ht_track_get_file (track), NULL) == track)
        ht_analyzer_queue (self->analyzer, track);
      if (g_get_monotonic_time () > deadline)
        break;
    }
  if (!g_queue_is_empty (&self->adding))
    return G_SOURCE_CONTINUE;
  /* A single track shows at once; with others, next turn; not at all if it left the list
   * already (removed by then). */
  if (n == 1)
    select_added (self);
  if (self->adding_select != NULL)
    {
      if (ht_track_list_find (self->tracks, ht_track_get_file (self->adding_select), NULL))
        return G_SOURCE_CONTINUE;
      g_clear_object (&self->adding_select);
    }
  self->adding_id = 0;
  self->n_scans--;
  return G_SOURCE_REMOVE;
}

static void
add_scanned (HtWindow    *self,
             HtAudioScan *scan)
{
  g_autofree char *skipped = describe_skipped (scan);
  gboolean selected = FALSE;

  for (guint i = 0; i < scan->files->len; i++)
    {
      GFile *file = g_ptr_array_index (scan->files, i);
      guint position;
      HtTrack *track;

      if (ht_track_list_find (self->tracks, file, &position) != NULL)
        {
          /* Opened before: show it rather than add it twice. */
          if (!selected)
            gtk_single_selection_set_selected (self->selection, position);
          selected = TRUE;
          continue;
        }
      track = ht_track_new (file);
      if (!selected)
        g_set_object (&self->adding_select, track);
      selected = TRUE;
      g_queue_push_tail (&self->adding, track);
    }
  if (!g_queue_is_empty (&self->adding) && self->adding_id == 0)
    {
      self->n_scans++;
      /* The first batch now, so a single track appears at once. */
      if (add_batch_cb (self))
        self->adding_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, add_batch_cb, self, NULL);
    }

  if (skipped != NULL)
    show_toast (self, skipped);
  else if (scan->files->len == 0)
    show_toast (self, _("No audio files found"));
}

static void
on_scan_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(HtWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(HtAudioScan) scan = ht_audio_scan_finish (result, &error);

  self->n_scans--;
  if (scan == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, error->message);
      return;
    }
  if (self->tracks != NULL)   /* not disposed meanwhile */
    add_scanned (self, scan);
}

void
ht_window_open_files (HtWindow  *self,
                      GFile    **files,
                      guint      n_files)
{
  g_return_if_fail (HT_IS_WINDOW (self));
  g_return_if_fail (files != NULL || n_files == 0);

  if (n_files == 0)
    return;
  /* Never touch the disk here: folders may be large, files may be on a slow network. */
  self->n_scans++;
  ht_audio_scan_async ((GFile * const *) files, n_files, self->cancellable, on_scan_done_cb,
                       g_object_ref (self));
}

static void
open_through_application (HtWindow  *self,
                          GFile    **files,
                          guint      n_files)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (n_files == 0)
    return;
  if (app != NULL)
    g_application_open (G_APPLICATION (app), files, (int) n_files, "");
  else
    ht_window_open_files (self, files, n_files);
}

static GdkDragAction
on_drop_enter_cb (GtkDropTarget *target,
                  double         x,
                  double         y,
                  HtWindow      *self)
{
  gtk_widget_add_css_class (GTK_WIDGET (self->main_stack), "drop-active");
  return GDK_ACTION_COPY;
}

static void
on_drop_leave_cb (GtkDropTarget *target,
                  HtWindow      *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->main_stack), "drop-active");
}

static gboolean
on_drop_cb (GtkDropTarget *target,
            const GValue  *value,
            double         x,
            double         y,
            HtWindow      *self)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  GSList *list;

  gtk_widget_remove_css_class (GTK_WIDGET (self->main_stack), "drop-active");
  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  list = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = list; l != NULL; l = l->next)
    g_ptr_array_add (files, g_object_ref (l->data));
  g_slist_free (list);
  open_through_application (self, (GFile **) files->pdata, files->len);
  return files->len > 0;
}

/* A filter by MIME type or name pattern; `ext` (".csv"), if given, is what the export adds to
 * a name typed without it. */
static void
add_filter (GtkFileChooserNative *native,
            const char           *name,
            const char           *mime_type,
            const char           *pattern,
            const char           *ext)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  if (mime_type != NULL)
    gtk_file_filter_add_mime_type (filter, mime_type);
  if (pattern != NULL)
    gtk_file_filter_add_pattern (filter, pattern);
  if (ext != NULL)
    g_object_set_data (G_OBJECT (filter), "ht-ext", (gpointer) ext);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
}

static void
on_chooser_response_cb (GtkNativeDialog *native,
                        int              response,
                        HtWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) chosen = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (native));
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
      guint n = g_list_model_get_n_items (chosen);

      for (guint i = 0; i < n; i++)
        g_ptr_array_add (files, g_list_model_get_item (chosen, i));
      open_through_application (self, (GFile **) files->pdata, files->len);
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

void
ht_window_choose_files (HtWindow *self,
                        gboolean  folders)
{
  GtkFileChooserNative *native;

  g_return_if_fail (HT_IS_WINDOW (self));

  native = gtk_file_chooser_native_new (folders ? _("Open Folder") : _("Open Audio Files"),
                                        GTK_WINDOW (self),
                                        folders ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                                : GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (native), TRUE);
  if (!folders)
    {
      add_filter (native, _("Audio Files"), "audio/*", NULL, NULL);
      add_filter (native, _("All Files"), NULL, "*", NULL);
    }
  g_signal_connect (native, "response", G_CALLBACK (on_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* ---- actions ------------------------------------------------------------------------------- */

static void
remove_track_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  HtWindow *self = HT_WINDOW (widget);
  HtTrack *track = gtk_single_selection_get_selected_item (self->selection);

  if (track == NULL)
    return;
  g_object_ref (track);
  /* Its work stops at once; nothing it would still deliver reaches anyone. */
  ht_analyzer_cancel (self->analyzer, track);
  ht_track_list_remove (self->tracks, track);
  /* (after the selection moved on, which keeps the editor's words for the track it leaves) */
  ht_track_page_discard_unsaved_lyrics (self->track_page, track);
  g_object_unref (track);
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* Opens the lyrics editor on the track page, in view when the window is folded. */
static void
paste_lyrics_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  HtWindow *self = HT_WINDOW (widget);

  if (gtk_single_selection_get_selected_item (self->selection) == NULL)
    return;
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->content);
  ht_track_page_edit_lyrics (self->track_page);
}

/* Saved or reverted lyrics: only the lyrics model runs again (the whole track if its analysis
 * has not finished). */
static void
on_lyrics_changed_cb (HtWindow *self,
                      HtTrack  *track)
{
  ht_analyzer_queue_lyrics (self->analyzer, track);
}

/* ---- list and navigation ------------------------------------------------------------------- */

static void
on_list_view_activate_cb (HtWindow *self,
                          guint     position)
{
  gtk_single_selection_set_selected (self->selection, position);
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->content);
}

/* Space on the track list plays the selected track: with one track selected at a time, the
 * row's own Space (select it) would do nothing, and a person who just clicked a track
 * expects the key to play it. Return still activates the row. */
static gboolean
list_space_cb (GtkWidget *widget,
               GVariant  *args,
               gpointer   user_data)
{
  HtWindow *self = HT_WINDOW (gtk_widget_get_root (widget));

  if (gtk_single_selection_get_selected_item (self->selection) == NULL)
    return FALSE;
  return gtk_widget_activate_action (GTK_WIDGET (self->track_page), "track.toggle-playback",
                                     NULL);
}

static void
on_back_clicked_cb (HtWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
on_selection_changed_cb (HtWindow *self)
{
  update_view (self);
}

/* ---- library ------------------------------------------------------------------------------- */

static void
set_show_library (HtWindow *self,
                  gboolean  show)
{
  show = !!show;
  if (self->show_library == show)
    return;
  self->show_library = show;
  update_view (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_LIBRARY]);
}

static void
on_library_track_activated_cb (HtWindow *self,
                               HtTrack  *track)
{
  guint position;

  if (ht_track_list_find (self->tracks, ht_track_get_file (track), &position) == NULL)
    return;
  gtk_single_selection_set_selected (self->selection, position);
  set_show_library (self, FALSE);
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->content);
}

typedef struct
{
  HtWindow *window;
  GFile    *file;
} Export;

static Export *
export_new (HtWindow *window,
            GFile    *file)
{
  Export *e = g_new0 (Export, 1);

  e->window = g_object_ref (window);
  e->file = g_object_ref (file);
  return e;
}

static void
export_free (Export *e)
{
  g_object_unref (e->window);
  g_object_unref (e->file);
  g_free (e);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Export, export_free)

static void
on_export_results_done_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(Export) e = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  if (!ht_library_export_results_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (e->window, error->message);
      return;
    }
  name = g_file_get_basename (e->file);
  /* Translators: %s is a file name */
  text = g_strdup_printf (_("Results saved to “%s”"), name);
  show_toast (e->window, text);
}

void
_ht_window_export_results (HtWindow *self,
                           GFile    *file)
{
  ht_library_export_results_async (G_LIST_MODEL (self->tracks), file,
                                   ht_library_format_for_file (file), self->cancellable,
                                   on_export_results_done_cb, export_new (self, file));
}

static void
on_export_playlists_done_cb (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(Export) e = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  guint n = 0;

  if (!ht_library_export_playlists_finish (result, &n, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (e->window, error->message);
      return;
    }
  if (n == 0)
    {
      show_toast (e->window, _("No track has a verdict yet: no playlists saved"));
      return;
    }
  name = g_file_get_basename (e->file);
  /* Translators: %u is a number of playlists, %s a folder's name */
  text = g_strdup_printf (ngettext ("%u playlist saved in “%s”", "%u playlists saved in “%s”", n),
                          n, name);
  show_toast (e->window, text);
}

void
_ht_window_export_playlists (HtWindow *self,
                             GFile    *folder)
{
  ht_library_export_playlists_async (G_LIST_MODEL (self->tracks), folder, self->cancellable,
                                     on_export_playlists_done_cb, export_new (self, folder));
}

/* A name typed without an extension gets the chosen filter's. */
static GFile *
with_extension (GFile         *file,
                GtkFileFilter *filter)
{
  g_autofree char *base = g_file_get_basename (file);
  g_autofree char *lower = g_ascii_strdown (base, -1);
  const char *ext = filter != NULL ? g_object_get_data (G_OBJECT (filter), "ht-ext") : NULL;
  g_autofree char *named = NULL;
  g_autoptr(GFile) parent = NULL;

  if (g_str_has_suffix (lower, ".csv") || g_str_has_suffix (lower, ".json"))
    return g_object_ref (file);
  parent = g_file_get_parent (file);
  named = g_strconcat (base, ext != NULL ? ext : ".csv", NULL);
  return parent != NULL ? g_file_get_child (parent, named) : g_object_ref (file);
}

static void
on_export_chooser_response_cb (GtkNativeDialog *native,
                               int              response,
                               HtWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (native))
          == GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER)
        _ht_window_export_playlists (self, file);
      else
        {
          g_autoptr(GFile) named =
            with_extension (file, gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (native)));

          _ht_window_export_results (self, named);
        }
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

static void
export_results_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  HtWindow *self = HT_WINDOW (widget);
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Export Results"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  add_filter (native, _("CSV Table"), NULL, "*.csv", ".csv");
  add_filter (native, _("JSON"), NULL, "*.json", ".json");
  /* Translators: the suggested name of an exported table; keep the extension */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), _("Hometown Results.csv"));
  g_signal_connect (native, "response", G_CALLBACK (on_export_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
export_playlists_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  HtWindow *self = HT_WINDOW (widget);
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Export Playlists"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Export"),
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (on_export_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* ---- settings ------------------------------------------------------------------------------ */

static gboolean
reanalyse_all_cb (gpointer user_data)
{
  HtWindow *self = user_data;

  self->reanalyse_id = 0;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->tracks)); i++)
    {
      g_autoptr(HtTrack) track = g_list_model_get_item (G_LIST_MODEL (self->tracks), i);
      ht_analyzer_queue (self->analyzer, track);
    }
  return G_SOURCE_REMOVE;
}

/* Spin buttons change settings a step at a time: analyse again once they rest. */
static void
schedule_reanalyse (HtWindow *self)
{
  g_clear_handle_id (&self->reanalyse_id, g_source_remove);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->tracks)) > 0)
    self->reanalyse_id = g_timeout_add (800, reanalyse_all_cb, self);
}

static void
on_scale_changed_cb (GSettings  *settings,
                     const char *key,
                     HtWindow   *self)
{
  /* The spectrogram is computed on that scale: draw every track again. */
  ht_analyzer_set_freq_scale (self->analyzer, g_settings_get_enum (settings, "frequency-scale"));
  if (key != NULL)
    schedule_reanalyse (self);
}

static void
on_window_changed_cb (GSettings  *settings,
                      const char *key,
                      HtWindow   *self)
{
  double start = g_settings_get_double (settings, "window-start");
  double end = g_settings_get_double (settings, "window-end");

  if (!(end > start))
    return;
  /* The models hear that window: ask them again. */
  ht_analyzer_set_window (self->analyzer, start, end);
  if (key != NULL)
    schedule_reanalyse (self);
}

static gboolean
close_after_discard_cb (gpointer data)
{
  gtk_window_close (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

static void
on_discard_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        HtWindow         *self)
{
  if (g_strcmp0 (response, "discard") != 0)
    return;
  self->discard_confirmed = TRUE;
  /* Once the dialog has closed itself: closing the window now would destroy it mid-signal. */
  g_idle_add_full (G_PRIORITY_DEFAULT, close_after_discard_cb, g_object_ref (self),
                   g_object_unref);
}

/* Typed lyrics that were never saved are the user's work: ask before they go. */
static gboolean
confirm_discard_lyrics (HtWindow *self)
{
  guint n = ht_track_page_get_n_unsaved_lyrics (self->track_page);
  GtkWidget *dialog;
  g_autofree char *body = NULL;

  if (n == 0 || self->discard_confirmed)
    return FALSE;
  if (self->discard_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->discard_dialog));
      return TRUE;
    }
  body = g_strdup_printf (ngettext ("Lyrics you typed for %u track have not been saved.",
                                    "Lyrics you typed for %u tracks have not been saved.", n),
                          n);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Discard Unsaved Lyrics?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Editing"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_discard_response_cb), self, 0);
  self->discard_dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->discard_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static gboolean
ht_window_close_request (GtkWindow *window)
{
  HtWindow *self = HT_WINDOW (window);

  if (confirm_discard_lyrics (self))
    return TRUE;
  if (self->settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_delay (self->settings);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized",
                              gtk_window_is_maximized (window));
      g_settings_apply (self->settings);
    }
  g_cancellable_cancel (self->cancellable);
  ht_analyzer_cancel_all (self->analyzer);
  ht_player_stop (ht_track_page_get_player (self->track_page));
  return GTK_WINDOW_CLASS (ht_window_parent_class)->close_request (window);
}

/* ---- GObject ------------------------------------------------------------------------------- */

static void
ht_window_constructed (GObject *object)
{
  HtWindow *self = HT_WINDOW (object);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  G_OBJECT_CLASS (ht_window_parent_class)->constructed (object);

  if (HT_IS_APPLICATION (app))
    self->settings = g_object_ref (ht_application_get_settings (HT_APPLICATION (app)));
  else
    self->settings = g_settings_new ("io.github.hometownapp.Hometown");

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_settings_bind (self->settings, "colormap", self->track_page, "colormap",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "db-range", self->track_page, "db-range",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "window-start", self->track_page, "window-start",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "window-end", self->track_page, "window-end",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "worker-threads", self->analyzer, "max-jobs",
                   G_SETTINGS_BIND_GET);
  g_signal_connect_object (self->settings, "changed::frequency-scale",
                           G_CALLBACK (on_scale_changed_cb), self, 0);
  g_signal_connect_object (self->settings, "changed::window-start",
                           G_CALLBACK (on_window_changed_cb), self, 0);
  g_signal_connect_object (self->settings, "changed::window-end",
                           G_CALLBACK (on_window_changed_cb), self, 0);
  on_scale_changed_cb (self->settings, NULL, self);
  on_window_changed_cb (self->settings, NULL, self);
}

/* ---- hometowns ----------------------------------------------------------------------------- */

/* A correction (or one removed): every track whose artist it touches shows the new hometown. */
static void
on_origins_changed_cb (HtWindow      *self,
                       HtOriginTable *origins)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->tracks));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HtTrack) track = g_list_model_get_item (G_LIST_MODEL (self->tracks), i);

      ht_track_refresh_hometown (track, origins);
    }
}

static void
on_origins_loaded_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(HtWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(HtOriginTable) origins = ht_analyzer_load_origins_finish (HT_ANALYZER (source),
                                                                      result, &error);

  if (origins == NULL)
    {
      /* Not installed: the map shows no pins and the correction button stays off; said once. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("No hometowns: %s", error->message);
      return;
    }
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  g_set_object (&self->origins, origins);
  g_signal_connect_object (origins, "changed", G_CALLBACK (on_origins_changed_cb), self,
                           G_CONNECT_SWAPPED);
  if (ht_origin_table_get_corrections_error (origins) != NULL)
    show_toast (self, ht_origin_table_get_corrections_error (origins)->message);
  ht_track_page_set_origins (self->track_page, origins);
  ht_map_view_set_origins (self->library_map, origins);
}

static void
ht_window_dispose (GObject *object)
{
  HtWindow *self = HT_WINDOW (object);

  if (self->discard_dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->discard_dialog),
                                    (gpointer *) &self->discard_dialog);
      gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->discard_dialog)));
    }
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reanalyse_id, g_source_remove);
  g_clear_handle_id (&self->adding_id, g_source_remove);
  g_clear_handle_id (&self->preload_id, g_source_remove);
  g_queue_clear_full (&self->adding, g_object_unref);
  g_clear_object (&self->adding_select);
  if (self->analyzer != NULL)
    {
      ht_analyzer_cancel_all (self->analyzer);
      g_signal_handlers_disconnect_by_data (self->analyzer, self);
    }
  if (self->tracks != NULL)
    g_signal_handlers_disconnect_by_data (self->tracks, self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->analyzer != NULL)
    g_settings_unbind (self->analyzer, "max-jobs");   /* it may outlive us by a moment */

  gtk_widget_dispose_template (GTK_WIDGET (self), HT_TYPE_WINDOW);

  g_clear_object (&self->origins);
  g_clear_object (&self->tracks);
  g_clear_object (&self->analyzer);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (ht_window_parent_class)->dispose (object);
}

static void
ht_window_finalize (GObject *object)
{
  HtWindow *self = HT_WINDOW (object);

  g_free (self->last_toast);
  G_OBJECT_CLASS (ht_window_parent_class)->finalize (object);
}

static void
ht_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  HtWindow *self = HT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOW_LIBRARY:
      g_value_set_boolean (value, self->show_library);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  HtWindow *self = HT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOW_LIBRARY:
      set_show_library (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_window_class_init (HtWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = ht_window_constructed;
  object_class->dispose = ht_window_dispose;
  object_class->finalize = ht_window_finalize;
  object_class->get_property = ht_window_get_property;
  object_class->set_property = ht_window_set_property;
  window_class->close_request = ht_window_close_request;

  g_type_ensure (HT_TYPE_TRACK_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, HT_RESOURCE_PATH "ht-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HtWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, HtWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, HtWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, HtWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, HtWindow, content);
  gtk_widget_class_bind_template_child (widget_class, HtWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, HtWindow, selection);
  gtk_widget_class_bind_template_child (widget_class, HtWindow, track_page);
  gtk_widget_class_bind_template_child (widget_class, HtWindow, sidebar_subtitle);
  gtk_widget_class_bind_template_callback (widget_class, on_list_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked_cb);

  gtk_widget_class_install_action (widget_class, "win.remove-track", NULL, remove_track_action);
  gtk_widget_class_install_action (widget_class, "win.paste-lyrics", NULL, paste_lyrics_action);

  /* The library table instead of the track list and page (a toggle: Ctrl+L). */
  properties[PROP_SHOW_LIBRARY] =
    g_param_spec_boolean ("show-library", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_type_ensure (HT_TYPE_LIBRARY_PAGE);
  gtk_widget_class_bind_template_child (widget_class, HtWindow, library_page);
  gtk_widget_class_bind_template_callback (widget_class, on_library_track_activated_cb);
  gtk_widget_class_install_property_action (widget_class, "win.show-library", "show-library");
  gtk_widget_class_install_action (widget_class, "win.export-results", NULL,
                                   export_results_action);
  gtk_widget_class_install_action (widget_class, "win.export-playlists", NULL,
                                   export_playlists_action);
}

/* Once the window has drawn and the main loop is idle: the first track then finds both models
 * in memory (the lyrics model takes ~0.25 s to load). */
static gboolean
preload_models_cb (gpointer user_data)
{
  HtWindow *self = user_data;

  self->preload_id = 0;
  ht_analyzer_preload_models_async (self->analyzer, self->cancellable, NULL, NULL);
  return G_SOURCE_REMOVE;
}

static void
ht_window_init (HtWindow *self)
{
  self->tracks = ht_track_list_new ();
  self->analyzer = ht_analyzer_new (2);
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->tracks));
  ht_track_page_set_lyrics_store (self->track_page, ht_analyzer_get_lyrics_store (self->analyzer));
  g_signal_connect_object (self->track_page, "lyrics-changed", G_CALLBACK (on_lyrics_changed_cb),
                           self, G_CONNECT_SWAPPED);
  ht_library_page_set_tracks (self->library_page, G_LIST_MODEL (self->tracks));
  /* Every artist's hometown, coloured by what the models heard. */
  {
    GtkWidget *map = ht_map_view_new ();

    ht_map_view_set_max_height (HT_MAP_VIEW (map), 340);
    gtk_widget_set_margin_start (map, 12);
    gtk_widget_set_margin_end (map, 12);
    gtk_widget_set_margin_bottom (map, 12);
    gtk_widget_add_css_class (map, "card");
    ht_map_view_set_tracks (HT_MAP_VIEW (map), G_LIST_MODEL (self->tracks));
    gtk_box_append (GTK_BOX (ht_library_page_get_map_slot (self->library_page)), map);
    self->library_map = HT_MAP_VIEW (map);
  }

  {
    GtkEventController *keys = gtk_shortcut_controller_new ();

    /* Before the rows see it. */
    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_space, 0),
                                                            gtk_callback_action_new (list_space_cb,
                                                                                     NULL, NULL)));
    gtk_widget_add_controller (GTK_WIDGET (self->list_view), keys);
  }

  g_signal_connect_swapped (self->tracks, "notify::n-items", G_CALLBACK (update_view), self);
  g_signal_connect_swapped (self->analyzer, "notify::n-pending", G_CALLBACK (update_view), self);
  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (on_selection_changed_cb), self);
  /* Export results and playback errors ("Cannot play “x.mp3”: …"). */
  g_signal_connect_swapped (self->track_page, "toast", G_CALLBACK (show_toast), self);

  self->drop_target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (self->drop_target, "enter", G_CALLBACK (on_drop_enter_cb), self);
  g_signal_connect (self->drop_target, "leave", G_CALLBACK (on_drop_leave_cb), self);
  g_signal_connect (self->drop_target, "drop", G_CALLBACK (on_drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->toast_overlay),
                             GTK_EVENT_CONTROLLER (self->drop_target));
  ht_timing_watch_window (GTK_WIDGET (self), self->tracks, self->analyzer, self->track_page);

  ht_analyzer_load_origins_async (self->analyzer, self->cancellable, on_origins_loaded_cb,
                                  g_object_ref (self));
  self->preload_id = g_idle_add_full (G_PRIORITY_LOW, preload_models_cb, self, NULL);
  update_view (self);
}

HtWindow *
ht_window_new (HtApplication *application)
{
  return g_object_new (HT_TYPE_WINDOW, "application", application, NULL);
}

HtTrackList *
ht_window_get_tracks (HtWindow *self)
{
  g_return_val_if_fail (HT_IS_WINDOW (self), NULL);
  return self->tracks;
}

HtOriginTable *
_ht_window_get_origins (HtWindow *self)
{
  return self->origins;
}

HtAnalyzer *
ht_window_get_analyzer (HtWindow *self)
{
  g_return_val_if_fail (HT_IS_WINDOW (self), NULL);
  return self->analyzer;
}

GtkDropTarget *
_ht_window_get_drop_target (HtWindow *self)
{
  return self->drop_target;
}

GtkWidget *
_ht_window_get_status_page (HtWindow *self)
{
  return self->status_page;
}

GtkWidget *
_ht_window_get_main_stack (HtWindow *self)
{
  return GTK_WIDGET (self->main_stack);
}

GtkListView *
_ht_window_get_list_view (HtWindow *self)
{
  return self->list_view;
}

HtTrackPage *
_ht_window_get_track_page (HtWindow *self)
{
  return self->track_page;
}

AdwLeaflet *
_ht_window_get_leaflet (HtWindow *self)
{
  return self->leaflet;
}

const char *
_ht_window_get_view (HtWindow *self)
{
  return gtk_stack_get_visible_child_name (self->main_stack);
}

const char *
_ht_window_get_last_toast (HtWindow *self)
{
  return self->last_toast;
}

guint
_ht_window_get_n_scans (HtWindow *self)
{
  return self->n_scans;
}

HtLibraryPage *
_ht_window_get_library_page (HtWindow *self)
{
  return self->library_page;
}
