/* ht-atomic-file.h: replacing a file so that readers see the old contents or the new, never
 * part of either — models, exports, anything the user would hate to lose half of.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Local files: a temporary file beside the target, fsync(), rename(), fsync() of the folder —
 * a failed or cancelled write leaves the old file as it was and no temporary file behind.
 * Elsewhere (GVfs) g_file_replace_contents(). Errors: G_IO_ERROR "Could not save “NAME”:
 * reason", or G_IO_ERROR_CANCELLED. Blocking: call it from a worker thread. */
gboolean ht_atomic_file_write (GFile        *file,
                               const void   *data,
                               gsize         len,
                               GCancellable *cancellable,
                               GError      **error);

G_END_DECLS
