/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include <cblas.h>

#include "htc-nn.h"

/* col[(ci*9 + ky*3 + kx)][y*w + x] = x[ci][y + ky - 1][x + kx - 1], zero outside the image. */
static void
im2col3x3 (const float *x, size_t c_in, size_t h, size_t w, float *col)
{
  for (size_t ci = 0; ci < c_in; ci++)
    for (size_t ky = 0; ky < 3; ky++)
      for (size_t kx = 0; kx < 3; kx++)
        {
          float *dst = col + ((ci * 9 + ky * 3 + kx) * h) * w;
          for (size_t y = 0; y < h; y++, dst += w)
            {
              ptrdiff_t sy = (ptrdiff_t) y + (ptrdiff_t) ky - 1;
              const float *src;

              if (sy < 0 || sy >= (ptrdiff_t) h)
                {
                  memset (dst, 0, w * sizeof (float));
                  continue;
                }
              src = x + (ci * h + (size_t) sy) * w;
              if (kx == 1)
                memcpy (dst, src, w * sizeof (float));
              else if (kx == 0)
                {
                  dst[0] = 0;
                  memcpy (dst + 1, src, (w - 1) * sizeof (float));
                }
              else
                {
                  memcpy (dst, src + 1, (w - 1) * sizeof (float));
                  dst[w - 1] = 0;
                }
            }
        }
}

/* The adjoint of im2col3x3: dx (overwritten) gathers every column entry it fed. */
static void
col2im3x3 (const float *col, size_t c_in, size_t h, size_t w, float *dx)
{
  memset (dx, 0, c_in * h * w * sizeof (float));
  for (size_t ci = 0; ci < c_in; ci++)
    for (size_t ky = 0; ky < 3; ky++)
      for (size_t kx = 0; kx < 3; kx++)
        {
          const float *src = col + ((ci * 9 + ky * 3 + kx) * h) * w;
          for (size_t y = 0; y < h; y++, src += w)
            {
              ptrdiff_t sy = (ptrdiff_t) y + (ptrdiff_t) ky - 1;
              float *dst;

              if (sy < 0 || sy >= (ptrdiff_t) h)
                continue;
              dst = dx + (ci * h + (size_t) sy) * w;
              if (kx == 1)
                for (size_t i = 0; i < w; i++)
                  dst[i] += src[i];
              else if (kx == 0)
                for (size_t i = 1; i < w; i++)
                  dst[i - 1] += src[i];
              else
                for (size_t i = 0; i + 1 < w; i++)
                  dst[i + 1] += src[i];
            }
        }
}

void
htc_conv3x3_forward (const float *x,
                     size_t       c_in,
                     size_t       h,
                     size_t       w,
                     const float *weight,
                     size_t       c_out,
                     float       *col,
                     float       *y)
{
  size_t k = c_in * 9, hw = h * w;

  im2col3x3 (x, c_in, h, w, col);
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, (int) c_out, (int) hw, (int) k,
               1.0f, weight, (int) k, col, (int) hw, 0.0f, y, (int) hw);
}

void
htc_conv3x3_backward (const float *x,
                      size_t       c_in,
                      size_t       h,
                      size_t       w,
                      const float *weight,
                      size_t       c_out,
                      const float *dy,
                      float       *col,
                      float       *dweight,
                      float       *dx)
{
  size_t k = c_in * 9, hw = h * w;

  im2col3x3 (x, c_in, h, w, col);
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, (int) c_out, (int) k, (int) hw,
               1.0f, dy, (int) hw, col, (int) hw, 1.0f, dweight, (int) k);
  if (dx == NULL)
    return;
  /* col is free again: reuse it for dL/dcol. */
  cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, (int) k, (int) hw, (int) c_out,
               1.0f, weight, (int) k, dy, (int) hw, 0.0f, col, (int) hw);
  col2im3x3 (col, c_in, h, w, dx);
}

void
htc_batchnorm_forward_train (const float *x,
                             size_t       n,
                             size_t       c,
                             size_t       hw,
                             size_t       c_begin,
                             size_t       c_end,
                             const float *gamma,
                             const float *beta,
                             float        eps,
                             float        momentum,
                             float       *running_mean,
                             float       *running_var,
                             float       *xhat,
                             float       *invstd,
                             float       *y)
{
  double count = (double) n * (double) hw;

  for (size_t ch = c_begin; ch < c_end; ch++)
    {
      double sum = 0, sq = 0, mean, var;
      float m, is, g = gamma[ch], b = beta[ch];

      for (size_t i = 0; i < n; i++)
        {
          const float *p = x + (i * c + ch) * hw;
          for (size_t j = 0; j < hw; j++)
            sum += p[j];
        }
      mean = sum / count;
      for (size_t i = 0; i < n; i++)
        {
          const float *p = x + (i * c + ch) * hw;
          for (size_t j = 0; j < hw; j++)
            {
              double d = p[j] - mean;
              sq += d * d;
            }
        }
      var = sq / count;
      m = (float) mean;
      is = (float) (1.0 / sqrt (var + eps));
      invstd[ch] = is;
      running_mean[ch] = (1 - momentum) * running_mean[ch] + momentum * m;
      running_var[ch] = (1 - momentum) * running_var[ch]
                        + momentum * (float) (count > 1 ? var * count / (count - 1) : var);
      for (size_t i = 0; i < n; i++)
        {
          const float *p = x + (i * c + ch) * hw;
          float *xh = xhat + (i * c + ch) * hw;
          float *q = y + (i * c + ch) * hw;
          for (size_t j = 0; j < hw; j++)
            {
              float v = (p[j] - m) * is;
              xh[j] = v;
              q[j] = g * v + b;
            }
        }
    }
}

void
htc_batchnorm_forward_eval (const float *x,
                            size_t       n,
                            size_t       c,
                            size_t       hw,
                            size_t       c_begin,
                            size_t       c_end,
                            const float *gamma,
                            const float *beta,
                            const float *running_mean,
                            const float *running_var,
                            float        eps,
                            float       *y)
{
  for (size_t ch = c_begin; ch < c_end; ch++)
    {
      float scale = gamma[ch] / sqrtf (running_var[ch] + eps);
      float shift = beta[ch] - running_mean[ch] * scale;

      for (size_t i = 0; i < n; i++)
        {
          const float *p = x + (i * c + ch) * hw;
          float *q = y + (i * c + ch) * hw;
          for (size_t j = 0; j < hw; j++)
            q[j] = p[j] * scale + shift;
        }
    }
}

void
htc_batchnorm_backward (const float *dy,
                        const float *xhat,
                        const float *invstd,
                        const float *gamma,
                        size_t       n,
                        size_t       c,
                        size_t       hw,
                        size_t       c_begin,
                        size_t       c_end,
                        float       *dgamma,
                        float       *dbeta,
                        float       *dx)
{
  double count = (double) n * (double) hw;

  for (size_t ch = c_begin; ch < c_end; ch++)
    {
      double sdy = 0, sdyx = 0;
      float k, a, b;

      for (size_t i = 0; i < n; i++)
        {
          const float *d = dy + (i * c + ch) * hw;
          const float *xh = xhat + (i * c + ch) * hw;
          for (size_t j = 0; j < hw; j++)
            {
              sdy += d[j];
              sdyx += (double) d[j] * xh[j];
            }
        }
      dbeta[ch] += (float) sdy;
      dgamma[ch] += (float) sdyx;
      /* dx = gamma * invstd * (dy - mean(dy) - xhat * mean(dy * xhat)) */
      k = gamma[ch] * invstd[ch];
      a = (float) (sdy / count);
      b = (float) (sdyx / count);
      for (size_t i = 0; i < n; i++)
        {
          const float *d = dy + (i * c + ch) * hw;
          const float *xh = xhat + (i * c + ch) * hw;
          float *o = dx + (i * c + ch) * hw;
          for (size_t j = 0; j < hw; j++)
            o[j] = k * (d[j] - a - xh[j] * b);
        }
    }
}

void
htc_relu_forward (float  *x,
                  size_t  n)
{
  for (size_t i = 0; i < n; i++)
    {
      float v = x[i];
      x[i] = v > 0.0f ? v : 0.0f;
    }
}

void
htc_relu_backward (const float *y,
                   const float *dy,
                   size_t       n,
                   float       *dx)
{
  for (size_t i = 0; i < n; i++)
    dx[i] = y[i] > 0 ? dy[i] : 0;
}

void
htc_maxpool2_forward (const float *x,
                      size_t       planes,
                      size_t       h,
                      size_t       w,
                      float       *y,
                      uint8_t     *argmax)
{
  size_t oh = h / 2, ow = w / 2;

  /* Written without branches on the data so that it vectorises: the signs and orders of
   * activations are random, and mispredicted branches cost more than the arithmetic. */
  for (size_t p = 0; p < planes; p++)
    {
      const float *in = x + p * h * w;
      for (size_t r = 0; r < oh; r++)
        {
          const float *a = in + 2 * r * w, *b = a + w;
          float *o = y + (p * oh + r) * ow;
          uint8_t *am = argmax ? argmax + (p * oh + r) * ow : NULL;

          if (am == NULL)
            for (size_t q = 0; q < ow; q++)
              {
                float m0 = a[2 * q + 1] > a[2 * q] ? a[2 * q + 1] : a[2 * q];
                float m1 = b[2 * q + 1] > b[2 * q] ? b[2 * q + 1] : b[2 * q];
                o[q] = m1 > m0 ? m1 : m0;
              }
          else
            for (size_t q = 0; q < ow; q++)
              {
                /* first maximum wins, as in PyTorch */
                float v = a[2 * q];
                uint8_t k = 0;
                k = a[2 * q + 1] > v ? 1 : k;
                v = a[2 * q + 1] > v ? a[2 * q + 1] : v;
                k = b[2 * q] > v ? 2 : k;
                v = b[2 * q] > v ? b[2 * q] : v;
                k = b[2 * q + 1] > v ? 3 : k;
                v = b[2 * q + 1] > v ? b[2 * q + 1] : v;
                o[q] = v;
                am[q] = k;
              }
        }
    }
}

void
htc_maxpool2_backward (const float   *dy,
                       const uint8_t *argmax,
                       size_t         planes,
                       size_t         h,
                       size_t         w,
                       float         *dx)
{
  size_t oh = h / 2, ow = w / 2;

  memset (dx, 0, planes * h * w * sizeof (float));
  for (size_t p = 0; p < planes; p++)
    for (size_t r = 0; r < oh; r++)
      {
        const float *d = dy + (p * oh + r) * ow;
        const uint8_t *am = argmax + (p * oh + r) * ow;
        float *o = dx + p * h * w + 2 * r * w;
        for (size_t q = 0; q < ow; q++)
          o[(am[q] >> 1) * w + 2 * q + (am[q] & 1)] = d[q];
      }
}

void
htc_gap_forward (const float *x,
                 size_t       planes,
                 size_t       hw,
                 float       *y)
{
  for (size_t p = 0; p < planes; p++)
    {
      double s = 0;
      for (size_t j = 0; j < hw; j++)
        s += x[p * hw + j];
      y[p] = (float) (s / (double) hw);
    }
}

void
htc_gap_backward (const float *dy,
                  size_t       planes,
                  size_t       hw,
                  float       *dx)
{
  for (size_t p = 0; p < planes; p++)
    {
      float v = dy[p] / (float) hw;
      for (size_t j = 0; j < hw; j++)
        dx[p * hw + j] = v;
    }
}

void
htc_dropout_forward (const float *x,
                     size_t       n,
                     float        p,
                     HtcRng      *rng,
                     float       *mask,
                     float       *y)
{
  float keep = 1.0f / (1.0f - p);

  for (size_t i = 0; i < n; i++)
    {
      mask[i] = (p > 0 && htc_rng_uniform (rng) < p) ? 0.0f : keep;
      y[i] = x[i] * mask[i];
    }
}

void
htc_dropout_backward (const float *dy,
                      const float *mask,
                      size_t       n,
                      float       *dx)
{
  for (size_t i = 0; i < n; i++)
    dx[i] = dy[i] * mask[i];
}

void
htc_dense_forward (const float *x,
                   size_t       n,
                   size_t       in,
                   const float *weight,
                   const float *bias,
                   size_t       out,
                   float       *y)
{
  for (size_t i = 0; i < n; i++)
    memcpy (y + i * out, bias, out * sizeof (float));
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, (int) n, (int) out, (int) in,
               1.0f, x, (int) in, weight, (int) in, 1.0f, y, (int) out);
}

void
htc_dense_backward (const float *x,
                    size_t       n,
                    size_t       in,
                    const float *weight,
                    size_t       out,
                    const float *dy,
                    float       *dweight,
                    float       *dbias,
                    float       *dx)
{
  cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, (int) out, (int) in, (int) n,
               1.0f, dy, (int) out, x, (int) in, 1.0f, dweight, (int) in);
  for (size_t i = 0; i < n; i++)
    for (size_t o = 0; o < out; o++)
      dbias[o] += dy[i * out + o];
  if (dx != NULL)
    cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, (int) n, (int) in, (int) out,
                 1.0f, dy, (int) out, weight, (int) in, 0.0f, dx, (int) in);
}

void
htc_softmax (float  *x,
             size_t  n,
             size_t  k)
{
  for (size_t i = 0; i < n; i++)
    {
      float *row = x + i * k, max = row[0];
      double sum = 0;

      for (size_t j = 1; j < k; j++)
        max = row[j] > max ? row[j] : max;
      for (size_t j = 0; j < k; j++)
        {
          row[j] = expf (row[j] - max);
          sum += row[j];
        }
      for (size_t j = 0; j < k; j++)
        row[j] = (float) (row[j] / sum);
    }
}

float
htc_softmax_xent (const float *logits,
                  size_t       n,
                  size_t       k,
                  const int   *labels,
                  const float *class_weights,
                  float       *probs,
                  float       *dlogits)
{
  double loss = 0, wsum = 0;

  memcpy (probs, logits, n * k * sizeof (float));
  htc_softmax (probs, n, k);
  for (size_t i = 0; i < n; i++)
    {
      const float *row = logits + i * k;
      float wi = class_weights ? class_weights[labels[i]] : 1.0f, max = row[0];
      double lse = 0;

      /* log-sum-exp from the logits, not log(prob), so tiny probabilities keep their precision */
      for (size_t j = 1; j < k; j++)
        max = row[j] > max ? row[j] : max;
      for (size_t j = 0; j < k; j++)
        lse += exp ((double) row[j] - max);
      loss += wi * (log (lse) + max - row[labels[i]]);
      wsum += wi;
    }
  if (dlogits != NULL)
    for (size_t i = 0; i < n; i++)
      {
        float wi = class_weights ? class_weights[labels[i]] : 1.0f;
        float s = wsum > 0 ? (float) (wi / wsum) : 0.0f;
        for (size_t j = 0; j < k; j++)
          dlogits[i * k + j] = s * (probs[i * k + j] - ((int) j == labels[i] ? 1.0f : 0.0f));
      }
  return wsum > 0 ? (float) (loss / wsum) : 0.0f;
}
