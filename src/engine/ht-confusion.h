/* ht-confusion.h: a confusion matrix and the metrics read from it (accuracy, macro-F1,
 * per-class recall), as text and as a PNG drawn with Cairo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  guint  n_classes;
  guint *counts;     /* [truth][predicted] */
} HtConfusion;

HtConfusion *ht_confusion_new      (guint              n_classes);
void         ht_confusion_free     (HtConfusion       *self);
void         ht_confusion_add      (HtConfusion       *self,
                                    guint              truth,
                                    guint              predicted);
guint        ht_confusion_total    (const HtConfusion *self);
double       ht_confusion_accuracy (const HtConfusion *self);
/* Recall of a class; NAN when the class has no examples. */
double       ht_confusion_recall   (const HtConfusion *self,
                                    guint              k);
double       ht_confusion_precision (const HtConfusion *self,
                                     guint              k);
/* Mean of the per-class F1 over the classes that have examples (0 F1 when nothing is
 * predicted right). */
double       ht_confusion_macro_f1 (const HtConfusion *self);
/* A table with one row per true class, and the metrics. */
char        *ht_confusion_to_text  (const HtConfusion *self,
                                    const char * const *class_names);
/* {"accuracy":…, "macro_f1":…, "recall":{name:…}, "confusion":[[…]]} */
char        *ht_confusion_to_json  (const HtConfusion *self,
                                    const char * const *class_names);
/* A heat map with counts and row-normalised shading, atomically written as PNG. */
gboolean     ht_confusion_write_png (const HtConfusion  *self,
                                     const char * const *class_names,
                                     const char         *title,
                                     const char         *path,
                                     GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtConfusion, ht_confusion_free)

G_END_DECLS
