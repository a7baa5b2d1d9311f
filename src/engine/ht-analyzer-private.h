/* ht-analyzer-private.h: test hooks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ht-analyzer.h"

G_BEGIN_DECLS

/* Called on the worker thread as a job's thread starts (TRUE) and ends (FALSE). */
typedef void (*HtAnalyzerWorkerHook) (gboolean entering,
                                      gpointer user_data);

void _ht_analyzer_set_worker_hook (HtAnalyzer           *self,
                                   HtAnalyzerWorkerHook  hook,
                                   gpointer              user_data);

/* Whether the lyrics model and the audio model are loaded (in memory) now. */
void _ht_analyzer_get_loaded_models (HtAnalyzer *self,
                                     gboolean   *lyrics,
                                     gboolean   *audio);

/* How many times the audio model's window came from the samples of the spectrogram's decode
 * rather than a decode of its own. */
guint _ht_analyzer_get_n_shared_windows (HtAnalyzer *self);

G_END_DECLS
