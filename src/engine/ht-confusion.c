/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-confusion"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <cairo.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <pango/pangocairo.h>

#include "ht-confusion.h"
#include "ht-error.h"

HtConfusion *
ht_confusion_new (guint n_classes)
{
  HtConfusion *self;

  g_return_val_if_fail (n_classes >= 1, NULL);
  self = g_new0 (HtConfusion, 1);
  self->n_classes = n_classes;
  self->counts = g_new0 (guint, n_classes * n_classes);
  return self;
}

void
ht_confusion_free (HtConfusion *self)
{
  if (self == NULL)
    return;
  g_free (self->counts);
  g_free (self);
}

void
ht_confusion_add (HtConfusion *self,
                  guint        truth,
                  guint        predicted)
{
  g_return_if_fail (self != NULL && truth < self->n_classes && predicted < self->n_classes);
  self->counts[truth * self->n_classes + predicted]++;
}

guint
ht_confusion_total (const HtConfusion *self)
{
  guint n = 0;

  for (guint i = 0; i < self->n_classes * self->n_classes; i++)
    n += self->counts[i];
  return n;
}

double
ht_confusion_accuracy (const HtConfusion *self)
{
  guint right = 0, total = ht_confusion_total (self);

  for (guint k = 0; k < self->n_classes; k++)
    right += self->counts[k * self->n_classes + k];
  return total ? (double) right / total : 0.0;
}

double
ht_confusion_recall (const HtConfusion *self,
                     guint              k)
{
  guint row = 0;

  for (guint j = 0; j < self->n_classes; j++)
    row += self->counts[k * self->n_classes + j];
  return row ? (double) self->counts[k * self->n_classes + k] / row : NAN;
}

double
ht_confusion_precision (const HtConfusion *self,
                        guint              k)
{
  guint col = 0;

  for (guint i = 0; i < self->n_classes; i++)
    col += self->counts[i * self->n_classes + k];
  return col ? (double) self->counts[k * self->n_classes + k] / col : NAN;
}

double
ht_confusion_macro_f1 (const HtConfusion *self)
{
  double sum = 0;
  guint n = 0;

  for (guint k = 0; k < self->n_classes; k++)
    {
      double r = ht_confusion_recall (self, k), p = ht_confusion_precision (self, k);
      if (isnan (r))
        continue;
      n++;
      if (!isnan (p) && p + r > 0)
        sum += 2 * p * r / (p + r);
    }
  return n ? sum / n : 0.0;
}

char *
ht_confusion_to_text (const HtConfusion  *self,
                      const char * const *names)
{
  GString *s = g_string_new (NULL);
  guint k = self->n_classes;

  /* Translators: header of a confusion matrix: rows are true classes, columns predictions */
  g_string_append_printf (s, "%-10s", _("true \\ predicted"));
  g_string_append_c (s, '\n');
  g_string_append_printf (s, "%-10s", "");
  for (guint j = 0; j < k; j++)
    g_string_append_printf (s, " %8.8s", names[j]);
  g_string_append_printf (s, " %8s\n", _("recall"));
  for (guint i = 0; i < k; i++)
    {
      double r = ht_confusion_recall (self, i);
      g_string_append_printf (s, "%-10.10s", names[i]);
      for (guint j = 0; j < k; j++)
        g_string_append_printf (s, " %8u", self->counts[i * k + j]);
      if (isnan (r))
        g_string_append_printf (s, " %8s\n", "–");
      else
        g_string_append_printf (s, " %7.1f%%\n", 100 * r);
    }
  g_string_append_printf (s, _("accuracy %.1f%% (%u tracks), macro-F1 %.3f\n"),
                          100 * ht_confusion_accuracy (self), ht_confusion_total (self),
                          ht_confusion_macro_f1 (self));
  return g_string_free (s, FALSE);
}

char *
ht_confusion_to_json (const HtConfusion  *self,
                      const char * const *names)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  guint k = self->n_classes;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "tracks");
  json_builder_add_int_value (b, ht_confusion_total (self));
  json_builder_set_member_name (b, "accuracy");
  json_builder_add_double_value (b, ht_confusion_accuracy (self));
  json_builder_set_member_name (b, "macro_f1");
  json_builder_add_double_value (b, ht_confusion_macro_f1 (self));
  json_builder_set_member_name (b, "recall");
  json_builder_begin_object (b);
  for (guint i = 0; i < k; i++)
    {
      double r = ht_confusion_recall (self, i);
      json_builder_set_member_name (b, names[i]);
      if (isnan (r))
        json_builder_add_null_value (b);
      else
        json_builder_add_double_value (b, r);
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "confusion");
  json_builder_begin_array (b);
  for (guint i = 0; i < k; i++)
    {
      json_builder_begin_array (b);
      for (guint j = 0; j < k; j++)
        json_builder_add_int_value (b, self->counts[i * k + j]);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static void
draw_text (cairo_t *cr, const char *text, double x, double y, double size, gboolean bold,
           double align)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autofree char *font = g_strdup_printf ("Sans %s %.0fpx", bold ? "Bold" : "", size);
  PangoFontDescription *desc = pango_font_description_from_string (font);
  int w, h;

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x - align * w, y - h / 2.0);
  pango_cairo_show_layout (cr, layout);
  pango_font_description_free (desc);
  g_object_unref (layout);
}

gboolean
ht_confusion_write_png (const HtConfusion  *self,
                        const char * const *names,
                        const char         *title,
                        const char         *path,
                        GError            **error)
{
  const double cell = 90, left = 130, top = 110;
  guint k = self->n_classes;
  int width = (int) (left + k * cell + 40), height = (int) (top + k * cell + 70);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (surface);
  g_autofree char *tmp = g_strconcat (path, ".tmp", NULL);
  g_autofree char *metrics = NULL;
  cairo_status_t status;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  draw_text (cr, title ? title : "", width / 2.0, 24, 18, TRUE, 0.5);
  draw_text (cr, _("Predicted"), left + k * cell / 2, top - 45, 14, TRUE, 0.5);
  for (guint i = 0; i < k; i++)
    {
      guint row = 0;

      for (guint j = 0; j < k; j++)
        row += self->counts[i * k + j];
      cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      draw_text (cr, names[i], left + (i + 0.5) * cell, top - 15, 13, FALSE, 0.5);
      draw_text (cr, names[i], left - 10, top + (i + 0.5) * cell, 13, FALSE, 1.0);
      for (guint j = 0; j < k; j++)
        {
          guint c = self->counts[i * k + j];
          double f = row ? (double) c / row : 0;
          char label[32];

          /* shade by the fraction of the true class: blue for the diagonal, red elsewhere */
          if (i == j)
            cairo_set_source_rgb (cr, 1 - 0.75 * f, 1 - 0.45 * f, 1 - 0.1 * f);
          else
            cairo_set_source_rgb (cr, 1 - 0.1 * f, 1 - 0.7 * f, 1 - 0.7 * f);
          cairo_rectangle (cr, left + j * cell, top + i * cell, cell - 2, cell - 2);
          cairo_fill (cr);
          cairo_set_source_rgb (cr, f > 0.6 ? 1 : 0.1, f > 0.6 ? 1 : 0.1, f > 0.6 ? 1 : 0.1);
          g_snprintf (label, sizeof label, "%u", c);
          draw_text (cr, label, left + (j + 0.5) * cell, top + (i + 0.45) * cell, 16, TRUE, 0.5);
          g_snprintf (label, sizeof label, "%.0f%%", 100 * f);
          draw_text (cr, label, left + (j + 0.5) * cell, top + (i + 0.75) * cell, 11, FALSE, 0.5);
        }
    }
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  metrics = g_strdup_printf (_("Accuracy %.1f%% · macro-F1 %.3f · %u tracks"),
                             100 * ht_confusion_accuracy (self), ht_confusion_macro_f1 (self),
                             ht_confusion_total (self));
  draw_text (cr, metrics, width / 2.0, top + k * cell + 30, 13, FALSE, 0.5);
  cairo_destroy (cr);
  status = cairo_surface_write_to_png (surface, tmp);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS || g_rename (tmp, path) != 0)
    {
      g_unlink (tmp);
      g_set_error (error, HT_ERROR, HT_ERROR_FAILED, _("Cannot write “%s”: %s"), path,
                   status != CAIRO_STATUS_SUCCESS ? cairo_status_to_string (status) : g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}
