/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-train-window"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "ht-audio-trainer.h"
#include "ht-origin-table.h"
#include "ht-prediction.h"
#include "ht-train-window-private.h"
#include "ht-widgets.h"

/* The trainer needs decodable tracks of at least two regions; a region is tested on held-out
 * artists only when it has two or more (one group always stays for training). */
#define MIN_REGIONS 2
#define MIN_ARTISTS_TO_TEST 2
/* Below this, say plainly that the figures will be noisy. */
#define FEW_TRACKS_PER_REGION 20
/* Left-out tracks listed by name in each expander (the rest are counted). */
#define MAX_LISTED 200

typedef struct
{
  double accuracy;
  double macro_f1;
  double loss;
  gboolean improved;
} EpochPoint;

struct _HtTrainWindow
{
  AdwWindow             parent_instance;

  GtkStack             *stack;
  AdwStatusPage        *scan_status;
  GtkProgressBar       *scan_progress;
  AdwPreferencesGroup  *labelled_group;
  AdwPreferencesGroup  *skipped_group;
  GtkLabel             *scan_message;
  GtkButton            *train_button;
  GtkLabel             *train_note;
  GtkProgressBar       *train_progress;
  GtkDrawingArea       *curve_area;
  AdwPreferencesGroup  *epochs_group;
  GtkButton            *train_cancel_button;
  GtkLabel             *result_title;
  GtkLabel             *result_summary;
  AdwPreferencesGroup  *result_group;
  AdwPreferencesGroup  *recall_group;
  AdwPreferencesGroup  *confusion_group;
  GtkGrid              *confusion_grid;
  GtkButton            *discard_button;
  GtkButton            *keep_button;
  GtkButton            *done_button;
  AdwStatusPage        *error_status;

  HtWindow             *main_window;      /* weak */
  GtkFileChooserNative *chooser;
  GCancellable         *cancellable;      /* of the scan or the training running now */
  GTask                *scan_task;
  guint                 scan_poll_id;
  GFile                *folder;
  HtAudioDataset       *dataset;          /* freed in finalize: a training thread borrows it */
  HtAudioTrainOptions   options;
  char                 *model_path;
  HtAudioModel         *model;            /* trained and not saved yet */
  HtTrainResult         result;
  HtTrainProgress       progress;
  GArray               *epochs;           /* EpochPoint */
  GPtrArray            *rows[5];          /* rows added to the groups below, to remove them */
  guint                 busy : 1;
  guint                 closing : 1;
};

enum { ROWS_LABELLED, ROWS_SKIPPED, ROWS_EPOCHS, ROWS_RESULT, ROWS_RECALL };

G_DEFINE_FINAL_TYPE (HtTrainWindow, ht_train_window, ADW_TYPE_WINDOW)

static AdwPreferencesGroup *
group_for (HtTrainWindow *self, guint which)
{
  AdwPreferencesGroup *groups[] = {
    self->labelled_group, self->skipped_group, self->epochs_group, self->result_group,
    self->recall_group,
  };
  return groups[which];
}

static void
clear_rows (HtTrainWindow *self, guint which)
{
  GPtrArray *rows = self->rows[which];

  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group_for (self, which), rows->pdata[i]);
  g_ptr_array_set_size (rows, 0);
}

static GtkWidget *
add_row (HtTrainWindow *self, guint which, const char *title, const char *subtitle,
         const char *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (value != NULL)
    {
      GtkWidget *label = gtk_label_new (value);

      gtk_widget_add_css_class (label, "numeric");
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  adw_preferences_group_add (group_for (self, which), row);
  g_ptr_array_add (self->rows[which], row);
  return row;
}

static void
set_busy (HtTrainWindow *self, gboolean busy)
{
  self->busy = busy;
  if (!busy)
    g_clear_object (&self->cancellable);
}

static char *
percent (double fraction)
{
  /* Translators: a percentage */
  return g_strdup_printf (_("%.0f %%"), 100 * fraction);
}

/* ---- step 2: scanning ---------------------------------------------------------------------- */

typedef struct
{
  GFile *folder;
  gint   done;     /* atomic: read by the main thread's poll */
  gint   total;
} ScanJob;

static void
scan_job_free (gpointer data)
{
  ScanJob *job = data;

  g_object_unref (job->folder);
  g_free (job);
}

static void
scan_progress_cb (guint done, guint total, gpointer user_data)
{
  ScanJob *job = user_data;

  g_atomic_int_set (&job->total, (gint) total);
  g_atomic_int_set (&job->done, (gint) done);
}

static void
scan_worker (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ScanJob *job = task_data;
  g_autoptr(HtOriginTable) origins = NULL;
  HtAudioDataset *dataset;
  GError *error = NULL;

  origins = ht_origin_table_load_default (&error);
  if (origins == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  dataset = ht_audio_dataset_scan_full (job->folder, ht_origin_table_artist_region, origins,
                                        scan_progress_cb, job, cancellable, &error);
  if (dataset == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, dataset, (GDestroyNotify) ht_audio_dataset_free);
}

static gboolean
scan_poll_cb (gpointer user_data)
{
  HtTrainWindow *self = user_data;
  ScanJob *job = g_task_get_task_data (self->scan_task);
  guint done = (guint) g_atomic_int_get (&job->done), total = (guint) g_atomic_int_get (&job->total);
  g_autofree char *text = NULL;

  if (total == 0)
    {
      gtk_progress_bar_pulse (self->scan_progress);
      gtk_progress_bar_set_text (self->scan_progress, _("Looking for audio files…"));
    }
  else
    {
      /* Translators: tags read so far, e.g. "12 of 340 tracks" */
      text = g_strdup_printf (ngettext ("%u of %u track", "%u of %u tracks", total), done, total);
      gtk_progress_bar_set_fraction (self->scan_progress, (double) done / total);
      gtk_progress_bar_set_text (self->scan_progress, text);
    }
  return G_SOURCE_CONTINUE;
}

static void
show_error (HtTrainWindow *self, const char *title, const char *message)
{
  adw_status_page_set_title (self->error_status, title);
  adw_status_page_set_description (self->error_status, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static GtkWidget *
skipped_expander (HtTrainWindow *self, HtAudioSkipReason reason, const char *title)
{
  GtkWidget *expander = NULL;
  guint n = 0, listed = 0;

  for (guint i = 0; i < self->dataset->skipped->len; i++)
    {
      HtAudioSkip *skip = self->dataset->skipped->pdata[i];
      g_autofree char *base = NULL;
      GtkWidget *row;

      if (skip->reason != reason)
        continue;
      n++;
      if (expander == NULL)
        {
          expander = adw_expander_row_new ();
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
        }
      if (listed++ >= MAX_LISTED)
        continue;
      base = g_path_get_basename (skip->path);
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), base);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   skip->artist != NULL ? skip->artist : _("No artist tag"));
      gtk_widget_set_tooltip_text (row, skip->path);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
    }
  if (expander != NULL)
    {
      g_autofree char *count = NULL;

      if (n > MAX_LISTED)
        /* Translators: the first number is how many tracks are listed */
        count = g_strdup_printf (_("%u tracks, the first %u listed"), n, (guint) MAX_LISTED);
      else
        count = g_strdup_printf (ngettext ("%u track", "%u tracks", n), n);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), count);
      adw_preferences_group_add (self->skipped_group, expander);
      g_ptr_array_add (self->rows[ROWS_SKIPPED], expander);
    }
  return expander;
}

static void
show_dataset (HtTrainWindow *self)
{
  HtAudioDataset *ds = self->dataset;
  guint tracks[HT_AUDIO_N_REGIONS] = { 0 }, artists[HT_AUDIO_N_REGIONS] = { 0 };
  guint n_regions = 0, n_untestable = 0, n_few = 0;
  GString *message = g_string_new (NULL);
  g_autofree char *folder_name = g_file_get_basename (self->folder);
  g_autofree char *description = NULL;

  for (guint k = 0; k < HT_AUDIO_N_REGIONS; k++)
    {
      g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      for (guint i = 0; i < ds->items->len; i++)
        {
          HtAudioItem *item = ds->items->pdata[i];

          if (item->label != k)
            continue;
          tracks[k]++;
          g_hash_table_add (seen, g_utf8_casefold (item->artist, -1));
        }
      artists[k] = g_hash_table_size (seen);
      n_regions += tracks[k] > 0;
      n_untestable += tracks[k] > 0 && artists[k] < MIN_ARTISTS_TO_TEST;
      n_few += tracks[k] > 0 && tracks[k] < FEW_TRACKS_PER_REGION;
    }

  clear_rows (self, ROWS_LABELLED);
  clear_rows (self, ROWS_SKIPPED);
  description = ds->by_folders
    ? g_strdup_printf (_("In “%s”, by the region folders they are in"), folder_name)
    : g_strdup_printf (_("In “%s”, from where each track’s artist comes from"), folder_name);
  adw_preferences_group_set_description (self->labelled_group, description);
  for (guint k = 0; k < HT_AUDIO_N_REGIONS; k++)
    {
      g_autofree char *count = g_strdup_printf (ngettext ("%u track", "%u tracks", tracks[k]),
                                                tracks[k]);
      g_autofree char *by = g_strdup_printf (ngettext ("by %u artist", "by %u artists", artists[k]),
                                             artists[k]);

      add_row (self, ROWS_LABELLED, ht_prediction_region_name (k),
               tracks[k] > 0 ? by : NULL, count);
    }

  skipped_expander (self, HT_AUDIO_SKIP_UNKNOWN, _("Unknown Artist"));
  skipped_expander (self, HT_AUDIO_SKIP_NOT_US, _("Artist Not From the US"));
  skipped_expander (self, HT_AUDIO_SKIP_UNREADABLE, _("Tags Unreadable"));
  gtk_widget_set_visible (GTK_WIDGET (self->skipped_group), self->rows[ROWS_SKIPPED]->len > 0);

  gtk_widget_remove_css_class (GTK_WIDGET (self->scan_message), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->scan_message), "dim-label");
  if (n_regions < MIN_REGIONS)
    {
      g_string_append_printf (message,
                              ngettext ("Too few tracks to train: training needs tracks by artists "
                                        "from at least %u regions, and this folder has them from %u.",
                                        "Too few tracks to train: training needs tracks by artists "
                                        "from at least %u regions, and this folder has them from %u.",
                                        n_regions),
                              (guint) MIN_REGIONS, n_regions);
      gtk_widget_add_css_class (GTK_WIDGET (self->scan_message), "error");
    }
  else
    {
      if (n_untestable > 0)
        g_string_append_printf (message,
                                _("Regions with fewer than %u artists cannot be tested on artists "
                                  "held out from training, so their figures will be missing. "),
                                (guint) MIN_ARTISTS_TO_TEST);
      if (n_few > 0)
        g_string_append_printf (message,
                                _("With fewer than %u tracks in a region the model will be weak "
                                  "and its figures will vary a lot; a few dozen tracks per region, "
                                  "by several artists each, work better."),
                                (guint) FEW_TRACKS_PER_REGION);
      gtk_widget_add_css_class (GTK_WIDGET (self->scan_message), "dim-label");
    }
  gtk_label_set_text (self->scan_message, message->str);
  gtk_widget_set_visible (GTK_WIDGET (self->scan_message), message->len > 0);
  g_string_free (message, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->train_button), n_regions >= MIN_REGIONS);
  gtk_stack_set_visible_child_name (self->stack, "scanned");
  if (n_regions >= MIN_REGIONS)
    gtk_widget_grab_focus (GTK_WIDGET (self->train_button));
}

static void
on_scan_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  HtTrainWindow *self = HT_TRAIN_WINDOW (source);
  g_autoptr(GError) error = NULL;
  HtAudioDataset *dataset;

  dataset = g_task_propagate_pointer (G_TASK (result), &error);
  if (self->closing)
    {
      g_clear_pointer (&dataset, ht_audio_dataset_free);
      return;
    }
  g_clear_handle_id (&self->scan_poll_id, g_source_remove);
  g_clear_object (&self->scan_task);
  set_busy (self, FALSE);
  if (dataset == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_stack_set_visible_child_name (self->stack, "start");
      else
        show_error (self, _("Could Not Read the Folder"), error->message);
      return;
    }
  g_clear_pointer (&self->dataset, ht_audio_dataset_free);
  self->dataset = dataset;
  show_dataset (self);
}

void
_ht_train_window_scan (HtTrainWindow *self,
                       GFile         *folder)
{
  g_autofree char *name = NULL;
  ScanJob *job;

  g_return_if_fail (HT_IS_TRAIN_WINDOW (self));
  g_return_if_fail (G_IS_FILE (folder));
  g_return_if_fail (!self->busy);

  g_set_object (&self->folder, folder);
  name = g_file_get_parse_name (folder);
  adw_status_page_set_description (self->scan_status, name);
  gtk_progress_bar_set_fraction (self->scan_progress, 0);
  gtk_progress_bar_set_text (self->scan_progress, _("Looking for audio files…"));
  gtk_stack_set_visible_child_name (self->stack, "scanning");

  set_busy (self, TRUE);
  self->cancellable = g_cancellable_new ();
  job = g_new0 (ScanJob, 1);
  job->folder = g_object_ref (folder);
  self->scan_task = g_task_new (self, self->cancellable, on_scan_done_cb, NULL);
  g_task_set_source_tag (self->scan_task, _ht_train_window_scan);
  g_task_set_task_data (self->scan_task, job, scan_job_free);
  g_task_run_in_thread (self->scan_task, scan_worker);
  self->scan_poll_id = g_timeout_add (100, scan_poll_cb, self);
}

/* ---- step 1: the folder -------------------------------------------------------------------- */

static void
on_chooser_response_cb (GtkNativeDialog *native,
                        int              response,
                        HtTrainWindow   *self)
{
  g_autoptr(GFile) folder = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  g_clear_object (&self->chooser);
  if (folder != NULL && !self->busy && !self->closing)
    _ht_train_window_scan (self, folder);
}

static void
on_choose_clicked_cb (HtTrainWindow *self)
{
  if (self->chooser != NULL || self->busy)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Choose a Music Folder"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---- step 3: training ---------------------------------------------------------------------- */

static void
draw_curve (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  HtTrainWindow *self = HT_TRAIN_WINDOW (user_data);
  const double left = 44, right = 12, top = 28, bottom = 22;
  double pw = width - left - right, ph = height - top - bottom;
  guint n = self->epochs->len;
  guint span = MAX (MAX (n, 5u), 2u);
  GdkRGBA fg;
  static const GdkRGBA acc_color = { 0.21, 0.52, 0.89, 1 };   /* GNOME blue 3 */
  static const GdkRGBA f1_color = { 0.90, 0.38, 0.00, 1 };    /* GNOME orange 5 */
  PangoLayout *layout;

  if (pw < 20 || ph < 20)
    return;
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &fg);
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (area), NULL);

  /* horizontal lines at 0, 25, 50, 75, 100 % with their labels */
  cairo_set_line_width (cr, 1);
  for (guint i = 0; i <= 4; i++)
    {
      double y = round (top + ph * (1 - i / 4.0)) + 0.5;
      g_autofree char *text = g_strdup_printf ("%u%%", i * 25);
      int tw, th;

      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, i == 0 ? 0.5 : 0.15);
      cairo_move_to (cr, left, y);
      cairo_line_to (cr, left + pw, y);
      cairo_stroke (cr);
      pango_layout_set_text (layout, text, -1);
      pango_layout_get_pixel_size (layout, &tw, &th);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.6);
      cairo_move_to (cr, left - 6 - tw, y - th / 2.0);
      pango_cairo_show_layout (cr, layout);
    }

  /* the legend */
  {
    const char *names[] = { _("Accuracy"), _("Macro-F1") };
    const GdkRGBA *colors[] = { &acc_color, &f1_color };
    double x = left;

    for (guint s = 0; s < 2; s++)
      {
        int tw, th;

        gdk_cairo_set_source_rgba (cr, colors[s]);
        cairo_set_line_width (cr, 2.5);
        if (s == 1)
          cairo_set_dash (cr, (double[]) { 6, 3 }, 2, 0);
        cairo_move_to (cr, x, 10);
        cairo_line_to (cr, x + 18, 10);
        cairo_stroke (cr);
        cairo_set_dash (cr, NULL, 0, 0);
        pango_layout_set_text (layout, names[s], -1);
        pango_layout_get_pixel_size (layout, &tw, &th);
        cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.8);
        cairo_move_to (cr, x + 24, 10 - th / 2.0);
        pango_cairo_show_layout (cr, layout);
        x += 24 + tw + 18;
      }
  }

  /* epoch numbers under the first and last points */
  for (guint e = 1; e <= span; e += span - 1)
    {
      g_autofree char *text = g_strdup_printf ("%u", e);
      int tw, th;

      pango_layout_set_text (layout, text, -1);
      pango_layout_get_pixel_size (layout, &tw, &th);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.6);
      cairo_move_to (cr, left + pw * (e - 1) / (span - 1) - tw / 2.0, top + ph + 4);
      pango_cairo_show_layout (cr, layout);
    }
  g_object_unref (layout);

  for (guint s = 0; s < 2; s++)
    {
      gboolean pen = FALSE;

      gdk_cairo_set_source_rgba (cr, s == 0 ? &acc_color : &f1_color);
      cairo_set_line_width (cr, 2.5);
      cairo_set_dash (cr, (double[]) { 6, 3 }, s == 1 ? 2 : 0, 0);
      for (guint i = 0; i < n; i++)
        {
          const EpochPoint *p = &g_array_index (self->epochs, EpochPoint, i);
          double v = s == 0 ? p->accuracy : p->macro_f1;
          double x = left + pw * i / (span - 1), y = top + ph * (1 - CLAMP (v, 0, 1));

          if (isnan (v))
            {
              pen = FALSE;
              continue;
            }
          if (pen)
            cairo_line_to (cr, x, y);
          else
            cairo_move_to (cr, x, y);
          pen = TRUE;
        }
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      /* dots, so that a single epoch shows */
      for (guint i = 0; i < n; i++)
        {
          const EpochPoint *p = &g_array_index (self->epochs, EpochPoint, i);
          double v = s == 0 ? p->accuracy : p->macro_f1;

          if (isnan (v))
            continue;
          cairo_arc (cr, left + pw * i / (span - 1), top + ph * (1 - CLAMP (v, 0, 1)), 3, 0, 2 * G_PI);
          cairo_fill (cr);
        }
    }
}

static void
add_epoch_row (HtTrainWindow *self, const HtTrainProgress *p)
{
  g_autofree char *title = g_strdup_printf (_("Epoch %u"), p->epoch);
  g_autofree char *subtitle = NULL;

  if (isnan (p->val_accuracy))
    subtitle = g_strdup_printf (_("No held-out tracks · training loss %.3f"), p->train_loss);
  else
    /* Translators: held-out accuracy (a percentage), macro-F1 (0 to 1) and training loss */
    subtitle = g_strdup_printf (_("Accuracy %.0f %% · macro-F1 %.2f · training loss %.3f"),
                                100 * p->val_accuracy, p->val_macro_f1, p->train_loss);
  add_row (self, ROWS_EPOCHS, title, subtitle, p->improved ? _("Best so far") : NULL);
}

static void
on_train_progress_cb (const HtTrainProgress *p,
                      gpointer               user_data)
{
  HtTrainWindow *self = user_data;
  g_autofree char *text = NULL;

  if (self->closing)
    return;
  self->progress = *p;
  switch (p->stage)
    {
    case HT_TRAIN_STAGE_FEATURES:
      {
        guint n = self->dataset->items->len;
        guint done = MIN ((guint) lround (p->fraction * n), n);

        text = g_strdup_printf (_("Reading tracks: %u of %u"), done, n);
        gtk_progress_bar_set_fraction (self->train_progress, p->fraction);
      }
      break;
    case HT_TRAIN_STAGE_EPOCH:
      text = g_strdup_printf (_("Epoch %u of %u"), p->epoch, p->max_epochs);
      gtk_progress_bar_set_fraction (self->train_progress, p->fraction);
      break;
    case HT_TRAIN_STAGE_EPOCH_END:
    default:
      {
        EpochPoint point = { p->val_accuracy, p->val_macro_f1, p->train_loss, p->improved };

        g_array_append_val (self->epochs, point);
        add_epoch_row (self, p);
        gtk_widget_queue_draw (GTK_WIDGET (self->curve_area));
        text = g_strdup_printf (_("Epoch %u of %u"), p->epoch, p->max_epochs);
        gtk_progress_bar_set_fraction (self->train_progress, 1);
        gtk_widget_set_tooltip_text (GTK_WIDGET (self->train_cancel_button),
                                     _("Stop training; the best model so far can still be kept"));
      }
      break;
    }
  gtk_progress_bar_set_text (self->train_progress, text);
}

/* ---- step 4: the figures, saving ----------------------------------------------------------- */

/* Artists on each side of the split, from the model's training summary. */
static void
count_artists (HtAudioModel *model, guint *train, guint *held_out)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *text = ht_audio_model_get_training (model);
  const char *sides[] = { "train", "validation" };
  guint *out[] = { train, held_out };
  JsonObject *root;

  *train = *held_out = 0;
  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  root = json_node_get_object (json_parser_get_root (parser));
  for (guint s = 0; s < 2; s++)
    {
      JsonObject *side = json_object_get_object_member (root, sides[s]);
      JsonObject *artists = side ? json_object_get_object_member (side, "artists") : NULL;

      for (guint k = 0; artists != NULL && k < HT_AUDIO_N_REGIONS; k++)
        if (json_object_has_member (artists, ht_audio_region_name (k)))
          *out[s] += (guint) json_object_get_int_member (artists, ht_audio_region_name (k));
    }
}

static void
fill_confusion (HtTrainWindow *self, const HtConfusion *c)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->confusion_grid))) != NULL)
    gtk_grid_remove (self->confusion_grid, child);
  for (guint k = 0; k < HT_AUDIO_N_REGIONS; k++)
    {
      GtkWidget *col = gtk_label_new (ht_prediction_region_name (k));
      GtkWidget *row = gtk_label_new (ht_prediction_region_name (k));

      gtk_widget_add_css_class (col, "heading");
      gtk_widget_add_css_class (row, "heading");
      gtk_label_set_xalign (GTK_LABEL (row), 0);
      gtk_grid_attach (self->confusion_grid, col, (int) k + 1, 0, 1, 1);
      gtk_grid_attach (self->confusion_grid, row, 0, (int) k + 1, 1, 1);
      for (guint j = 0; j < HT_AUDIO_N_REGIONS; j++)
        {
          g_autofree char *text = g_strdup_printf ("%u", c->counts[k * c->n_classes + j]);
          g_autofree char *spoken = g_strdup_printf (_("%s tracks taken for %s: %u"),
                                                     ht_prediction_region_name (k),
                                                     ht_prediction_region_name (j),
                                                     c->counts[k * c->n_classes + j]);
          GtkWidget *cell = gtk_label_new (text);

          gtk_widget_add_css_class (cell, "numeric");
          if (j == k)
            gtk_widget_add_css_class (cell, "heading");
          gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          spoken, -1);
          gtk_grid_attach (self->confusion_grid, cell, (int) j + 1, (int) k + 1, 1, 1);
        }
    }
}

static void
show_figures (HtTrainWindow *self)
{
  const HtConfusion *c = self->result.val_confusion;
  guint train_artists, held_artists;
  g_autofree char *held = NULL, *trained = NULL, *best = NULL;

  clear_rows (self, ROWS_RESULT);
  clear_rows (self, ROWS_RECALL);
  count_artists (self->model, &train_artists, &held_artists);
  trained = g_strdup_printf (_("%u tracks by %u artists"), self->result.n_train_tracks, train_artists);
  if (self->result.stopped_early)
    best = g_strdup_printf (_("Epoch %u of %u run; stopped when held-out macro-F1 no longer improved"),
                            self->result.best_epoch, self->result.epochs_run);
  else
    best = g_strdup_printf (_("Epoch %u of %u run"), self->result.best_epoch, self->result.epochs_run);

  if (c != NULL && ht_confusion_total (c) > 0)
    {
      g_autofree char *acc = percent (ht_confusion_accuracy (c));
      g_autofree char *f1 = g_strdup_printf ("%.2f", ht_confusion_macro_f1 (c));

      held = g_strdup_printf (_("%u tracks by %u artists"), ht_confusion_total (c), held_artists);
      add_row (self, ROWS_RESULT, _("Accuracy"), _("Held-out tracks classified right"), acc);
      add_row (self, ROWS_RESULT, _("Macro-F1"),
               _("The mean of the regions’ F1 scores: 0.25 is about chance for four balanced regions"), f1);
      add_row (self, ROWS_RESULT, _("Held Out"), NULL, held);
      for (guint k = 0; k < HT_AUDIO_N_REGIONS; k++)
        {
          guint n = 0;
          g_autofree char *value = NULL;

          for (guint j = 0; j < c->n_classes; j++)
            n += c->counts[k * c->n_classes + j];
          if (n == 0)
            value = g_strdup (_("no held-out tracks"));
          else
            {
              g_autofree char *pc = percent (ht_confusion_recall (c, k));
              /* Translators: e.g. "3 of 5 (60 %)" */
              value = g_strdup_printf (_("%u of %u (%s)"), c->counts[k * c->n_classes + k], n, pc);
            }
          add_row (self, ROWS_RECALL, ht_prediction_region_name (k), NULL, value);
        }
      fill_confusion (self, c);
      adw_preferences_group_set_description (
        self->result_group, _("Tracks by artists the model never heard in training"));
    }
  else
    adw_preferences_group_set_description (
      self->result_group,
      _("No tracks were held out (each region needs at least two artists), so there are no honest "
        "figures for this model."));
  add_row (self, ROWS_RESULT, _("Trained On"), NULL, trained);
  add_row (self, ROWS_RESULT, _("Best Epoch"), best, NULL);
  if (self->result.n_failed > 0)
    {
      g_autofree char *failed = g_strdup_printf ("%u", self->result.n_failed);
      add_row (self, ROWS_RESULT, _("Tracks That Could Not Be Decoded"), _("Left out of training"),
               failed);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->recall_group), c != NULL && ht_confusion_total (c) > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->confusion_group), c != NULL && ht_confusion_total (c) > 0);
}

static void
reanalyse_open_tracks (HtTrainWindow *self)
{
  HtTrackList *tracks;
  HtAnalyzer *analyzer;

  if (self->main_window == NULL)
    return;
  tracks = ht_window_get_tracks (self->main_window);
  analyzer = ht_window_get_analyzer (self->main_window);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (tracks)); i++)
    {
      g_autoptr(HtTrack) track = g_list_model_get_item (G_LIST_MODEL (tracks), i);
      ht_analyzer_queue (analyzer, track);
    }
}

typedef struct
{
  HtAudioModel *model;
  GFile        *file;
} SaveJob;

static void
save_job_free (gpointer data)
{
  SaveJob *job = data;

  g_object_unref (job->model);
  g_object_unref (job->file);
  g_free (job);
}

static void
save_worker (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  SaveJob *job = task_data;
  GError *error = NULL;

  /* No cancellable: once started, a save finishes (it writes a temporary file and renames it). */
  if (ht_audio_model_save (job->model, job->file, NULL, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  HtTrainWindow *self = HT_TRAIN_WINDOW (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!self->closing)
        {
          set_busy (self, FALSE);
          show_error (self, _("Could Not Save the Model"), error->message);
        }
      return;
    }
  g_clear_object (&self->model);
  /* the model is in place even if the window has gone: the tracks still get it */
  reanalyse_open_tracks (self);
  if (self->closing)
    return;
  set_busy (self, FALSE);
  gtk_label_set_text (self->result_title, _("Model Saved"));
  summary = g_strdup_printf (_("Saved as %s. Tracks open in Hometown are being analysed again "
                               "with it, and tracks opened from now on use it."),
                             self->model_path);
  gtk_label_set_text (self->result_summary, summary);
  gtk_widget_set_visible (GTK_WIDGET (self->keep_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->discard_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->done_button), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->done_button));
}

static void
save_model (HtTrainWindow *self)
{
  g_autoptr(GTask) task = NULL;
  SaveJob *job = g_new0 (SaveJob, 1);

  g_assert (self->model != NULL);
  job->model = g_object_ref (self->model);
  job->file = g_file_new_for_path (self->model_path);
  set_busy (self, TRUE);
  gtk_label_set_text (self->result_title, _("Saving the Model…"));
  gtk_widget_set_visible (GTK_WIDGET (self->keep_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->discard_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->done_button), FALSE);
  task = g_task_new (self, NULL, on_saved_cb, NULL);
  g_task_set_source_tag (task, save_model);
  g_task_set_task_data (task, job, save_job_free);
  g_task_run_in_thread (task, save_worker);
}

static void
on_trained_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HtTrainWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(HtAudioModel) model = NULL;
  HtTrainResult train_result = { 0 };

  model = ht_audio_train_finish (result, &train_result, &error);
  ht_train_result_clear (&self->result);
  self->result = train_result;
  if (self->closing)
    return;   /* closed mid-training: nothing is saved */
  set_busy (self, FALSE);
  if (model == NULL)
    {
      gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

      show_dataset (self);
      gtk_widget_remove_css_class (GTK_WIDGET (self->scan_message), "dim-label");
      if (!cancelled)
        gtk_widget_add_css_class (GTK_WIDGET (self->scan_message), "error");
      gtk_label_set_text (self->scan_message,
                          cancelled ? _("Training was stopped before the first epoch finished; "
                                        "nothing was saved.")
                                    : error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->scan_message), TRUE);
      return;
    }
  self->model = g_steal_pointer (&model);
  show_figures (self);
  gtk_stack_set_visible_child_name (self->stack, "result");
  if (self->result.interrupted)
    {
      g_autofree char *summary = g_strdup_printf (
        ngettext ("Stopped after %u epoch. The best model so far (epoch %u) has the figures below: "
                  "use it, or discard it and keep what was there before.",
                  "Stopped after %u epochs. The best model so far (epoch %u) has the figures below: "
                  "use it, or discard it and keep what was there before.",
                  self->result.epochs_run),
        self->result.epochs_run, self->result.best_epoch);

      gtk_label_set_text (self->result_title, _("Training Stopped"));
      gtk_label_set_text (self->result_summary, summary);
      gtk_widget_set_visible (GTK_WIDGET (self->keep_button), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->discard_button), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->done_button), FALSE);
      gtk_widget_grab_focus (GTK_WIDGET (self->keep_button));
    }
  else
    {
      gtk_label_set_text (self->result_summary, "");
      save_model (self);
    }
}

static void
on_train_clicked_cb (HtTrainWindow *self)
{
  g_autofree char *note = NULL;

  if (self->busy || self->dataset == NULL)
    return;
  clear_rows (self, ROWS_EPOCHS);
  g_array_set_size (self->epochs, 0);
  memset (&self->progress, 0, sizeof self->progress);
  g_clear_object (&self->model);
  note = g_strdup_printf (_("Up to %u epochs. After each one the model is tried on the tracks of "
                            "artists held out from training; the best epoch is kept, and training "
                            "stops early once it stops improving."),
                          self->options.max_epochs);
  gtk_label_set_text (self->train_note, note);
  gtk_progress_bar_set_fraction (self->train_progress, 0);
  gtk_progress_bar_set_text (self->train_progress, _("Reading tracks"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->train_cancel_button),
                               _("Stop training; after the first epoch the best model so far can "
                                 "still be kept"));
  gtk_widget_queue_draw (GTK_WIDGET (self->curve_area));
  gtk_stack_set_visible_child_name (self->stack, "training");

  set_busy (self, TRUE);
  self->cancellable = g_cancellable_new ();
  ht_audio_train_async (self->dataset, &self->options, on_train_progress_cb, self,
                        self->cancellable, on_trained_cb, g_object_ref (self));
}

static void
on_cancel_clicked_cb (HtTrainWindow *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
on_keep_clicked_cb (HtTrainWindow *self)
{
  if (self->model != NULL && !self->busy)
    save_model (self);
}

static void
on_discard_clicked_cb (HtTrainWindow *self)
{
  g_clear_object (&self->model);
  show_dataset (self);
}

static void
on_done_clicked_cb (HtTrainWindow *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

/* ---- the window ---------------------------------------------------------------------------- */

static void
shut_down (HtTrainWindow *self)
{
  self->closing = TRUE;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->scan_poll_id, g_source_remove);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
}

static gboolean
ht_train_window_close_request (GtkWindow *window)
{
  /* Work still running finishes on its own thread and is dropped: nothing is saved. */
  shut_down (HT_TRAIN_WINDOW (window));
  return GTK_WINDOW_CLASS (ht_train_window_parent_class)->close_request (window);
}

static void
ht_train_window_dispose (GObject *object)
{
  HtTrainWindow *self = HT_TRAIN_WINDOW (object);

  shut_down (self);
  g_clear_object (&self->scan_task);
  if (self->main_window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->main_window), (gpointer *) &self->main_window);
  self->main_window = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), HT_TYPE_TRAIN_WINDOW);
  G_OBJECT_CLASS (ht_train_window_parent_class)->dispose (object);
}

static void
ht_train_window_finalize (GObject *object)
{
  HtTrainWindow *self = HT_TRAIN_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->folder);
  g_clear_object (&self->model);
  g_clear_pointer (&self->dataset, ht_audio_dataset_free);
  ht_train_result_clear (&self->result);
  g_free (self->model_path);
  g_array_unref (self->epochs);
  for (guint i = 0; i < G_N_ELEMENTS (self->rows); i++)
    g_ptr_array_unref (self->rows[i]);
  G_OBJECT_CLASS (ht_train_window_parent_class)->finalize (object);
}

static void
ht_train_window_class_init (HtTrainWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ht_train_window_dispose;
  object_class->finalize = ht_train_window_finalize;
  window_class->close_request = ht_train_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               HT_RESOURCE_PATH "ht-train-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HtTrainWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, HtTrainWindow, scan_status);
  gtk_widget_class_bind_template_child (widget_class, HtTrainWindow, scan_progress);
  gtk_widget_class_bind_template_child (widget_class, HtTrainWindow, labelled_group);
  gtk_widget_class_bind_template_child (widget_class, HtTrainWindow, skipped_group);
  gtk_widget_class_bind_template_child (widget_class, HtTrainWindow, scan_message);
  gtk_widget_class_bind_template_child (widget_class, HtTrainWindow, train_button);
  gtk_widget_class_bind_template_child (widget_class, HtTrainWindow, train_note);
  gtk_widget_class_bind_template_child (widget_class, HtTrainWindow, train_progress);
  gtk_widget_class_bind_template_child (widget_class, HtTrainWindow, curve_area);
  gtk_widget_class_bind_template_child (widget_class, HtTrainWindow, epochs_group);
  gtk_widget_class_bind_template_child (widget_class, HtTrainWindow, train_cancel_button);
  gtk_widget_class_bind_template_child (widget_class, HtTrainWindow, result_title);
  gtk_widget_class_bind_template_child (widget_class, HtTrainWindow, result_summary);
  gtk_widget_class_bind_template_child (widget_class, HtTrainWindow, result_group);
  gtk_widget_class_bind_template_child (widget_class, HtTrainWindow, recall_group);
  gtk_widget_class_bind_template_child (widget_class, HtTrainWindow, confusion_group);
  gtk_widget_class_bind_template_child (widget_class, HtTrainWindow, confusion_grid);
  gtk_widget_class_bind_template_child (widget_class, HtTrainWindow, discard_button);
  gtk_widget_class_bind_template_child (widget_class, HtTrainWindow, keep_button);
  gtk_widget_class_bind_template_child (widget_class, HtTrainWindow, done_button);
  gtk_widget_class_bind_template_child (widget_class, HtTrainWindow, error_status);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_train_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_keep_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_discard_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_done_clicked_cb);
}

static void
ht_train_window_init (HtTrainWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ht_audio_train_options_init (&self->options);
  self->model_path = ht_audio_model_default_path ();
  self->epochs = g_array_new (FALSE, FALSE, sizeof (EpochPoint));
  for (guint i = 0; i < G_N_ELEMENTS (self->rows); i++)
    self->rows[i] = g_ptr_array_new ();
  gtk_drawing_area_set_draw_func (self->curve_area, draw_curve, self, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->skipped_group), FALSE);
}

HtTrainWindow *
ht_train_window_new (HtWindow *main_window)
{
  HtTrainWindow *self;

  g_return_val_if_fail (main_window == NULL || HT_IS_WINDOW (main_window), NULL);
  self = g_object_new (HT_TYPE_TRAIN_WINDOW,
                       "transient-for", main_window,
                       "application", main_window != NULL
                                       ? gtk_window_get_application (GTK_WINDOW (main_window))
                                       : NULL,
                       NULL);
  self->main_window = main_window;
  if (main_window != NULL)
    g_object_add_weak_pointer (G_OBJECT (main_window), (gpointer *) &self->main_window);
  return self;
}

/* ---- for tests ----------------------------------------------------------------------------- */

void
_ht_train_window_set_options (HtTrainWindow             *self,
                              const HtAudioTrainOptions *options)
{
  g_return_if_fail (HT_IS_TRAIN_WINDOW (self));
  self->options = *options;
}

const char *
_ht_train_window_get_page (HtTrainWindow *self)
{
  g_return_val_if_fail (HT_IS_TRAIN_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

gboolean
_ht_train_window_is_busy (HtTrainWindow *self)
{
  g_return_val_if_fail (HT_IS_TRAIN_WINDOW (self), FALSE);
  return self->busy;
}

const HtAudioDataset *
_ht_train_window_get_dataset (HtTrainWindow *self)
{
  g_return_val_if_fail (HT_IS_TRAIN_WINDOW (self), NULL);
  return self->dataset;
}

const HtTrainProgress *
_ht_train_window_get_progress (HtTrainWindow *self)
{
  g_return_val_if_fail (HT_IS_TRAIN_WINDOW (self), NULL);
  return &self->progress;
}

guint
_ht_train_window_get_n_epochs (HtTrainWindow *self)
{
  g_return_val_if_fail (HT_IS_TRAIN_WINDOW (self), 0);
  return self->epochs->len;
}

const char *
_ht_train_window_get_model_path (HtTrainWindow *self)
{
  g_return_val_if_fail (HT_IS_TRAIN_WINDOW (self), NULL);
  return self->model_path;
}
