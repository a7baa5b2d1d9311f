/* ht-npy.h: writes NumPy .npy files (format 1.0), so users can take features into notebooks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A C-order float32 array of rows x cols ("<f4"), written atomically. */
gboolean ht_npy_write_f32 (GFile        *file,
                           const float  *data,
                           gsize         rows,
                           gsize         cols,
                           GCancellable *cancellable,
                           GError      **error);

G_END_DECLS
