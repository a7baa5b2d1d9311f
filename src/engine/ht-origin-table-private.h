/* ht-origin-table-private.h: for ht-credits.c, which consults the table while a lookup holds
 * its lock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ht-origin-table.h"

G_BEGIN_DECLS

void     _ht_origin_table_read_lock    (HtOriginTable *table);
void     _ht_origin_table_read_unlock  (HtOriginTable *table);
/* The caller holds the read lock. */
gboolean _ht_origin_table_knows_locked (HtOriginTable *table,
                                        const char    *artist_name);

G_END_DECLS
