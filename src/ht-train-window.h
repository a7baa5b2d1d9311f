/* ht-train-window.h: trains the audio CNN on the user's own music — choose a folder, see which
 * tracks can be labelled from their artists' origins, train with live held-out figures, and
 * save the model where the analyzer reads it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ht-window.h"

G_BEGIN_DECLS

#define HT_TYPE_TRAIN_WINDOW (ht_train_window_get_type ())
G_DECLARE_FINAL_TYPE (HtTrainWindow, ht_train_window, HT, TRAIN_WINDOW, AdwWindow)

/* Transient for `main_window`, whose open tracks are analysed again once a model is saved. */
HtTrainWindow *ht_train_window_new (HtWindow *main_window);

G_END_DECLS
