/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-track-list"

#include "config.h"

#include "ht-track-list.h"

struct _HtTrackList
{
  GObject     parent_instance;
  GPtrArray  *items;      /* HtTrack, owned */
  GHashTable *by_file;    /* GFile -> HtTrack, both borrowed from items */
};

static void ht_track_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HtTrackList, ht_track_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, ht_track_list_model_init))

enum {
  PROP_0,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
ht_track_list_get_item_type (GListModel *model)
{
  return HT_TYPE_TRACK;
}

static guint
ht_track_list_get_n_items (GListModel *model)
{
  return HT_TRACK_LIST (model)->items->len;
}

static gpointer
ht_track_list_get_item (GListModel *model,
                        guint       position)
{
  HtTrackList *self = HT_TRACK_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
ht_track_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ht_track_list_get_item_type;
  iface->get_n_items = ht_track_list_get_n_items;
  iface->get_item = ht_track_list_get_item;
}

static void
ht_track_list_finalize (GObject *object)
{
  HtTrackList *self = HT_TRACK_LIST (object);

  g_clear_pointer (&self->by_file, g_hash_table_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  G_OBJECT_CLASS (ht_track_list_parent_class)->finalize (object);
}

static void
ht_track_list_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  HtTrackList *self = HT_TRACK_LIST (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_track_list_class_init (HtTrackListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ht_track_list_finalize;
  object_class->get_property = ht_track_list_get_property;

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ht_track_list_init (HtTrackList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_file = g_hash_table_new ((GHashFunc) g_file_hash, (GEqualFunc) g_file_equal);
}

HtTrackList *
ht_track_list_new (void)
{
  return g_object_new (HT_TYPE_TRACK_LIST, NULL);
}

guint
ht_track_list_append (HtTrackList  *self,
                      HtTrack     **tracks,
                      guint         n_tracks)
{
  guint position, added = 0;

  g_return_val_if_fail (HT_IS_TRACK_LIST (self), 0);
  g_return_val_if_fail (tracks != NULL || n_tracks == 0, 0);

  position = self->items->len;
  for (guint i = 0; i < n_tracks; i++)
    {
      GFile *file;

      g_return_val_if_fail (HT_IS_TRACK (tracks[i]), added);
      file = ht_track_get_file (tracks[i]);
      if (g_hash_table_contains (self->by_file, file))
        continue;
      g_ptr_array_add (self->items, g_object_ref (tracks[i]));
      g_hash_table_insert (self->by_file, file, tracks[i]);
      added++;
    }
  if (added > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), position, 0, added);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
  return added;
}

HtTrack *
ht_track_list_find (HtTrackList *self,
                    GFile       *file,
                    guint       *position)
{
  HtTrack *track;
  guint index;

  g_return_val_if_fail (HT_IS_TRACK_LIST (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  track = g_hash_table_lookup (self->by_file, file);
  if (track != NULL && position != NULL)
    {
      gboolean found = g_ptr_array_find (self->items, track, &index);
      g_assert (found);
      *position = index;
    }
  return track;
}

gboolean
ht_track_list_remove (HtTrackList *self,
                      HtTrack     *track)
{
  guint index;

  g_return_val_if_fail (HT_IS_TRACK_LIST (self), FALSE);
  g_return_val_if_fail (HT_IS_TRACK (track), FALSE);

  if (!g_ptr_array_find (self->items, track, &index))
    return FALSE;
  g_hash_table_remove (self->by_file, ht_track_get_file (track));
  /* Keep the track alive until the handlers of ::items-changed have run. */
  track = g_ptr_array_steal_index (self->items, index);
  g_list_model_items_changed (G_LIST_MODEL (self), index, 1, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  g_object_unref (track);
  return TRUE;
}

void
ht_track_list_remove_all (HtTrackList *self)
{
  guint n;

  g_return_if_fail (HT_IS_TRACK_LIST (self));
  n = self->items->len;
  if (n == 0)
    return;
  g_hash_table_remove_all (self->by_file);
  /* Emit after the items are gone but keep them alive until then: handlers may look. */
  {
    g_autoptr(GPtrArray) old = g_steal_pointer (&self->items);
    self->items = g_ptr_array_new_with_free_func (g_object_unref);
    g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  }
}
