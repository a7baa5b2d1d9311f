/* ht-audio-scan.h: turns what the user gave (files and folders, dropped or opened) into the
 * audio files in it: folders are searched recursively, each file is judged by its content
 * type, and what is not audio is counted so the user can be told.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  GPtrArray *files;          /* GFile: the audio, in the order given, folders in name order */
  guint      n_not_audio;    /* files skipped because they are not audio */
  guint      n_unreadable;   /* files or folders that could not be read */
} HtAudioScan;

void         ht_audio_scan_free        (HtAudioScan   *scan);

/* TRUE for audio/ content types (and Ogg), but not playlists. */
gboolean     ht_audio_scan_is_audio    (const char    *content_type);

/* Blocking; cancellable (then NULL with G_IO_ERROR_CANCELLED). Hidden files and folders inside
 * folders are skipped; symbolic links are followed, each folder read once. */
HtAudioScan *ht_audio_scan             (GFile * const *files,
                                        guint          n_files,
                                        GCancellable  *cancellable,
                                        GError       **error);
void         ht_audio_scan_async       (GFile * const *files,
                                        guint          n_files,
                                        GCancellable  *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer       user_data);
HtAudioScan *ht_audio_scan_finish      (GAsyncResult  *result,
                                        GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtAudioScan, ht_audio_scan_free)

G_END_DECLS
