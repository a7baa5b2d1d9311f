/* htc-rng.h: a small seeded random number generator (xoshiro128**, seeded with splitmix64).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The core never calls rand() or time(): everything random (initialisation, dropout, sampling,
 * augmentation) draws from an HtcRng the caller seeds, so a run is reproducible from its seed.
 * The state is a plain struct so that it can live on the stack or inside other objects.
 */
#pragma once

#include <stdint.h>

typedef struct
{
  uint32_t s[4];
  int      have_spare;    /* Box-Muller makes normals in pairs */
  float    spare;
} HtcRng;

void     htc_rng_init     (HtcRng   *rng,
                           uint64_t  seed);
/* A new generator whose stream is independent of the parent's (for worker threads). */
void     htc_rng_split    (HtcRng   *rng,
                           HtcRng   *child);
uint32_t htc_rng_u32      (HtcRng   *rng);
/* Uniform in [0, 1). */
float    htc_rng_uniform  (HtcRng   *rng);
/* Uniform integer in [0, n); n > 0. Unbiased (Lemire's method). */
uint32_t htc_rng_below    (HtcRng   *rng,
                           uint32_t  n);
/* Standard normal. */
float    htc_rng_normal   (HtcRng   *rng);
/* Fisher-Yates shuffle of n indices. */
void     htc_rng_shuffle  (HtcRng   *rng,
                           uint32_t *idx,
                           uint32_t  n);
