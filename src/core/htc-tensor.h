/* htc-tensor.h: a named float32 array with a shape: how the core hands model parameters to the
 * engine (to save and load them) and to the optimiser.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stddef.h>

#define HTC_TENSOR_MAX_DIMS 4

typedef enum
{
  HTC_TENSOR_TRAINABLE = 1 << 0,   /* has a gradient; the optimiser updates it */
  HTC_TENSOR_DECAY     = 1 << 1,   /* AdamW applies weight decay (weights, not BN or biases) */
} HtcTensorFlags;

typedef struct
{
  const char *name;                       /* stable identifier, e.g. "blocks.0.conv.weight" */
  size_t      n_dims;
  size_t      shape[HTC_TENSOR_MAX_DIMS];
  size_t      size;                       /* product of the shape */
  float      *data;
  unsigned    flags;
} HtcTensor;

/* Product of shape[0..n_dims); 0 if n_dims is 0 or > HTC_TENSOR_MAX_DIMS. */
size_t htc_tensor_shape_size (size_t        n_dims,
                              const size_t *shape);
/* Non-zero when every element is finite. */
int    htc_floats_finite     (const float  *data,
                              size_t        n);
