/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-library-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ht-items-watch.h"
#include "ht-library-page-private.h"
#include "ht-prediction.h"
#include "ht-region.h"
#include "ht-widgets.h"

typedef enum
{
  COLUMN_ARTIST,
  COLUMN_TITLE,
  COLUMN_HOMETOWN,
  COLUMN_SOUND,
  COLUMN_LYRICS,
  COLUMN_COMBINED,
  COLUMN_AGREE,
  N_COLUMNS
} Column;

static const char * const column_titles[N_COLUMNS] = {
  N_("Artist"), N_("Title"),
  /* Translators: column header: the region of the artist's hometown */
  N_("Home Region"), N_("Sound"), N_("Lyrics"), N_("Combined"),
  /* Translators: column header: do the sound and the lyrics models agree? */
  N_("Agree")
};

struct _HtLibraryPage
{
  GtkWidget           parent_instance;

  /* template */
  GtkFlowBox         *summary_box;
  GtkWidget          *library_map_slot;
  GtkColumnView      *column_view;

  GListModel         *tracks;
  GtkSortListModel   *sorted;          /* owned by `selection` */
  GtkSingleSelection *selection;
  GtkSorter          *sorters[N_COLUMNS];
  HtItemsWatch       *watch;           /* every track's changes */
  GtkWidget          *count_labels[HT_PREDICTION_N_REGIONS];
  GtkWidget          *undecided_label;
  guint               refresh_id;
};

G_DEFINE_FINAL_TYPE (HtLibraryPage, ht_library_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TRACKS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  TRACK_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- what a cell says ----------------------------------------------------------------------- */

static gboolean
available (HtPrediction *p)
{
  return p != NULL && ht_prediction_is_available (p);
}

static char *
prediction_text (HtTrack      *track,
                 HtPrediction *p)
{
  guint top;

  if (p == NULL)
    return g_strdup (ht_track_get_busy (track) ? "…" : "—");
  if (!ht_prediction_is_available (p))
    return g_strdup ("—");
  top = ht_prediction_get_top_region (p);
  /* Translators: a verdict in the library table: region name and its probability, "South 64 %" */
  return g_strdup_printf (_("%s %.0f %%"), ht_prediction_region_name (top),
                          100.0 * ht_prediction_get_probability (p, top));
}

static char *
cell_text (Column   column,
           HtTrack *track)
{
  HtPrediction *cnn = ht_track_get_cnn_prediction (track);
  HtPrediction *lyrics = ht_track_get_lyrics_prediction (track);

  switch (column)
    {
    case COLUMN_ARTIST:
      return g_strdup (ht_track_get_artist (track) != NULL ? ht_track_get_artist (track) : "");
    case COLUMN_TITLE:
      return g_strdup (ht_track_get_title (track));
    case COLUMN_HOMETOWN:
      if (ht_track_get_hometown_region (track) == HT_REGION_UNKNOWN)
        return g_strdup ("—");
      return g_strdup (ht_region_to_string (ht_track_get_hometown_region (track)));
    case COLUMN_SOUND:
      return prediction_text (track, cnn);
    case COLUMN_LYRICS:
      return prediction_text (track, lyrics);
    case COLUMN_COMBINED:
      {
        g_autoptr(HtPrediction) combined = ht_prediction_combine (cnn, lyrics);

        if (!available (combined))
          return g_strdup ("—");
        return g_strdup (ht_prediction_region_name (ht_prediction_get_top_region (combined)));
      }
    case COLUMN_AGREE:
      if (!available (cnn) || !available (lyrics))
        return g_strdup ("—");
      return g_strdup (ht_prediction_disagree (cnn, lyrics) ? _("No") : _("Yes"));
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

/* Only these change what a row shows or where it sorts. */
static gboolean
is_relevant (GParamSpec *pspec)
{
  static const char * const names[] = {
    "title", "artist", "hometown-region", "cnn-prediction", "lyrics-prediction", "state",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (pspec->name, names[i]) == 0)
      return TRUE;
  return FALSE;
}

/* ---- sorting -------------------------------------------------------------------------------- */

static int
compare_strings (const char *a,
                 const char *b)
{
  /* Unknown last, whichever way the column is sorted first. */
  if (a == NULL || b == NULL)
    return (a == NULL) - (b == NULL);
  return g_utf8_collate (a, b);
}

/* Region order, then the more confident first; no answer last. */
static int
compare_predictions (HtPrediction *a,
                     HtPrediction *b)
{
  guint ra = available (a) ? ht_prediction_get_top_region (a) : G_MAXUINT;
  guint rb = available (b) ? ht_prediction_get_top_region (b) : G_MAXUINT;
  double pa, pb;

  if (ra != rb)
    return ra < rb ? -1 : 1;
  if (ra == G_MAXUINT)
    return 0;
  pa = ht_prediction_get_probability (a, ra);
  pb = ht_prediction_get_probability (b, rb);
  return (pa < pb) - (pa > pb);
}

static int
agree_rank (HtTrack *t)
{
  HtPrediction *cnn = ht_track_get_cnn_prediction (t);
  HtPrediction *lyrics = ht_track_get_lyrics_prediction (t);

  if (!available (cnn) || !available (lyrics))
    return 2;
  return ht_prediction_disagree (cnn, lyrics) ? 1 : 0;
}

static int
compare_tracks (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  HtTrack *ta = HT_TRACK ((gpointer) a);
  HtTrack *tb = HT_TRACK ((gpointer) b);

  switch ((Column) GPOINTER_TO_INT (user_data))
    {
    case COLUMN_ARTIST:
      return compare_strings (ht_track_get_artist (ta), ht_track_get_artist (tb));
    case COLUMN_TITLE:
      return compare_strings (ht_track_get_title (ta), ht_track_get_title (tb));
    case COLUMN_HOMETOWN:
      return (int) ht_track_get_hometown_region (ta) - (int) ht_track_get_hometown_region (tb);
    case COLUMN_SOUND:
      return compare_predictions (ht_track_get_cnn_prediction (ta),
                                  ht_track_get_cnn_prediction (tb));
    case COLUMN_LYRICS:
      return compare_predictions (ht_track_get_lyrics_prediction (ta),
                                  ht_track_get_lyrics_prediction (tb));
    case COLUMN_COMBINED:
      {
        g_autoptr(HtPrediction) ca = ht_prediction_combine (ht_track_get_cnn_prediction (ta),
                                                            ht_track_get_lyrics_prediction (ta));
        g_autoptr(HtPrediction) cb = ht_prediction_combine (ht_track_get_cnn_prediction (tb),
                                                            ht_track_get_lyrics_prediction (tb));
        return compare_predictions (ca, cb);
      }
    case COLUMN_AGREE:
      return agree_rank (ta) - agree_rank (tb);
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

/* ---- cells ---------------------------------------------------------------------------------- */

static void
update_cell (GtkLabel *label,
             HtTrack  *track)
{
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (label), "ht-column"));
  g_autofree char *text = cell_text (column, track);

  gtk_label_set_text (label, text);
  if (column == COLUMN_SOUND || column == COLUMN_LYRICS)
    {
      HtPrediction *p = column == COLUMN_SOUND ? ht_track_get_cnn_prediction (track)
                                               : ht_track_get_lyrics_prediction (track);
      /* Why there is no answer, for whoever wonders about a dash. */
      gtk_widget_set_tooltip_text (GTK_WIDGET (label),
                                   p != NULL && !available (p) ? ht_prediction_get_reason (p)
                                                               : NULL);
    }
  else if (column == COLUMN_HOMETOWN)
    gtk_widget_set_tooltip_text (GTK_WIDGET (label), ht_track_get_hometown (track));
}

static void
on_cell_track_notify_cb (HtTrack    *track,
                         GParamSpec *pspec,
                         GtkLabel   *label)
{
  if (is_relevant (pspec))
    update_cell (label, track);
}

static void
on_setup_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (column == COLUMN_SOUND || column == COLUMN_LYRICS)
    gtk_widget_add_css_class (label, "numeric");
  g_object_set_data (G_OBJECT (label), "ht-column", user_data);
  gtk_list_item_set_child (item, label);
}

static void
on_bind_cb (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  HtTrack *track = gtk_list_item_get_item (item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  gulong id;

  update_cell (label, track);
  id = g_signal_connect_object (track, "notify", G_CALLBACK (on_cell_track_notify_cb), label, 0);
  g_object_set_data (G_OBJECT (item), "ht-notify-id", GSIZE_TO_POINTER ((gsize) id));
}

static void
on_unbind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  HtTrack *track = gtk_list_item_get_item (item);
  gulong id = (gulong) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (item), "ht-notify-id"));

  if (track != NULL && id != 0)
    g_signal_handler_disconnect (track, id);
  g_object_set_data (G_OBJECT (item), "ht-notify-id", NULL);
}

/* ---- summary -------------------------------------------------------------------------------- */

static void
refresh_summary (HtLibraryPage *self)
{
  guint counts[HT_PREDICTION_N_REGIONS] = { 0 };
  guint from_there[HT_PREDICTION_N_REGIONS] = { 0 };
  guint undecided = 0;
  guint n = self->tracks != NULL ? g_list_model_get_n_items (self->tracks) : 0;
  g_autofree char *none = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HtTrack) track = g_list_model_get_item (self->tracks, i);
      g_autoptr(HtPrediction) combined = ht_prediction_combine (
        ht_track_get_cnn_prediction (track), ht_track_get_lyrics_prediction (track));
      guint top;

      if (!available (combined))
        {
          undecided++;
          continue;
        }
      top = ht_prediction_get_top_region (combined);
      counts[top]++;
      from_there[top] += (guint) ht_track_get_hometown_region (track) == top;
    }

  for (guint r = 0; r < HT_PREDICTION_N_REGIONS; r++)
    {
      g_autofree char *tracks = g_strdup_printf (ngettext ("%u track", "%u tracks", counts[r]),
                                                 counts[r]);
      /* Translators: per-region count in the library: "3 tracks, 2 from there", i.e. 2 of the
       * tracks that sound like this region are by artists from it */
      g_autofree char *text = g_strdup_printf (_("%s, %u from there"), tracks, from_there[r]);

      gtk_label_set_text (GTK_LABEL (self->count_labels[r]), text);
    }
  none = g_strdup_printf (ngettext ("%u without a verdict", "%u without a verdict", undecided),
                          undecided);
  gtk_label_set_text (GTK_LABEL (self->undecided_label), none);
  gtk_widget_set_visible (self->undecided_label, undecided > 0);
}

static gboolean
refresh_cb (gpointer user_data)
{
  HtLibraryPage *self = user_data;

  self->refresh_id = 0;
  refresh_summary (self);
  /* The sort model does not watch its items: a verdict that arrives may move its row. */
  for (guint c = 0; c < N_COLUMNS; c++)
    gtk_sorter_changed (self->sorters[c], GTK_SORTER_CHANGE_DIFFERENT);
  return G_SOURCE_REMOVE;
}

static void
schedule_refresh (HtLibraryPage *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_cb, self);
}

static void
on_track_notify_cb (HtItemsWatch  *watch,
                    HtTrack       *track,
                    GParamSpec    *pspec,
                    HtLibraryPage *self)
{
  if (is_relevant (pspec))
    schedule_refresh (self);
}

static void
on_items_changed_cb (HtLibraryPage *self)
{
  schedule_refresh (self);
}

static void
forget_tracks (HtLibraryPage *self)
{
  if (self->tracks != NULL)
    g_signal_handlers_disconnect_by_func (self->tracks, on_items_changed_cb, self);
  g_clear_object (&self->watch);
}

static void
build_summary (HtLibraryPage *self)
{
  for (guint r = 0; r < HT_PREDICTION_N_REGIONS; r++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *chip = gtk_label_new (ht_prediction_region_name (r));
      g_autofree char *klass = g_strconcat ("region-", ht_prediction_region_id (r), NULL);

      gtk_widget_add_css_class (chip, "region-chip");
      gtk_widget_add_css_class (chip, klass);
      self->count_labels[r] = gtk_label_new (NULL);
      gtk_widget_add_css_class (self->count_labels[r], "dim-label");
      gtk_widget_add_css_class (self->count_labels[r], "numeric");
      gtk_widget_set_tooltip_text (box, _("Tracks whose combined verdict is this region, and how "
                                          "many of them are by artists from it"));
      gtk_box_append (GTK_BOX (box), chip);
      gtk_box_append (GTK_BOX (box), self->count_labels[r]);
      gtk_flow_box_append (self->summary_box, box);
    }
  self->undecided_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->undecided_label, "dim-label");
  gtk_flow_box_append (self->summary_box, self->undecided_label);
  /* Text to read, not places to stop at. */
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->summary_box)); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    gtk_widget_set_focusable (c, FALSE);
}

/* ---- activation ----------------------------------------------------------------------------- */

static void
on_column_view_activate_cb (HtLibraryPage *self,
                            guint          position)
{
  g_autoptr(HtTrack) track = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (track != NULL)
    g_signal_emit (self, signals[TRACK_ACTIVATED], 0, track);
}

/* ---- GObject -------------------------------------------------------------------------------- */

GListModel *
ht_library_page_get_tracks (HtLibraryPage *self)
{
  g_return_val_if_fail (HT_IS_LIBRARY_PAGE (self), NULL);
  return self->tracks;
}

void
ht_library_page_set_tracks (HtLibraryPage *self,
                            GListModel    *tracks)
{
  g_return_if_fail (HT_IS_LIBRARY_PAGE (self));
  g_return_if_fail (tracks == NULL || G_IS_LIST_MODEL (tracks));

  if (self->tracks == tracks)
    return;
  forget_tracks (self);
  g_set_object (&self->tracks, tracks);
  gtk_sort_list_model_set_model (self->sorted, tracks);
  if (tracks != NULL)
    {
      g_signal_connect_swapped (tracks, "items-changed", G_CALLBACK (on_items_changed_cb), self);
      self->watch = ht_items_watch_new (tracks);
      g_signal_connect (self->watch, "item-notify", G_CALLBACK (on_track_notify_cb), self);
    }
  schedule_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRACKS]);
}

GtkWidget *
ht_library_page_get_map_slot (HtLibraryPage *self)
{
  g_return_val_if_fail (HT_IS_LIBRARY_PAGE (self), NULL);
  return self->library_map_slot;
}

GtkColumnView *
_ht_library_page_get_column_view (HtLibraryPage *self)
{
  return self->column_view;
}

GListModel *
_ht_library_page_get_rows (HtLibraryPage *self)
{
  return G_LIST_MODEL (self->selection);
}

char *
_ht_library_page_dup_summary (HtLibraryPage *self)
{
  GString *s = g_string_new (NULL);

  refresh_summary (self);
  for (guint r = 0; r < HT_PREDICTION_N_REGIONS; r++)
    g_string_append_printf (s, "%s: %s; ", ht_prediction_region_name (r),
                            gtk_label_get_text (GTK_LABEL (self->count_labels[r])));
  g_string_append (s, gtk_label_get_text (GTK_LABEL (self->undecided_label)));
  return g_string_free (s, FALSE);
}

char *
_ht_library_page_dup_cell_text (HtLibraryPage *self,
                                guint          column,
                                guint          row)
{
  g_autoptr(HtTrack) track = g_list_model_get_item (G_LIST_MODEL (self->selection), row);

  g_return_val_if_fail (column < N_COLUMNS, NULL);
  return track != NULL ? cell_text ((Column) column, track) : NULL;
}

static void
ht_library_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  HtLibraryPage *self = HT_LIBRARY_PAGE (object);

  switch (prop_id)
    {
    case PROP_TRACKS:
      g_value_set_object (value, self->tracks);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_library_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  HtLibraryPage *self = HT_LIBRARY_PAGE (object);

  switch (prop_id)
    {
    case PROP_TRACKS:
      ht_library_page_set_tracks (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_library_page_dispose (GObject *object)
{
  HtLibraryPage *self = HT_LIBRARY_PAGE (object);
  GtkWidget *child;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  forget_tracks (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), HT_TYPE_LIBRARY_PAGE);
  /* The unnamed template children (separator, scroller) too: a plain GtkWidget keeps them. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->tracks);
  for (guint c = 0; c < N_COLUMNS; c++)
    g_clear_object (&self->sorters[c]);
  G_OBJECT_CLASS (ht_library_page_parent_class)->dispose (object);
}

static void
ht_library_page_class_init (HtLibraryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ht_library_page_get_property;
  object_class->set_property = ht_library_page_set_property;
  object_class->dispose = ht_library_page_dispose;

  properties[PROP_TRACKS] =
    g_param_spec_object ("tracks", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A row was double-clicked or activated with the keyboard. */
  signals[TRACK_ACTIVATED] =
    g_signal_new ("track-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, HT_TYPE_TRACK);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               HT_RESOURCE_PATH "ht-library-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HtLibraryPage, summary_box);
  gtk_widget_class_bind_template_child (widget_class, HtLibraryPage, library_map_slot);
  gtk_widget_class_bind_template_child (widget_class, HtLibraryPage, column_view);
  gtk_widget_class_bind_template_callback (widget_class, on_column_view_activate_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "librarypage");
}

static void
ht_library_page_init (HtLibraryPage *self)
{
  GtkSorter *sorter;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (
                                    GTK_WIDGET (self))), GTK_ORIENTATION_VERTICAL);

  for (guint c = 0; c < N_COLUMNS; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      g_signal_connect (factory, "setup", G_CALLBACK (on_setup_cb), GINT_TO_POINTER (c));
      g_signal_connect (factory, "bind", G_CALLBACK (on_bind_cb), GINT_TO_POINTER (c));
      g_signal_connect (factory, "unbind", G_CALLBACK (on_unbind_cb), GINT_TO_POINTER (c));
      column = gtk_column_view_column_new (_(column_titles[c]), factory);
      self->sorters[c] = GTK_SORTER (gtk_custom_sorter_new (compare_tracks, GINT_TO_POINTER (c),
                                                            NULL));
      gtk_column_view_column_set_sorter (column, self->sorters[c]);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, c == COLUMN_ARTIST || c == COLUMN_TITLE);
      gtk_column_view_append_column (self->column_view, column);
      g_object_unref (column);
    }

  sorter = gtk_column_view_get_sorter (self->column_view);
  self->sorted = gtk_sort_list_model_new (NULL, g_object_ref (sorter));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->sorted));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  build_summary (self);
  refresh_summary (self);
}

GtkWidget *
ht_library_page_new (void)
{
  return g_object_new (HT_TYPE_LIBRARY_PAGE, NULL);
}
