/* ht-widgets.h: what every user of Hometown's widgets calls first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Where the .ui files, style.css and help overlay live in the resource bundle. */
#define HT_RESOURCE_BASE "/io/github/hometownapp/Hometown"
#define HT_RESOURCE_PATH HT_RESOURCE_BASE "/"

/* Registers the resource bundle (once) and the widget types the templates name. Call after
 * gtk_init(); the application does it in ::startup. */
void ht_widgets_init (void);

G_END_DECLS
