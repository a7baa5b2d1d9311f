/* ht-preferences-window.h: the spectrogram's look and the analysis settings, bound to GSettings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define HT_TYPE_PREFERENCES_WINDOW (ht_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (HtPreferencesWindow, ht_preferences_window, HT, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

GtkWindow *ht_preferences_window_new (GSettings *settings);

G_END_DECLS
