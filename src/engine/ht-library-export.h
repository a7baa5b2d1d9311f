/* ht-library-export.h: the library (a GListModel of HtTrack) as a CSV or JSON table of results,
 * and as one M3U playlist per predicted region.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Columns, in this order: path, artist, title, hometown, hometown_region, cnn_top, cnn_east,
 * cnn_west, cnn_south, cnn_midwest, lyrics_top, lyrics_east, …, lyrics_midwest, combined_top,
 * agree. Regions are the fixed English ids (ht_region_to_id()), never translated. The combined
 * verdict is ht_prediction_combine (cnn, lyrics); agree is !ht_prediction_disagree() and is only
 * known when both models answered. Probabilities have four decimals.
 *
 * The text builders read the tracks and must run on the main thread; the writers snapshot the
 * text there and do all I/O in a GTask thread. Every file is written atomically: a temporary file
 * beside the target, fsync(), rename() — a failed or cancelled write leaves the old file as it
 * was.
 */
#pragma once

#include <gio/gio.h>

#include "ht-region.h"
#include "ht-track.h"

G_BEGIN_DECLS

typedef enum
{
  HT_LIBRARY_FORMAT_CSV,
  HT_LIBRARY_FORMAT_JSON,
} HtLibraryFormat;

/* JSON for a name ending in ".json" (any case), CSV otherwise. */
HtLibraryFormat ht_library_format_for_file            (GFile              *file);

/* RFC 4180: CRLF line ends, fields with a comma, quote, CR or LF quoted, quotes doubled. Empty
 * fields where something is unknown. */
char           *ht_library_export_csv                 (GListModel         *tracks);
/* A pretty-printed array of objects with the CSV's fields (probabilities as numbers, null when
 * unknown) plus cnn_reason and lyrics_reason: why a model had no answer, else null. */
char           *ht_library_export_json                (GListModel         *tracks);
/* The playlist of the tracks whose combined verdict is `region` (a US region), in list order:
 * "#EXTM3U", then "#EXTINF:<seconds>,<Artist> - <Title>" and the absolute path for each. NULL
 * when no track has that verdict. */
char           *ht_library_export_m3u                 (GListModel         *tracks,
                                                       HtRegion            region);
/* "Hometown - East.m3u" */
char           *ht_library_playlist_name              (HtRegion            region);

void            ht_library_export_results_async       (GListModel         *tracks,
                                                       GFile              *file,
                                                       HtLibraryFormat     format,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
gboolean        ht_library_export_results_finish      (GAsyncResult       *result,
                                                       GError            **error);

/* One "Hometown - <Region>.m3u" in `folder` for every region some track was placed in; other
 * files in the folder are left alone. Stops at the first error; playlists already written stay.
 * The result is the number of playlists written. */
void            ht_library_export_playlists_async     (GListModel         *tracks,
                                                       GFile              *folder,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
gboolean        ht_library_export_playlists_finish    (GAsyncResult       *result,
                                                       guint              *n_written,
                                                       GError            **error);

G_END_DECLS
