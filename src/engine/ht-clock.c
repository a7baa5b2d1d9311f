/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "ht-clock.h"

char *
ht_clock_format (double seconds)
{
  long s = seconds > 0 ? lround (seconds) : 0;   /* also NaN */

  if (s >= 3600)
    return g_strdup_printf ("%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
  return g_strdup_printf ("%ld:%02ld", s / 60, s % 60);
}
