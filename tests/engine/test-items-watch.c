/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ht-items-watch.h"

/* GSimpleAction is a plain GObject with a property that notifies: "enabled". */
static GSimpleAction *
item (const char *name)
{
  return g_simple_action_new (name, NULL);
}

typedef struct
{
  GPtrArray *heard;   /* GSimpleAction names, in order */
} Heard;

static void
on_item_notify_cb (HtItemsWatch *watch,
                   GObject      *object,
                   GParamSpec   *pspec,
                   Heard        *h)
{
  g_assert_cmpstr (pspec->name, ==, "enabled");
  g_ptr_array_add (h->heard, g_strdup (g_action_get_name (G_ACTION (object))));
}

static void
toggle (GListStore *store,
        guint       position)
{
  g_autoptr(GSimpleAction) a = g_list_model_get_item (G_LIST_MODEL (store), position);

  g_simple_action_set_enabled (a, !g_action_get_enabled (G_ACTION (a)));
}

static void
test_follows_the_model (void)
{
  g_autoptr(GListStore) store = g_list_store_new (G_TYPE_SIMPLE_ACTION);
  g_autoptr(GSimpleAction) a = item ("a");
  g_autoptr(GSimpleAction) b = item ("b");
  g_autoptr(GSimpleAction) c = item ("c");
  g_autoptr(GSimpleAction) d = item ("d");
  g_autoptr(HtItemsWatch) watch = NULL;
  Heard h = { g_ptr_array_new_with_free_func (g_free) };
  gpointer splice[] = { d };

  g_list_store_append (store, a);
  g_list_store_append (store, b);
  watch = ht_items_watch_new (G_LIST_MODEL (store));
  g_assert_true (ht_items_watch_get_model (watch) == G_LIST_MODEL (store));
  g_signal_connect (watch, "item-notify::enabled", G_CALLBACK (on_item_notify_cb), &h);

  /* Items there before and items added later are heard. */
  g_list_store_append (store, c);
  toggle (store, 0);
  toggle (store, 2);
  g_assert_cmpuint (h.heard->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (h.heard, 0), ==, "a");
  g_assert_cmpstr (g_ptr_array_index (h.heard, 1), ==, "c");

  /* b replaced by d in the middle: b is no longer heard, d is, and c still is. */
  g_list_store_splice (store, 1, 1, splice, 1);
  g_simple_action_set_enabled (b, FALSE);
  g_assert_cmpuint (h.heard->len, ==, 2);
  toggle (store, 1);
  toggle (store, 2);
  g_assert_cmpuint (h.heard->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (h.heard, 2), ==, "d");
  g_assert_cmpstr (g_ptr_array_index (h.heard, 3), ==, "c");

  /* Other properties do not reach a handler for "enabled" only. */
  g_object_notify (G_OBJECT (a), "state");
  g_assert_cmpuint (h.heard->len, ==, 4);

  /* Gone: the items' changes reach nobody, and the watch holds none of them. */
  g_clear_object (&watch);
  g_list_store_remove_all (store);
  g_simple_action_set_enabled (a, TRUE);
  g_simple_action_set_enabled (c, FALSE);
  g_assert_cmpuint (h.heard->len, ==, 4);
  g_assert_cmpuint (G_OBJECT (a)->ref_count, ==, 1);
  g_assert_cmpuint (G_OBJECT (d)->ref_count, ==, 1);
  g_ptr_array_unref (h.heard);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/items-watch/follows-the-model", test_follows_the_model);
  return g_test_run ();
}
