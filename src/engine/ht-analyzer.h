/* ht-analyzer.h: analyses tracks on a bounded pool of worker threads — tags, lyrics and the
 * artist's hometown, the lyrics model, the whole-track spectrogram, the audio CNN — and fills
 * each HtTrack from the main thread as the stages finish.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * At most :max-jobs tracks are analysed at once; the rest wait in order. Each analysis has a
 * GCancellable: cancelling it (or removing the track with ht_analyzer_cancel()) stops the work,
 * completes it with G_IO_ERROR_CANCELLED, and the track hears nothing from it afterwards.
 */
#pragma once

#include <gio/gio.h>

#include "ht-lyrics-store.h"
#include "ht-track.h"
#include "htc-spectro.h"

G_BEGIN_DECLS

#define HT_TYPE_ANALYZER (ht_analyzer_get_type ())
G_DECLARE_FINAL_TYPE (HtAnalyzer, ht_analyzer, HT, ANALYZER, GObject)

#define HT_ANALYZER_MAX_JOBS 8
/* Terms each way in the lyrics model's explanation (the track page shows them). */
#define HT_ANALYZER_N_TERMS 6

HtAnalyzer  *ht_analyzer_new            (guint                max_jobs);

guint        ht_analyzer_get_max_jobs   (HtAnalyzer          *self);
/* Takes effect for the next job to start; clamped to 1 ..= HT_ANALYZER_MAX_JOBS. */
void         ht_analyzer_set_max_jobs   (HtAnalyzer          *self,
                                         guint                max_jobs);
/* Settings copied into each analysis when it is started (not when it is queued). */
void         ht_analyzer_set_freq_scale (HtAnalyzer          *self,
                                         HtcFreqScale         scale);
void         ht_analyzer_set_window     (HtAnalyzer          *self,
                                         double               start,
                                         double               end);
/* Where the audio model is read from; NULL (the default) is ht_audio_model_default_path().
 * The file is looked at again before each analysis, so a newly trained model is picked up. */
void         ht_analyzer_set_audio_model_path (HtAnalyzer    *self,
                                               const char    *path);
/* Where the user's own lyrics are kept: each analysis reads the track's entry, which wins over
 * the file's lyrics. Default: ht_lyrics_store_new (NULL); NULL: none. */
void           ht_analyzer_set_lyrics_store (HtAnalyzer    *self,
                                             HtLyricsStore *store);
HtLyricsStore *ht_analyzer_get_lyrics_store (HtAnalyzer    *self);
/* Analyses running now, and running or waiting. */
guint        ht_analyzer_get_n_running  (HtAnalyzer          *self);
guint        ht_analyzer_get_n_pending  (HtAnalyzer          *self);

/* Analyses `track` (its state goes QUEUED, ANALYZING, then DONE or FAILED, or back to IDLE
 * when cancelled). The callback runs once the worker has let go of everything. */
void         ht_analyzer_analyze_async  (HtAnalyzer          *self,
                                         HtTrack             *track,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean     ht_analyzer_analyze_finish (HtAnalyzer          *self,
                                         GAsyncResult        *result,
                                         GError             **error);

/* The app's way: the analyzer keeps one GCancellable per track. Queuing a track that is being
 * analysed restarts it. */
void         ht_analyzer_queue          (HtAnalyzer          *self,
                                         HtTrack             *track);
/* After the lyrics changed: reads the tags and lyrics and runs the lyrics model again, keeping
 * the spectrogram and the audio model's answer. A full analysis when the track has not
 * finished one. */
void         ht_analyzer_queue_lyrics   (HtAnalyzer          *self,
                                         HtTrack             *track);
void         ht_analyzer_cancel         (HtAnalyzer          *self,
                                         HtTrack             *track);
void         ht_analyzer_cancel_all     (HtAnalyzer          *self);

/* The origin table the analyzer looks hometowns up in, loaded on a worker thread the first
 * time (shipped table and the user's corrections). The app corrects hometowns through this same
 * table, so analyses started after a correction see it. Fails when the table is not installed. */
void           ht_analyzer_load_origins_async  (HtAnalyzer          *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
HtOriginTable *ht_analyzer_load_origins_finish (HtAnalyzer          *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* Loads the lyrics and audio models on a worker thread, so that the first track opened does not
 * wait for them (the lyrics model takes ~0.25 s). Optional: jobs load them on first use. TRUE
 * once both were tried (a missing or broken model is not an error here: its card says why). */
void           ht_analyzer_preload_models_async  (HtAnalyzer          *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean       ht_analyzer_preload_models_finish (HtAnalyzer          *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

G_END_DECLS
