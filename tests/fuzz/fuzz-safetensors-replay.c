/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Runs the safetensors fuzz harness without libFuzzer, so that it is part of every test run
 * (and of the ASan and valgrind runs): first on the seed corpus, then on a deterministic,
 * seeded mutation loop (bit flips, byte sets, truncations, length-field edits, JSON token
 * insertions, deletions, non-finite floats). HT_FUZZ_ITERATIONS overrides the number of
 * mutants (default 20000). */
#include <string.h>
#include <glib.h>

#include "fuzz-safetensors.h"

#define SEED 0x5afe7e45u

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The seed files, in name order (so that the mutation loop does not depend on the file
 * system's order). */
static GPtrArray *
load_corpus (void)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "fuzz", "corpus-safetensors",
                                                     NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, &error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *corpus = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir_path, g_ptr_array_index (names, i), NULL);
      char *contents = NULL;
      gsize len = 0;

      g_file_get_contents (path, &contents, &len, &error);
      g_assert_no_error (error);
      g_ptr_array_add (corpus, g_bytes_new_take (contents, len));
    }
  return corpus;
}

static void
test_corpus (void)
{
  g_autoptr(GPtrArray) corpus = load_corpus ();
  unsigned before = fuzz_safetensors_n_accepted;

  g_assert_cmpuint (corpus->len, >=, 10);
  for (guint i = 0; i < corpus->len; i++)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (g_ptr_array_index (corpus, i), &len);

      LLVMFuzzerTestOneInput (data, len);
    }
  /* The corpus holds valid files as well as broken ones. */
  g_assert_cmpuint (fuzz_safetensors_n_accepted - before, >=, 5);
  g_assert_cmpuint (fuzz_safetensors_n_accepted - before, <, corpus->len);
}

static const char * const tokens[] = {
  "\"", "{", "}", "[", "]", ",", ":", " ", "0", "1", "-1", "7", "-0", "01", "1.5", "1e3",
  "4294967296", "9223372036854775807", "9223372036854775808", "18446744073709551616",
  "null", "true", "{}", "[]", "[0,0]", "\"F32\"", "\"I32\"", "\"I64\"", "\"U8\"", "\"BF16\"",
  "\"dtype\"", "\"shape\"", "\"data_offsets\"", "\"__metadata__\"", "\\u0000", "\\ud800",
  "\\udc00", "\\ud83c\\udfa4", "\\\"", "\\x", "\xff", "\xc3", "\xc3\xa9", "\x01", "/*", "'",
};

static guint64
read_length (const GByteArray *a)
{
  guint64 n = 0;

  if (a->len >= 8)
    memcpy (&n, a->data, 8);
  return GUINT64_FROM_LE (n);
}

static void
write_length (GByteArray *a,
              guint64     n)
{
  n = GUINT64_TO_LE (n);
  if (a->len >= 8)
    memcpy (a->data, &n, 8);
}

/* Keeps the length field in step with an edit of `delta` bytes at `pos`, most of the time,
 * so that mutants get past the first checks. */
static void
follow_length (GRand      *rand,
               GByteArray *a,
               guint       pos,
               gint64      delta)
{
  guint64 n = read_length (a);

  if (pos >= 8 && pos < 8 + n && g_rand_int_range (rand, 0, 8) > 0)
    write_length (a, n + (guint64) delta);
}

static void
mutate (GRand      *rand,
        GByteArray *a)
{
  guint pos;

  /* Mostly past the length field: edits of that have their own case. */
  if (a->len > 8 && g_rand_int_range (rand, 0, 10) > 0)
    pos = (guint) g_rand_int_range (rand, 8, (gint32) a->len);
  else
    pos = a->len > 0 ? (guint) g_rand_int_range (rand, 0, (gint32) a->len) : 0;

  switch (g_rand_int_range (rand, 0, 9))
    {
    case 0:     /* flip a bit */
      if (a->len > 0)
        a->data[pos] ^= (guint8) (1u << g_rand_int_range (rand, 0, 8));
      break;
    case 1:     /* set a byte: mostly one that means something in JSON */
      if (a->len > 0)
        {
          static const char json_bytes[] = "{}[],:\"\\ 0123456789-.eE";
          a->data[pos] = g_rand_int_range (rand, 0, 4) > 0
                           ? (guint8) json_bytes[g_rand_int_range (rand, 0, sizeof json_bytes - 1)]
                           : (guint8) g_rand_int (rand);
        }
      break;
    case 2:     /* truncate */
      g_byte_array_set_size (a, pos);
      break;
    case 3:     /* edit the length field */
      {
        guint64 n = read_length (a);
        guint64 choices[] = { n + 1, n - 1, n + (guint64) g_rand_int_range (rand, -16, 17), 0,
                              a->len - 8, a->len - 7, g_rand_int (rand), G_MAXUINT64,
                              G_GUINT64_CONSTANT (1) << 63, 100000001 };
        write_length (a, choices[g_rand_int_range (rand, 0, G_N_ELEMENTS (choices))]);
      }
      break;
    case 4:     /* insert a JSON token */
    case 5:
      {
        const char *token = tokens[g_rand_int_range (rand, 0, G_N_ELEMENTS (tokens))];
        gsize n = strlen (token);

        g_byte_array_set_size (a, a->len + (guint) n);
        memmove (a->data + pos + n, a->data + pos, a->len - n - pos);
        memcpy (a->data + pos, token, n);
        follow_length (rand, a, pos, (gint64) n);
      }
      break;
    case 6:     /* delete a span */
      {
        guint n = (guint) g_rand_int_range (rand, 1, 9);    /* MIN() evaluates twice */

        n = MIN (n, a->len - pos);

        if (n > 0)
          {
            g_byte_array_remove_range (a, pos, n);
            follow_length (rand, a, pos, -(gint64) n);
          }
      }
      break;
    case 7:     /* a non-finite float somewhere after the header */
      {
        static const guint32 bits[] = { 0x7fc00000u, 0x7f800000u, 0xff800000u, 0x7f800001u };
        guint64 start = 8 + read_length (a);
        guint32 v = GUINT32_TO_LE (bits[g_rand_int_range (rand, 0, G_N_ELEMENTS (bits))]);

        if (start < a->len && a->len - start >= 4)
          {
            gint32 n_words = (gint32) ((a->len - start) / 4);
            guint at = (guint) start + 4 * (guint) g_rand_int_range (rand, 0, n_words);

            memcpy (a->data + at, &v, 4);
          }
      }
      break;
    default:    /* copy a span over another place */
      if (a->len > 0)
        {
          guint from = (guint) g_rand_int_range (rand, 0, (gint32) a->len);
          guint n = (guint) g_rand_int_range (rand, 1, 17);

          n = MIN (MIN (n, a->len - from), a->len - pos);
          memmove (a->data + pos, a->data + from, n);
        }
      break;
    }
}

static void
test_mutations (void)
{
  g_autoptr(GPtrArray) corpus = load_corpus ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  g_autoptr(GPtrArray) valid = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) invalid = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  const char *env = g_getenv ("HT_FUZZ_ITERATIONS");
  guint iterations = env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : 20000;
  unsigned before, accepted;
  gint64 start = g_get_monotonic_time ();

  /* Mutants of valid seeds get further into the reader: pick those four times out of five. */
  for (guint i = 0; i < corpus->len; i++)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (g_ptr_array_index (corpus, i), &len);
      unsigned n = fuzz_safetensors_n_accepted;

      LLVMFuzzerTestOneInput (data, len);
      g_ptr_array_add (fuzz_safetensors_n_accepted > n ? valid : invalid,
                       g_bytes_ref (g_ptr_array_index (corpus, i)));
    }
  g_assert_cmpuint (valid->len, >, 0);
  g_assert_cmpuint (invalid->len, >, 0);
  before = fuzz_safetensors_n_accepted;

  for (guint i = 0; i < iterations; i++)
    {
      GPtrArray *from = g_rand_int_range (rand, 0, 5) > 0 ? valid : invalid;
      GBytes *seed = g_ptr_array_index (from, g_rand_int_range (rand, 0, (gint32) from->len));
      gsize len;
      const guint8 *data = g_bytes_get_data (seed, &len);
      g_autoptr(GByteArray) a = g_byte_array_sized_new ((guint) len + 64);
      guint n_mutations = 1;

      while (n_mutations < 6 && g_rand_boolean (rand))    /* 1, 2, 3... with halving odds */
        n_mutations++;

      g_byte_array_append (a, data, (guint) len);
      for (guint m = 0; m < n_mutations; m++)
        mutate (rand, a);
      LLVMFuzzerTestOneInput (a->data, a->len);
    }
  accepted = fuzz_safetensors_n_accepted - before;
  g_test_message ("%u mutants, %u accepted, %u rejected, %.2f s", iterations, accepted,
                  iterations - accepted, (g_get_monotonic_time () - start) / 1e6);
  /* A loop that only ever made garbage (or never broke anything) would test little. */
  if (iterations >= 1000)
    {
      g_assert_cmpuint (accepted, >, iterations / 50);
      g_assert_cmpuint (accepted, <, iterations / 2);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/safetensors/fuzz/corpus", test_corpus);
  g_test_add_func ("/engine/safetensors/fuzz/mutations", test_mutations);
  return g_test_run ();
}
