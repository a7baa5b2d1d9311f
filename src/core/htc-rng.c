/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>

#include "htc-rng.h"

static uint64_t
splitmix64 (uint64_t *x)
{
  uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static inline uint32_t
rotl (uint32_t x, int k)
{
  return (x << k) | (x >> (32 - k));
}

void
htc_rng_init (HtcRng   *rng,
              uint64_t  seed)
{
  uint64_t a = splitmix64 (&seed), b = splitmix64 (&seed);

  rng->s[0] = (uint32_t) a;
  rng->s[1] = (uint32_t) (a >> 32);
  rng->s[2] = (uint32_t) b;
  rng->s[3] = (uint32_t) (b >> 32);
  if ((rng->s[0] | rng->s[1] | rng->s[2] | rng->s[3]) == 0)  /* the one forbidden state */
    rng->s[0] = 1;
  rng->have_spare = 0;
  rng->spare = 0;
}

void
htc_rng_split (HtcRng *rng,
               HtcRng *child)
{
  uint64_t seed = ((uint64_t) htc_rng_u32 (rng) << 32) | htc_rng_u32 (rng);
  htc_rng_init (child, seed ^ 0x5851F42D4C957F2Dull);
}

uint32_t
htc_rng_u32 (HtcRng *rng)
{
  uint32_t *s = rng->s;
  uint32_t result = rotl (s[1] * 5, 7) * 9;
  uint32_t t = s[1] << 9;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 11);
  return result;
}

float
htc_rng_uniform (HtcRng *rng)
{
  return (float) (htc_rng_u32 (rng) >> 8) * (1.0f / 16777216.0f);
}

uint32_t
htc_rng_below (HtcRng   *rng,
               uint32_t  n)
{
  uint64_t m = (uint64_t) htc_rng_u32 (rng) * n;
  uint32_t low = (uint32_t) m;

  if (low < n)
    {
      uint32_t threshold = -n % n;
      while (low < threshold)
        {
          m = (uint64_t) htc_rng_u32 (rng) * n;
          low = (uint32_t) m;
        }
    }
  return (uint32_t) (m >> 32);
}

float
htc_rng_normal (HtcRng *rng)
{
  double u, v, r;

  if (rng->have_spare)
    {
      rng->have_spare = 0;
      return rng->spare;
    }
  do
    u = (htc_rng_u32 (rng) + 1.0) / 4294967297.0;   /* (0, 1]: log is finite */
  while (u <= 0);
  v = htc_rng_u32 (rng) / 4294967296.0;
  r = sqrt (-2.0 * log (u));
  rng->spare = (float) (r * sin (2 * M_PI * v));
  rng->have_spare = 1;
  return (float) (r * cos (2 * M_PI * v));
}

void
htc_rng_shuffle (HtcRng   *rng,
                 uint32_t *idx,
                 uint32_t  n)
{
  for (uint32_t i = n; i > 1; i--)
    {
      uint32_t j = htc_rng_below (rng, i);
      uint32_t t = idx[i - 1];
      idx[i - 1] = idx[j];
      idx[j] = t;
    }
}
