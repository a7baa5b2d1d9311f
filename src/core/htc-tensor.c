/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>

#include "htc-tensor.h"

size_t
htc_tensor_shape_size (size_t        n_dims,
                       const size_t *shape)
{
  size_t n = 1;

  if (n_dims == 0 || n_dims > HTC_TENSOR_MAX_DIMS)
    return 0;
  for (size_t i = 0; i < n_dims; i++)
    n *= shape[i];
  return n;
}

int
htc_floats_finite (const float *data,
                   size_t       n)
{
  for (size_t i = 0; i < n; i++)
    if (!isfinite (data[i]))
      return 0;
  return 1;
}
