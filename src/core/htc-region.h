/* htc-region.h: the four US hip-hop regions, as plain numbers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The order is fixed project-wide: model outputs, probability arrays (double p[HTC_N_US_REGIONS])
 * and the engine's HtRegion all use it. The engine (src/engine/ht-region.h) names them.
 */
#pragma once

typedef enum
{
  HTC_REGION_EAST = 0,
  HTC_REGION_WEST,
  HTC_REGION_SOUTH,
  HTC_REGION_MIDWEST,
  HTC_REGION_OTHER,     /* outside the US */
  HTC_REGION_UNKNOWN,   /* no known origin */
} HtcRegion;

/* The four regions a classifier predicts: East, West, South, Midwest. */
#define HTC_N_US_REGIONS 4
/* Including Other and Unknown. */
#define HTC_N_REGIONS 6
