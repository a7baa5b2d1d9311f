/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-hometown-popover"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ht-hometown-popover.h"
#include "ht-widgets.h"

enum { COUNTRY_US, COUNTRY_OTHER };

struct _HtHometownPopover
{
  GtkPopover     parent_instance;

  GtkLabel      *heading_label;
  GtkEntry      *city_entry;
  GtkDropDown   *country_dropdown;
  GtkLabel      *state_label;
  GtkDropDown   *state_dropdown;
  GtkLabel      *other_label;
  GtkEntry      *other_entry;
  GtkLabel      *error_label;
  GtkSpinner    *spinner;
  GtkWidget     *save_button;
  GtkWidget     *reset_button;

  char          *artist;
  HtOriginTable *origins;
  HtGeo         *geo;
  GPtrArray     *state_codes;   /* char *, in the state list's order */
  GCancellable  *cancellable;   /* the save in flight */
};

G_DEFINE_FINAL_TYPE (HtHometownPopover, ht_hometown_popover, GTK_TYPE_POPOVER)

enum {
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (HtHometownPopover *self,
            const char        *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
set_saving (HtHometownPopover *self,
            gboolean           saving)
{
  gtk_spinner_set_spinning (self->spinner, saving);
  gtk_widget_set_sensitive (self->save_button, !saving);
  gtk_widget_set_sensitive (self->reset_button, !saving);
}

/* Only an artist the user corrected can go back to what Hometown ships. */
static void
update_reset_button (HtHometownPopover *self)
{
  HtOriginMatch match = { 0 };

  gtk_widget_set_visible (self->reset_button,
                          self->origins != NULL && self->artist != NULL
                          && ht_origin_table_match (self->origins, self->artist, &match)
                          && match.corrected);
}

static void
on_country_selected_cb (HtHometownPopover *self)
{
  gboolean us = gtk_drop_down_get_selected (self->country_dropdown) == COUNTRY_US;

  gtk_widget_set_visible (GTK_WIDGET (self->state_label), us);
  gtk_widget_set_visible (GTK_WIDGET (self->state_dropdown), us);
  gtk_widget_set_visible (GTK_WIDGET (self->other_label), !us);
  gtk_widget_set_visible (GTK_WIDGET (self->other_entry), !us);
}

typedef struct
{
  HtHometownPopover *self;     /* a reference, dropped with this */
  char              *artist;
  char              *place;
} Saving;

static void
saving_free (Saving *s)
{
  g_object_unref (s->self);
  g_free (s->artist);
  g_free (s->place);
  g_free (s);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Saving, saving_free)

static void
save_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  /* Temporary file, fsync, rename: the old file survives anything that goes wrong. */
  if (!ht_origin_table_save_corrections (task_data, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Saving) saving = user_data;
  g_autoptr(GError) error = NULL;
  HtHometownPopover *self = saving->self;

  if (!g_task_propagate_boolean (G_TASK (result), &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* the popover went away */
  g_clear_object (&self->cancellable);
  set_saving (self, FALSE);
  if (error != NULL)
    {
      g_autofree char *message = NULL;

      /* The correction holds for this session; only the file failed. Say so, keep it open. */
      /* Translators: %s says why the corrections file could not be written */
      message = g_strdup_printf (_("The correction could not be saved: %s"), error->message);
      show_error (self, message);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, saving->artist, saving->place);
  gtk_popover_popdown (GTK_POPOVER (self));
}

/* The thread gets only the table; the widget stays on the main thread. */
static void
start_save (HtHometownPopover *self,
            const char        *place)
{
  g_autoptr(GTask) task = NULL;
  Saving *saving = g_new0 (Saving, 1);

  saving->self = g_object_ref (self);
  saving->artist = g_strdup (self->artist);
  saving->place = g_strdup (place);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->cancellable, on_saved_cb, saving);
  g_task_set_source_tag (task, start_save);
  g_task_set_task_data (task, g_object_ref (self->origins), g_object_unref);
  set_saving (self, TRUE);
  g_task_run_in_thread (task, save_worker);
}

/* The correction goes; the shipped hometown (if any) is back, on disk too. ::saved's place is
 * then the shipped one, or NULL when Hometown does not know the artist. */
static void
on_reset_clicked_cb (HtHometownPopover *self)
{
  const HtOrigin *origin;
  g_autofree char *place = NULL;

  if (self->origins == NULL || self->artist == NULL || self->cancellable != NULL)
    return;
  if (!ht_origin_table_remove_correction (self->origins, self->artist))
    {
      update_reset_button (self);
      return;
    }
  origin = ht_origin_table_lookup (self->origins, self->artist);
  place = origin != NULL ? ht_origin_format_place (origin) : NULL;
  show_error (self, NULL);
  start_save (self, place);
}

static void
on_save_clicked_cb (HtHometownPopover *self)
{
  g_autofree char *city = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->city_entry))));
  g_autofree char *country = NULL;
  g_autofree char *place = NULL;
  g_autoptr(GError) error = NULL;
  const char *state = NULL;
  double lat = NAN, lon = NAN;

  if (self->origins == NULL || self->artist == NULL || self->cancellable != NULL)
    return;
  if (gtk_drop_down_get_selected (self->country_dropdown) == COUNTRY_US)
    {
      guint i = gtk_drop_down_get_selected (self->state_dropdown);

      if (self->state_codes == NULL || i >= self->state_codes->len)
        {
          show_error (self, _("Choose a state"));
          return;
        }
      state = g_ptr_array_index (self->state_codes, i);
      country = g_strdup ("US");
      if (*city != '\0' && self->geo != NULL)
        {
          g_autofree char *query = g_strdup_printf ("%s, %s", city, state);
          const HtPlace *p = ht_geo_find_place (self->geo, query);

          /* A place the gazetteer knows gets its pin there; otherwise the state's middle. */
          if (p != NULL && g_strcmp0 (p->country, "US") == 0)
            {
              lat = p->lat;
              lon = p->lon;
            }
        }
      place = *city != '\0' ? g_strdup_printf ("%s, %s", city, state) : g_strdup (state);
    }
  else
    {
      country = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->other_entry))));
      if (*country == '\0')
        {
          show_error (self, _("Enter the country the artist comes from"));
          gtk_widget_grab_focus (GTK_WIDGET (self->other_entry));
          return;
        }
      if (g_ascii_strcasecmp (country, "US") == 0 || g_ascii_strcasecmp (country, "USA") == 0)
        {
          show_error (self, _("For the United States, choose it above and pick a state"));
          return;
        }
      place = *city != '\0' ? g_strdup_printf ("%s, %s", city, country) : g_strdup (country);
    }

  if (!ht_origin_table_set_correction (self->origins, self->artist, city, state, country,
                                       lat, lon, &error))
    {
      show_error (self, error->message);
      return;
    }
  show_error (self, NULL);
  start_save (self, place);
}

static void
ht_hometown_popover_dispose (GObject *object)
{
  HtHometownPopover *self = HT_HOMETOWN_POPOVER (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), HT_TYPE_HOMETOWN_POPOVER);
  g_clear_object (&self->origins);
  g_clear_object (&self->geo);
  G_OBJECT_CLASS (ht_hometown_popover_parent_class)->dispose (object);
}

static void
ht_hometown_popover_finalize (GObject *object)
{
  HtHometownPopover *self = HT_HOMETOWN_POPOVER (object);

  g_free (self->artist);
  g_clear_pointer (&self->state_codes, g_ptr_array_unref);
  G_OBJECT_CLASS (ht_hometown_popover_parent_class)->finalize (object);
}

static void
ht_hometown_popover_class_init (HtHometownPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ht_hometown_popover_dispose;
  object_class->finalize = ht_hometown_popover_finalize;

  /* (artist, place): the correction is in the table and on disk. After a reset, place is the
   * shipped hometown, or NULL when there is none. */
  signals[SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               HT_RESOURCE_PATH "ht-hometown-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, HtHometownPopover, heading_label);
  gtk_widget_class_bind_template_child (widget_class, HtHometownPopover, city_entry);
  gtk_widget_class_bind_template_child (widget_class, HtHometownPopover, country_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HtHometownPopover, state_label);
  gtk_widget_class_bind_template_child (widget_class, HtHometownPopover, state_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HtHometownPopover, other_label);
  gtk_widget_class_bind_template_child (widget_class, HtHometownPopover, other_entry);
  gtk_widget_class_bind_template_child (widget_class, HtHometownPopover, error_label);
  gtk_widget_class_bind_template_child (widget_class, HtHometownPopover, spinner);
  gtk_widget_class_bind_template_child (widget_class, HtHometownPopover, save_button);
  gtk_widget_class_bind_template_child (widget_class, HtHometownPopover, reset_button);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_reset_clicked_cb);
}

static void
ht_hometown_popover_init (HtHometownPopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->country_dropdown, "notify::selected",
                            G_CALLBACK (on_country_selected_cb), self);
}

GtkWidget *
ht_hometown_popover_new (void)
{
  return g_object_new (HT_TYPE_HOMETOWN_POPOVER, NULL);
}

static int
compare_state_names (gconstpointer a,
                     gconstpointer b)
{
  const HtGeoShape *x = *(const HtGeoShape *const *) a, *y = *(const HtGeoShape *const *) b;

  return g_utf8_collate (x->name, y->name);
}

static void
fill_states (HtHometownPopover *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) shapes = g_ptr_array_new ();

  g_clear_pointer (&self->state_codes, g_ptr_array_unref);
  self->state_codes = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; self->geo != NULL && i < ht_geo_get_n_states (self->geo); i++)
    g_ptr_array_add (shapes, (gpointer) ht_geo_get_state (self->geo, i));
  g_ptr_array_sort (shapes, compare_state_names);
  for (guint i = 0; i < shapes->len; i++)
    {
      const HtGeoShape *s = g_ptr_array_index (shapes, i);
      g_autofree char *item = g_strdup_printf ("%s (%s)", s->name, s->code);

      gtk_string_list_append (names, item);
      g_ptr_array_add (self->state_codes, g_strdup (s->code));
    }
  gtk_drop_down_set_model (self->state_dropdown, G_LIST_MODEL (names));
}

static void
select_state (HtHometownPopover *self,
              const char        *code)
{
  for (guint i = 0; code != NULL && i < self->state_codes->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (self->state_codes, i), code) == 0)
      {
        gtk_drop_down_set_selected (self->state_dropdown, i);
        return;
      }
  gtk_drop_down_set_selected (self->state_dropdown, GTK_INVALID_LIST_POSITION);
}

void
ht_hometown_popover_set_artist (HtHometownPopover *self,
                                const char        *artist,
                                HtOriginTable     *origins,
                                HtGeo             *geo)
{
  const HtOrigin *origin;
  g_autofree char *heading = NULL;

  g_return_if_fail (HT_IS_HOMETOWN_POPOVER (self));
  g_return_if_fail (artist != NULL);
  g_return_if_fail (HT_IS_ORIGIN_TABLE (origins));
  g_return_if_fail (geo == NULL || HT_IS_GEO (geo));

  g_free (self->artist);
  self->artist = g_strdup (artist);
  g_set_object (&self->origins, origins);
  if (g_set_object (&self->geo, geo) || self->state_codes == NULL)
    fill_states (self);

  /* Translators: heading of the correction popover, e.g. "Hometown of Nas" */
  heading = g_strdup_printf (_("Hometown of %s"), artist);
  gtk_label_set_text (self->heading_label, heading);
  show_error (self, NULL);

  origin = ht_origin_table_lookup (origins, artist);
  gtk_editable_set_text (GTK_EDITABLE (self->city_entry), origin != NULL ? origin->city : "");
  if (origin != NULL && *origin->state == '\0' && *origin->country != '\0'
      && g_strcmp0 (origin->country, "US") != 0)
    {
      gtk_drop_down_set_selected (self->country_dropdown, COUNTRY_OTHER);
      gtk_editable_set_text (GTK_EDITABLE (self->other_entry),
                             g_strcmp0 (origin->country, "non-US") == 0 ? "" : origin->country);
      select_state (self, NULL);
    }
  else
    {
      gtk_drop_down_set_selected (self->country_dropdown, COUNTRY_US);
      gtk_editable_set_text (GTK_EDITABLE (self->other_entry), "");
      select_state (self, origin != NULL ? origin->state : NULL);
    }
  on_country_selected_cb (self);
  update_reset_button (self);
}

const char *
ht_hometown_popover_get_artist (HtHometownPopover *self)
{
  g_return_val_if_fail (HT_IS_HOMETOWN_POPOVER (self), NULL);
  return self->artist;
}

void
_ht_hometown_popover_fill (HtHometownPopover *self,
                           const char        *city,
                           const char        *state,
                           const char        *country)
{
  gtk_editable_set_text (GTK_EDITABLE (self->city_entry), city != NULL ? city : "");
  gtk_drop_down_set_selected (self->country_dropdown, state != NULL ? COUNTRY_US : COUNTRY_OTHER);
  select_state (self, state);
  gtk_editable_set_text (GTK_EDITABLE (self->other_entry), country != NULL ? country : "");
}

void
_ht_hometown_popover_save (HtHometownPopover *self)
{
  g_signal_emit_by_name (self->save_button, "clicked");
}

gboolean
_ht_hometown_popover_can_reset (HtHometownPopover *self)
{
  return gtk_widget_get_visible (self->reset_button);
}

void
_ht_hometown_popover_reset (HtHometownPopover *self)
{
  g_signal_emit_by_name (self->reset_button, "clicked");
}

const char *
_ht_hometown_popover_get_error (HtHometownPopover *self)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_text (self->error_label);
}

gboolean
_ht_hometown_popover_is_saving (HtHometownPopover *self)
{
  return self->cancellable != NULL;
}
