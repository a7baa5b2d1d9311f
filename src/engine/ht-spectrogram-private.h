/* ht-spectrogram-private.h: for tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ht-spectrogram.h"

G_BEGIN_DECLS

/* How many decodes built it: 2 when a long track was decoded in two halves at once. */
guint _ht_spectrogram_get_n_parts (HtSpectrogram *self);

G_END_DECLS
