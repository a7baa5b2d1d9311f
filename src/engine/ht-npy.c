/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-npy"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ht-error.h"
#include "ht-npy.h"

gboolean
ht_npy_write_f32 (GFile        *file,
                  const float  *data,
                  gsize         rows,
                  gsize         cols,
                  GCancellable *cancellable,
                  GError      **error)
{
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GString) header = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *name = g_file_get_parse_name (file);
  gsize total;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (data != NULL || rows * cols == 0, FALSE);
  if (G_BYTE_ORDER != G_LITTLE_ENDIAN)
    {
      g_set_error (error, HT_ERROR, HT_ERROR_FAILED, _("Writing .npy files needs a little-endian machine"));
      return FALSE;
    }
  header = g_string_new (NULL);
  g_string_append_printf (header, "{'descr': '<f4', 'fortran_order': False, 'shape': (%" G_GSIZE_FORMAT
                          ", %" G_GSIZE_FORMAT "), }", rows, cols);
  /* Magic (6) + version (2) + length (2) + header + '\n', padded to a multiple of 64. */
  total = 10 + header->len + 1;
  while (total % 64 != 0)
    {
      g_string_append_c (header, ' ');
      total++;
    }
  g_string_append_c (header, '\n');

  /* g_file_replace writes a temporary file and renames it over the target on close. */
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, cancellable, &local);
  if (out != NULL)
    {
      guint8 prefix[10] = { 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0,
                            (guint8) (header->len & 0xff), (guint8) (header->len >> 8) };
      if (g_output_stream_write_all (G_OUTPUT_STREAM (out), prefix, sizeof prefix, NULL,
                                     cancellable, &local)
          && g_output_stream_write_all (G_OUTPUT_STREAM (out), header->str, header->len, NULL,
                                        cancellable, &local)
          && g_output_stream_write_all (G_OUTPUT_STREAM (out), data, rows * cols * sizeof (float),
                                        NULL, cancellable, &local)
          && g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, &local))
        return TRUE;
    }
  if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_steal_pointer (&local));
  else
    g_set_error (error, HT_ERROR, HT_ERROR_PERMISSION, _("Cannot write “%s”: %s"), name,
                 local->message);
  return FALSE;
}
