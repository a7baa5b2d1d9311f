/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The safetensors reader on arbitrary bytes. Whatever the input, it must either fail with a
 * HT_ERROR_MODEL_CORRUPT error that names the file, or give tensors whose every byte can be
 * read (ASan, valgrind), whose F32 values are finite, and which the writer turns into a file
 * that reads back identically. */
#include <math.h>
#include <string.h>
#include <glib.h>

#include "ht-error.h"
#include "ht-safetensors.h"
#include "fuzz-safetensors.h"

#define NAME "fuzz.safetensors"

unsigned fuzz_safetensors_n_accepted;

static const gsize dtype_sizes[] = { [HT_DTYPE_F32] = 4, [HT_DTYPE_I32] = 4, [HT_DTYPE_I64] = 8,
                                     [HT_DTYPE_U8] = 1 };

typedef struct
{
  HtDtype       dtype;
  guint         n_dims;
  gsize         shape[HT_SAFETENSORS_MAX_DIMS];
  gsize         n_bytes;
  gconstpointer data;
} Found;

/* The API has no "describe" call: find the tensor's dtype and rank by asking. */
static gboolean
find_tensor (HtSafetensors *st,
             const char    *name,
             Found         *f)
{
  for (guint d = 0; d < G_N_ELEMENTS (dtype_sizes); d++)
    for (guint n = 0; n <= HT_SAFETENSORS_MAX_DIMS; n++)
      {
        g_autoptr(GError) error = NULL;

        memset (f->shape, 0, sizeof f->shape);
        f->data = ht_safetensors_get_tensor (st, name, d, n, f->shape, &error);
        if (f->data == NULL)
          {
            g_assert_error (error, HT_ERROR, HT_ERROR_MODEL_CORRUPT);
            g_assert_nonnull (strstr (error->message, NAME));
            continue;
          }
        g_assert_no_error (error);
        f->dtype = d;
        f->n_dims = n;
        f->n_bytes = dtype_sizes[d];
        for (guint i = 0; i < n; i++)
          f->n_bytes *= f->shape[i];      /* the reader checked for overflow */
        return TRUE;
      }
  return FALSE;
}

static guint32
touch (const Found *f)
{
  const guint8 *bytes = f->data;
  guint32 sum = 0;

  g_assert_cmpuint (GPOINTER_TO_SIZE (f->data) % dtype_sizes[f->dtype], ==, 0);
  for (gsize i = 0; i < f->n_bytes; i++)
    sum = sum * 31 + bytes[i];
  if (f->dtype == HT_DTYPE_F32)
    for (gsize i = 0; i < f->n_bytes / 4; i++)
      g_assert_true (isfinite (((const float *) f->data)[i]));
  return sum;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* A copy of exactly `size` bytes, so that any read past the end is caught. */
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(HtSafetensors) st = ht_safetensors_new_from_bytes (bytes, NAME, &error);
  g_autoptr(HtSafetensorsWriter) w = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(HtSafetensors) again = NULL;
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) names_again = NULL;
  volatile guint32 sink = 0;

  if (st == NULL)
    {
      g_assert_error (error, HT_ERROR, HT_ERROR_MODEL_CORRUPT);
      g_assert_nonnull (strstr (error->message, NAME));
      return 0;
    }
  g_assert_no_error (error);
  fuzz_safetensors_n_accepted++;

  (void) ht_safetensors_get_metadata (st, "classes");
  names = ht_safetensors_list_tensors (st);
  w = ht_safetensors_writer_new ();
  for (guint i = 0; names[i] != NULL; i++)
    {
      Found f;

      g_assert_true (ht_safetensors_has_tensor (st, names[i]));
      g_assert_true (find_tensor (st, names[i], &f));
      sink += touch (&f);
      ht_safetensors_writer_add (w, names[i], f.dtype, f.n_dims, f.shape, f.data);
    }
  (void) sink;

  /* What was read, written again, reads back the same. */
  out = ht_safetensors_writer_to_bytes (w);
  again = ht_safetensors_new_from_bytes (out, NAME, &error);
  g_assert_no_error (error);
  names_again = ht_safetensors_list_tensors (again);
  g_assert_cmpstrv (names, names_again);
  for (guint i = 0; names[i] != NULL; i++)
    {
      Found a, b;

      g_assert_true (find_tensor (st, names[i], &a));
      g_assert_true (find_tensor (again, names[i], &b));
      g_assert_cmpint (a.dtype, ==, b.dtype);
      g_assert_cmpuint (a.n_dims, ==, b.n_dims);
      g_assert_cmpmem (a.shape, sizeof a.shape, b.shape, sizeof b.shape);
      g_assert_cmpmem (a.data, a.n_bytes, b.data, b.n_bytes);
    }
  return 0;
}
