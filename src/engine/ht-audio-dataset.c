/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-audio-dataset"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ht-audio-dataset.h"
#include "ht-error.h"
#include "ht-track-info.h"
#include "htc-rng.h"

static const char * const region_names[HT_AUDIO_N_REGIONS] = { "East", "West", "South", "Midwest" };
static const char * const audio_exts[] = {
  ".wav", ".flac", ".mp3", ".ogg", ".oga", ".opus", ".m4a", ".aac", ".aif", ".aiff", ".wma", NULL
};

const char *
ht_audio_region_name (guint index)
{
  g_return_val_if_fail (index < HT_AUDIO_N_REGIONS, NULL);
  return region_names[index];
}

int
ht_audio_region_from_name (const char *name)
{
  for (int i = 0; i < HT_AUDIO_N_REGIONS; i++)
    if (g_ascii_strcasecmp (name, region_names[i]) == 0)
      return i;
  if (g_ascii_strcasecmp (name, "Mid-West") == 0)
    return 3;
  return -1;
}

static void
item_free (gpointer data)
{
  HtAudioItem *item = data;

  g_free (item->path);
  g_free (item->artist);
  g_strfreev (item->featured);
  g_free (item);
}

static void
skip_free (gpointer data)
{
  HtAudioSkip *skip = data;

  g_free (skip->path);
  g_free (skip->artist);
  g_free (skip);
}

static void
add_skip (HtAudioDataset *self, GFile *file, const char *artist, HtAudioSkipReason reason)
{
  HtAudioSkip *skip = g_new0 (HtAudioSkip, 1);

  skip->path = g_file_get_path (file);
  skip->artist = g_strdup (artist);
  skip->reason = reason;
  g_ptr_array_add (self->skipped, skip);
  switch (reason)
    {
    case HT_AUDIO_SKIP_NOT_US:
      self->n_not_us++;
      break;
    case HT_AUDIO_SKIP_UNREADABLE:
      self->n_unreadable++;
      break;
    case HT_AUDIO_SKIP_UNKNOWN:
    default:
      self->n_unknown++;
      break;
    }
}

void
ht_audio_dataset_free (HtAudioDataset *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->items);
  g_clear_pointer (&self->skipped, g_ptr_array_unref);
  g_free (self);
}

static gboolean
is_audio (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  if (name[0] == '.')
    return FALSE;
  for (guint i = 0; audio_exts[i] != NULL; i++)
    if (g_str_has_suffix (lower, audio_exts[i]))
      return TRUE;
  return FALSE;
}

/* A key that matches an artist however it is written ("A$AP Rocky" = "asap rocky"). */
static char *
artist_key (const char *name)
{
  g_autofree char *folded = g_utf8_casefold (name, -1);
  GString *s = g_string_new (NULL);

  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c == '$')
        c = 's';
      if (g_unichar_isalnum (c))
        g_string_append_unichar (s, c);
    }
  return g_string_free (s, FALSE);
}

char **
ht_audio_parse_featured (const char *title)
{
  static GRegex *marker, *splitter;
  g_autoptr(GMatchInfo) match = NULL;
  GPtrArray *out = g_ptr_array_new ();

  if (g_once_init_enter (&marker))
    {
      GRegex *m = g_regex_new ("[\\(\\[]?\\b(?:feat\\.?|ft\\.?|featuring)\\s+([^\\)\\]]+)",
                               G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
      splitter = g_regex_new ("\\s*(?:,|&|\\band\\b|\\bx\\b|\\+)\\s*", G_REGEX_CASELESS, 0, NULL);
      g_once_init_leave (&marker, m);
    }
  if (title != NULL && g_regex_match (marker, title, 0, &match))
    {
      g_autofree char *names = g_match_info_fetch (match, 1);
      g_auto(GStrv) parts = g_regex_split (splitter, names, 0);

      for (guint i = 0; parts[i] != NULL; i++)
        {
          g_autofree char *name = g_strstrip (g_strdup (parts[i]));
          if (name[0] != '\0')
            g_ptr_array_add (out, g_steal_pointer (&name));
        }
    }
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

/* Files under dir, recursively, sorted, so that scans are reproducible. */
static gboolean
collect (GFile *dir, GPtrArray *files, GCancellable *cancellable, GError **error)
{
  g_autoptr(GFileEnumerator) e = NULL;
  g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func (g_object_unref);
  GFileInfo *info;

  e = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                 G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (e == NULL)
    return FALSE;
  while (g_file_enumerator_iterate (e, &info, NULL, cancellable, error) && info != NULL)
    {
      const char *name = g_file_info_get_name (info);
      if (name[0] == '.')
        continue;
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        g_ptr_array_add (children, g_file_get_child (dir, name));
      else if (is_audio (name))
        g_ptr_array_add (files, g_file_get_child (dir, name));
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  for (guint i = 0; i < children->len; i++)
    if (!collect (children->pdata[i], files, cancellable, error))
      return FALSE;
  return TRUE;
}

static gint
compare_files (gconstpointer a, gconstpointer b)
{
  g_autofree char *pa = g_file_get_path (*(GFile **) a);
  g_autofree char *pb = g_file_get_path (*(GFile **) b);
  return g_strcmp0 (pa, pb);
}

/* Union-find over artist keys: an artist and their guests share a group. */
static guint
find_root (GArray *parent, guint i)
{
  while (g_array_index (parent, guint, i) != i)
    i = g_array_index (parent, guint, i) = g_array_index (parent, guint, g_array_index (parent, guint, i));
  return i;
}

static guint
key_index (GHashTable *keys, GArray *parent, const char *name)
{
  g_autofree char *key = artist_key (name);
  gpointer v;
  guint i;

  if (g_hash_table_lookup_extended (keys, key, NULL, &v))
    return GPOINTER_TO_UINT (v);
  i = parent->len;
  g_array_append_val (parent, i);
  g_hash_table_insert (keys, g_steal_pointer (&key), GUINT_TO_POINTER (i));
  return i;
}

static void
assign_groups (HtAudioDataset *self)
{
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) parent = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GHashTable) roots = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      HtAudioItem *item = self->items->pdata[i];
      guint a = key_index (keys, parent, item->artist);
      for (guint j = 0; item->featured[j] != NULL; j++)
        {
          guint ra = find_root (parent, a), rb = find_root (parent, key_index (keys, parent, item->featured[j]));
          if (ra != rb)
            g_array_index (parent, guint, MAX (ra, rb)) = MIN (ra, rb);
        }
    }
  for (guint i = 0; i < self->items->len; i++)
    {
      HtAudioItem *item = self->items->pdata[i];
      guint root = find_root (parent, key_index (keys, parent, item->artist));
      gpointer v;

      if (!g_hash_table_lookup_extended (roots, GUINT_TO_POINTER (root), NULL, &v))
        {
          v = GUINT_TO_POINTER (g_hash_table_size (roots));
          g_hash_table_insert (roots, GUINT_TO_POINTER (root), v);
        }
      item->group = GPOINTER_TO_UINT (v);
    }
  self->n_groups = g_hash_table_size (roots);
}

static HtAudioItem *
item_new (GFile *file, const char *artist, const char *title, guint label)
{
  HtAudioItem *item = g_new0 (HtAudioItem, 1);
  g_autofree char *base = g_file_get_basename (file);
  char *dot = strrchr (base, '.');

  if (dot != NULL)
    *dot = '\0';   /* "Song (feat. X).flac": the extension is not part of a guest's name */

  item->path = g_file_get_path (file);
  item->artist = g_strdup (artist);
  item->featured = ht_audio_parse_featured (title ? title : base);
  item->label = label;
  return item;
}

HtAudioDataset *
ht_audio_dataset_scan (GFile              *root,
                       HtArtistRegionFunc  lookup,
                       gpointer            user_data,
                       GCancellable       *cancellable,
                       GError            **error)
{
  g_autoptr(HtAudioDataset) self = NULL;

  g_return_val_if_fail (G_IS_FILE (root), NULL);
  self = ht_audio_dataset_scan_full (root, lookup, user_data, NULL, NULL, cancellable, error);
  if (self != NULL && self->items->len == 0)
    {
      g_autofree char *root_name = g_file_get_parse_name (root);

      g_set_error (error, HT_ERROR, HT_ERROR_EMPTY, _("No labelled audio tracks were found in “%s”"),
                   root_name);
      return NULL;
    }
  return g_steal_pointer (&self);
}

HtAudioDataset *
ht_audio_dataset_scan_full (GFile                  *root,
                            HtArtistRegionFunc      lookup,
                            gpointer                user_data,
                            HtAudioScanProgressFunc progress,
                            gpointer                progress_data,
                            GCancellable           *cancellable,
                            GError                **error)
{
  g_autoptr(HtAudioDataset) self = g_new0 (HtAudioDataset, 1);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *root_name = NULL;
  g_autoptr(GFileEnumerator) e = NULL;
  GFileInfo *info;

  g_return_val_if_fail (G_IS_FILE (root), NULL);
  root_name = g_file_get_parse_name (root);
  self->items = g_ptr_array_new_with_free_func (item_free);
  self->skipped = g_ptr_array_new_with_free_func (skip_free);

  /* layout (a): region folders at the top */
  e = g_file_enumerate_children (root, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                 G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (e == NULL)
    return NULL;
  while (g_file_enumerator_iterate (e, &info, NULL, cancellable, NULL) && info != NULL)
    if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY
        && ht_audio_region_from_name (g_file_info_get_name (info)) >= 0)
      self->by_folders = TRUE;

  if (self->by_folders)
    {
      for (guint r = 0; r < HT_AUDIO_N_REGIONS; r++)
        {
          g_autoptr(GFileEnumerator) re = NULL;
          g_autoptr(GPtrArray) region_dirs = g_ptr_array_new_with_free_func (g_object_unref);

          re = g_file_enumerate_children (root, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                          G_FILE_QUERY_INFO_NONE, cancellable, error);
          if (re == NULL)
            return NULL;
          while (g_file_enumerator_iterate (re, &info, NULL, cancellable, NULL) && info != NULL)
            if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY
                && ht_audio_region_from_name (g_file_info_get_name (info)) == (int) r)
              g_ptr_array_add (region_dirs, g_file_get_child (root, g_file_info_get_name (info)));
          for (guint d = 0; d < region_dirs->len; d++)
            {
              g_autoptr(GPtrArray) rf = g_ptr_array_new_with_free_func (g_object_unref);
              g_autofree char *region_path = g_file_get_path (region_dirs->pdata[d]);

              if (!collect (region_dirs->pdata[d], rf, cancellable, error))
                return NULL;
              g_ptr_array_sort (rf, compare_files);
              for (guint i = 0; i < rf->len; i++)
                {
                  g_autofree char *path = g_file_get_path (rf->pdata[i]);
                  const char *rel = path + strlen (region_path) + 1;
                  g_auto(GStrv) parts = g_strsplit (rel, G_DIR_SEPARATOR_S, 2);

                  /* <Artist>/<Album>/<track>: a file directly in the region folder has no artist */
                  if (parts[1] == NULL)
                    {
                      add_skip (self, rf->pdata[i], NULL, HT_AUDIO_SKIP_UNKNOWN);
                      continue;
                    }
                  g_ptr_array_add (self->items, item_new (rf->pdata[i], parts[0], NULL, r));
                }
            }
        }
    }
  else
    {
      if (lookup == NULL)
        {
          g_set_error (error, HT_ERROR, HT_ERROR_INVALID_ARGUMENT,
                       _("“%s” has no East, West, South or Midwest folders, and there is no artist "
                         "origin table to label its tracks by their artist tags"), root_name);
          return NULL;
        }
      if (!collect (root, files, cancellable, error))
        return NULL;
      g_ptr_array_sort (files, compare_files);
      for (guint i = 0; i < files->len; i++)
        {
          g_autoptr(HtTrackInfo) ti = NULL;
          const char *artist;
          int region;

          if (progress != NULL)
            progress (i, files->len, progress_data);
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return NULL;
          ti = ht_track_info_read (files->pdata[i], NULL, cancellable, NULL);
          if (ti == NULL)
            {
              if (g_cancellable_set_error_if_cancelled (cancellable, error))
                return NULL;
              add_skip (self, files->pdata[i], NULL, HT_AUDIO_SKIP_UNREADABLE);
              continue;
            }
          artist = ti->artist ? ti->artist : ti->album_artist;
          region = artist ? lookup (artist, user_data) : HT_ARTIST_UNKNOWN;
          if (region == HT_ARTIST_NOT_US)
            add_skip (self, files->pdata[i], artist, HT_AUDIO_SKIP_NOT_US);
          else if (region < 0 || region >= HT_AUDIO_N_REGIONS)
            add_skip (self, files->pdata[i], artist, HT_AUDIO_SKIP_UNKNOWN);
          else
            g_ptr_array_add (self->items, item_new (files->pdata[i], artist, ti->title, (guint) region));
        }
      if (progress != NULL)
        progress (files->len, files->len, progress_data);
    }
  assign_groups (self);
  return g_steal_pointer (&self);
}

gboolean *
ht_audio_dataset_split (HtAudioDataset *self,
                        double          fraction,
                        guint64         seed)
{
  guint n = self->items->len, k = HT_AUDIO_N_REGIONS;
  g_autofree guint *group_class = g_new0 (guint, (gsize) self->n_groups * k);
  g_autofree guint32 *order = g_new (guint32, self->n_groups);
  g_autofree gboolean *group_val = g_new0 (gboolean, self->n_groups);
  guint class_total[HT_AUDIO_N_REGIONS] = { 0 }, class_val[HT_AUDIO_N_REGIONS] = { 0 };
  gboolean *is_val = g_new0 (gboolean, n);
  HtcRng rng;

  g_return_val_if_fail (fraction >= 0 && fraction < 1, is_val);
  for (guint i = 0; i < n; i++)
    {
      HtAudioItem *item = self->items->pdata[i];
      group_class[item->group * k + item->label]++;
      class_total[item->label]++;
    }
  for (guint g = 0; g < self->n_groups; g++)
    order[g] = g;
  htc_rng_init (&rng, seed);
  htc_rng_shuffle (&rng, order, self->n_groups);
  /* Each group goes to validation while its main class is below its share; a class keeps at
   * least one group for training. */
  for (guint o = 0; o < self->n_groups; o++)
    {
      guint g = order[o], main = 0, size = 0;
      for (guint c = 0; c < k; c++)
        {
          size += group_class[g * k + c];
          if (group_class[g * k + c] > group_class[g * k + main])
            main = c;
        }
      if (class_val[main] + size / 2.0 <= fraction * class_total[main]
          && class_val[main] + group_class[g * k + main] < class_total[main])
        {
          group_val[g] = TRUE;
          for (guint c = 0; c < k; c++)
            class_val[c] += group_class[g * k + c];
        }
    }
  for (guint i = 0; i < n; i++)
    is_val[i] = group_val[((HtAudioItem *) self->items->pdata[i])->group];
  return is_val;
}
