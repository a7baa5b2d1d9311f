/* ht-clock.h: how Hometown writes a moment of a track for people: "3:07", "1:02:05".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whole seconds, rounded: "m:ss", or "h:mm:ss" from an hour on. Negative and NaN give "0:00". */
char *ht_clock_format (double seconds);

G_END_DECLS
