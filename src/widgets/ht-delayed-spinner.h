/* ht-delayed-spinner.h: a spinner that only starts turning once the wait has lasted a while.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Most of what the app waits for (a prediction, a track's picture) arrives in well under a second;
 * a spinner that flashes up for 300 ms says nothing and, drawn at 60 frames a second, takes CPU
 * from the very work it waits for (with the Cairo renderer, every frame repaints the area
 * between all the spinners on screen). This one keeps its place in the layout but stays
 * invisible and still until it has been on screen for `delay` milliseconds.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define HT_TYPE_DELAYED_SPINNER (ht_delayed_spinner_get_type ())
G_DECLARE_FINAL_TYPE (HtDelayedSpinner, ht_delayed_spinner, HT, DELAYED_SPINNER, GtkWidget)

#define HT_DELAYED_SPINNER_DEFAULT_DELAY_MS 500

GtkWidget *ht_delayed_spinner_new        (void);
guint      ht_delayed_spinner_get_delay  (HtDelayedSpinner *self);
void       ht_delayed_spinner_set_delay  (HtDelayedSpinner *self,
                                          guint             delay_ms);
/* TRUE once the delay has passed while mapped (the spinner shows and turns). */
gboolean   ht_delayed_spinner_get_active (HtDelayedSpinner *self);

/* For a GtkStack that swaps a waiting page (with this spinner) for the answer, bound in a
 * template as `stack_transition_after_wait` on the spinner's `active`: a crossfade after a
 * wait the user saw, none after a short one. A 200-ms fade after a 300-ms wait only delays
 * the answer, and with the Cairo renderer each of its frames costs a few ms of the UI thread
 * while the other models are still working. */
GtkStackTransitionType ht_delayed_spinner_stack_transition (GObject  *template_object,
                                                            gboolean  spinner_active);

G_END_DECLS
