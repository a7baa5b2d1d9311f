/* ht-test-npy.h: reads the little-endian float32 .npy files made by tools/ for tests.
 * Header-only on purpose: tests in every layer include it. */
#pragma once

#include <glib.h>
#include <string.h>

/* Returns the data (g_free) and the shape (up to 2 dims; a 1-D array has shape[1] == 1). */
static inline float *
ht_test_load_npy_path (const char *path,
                       gsize      *rows,
                       gsize      *cols)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0, header_len, n;
  const char *header, *shape;
  float *data;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (len, >, 10);
  g_assert_cmpint (memcmp (contents, "\x93NUMPY", 6), ==, 0);
  g_assert_cmpint (contents[6], ==, 1);
  header_len = (guchar) contents[8] | ((guchar) contents[9] << 8);
  header = contents + 10;
  g_assert_nonnull (g_strstr_len (header, header_len, "'descr': '<f4'"));
  g_assert_nonnull (g_strstr_len (header, header_len, "'fortran_order': False"));
  shape = g_strstr_len (header, header_len, "'shape': (");
  g_assert_nonnull (shape);
  shape += strlen ("'shape': (");
  *rows = g_ascii_strtoull (shape, (char **) &shape, 10);
  *cols = 1;
  if (*shape == ',' && shape[1] == ' ' && g_ascii_isdigit (shape[2]))
    *cols = g_ascii_strtoull (shape + 2, NULL, 10);
  n = *rows * *cols;
  g_assert_cmpuint (len, ==, 10 + header_len + n * sizeof (float));
  data = g_new (float, n);
  memcpy (data, header + header_len, n * sizeof (float));
  return data;
}

static inline float *
ht_test_load_npy (const char *name,
                  gsize      *rows,
                  gsize      *cols)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  return ht_test_load_npy_path (path, rows, cols);
}
