/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-delayed-spinner"

#include "config.h"

#include "ht-delayed-spinner.h"

struct _HtDelayedSpinner
{
  GtkWidget   parent_instance;

  GtkSpinner *spinner;
  guint       delay_ms;
  guint       timeout_id;
};

enum {
  PROP_0,
  PROP_DELAY,
  PROP_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (HtDelayedSpinner, ht_delayed_spinner, GTK_TYPE_WIDGET)

static void
set_active (HtDelayedSpinner *self,
            gboolean          active)
{
  if (ht_delayed_spinner_get_active (self) == active)
    return;
  /* Opacity, not visibility: the layout does not move when it appears. */
  gtk_widget_set_opacity (GTK_WIDGET (self->spinner), active ? 1.0 : 0.0);
  gtk_spinner_set_spinning (self->spinner, active);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

static gboolean
on_delay_passed_cb (gpointer user_data)
{
  HtDelayedSpinner *self = user_data;

  self->timeout_id = 0;
  set_active (self, TRUE);
  return G_SOURCE_REMOVE;
}

static void
ht_delayed_spinner_map (GtkWidget *widget)
{
  HtDelayedSpinner *self = HT_DELAYED_SPINNER (widget);

  GTK_WIDGET_CLASS (ht_delayed_spinner_parent_class)->map (widget);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->delay_ms == 0)
    set_active (self, TRUE);
  else
    self->timeout_id = g_timeout_add (self->delay_ms, on_delay_passed_cb, self);
}

/* Hidden (its stack page left, its card filled): the next wait starts the delay afresh. */
static void
ht_delayed_spinner_unmap (GtkWidget *widget)
{
  HtDelayedSpinner *self = HT_DELAYED_SPINNER (widget);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  set_active (self, FALSE);
  GTK_WIDGET_CLASS (ht_delayed_spinner_parent_class)->unmap (widget);
}

static void
ht_delayed_spinner_dispose (GObject *object)
{
  HtDelayedSpinner *self = HT_DELAYED_SPINNER (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->spinner != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->spinner));
      self->spinner = NULL;
    }
  G_OBJECT_CLASS (ht_delayed_spinner_parent_class)->dispose (object);
}

static void
ht_delayed_spinner_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  HtDelayedSpinner *self = HT_DELAYED_SPINNER (object);

  switch (prop_id)
    {
    case PROP_DELAY:
      g_value_set_uint (value, self->delay_ms);
      break;
    case PROP_ACTIVE:
      g_value_set_boolean (value, ht_delayed_spinner_get_active (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_delayed_spinner_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  HtDelayedSpinner *self = HT_DELAYED_SPINNER (object);

  switch (prop_id)
    {
    case PROP_DELAY:
      ht_delayed_spinner_set_delay (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_delayed_spinner_class_init (HtDelayedSpinnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ht_delayed_spinner_dispose;
  object_class->get_property = ht_delayed_spinner_get_property;
  object_class->set_property = ht_delayed_spinner_set_property;
  widget_class->map = ht_delayed_spinner_map;
  widget_class->unmap = ht_delayed_spinner_unmap;

  properties[PROP_DELAY] =
    g_param_spec_uint ("delay", NULL, NULL, 0, 60000, HT_DELAYED_SPINNER_DEFAULT_DELAY_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ht_delayed_spinner_init (HtDelayedSpinner *self)
{
  self->delay_ms = HT_DELAYED_SPINNER_DEFAULT_DELAY_MS;
  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_widget_set_opacity (GTK_WIDGET (self->spinner), 0.0);
  gtk_widget_set_parent (GTK_WIDGET (self->spinner), GTK_WIDGET (self));
}

GtkWidget *
ht_delayed_spinner_new (void)
{
  return g_object_new (HT_TYPE_DELAYED_SPINNER, NULL);
}

guint
ht_delayed_spinner_get_delay (HtDelayedSpinner *self)
{
  g_return_val_if_fail (HT_IS_DELAYED_SPINNER (self), 0);
  return self->delay_ms;
}

/* Takes effect from the next time the spinner is mapped. */
void
ht_delayed_spinner_set_delay (HtDelayedSpinner *self,
                              guint             delay_ms)
{
  g_return_if_fail (HT_IS_DELAYED_SPINNER (self));
  if (self->delay_ms == delay_ms)
    return;
  self->delay_ms = delay_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELAY]);
}

gboolean
ht_delayed_spinner_get_active (HtDelayedSpinner *self)
{
  g_return_val_if_fail (HT_IS_DELAYED_SPINNER (self), FALSE);
  return gtk_spinner_get_spinning (self->spinner);
}

GtkStackTransitionType
ht_delayed_spinner_stack_transition (GObject  *template_object,
                                     gboolean  spinner_active)
{
  return spinner_active ? GTK_STACK_TRANSITION_TYPE_CROSSFADE : GTK_STACK_TRANSITION_TYPE_NONE;
}
