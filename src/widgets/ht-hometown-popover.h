/* ht-hometown-popover.h: corrects an artist's hometown — a city and a US state, or another
 * country — through the origin table's corrections, saved atomically to the user's data folder
 * on a worker thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Errors (a bad entry, a file that cannot be written) are shown in the popover, which stays open
 * so nothing typed is lost. ::saved (artist, place) is emitted once the file is written. An
 * artist the user corrected can be put back to the shipped hometown (Reset).
 */
#pragma once

#include <gtk/gtk.h>

#include "ht-geo.h"
#include "ht-origin-table.h"

G_BEGIN_DECLS

#define HT_TYPE_HOMETOWN_POPOVER (ht_hometown_popover_get_type ())
G_DECLARE_FINAL_TYPE (HtHometownPopover, ht_hometown_popover, HT, HOMETOWN_POPOVER, GtkPopover)

GtkWidget  *ht_hometown_popover_new        (void);
/* Sets who is corrected and fills the fields with what the table says now. `geo` lists the
 * states and places the city when it knows it. */
void        ht_hometown_popover_set_artist (HtHometownPopover *self,
                                            const char        *artist,
                                            HtOriginTable     *origins,
                                            HtGeo             *geo);
const char *ht_hometown_popover_get_artist (HtHometownPopover *self);

/* For tests: fill the fields as a user would and press Save. `state` is a code ("NY") or NULL
 * for another country, then named by `country`. */
void        _ht_hometown_popover_fill      (HtHometownPopover *self,
                                            const char        *city,
                                            const char        *state,
                                            const char        *country);
void        _ht_hometown_popover_save      (HtHometownPopover *self);
/* Whether the artist has a correction to undo, and pressing the button that undoes it. */
gboolean    _ht_hometown_popover_can_reset (HtHometownPopover *self);
void        _ht_hometown_popover_reset     (HtHometownPopover *self);
/* The error shown, or NULL. */
const char *_ht_hometown_popover_get_error (HtHometownPopover *self);
gboolean    _ht_hometown_popover_is_saving (HtHometownPopover *self);

G_END_DECLS
