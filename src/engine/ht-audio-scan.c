/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-audio-scan"

#include "config.h"

#include <string.h>

#include "ht-audio-scan.h"

#define ATTRIBUTES G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_NAME "," \
                   G_FILE_ATTRIBUTE_STANDARD_IS_HIDDEN "," \
                   G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE "," G_FILE_ATTRIBUTE_ID_FILE

void
ht_audio_scan_free (HtAudioScan *scan)
{
  if (scan == NULL)
    return;
  g_clear_pointer (&scan->files, g_ptr_array_unref);
  g_free (scan);
}

gboolean
ht_audio_scan_is_audio (const char *content_type)
{
  /* Playlists and cue sheets wear audio/ types but hold no sound. */
  static const char * const not_audio[] = {
    "audio/x-mpegurl", "audio/mpegurl", "audio/x-scpls", "audio/x-ms-asx", "audio/x-ms-wax",
    "audio/x-ms-wvx", "audio/x-iriver-pla", "audio/x-cue",
  };
  g_autofree char *mime = NULL;

  if (content_type == NULL)
    return FALSE;
  mime = g_content_type_get_mime_type (content_type);
  if (mime == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (not_audio); i++)
    if (g_ascii_strcasecmp (mime, not_audio[i]) == 0)
      return FALSE;
  return g_str_has_prefix (mime, "audio/") || g_str_equal (mime, "application/ogg")
         || g_str_equal (mime, "application/x-ogg");
}

typedef struct
{
  HtAudioScan *scan;
  GHashTable  *seen_dirs;    /* id::file of every folder read */
} Scanner;

typedef struct
{
  GFile     *file;
  GFileInfo *info;
  char      *key;    /* collation key of the name */
} Child;

static int
compare_children (gconstpointer a,
                  gconstpointer b)
{
  return strcmp (((const Child *) a)->key, ((const Child *) b)->key);
}

static gboolean scan_one (Scanner       *s,
                          GFile         *file,
                          GFileInfo     *info,
                          GCancellable  *cancellable,
                          GError       **error);

static gboolean
scan_dir (Scanner       *s,
          GFile         *dir,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (Child));
  g_autoptr(GError) local_error = NULL;
  gboolean ok = TRUE;

  children = g_file_enumerate_children (dir, ATTRIBUTES, G_FILE_QUERY_INFO_NONE, cancellable,
                                        &local_error);
  if (children == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      s->scan->n_unreadable++;
      return TRUE;
    }

  for (;;)
    {
      GFileInfo *info = NULL;
      GFile *child = NULL;

      if (!g_file_enumerator_iterate (children, &info, &child, cancellable, &local_error))
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              ok = FALSE;
              g_propagate_error (error, g_steal_pointer (&local_error));
              break;
            }
          s->scan->n_unreadable++;
          break;
        }
      if (info == NULL)
        break;
      if (g_file_info_get_is_hidden (info))
        continue;
      /* Collect first: the user expects a folder's tracks in name order. */
      {
        Child c = { g_object_ref (child), g_object_ref (info),
                    g_utf8_collate_key_for_filename (g_file_info_get_name (info), -1) };
        g_array_append_val (found, c);
      }
    }

  g_array_sort (found, compare_children);
  for (guint i = 0; i < found->len; i++)
    {
      Child *c = &g_array_index (found, Child, i);

      if (ok)
        ok = scan_one (s, c->file, c->info, cancellable, error);
      g_object_unref (c->file);
      g_object_unref (c->info);
      g_free (c->key);
    }
  return ok;
}

static gboolean
scan_one (Scanner       *s,
          GFile         *file,
          GFileInfo     *info,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(GFileInfo) queried = NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (info == NULL)
    {
      g_autoptr(GError) local_error = NULL;

      queried = g_file_query_info (file, ATTRIBUTES, G_FILE_QUERY_INFO_NONE, cancellable,
                                   &local_error);
      if (queried == NULL)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          s->scan->n_unreadable++;
          return TRUE;
        }
      info = queried;
    }

  switch (g_file_info_get_file_type (info))
    {
    case G_FILE_TYPE_DIRECTORY:
      {
        const char *id = g_file_info_get_attribute_string (info, G_FILE_ATTRIBUTE_ID_FILE);

        /* A link back up the tree must not loop. */
        if (id != NULL)
          {
            if (g_hash_table_contains (s->seen_dirs, id))
              return TRUE;
            g_hash_table_add (s->seen_dirs, g_strdup (id));
          }
        return scan_dir (s, file, cancellable, error);
      }
    case G_FILE_TYPE_REGULAR:
      if (ht_audio_scan_is_audio (g_file_info_get_content_type (info)))
        g_ptr_array_add (s->scan->files, g_object_ref (file));
      else
        s->scan->n_not_audio++;
      return TRUE;
    case G_FILE_TYPE_UNKNOWN:
    case G_FILE_TYPE_SYMBOLIC_LINK:   /* a dangling link */
    case G_FILE_TYPE_SPECIAL:
    case G_FILE_TYPE_SHORTCUT:
    case G_FILE_TYPE_MOUNTABLE:
    default:
      s->scan->n_not_audio++;
      return TRUE;
    }
}

HtAudioScan *
ht_audio_scan (GFile * const *files,
               guint          n_files,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(HtAudioScan) scan = g_new0 (HtAudioScan, 1);
  Scanner s = { scan, g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL) };
  gboolean ok = TRUE;

  g_return_val_if_fail (files != NULL || n_files == 0, NULL);

  scan->files = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n_files && ok; i++)
    ok = scan_one (&s, files[i], NULL, cancellable, error);
  g_hash_table_unref (s.seen_dirs);
  return ok ? g_steal_pointer (&scan) : NULL;
}

static void
scan_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GPtrArray *files = task_data;
  GError *error = NULL;
  HtAudioScan *scan;

  scan = ht_audio_scan ((GFile * const *) files->pdata, files->len, cancellable, &error);
  if (scan == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, scan, (GDestroyNotify) ht_audio_scan_free);
}

void
ht_audio_scan_async (GFile * const       *files,
                     guint                n_files,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GPtrArray *copy;

  g_return_if_fail (files != NULL || n_files == 0);

  copy = g_ptr_array_new_full (n_files, g_object_unref);
  for (guint i = 0; i < n_files; i++)
    g_ptr_array_add (copy, g_object_ref (files[i]));
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ht_audio_scan_async);
  g_task_set_name (task, "[hometown] scan for audio");
  g_task_set_task_data (task, copy, (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, scan_worker);
}

HtAudioScan *
ht_audio_scan_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ht_audio_scan_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
