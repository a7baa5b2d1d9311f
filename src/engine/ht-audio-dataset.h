/* ht-audio-dataset.h: labelled tracks for training and evaluating the audio CNN.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two layouts:
 *  (a) the study's: ROOT/<Region>/<Artist>/<Album>/<track> (region folders East, West, South,
 *      Midwest, any case); the artist is the folder's name.
 *  (b) any music folder, labelled through each track's artist tag and a lookup function (the
 *      artist-origin table); tracks whose artist is unknown or not from the US are skipped and
 *      counted.
 * Guests named in titles or file names ("feat. X", "ft. X", "featuring X") link artists, so
 * that the validation split keeps an artist's tracks and the tracks featuring them together.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HT_AUDIO_N_REGIONS 4

/* East, West, South, Midwest: the class order of every model and output. */
const char *ht_audio_region_name (guint index);
/* The region's index for a folder name ("midwest", "East"...), or -1. */
int         ht_audio_region_from_name (const char *name);

/* Class index of an artist (0..3), HT_ARTIST_UNKNOWN or HT_ARTIST_NOT_US. */
#define HT_ARTIST_UNKNOWN (-1)
#define HT_ARTIST_NOT_US  (-2)
typedef int (*HtArtistRegionFunc) (const char *artist,
                                   gpointer    user_data);

/* Why a track of layout (b) was left out. */
typedef enum
{
  HT_AUDIO_SKIP_UNKNOWN,      /* no artist tag, or an artist the table does not know */
  HT_AUDIO_SKIP_NOT_US,       /* an artist from outside the US */
  HT_AUDIO_SKIP_UNREADABLE,   /* the tags could not be read */
} HtAudioSkipReason;

typedef struct
{
  char              *path;
  char              *artist;   /* NULL when there is none */
  HtAudioSkipReason  reason;
} HtAudioSkip;

typedef struct
{
  char  *path;
  char  *artist;
  char **featured;    /* NULL-terminated, may be empty */
  guint  label;
  guint  group;       /* tracks of one group share artists (directly or through guests) */
} HtAudioItem;

typedef struct
{
  GPtrArray *items;           /* HtAudioItem */
  guint      n_groups;
  guint      n_unknown;       /* layout (b): artist not in the table, or no artist tag */
  guint      n_not_us;        /* layout (b): artist from outside the US */
  guint      n_unreadable;    /* tags could not be read */
  gboolean   by_folders;      /* layout (a) */
  GPtrArray *skipped;         /* HtAudioSkip: the tracks counted above, in path order */
} HtAudioDataset;

/* Called on the scanning thread as tags are read: `done` of `total` audio files. */
typedef void (*HtAudioScanProgressFunc) (guint    done,
                                         guint    total,
                                         gpointer user_data);

/* Scans `root` (blocking). Layout (a) when it has region folders, else (b), which needs
 * `lookup`. An error when nothing usable is found. */
HtAudioDataset *ht_audio_dataset_scan (GFile              *root,
                                       HtArtistRegionFunc  lookup,
                                       gpointer            user_data,
                                       GCancellable       *cancellable,
                                       GError            **error);
/* The same with progress, and a dataset without labelled tracks is returned rather than an
 * error (so that the caller can show what was skipped). */
HtAudioDataset *ht_audio_dataset_scan_full (GFile                  *root,
                                            HtArtistRegionFunc      lookup,
                                            gpointer                user_data,
                                            HtAudioScanProgressFunc progress,
                                            gpointer                progress_data,
                                            GCancellable           *cancellable,
                                            GError                **error);
void            ht_audio_dataset_free (HtAudioDataset     *self);
/* Guests named in a title or file name, NULL-terminated (empty when none). */
char          **ht_audio_parse_featured (const char       *title);
/* Splits by group: *is_val[i] says whether item i is held out. About `fraction` of each class's
 * tracks go to validation; whole groups only, chosen at random from `seed`. */
gboolean       *ht_audio_dataset_split (HtAudioDataset     *self,
                                        double              fraction,
                                        guint64             seed);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtAudioDataset, ht_audio_dataset_free)

G_END_DECLS
