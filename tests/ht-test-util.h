/* ht-test-util.h: small helpers every kind of test needs (header-only).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>

/* Deletes `path` and everything under it; a symbolic link is removed, never followed. */
static inline void
ht_test_remove_tree (const char *path)
{
  g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
  const char *entry;

  while (d != NULL && (entry = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (path, entry, NULL);

      if (g_file_test (p, G_FILE_TEST_IS_DIR) && !g_file_test (p, G_FILE_TEST_IS_SYMLINK))
        ht_test_remove_tree (p);
      else
        g_unlink (p);
    }
  g_rmdir (path);
}
