/* Tests for HtSafetensors: golden files made by tools/make-safetensors-golden.py (an
 * independent writer), round trips, every corrupt-file case, tensor lookups and atomic saves. */
#include <math.h>
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "ht-error.h"
#include "ht-safetensors.h"

/* --- helpers ------------------------------------------------------------------------------- */

/* A file: the 8-byte length (of `header`, unless `length` is not -1), the header, the data. */
static GBytes *
make_file_full (gint64        length,
                const char   *header,
                gsize         header_len,
                gconstpointer data,
                gsize         data_len)
{
  GByteArray *a = g_byte_array_new ();
  guint64 n = GUINT64_TO_LE (length < 0 ? (guint64) header_len : (guint64) length);

  g_byte_array_append (a, (const guint8 *) &n, 8);
  g_byte_array_append (a, (const guint8 *) header, header_len);
  if (data_len > 0)
    g_byte_array_append (a, data, data_len);
  return g_byte_array_free_to_bytes (a);
}

static GBytes *
make_file (const char   *header,
           gconstpointer data,
           gsize         data_len)
{
  return make_file_full (-1, header, strlen (header), data, data_len);
}

static GBytes *
load_test_data (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

static gboolean
is_aligned (gconstpointer p,
            gsize         alignment)
{
  return GPOINTER_TO_SIZE (p) % alignment == 0;
}

static gboolean
points_into (gconstpointer p,
             GBytes       *bytes)
{
  gsize len;
  const guint8 *base = g_bytes_get_data (bytes, &len);

  return (const guint8 *) p >= base && (const guint8 *) p < base + len;
}

/* --- the golden tensors: the same values as tools/make-safetensors-golden.py --------------- */

static void
golden_conv (float *out)
{
  for (int i = 0; i < 36; i++)
    out[i] = (float) ((i * 0.37 - 5) / 7);
  out[0] = -0.0f;
  out[1] = 3.4028234663852886e38f;
  out[2] = 1.401298464324817e-45f;
  out[3] = -1.5f;
}

static const gint32 golden_i32[5] = { G_MININT32, -1, 0, 1, G_MAXINT32 };
static const gint64 golden_big[4] = { G_MININT64, G_MAXINT64, G_GINT64_CONSTANT (1) << 40, -7 };
static const gint64 golden_zed[1] = { 5 };
static const guint8 golden_emile[1] = { 42 };
static const float golden_scalar = 3.25f;
static const char golden_note[] = "quote \" backslash \\ newline \n tab \t bell \x07 unit \x1f "
                                  "del \x7f \xc3\xa9 \xf0\x9f\x8e\xa4 /slash";
static const char golden_json[] = "{\"epochs\": 12, \"macro_f1\": 0.61}";

static void
golden_bytes (guint8 *out)
{
  for (int i = 0; i < 15; i++)
    out[i] = (guint8) (i * 17 % 256);
}

/* `file_bytes`, when not NULL, holds what `st` was made from. */
static void
check_golden (HtSafetensors *st,
              GBytes        *file_bytes)
{
  static const char * const names[] = { "I32 counts", "Zed", "big", "bytes", "conv1.weight",
                                        "empty", "scalar", "\xc3\x89mile", NULL };
  g_auto(GStrv) list = ht_safetensors_list_tensors (st);
  g_autoptr(GError) error = NULL;
  float conv[36];
  guint8 bytes[15];
  gsize shape[4] = { 0 };
  const float *f;
  const gint32 *i32;
  const gint64 *i64;
  const guint8 *u8;

  g_assert_cmpstrv (list, names);
  for (guint i = 0; names[i] != NULL; i++)
    g_assert_true (ht_safetensors_has_tensor (st, names[i]));
  g_assert_false (ht_safetensors_has_tensor (st, "__metadata__"));
  g_assert_false (ht_safetensors_has_tensor (st, "missing"));

  g_assert_cmpstr (ht_safetensors_get_metadata (st, "classes"), ==, "East,West,South,Midwest");
  g_assert_cmpstr (ht_safetensors_get_metadata (st, "note"), ==, golden_note);
  g_assert_cmpstr (ht_safetensors_get_metadata (st, "json"), ==, golden_json);
  g_assert_cmpstr (ht_safetensors_get_metadata (st, "empty"), ==, "");
  g_assert_null (ht_safetensors_get_metadata (st, "missing"));

  golden_conv (conv);
  f = ht_safetensors_get_f32 (st, "conv1.weight", 4, shape, &error);
  g_assert_no_error (error);
  g_assert_true (is_aligned (f, 4));
  g_assert_cmpuint (shape[0], ==, 4);
  g_assert_cmpuint (shape[1], ==, 1);
  g_assert_cmpuint (shape[2], ==, 3);
  g_assert_cmpuint (shape[3], ==, 3);
  g_assert_cmpmem (f, sizeof conv, conv, sizeof conv);     /* bitwise: -0.0, subnormal */
  g_assert_true (signbit (f[0]));

  f = ht_safetensors_get_f32 (st, "scalar", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (*f, ==, golden_scalar);

  memset (shape, 0, sizeof shape);
  f = ht_safetensors_get_f32 (st, "empty", 2, shape, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f);
  g_assert_cmpuint (shape[0], ==, 0);
  g_assert_cmpuint (shape[1], ==, 3);

  memset (shape, 0, sizeof shape);
  i32 = ht_safetensors_get_tensor (st, "I32 counts", HT_DTYPE_I32, 1, shape, &error);
  g_assert_no_error (error);
  g_assert_true (is_aligned (i32, 4));
  g_assert_cmpuint (shape[0], ==, 5);
  g_assert_cmpmem (i32, 5 * sizeof (gint32), golden_i32, sizeof golden_i32);

  /* "big" starts at byte 28 of the data: only 4-aligned, so this one is always a copy. */
  memset (shape, 0, sizeof shape);
  i64 = ht_safetensors_get_tensor (st, "big", HT_DTYPE_I64, 2, shape, &error);
  g_assert_no_error (error);
  g_assert_true (is_aligned (i64, 8));
  g_assert_true (file_bytes == NULL || !points_into (i64, file_bytes));
  g_assert_cmpuint (shape[0], ==, 2);
  g_assert_cmpuint (shape[1], ==, 2);
  g_assert_cmpmem (i64, 4 * sizeof (gint64), golden_big, sizeof golden_big);

  memset (shape, 0, sizeof shape);
  i64 = ht_safetensors_get_tensor (st, "Zed", HT_DTYPE_I64, 1, shape, &error);
  g_assert_no_error (error);
  g_assert_true (is_aligned (i64, 8));
  g_assert_cmpint (i64[0], ==, golden_zed[0]);

  golden_bytes (bytes);
  memset (shape, 0, sizeof shape);
  u8 = ht_safetensors_get_tensor (st, "bytes", HT_DTYPE_U8, 2, shape, &error);
  g_assert_no_error (error);
  g_assert_true (file_bytes == NULL || points_into (u8, file_bytes));  /* never copied */
  g_assert_cmpuint (shape[0], ==, 3);
  g_assert_cmpuint (shape[1], ==, 5);
  g_assert_cmpmem (u8, 15, bytes, 15);

  memset (shape, 0, sizeof shape);
  u8 = ht_safetensors_get_tensor (st, "\xc3\x89mile", HT_DTYPE_U8, 1, shape, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (u8[0], ==, golden_emile[0]);
}

static HtSafetensorsWriter *
golden_writer (void)
{
  HtSafetensorsWriter *w = ht_safetensors_writer_new ();
  float conv[36];
  guint8 bytes[15];
  static const gsize conv_shape[] = { 4, 1, 3, 3 }, empty_shape[] = { 0, 3 }, i32_shape[] = { 5 };
  static const gsize big_shape[] = { 2, 2 }, one[] = { 1 }, bytes_shape[] = { 3, 5 };

  golden_conv (conv);
  golden_bytes (bytes);
  /* Added out of order, and metadata in between: the output must still be canonical. */
  ht_safetensors_writer_add (w, "scalar", HT_DTYPE_F32, 0, NULL, &golden_scalar);
  ht_safetensors_writer_set_metadata (w, "note", golden_note);
  ht_safetensors_writer_add (w, "conv1.weight", HT_DTYPE_F32, 4, conv_shape, conv);
  ht_safetensors_writer_add (w, "empty", HT_DTYPE_F32, 2, empty_shape, NULL);
  ht_safetensors_writer_add (w, "\xc3\x89mile", HT_DTYPE_U8, 1, one, golden_emile);
  ht_safetensors_writer_set_metadata (w, "json", golden_json);
  ht_safetensors_writer_add (w, "Zed", HT_DTYPE_I64, 1, one, golden_zed);
  ht_safetensors_writer_add (w, "big", HT_DTYPE_I64, 2, big_shape, golden_big);
  ht_safetensors_writer_set_metadata (w, "classes", "placeholder");
  ht_safetensors_writer_set_metadata (w, "classes", "East,West,South,Midwest");  /* replaces */
  ht_safetensors_writer_add (w, "bytes", HT_DTYPE_U8, 2, bytes_shape, bytes);
  ht_safetensors_writer_add (w, "I32 counts", HT_DTYPE_I32, 1, i32_shape, golden_i32);
  ht_safetensors_writer_set_metadata (w, "empty", "");
  /* The copy made by add() is what is written, not the caller's buffer. */
  memset (conv, 0, sizeof conv);
  return w;
}

/* --- golden files -------------------------------------------------------------------------- */

static void
test_golden_read (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data",
                                                 "safetensors-golden.safetensors", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(HtSafetensors) st = ht_safetensors_load (file, NULL, &error);
  g_autoptr(GBytes) bytes = load_test_data ("safetensors-golden.safetensors");
  g_autoptr(HtSafetensors) st2 = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (st);
  check_golden (st, NULL);

  st2 = ht_safetensors_new_from_bytes (bytes, "golden", &error);
  g_assert_no_error (error);
  check_golden (st2, bytes);
}

/* N = 8k + 3: the data section starts at an odd address, so every F32/I32/I64 tensor is
 * copied (and must come out aligned and equal). */
static void
test_golden_misaligned (void)
{
  g_autoptr(GBytes) bytes = load_test_data ("safetensors-misaligned.safetensors");
  g_autoptr(GError) error = NULL;
  g_autoptr(HtSafetensors) st = NULL;
  guint64 n;
  gsize shape[1] = { 0 };
  const gint32 *i32;

  memcpy (&n, g_bytes_get_data (bytes, NULL), 8);
  g_assert_cmpuint (GUINT64_FROM_LE (n) % 8, ==, 3);
  st = ht_safetensors_new_from_bytes (bytes, "misaligned", &error);
  g_assert_no_error (error);
  check_golden (st, bytes);
  i32 = ht_safetensors_get_tensor (st, "I32 counts", HT_DTYPE_I32, 1, shape, &error);
  g_assert_no_error (error);
  g_assert_false (points_into (i32, bytes));
}

static void
test_golden_write (void)
{
  g_autoptr(GBytes) golden = load_test_data ("safetensors-golden.safetensors");
  g_autoptr(HtSafetensorsWriter) w = golden_writer ();
  g_autoptr(GBytes) out = ht_safetensors_writer_to_bytes (w);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-safetensors-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *contents = NULL;
  gsize len;
  GDir *d;

  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (out, NULL), g_bytes_get_size (out),
                   g_bytes_get_data (golden, NULL), g_bytes_get_size (golden));

  path = g_build_filename (dir, "model.safetensors", NULL);
  file = g_file_new_for_path (path);
  g_assert_true (ht_safetensors_writer_save (w, file, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_cmpmem (contents, len, g_bytes_get_data (golden, NULL), g_bytes_get_size (golden));

  /* Nothing but the model is left in the directory. */
  d = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_dir_read_name (d), ==, "model.safetensors");
  g_assert_null (g_dir_read_name (d));
  g_dir_close (d);
  g_unlink (path);
  g_rmdir (dir);
}

/* --- round trips --------------------------------------------------------------------------- */

static void
test_round_trip (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261123);
  g_autoptr(HtSafetensorsWriter) w = ht_safetensors_writer_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  static const HtDtype kinds[] = { HT_DTYPE_F32, HT_DTYPE_I32, HT_DTYPE_I64, HT_DTYPE_U8 };
  static const gsize sizes[] = { 4, 4, 8, 1 };
  enum { N = 12 };
  gsize shapes[N][3];
  guint8 *data[N];

  for (guint k = 0; k < N; k++)
    {
      g_autofree char *name = g_strdup_printf ("t%02u", k);
      HtDtype dtype = kinds[k % 4];
      gsize n = 1;

      for (guint d = 0; d < 3; d++)
        n *= (shapes[k][d] = (gsize) g_rand_int_range (rand, 1, 6));
      data[k] = g_malloc (n * sizes[k % 4]);
      for (gsize i = 0; i < n; i++)
        {
          if (dtype == HT_DTYPE_F32)
            ((float *) data[k])[i] = (float) g_rand_double_range (rand, -1e6, 1e6);
          else if (dtype == HT_DTYPE_I32)
            ((gint32 *) data[k])[i] = (gint32) g_rand_int (rand);
          else if (dtype == HT_DTYPE_I64)
            ((gint64 *) data[k])[i] = (gint64) (((guint64) g_rand_int (rand) << 32) |
                                                g_rand_int (rand));
          else
            data[k][i] = (guint8) g_rand_int (rand);
        }
      ht_safetensors_writer_add (w, name, dtype, 3, shapes[k], data[k]);
      ht_safetensors_writer_set_metadata (w, name, name + 1);
    }
  bytes = ht_safetensors_writer_to_bytes (w);

  /* Once from the writer's buffer, once from a copy that starts at an odd address. */
  for (guint pass = 0; pass < 2; pass++)
    {
      g_autoptr(GBytes) big = NULL;
      g_autoptr(GBytes) view = NULL;
      g_autoptr(HtSafetensors) st = NULL;
      gsize len = g_bytes_get_size (bytes);

      if (pass == 0)
        view = g_bytes_ref (bytes);
      else
        {
          guint8 *buf = g_malloc (len + 1);
          memcpy (buf + 1, g_bytes_get_data (bytes, NULL), len);
          big = g_bytes_new_take (buf, len + 1);
          view = g_bytes_new_from_bytes (big, 1, len);
        }
      st = ht_safetensors_new_from_bytes (view, "round-trip", &error);
      g_assert_no_error (error);
      g_clear_pointer (&view, g_bytes_unref);            /* the object keeps its own ref */
      g_clear_pointer (&big, g_bytes_unref);
      for (guint k = 0; k < N; k++)
        {
          g_autofree char *name = g_strdup_printf ("t%02u", k);
          gsize shape[3] = { shapes[k][0], 0, shapes[k][2] };
          gconstpointer p = ht_safetensors_get_tensor (st, name, kinds[k % 4], 3, shape, &error);

          g_assert_no_error (error);
          g_assert_true (is_aligned (p, sizes[k % 4]));
          g_assert_cmpuint (shape[1], ==, shapes[k][1]);
          g_assert_cmpmem (p, shapes[k][0] * shapes[k][1] * shapes[k][2] * sizes[k % 4],
                           data[k], shapes[k][0] * shapes[k][1] * shapes[k][2] * sizes[k % 4]);
          g_assert_cmpstr (ht_safetensors_get_metadata (st, name), ==, name + 1);
        }
    }
  for (guint k = 0; k < N; k++)
    g_free (data[k]);
}

static void
test_empty_writer (void)
{
  g_autoptr(HtSafetensorsWriter) w = ht_safetensors_writer_new ();
  g_autoptr(GBytes) bytes = ht_safetensors_writer_to_bytes (w);
  g_autoptr(GError) error = NULL;
  g_autoptr(HtSafetensors) st = NULL;
  g_auto(GStrv) names = NULL;

  /* "{}" and six spaces of padding. */
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   "\x08\0\0\0\0\0\0\0{}      ", 16);
  st = ht_safetensors_new_from_bytes (bytes, "empty", &error);
  g_assert_no_error (error);
  names = ht_safetensors_list_tensors (st);
  g_assert_cmpuint (g_strv_length (names), ==, 0);
}

static void
test_writer_replace (void)
{
  g_autoptr(HtSafetensorsWriter) w = ht_safetensors_writer_new ();
  static const gint32 first[] = { 1, 2, 3 };
  static const gint64 second[] = { -4, 5 };
  static const gsize three[] = { 3 }, two[] = { 2 };
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(HtSafetensors) st = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  gsize shape[1] = { 0 };
  const gint64 *v;

  ht_safetensors_writer_add (w, "v", HT_DTYPE_I32, 1, three, first);
  ht_safetensors_writer_add (w, "v", HT_DTYPE_I64, 1, two, second);
  bytes = ht_safetensors_writer_to_bytes (w);
  st = ht_safetensors_new_from_bytes (bytes, "replace", &error);
  g_assert_no_error (error);
  names = ht_safetensors_list_tensors (st);
  g_assert_cmpuint (g_strv_length (names), ==, 1);
  v = ht_safetensors_get_tensor (st, "v", HT_DTYPE_I64, 1, shape, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (shape[0], ==, 2);
  g_assert_cmpmem (v, sizeof second, second, sizeof second);
}

static void
test_ref_counting (void)
{
  g_autoptr(HtSafetensorsWriter) w = ht_safetensors_writer_new ();
  static const float values[] = { 1, 2, 3 };
  static const gsize shape3[] = { 3 };
  GBytes *bytes;
  HtSafetensors *st, *st2;
  const float *f;
  gsize shape[1] = { 3 };

  ht_safetensors_writer_add (w, "v", HT_DTYPE_F32, 1, shape3, values);
  bytes = ht_safetensors_writer_to_bytes (w);
  st = ht_safetensors_new_from_bytes (bytes, "ref", NULL);
  g_bytes_unref (bytes);
  st2 = ht_safetensors_ref (st);
  g_assert_true (st2 == st);
  ht_safetensors_unref (st);
  f = ht_safetensors_get_f32 (st2, "v", 1, shape, NULL);
  g_assert_cmpmem (f, sizeof values, values, sizeof values);   /* valgrind: still alive */
  ht_safetensors_unref (st2);
}

/* --- get_tensor errors --------------------------------------------------------------------- */

static void
assert_lookup_error (GError     *error,
                     const char *fragment)
{
  g_assert_error (error, HT_ERROR, HT_ERROR_MODEL_CORRUPT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "lookup.safetensors"));
  g_assert_nonnull (strstr (error->message, "“w”"));
  g_assert_nonnull (strstr (error->message, fragment));
}

static void
test_lookup_errors (void)
{
  g_autoptr(HtSafetensorsWriter) w = ht_safetensors_writer_new ();
  static const float values[6] = { 0 };
  static const gsize shape23[] = { 2, 3 };
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(HtSafetensors) st = NULL;
  GError *error = NULL;
  gsize shape[3];

  ht_safetensors_writer_add (w, "v", HT_DTYPE_F32, 2, shape23, values);
  bytes = ht_safetensors_writer_to_bytes (w);
  st = ht_safetensors_new_from_bytes (bytes, "lookup.safetensors", &error);
  g_assert_no_error (error);

  /* A missing tensor: the message names it and the file. */
  g_assert_null (ht_safetensors_get_f32 (st, "w", 2, shape, &error));
  assert_lookup_error (error, "no tensor");
  g_clear_error (&error);

  g_assert_null (ht_safetensors_get_tensor (st, "v", HT_DTYPE_I32, 2, shape, &error));
  g_assert_error (error, HT_ERROR, HT_ERROR_MODEL_CORRUPT);
  g_assert_nonnull (strstr (error->message, "“v”"));
  g_assert_nonnull (strstr (error->message, "lookup.safetensors"));
  g_assert_nonnull (strstr (error->message, "F32"));
  g_assert_nonnull (strstr (error->message, "I32"));
  g_clear_error (&error);

  g_assert_null (ht_safetensors_get_f32 (st, "v", 3, shape, &error));
  g_assert_error (error, HT_ERROR, HT_ERROR_MODEL_CORRUPT);
  g_assert_nonnull (strstr (error->message, "“v”"));
  g_assert_nonnull (strstr (error->message, "lookup.safetensors"));
  g_assert_nonnull (strstr (error->message, "2 dimensions, not 3"));
  g_clear_error (&error);

  shape[0] = 0;
  shape[1] = 4;
  g_assert_null (ht_safetensors_get_f32 (st, "v", 2, shape, &error));
  g_assert_error (error, HT_ERROR, HT_ERROR_MODEL_CORRUPT);
  g_assert_nonnull (strstr (error->message, "“v”"));
  g_assert_nonnull (strstr (error->message, "lookup.safetensors"));
  g_assert_nonnull (strstr (error->message, "[2, 3], not [*, 4]"));
  g_assert_cmpuint (shape[1], ==, 4);                    /* untouched on failure */
  g_clear_error (&error);

  shape[0] = 2;
  shape[1] = 0;
  g_assert_nonnull (ht_safetensors_get_f32 (st, "v", 2, shape, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (shape[1], ==, 3);
}

/* --- corrupt files ------------------------------------------------------------------------- */

typedef struct
{
  const char *name;
  const char *header;           /* NULL: `raw` is the whole file */
  const char *raw;
  gsize       raw_len;
  gsize       data_len;         /* zero bytes of data after the header */
  gint64      length;           /* the length field, when not the header's */
  const char *fragment;         /* in the message: shows which check fired */
} CorruptCase;

#define ENTRY(dtype, shape, offsets) \
  "{\"dtype\":\"" dtype "\",\"shape\":" shape ",\"data_offsets\":" offsets "}"
#define ONE(dtype, shape, offsets) "{\"t\":" ENTRY (dtype, shape, offsets) "}"

static const CorruptCase corrupt_cases[] = {
  { "empty", NULL, "", 0, 0, -1, "empty" },
  { "3-bytes", NULL, "abc", 3, 0, -1, "too short (3 bytes)" },
  { "7-bytes", NULL, "\x02\0\0\0\0\0\0", 7, 0, -1, "too short (7 bytes)" },
  { "length-absurd", "{}", NULL, 0, 0, 200000000, "implausible" },
  { "length-max", "{}", NULL, 0, 0, G_MAXINT64, "implausible" },
  { "length-past-end", "{}", NULL, 0, 0, 100, "larger than the rest of the file (2 bytes)" },
  { "length-zero", "{}", NULL, 0, 0, 0, "not valid JSON" },
  { "not-utf8", "{\"\xff\":1}", NULL, 0, 0, -1, "UTF-8" },
  { "nul-padding", NULL, "\x08\0\0\0\0\0\0\0{}\0\0\0\0\0\0", 16, 0, -1, "UTF-8" },
  { "not-json", "hello", NULL, 0, 0, -1, "not valid JSON" },
  { "single-quotes", "{'t':1}", NULL, 0, 0, -1, "not valid JSON" },
  { "comment", "/*x*/{}", NULL, 0, 0, -1, "not valid JSON" },
  { "two-values", "{}{}", NULL, 0, 0, -1, "text after the end" },
  { "trailing-comma", "{\"a\":\"b\",}", NULL, 0, 0, -1, "not valid JSON" },
  { "raw-control", "{\"__metadata__\":{\"a\":\"\x01\"}}", NULL, 0, 0, -1, "control character" },
  { "escaped-nul", "{\"__metadata__\":{\"a\\u0000b\":\"c\"}}", NULL, 0, 0, -1, "\\u0000" },
  { "lone-surrogate", "{\"__metadata__\":{\"a\":\"\\udc00\"}}", NULL, 0, 0, -1, "surrogate" },
  { "hex-number", ONE ("U8", "[0x1]", "[0,1]"), NULL, 0, 1, -1, "not valid JSON" },
  { "leading-zero", ONE ("U8", "[01]", "[0,1]"), NULL, 0, 1, -1, "malformed number" },
  { "huge-integer", ONE ("U8", "[18446744073709551617]", "[0,1]"), NULL, 0, 1, -1,
    "integer out of range" },
  { "array-root", "[1,2]", NULL, 0, 0, -1, "not a JSON object" },
  { "string-root", "\"x\"", NULL, 0, 0, -1, "not a JSON object" },
  { "number-root", "42", NULL, 0, 0, -1, "not a JSON object" },
  { "deep", NULL, NULL, 0, 0, -1, "nested too deeply" },             /* built in the test */
  { "many-values", NULL, NULL, 0, 0, -1, "more than 1000000 values" },         /* built in the test */
  { "duplicate-tensor",
    "{\"t\":" ENTRY ("U8", "[1]", "[0,1]") ",\"t\":" ENTRY ("U8", "[1]", "[1,2]") "}",
    NULL, 0, 2, -1, "repeats a key" },
  { "duplicate-field",
    "{\"t\":{\"dtype\":\"U8\",\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,1]}}",
    NULL, 0, 1, -1, "repeats a key" },
  { "entry-not-object", "{\"t\":5}", NULL, 0, 0, -1, "entry “t” is not a JSON object" },
  { "no-dtype", "{\"t\":{\"shape\":[1],\"data_offsets\":[0,1]}}", NULL, 0, 1, -1, "no dtype" },
  { "dtype-not-string", "{\"t\":{\"dtype\":5,\"shape\":[1],\"data_offsets\":[0,1]}}", NULL, 0, 1,
    -1, "no dtype" },
  { "unknown-dtype", ONE ("F16", "[1]", "[0,2]"), NULL, 0, 2, -1, "unsupported dtype “F16”" },
  { "no-shape", "{\"t\":{\"dtype\":\"U8\",\"data_offsets\":[0,1]}}", NULL, 0, 1, -1,
    "shape of tensor “t”" },
  { "shape-number", ONE ("U8", "3", "[0,3]"), NULL, 0, 3, -1, "shape of tensor “t”" },
  { "shape-negative", ONE ("U8", "[-1]", "[0,1]"), NULL, 0, 1, -1, "shape of tensor “t”" },
  { "shape-float", ONE ("U8", "[1.0]", "[0,1]"), NULL, 0, 1, -1, "shape of tensor “t”" },
  { "shape-string", ONE ("U8", "[\"1\"]", "[0,1]"), NULL, 0, 1, -1, "shape of tensor “t”" },
  { "shape-null", ONE ("U8", "[null]", "[0,1]"), NULL, 0, 1, -1, "shape of tensor “t”" },
  { "too-many-dims", ONE ("U8", "[1,1,1,1,1,1,1,1,1]", "[0,1]"), NULL, 0, 1, -1,
    "9 dimensions; at most 8" },
  { "count-overflow", ONE ("U8", "[4294967296,4294967296,4294967296]", "[0,1]"), NULL, 0, 1, -1,
    "too large" },
  { "bytes-overflow", ONE ("I64", "[2305843009213693952]", "[0,1]"), NULL, 0, 1, -1,
    "too large" },
  { "no-offsets", "{\"t\":{\"dtype\":\"U8\",\"shape\":[1]}}", NULL, 0, 1, -1, "data offsets" },
  { "offsets-one", ONE ("U8", "[1]", "[1]"), NULL, 0, 1, -1, "data offsets" },
  { "offsets-three", ONE ("U8", "[1]", "[0,1,2]"), NULL, 0, 2, -1, "data offsets" },
  { "offsets-negative", ONE ("U8", "[1]", "[-1,0]"), NULL, 0, 1, -1, "data offsets" },
  { "offsets-float", ONE ("U8", "[1]", "[0,1.5]"), NULL, 0, 1, -1, "data offsets" },
  { "offsets-object", ONE ("U8", "[1]", "{\"a\":0}"), NULL, 0, 1, -1, "data offsets" },
  { "offsets-reversed", ONE ("U8", "[0]", "[4,0]"), NULL, 0, 4, -1, "before it starts" },
  { "offsets-past-end", ONE ("U8", "[100]", "[0,100]"), NULL, 0, 4, -1,
    "past the end of the data (4 bytes)" },
  { "offsets-huge", ONE ("U8", "[1]", "[9223372036854775806,9223372036854775807]"), NULL, 0, 4,
    -1, "past the end" },
  { "length-mismatch", ONE ("F32", "[2]", "[0,4]"), NULL, 0, 4, -1, "has 4 bytes but" },
  { "overlap", "{\"a\":" ENTRY ("U8", "[2]", "[0,2]") ",\"b\":" ENTRY ("U8", "[2]", "[1,3]") "}",
    NULL, 0, 3, -1, "“a” and “b” overlap" },
  { "same-place", "{\"a\":" ENTRY ("U8", "[2]", "[0,2]") ",\"b\":" ENTRY ("U8", "[2]", "[0,2]")
    "}", NULL, 0, 2, -1, "overlap" },
  { "gap", "{\"a\":" ENTRY ("U8", "[2]", "[0,2]") ",\"b\":" ENTRY ("U8", "[2]", "[3,5]") "}",
    NULL, 0, 5, -1, "1 byte of the data, at byte 2, belongs to no tensor" },
  { "trailing-data", ONE ("U8", "[2]", "[0,2]"), NULL, 0, 5, -1, "3 bytes of data follow" },
  { "metadata-array", "{\"__metadata__\":[1]}", NULL, 0, 0, -1, "metadata is not a JSON object" },
  { "metadata-string", "{\"__metadata__\":\"x\"}", NULL, 0, 0, -1, "metadata is not" },
  { "metadata-number", "{\"__metadata__\":{\"k\":1}}", NULL, 0, 0, -1,
    "metadata “k” is not a string" },
  { "metadata-null-value", "{\"__metadata__\":{\"k\":null}}", NULL, 0, 0, -1, "metadata “k”" },
  { "metadata-object-value", "{\"__metadata__\":{\"k\":{}}}", NULL, 0, 0, -1, "metadata “k”" },
};

/* The F32 tensors "w" = { 1, x, 2 } with a non-finite x. */
static GBytes *
make_non_finite (float x)
{
  float values[3] = { 1, x, 2 };

  return make_file (ONE ("F32", "[3]", "[0,12]"), values, sizeof values);
}

static void
assert_corrupt (GError     *error,
                const char *display_name,
                const char *fragment)
{
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_error (error, HT_ERROR, HT_ERROR_MODEL_CORRUPT);
  g_assert_nonnull (strstr (error->message, display_name));
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” not in “%s”", fragment, error->message);
}

static void
test_corrupt (gconstpointer data)
{
  const CorruptCase *c = data;
  g_autofree char *display_name = g_strdup_printf ("%s.safetensors", c->name);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HtSafetensors) st = NULL;

  if (strcmp (c->name, "deep") == 0)
    {
      gsize depth = 100000;
      g_autofree char *header = g_malloc (2 * depth + 1);
      memset (header, '[', depth);
      memset (header + depth, ']', depth);
      header[2 * depth] = '\0';
      bytes = make_file (header, NULL, 0);
    }
  else if (strcmp (c->name, "many-values") == 0)
    {
      GString *header = g_string_new ("{\"__metadata__\":{\"k\":[0");

      for (guint i = 0; i < 1000000; i++)
        g_string_append (header, ",0");
      g_string_append (header, "]}}");
      bytes = make_file (header->str, NULL, 0);
      g_string_free (header, TRUE);
    }
  else if (c->header == NULL)
    bytes = g_bytes_new (c->raw, c->raw_len);
  else
    {
      g_autofree guint8 *zeros = g_malloc0 (MAX (c->data_len, 1));
      bytes = make_file_full (c->length, c->header, strlen (c->header), zeros, c->data_len);
    }
  st = ht_safetensors_new_from_bytes (bytes, display_name, &error);
  g_assert_null (st);
  assert_corrupt (error, display_name, c->fragment);
}

static void
test_corrupt_non_finite (void)
{
  const float bad[] = { NAN, INFINITY, -INFINITY };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GBytes) bytes = make_non_finite (bad[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(HtSafetensors) st = NULL;

      st = ht_safetensors_new_from_bytes (bytes, "nan.safetensors", &error);

      g_assert_null (st);
      assert_corrupt (error, "nan.safetensors", "tensor “t” contains NaN or infinite values "
                                                "(element 1)");
    }
}

/* Names from the file reach messages without terminal escapes or bidi overrides, and cut. */
static void
test_corrupt_hostile_name (void)
{
  g_autofree char *long_name = g_strnfill (500, 'a');
  g_autofree char *header = g_strdup_printf ("{\"\\u001b[31m\\u202e%s\":%s}", long_name,
                                             ENTRY ("F16", "[1]", "[0,2]"));
  g_autoptr(GBytes) bytes = make_file (header, "\0\0", 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(HtSafetensors) st = ht_safetensors_new_from_bytes (bytes, "name.safetensors", &error);

  g_assert_null (st);
  assert_corrupt (error, "name.safetensors", "unsupported dtype “F16”");
  g_assert_null (strchr (error->message, '\x1b'));
  g_assert_null (strstr (error->message, "\xe2\x80\xae"));          /* U+202E */
  g_assert_nonnull (strstr (error->message, "\xef\xbf\xbd[31m"));    /* U+FFFD */
  g_assert_nonnull (strstr (error->message, "aaa…"));
  g_assert_cmpuint (strlen (error->message), <, 250);
}

/* Truncating a valid file anywhere must fail cleanly (the header's length no longer fits,
 * or a tensor runs past the end). */
static void
test_corrupt_truncated (void)
{
  g_autoptr(GBytes) golden = load_test_data ("safetensors-golden.safetensors");
  gsize len;
  const guint8 *data = g_bytes_get_data (golden, &len);

  for (gsize n = 0; n < len; n++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (data, n);
      g_autoptr(GError) error = NULL;
      g_autoptr(HtSafetensors) st = NULL;

      st = ht_safetensors_new_from_bytes (bytes, "cut.safetensors", &error);

      g_assert_null (st);
      g_assert_error (error, HT_ERROR, HT_ERROR_MODEL_CORRUPT);
      g_assert_nonnull (strstr (error->message, "cut.safetensors"));
    }
}

/* --- files: loading and atomic saving ------------------------------------------------------ */

static char *
write_temp (const char *dir,
            const char *name,
            gconstpointer data,
            gsize       len)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, (gssize) len, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_load_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-safetensors-XXXXXX", &error);
  g_autofree char *missing = g_build_filename (dir, "missing.safetensors", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (missing);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GBytes) golden = load_test_data ("safetensors-golden.safetensors");
  static const struct { const char *name, *contents; gsize len; const char *fragment; } files[] = {
    { "empty.safetensors", "", 0, "the file is empty" },
    { "short.safetensors", "\x10\0\0", 3, "too short (3 bytes)" },
    { "long.safetensors", "\x10\0\0\0\0\0\0\0{}", 10,
      "larger than the rest of the file (2 bytes)" },
    { "absurd.safetensors", "\xff\xff\xff\xff\xff\xff\xff\xff{}", 10, "implausible" },
    { "json.safetensors", "\x02\0\0\0\0\0\0\0[]", 10, "not a JSON object" },
  };

  g_assert_no_error (error);
  g_assert_null (ht_safetensors_load (file, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = write_temp (dir, files[i].name, files[i].contents, files[i].len);
      g_autoptr(GFile) f = g_file_new_for_path (path);

      g_assert_null (ht_safetensors_load (f, NULL, &error));
      assert_corrupt (error, path, files[i].fragment);
      g_clear_error (&error);
      g_unlink (path);
    }

  /* A valid file with a cancelled cancellable. */
  {
    g_autofree char *path = write_temp (dir, "ok.safetensors", g_bytes_get_data (golden, NULL),
                                        g_bytes_get_size (golden));
    g_autoptr(GFile) f = g_file_new_for_path (path);

    g_cancellable_cancel (cancellable);
    g_assert_null (ht_safetensors_load (f, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_unlink (path);
  }
  g_rmdir (dir);
}

static void
test_save_atomic (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-safetensors-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "model.safetensors", NULL);
  g_autofree char *nowhere = g_build_filename (dir, "no-such-dir", "model.safetensors", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) bad_file = g_file_new_for_path (nowhere);
  g_autoptr(HtSafetensorsWriter) w = golden_writer ();
  g_autoptr(HtSafetensorsWriter) nan_writer = ht_safetensors_writer_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GBytes) golden = load_test_data ("safetensors-golden.safetensors");
  g_autofree char *contents = NULL;
  static const float nan_values[] = { 0, NAN };
  static const gsize two[] = { 2 };
  gsize len;
  GDir *d;

  g_assert_no_error (error);
  /* An existing file is replaced. */
  g_file_set_contents (path, "old contents", -1, &error);
  g_assert_no_error (error);
  g_assert_true (ht_safetensors_writer_save (w, file, NULL, &error));
  g_assert_no_error (error);
  g_file_get_contents (path, &contents, &len, &error);
  g_assert_cmpmem (contents, len, g_bytes_get_data (golden, NULL), g_bytes_get_size (golden));
  g_clear_pointer (&contents, g_free);

  /* A failed save leaves the old file alone: a NaN, a cancellation. */
  ht_safetensors_writer_add (nan_writer, "w", HT_DTYPE_F32, 1, two, nan_values);
  g_assert_false (ht_safetensors_writer_save (nan_writer, file, NULL, &error));
  g_assert_error (error, HT_ERROR, HT_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "“w”"));
  g_assert_nonnull (strstr (error->message, "model.safetensors"));
  g_clear_error (&error);
  g_cancellable_cancel (cancellable);
  g_assert_false (ht_safetensors_writer_save (w, file,
                                              cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_file_get_contents (path, &contents, &len, &error);
  g_assert_cmpmem (contents, len, g_bytes_get_data (golden, NULL), g_bytes_get_size (golden));

  /* A directory that does not exist: an error that names the file, nothing created. */
  g_assert_false (ht_safetensors_writer_save (w, bad_file, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "model.safetensors"));
  g_clear_error (&error);

  d = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_dir_read_name (d), ==, "model.safetensors");
  g_assert_null (g_dir_read_name (d));
  g_dir_close (d);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/safetensors/golden/read", test_golden_read);
  g_test_add_func ("/engine/safetensors/golden/misaligned", test_golden_misaligned);
  g_test_add_func ("/engine/safetensors/golden/write", test_golden_write);
  g_test_add_func ("/engine/safetensors/round-trip", test_round_trip);
  g_test_add_func ("/engine/safetensors/empty-writer", test_empty_writer);
  g_test_add_func ("/engine/safetensors/writer-replace", test_writer_replace);
  g_test_add_func ("/engine/safetensors/ref-counting", test_ref_counting);
  g_test_add_func ("/engine/safetensors/lookup-errors", test_lookup_errors);
  for (guint i = 0; i < G_N_ELEMENTS (corrupt_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/engine/safetensors/corrupt/%s",
                                               corrupt_cases[i].name);
      g_test_add_data_func (path, &corrupt_cases[i], test_corrupt);
    }
  g_test_add_func ("/engine/safetensors/corrupt/non-finite", test_corrupt_non_finite);
  g_test_add_func ("/engine/safetensors/corrupt/truncated", test_corrupt_truncated);
  g_test_add_func ("/engine/safetensors/corrupt/hostile-name", test_corrupt_hostile_name);
  g_test_add_func ("/engine/safetensors/load-errors", test_load_errors);
  g_test_add_func ("/engine/safetensors/save-atomic", test_save_atomic);
  return g_test_run ();
}
