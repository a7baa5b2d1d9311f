/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-track-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "ht-clock.h"
#include "ht-credits.h"
#include "ht-delayed-spinner.h"
#include "ht-engine-types.h"
#include "ht-player.h"
#include "ht-lyrics-store.h"
#include "ht-hometown-popover.h"
#include "ht-map-view.h"
#include "ht-prediction-card.h"
#include "ht-spectrogram-renderer.h"
#include "ht-spectrogram-view.h"
#include "ht-timeline-view.h"
#include "ht-track-page-private.h"
#include "ht-widgets.h"

struct _HtTrackPage
{
  GtkWidget          parent_instance;

  GtkWidget         *stack;
  HtSpectrogramView *spectrogram_view;
  HtPredictionCard  *cnn_card;
  HtPredictionCard  *lyrics_card;
  HtTimelineView    *timeline_view;
  GtkWidget         *play_button;
  GtkWidget         *position_label;
  GtkWidget         *timeline_missing_label;

  HtTrack           *track;
  HtPlayer          *player;
  GCancellable      *exporting;     /* the PNG export in flight, if any */
  HtPredictionCard  *combined_card;
  GtkWidget         *explanation_box;
  GtkWidget         *toward_title;
  GtkWidget         *toward_box;
  GtkWidget         *away_title;
  GtkWidget         *away_box;
  GtkWidget         *lyrics_stack;
  GtkWidget         *lyrics_error_label;
  GtkTextView       *lyrics_view;

  gulong             track_notify_id;
  HtLyricsStore     *lyrics_store;
  GCancellable      *store_cancellable;   /* the running save or revert */
  GHashTable        *drafts;              /* HtTrack -> unsaved editor text */
  char              *editor_opened_with;  /* what the editor showed first: typed = differs */
  HtMapView         *map_view;
  GtkMenuButton     *correct_button;
  GtkLabel          *correction_label;
  HtHometownPopover *button_popover;   /* the button's: keyboard users */
  HtHometownPopover *map_popover;      /* anchored at the pin when it is clicked */

  HtOriginTable     *origins;
  HtcColormap        colormap;
  double             db_range;
  double             window_start;
  double             window_end;
};

G_DEFINE_FINAL_TYPE (HtTrackPage, ht_track_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TRACK,
  PROP_COLORMAP,
  PROP_DB_RANGE,
  PROP_WINDOW_START,
  PROP_WINDOW_END,
  PROP_LYRICS_STORE,
  PROP_ORIGINS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_TOAST,
  SIGNAL_LYRICS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
page_for_state (HtTrackPage  *self,
                HtTrackState  state)
{
  return g_strdup (state == HT_TRACK_STATE_FAILED ? "failed" : "content");
}

static char *
page_for_spectrogram (HtTrackPage   *self,
                      HtSpectrogram *spectrogram)
{
  return g_strdup (spectrogram != NULL ? "spectrogram" : "waiting");
}

static char *
format_error (HtTrackPage  *self,
              const GError *error)
{
  return error != NULL ? g_strdup (error->message) : NULL;
}

static char *
format_artist (HtTrackPage *self,
               const char  *artist)
{
  return g_strdup (artist != NULL ? artist : _("Unknown artist"));
}

static char *
format_meta (HtTrackPage *self,
             const char  *album,
             int          year,
             double       duration)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (album != NULL)
    g_ptr_array_add (parts, g_strdup (album));
  if (year > 0)
    g_ptr_array_add (parts, g_strdup_printf ("%d", year));
  if (duration > 0)
    g_ptr_array_add (parts, ht_clock_format (duration));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

static char *
format_hometown (HtTrackPage *self,
                 const char  *hometown,
                 HtRegion     region)
{
  if (hometown == NULL)
    return g_strdup (_("Hometown unknown"));
  /* Translators: the artist's hometown and its region, e.g. "From Queens, NY (East)" */
  return g_strdup_printf (_("From %s (%s)"), hometown, ht_region_to_string (region));
}

static char *
format_correct_label (HtTrackPage *self,
                      const char  *hometown)
{
  return g_strdup (hometown != NULL ? _("Correct Hometown…") : _("Set Hometown…"));
}

static gboolean
can_correct (HtTrackPage   *self,
             HtOriginTable *origins,
             HtGeo         *geo,
             const char    *artist)
{
  return origins != NULL && geo != NULL && artist != NULL;
}

/* Who a correction is for: the track's main artist, as the map's pin ("Drake feat. Rihanna"
 * corrects Drake). */
static char *
main_artist (HtTrackPage *self)
{
  g_autoptr(HtCredits) credits = NULL;
  const char *artist = self->track != NULL ? ht_track_get_artist (self->track) : NULL;

  if (artist == NULL)
    return NULL;
  credits = ht_credits_parse (artist, NULL, self->origins);
  return g_strdup (credits->primary->len > 0 ? credits->primary->pdata[0] : artist);
}

static gboolean
prepare_popover (HtTrackPage       *self,
                 HtHometownPopover *popover)
{
  g_autofree char *artist = main_artist (self);
  HtGeo *geo = ht_map_view_get_geo (self->map_view);

  if (artist == NULL || self->origins == NULL || geo == NULL)
    return FALSE;
  ht_hometown_popover_set_artist (popover, artist, self->origins, geo);
  return TRUE;
}

static void
create_button_popup_cb (GtkMenuButton *button,
                        gpointer       user_data)
{
  HtTrackPage *self = user_data;

  prepare_popover (self, self->button_popover);
}

static void
on_map_hometown_activated_cb (HtTrackPage *self,
                              double       x,
                              double       y)
{
  GdkRectangle rect = { (int) x - 4, (int) y - 4, 8, 8 };

  if (!prepare_popover (self, self->map_popover))
    return;
  gtk_popover_set_pointing_to (GTK_POPOVER (self->map_popover), &rect);
  gtk_popover_popup (GTK_POPOVER (self->map_popover));
}

static void
on_hometown_saved_cb (HtTrackPage       *self,
                      const char        *artist,
                      const char        *place,
                      HtHometownPopover *popover)
{
  g_autofree char *message = NULL;

  /* The window refreshes every track from the table's ::changed; this page's track at least
   * follows even where nobody else listens. */
  if (self->track != NULL && self->origins != NULL)
    ht_track_refresh_hometown (self->track, self->origins);
  if (place != NULL)
    /* Translators: after a hometown correction, e.g. "Saved: Nas is from Queens, NY. Every
     * track by Nas now shows it." */
    message = g_strdup_printf (_("Saved: %s is from %s. Every track by %s now shows it."), artist,
                               place, artist);
  else
    /* Translators: after undoing a correction for an artist Hometown does not know */
    message = g_strdup_printf (_("Saved: your correction for %s is gone. Hometown does not know "
                                 "where %s comes from."), artist, artist);
  gtk_label_set_text (self->correction_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->correction_label), TRUE);
}

static gboolean
is_zoomed (HtTrackPage *self,
           double       zoom)
{
  return zoom > 1.0;
}

static gboolean
can_zoom_in (HtTrackPage   *self,
             double         zoom,
             HtSpectrogram *spectrogram)
{
  /* Nothing to zoom into while the picture is still being drawn. */
  return spectrogram != NULL && zoom < HT_SPECTROGRAM_VIEW_MAX_ZOOM;
}

static char *
format_readout (HtTrackPage *self,
                const char  *readout)
{
  if (readout != NULL)
    return g_strdup (readout);
  return g_strdup (_("Point at it to read time, frequency and level"));
}

static char *
format_lyrics_source (HtTrackPage    *self,
                      HtLyricsSource  source)
{
  if (source == HT_LYRICS_SOURCE_NONE)
    return g_strdup ("");
  /* Translators: where the lyrics came from, e.g. "From the embedded tag"; the %s is one of
   * "embedded tag", "sidecar .lrc file", ... */
  return g_strdup_printf (_("Source: %s"), ht_lyrics_source_describe (source));
}

static gboolean
has_text (HtTrackPage *self,
          const char  *text)
{
  return text != NULL && *text != '\0';
}

static gboolean
has_no_text (HtTrackPage *self,
             const char  *text)
{
  return !has_text (self, text);
}

static gboolean
has_timeline (HtTrackPage  *self,
              HtPrediction *prediction)
{
  return ht_timeline_view_has_timeline (prediction);
}

/* Analysed, and the sound model had no answer: say so rather than leave a gap. (An answer
 * without patches, which the app's own CNN never gives, shows neither strip nor note.) */
static gboolean
timeline_missing (HtTrackPage  *self,
                  HtPrediction *prediction)
{
  return prediction != NULL && !ht_prediction_is_available (prediction);
}

static void
toast (HtTrackPage *self,
       const char  *text)
{
  g_signal_emit (self, signals[SIGNAL_TOAST], 0, text);
}

/* ---- playback ------------------------------------------------------------------------------ */

/* ~30 times a second while playing: only the cursor and the clock. */
static void
on_player_position_cb (HtTrackPage *self)
{
  HtPlayerState state = ht_player_get_state (self->player);

  ht_spectrogram_view_set_cursor (self->spectrogram_view,
                                  state == HT_PLAYER_STATE_STOPPED
                                    ? -1 : ht_player_get_position (self->player));
  gtk_widget_set_visible (self->position_label, state != HT_PLAYER_STATE_STOPPED);
  if (state != HT_PLAYER_STATE_STOPPED)
    {
      g_autofree char *position = ht_clock_format (ht_player_get_position (self->player));
      g_autofree char *duration = ht_clock_format (ht_player_get_duration (self->player));
      /* Translators: playback position and track length, e.g. "0:12 / 3:45" */
      g_autofree char *text = g_strdup_printf (_("%s / %s"), position, duration);

      gtk_label_set_text (GTK_LABEL (self->position_label), text);
    }
}

static void
on_player_state_cb (HtTrackPage *self)
{
  gboolean playing = ht_player_get_state (self->player) == HT_PLAYER_STATE_PLAYING;

  gtk_button_set_icon_name (GTK_BUTTON (self->play_button),
                            playing ? "media-playback-pause-symbolic"
                                    : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (self->play_button, playing ? _("Pause (Space)") : _("Play (Space)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  playing ? _("Pause") : _("Play"), -1);
  on_player_position_cb (self);
}

static void
on_player_error_cb (HtTrackPage  *self,
                    const GError *error)
{
  toast (self, error->message);
}

/* A click in the picture plays from there (its tooltip says so), paused or stopped alike. */
static void
on_spectrogram_seek_cb (HtTrackPage *self,
                        double       seconds)
{
  ht_player_seek (self->player, seconds);
  ht_player_play (self->player);
}

static void
toggle_playback_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  HtTrackPage *self = HT_TRACK_PAGE (widget);

  if (self->track != NULL)
    ht_player_toggle (self->player);
}

/* ---- export -------------------------------------------------------------------------------- */

static void on_track_spectrogram_cb (HtTrackPage *self);

typedef struct
{
  HtSpectrogram      *spectrogram;
  HtSpectrogramStyle  style;
  char               *title;
  GFile              *file;
  int                 width;
  int                 height;
} Export;

static void
export_free (Export *e)
{
  ht_spectrogram_unref (e->spectrogram);
  g_free (e->title);
  g_object_unref (e->file);
  g_free (e);
}

static void
export_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Export *e = task_data;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  /* The same figure as `hometown-cli spectrogram`, written atomically (temp file + rename). */
  if (!ht_spectrogram_renderer_write_png (e->spectrogram, &e->style, e->width, e->height,
                                          e->file, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Main thread, when the worker is done: the toast, then the caller's answer. */
static void
on_export_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  HtTrackPage *self = HT_TRACK_PAGE (source);
  g_autoptr(GTask) outer = user_data;
  Export *e = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (g_task_get_cancellable (G_TASK (result)) == self->exporting)   /* not replaced since */
    {
      g_clear_object (&self->exporting);
      on_track_spectrogram_cb (self);
    }
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Translators: the %s is the reason, which names the file */
          text = g_strdup_printf (_("Export failed: %s"), error->message);
          toast (self, text);
        }
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }
  {
    g_autofree char *base = g_file_get_basename (e->file);
    g_autofree char *display = g_filename_display_name (base);

    /* Translators: the %s is a file name */
    text = g_strdup_printf (_("Spectrogram saved as “%s”"), display);
    toast (self, text);
  }
  g_task_return_boolean (outer, TRUE);
}

void
_ht_track_page_export_async (HtTrackPage         *self,
                             GFile               *file,
                             int                  width,
                             int                  height,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) task = NULL;
  HtSpectrogram *spectrogram;
  Export *e;

  g_return_if_fail (HT_IS_TRACK_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->exporting != NULL)
    g_cancellable_cancel (self->exporting);
  g_clear_object (&self->exporting);
  self->exporting = g_cancellable_new ();
  outer = g_task_new (self, self->exporting, callback, user_data);
  g_task_set_source_tag (outer, _ht_track_page_export_async);
  spectrogram = self->track != NULL ? ht_track_get_spectrogram (self->track) : NULL;
  if (spectrogram == NULL)
    {
      g_clear_object (&self->exporting);
      g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               _("The spectrogram is not ready yet"));
      return;
    }
  e = g_new0 (Export, 1);
  e->spectrogram = ht_spectrogram_ref (spectrogram);
  ht_spectrogram_style_init (&e->style);
  e->style.colormap = self->colormap;
  e->style.db_range = (float) self->db_range;
  e->style.window_start = self->window_start;
  e->style.window_end = self->window_end;
  e->title = g_strdup (ht_track_get_display_title (self->track));
  e->style.title = e->title;
  e->file = g_object_ref (file);
  e->width = width;
  e->height = height;

  task = g_task_new (self, self->exporting, on_export_done_cb, g_steal_pointer (&outer));
  g_task_set_source_tag (task, export_worker);
  g_task_set_name (task, "[hometown] export spectrogram");
  g_task_set_task_data (task, e, (GDestroyNotify) export_free);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "track.export-spectrogram", FALSE);
  g_task_run_in_thread (task, export_worker);
}

gboolean
_ht_track_page_export_finish (HtTrackPage   *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

char *
_ht_track_page_export_name (HtTrackPage *self)
{
  g_autofree char *title = NULL;
  const char *artist;
  char *name;

  g_return_val_if_fail (HT_IS_TRACK_PAGE (self), NULL);
  if (self->track == NULL)
    return g_strdup ("spectrogram.png");
  title = g_strdup (ht_track_get_title (self->track));
  artist = ht_track_get_artist (self->track);
  /* An untitled track's title is its file name: drop the audio extension. */
  if (ht_track_get_info (self->track) == NULL
      || ht_track_get_info (self->track)->title == NULL)
    {
      char *dot = strrchr (title, '.');
      if (dot != NULL && dot != title)
        *dot = '\0';
    }
  name = artist != NULL ? g_strdup_printf ("%s - %s.png", artist, title)
                        : g_strdup_printf ("%s.png", title);
  g_strdelimit (name, "/", '-');   /* a tag is not a path */
  return name;
}

static void
on_export_chooser_response_cb (GtkNativeDialog *native,
                               int              response,
                               HtTrackPage     *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      /* The page toasts the result. */
      if (file != NULL)
        _ht_track_page_export_async (self, file, HT_TRACK_PAGE_EXPORT_WIDTH,
                                     HT_TRACK_PAGE_EXPORT_HEIGHT, NULL, NULL);
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
  g_object_unref (self);
}

static void
export_spectrogram_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  HtTrackPage *self = HT_TRACK_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *name = NULL;
  GtkFileChooserNative *native;
  GtkFileFilter *png;

  if (self->track == NULL || ht_track_get_spectrogram (self->track) == NULL)
    return;
  native = gtk_file_chooser_native_new (_("Export Spectrogram"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  name = _ht_track_page_export_name (self);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  png = gtk_file_filter_new ();
  gtk_file_filter_set_name (png, _("PNG Images"));
  gtk_file_filter_add_mime_type (png, "image/png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), png);
  g_object_unref (png);
  g_signal_connect (native, "response", G_CALLBACK (on_export_chooser_response_cb),
                    g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static gboolean
is_viewing (HtTrackPage *self,
            const char  *page)
{
  return g_strcmp0 (page, "editor") != 0;
}

static gboolean
can_revert (HtTrackPage    *self,
            HtLyricsSource  source,
            const char     *page)
{
  return source == HT_LYRICS_SOURCE_USER && is_viewing (self, page);
}

static char *
format_edit_label (HtTrackPage *self,
                   const char  *lyrics)
{
  return g_strdup (has_text (self, lyrics) ? _("_Edit…") : _("_Paste…"));
}

/* "62%", as on the cards. */
static char *
percent (double p)
{
  return g_strdup_printf (_("%d%%"), (int) round (100 * p));
}

/* ---- the combined verdict ------------------------------------------------------------------ */

static void
update_verdict (HtTrackPage *self)
{
  HtPrediction *cnn = self->track != NULL ? ht_track_get_cnn_prediction (self->track) : NULL;
  HtPrediction *lyrics = self->track != NULL ? ht_track_get_lyrics_prediction (self->track)
                                             : NULL;
  gboolean have_cnn = cnn != NULL && ht_prediction_is_available (cnn);
  gboolean have_lyrics = lyrics != NULL && ht_prediction_is_available (lyrics);
  g_autoptr(HtPrediction) combined = NULL;
  g_autofree char *note = NULL;
  gboolean warning = FALSE;
  gboolean shown = TRUE;

  if (self->track == NULL
      || ((cnn == NULL || lyrics == NULL) && ht_track_get_busy (self->track)))
    {
      /* A model is still at work: the card waits with it. */
    }
  else if (!have_cnn && !have_lyrics)
    {
      /* Nothing to join: the two cards below say why each has no answer. */
      shown = FALSE;
    }
  else if (have_cnn && have_lyrics)
    {
      combined = ht_prediction_combine (cnn, lyrics);
      if (ht_prediction_disagree (cnn, lyrics))
        {
          guint a = ht_prediction_get_top_region (cnn);
          guint b = ht_prediction_get_top_region (lyrics);
          g_autofree char *pa = percent (ht_prediction_get_probability (cnn, a));
          g_autofree char *pb = percent (ht_prediction_get_probability (lyrics, b));

          /* Translators: under the combined verdict when the two models disagree, e.g.
           * "Sound says South (62%), lyrics say East (55%)". The %s are regions and
           * percentages in this order; use %1$s…%4$s to reorder. */
          note = g_strdup_printf (_("Sound says %s (%s), lyrics say %s (%s)"),
                                  ht_prediction_region_name (a), pa,
                                  ht_prediction_region_name (b), pb);
          warning = TRUE;
        }
      else
        {
          /* Translators: under the combined verdict, e.g. "Sound and lyrics agree: East" */
          note = g_strdup_printf (_("Sound and lyrics agree: %s"),
                                  ht_prediction_region_name (ht_prediction_get_top_region (cnn)));
        }
    }
  else
    {
      HtPrediction *only = have_cnn ? cnn : lyrics;
      double p[HT_PREDICTION_N_REGIONS];

      /* A copy of the one answer, without the other card's detail line. */
      for (guint i = 0; i < HT_PREDICTION_N_REGIONS; i++)
        p[i] = ht_prediction_get_probability (only, i);
      combined = ht_prediction_new (p, NULL);
      note = g_strdup (have_cnn
                       ? _("Only the sound model answered: the verdict rests on it alone.")
                       : _("Only the lyrics model answered: the verdict rests on it alone."));
    }
  ht_prediction_card_set_prediction (self->combined_card, combined);
  ht_prediction_card_set_note (self->combined_card, note, warning);
  gtk_widget_set_visible (GTK_WIDGET (self->combined_card), shown);
}

/* ---- the lyrics model's explanation -------------------------------------------------------- */

static GtkWidget *
term_pill (const char *term,
           double      contribution,
           const char *region,
           gboolean    toward)
{
  GtkWidget *label = gtk_label_new (term);
  g_autofree char *tip = NULL;

  /* Translators: the tooltip of a word in the lyrics model's explanation, e.g. "+0.42 toward
   * East" or "−0.17 away from East" (log-odds) */
  tip = g_strdup_printf (toward ? _("%+.2f toward %s") : _("%+.2f away from %s"), contribution,
                         region);
  gtk_widget_set_tooltip_text (label, tip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  tip, -1);
  gtk_widget_add_css_class (label, "term");
  gtk_widget_add_css_class (label, toward ? "toward" : "away");
  return label;
}

static void
clear_flow_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    gtk_flow_box_remove (GTK_FLOW_BOX (box), child);
}

static void
update_explanation (HtTrackPage *self)
{
  HtPrediction *lyrics = self->track != NULL ? ht_track_get_lyrics_prediction (self->track)
                                             : NULL;
  guint n = lyrics != NULL ? ht_prediction_get_n_terms (lyrics) : 0;
  guint n_toward = 0, n_away = 0;
  const char *region;
  g_autofree char *toward_text = NULL;
  g_autofree char *away_text = NULL;

  clear_flow_box (self->toward_box);
  clear_flow_box (self->away_box);
  if (n == 0 || !ht_prediction_is_available (lyrics))
    {
      gtk_widget_set_visible (self->explanation_box, FALSE);
      return;
    }
  region = ht_prediction_region_name (ht_prediction_get_top_region (lyrics));
  for (guint i = 0; i < n; i++)
    {
      double contribution = 0;
      const char *term = ht_prediction_get_term (lyrics, i, &contribution);
      gboolean toward = contribution > 0;

      if (contribution == 0)
        continue;
      GtkWidget *pill = term_pill (term, contribution, region, toward);

      gtk_flow_box_append (GTK_FLOW_BOX (toward ? self->toward_box : self->away_box), pill);
      /* The flow box child is what takes keyboard focus: it shows the weight too. */
      gtk_widget_set_tooltip_text (gtk_widget_get_parent (pill),
                                   gtk_widget_get_tooltip_text (pill));
      if (toward)
        n_toward++;
      else
        n_away++;
    }
  /* Translators: over the words that pushed the lyrics model toward its answer, e.g. "Words
   * pointing to East" */
  toward_text = g_strdup_printf (_("Words pointing to %s"), region);
  /* Translators: over the words that pulled the lyrics model away from its answer */
  away_text = g_strdup_printf (_("Words pointing away from %s"), region);
  gtk_label_set_text (GTK_LABEL (self->toward_title), toward_text);
  gtk_label_set_text (GTK_LABEL (self->away_title), away_text);
  gtk_widget_set_visible (self->toward_title, n_toward > 0);
  gtk_widget_set_visible (self->toward_box, n_toward > 0);
  gtk_widget_set_visible (self->away_title, n_away > 0);
  gtk_widget_set_visible (self->away_box, n_away > 0);
  gtk_widget_set_visible (self->explanation_box, n_toward + n_away > 0);
}

static void
on_track_notify_cb (HtTrack     *track,
                    GParamSpec  *pspec,
                    HtTrackPage *self)
{
  if (g_str_equal (pspec->name, "lyrics-prediction"))
    update_explanation (self);
  if (g_str_equal (pspec->name, "lyrics-prediction") || g_str_equal (pspec->name, "cnn-prediction")
      || g_str_equal (pspec->name, "state"))
    update_verdict (self);
}

/* ---- the lyrics editor --------------------------------------------------------------------- */

static HtLyricsStore *
get_store (HtTrackPage *self)
{
  if (self->lyrics_store == NULL)
    self->lyrics_store = ht_lyrics_store_new (NULL);
  return self->lyrics_store;
}

static void
show_lyrics_error (HtTrackPage *self,
                   const char  *message)
{
  gtk_label_set_text (GTK_LABEL (self->lyrics_error_label), message != NULL ? message : "");
  gtk_widget_set_visible (self->lyrics_error_label, message != NULL);
}

static void
set_busy (HtTrackPage *self,
          gboolean     busy)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lyrics.save", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lyrics.revert", !busy);
}

static gboolean
editor_is_open (HtTrackPage *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (self->lyrics_stack)),
                    "editor") == 0;
}

/* A save already under way still completes: the user asked for it. */
static void
close_editor (HtTrackPage *self)
{
  show_lyrics_error (self, NULL);
  gtk_stack_set_visible_child_name (GTK_STACK (self->lyrics_stack), "view");
}

/* Words typed and not saved stay with their track when another one is shown, and come back
 * in the editor when it is shown again. */
static char *
editor_text (HtTrackPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->lyrics_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
keep_draft (HtTrackPage *self)
{
  g_autofree char *text = NULL;

  if (self->track == NULL || !editor_is_open (self))
    return;
  /* (GtkTextBuffer's modified flag is not it: set_text() clears it.) */
  text = editor_text (self);
  if (g_strcmp0 (text, self->editor_opened_with) != 0)
    g_hash_table_replace (self->drafts, g_object_ref (self->track), g_steal_pointer (&text));
  else
    g_hash_table_remove (self->drafts, self->track);
}

static void
open_editor (HtTrackPage *self,
             const char  *text,
             const char  *opened_with)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->lyrics_view);

  gtk_text_buffer_set_text (buffer, text != NULL ? text : "", -1);
  g_free (self->editor_opened_with);
  self->editor_opened_with = g_strdup (opened_with != NULL ? opened_with : "");
  show_lyrics_error (self, NULL);
  gtk_stack_set_visible_child_name (GTK_STACK (self->lyrics_stack), "editor");
}

static void
lyrics_edit_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ht_track_page_edit_lyrics (HT_TRACK_PAGE (widget));
}

static void
lyrics_cancel_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  HtTrackPage *self = HT_TRACK_PAGE (widget);
  gboolean had_focus = gtk_widget_has_focus (GTK_WIDGET (self->lyrics_view));

  /* Cancel is the user's word that the typed text may go. */
  if (self->track != NULL)
    g_hash_table_remove (self->drafts, self->track);
  close_editor (self);
  if (had_focus)
    gtk_widget_grab_focus (GTK_WIDGET (gtk_widget_get_template_child (widget, HT_TYPE_TRACK_PAGE,
                                                                       "edit_button")));
}

typedef struct
{
  HtTrackPage *page;
  HtTrack     *track;
  char        *text;    /* NULL: a revert */
} StoreOp;

static void
store_op_free (StoreOp *op)
{
  g_object_unref (op->page);
  g_object_unref (op->track);
  g_free (op->text);
  g_free (op);
}

static void
on_store_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  StoreOp *op = user_data;
  HtTrackPage *self = op->page;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (op->text != NULL)
    ok = ht_lyrics_store_save_finish (HT_LYRICS_STORE (source), result, &error);
  else
    ok = ht_lyrics_store_remove_finish (HT_LYRICS_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      store_op_free (op);
      return;
    }
  g_clear_object (&self->store_cancellable);
  set_busy (self, FALSE);
  if (!ok)
    {
      /* The editor stays open with the words in it: nothing typed is lost. */
      show_lyrics_error (self, error->message);
      store_op_free (op);
      return;
    }
  /* NULL forgets the user's lyrics; the next analysis reads the file's again. */
  ht_track_set_user_lyrics (op->track, op->text);
  g_hash_table_remove (self->drafts, op->track);
  if (op->track == self->track)
    close_editor (self);
  g_signal_emit (self, signals[SIGNAL_LYRICS_CHANGED], 0, op->track);
  store_op_free (op);
}

static void
start_store_op (HtTrackPage *self,
                const char  *text)
{
  g_autofree char *uri = NULL;
  StoreOp *op;

  if (self->track == NULL || self->store_cancellable != NULL)
    return;
  uri = g_file_get_uri (ht_track_get_file (self->track));
  op = g_new0 (StoreOp, 1);
  op->page = g_object_ref (self);
  op->track = g_object_ref (self->track);
  op->text = g_strdup (text);
  self->store_cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  show_lyrics_error (self, NULL);
  if (text != NULL)
    ht_lyrics_store_save_async (get_store (self), uri, text, self->store_cancellable,
                                on_store_done_cb, op);
  else
    ht_lyrics_store_remove_async (get_store (self), uri, self->store_cancellable,
                                  on_store_done_cb, op);
}

static void
lyrics_save_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  HtTrackPage *self = HT_TRACK_PAGE (widget);
  g_autofree char *text = NULL;

  if (!editor_is_open (self))
    return;
  text = editor_text (self);
  start_store_op (self, text);
}

static void
lyrics_revert_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  start_store_op (HT_TRACK_PAGE (widget), NULL);
}

static void
on_zoom_in_clicked_cb (HtTrackPage *self)
{
  ht_spectrogram_view_set_zoom (self->spectrogram_view,
                                ht_spectrogram_view_get_zoom (self->spectrogram_view) * 2);
}

static void
on_zoom_out_clicked_cb (HtTrackPage *self)
{
  ht_spectrogram_view_set_zoom (self->spectrogram_view,
                                ht_spectrogram_view_get_zoom (self->spectrogram_view) / 2);
}

static void
ht_track_page_dispose (GObject *object)
{
  HtTrackPage *self = HT_TRACK_PAGE (object);

  if (self->player != NULL)
    {
      /* Closing stops the sound at once, whoever still holds the player. */
      ht_player_stop (self->player);
      g_signal_handlers_disconnect_by_data (self->player, self);
    }
  if (self->exporting != NULL)
    g_cancellable_cancel (self->exporting);
  g_clear_object (&self->exporting);
  g_cancellable_cancel (self->store_cancellable);
  g_clear_object (&self->store_cancellable);
  if (self->track != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->track, on_track_spectrogram_cb, self);
      g_clear_signal_handler (&self->track_notify_id, self->track);
    }
  if (self->map_popover != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->map_popover));
      self->map_popover = NULL;
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), HT_TYPE_TRACK_PAGE);
  self->button_popover = NULL;
  g_clear_object (&self->track);
  g_clear_object (&self->player);
  g_clear_object (&self->lyrics_store);
  g_clear_object (&self->origins);
  g_clear_pointer (&self->drafts, g_hash_table_unref);
  g_clear_pointer (&self->editor_opened_with, g_free);
  G_OBJECT_CLASS (ht_track_page_parent_class)->dispose (object);
}

static void
ht_track_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  HtTrackPage *self = HT_TRACK_PAGE (object);

  switch (prop_id)
    {
    case PROP_TRACK:
      g_value_set_object (value, self->track);
      break;
    case PROP_COLORMAP:
      g_value_set_enum (value, self->colormap);
      break;
    case PROP_DB_RANGE:
      g_value_set_double (value, self->db_range);
      break;
    case PROP_WINDOW_START:
      g_value_set_double (value, self->window_start);
      break;
    case PROP_WINDOW_END:
      g_value_set_double (value, self->window_end);
      break;
    case PROP_LYRICS_STORE:
      g_value_set_object (value, self->lyrics_store);
      break;
    case PROP_ORIGINS:
      g_value_set_object (value, self->origins);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_double (HtTrackPage *self,
            double      *field,
            double       value,
            guint        prop_id)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
ht_track_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  HtTrackPage *self = HT_TRACK_PAGE (object);

  switch (prop_id)
    {
    case PROP_TRACK:
      ht_track_page_set_track (self, g_value_get_object (value));
      break;
    case PROP_COLORMAP:
      if (self->colormap != (HtcColormap) g_value_get_enum (value))
        {
          self->colormap = g_value_get_enum (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_DB_RANGE:
      set_double (self, &self->db_range, g_value_get_double (value), prop_id);
      break;
    case PROP_WINDOW_START:
      set_double (self, &self->window_start, g_value_get_double (value), prop_id);
      break;
    case PROP_WINDOW_END:
      set_double (self, &self->window_end, g_value_get_double (value), prop_id);
      break;
    case PROP_LYRICS_STORE:
      ht_track_page_set_lyrics_store (self, g_value_get_object (value));
      break;
    case PROP_ORIGINS:
      ht_track_page_set_origins (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_track_page_class_init (HtTrackPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ht_track_page_dispose;
  object_class->get_property = ht_track_page_get_property;
  object_class->set_property = ht_track_page_set_property;

  properties[PROP_TRACK] = g_param_spec_object ("track", NULL, NULL, HT_TYPE_TRACK, rw);
  properties[PROP_COLORMAP] =
    g_param_spec_enum ("colormap", NULL, NULL, HT_TYPE_COLORMAP, HTC_COLORMAP_MAGMA, rw);
  properties[PROP_DB_RANGE] = g_param_spec_double ("db-range", NULL, NULL, 10, 200, 80, rw);
  properties[PROP_WINDOW_START] =
    g_param_spec_double ("window-start", NULL, NULL, 0, G_MAXDOUBLE, 30, rw);
  properties[PROP_WINDOW_END] =
    g_param_spec_double ("window-end", NULL, NULL, 0, G_MAXDOUBLE, 75, rw);
  properties[PROP_LYRICS_STORE] =
    g_param_spec_object ("lyrics-store", NULL, NULL, HT_TYPE_LYRICS_STORE, rw);
  properties[PROP_ORIGINS] =
    g_param_spec_object ("origins", NULL, NULL, HT_TYPE_ORIGIN_TABLE, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A message for the window to show as a toast (export done, playback failed). */
  signals[SIGNAL_TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "track.toggle-playback", NULL,
                                   toggle_playback_action);
  gtk_widget_class_install_action (widget_class, "track.export-spectrogram", NULL,
                                   export_spectrogram_action);
  /* The user saved or reverted a track's lyrics: its lyrics model should run again. */
  signals[SIGNAL_LYRICS_CHANGED] =
    g_signal_new ("lyrics-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, HT_TYPE_TRACK);

  gtk_widget_class_install_action (widget_class, "lyrics.edit", NULL, lyrics_edit_action);
  gtk_widget_class_install_action (widget_class, "lyrics.save", NULL, lyrics_save_action);
  gtk_widget_class_install_action (widget_class, "lyrics.cancel", NULL, lyrics_cancel_action);
  gtk_widget_class_install_action (widget_class, "lyrics.revert", NULL, lyrics_revert_action);

  g_type_ensure (HT_TYPE_TRACK);
  g_type_ensure (HT_TYPE_TIMELINE_VIEW);
  g_type_ensure (HT_TYPE_SPECTROGRAM_VIEW);
  g_type_ensure (HT_TYPE_PREDICTION_CARD);
  g_type_ensure (HT_TYPE_MAP_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, HT_RESOURCE_PATH "ht-track-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HtTrackPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HtTrackPage, spectrogram_view);
  gtk_widget_class_bind_template_child (widget_class, HtTrackPage, cnn_card);
  gtk_widget_class_bind_template_child (widget_class, HtTrackPage, lyrics_card);
  gtk_widget_class_bind_template_child (widget_class, HtTrackPage, timeline_view);
  gtk_widget_class_bind_template_child (widget_class, HtTrackPage, play_button);
  gtk_widget_class_bind_template_child (widget_class, HtTrackPage, position_label);
  gtk_widget_class_bind_template_child (widget_class, HtTrackPage, timeline_missing_label);
  gtk_widget_class_bind_template_callback (widget_class, has_timeline);
  gtk_widget_class_bind_template_callback (widget_class, timeline_missing);
  gtk_widget_class_bind_template_child (widget_class, HtTrackPage, combined_card);
  gtk_widget_class_bind_template_child (widget_class, HtTrackPage, explanation_box);
  gtk_widget_class_bind_template_child (widget_class, HtTrackPage, toward_title);
  gtk_widget_class_bind_template_child (widget_class, HtTrackPage, toward_box);
  gtk_widget_class_bind_template_child (widget_class, HtTrackPage, away_title);
  gtk_widget_class_bind_template_child (widget_class, HtTrackPage, away_box);
  gtk_widget_class_bind_template_child (widget_class, HtTrackPage, lyrics_stack);
  gtk_widget_class_bind_template_child (widget_class, HtTrackPage, lyrics_error_label);
  gtk_widget_class_bind_template_child (widget_class, HtTrackPage, lyrics_view);
  /* Tracked (not stored) so tests can press them. */
  gtk_widget_class_bind_template_child_full (widget_class, "edit_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "revert_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "save_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "cancel_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "lyrics_source_label", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "editor_box", FALSE, 0);
  gtk_widget_class_bind_template_child (widget_class, HtTrackPage, map_view);
  gtk_widget_class_bind_template_child (widget_class, HtTrackPage, correct_button);
  gtk_widget_class_bind_template_child (widget_class, HtTrackPage, correction_label);
  gtk_widget_class_bind_template_callback (widget_class, format_correct_label);
  gtk_widget_class_bind_template_callback (widget_class, can_correct);
  gtk_widget_class_bind_template_callback (widget_class, on_map_hometown_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, page_for_state);
  gtk_widget_class_bind_template_callback (widget_class, page_for_spectrogram);
  gtk_widget_class_bind_template_callback_full (widget_class, "stack_transition_after_wait",
                                                G_CALLBACK (ht_delayed_spinner_stack_transition));
  gtk_widget_class_bind_template_callback (widget_class, format_error);
  gtk_widget_class_bind_template_callback (widget_class, format_artist);
  gtk_widget_class_bind_template_callback (widget_class, format_meta);
  gtk_widget_class_bind_template_callback (widget_class, format_hometown);
  gtk_widget_class_bind_template_callback (widget_class, is_zoomed);
  gtk_widget_class_bind_template_callback (widget_class, can_zoom_in);
  gtk_widget_class_bind_template_callback (widget_class, format_readout);
  gtk_widget_class_bind_template_callback (widget_class, format_lyrics_source);
  gtk_widget_class_bind_template_callback (widget_class, has_text);
  gtk_widget_class_bind_template_callback (widget_class, has_no_text);
  gtk_widget_class_bind_template_callback (widget_class, is_viewing);
  gtk_widget_class_bind_template_callback (widget_class, can_revert);
  gtk_widget_class_bind_template_callback (widget_class, format_edit_label);
  gtk_widget_class_bind_template_callback (widget_class, on_zoom_in_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_zoom_out_clicked_cb);
  gtk_widget_class_set_css_name (widget_class, "trackpage");
}

static void
ht_track_page_init (HtTrackPage *self)
{
  self->colormap = HTC_COLORMAP_MAGMA;
  self->db_range = 80;
  self->window_start = 30;
  self->window_end = 75;
  self->drafts = g_hash_table_new_full (NULL, NULL, g_object_unref, g_free);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->button_popover = HT_HOMETOWN_POPOVER (ht_hometown_popover_new ());
  gtk_menu_button_set_popover (self->correct_button, GTK_WIDGET (self->button_popover));
  gtk_menu_button_set_create_popup_func (self->correct_button, create_button_popup_cb, self, NULL);
  self->map_popover = HT_HOMETOWN_POPOVER (ht_hometown_popover_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->map_popover), GTK_WIDGET (self->map_view));
  g_signal_connect_swapped (self->button_popover, "saved", G_CALLBACK (on_hometown_saved_cb), self);
  g_signal_connect_swapped (self->map_popover, "saved", G_CALLBACK (on_hometown_saved_cb), self);

  self->player = ht_player_new ();
  g_signal_connect_swapped (self->player, "notify::state", G_CALLBACK (on_player_state_cb),
                            self);
  g_signal_connect_swapped (self->player, "notify::position", G_CALLBACK (on_player_position_cb),
                            self);
  g_signal_connect_swapped (self->player, "notify::duration", G_CALLBACK (on_player_position_cb),
                            self);
  g_signal_connect_swapped (self->player, "error", G_CALLBACK (on_player_error_cb), self);
  g_signal_connect_swapped (self->spectrogram_view, "seek", G_CALLBACK (on_spectrogram_seek_cb),
                            self);

  /* Space plays and pauses while the focus is anywhere on the page. A focused text field or
   * button sees the key first (bubble phase), so typing and pressing buttons still work. */
  {
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();

    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_space,
                                                                                    0),
                                                            gtk_named_action_new (
                                                              "track.toggle-playback")));
    gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
  }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "track.toggle-playback", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "track.export-spectrogram", FALSE);
  update_verdict (self);
  update_explanation (self);
}

static void
on_track_spectrogram_cb (HtTrackPage *self)
{
  gboolean ready = self->track != NULL && ht_track_get_spectrogram (self->track) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "track.export-spectrogram",
                                 ready && self->exporting == NULL);
}

GtkWidget *
ht_track_page_new (void)
{
  return g_object_new (HT_TYPE_TRACK_PAGE, NULL);
}

HtTrack *
ht_track_page_get_track (HtTrackPage *self)
{
  g_return_val_if_fail (HT_IS_TRACK_PAGE (self), NULL);
  return self->track;
}

void
ht_track_page_set_track (HtTrackPage *self,
                         HtTrack     *track)
{
  g_return_if_fail (HT_IS_TRACK_PAGE (self));
  g_return_if_fail (track == NULL || HT_IS_TRACK (track));

  if (self->track == track)
    return;
  if (self->track != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->track, on_track_spectrogram_cb, self);
      g_clear_signal_handler (&self->track_notify_id, self->track);
    }
  /* Unsaved words belong to the track they were typed for. */
  keep_draft (self);
  close_editor (self);
  /* A confirmation is about the track it was made on. */
  gtk_widget_set_visible (GTK_WIDGET (self->correction_label), FALSE);
  g_set_object (&self->track, track);
  /* Another track: the old one's sound stops. (An export under way finishes: it has its own
   * copy of what it draws.) */
  ht_player_set_file (self->player, track != NULL ? ht_track_get_file (track) : NULL);
  if (track != NULL)
    {
      g_signal_connect_swapped (track, "notify::spectrogram", G_CALLBACK (on_track_spectrogram_cb),
                                self);
      self->track_notify_id = g_signal_connect (track, "notify", G_CALLBACK (on_track_notify_cb),
                                                self);
    }
  on_track_spectrogram_cb (self);
  if (track != NULL && g_hash_table_contains (self->drafts, track))
    open_editor (self, g_hash_table_lookup (self->drafts, track), ht_track_get_lyrics (track));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "track.toggle-playback", track != NULL);
  update_verdict (self);
  update_explanation (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRACK]);
}

HtPlayer *
ht_track_page_get_player (HtTrackPage *self)
{
  g_return_val_if_fail (HT_IS_TRACK_PAGE (self), NULL);
  return self->player;
}

HtLyricsStore *
ht_track_page_get_lyrics_store (HtTrackPage *self)
{
  g_return_val_if_fail (HT_IS_TRACK_PAGE (self), NULL);
  return self->lyrics_store;
}

void
ht_track_page_set_lyrics_store (HtTrackPage   *self,
                                HtLyricsStore *store)
{
  g_return_if_fail (HT_IS_TRACK_PAGE (self));
  g_return_if_fail (store == NULL || HT_IS_LYRICS_STORE (store));

  if (g_set_object (&self->lyrics_store, store))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LYRICS_STORE]);
}

void
ht_track_page_focus_playback (HtTrackPage *self)
{
  g_return_if_fail (HT_IS_TRACK_PAGE (self));
  gtk_widget_grab_focus (self->play_button);
}

void
ht_track_page_edit_lyrics (HtTrackPage *self)
{
  g_return_if_fail (HT_IS_TRACK_PAGE (self));

  if (self->track == NULL)
    return;
  if (!editor_is_open (self))
    open_editor (self, ht_track_get_lyrics (self->track), ht_track_get_lyrics (self->track));
  gtk_widget_grab_focus (GTK_WIDGET (self->lyrics_view));
}

void
ht_track_page_discard_unsaved_lyrics (HtTrackPage *self,
                                      HtTrack     *track)
{
  g_return_if_fail (HT_IS_TRACK_PAGE (self));
  g_return_if_fail (HT_IS_TRACK (track));

  g_hash_table_remove (self->drafts, track);
  if (track == self->track)
    close_editor (self);
}

guint
ht_track_page_get_n_unsaved_lyrics (HtTrackPage *self)
{
  g_return_val_if_fail (HT_IS_TRACK_PAGE (self), 0);

  /* The open editor's words count too: file them with the others first. */
  keep_draft (self);
  return g_hash_table_size (self->drafts);
}

HtOriginTable *
ht_track_page_get_origins (HtTrackPage *self)
{
  g_return_val_if_fail (HT_IS_TRACK_PAGE (self), NULL);
  return self->origins;
}

void
ht_track_page_set_origins (HtTrackPage   *self,
                           HtOriginTable *origins)
{
  g_return_if_fail (HT_IS_TRACK_PAGE (self));
  g_return_if_fail (origins == NULL || HT_IS_ORIGIN_TABLE (origins));

  if (g_set_object (&self->origins, origins))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORIGINS]);
}

HtSpectrogramView *
_ht_track_page_get_spectrogram_view (HtTrackPage *self)
{
  return self->spectrogram_view;
}

HtPredictionCard *
_ht_track_page_get_cnn_card (HtTrackPage *self)
{
  return self->cnn_card;
}

HtPredictionCard *
_ht_track_page_get_lyrics_card (HtTrackPage *self)
{
  return self->lyrics_card;
}

HtTimelineView *
_ht_track_page_get_timeline_view (HtTrackPage *self)
{
  return self->timeline_view;
}

HtPredictionCard *
_ht_track_page_get_combined_card (HtTrackPage *self)
{
  return self->combined_card;
}

HtMapView *
_ht_track_page_get_map_view (HtTrackPage *self)
{
  return self->map_view;
}

HtHometownPopover *
_ht_track_page_get_map_popover (HtTrackPage *self)
{
  return self->map_popover;
}

HtHometownPopover *
_ht_track_page_get_button_popover (HtTrackPage *self)
{
  return self->button_popover;
}

GtkMenuButton *
_ht_track_page_get_correct_button (HtTrackPage *self)
{
  return self->correct_button;
}

GtkLabel *
_ht_track_page_get_correction_label (HtTrackPage *self)
{
  return self->correction_label;
}
