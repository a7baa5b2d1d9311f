/* ht-application.h: the Hometown application — one window, and GApplication::open as the
 * single way files come in (command line, drops, Open dialogs).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define HT_TYPE_APPLICATION (ht_application_get_type ())
G_DECLARE_FINAL_TYPE (HtApplication, ht_application, HT, APPLICATION, AdwApplication)

HtApplication *ht_application_new          (const char    *application_id,
                                            GApplicationFlags flags);
GSettings     *ht_application_get_settings (HtApplication *self);

G_END_DECLS
