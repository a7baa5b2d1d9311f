/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ht-engine-types.h"
#include "ht-preferences-window.h"
#include "ht-widgets.h"

struct _HtPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwComboRow          *colormap_row;
  AdwComboRow          *scale_row;
  GtkSpinButton        *db_range_spin;
  GtkSpinButton        *window_start_spin;
  GtkSpinButton        *window_end_spin;
  GtkSpinButton        *threads_spin;

  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (HtPreferencesWindow, ht_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* Combo rows list an enum's values in order: the selected index is the enum value, stored in
 * the settings by nick. `user_data` is the enum's GType. */
static gboolean
nick_to_index (GValue   *value,
               GVariant *variant,
               gpointer  user_data)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref ((GType) GPOINTER_TO_SIZE (user_data));
  GEnumValue *v = g_enum_get_value_by_nick (klass, g_variant_get_string (variant, NULL));

  if (v == NULL)
    return FALSE;
  g_value_set_uint (value, (guint) v->value);
  return TRUE;
}

static GVariant *
index_to_nick (const GValue       *value,
               const GVariantType *expected_type,
               gpointer            user_data)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref ((GType) GPOINTER_TO_SIZE (user_data));
  GEnumValue *v = g_enum_get_value (klass, (int) g_value_get_uint (value));

  return v != NULL ? g_variant_new_string (v->value_nick) : NULL;
}

/* The window must stay a few seconds long whichever end moves. */
static void
on_window_start_changed_cb (HtPreferencesWindow *self)
{
  double start = gtk_spin_button_get_value (self->window_start_spin);

  if (gtk_spin_button_get_value (self->window_end_spin) < start + 5)
    gtk_spin_button_set_value (self->window_end_spin, start + 5);
}

static void
on_window_end_changed_cb (HtPreferencesWindow *self)
{
  double end = gtk_spin_button_get_value (self->window_end_spin);

  if (gtk_spin_button_get_value (self->window_start_spin) > end - 5)
    gtk_spin_button_set_value (self->window_start_spin, MAX (0, end - 5));
}

static void
ht_preferences_window_dispose (GObject *object)
{
  HtPreferencesWindow *self = HT_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), HT_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (ht_preferences_window_parent_class)->dispose (object);
}

static void
ht_preferences_window_class_init (HtPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ht_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               HT_RESOURCE_PATH "ht-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HtPreferencesWindow, colormap_row);
  gtk_widget_class_bind_template_child (widget_class, HtPreferencesWindow, scale_row);
  gtk_widget_class_bind_template_child (widget_class, HtPreferencesWindow, db_range_spin);
  gtk_widget_class_bind_template_child (widget_class, HtPreferencesWindow, window_start_spin);
  gtk_widget_class_bind_template_child (widget_class, HtPreferencesWindow, window_end_spin);
  gtk_widget_class_bind_template_child (widget_class, HtPreferencesWindow, threads_spin);
}

static void
ht_preferences_window_init (HtPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWindow *
ht_preferences_window_new (GSettings *settings)
{
  HtPreferencesWindow *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (HT_TYPE_PREFERENCES_WINDOW, NULL);
  self->settings = g_object_ref (settings);
  g_settings_bind_with_mapping (settings, "colormap", self->colormap_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, nick_to_index, index_to_nick,
                                GSIZE_TO_POINTER (HT_TYPE_COLORMAP), NULL);
  g_settings_bind_with_mapping (settings, "frequency-scale", self->scale_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, nick_to_index, index_to_nick,
                                GSIZE_TO_POINTER (HT_TYPE_FREQ_SCALE), NULL);
  g_settings_bind (settings, "db-range", self->db_range_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-start", self->window_start_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-end", self->window_end_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "worker-threads", self->threads_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_swapped (self->window_start_spin, "value-changed",
                            G_CALLBACK (on_window_start_changed_cb), self);
  g_signal_connect_swapped (self->window_end_spin, "value-changed",
                            G_CALLBACK (on_window_end_changed_cb), self);
  return GTK_WINDOW (self);
}
