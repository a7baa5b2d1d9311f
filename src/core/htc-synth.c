/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>

#include "htc-synth.h"

/* Hash-based noise: value at sample i is a pure function of (i, seed), so pieces join up. */
static float
noise (uint64_t i,
       uint32_t seed)
{
  uint64_t x = i * 0x9E3779B97F4A7C15ull ^ ((uint64_t) seed << 32 | seed);
  x ^= x >> 30;
  x *= 0xBF58476D1CE4E5B9ull;
  x ^= x >> 27;
  x *= 0x94D049BB133111EBull;
  x ^= x >> 31;
  return (float) ((double) (x >> 11) / 9007199254740992.0 * 2.0 - 1.0);
}

HtcStatus
htc_synth_beat (const HtcSynthParams *p,
                size_t                offset,
                float                *out,
                size_t                n)
{
  static const double chord_steps[4][3] = {   /* semitones above the root, per bar */
    { 12, 15, 19 }, { 8, 12, 15 }, { 10, 14, 17 }, { 7, 10, 14 },
  };
  double beat_s, sr;

  if (p == NULL || out == NULL || !(p->sample_rate >= 8000) || !(p->bpm >= 60 && p->bpm <= 200)
      || !(p->root_hz > 20 && p->root_hz < 500))
    return HTC_ERROR_INVALID_ARG;
  sr = p->sample_rate;
  beat_s = 60.0 / p->bpm;

  for (size_t k = 0; k < n; k++)
    {
      size_t i = offset + k;
      double t = (double) i / sr;
      double beat = t / beat_s;
      long bar = (long) floor (beat / 4);
      double in_beat = (beat - floor (beat)) * beat_s;          /* seconds since the beat */
      double in_half = (beat * 2 - floor (beat * 2)) * beat_s / 2;
      int beat_in_bar = (int) ((long) floor (beat) % 4);
      int chord = (int) ((bar + (long) (p->seed % 4)) % 4);
      double v = 0;

      /* kick on 1 and 3 (and the "and" of 3): a falling sine */
      if (beat_in_bar == 0 || beat_in_bar == 2)
        v += 0.9 * exp (-in_beat * 18) * sin (2 * M_PI * (50 + 90 * exp (-in_beat * 30)) * in_beat);
      /* snare on 2 and 4: noise plus a body tone */
      if (beat_in_bar == 1 || beat_in_bar == 3)
        v += exp (-in_beat * 22) * (0.45 * noise (i, p->seed) + 0.3 * sin (2 * M_PI * 190 * in_beat));
      /* hats on eighths */
      v += 0.12 * exp (-in_half * 90) * noise (i, p->seed + 1);
      /* bass: the root, an octave jump on beat 4 */
      {
        double f = p->root_hz * (beat_in_bar == 3 ? 2 : 1) * pow (2, chord_steps[chord][0] / 12 - 1);
        v += 0.35 * tanh (2 * sin (2 * M_PI * f * t)) * fmin (1, in_beat * 40);
      }
      /* chord stab on each bar's first half-beat */
      if (in_beat < beat_s * 0.5 && (beat_in_bar == 0 || beat_in_bar == 2))
        for (int c = 0; c < 3; c++)
          v += 0.07 * exp (-in_beat * 6) * sin (2 * M_PI * p->root_hz * 4 * pow (2, chord_steps[chord][c] / 12) * t);
      out[k] = (float) tanh (v);
    }
  return HTC_OK;
}
