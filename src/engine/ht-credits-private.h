/* ht-credits-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ht-credits.h"

G_BEGIN_DECLS

/* ht_credits_parse() for a caller that already holds `table`'s read lock (or table NULL). */
HtCredits *_ht_credits_parse_locked (const char    *artist,
                                     const char    *title,
                                     HtOriginTable *table);

G_END_DECLS
