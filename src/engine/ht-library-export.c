/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-library-export"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "ht-atomic-file.h"
#include "ht-library-export.h"

/* Lower-case column stems in region order, as in the header. */
static const char * const region_columns[HT_PREDICTION_N_REGIONS] = {
  "east", "west", "south", "midwest"
};

HtLibraryFormat
ht_library_format_for_file (GFile *file)
{
  g_autofree char *base = NULL;
  g_autofree char *lower = NULL;

  g_return_val_if_fail (G_IS_FILE (file), HT_LIBRARY_FORMAT_CSV);

  base = g_file_get_basename (file);
  lower = g_ascii_strdown (base != NULL ? base : "", -1);
  return g_str_has_suffix (lower, ".json") ? HT_LIBRARY_FORMAT_JSON : HT_LIBRARY_FORMAT_CSV;
}

/* ---- what one row says ---------------------------------------------------------------------- */

static char *
track_path (HtTrack *track)
{
  GFile *file = ht_track_get_file (track);
  char *path = g_file_get_path (file);

  return path != NULL ? path : g_file_get_uri (file);
}

static const char *
hometown_region_id (HtTrack *track)
{
  HtRegion region = ht_track_get_hometown_region (track);

  return region == HT_REGION_UNKNOWN ? NULL : ht_region_to_id (region);
}

static gboolean
available (HtPrediction *p)
{
  return p != NULL && ht_prediction_is_available (p);
}

static const char *
top_id (HtPrediction *p)
{
  return available (p) ? ht_region_to_id ((HtRegion) ht_prediction_get_top_region (p)) : NULL;
}

/* Four decimals, the same in the CSV and the JSON. */
static double
rounded (double p)
{
  return round (p * 1e4) / 1e4;
}

/* ---- CSV ------------------------------------------------------------------------------------ */

static void
csv_field (GString    *out,
           const char *text,
           gboolean    last)
{
  if (text != NULL && strpbrk (text, ",\"\r\n") != NULL)
    {
      g_string_append_c (out, '"');
      for (const char *c = text; *c != '\0'; c++)
        {
          if (*c == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *c);
        }
      g_string_append_c (out, '"');
    }
  else if (text != NULL)
    g_string_append (out, text);
  g_string_append (out, last ? "\r\n" : ",");
}

static void
csv_prediction (GString      *out,
                HtPrediction *p)
{
  csv_field (out, top_id (p), FALSE);
  for (guint r = 0; r < HT_PREDICTION_N_REGIONS; r++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      csv_field (out, available (p) ? g_ascii_formatd (buf, sizeof buf, "%.4f",
                                                       rounded (ht_prediction_get_probability (p, r)))
                                    : NULL,
                 FALSE);
    }
}

char *
ht_library_export_csv (GListModel *tracks)
{
  GString *out;
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (tracks), NULL);

  out = g_string_new ("path,artist,title,hometown,hometown_region,cnn_top");
  for (guint r = 0; r < HT_PREDICTION_N_REGIONS; r++)
    g_string_append_printf (out, ",cnn_%s", region_columns[r]);
  g_string_append (out, ",lyrics_top");
  for (guint r = 0; r < HT_PREDICTION_N_REGIONS; r++)
    g_string_append_printf (out, ",lyrics_%s", region_columns[r]);
  g_string_append (out, ",combined_top,agree\r\n");

  n = g_list_model_get_n_items (tracks);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HtTrack) track = g_list_model_get_item (tracks, i);
      HtPrediction *cnn = ht_track_get_cnn_prediction (track);
      HtPrediction *lyrics = ht_track_get_lyrics_prediction (track);
      g_autoptr(HtPrediction) combined = ht_prediction_combine (cnn, lyrics);
      g_autofree char *path = track_path (track);
      const char *agree = NULL;

      if (available (cnn) && available (lyrics))
        agree = ht_prediction_disagree (cnn, lyrics) ? "false" : "true";
      csv_field (out, path, FALSE);
      csv_field (out, ht_track_get_artist (track), FALSE);
      csv_field (out, ht_track_get_title (track), FALSE);
      csv_field (out, ht_track_get_hometown (track), FALSE);
      csv_field (out, hometown_region_id (track), FALSE);
      csv_prediction (out, cnn);
      csv_prediction (out, lyrics);
      csv_field (out, top_id (combined), FALSE);
      csv_field (out, agree, TRUE);
    }
  return g_string_free (out, FALSE);
}

/* ---- JSON ----------------------------------------------------------------------------------- */

static void
json_string_or_null (JsonBuilder *b,
                     const char  *name,
                     const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
json_prediction (JsonBuilder  *b,
                 const char   *stem,
                 HtPrediction *p)
{
  g_autofree char *top = g_strconcat (stem, "_top", NULL);
  g_autofree char *reason = g_strconcat (stem, "_reason", NULL);

  json_string_or_null (b, top, top_id (p));
  for (guint r = 0; r < HT_PREDICTION_N_REGIONS; r++)
    {
      g_autofree char *name = g_strconcat (stem, "_", region_columns[r], NULL);

      json_builder_set_member_name (b, name);
      if (available (p))
        json_builder_add_double_value (b, rounded (ht_prediction_get_probability (p, r)));
      else
        json_builder_add_null_value (b);
    }
  json_string_or_null (b, reason, p != NULL && !available (p) ? ht_prediction_get_reason (p)
                                                              : NULL);
}

char *
ht_library_export_json (GListModel *tracks)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (tracks), NULL);

  json_builder_begin_array (b);
  n = g_list_model_get_n_items (tracks);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HtTrack) track = g_list_model_get_item (tracks, i);
      HtPrediction *cnn = ht_track_get_cnn_prediction (track);
      HtPrediction *lyrics = ht_track_get_lyrics_prediction (track);
      g_autoptr(HtPrediction) combined = ht_prediction_combine (cnn, lyrics);
      g_autofree char *path = track_path (track);

      json_builder_begin_object (b);
      json_string_or_null (b, "path", path);
      json_string_or_null (b, "artist", ht_track_get_artist (track));
      json_string_or_null (b, "title", ht_track_get_title (track));
      json_string_or_null (b, "hometown", ht_track_get_hometown (track));
      json_string_or_null (b, "hometown_region", hometown_region_id (track));
      json_prediction (b, "cnn", cnn);
      json_prediction (b, "lyrics", lyrics);
      json_string_or_null (b, "combined_top", top_id (combined));
      json_builder_set_member_name (b, "agree");
      if (available (cnn) && available (lyrics))
        json_builder_add_boolean_value (b, !ht_prediction_disagree (cnn, lyrics));
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 2);
  text = json_generator_to_data (gen, NULL);
  return g_strconcat (text, "\n", NULL);
}

/* ---- M3U ------------------------------------------------------------------------------------ */

/* A line break inside a tag would end the #EXTINF line early. */
static void
append_one_line (GString    *out,
                 const char *text)
{
  for (const char *c = text; *c != '\0'; c++)
    g_string_append_c (out, *c == '\n' || *c == '\r' ? ' ' : *c);
}

char *
ht_library_export_m3u (GListModel *tracks,
                       HtRegion    region)
{
  GString *out;
  guint n, found = 0;

  g_return_val_if_fail (G_IS_LIST_MODEL (tracks), NULL);
  g_return_val_if_fail (region < HT_PREDICTION_N_REGIONS, NULL);

  out = g_string_new ("#EXTM3U\n");
  n = g_list_model_get_n_items (tracks);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HtTrack) track = g_list_model_get_item (tracks, i);
      g_autoptr(HtPrediction) combined = ht_prediction_combine (
        ht_track_get_cnn_prediction (track), ht_track_get_lyrics_prediction (track));
      g_autofree char *path = NULL;
      double duration = ht_track_get_duration (track);

      if (!available (combined) || ht_prediction_get_top_region (combined) != (guint) region)
        continue;
      found++;
      /* -1: length unknown, as the format has it. */
      g_string_append_printf (out, "#EXTINF:%d,",
                              duration > 0 ? (int) lround (duration) : -1);
      if (ht_track_get_artist (track) != NULL)
        {
          append_one_line (out, ht_track_get_artist (track));
          g_string_append (out, " - ");
        }
      append_one_line (out, ht_track_get_title (track));
      g_string_append_c (out, '\n');
      path = track_path (track);
      append_one_line (out, path);
      g_string_append_c (out, '\n');
    }
  if (found == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

char *
ht_library_playlist_name (HtRegion region)
{
  g_return_val_if_fail (region < HT_PREDICTION_N_REGIONS, NULL);
  return g_strdup_printf ("Hometown - %s.m3u", ht_region_to_id (region));
}


/* ---- jobs ----------------------------------------------------------------------------------- */

typedef struct
{
  GFile *file;
  char  *text;
} ResultsJob;

static void
results_job_free (ResultsJob *job)
{
  g_object_unref (job->file);
  g_free (job->text);
  g_free (job);
}

static void
export_results_thread (GTask        *task,
                       gpointer      source,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  ResultsJob *job = task_data;
  GError *error = NULL;

  if (ht_atomic_file_write (job->file, job->text, strlen (job->text), cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
ht_library_export_results_async (GListModel         *tracks,
                                 GFile              *file,
                                 HtLibraryFormat     format,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  ResultsJob *job;

  g_return_if_fail (G_IS_LIST_MODEL (tracks));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ht_library_export_results_async);
  /* The thread says what happened: a write that finished before the cancel did happen. */
  g_task_set_check_cancellable (task, FALSE);
  job = g_new0 (ResultsJob, 1);
  job->file = g_object_ref (file);
  /* The tracks belong to the main thread: the text is made here, only the I/O moves. */
  job->text = format == HT_LIBRARY_FORMAT_JSON ? ht_library_export_json (tracks)
                                               : ht_library_export_csv (tracks);
  g_task_set_task_data (task, job, (GDestroyNotify) results_job_free);
  g_task_run_in_thread (task, export_results_thread);
}

gboolean
ht_library_export_results_finish (GAsyncResult *result,
                                  GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == ht_library_export_results_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  GFile *folder;
  char  *texts[HT_PREDICTION_N_REGIONS];   /* NULL: no playlist for that region */
} PlaylistsJob;

static void
playlists_job_free (PlaylistsJob *job)
{
  g_object_unref (job->folder);
  for (guint r = 0; r < HT_PREDICTION_N_REGIONS; r++)
    g_free (job->texts[r]);
  g_free (job);
}

static void
export_playlists_thread (GTask        *task,
                         gpointer      source,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  PlaylistsJob *job = task_data;
  gssize written = 0;

  for (guint r = 0; r < HT_PREDICTION_N_REGIONS; r++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GFile) file = NULL;
      GError *error = NULL;

      if (job->texts[r] == NULL)
        continue;
      name = ht_library_playlist_name ((HtRegion) r);
      file = g_file_get_child (job->folder, name);
      if (!ht_atomic_file_write (file, job->texts[r], strlen (job->texts[r]), cancellable,
                                  &error))
        {
          g_task_return_error (task, error);
          return;
        }
      written++;
    }
  g_task_return_int (task, written);
}

void
ht_library_export_playlists_async (GListModel         *tracks,
                                   GFile              *folder,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  PlaylistsJob *job;

  g_return_if_fail (G_IS_LIST_MODEL (tracks));
  g_return_if_fail (G_IS_FILE (folder));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ht_library_export_playlists_async);
  g_task_set_check_cancellable (task, FALSE);
  job = g_new0 (PlaylistsJob, 1);
  job->folder = g_object_ref (folder);
  for (guint r = 0; r < HT_PREDICTION_N_REGIONS; r++)
    job->texts[r] = ht_library_export_m3u (tracks, (HtRegion) r);
  g_task_set_task_data (task, job, (GDestroyNotify) playlists_job_free);
  g_task_run_in_thread (task, export_playlists_thread);
}

gboolean
ht_library_export_playlists_finish (GAsyncResult *result,
                                    guint        *n_written,
                                    GError      **error)
{
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == ht_library_export_playlists_async, FALSE);
  n = g_task_propagate_int (G_TASK (result), error);
  if (n < 0)
    return FALSE;
  if (n_written != NULL)
    *n_written = (guint) n;
  return TRUE;
}
