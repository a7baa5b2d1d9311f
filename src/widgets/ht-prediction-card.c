/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-prediction-card"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ht-delayed-spinner.h"
#include "ht-prediction-card.h"
#include "ht-widgets.h"

struct _HtPredictionCard
{
  GtkWidget     parent_instance;

  GtkWidget    *box;
  GtkWidget    *verdict_label;
  GtkWidget    *stack;
  GtkWidget    *reason_label;
  GtkWidget    *fix_button;
  GtkWidget    *note_label;

  char         *title;
  char         *note;
  HtPrediction *prediction;
};

G_DEFINE_FINAL_TYPE (HtPredictionCard, ht_prediction_card, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_PREDICTION,
  PROP_NOTE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
page_for (HtPredictionCard *self,
          HtPrediction     *prediction)
{
  if (prediction == NULL)
    return g_strdup ("pending");
  return g_strdup (ht_prediction_is_available (prediction) ? "bars" : "unavailable");
}

static double
get_probability (HtPredictionCard *self,
                 HtPrediction     *prediction,
                 guint             region)
{
  if (prediction == NULL || !ht_prediction_is_available (prediction))
    return 0;
  return ht_prediction_get_probability (prediction, region);
}

static char *
format_percent (HtPredictionCard *self,
                HtPrediction     *prediction,
                guint             region)
{
  if (prediction == NULL || !ht_prediction_is_available (prediction))
    return g_strdup ("");
  /* Translators: a probability as a percentage, e.g. "62%" */
  return g_strdup_printf (_("%d%%"),
                          (int) round (100 * ht_prediction_get_probability (prediction, region)));
}

static char *
format_verdict (HtPredictionCard *self,
                HtPrediction     *prediction)
{
  if (prediction == NULL || !ht_prediction_is_available (prediction))
    return g_strdup ("");
  return g_strdup (ht_prediction_region_name (ht_prediction_get_top_region (prediction)));
}

static gboolean
is_available (HtPredictionCard *self,
              HtPrediction     *prediction)
{
  return prediction != NULL && ht_prediction_is_available (prediction);
}

static gboolean
has_text (HtPredictionCard *self,
          const char       *text)
{
  return text != NULL && *text != '\0';
}

/* The verdict pill takes its region's colour. */
static void
update_verdict_style (HtPredictionCard *self)
{
  for (guint i = 0; i < HT_PREDICTION_N_REGIONS; i++)
    {
      g_autofree char *name = g_strconcat ("region-", ht_prediction_region_id (i), NULL);
      gboolean on = self->prediction != NULL && ht_prediction_is_available (self->prediction)
                    && ht_prediction_get_top_region (self->prediction) == i;

      if (on)
        gtk_widget_add_css_class (self->verdict_label, name);
      else
        gtk_widget_remove_css_class (self->verdict_label, name);
    }
}

static void
ht_prediction_card_dispose (GObject *object)
{
  HtPredictionCard *self = HT_PREDICTION_CARD (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), HT_TYPE_PREDICTION_CARD);
  g_clear_object (&self->prediction);
  G_OBJECT_CLASS (ht_prediction_card_parent_class)->dispose (object);
}

static void
ht_prediction_card_finalize (GObject *object)
{
  HtPredictionCard *self = HT_PREDICTION_CARD (object);

  g_free (self->title);
  g_free (self->note);
  G_OBJECT_CLASS (ht_prediction_card_parent_class)->finalize (object);
}

static void
ht_prediction_card_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  HtPredictionCard *self = HT_PREDICTION_CARD (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_PREDICTION:
      g_value_set_object (value, self->prediction);
      break;
    case PROP_NOTE:
      g_value_set_string (value, self->note);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_prediction_card_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  HtPredictionCard *self = HT_PREDICTION_CARD (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      ht_prediction_card_set_title (self, g_value_get_string (value));
      break;
    case PROP_PREDICTION:
      ht_prediction_card_set_prediction (self, g_value_get_object (value));
      break;
    case PROP_NOTE:
      ht_prediction_card_set_note (self, g_value_get_string (value), FALSE);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_prediction_card_class_init (HtPredictionCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ht_prediction_card_dispose;
  object_class->finalize = ht_prediction_card_finalize;
  object_class->get_property = ht_prediction_card_get_property;
  object_class->set_property = ht_prediction_card_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PREDICTION] =
    g_param_spec_object ("prediction", NULL, NULL, HT_TYPE_PREDICTION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NOTE] =
    g_param_spec_string ("note", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (HT_TYPE_PREDICTION);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               HT_RESOURCE_PATH "ht-prediction-card.ui");
  gtk_widget_class_bind_template_child (widget_class, HtPredictionCard, box);
  gtk_widget_class_bind_template_child (widget_class, HtPredictionCard, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, HtPredictionCard, stack);
  gtk_widget_class_bind_template_child (widget_class, HtPredictionCard, reason_label);
  gtk_widget_class_bind_template_child (widget_class, HtPredictionCard, fix_button);
  gtk_widget_class_bind_template_child (widget_class, HtPredictionCard, note_label);
  /* Tracked (not stored) so tests can find them with gtk_widget_get_template_child(). */
  for (guint i = 0; i < HT_PREDICTION_N_REGIONS; i++)
    {
      g_autofree char *bar = g_strconcat (ht_prediction_region_id (i), "_bar", NULL);
      g_autofree char *percent = g_strconcat (ht_prediction_region_id (i), "_percent", NULL);

      gtk_widget_class_bind_template_child_full (widget_class, bar, FALSE, 0);
      gtk_widget_class_bind_template_child_full (widget_class, percent, FALSE, 0);
    }
  gtk_widget_class_bind_template_callback (widget_class, page_for);
  gtk_widget_class_bind_template_callback_full (widget_class, "stack_transition_after_wait",
                                                G_CALLBACK (ht_delayed_spinner_stack_transition));
  gtk_widget_class_bind_template_callback (widget_class, get_probability);
  gtk_widget_class_bind_template_callback (widget_class, format_percent);
  gtk_widget_class_bind_template_callback (widget_class, format_verdict);
  gtk_widget_class_bind_template_callback (widget_class, has_text);
  gtk_widget_class_bind_template_callback (widget_class, is_available);

  gtk_widget_class_set_css_name (widget_class, "predictioncard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ht_prediction_card_init (HtPredictionCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ht_prediction_card_new (const char *title)
{
  return g_object_new (HT_TYPE_PREDICTION_CARD, "title", title, NULL);
}

const char *
ht_prediction_card_get_title (HtPredictionCard *self)
{
  g_return_val_if_fail (HT_IS_PREDICTION_CARD (self), NULL);
  return self->title;
}

void
ht_prediction_card_set_title (HtPredictionCard *self,
                              const char       *title)
{
  g_return_if_fail (HT_IS_PREDICTION_CARD (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

HtPrediction *
ht_prediction_card_get_prediction (HtPredictionCard *self)
{
  g_return_val_if_fail (HT_IS_PREDICTION_CARD (self), NULL);
  return self->prediction;
}

void
ht_prediction_card_set_prediction (HtPredictionCard *self,
                                   HtPrediction     *prediction)
{
  g_return_if_fail (HT_IS_PREDICTION_CARD (self));
  g_return_if_fail (prediction == NULL || HT_IS_PREDICTION (prediction));

  if (!g_set_object (&self->prediction, prediction))
    return;
  update_verdict_style (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREDICTION]);
}

const char *
ht_prediction_card_get_note (HtPredictionCard *self)
{
  g_return_val_if_fail (HT_IS_PREDICTION_CARD (self), NULL);
  return self->note;
}

void
ht_prediction_card_set_note (HtPredictionCard *self,
                             const char       *note,
                             gboolean          warning)
{
  g_return_if_fail (HT_IS_PREDICTION_CARD (self));

  if (warning)
    gtk_widget_add_css_class (self->note_label, "warning");
  else
    gtk_widget_remove_css_class (self->note_label, "warning");
  if (g_strcmp0 (self->note, note) == 0)
    return;
  g_free (self->note);
  self->note = g_strdup (note);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTE]);
}
