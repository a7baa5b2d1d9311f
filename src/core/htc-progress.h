/* htc-progress.h: how long core computations report progress and learn they are cancelled.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

/* fraction in [0, 1]; called from the thread that started the computation. */
typedef void (*HtcProgressFunc) (void   *ctx,
                                 double  fraction);
