/* ht-player-private.h: for tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ht-player.h"

G_BEGIN_DECLS

/* Where the pipeline itself says it is, in seconds (not the last :position); -1 when it
 * cannot say (stopped, or a seek is still in flight). */
double _ht_player_query_position (HtPlayer *self);

G_END_DECLS
