/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-prediction"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "ht-prediction.h"
#include "ht-region.h"

G_STATIC_ASSERT (HT_PREDICTION_N_REGIONS == HT_N_US_REGIONS);

struct _HtPrediction
{
  GObject   parent_instance;
  double    probabilities[HT_PREDICTION_N_REGIONS];
  char     *detail;
  char     *reason;
  char     *fix_action;
  char     *fix_label;
  double   *timeline;      /* [n_steps][HT_PREDICTION_N_REGIONS] */
  guint     n_steps;
  double    timeline_start;
  double    timeline_hop;
  double    timeline_length;
  GArray   *terms;         /* of Term */
  guint     available : 1;
};

typedef struct
{
  char   *text;
  double  contribution;
} Term;

G_DEFINE_FINAL_TYPE (HtPrediction, ht_prediction, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_AVAILABLE,
  PROP_TOP_REGION,
  PROP_DETAIL,
  PROP_REASON,
  PROP_FIX_ACTION,
  PROP_FIX_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ht_prediction_finalize (GObject *object)
{
  HtPrediction *self = HT_PREDICTION (object);

  g_free (self->detail);
  g_free (self->reason);
  g_free (self->fix_action);
  g_free (self->fix_label);
  g_free (self->timeline);
  if (self->terms != NULL)
    {
      for (guint i = 0; i < self->terms->len; i++)
        g_free (g_array_index (self->terms, Term, i).text);
      g_array_unref (self->terms);
    }
  G_OBJECT_CLASS (ht_prediction_parent_class)->finalize (object);
}

static void
ht_prediction_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  HtPrediction *self = HT_PREDICTION (object);

  switch (prop_id)
    {
    case PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case PROP_TOP_REGION:
      g_value_set_uint (value, ht_prediction_get_top_region (self));
      break;
    case PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;
    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;
    case PROP_FIX_ACTION:
      g_value_set_string (value, self->fix_action);
      break;
    case PROP_FIX_LABEL:
      g_value_set_string (value, self->fix_label);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_prediction_class_init (HtPredictionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ht_prediction_finalize;
  object_class->get_property = ht_prediction_get_property;

  properties[PROP_AVAILABLE] = g_param_spec_boolean ("available", NULL, NULL, FALSE, flags);
  properties[PROP_TOP_REGION] =
    g_param_spec_uint ("top-region", NULL, NULL, 0, HT_PREDICTION_N_REGIONS - 1, 0, flags);
  properties[PROP_DETAIL] = g_param_spec_string ("detail", NULL, NULL, NULL, flags);
  properties[PROP_REASON] = g_param_spec_string ("reason", NULL, NULL, NULL, flags);
  properties[PROP_FIX_ACTION] = g_param_spec_string ("fix-action", NULL, NULL, NULL, flags);
  properties[PROP_FIX_LABEL] = g_param_spec_string ("fix-label", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ht_prediction_init (HtPrediction *self)
{
}

HtPrediction *
ht_prediction_new (const double  probabilities[HT_PREDICTION_N_REGIONS],
                   const char   *detail)
{
  HtPrediction *self;
  double sum = 0;

  g_return_val_if_fail (probabilities != NULL, NULL);
  for (guint i = 0; i < HT_PREDICTION_N_REGIONS; i++)
    {
      g_return_val_if_fail (isfinite (probabilities[i]) && probabilities[i] >= 0, NULL);
      sum += probabilities[i];
    }
  g_return_val_if_fail (sum > 0, NULL);

  self = g_object_new (HT_TYPE_PREDICTION, NULL);
  self->available = TRUE;
  for (guint i = 0; i < HT_PREDICTION_N_REGIONS; i++)
    self->probabilities[i] = probabilities[i] / sum;
  self->detail = g_strdup (detail);
  return self;
}

HtPrediction *
ht_prediction_new_unavailable (const char *reason,
                               const char *fix_action,
                               const char *fix_label)
{
  HtPrediction *self;

  g_return_val_if_fail (reason != NULL, NULL);
  g_return_val_if_fail ((fix_action == NULL) == (fix_label == NULL), NULL);

  self = g_object_new (HT_TYPE_PREDICTION, NULL);
  self->reason = g_strdup (reason);
  self->fix_action = g_strdup (fix_action);
  self->fix_label = g_strdup (fix_label);
  return self;
}

gboolean
ht_prediction_is_available (HtPrediction *self)
{
  g_return_val_if_fail (HT_IS_PREDICTION (self), FALSE);
  return self->available;
}

double
ht_prediction_get_probability (HtPrediction *self,
                               guint         region)
{
  g_return_val_if_fail (HT_IS_PREDICTION (self), 0);
  g_return_val_if_fail (region < HT_PREDICTION_N_REGIONS, 0);
  return self->probabilities[region];
}

guint
ht_prediction_get_top_region (HtPrediction *self)
{
  guint best = 0;

  g_return_val_if_fail (HT_IS_PREDICTION (self), 0);
  for (guint i = 1; i < HT_PREDICTION_N_REGIONS; i++)
    if (self->probabilities[i] > self->probabilities[best])
      best = i;
  return best;
}

const char *
ht_prediction_get_detail (HtPrediction *self)
{
  g_return_val_if_fail (HT_IS_PREDICTION (self), NULL);
  return self->detail;
}

const char *
ht_prediction_get_reason (HtPrediction *self)
{
  g_return_val_if_fail (HT_IS_PREDICTION (self), NULL);
  return self->reason;
}

const char *
ht_prediction_get_fix_action (HtPrediction *self)
{
  g_return_val_if_fail (HT_IS_PREDICTION (self), NULL);
  return self->fix_action;
}

const char *
ht_prediction_get_fix_label (HtPrediction *self)
{
  g_return_val_if_fail (HT_IS_PREDICTION (self), NULL);
  return self->fix_label;
}

const char *
ht_prediction_region_name (guint region)
{
  return region < HT_PREDICTION_N_REGIONS ? ht_region_to_string ((HtRegion) region) : NULL;
}

const char *
ht_prediction_region_id (guint region)
{
  static const char * const ids[HT_PREDICTION_N_REGIONS] = { "east", "west", "south", "midwest" };

  return region < HT_PREDICTION_N_REGIONS ? ids[region] : NULL;
}

void
ht_prediction_set_timeline (HtPrediction *self,
                            guint         n_steps,
                            const double *probabilities,
                            double        start,
                            double        hop,
                            double        length)
{
  g_return_if_fail (HT_IS_PREDICTION (self));
  g_return_if_fail (n_steps == 0 || probabilities != NULL);
  g_return_if_fail (isfinite (start) && isfinite (hop) && hop >= 0 && isfinite (length)
                    && length > 0);

  g_clear_pointer (&self->timeline, g_free);
  self->n_steps = n_steps;
  if (n_steps > 0)
    self->timeline = g_memdup2 (probabilities,
                                sizeof (double) * n_steps * HT_PREDICTION_N_REGIONS);
  self->timeline_start = start;
  self->timeline_hop = hop;
  self->timeline_length = length;
}

guint
ht_prediction_get_n_steps (HtPrediction *self)
{
  g_return_val_if_fail (HT_IS_PREDICTION (self), 0);
  return self->n_steps;
}

const double *
ht_prediction_get_step (HtPrediction *self,
                        guint         step,
                        double       *start,
                        double       *end)
{
  double t0;

  g_return_val_if_fail (HT_IS_PREDICTION (self), NULL);
  g_return_val_if_fail (step < self->n_steps, NULL);

  t0 = self->timeline_start + step * self->timeline_hop;
  if (start != NULL)
    *start = t0;
  if (end != NULL)
    *end = t0 + self->timeline_length;
  return self->timeline + (gsize) step * HT_PREDICTION_N_REGIONS;
}

void
ht_prediction_add_term (HtPrediction *self,
                        const char   *term,
                        double        contribution)
{
  Term t;

  g_return_if_fail (HT_IS_PREDICTION (self));
  g_return_if_fail (term != NULL && isfinite (contribution));

  if (self->terms == NULL)
    self->terms = g_array_new (FALSE, FALSE, sizeof (Term));
  t.text = g_strdup (term);
  t.contribution = contribution;
  g_array_append_val (self->terms, t);
}

guint
ht_prediction_get_n_terms (HtPrediction *self)
{
  g_return_val_if_fail (HT_IS_PREDICTION (self), 0);
  return self->terms != NULL ? self->terms->len : 0;
}

const char *
ht_prediction_get_term (HtPrediction *self,
                        guint         index,
                        double       *contribution)
{
  const Term *t;

  g_return_val_if_fail (HT_IS_PREDICTION (self), NULL);
  g_return_val_if_fail (index < ht_prediction_get_n_terms (self), NULL);

  t = &g_array_index (self->terms, Term, index);
  if (contribution != NULL)
    *contribution = t->contribution;
  return t->text;
}

HtPrediction *
ht_prediction_combine (HtPrediction *sound,
                       HtPrediction *lyrics)
{
  double product[HT_PREDICTION_N_REGIONS];
  double log_p[HT_PREDICTION_N_REGIONS];
  double max_log = -INFINITY;
  gboolean have_sound, have_lyrics;

  g_return_val_if_fail (sound == NULL || HT_IS_PREDICTION (sound), NULL);
  g_return_val_if_fail (lyrics == NULL || HT_IS_PREDICTION (lyrics), NULL);

  have_sound = sound != NULL && sound->available;
  have_lyrics = lyrics != NULL && lyrics->available;
  if (!have_sound && !have_lyrics)
    return NULL;
  if (!have_lyrics)
    return g_object_ref (sound);
  if (!have_sound)
    return g_object_ref (lyrics);

  /* In logs, so that two confident models that each give a region ~1e-200 do not underflow
   * to a zero sum. A zero probability stays zero. */
  for (guint i = 0; i < HT_PREDICTION_N_REGIONS; i++)
    {
      log_p[i] = log (sound->probabilities[i]) + log (lyrics->probabilities[i]);
      max_log = MAX (max_log, log_p[i]);
    }
  if (!isfinite (max_log))
    {
      /* The models rule each other out completely: say so rather than invent an answer. */
      return ht_prediction_new_unavailable (_("The two models rule each other out"), NULL, NULL);
    }
  for (guint i = 0; i < HT_PREDICTION_N_REGIONS; i++)
    product[i] = exp (log_p[i] - max_log);
  return ht_prediction_new (product, NULL);
}

gboolean
ht_prediction_disagree (HtPrediction *a,
                        HtPrediction *b)
{
  g_return_val_if_fail (a == NULL || HT_IS_PREDICTION (a), FALSE);
  g_return_val_if_fail (b == NULL || HT_IS_PREDICTION (b), FALSE);

  return a != NULL && b != NULL && a->available && b->available
         && ht_prediction_get_top_region (a) != ht_prediction_get_top_region (b);
}
