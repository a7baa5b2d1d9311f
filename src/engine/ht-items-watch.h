/* ht-items-watch.h: one place to hear about changes to any item of a list model — the
 * library's table and counts, and the map of many tracks, follow every track this way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The watch follows the model's ::items-changed range by range, so adding 16 tracks to 500
 * connects 16 handlers, not 516. Main thread, like the models it watches.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HT_TYPE_ITEMS_WATCH (ht_items_watch_get_type ())
G_DECLARE_FINAL_TYPE (HtItemsWatch, ht_items_watch, HT, ITEMS_WATCH, GObject)

/* Emits ::item-notify (GObject *item, GParamSpec *pspec), detailed by the property name, for
 * every ::notify of an item while it is in `model` (whose items must be GObjects). */
HtItemsWatch *ht_items_watch_new       (GListModel   *model);
GListModel   *ht_items_watch_get_model (HtItemsWatch *self);

G_END_DECLS
