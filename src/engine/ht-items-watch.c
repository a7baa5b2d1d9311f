/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-items-watch"

#include "config.h"

#include "ht-items-watch.h"

struct _HtItemsWatch
{
  GObject     parent_instance;

  GListModel *model;
  GPtrArray  *items;   /* GObject, a reference each, in the model's order */
};

G_DEFINE_FINAL_TYPE (HtItemsWatch, ht_items_watch, G_TYPE_OBJECT)

enum {
  SIGNAL_ITEM_NOTIFY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_item_notify_cb (GObject      *item,
                   GParamSpec   *pspec,
                   HtItemsWatch *self)
{
  g_signal_emit (self, signals[SIGNAL_ITEM_NOTIFY], g_param_spec_get_name_quark (pspec), item,
                 pspec);
}

static void
on_items_changed_cb (GListModel   *model,
                     guint         position,
                     guint         removed,
                     guint         added,
                     HtItemsWatch *self)
{
  for (guint i = position; i < position + removed; i++)
    g_signal_handlers_disconnect_by_func (g_ptr_array_index (self->items, i),
                                          on_item_notify_cb, self);
  g_ptr_array_remove_range (self->items, position, removed);
  for (guint i = position; i < position + added; i++)
    {
      GObject *item = g_list_model_get_item (model, i);

      g_signal_connect (item, "notify", G_CALLBACK (on_item_notify_cb), self);
      g_ptr_array_insert (self->items, (int) i, item);
    }
}

static void
ht_items_watch_dispose (GObject *object)
{
  HtItemsWatch *self = HT_ITEMS_WATCH (object);

  if (self->items != NULL)
    on_items_changed_cb (self->model, 0, self->items->len, 0, self);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, on_items_changed_cb, self);
  g_clear_object (&self->model);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  G_OBJECT_CLASS (ht_items_watch_parent_class)->dispose (object);
}

static void
ht_items_watch_class_init (HtItemsWatchClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ht_items_watch_dispose;

  signals[SIGNAL_ITEM_NOTIFY] =
    g_signal_new ("item-notify", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_OBJECT, G_TYPE_PARAM);
}

static void
ht_items_watch_init (HtItemsWatch *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

HtItemsWatch *
ht_items_watch_new (GListModel *model)
{
  HtItemsWatch *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);
  g_return_val_if_fail (g_type_is_a (g_list_model_get_item_type (model), G_TYPE_OBJECT), NULL);

  self = g_object_new (HT_TYPE_ITEMS_WATCH, NULL);
  self->model = g_object_ref (model);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed_cb), self);
  on_items_changed_cb (model, 0, 0, g_list_model_get_n_items (model), self);
  return self;
}

GListModel *
ht_items_watch_get_model (HtItemsWatch *self)
{
  g_return_val_if_fail (HT_IS_ITEMS_WATCH (self), NULL);
  return self->model;
}
