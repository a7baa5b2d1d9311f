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

G_END_DECLS
