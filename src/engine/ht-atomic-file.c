/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-atomic-file"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ht-atomic-file.h"

static void
set_save_error (GError    **error,
                GFile      *file,
                int         code,
                const char *reason)
{
  g_autofree char *name = g_file_get_parse_name (file);

  g_set_error (error, G_IO_ERROR, code,
               /* Translators: the first %s is a file name, the second the reason */
               _("Could not save “%s”: %s"), name, reason);
}

/* Not g_file_replace_contents() for local files: after a failed write it closes the stream,
 * which renames the partial temporary file over the old one, and a new file is written in
 * place. Here the temporary file only ever replaces the target whole. */
static gboolean
write_local (GFile        *file,
             const char   *path,
             const char   *data,
             gsize         len,
             GCancellable *cancellable,
             GError      **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmp_name = g_strdup_printf (".%s.XXXXXX", base);
  g_autofree char *tmp = g_build_filename (dir, tmp_name, NULL);
  gsize done = 0;
  int fd, saved_errno = 0, dir_fd;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0666);      /* the umask applies */
  if (fd < 0)
    {
      saved_errno = errno;
      set_save_error (error, file, g_io_error_from_errno (saved_errno), g_strerror (saved_errno));
      return FALSE;
    }
  while (done < len && !g_cancellable_is_cancelled (cancellable))
    {
      gssize n = write (fd, data + done, MIN (len - done, 64 * 1024));

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          saved_errno = errno;
          break;
        }
      done += (gsize) n;
    }
  if (saved_errno == 0 && done == len && fsync (fd) != 0)
    saved_errno = errno;
  if (close (fd) != 0 && saved_errno == 0 && done == len)
    saved_errno = errno;
  if (saved_errno == 0 && done == len && !g_cancellable_is_cancelled (cancellable)
      && g_rename (tmp, path) != 0)
    saved_errno = errno;
  if (saved_errno != 0 || done != len || g_cancellable_is_cancelled (cancellable))
    {
      g_unlink (tmp);
      if (saved_errno == 0)
        {
          g_cancellable_set_error_if_cancelled (cancellable, error);
          return FALSE;
        }
      set_save_error (error, file, g_io_error_from_errno (saved_errno), g_strerror (saved_errno));
      return FALSE;
    }
  /* Make the rename itself durable; failing that is not worth an error. */
  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0)
    {
      fsync (dir_fd);
      close (dir_fd);
    }
  return TRUE;
}

gboolean
ht_atomic_file_write (GFile        *file,
                      const void   *data,
                      gsize         len,
                      GCancellable *cancellable,
                      GError      **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  path = g_file_get_path (file);
  if (path != NULL)
    return write_local (file, path, (const char *) data, len, cancellable, error);

  /* Elsewhere (GVfs) the backend decides how replacing works. */
  if (!g_file_replace_contents (file, (const char *) data, len, NULL, FALSE, G_FILE_CREATE_NONE, NULL,
                                cancellable, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        set_save_error (error, file, local_error->code, local_error->message);
      return FALSE;
    }
  return TRUE;
}
