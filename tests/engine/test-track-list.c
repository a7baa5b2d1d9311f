/* Tests for HtTrackList: a GListModel of tracks, at most one per file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ht-track-list.h"

typedef struct
{
  guint    n_signals;
  guint    position, removed, added;
  gboolean removed_alive;     /* the removed track could still be looked at in the handler */
  HtTrack *watch;
} Changes;

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     Changes    *c)
{
  c->n_signals++;
  c->position = position;
  c->removed = removed;
  c->added = added;
  if (c->watch != NULL)
    c->removed_alive = G_IS_OBJECT (c->watch) && ht_track_get_file (c->watch) != NULL;
}

static HtTrack *
track_for (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  return ht_track_new (file);
}

static void
test_list_append_find_remove (void)
{
  g_autoptr(HtTrackList) list = ht_track_list_new ();
  g_autoptr(HtTrack) a = track_for ("/m/a.mp3");
  g_autoptr(HtTrack) b = track_for ("/m/b.mp3");
  g_autoptr(HtTrack) c = track_for ("/m/c.mp3");
  g_autoptr(HtTrack) a_again = track_for ("/m/sub/../a.mp3");
  g_autoptr(HtTrack) d = track_for ("/m/d.mp3");
  HtTrack *abc[] = { a, b, c };
  HtTrack *mixed[] = { a_again, d, d };
  g_autoptr(GFile) b_file = g_file_new_for_path ("/m/b.mp3");
  g_autoptr(GFile) z_file = g_file_new_for_path ("/m/z.mp3");
  g_autoptr(HtTrack) item = NULL;
  Changes ch = { 0 };
  guint position = 99, n_items = 0;

  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed_cb), &ch);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == HT_TYPE_TRACK);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);

  /* Three at once: one signal. */
  g_assert_cmpuint (ht_track_list_append (list, abc, 3), ==, 3);
  g_assert_cmpuint (ch.n_signals, ==, 1);
  g_assert_cmpuint (ch.position, ==, 0);
  g_assert_cmpuint (ch.removed, ==, 0);
  g_assert_cmpuint (ch.added, ==, 3);
  item = g_list_model_get_item (G_LIST_MODEL (list), 1);
  g_assert_true (item == b);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 3));

  /* The same file (the path normalises to /m/a.mp3) and a duplicate in the batch: only d. */
  g_assert_cmpuint (ht_track_list_append (list, mixed, 3), ==, 1);
  g_assert_cmpuint (ch.n_signals, ==, 2);
  g_assert_cmpuint (ch.position, ==, 3);
  g_assert_cmpuint (ch.added, ==, 1);
  g_object_get (list, "n-items", &n_items, NULL);
  g_assert_cmpuint (n_items, ==, 4);

  /* Nothing new: no signal. */
  g_assert_cmpuint (ht_track_list_append (list, abc, 3), ==, 0);
  g_assert_cmpuint (ch.n_signals, ==, 2);

  g_assert_true (ht_track_list_find (list, b_file, &position) == b);
  g_assert_cmpuint (position, ==, 1);
  g_assert_null (ht_track_list_find (list, z_file, NULL));

  /* Remove the middle one; it is still alive while the handlers run. */
  ch.watch = b;
  g_assert_true (ht_track_list_remove (list, b));
  g_assert_cmpuint (ch.n_signals, ==, 3);
  g_assert_cmpuint (ch.position, ==, 1);
  g_assert_cmpuint (ch.removed, ==, 1);
  g_assert_cmpuint (ch.added, ==, 0);
  g_assert_true (ch.removed_alive);
  g_assert_false (ht_track_list_remove (list, b));
  g_assert_cmpuint (ch.n_signals, ==, 3);
  g_assert_null (ht_track_list_find (list, b_file, NULL));
  g_clear_object (&item);
  item = g_list_model_get_item (G_LIST_MODEL (list), 1);
  g_assert_true (item == c);

  /* Once removed, a file can come back. */
  g_assert_cmpuint (ht_track_list_append (list, &b, 1), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 4);

  ht_track_list_remove_all (list);
  g_assert_cmpuint (ch.n_signals, ==, 5);
  g_assert_cmpuint (ch.position, ==, 0);
  g_assert_cmpuint (ch.removed, ==, 4);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  ht_track_list_remove_all (list);
  g_assert_cmpuint (ch.n_signals, ==, 5);
}

static void
test_list_releases_tracks (void)
{
  HtTrackList *list = ht_track_list_new ();
  HtTrack *t = track_for ("/m/x.wav");

  g_object_add_weak_pointer (G_OBJECT (t), (gpointer *) &t);
  ht_track_list_append (list, &t, 1);
  g_object_unref (t);
  g_assert_nonnull (t);
  g_object_unref (list);
  g_assert_null (t);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/track-list/append-find-remove", test_list_append_find_remove);
  g_test_add_func ("/engine/track-list/releases-tracks", test_list_releases_tracks);
  return g_test_run ();
}
