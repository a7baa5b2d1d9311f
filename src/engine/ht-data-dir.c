/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-data-dir"

#include "config.h"

#include "ht-data-dir.h"

char *
ht_data_dir_find_shipped (const char *relative_path)
{
  const char *env = g_getenv ("HOMETOWN_DATADIR");
  const char *candidates[] = { env, PKGDATADIR, HT_SOURCE_DATADIR };

  g_return_val_if_fail (relative_path != NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      g_autofree char *path = NULL;
      if (candidates[i] == NULL || candidates[i][0] == '\0')
        continue;
      path = g_build_filename (candidates[i], relative_path, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&path);
    }
  return NULL;
}

char *
ht_data_dir_user_path (const char *relative_path)
{
  g_return_val_if_fail (relative_path != NULL, NULL);
  return g_build_filename (g_get_user_data_dir (), "hometown", relative_path, NULL);
}
