/* htc-pool-private.h: a tiny fork-join pool for data-parallel loops in the core.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * htc_pool_run() splits [0, n) into n_threads contiguous, fixed chunks (the calling thread takes
 * chunk 0) and returns when all are done. The split depends only on n and n_threads, so results
 * that are reduced per chunk in chunk order are reproducible.
 */
#pragma once

#include <stddef.h>

typedef struct _HtcPool HtcPool;

/* begin..end is this chunk; thread is its index in [0, n_threads). */
typedef void (*HtcPoolFunc) (void   *ctx,
                             size_t  begin,
                             size_t  end,
                             size_t  thread);

/* n_threads >= 1; returns NULL when out of memory or a thread cannot be started. */
HtcPool *htc_pool_new       (size_t       n_threads);
void     htc_pool_free      (HtcPool     *pool);     /* NULL-safe */
size_t   htc_pool_n_threads (const HtcPool *pool);
void     htc_pool_run       (HtcPool     *pool,
                             size_t       n,
                             HtcPoolFunc  func,
                             void        *ctx);
/* The usual thread count: online CPUs, capped at 8. */
size_t   htc_pool_default_threads (void);
