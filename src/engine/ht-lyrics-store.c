/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-lyrics-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "ht-data-dir.h"
#include "ht-error.h"
#include "ht-lyrics-store.h"

struct _HtLyricsStore
{
  GObject  parent_instance;
  char    *directory;
};

G_DEFINE_FINAL_TYPE (HtLyricsStore, ht_lyrics_store, G_TYPE_OBJECT)

static void
ht_lyrics_store_finalize (GObject *object)
{
  HtLyricsStore *self = HT_LYRICS_STORE (object);

  g_free (self->directory);
  G_OBJECT_CLASS (ht_lyrics_store_parent_class)->finalize (object);
}

static void
ht_lyrics_store_class_init (HtLyricsStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ht_lyrics_store_finalize;
}

static void
ht_lyrics_store_init (HtLyricsStore *self)
{
}

HtLyricsStore *
ht_lyrics_store_new (const char *directory)
{
  HtLyricsStore *self = g_object_new (HT_TYPE_LYRICS_STORE, NULL);

  self->directory = directory != NULL ? g_strdup (directory) : ht_data_dir_user_path ("lyrics");
  return self;
}

const char *
ht_lyrics_store_get_directory (HtLyricsStore *self)
{
  g_return_val_if_fail (HT_IS_LYRICS_STORE (self), NULL);
  return self->directory;
}

char *
ht_lyrics_store_get_path (HtLyricsStore *self,
                          const char    *uri)
{
  g_autofree char *hash = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (HT_IS_LYRICS_STORE (self), NULL);
  g_return_val_if_fail (uri != NULL, NULL);

  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, uri, -1);
  name = g_strconcat (hash, ".txt", NULL);
  return g_build_filename (self->directory, name, NULL);
}

/* A URI fits on the first line: escaped URIs never hold a line break. */
static gboolean
check_uri (const char  *uri,
           GError     **error)
{
  if (*uri == '\0' || strchr (uri, '\n') != NULL || strchr (uri, '\r') != NULL)
    {
      g_set_error (error, HT_ERROR, HT_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a track’s address"), uri);
      return FALSE;
    }
  return TRUE;
}

static void
set_damaged (GError     **error,
             const char  *path,
             const char  *why)
{
  /* Translators: the first %s is a file path, the second says what is wrong with it */
  g_set_error (error, HT_ERROR, HT_ERROR_CORRUPT, _("The saved lyrics in “%s” are damaged: %s"),
               path, why);
}

char *
ht_lyrics_store_load (HtLyricsStore  *self,
                      const char     *uri,
                      GCancellable   *cancellable,
                      GError        **error)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  GStatBuf st;
  gsize len, uri_len;
  const char *text;

  g_return_val_if_fail (HT_IS_LYRICS_STORE (self), NULL);
  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error) || !check_uri (uri, error))
    return NULL;
  path = ht_lyrics_store_get_path (self, uri);
  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      if (saved == ENOENT || saved == ENOTDIR)
        return NULL;   /* nothing stored */
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not read the saved lyrics in “%s”: %s"), path, g_strerror (saved));
      return NULL;
    }
  uri_len = strlen (uri);
  if (!S_ISREG (st.st_mode))
    {
      set_damaged (error, path, _("it is not a regular file"));
      return NULL;
    }
  if ((guint64) st.st_size > HT_LYRICS_STORE_MAX_BYTES + uri_len + 1)
    {
      set_damaged (error, path, _("it is larger than 1 MiB"));
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, &len, &local_error))
    {
      g_set_error (error, HT_ERROR, HT_ERROR_PERMISSION,
                   _("Could not read the saved lyrics in “%s”: %s"), path, local_error->message);
      return NULL;
    }
  if (len < uri_len + 1 || memcmp (contents, uri, uri_len) != 0 || contents[uri_len] != '\n')
    {
      set_damaged (error, path, _("its first line is not the track’s address"));
      return NULL;
    }
  text = contents + uri_len + 1;
  if (!g_utf8_validate_len (text, len - uri_len - 1, NULL))
    {
      set_damaged (error, path, _("it is not UTF-8 text"));
      return NULL;
    }
  return g_strndup (text, len - uri_len - 1);
}

gboolean
ht_lyrics_store_save (HtLyricsStore  *self,
                      const char     *uri,
                      const char     *text,
                      GCancellable   *cancellable,
                      GError        **error)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize text_len;

  g_return_val_if_fail (HT_IS_LYRICS_STORE (self), FALSE);
  g_return_val_if_fail (uri != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error) || !check_uri (uri, error))
    return FALSE;
  path = ht_lyrics_store_get_path (self, uri);
  text_len = strlen (text);
  if (!g_utf8_validate_len (text, text_len, NULL))
    {
      g_set_error (error, HT_ERROR, HT_ERROR_INVALID_ARGUMENT,
                   _("Could not save the lyrics to “%s”: the text is not UTF-8"), path);
      return FALSE;
    }
  if (text_len > HT_LYRICS_STORE_MAX_BYTES)
    {
      g_set_error (error, HT_ERROR, HT_ERROR_TOO_LONG,
                   _("Could not save the lyrics to “%s”: they are larger than 1 MiB"), path);
      return FALSE;
    }
  if (g_mkdir_with_parents (self->directory, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the folder “%s”: %s"), self->directory,
                   g_strerror (saved));
      return FALSE;
    }
  contents = g_strconcat (uri, "\n", text, NULL);
  /* A temporary file renamed over the old one: a failure at any point leaves the old file. */
  if (!g_file_set_contents_full (path, contents, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_ONLY_EXISTING,
                                 0600, &local_error))
    {
      g_set_error (error, HT_ERROR, HT_ERROR_FAILED, _("Could not save the lyrics to “%s”: %s"),
                   path, local_error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
ht_lyrics_store_remove (HtLyricsStore  *self,
                        const char     *uri,
                        GCancellable   *cancellable,
                        GError        **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (HT_IS_LYRICS_STORE (self), FALSE);
  g_return_val_if_fail (uri != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error) || !check_uri (uri, error))
    return FALSE;
  path = ht_lyrics_store_get_path (self, uri);
  if (g_unlink (path) != 0 && errno != ENOENT && errno != ENOTDIR)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not remove the saved lyrics “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* ---- async wrappers ------------------------------------------------------------------------ */

typedef enum { OP_LOAD, OP_SAVE, OP_REMOVE } Op;

typedef struct
{
  Op    op;
  char *uri;
  char *text;
} Request;

static void
request_free (Request *r)
{
  g_free (r->uri);
  g_free (r->text);
  g_free (r);
}

static void
run_request (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  HtLyricsStore *self = source_object;
  Request *r = task_data;
  GError *error = NULL;

  switch (r->op)
    {
    case OP_LOAD:
      {
        char *text = ht_lyrics_store_load (self, r->uri, cancellable, &error);

        if (error != NULL)
          g_task_return_error (task, error);
        else
          g_task_return_pointer (task, text, g_free);
      }
      break;
    case OP_SAVE:
      if (ht_lyrics_store_save (self, r->uri, r->text, cancellable, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
      break;
    case OP_REMOVE:
      if (ht_lyrics_store_remove (self, r->uri, cancellable, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
start_request (HtLyricsStore       *self,
               Op                   op,
               const char          *uri,
               const char          *text,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Request *r = g_new0 (Request, 1);

  r->op = op;
  r->uri = g_strdup (uri);
  r->text = g_strdup (text);
  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, "[hometown] lyrics store");
  g_task_set_task_data (task, r, (GDestroyNotify) request_free);
  g_task_run_in_thread (task, run_request);
}

void
ht_lyrics_store_load_async (HtLyricsStore       *self,
                            const char          *uri,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (HT_IS_LYRICS_STORE (self));
  g_return_if_fail (uri != NULL);
  start_request (self, OP_LOAD, uri, NULL, ht_lyrics_store_load_async, cancellable, callback,
                 user_data);
}

char *
ht_lyrics_store_load_finish (HtLyricsStore  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ht_lyrics_store_load_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
ht_lyrics_store_save_async (HtLyricsStore       *self,
                            const char          *uri,
                            const char          *text,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (HT_IS_LYRICS_STORE (self));
  g_return_if_fail (uri != NULL);
  g_return_if_fail (text != NULL);
  start_request (self, OP_SAVE, uri, text, ht_lyrics_store_save_async, cancellable, callback,
                 user_data);
}

gboolean
ht_lyrics_store_save_finish (HtLyricsStore  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ht_lyrics_store_save_async,
                        FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
ht_lyrics_store_remove_async (HtLyricsStore       *self,
                              const char          *uri,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (HT_IS_LYRICS_STORE (self));
  g_return_if_fail (uri != NULL);
  start_request (self, OP_REMOVE, uri, NULL, ht_lyrics_store_remove_async, cancellable,
                 callback, user_data);
}

gboolean
ht_lyrics_store_remove_finish (HtLyricsStore  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ht_lyrics_store_remove_async,
                        FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
