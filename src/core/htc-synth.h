/* htc-synth.h: a small deterministic beat synthesiser (kick, snare, hats, bass, chords), for
 * Hometown's own sample track, demos and benchmarks. It is not modelled on any region's style.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "htc-status.h"

typedef struct
{
  double   sample_rate;   /* Hz */
  double   bpm;           /* 60 ..= 200 */
  double   root_hz;       /* the bass line's root, e.g. 55 */
  uint32_t seed;          /* varies the hats' noise and the chord pattern */
} HtcSynthParams;

/* Fills out[0..n) with mono samples in [-1, 1]. Sample i depends only on i and params, so a
 * long track can be made in pieces: pass the index of out[0] as `offset`. */
HtcStatus htc_synth_beat (const HtcSynthParams *params,
                          size_t                offset,
                          float                *out,
                          size_t                n);
