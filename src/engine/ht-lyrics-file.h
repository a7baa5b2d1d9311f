/* ht-lyrics-file.h: lyrics from text files beside a track (track.lrc, track.txt), in whatever
 * encoding they come.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Where a track's lyrics came from. */
typedef enum
{
  HT_LYRICS_SOURCE_NONE,
  HT_LYRICS_SOURCE_TAG,       /* embedded: ID3 USLT, Vorbis LYRICS/UNSYNCEDLYRICS, MP4 ©lyr */
  HT_LYRICS_SOURCE_LRC,       /* track.lrc beside the file, timestamps stripped */
  HT_LYRICS_SOURCE_TXT,       /* track.txt beside the file */
  HT_LYRICS_SOURCE_USER,      /* pasted or edited in Hometown */
  HT_LYRICS_SOURCE_FILE,      /* a file named on the command line */
} HtLyricsSource;

/* A stable identifier ("tag", "lrc", ...) for JSON output. */
const char *ht_lyrics_source_to_id      (HtLyricsSource source);
/* "embedded tag", "sidecar .lrc file", ... translated. */
const char *ht_lyrics_source_describe   (HtLyricsSource source);

/* Bytes in an unknown encoding -> UTF-8: a BOM (UTF-8, UTF-16 LE/BE) wins, then valid UTF-8,
 * then Windows-1252 (a superset of Latin-1, the usual legacy encoding of lyric files).
 * CRLF and CR become LF; NULs and other control characters but tab and newline are dropped. */
char       *ht_text_to_utf8             (const char     *data,
                                         gsize           len);

/* LRC -> plain lyrics: [mm:ss.xx] timestamps (several per line too), <mm:ss.xx> word stamps
 * and [ar:]/[ti:]/[length:]-style header lines removed; lines that hold nothing but
 * brackets and punctuation dropped. */
char       *ht_lyrics_from_lrc          (const char     *text);

/* Reads track.lrc, else track.txt, beside `track`. Returns NULL with no error when there is
 * none; an error when one exists but cannot be used (unreadable, over 1 MiB, empty). */
char       *ht_lyrics_read_sidecar      (GFile          *track,
                                         HtLyricsSource *source,
                                         char          **sidecar_path,
                                         GCancellable   *cancellable,
                                         GError        **error);
/* Reads a lyrics file named by the user (plain text or LRC by extension). */
char       *ht_lyrics_read_file         (GFile          *file,
                                         GCancellable   *cancellable,
                                         GError        **error);

G_END_DECLS
