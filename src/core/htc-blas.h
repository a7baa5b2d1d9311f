/* htc-blas.h: how the BLAS library runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

/* Keeps BLAS on the calling thread and stops the helper threads OpenBLAS starts when it loads.
 * Hometown splits work over its own threads (htc-pool); BLAS threads on top only contend, and
 * OpenBLAS's idle threads spin for a while before they sleep, taking a core from whatever the
 * program does first (starting the GUI, decoding a track). Call early in main(); idempotent. */
void htc_blas_single_thread (void);
