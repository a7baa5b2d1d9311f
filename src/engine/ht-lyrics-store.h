/* ht-lyrics-store.h: the lyrics the user pasted or edited, kept across runs. One file per
 * track under $XDG_DATA_HOME/hometown/lyrics/, named by the SHA-256 of the track's URI and
 * holding that URI on its first line, then the text exactly as saved.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Immutable once made (it only knows its directory), so one store can be shared by the UI and
 * the analyzer's worker threads. Saving writes a temporary file and renames it over the old
 * one, so a failed save leaves the previous lyrics as they were.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Stored lyrics larger than this are refused (on save and on load). */
#define HT_LYRICS_STORE_MAX_BYTES (1024 * 1024)

#define HT_TYPE_LYRICS_STORE (ht_lyrics_store_get_type ())
G_DECLARE_FINAL_TYPE (HtLyricsStore, ht_lyrics_store, HT, LYRICS_STORE, GObject)

/* `directory` NULL: ht_data_dir_user_path ("lyrics"). It is created on the first save. */
HtLyricsStore *ht_lyrics_store_new           (const char     *directory);
const char    *ht_lyrics_store_get_directory (HtLyricsStore  *self);
/* The file that holds (or would hold) the lyrics of the track at `uri`. */
char          *ht_lyrics_store_get_path      (HtLyricsStore  *self,
                                              const char     *uri);

/* Blocking versions, for worker threads. load returns NULL with no error when nothing is
 * stored for `uri`, and an error naming the file when what is stored cannot be used. */
char          *ht_lyrics_store_load          (HtLyricsStore  *self,
                                              const char     *uri,
                                              GCancellable   *cancellable,
                                              GError        **error);
/* `text` must be valid UTF-8 (it may be empty: the user says there are none). */
gboolean       ht_lyrics_store_save          (HtLyricsStore  *self,
                                              const char     *uri,
                                              const char     *text,
                                              GCancellable   *cancellable,
                                              GError        **error);
/* Forgets the user's lyrics for `uri` (back to the file's own); TRUE also when there were
 * none. */
gboolean       ht_lyrics_store_remove        (HtLyricsStore  *self,
                                              const char     *uri,
                                              GCancellable   *cancellable,
                                              GError        **error);

/* The same on a worker thread. */
void           ht_lyrics_store_load_async    (HtLyricsStore       *self,
                                              const char          *uri,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* NULL with no error: nothing stored. */
char          *ht_lyrics_store_load_finish   (HtLyricsStore       *self,
                                              GAsyncResult        *result,
                                              GError             **error);
void           ht_lyrics_store_save_async    (HtLyricsStore       *self,
                                              const char          *uri,
                                              const char          *text,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean       ht_lyrics_store_save_finish   (HtLyricsStore       *self,
                                              GAsyncResult        *result,
                                              GError             **error);
void           ht_lyrics_store_remove_async  (HtLyricsStore       *self,
                                              const char          *uri,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean       ht_lyrics_store_remove_finish (HtLyricsStore       *self,
                                              GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
