/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-safetensors"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ht-atomic-file.h"
#include "ht-error.h"
#include "ht-safetensors.h"

/* A header beyond this is not a model of ours; it also bounds what a hostile file can make
 * the JSON parser allocate. */
#define MAX_HEADER_LEN  (100u * 1000u * 1000u)
/* A safetensors header nests three deep (root, entry, shape); anything far deeper is hostile
 * and would overflow json-glib's recursive parser. */
#define MAX_JSON_DEPTH  16
/* json-glib needs about 1 µs and 200 bytes per value: without a bound, a 100 MB header of tiny
 * entries would take seconds and gigabytes before being rejected. A model with 100000
 * tensors stays below it. */
#define MAX_JSON_VALUES 1000000
#define METADATA_KEY    "__metadata__"

typedef struct
{
  HtDtype       dtype;
  guint         n_dims;
  gsize         shape[HT_SAFETENSORS_MAX_DIMS];
  guint64       begin;          /* byte offsets in the data section */
  guint64       end;
  const char   *name;           /* the key in HtSafetensors.tensors */
  gconstpointer data;           /* aligned: into `bytes`, or `copy` */
  gpointer      copy;
} Tensor;

struct _HtSafetensors
{
  gatomicrefcount  ref_count;
  char            *display_name;
  GBytes          *bytes;
  GHashTable      *tensors;     /* name → Tensor */
  GHashTable      *metadata;    /* key → value */
};

typedef struct
{
  HtDtype dtype;
  guint   n_dims;
  gsize   shape[HT_SAFETENSORS_MAX_DIMS];
  GBytes *data;                 /* little-endian */
} WriterTensor;

struct _HtSafetensorsWriter
{
  GHashTable *tensors;          /* name → WriterTensor */
  GHashTable *metadata;         /* key → value */
};

static const struct
{
  const char *name;
  gsize       size;
} dtypes[] = {
  [HT_DTYPE_F32] = { "F32", 4 },
  [HT_DTYPE_I32] = { "I32", 4 },
  [HT_DTYPE_I64] = { "I64", 8 },
  [HT_DTYPE_U8] = { "U8", 1 },
};

/* Stands in for the data of tensors with no elements, so that they too get a non-NULL,
 * aligned pointer. */
static const guint64 empty_data[1];

static gboolean
dtype_is_valid (HtDtype dtype)
{
  return (guint) dtype < G_N_ELEMENTS (dtypes);
}

G_GNUC_PRINTF (3, 4) static gboolean
set_corrupt (GError    **error,
             const char *display_name,
             const char *format,
             ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, HT_ERROR, HT_ERROR_MODEL_CORRUPT,
               /* Translators: the first %s is a file name, the second says what is wrong */
               _("The model file “%s” is damaged: %s"), display_name, detail);
  return FALSE;
}

/* A name from the file as it may appear in a message: no control or formatting characters
 * (terminal escapes, bidi overrides), and not more than 64 characters of it. */
static char *
shown_name (const char *name)
{
  GString *out = g_string_new (NULL);
  guint n = 0;

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (n == 64)
        {
          g_string_append (out, "…");
          break;
        }
      g_string_append_unichar (out, g_unichar_isprint (c) ? c : 0xfffd);
    }
  return g_string_free (out, FALSE);
}

static gulong
plural_n (guint64 n)
{
  return (gulong) MIN (n, G_MAXULONG);
}

static void
tensor_free (gpointer data)
{
  Tensor *t = data;

  g_free (t->copy);
  g_free (t);
}

static void
writer_tensor_free (gpointer data)
{
  WriterTensor *t = data;

  g_bytes_unref (t->data);
  g_free (t);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The keys of `table`, sorted bytewise (which is code point order for UTF-8). */
static const char **
sorted_keys (GHashTable *table,
             guint      *n)
{
  const char **keys = (const char **) g_hash_table_get_keys_as_array (table, n);

  qsort (keys, *n, sizeof (char *), compare_strings);
  return keys;
}

/* --- Strict JSON check ---------------------------------------------------------------------
 *
 * json-glib 1.6 accepts more than JSON (comments, single quotes, hex and octal numbers, text
 * after the root value), silently wraps integers beyond 64 bits, truncates strings at \u0000,
 * keeps the last of duplicate keys, and recurses without a depth limit. The header therefore
 * passes this RFC 8259 recogniser first; it also counts the object members so that duplicate
 * keys (which json-glib merges) can be detected afterwards. */

typedef struct
{
  const char *s;
  gsize       len;
  gsize       pos;
  gsize       n_members;
  gsize       n_values;
  const char *problem;          /* translated */
} Scan;

static gboolean
scan_fail (Scan       *sc,
           const char *problem)
{
  sc->problem = problem;
  return FALSE;
}

static void
scan_space (Scan *sc)
{
  while (sc->pos < sc->len && (sc->s[sc->pos] == ' ' || sc->s[sc->pos] == '\t' ||
                                sc->s[sc->pos] == '\n' || sc->s[sc->pos] == '\r'))
    sc->pos++;
}

static int
scan_peek (Scan *sc)
{
  return sc->pos < sc->len ? (guchar) sc->s[sc->pos] : -1;
}

static gboolean
scan_hex4 (Scan  *sc,
           guint *value)
{
  *value = 0;
  if (sc->len - sc->pos < 4)
    return scan_fail (sc, _("truncated \\u escape"));
  for (guint i = 0; i < 4; i++)
    {
      int d = g_ascii_xdigit_value (sc->s[sc->pos++]);
      if (d < 0)
        return scan_fail (sc, _("bad \\u escape"));
      *value = *value * 16 + (guint) d;
    }
  return TRUE;
}

static gboolean
scan_string (Scan *sc)
{
  g_assert (scan_peek (sc) == '"');
  sc->pos++;
  for (;;)
    {
      int c = scan_peek (sc);
      guint u, low;

      if (c < 0)
        return scan_fail (sc, _("unterminated string"));
      sc->pos++;
      if (c == '"')
        return TRUE;
      if (c < 0x20)
        return scan_fail (sc, _("control character in a string"));
      if (c != '\\')
        continue;
      c = scan_peek (sc);
      if (c < 0)
        return scan_fail (sc, _("unterminated string"));
      sc->pos++;
      if (c != 'u')
        {
          if (c == '\0' || strchr ("\"\\/bfnrt", c) == NULL)
            return scan_fail (sc, _("bad escape in a string"));
          continue;
        }
      if (!scan_hex4 (sc, &u))
        return FALSE;
      if (u == 0)
        return scan_fail (sc, _("\\u0000 in a string"));
      if (u >= 0xdc00 && u <= 0xdfff)
        return scan_fail (sc, _("unpaired surrogate in a string"));
      if (u >= 0xd800 && u <= 0xdbff)
        {
          if (sc->len - sc->pos < 2 || sc->s[sc->pos] != '\\' || sc->s[sc->pos + 1] != 'u')
            return scan_fail (sc, _("unpaired surrogate in a string"));
          sc->pos += 2;
          if (!scan_hex4 (sc, &low))
            return FALSE;
          if (low < 0xdc00 || low > 0xdfff)
            return scan_fail (sc, _("unpaired surrogate in a string"));
        }
    }
}

static gboolean
scan_digits (Scan *sc,
             gsize *n_digits)
{
  gsize start = sc->pos;

  while (sc->pos < sc->len && g_ascii_isdigit (sc->s[sc->pos]))
    sc->pos++;
  *n_digits = sc->pos - start;
  return *n_digits > 0 ? TRUE : scan_fail (sc, _("malformed number"));
}

static gboolean
scan_number (Scan *sc)
{
  gsize int_start, n_int, n;
  gboolean integer = TRUE;

  if (scan_peek (sc) == '-')
    sc->pos++;
  int_start = sc->pos;
  if (!scan_digits (sc, &n_int))
    return FALSE;
  if (n_int > 1 && sc->s[int_start] == '0')
    return scan_fail (sc, _("malformed number"));
  if (scan_peek (sc) == '.')
    {
      sc->pos++;
      integer = FALSE;
      if (!scan_digits (sc, &n))
        return FALSE;
    }
  if (scan_peek (sc) == 'e' || scan_peek (sc) == 'E')
    {
      sc->pos++;
      integer = FALSE;
      if (scan_peek (sc) == '+' || scan_peek (sc) == '-')
        sc->pos++;
      if (!scan_digits (sc, &n))
        return FALSE;
    }
  /* json-glib would wrap larger integers around without a word. */
  if (integer && (n_int > 19 ||
                  (n_int == 19 && memcmp (sc->s + int_start, "9223372036854775807", 19) > 0)))
    return scan_fail (sc, _("integer out of range"));
  return TRUE;
}

static gboolean
scan_literal (Scan *sc)
{
  static const char * const words[] = { "true", "false", "null" };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      gsize n = strlen (words[i]);
      if (sc->len - sc->pos >= n && memcmp (sc->s + sc->pos, words[i], n) == 0)
        {
          sc->pos += n;
          return TRUE;
        }
    }
  return scan_fail (sc, _("unexpected character"));
}

/* `"key" :` with the surrounding blanks. */
static gboolean
scan_member_key (Scan *sc)
{
  scan_space (sc);
  if (scan_peek (sc) != '"')
    return scan_fail (sc, _("expected a string key"));
  if (!scan_string (sc))
    return FALSE;
  scan_space (sc);
  if (scan_peek (sc) != ':')
    return scan_fail (sc, _("expected “:”"));
  sc->pos++;
  sc->n_members++;
  return TRUE;
}

static gboolean
json_check_strict (Scan *sc)
{
  char stack[MAX_JSON_DEPTH];
  guint depth = 0;

  for (;;)
    {
      int c;

      /* A value is expected. */
      if (++sc->n_values > MAX_JSON_VALUES)
        return scan_fail (sc, "too many values");      /* parse() words this one */
      scan_space (sc);
      c = scan_peek (sc);
      if (c == '{' || c == '[')
        {
          if (depth == MAX_JSON_DEPTH)
            return scan_fail (sc, _("nested too deeply"));
          stack[depth++] = (char) c;
          sc->pos++;
          scan_space (sc);
          if (scan_peek (sc) == (c == '{' ? '}' : ']'))
            {
              sc->pos++;
              depth--;
            }
          else if (c == '{')
            {
              if (!scan_member_key (sc))
                return FALSE;
              continue;
            }
          else
            continue;
        }
      else if (c == '"')
        {
          if (!scan_string (sc))
            return FALSE;
        }
      else if (c == '-' || (c >= '0' && c <= '9'))
        {
          if (!scan_number (sc))
            return FALSE;
        }
      else if (c < 0)
        return scan_fail (sc, _("unexpected end"));
      else if (!scan_literal (sc))
        return FALSE;

      /* After a value: close containers or move to the next element. */
      for (;;)
        {
          scan_space (sc);
          if (depth == 0)
            return scan_peek (sc) < 0 ? TRUE : scan_fail (sc, _("text after the end"));
          c = scan_peek (sc);
          if (c == ',')
            {
              sc->pos++;
              if (stack[depth - 1] == '{' && !scan_member_key (sc))
                return FALSE;
              break;
            }
          if (c != (stack[depth - 1] == '{' ? '}' : ']'))
            return scan_fail (sc, c < 0 ? _("unexpected end") : _("unexpected character"));
          sc->pos++;
          depth--;
        }
    }
}

static gsize
count_members (JsonNode *node)
{
  gsize n = 0;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      JsonNode *child;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, NULL, &child))
        n += 1 + count_members (child);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        n += count_members (json_array_get_element (array, i));
    }
  return n;
}

/* --- Reading ------------------------------------------------------------------------------- */

static gboolean
node_get_uint (JsonNode *node,
               guint64  *out)
{
  gint64 v;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  v = json_node_get_int (node);
  if (v < 0)
    return FALSE;
  *out = (guint64) v;
  return TRUE;
}

static const char *
node_peek_string (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
parse_metadata (HtSafetensors *self,
                JsonNode      *node,
                GError       **error)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return set_corrupt (error, self->display_name, _("its metadata is not a JSON object"));
  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &key, &value))
    {
      const char *s = node_peek_string (value);

      if (s == NULL)
        {
          g_autofree char *shown = shown_name (key);
          return set_corrupt (error, self->display_name,
                              _("metadata “%s” is not a string"), shown);
        }
      g_hash_table_insert (self->metadata, g_strdup (key), g_strdup (s));
    }
  return TRUE;
}

static gboolean
parse_entry (HtSafetensors *self,
             const char    *key,
             JsonNode      *node,
             guint64        data_len,
             Tensor        *t,
             GError       **error)
{
  g_autofree char *name = shown_name (key);
  JsonObject *entry;
  JsonNode *member;
  JsonArray *array;
  const char *dtype;
  gsize n_elements = 1, n_bytes;
  guint64 v;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return set_corrupt (error, self->display_name, _("entry “%s” is not a JSON object"), name);
  entry = json_node_get_object (node);

  dtype = node_peek_string (json_object_get_member (entry, "dtype"));
  if (dtype == NULL)
    return set_corrupt (error, self->display_name, _("tensor “%s” has no dtype"), name);
  for (t->dtype = 0; dtype_is_valid (t->dtype); t->dtype++)
    if (strcmp (dtype, dtypes[t->dtype].name) == 0)
      break;
  if (!dtype_is_valid (t->dtype))
    {
      g_autofree char *shown = shown_name (dtype);
      return set_corrupt (error, self->display_name,
                          _("tensor “%s” has the unsupported dtype “%s”"), name, shown);
    }

  member = json_object_get_member (entry, "shape");
  if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member))
    return set_corrupt (error, self->display_name,
                        _("the shape of tensor “%s” is not a list of non-negative integers"), name);
  array = json_node_get_array (member);
  if (json_array_get_length (array) > HT_SAFETENSORS_MAX_DIMS)
    return set_corrupt (error, self->display_name,
                        _("tensor “%s” has %u dimensions; at most %u are supported"),
                        name, json_array_get_length (array), HT_SAFETENSORS_MAX_DIMS);
  t->n_dims = json_array_get_length (array);
  for (guint i = 0; i < t->n_dims; i++)
    {
      if (!node_get_uint (json_array_get_element (array, i), &v))
        return set_corrupt (error, self->display_name,
                            _("the shape of tensor “%s” is not a list of non-negative integers"),
                            name);
      if (v > G_MAXSIZE || !g_size_checked_mul (&n_elements, n_elements, (gsize) v))
        return set_corrupt (error, self->display_name,
                            _("the shape of tensor “%s” is too large"), name);
      t->shape[i] = (gsize) v;
    }
  if (!g_size_checked_mul (&n_bytes, n_elements, dtypes[t->dtype].size))
    return set_corrupt (error, self->display_name,
                        _("the shape of tensor “%s” is too large"), name);

  member = json_object_get_member (entry, "data_offsets");
  if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member) ||
      json_array_get_length (array = json_node_get_array (member)) != 2 ||
      !node_get_uint (json_array_get_element (array, 0), &t->begin) ||
      !node_get_uint (json_array_get_element (array, 1), &t->end))
    return set_corrupt (error, self->display_name,
                        _("the data offsets of tensor “%s” are not two non-negative integers"),
                        name);
  if (t->begin > t->end)
    return set_corrupt (error, self->display_name,
                        _("tensor “%s” ends (at byte %llu) before it starts "
                          "(at byte %llu)"), name, (unsigned long long) t->end,
                        (unsigned long long) t->begin);
  if (t->end > data_len)
    return set_corrupt (error, self->display_name,
                        _("tensor “%s” ends at byte %llu, past the end of the "
                          "data (%llu bytes)"), name, (unsigned long long) t->end,
                        (unsigned long long) data_len);
  if (t->end - t->begin != n_bytes)
    return set_corrupt (error, self->display_name,
                        _("tensor “%s” has %llu bytes but its dtype and shape "
                          "need %zu"), name, (unsigned long long) (t->end - t->begin), n_bytes);
  return TRUE;
}

static int
compare_offsets (gconstpointer a,
                 gconstpointer b)
{
  const Tensor *x = *(const Tensor * const *) a;
  const Tensor *y = *(const Tensor * const *) b;

  if (x->begin != y->begin)
    return x->begin < y->begin ? -1 : 1;
  if (x->end != y->end)
    return x->end < y->end ? -1 : 1;
  return strcmp (x->name, y->name);
}

/* Like the reference implementation, the tensors must tile the data section exactly: no
 * overlap, no gap, nothing after the last one. */
static gboolean
check_layout (HtSafetensors *self,
              guint64        data_len,
              GError       **error)
{
  guint n = g_hash_table_size (self->tensors), i = 0;
  g_autofree Tensor **sorted = g_new (Tensor *, MAX (n, 1));
  GHashTableIter iter;
  gpointer value;
  guint64 end = 0;

  g_hash_table_iter_init (&iter, self->tensors);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    sorted[i++] = value;
  qsort (sorted, n, sizeof (Tensor *), compare_offsets);
  for (i = 0; i < n; i++)
    {
      if (sorted[i]->begin < end)
        {
          g_autofree char *a = shown_name (sorted[i - 1]->name);
          g_autofree char *b = shown_name (sorted[i]->name);
          return set_corrupt (error, self->display_name, _("tensors “%s” and “%s” overlap"), a, b);
        }
      if (sorted[i]->begin > end)
        return set_corrupt (error, self->display_name,
                            ngettext ("%llu byte of the data, at byte %llu, belongs to no tensor",
                                      "%llu bytes of the data, from byte %llu, belong to no tensor",
                                      plural_n (sorted[i]->begin - end)),
                            (unsigned long long) (sorted[i]->begin - end),
                            (unsigned long long) end);
      end = sorted[i]->end;
    }
  if (end != data_len)
    return set_corrupt (error, self->display_name,
                        ngettext ("%llu byte of data follows the last tensor",
                                  "%llu bytes of data follow the last tensor",
                                  plural_n (data_len - end)),
                        (unsigned long long) (data_len - end));
  return TRUE;
}

static void
swap_bytes (gpointer data,
            gsize    n_elements,
            gsize    size)
{
  for (gsize i = 0; i < n_elements; i++)
    {
      if (size == 4)
        ((guint32 *) data)[i] = GUINT32_SWAP_LE_BE (((guint32 *) data)[i]);
      else if (size == 8)
        ((guint64 *) data)[i] = GUINT64_SWAP_LE_BE (((guint64 *) data)[i]);
    }
}

/* Points the tensor at its data, copying it when the mapped bytes are misaligned for the type
 * (or big-endian hosts need them swapped), and rejects non-finite floats. Done for every
 * tensor at load so that a damaged file fails early and the object is immutable (and
 * shareable between threads) afterwards. */
static gboolean
place_data (HtSafetensors *self,
            Tensor        *t,
            const guint8  *data_section,
            GError       **error)
{
  gsize size = dtypes[t->dtype].size;
  gsize n_bytes = (gsize) (t->end - t->begin);
  gsize n_elements = n_bytes / size;
  const guint8 *src = data_section + t->begin;

  if (n_bytes == 0)
    {
      t->data = empty_data;
      return TRUE;
    }
  if ((GPOINTER_TO_SIZE (src) % size) != 0 || (G_BYTE_ORDER == G_BIG_ENDIAN && size > 1))
    {
      t->copy = g_malloc (n_bytes);     /* malloc aligns for every type */
      memcpy (t->copy, src, n_bytes);
      if (G_BYTE_ORDER == G_BIG_ENDIAN)
        swap_bytes (t->copy, n_elements, size);
      t->data = t->copy;
    }
  else
    t->data = src;

  if (t->dtype == HT_DTYPE_F32)
    {
      const float *f = t->data;

      for (gsize i = 0; i < n_elements; i++)
        if (!isfinite (f[i]))
          {
            g_autofree char *name = shown_name (t->name);
            return set_corrupt (error, self->display_name,
                                _("tensor “%s” contains NaN or infinite values (element %zu)"),
                                name, i);
          }
    }
  return TRUE;
}

/* The first checks, shared by the loader, which runs them before reading the whole file. */
static gboolean
check_header_length (const char   *display_name,
                     const guint8 *contents,
                     gsize         size,
                     guint64      *header_len,
                     GError      **error)
{
  if (size == 0)
    return set_corrupt (error, display_name, _("the file is empty"));
  if (size < 8)
    return set_corrupt (error, display_name,
                        ngettext ("the file is too short (%zu byte) to hold a "
                                  "header",
                                  "the file is too short (%zu bytes) to hold a "
                                  "header", plural_n (size)),
                        size);
  memcpy (header_len, contents, 8);
  *header_len = GUINT64_FROM_LE (*header_len);
  if (*header_len > MAX_HEADER_LEN)
    return set_corrupt (error, display_name,
                        _("its header length (%llu bytes) is implausible"),
                        (unsigned long long) *header_len);
  if (*header_len > size - 8)
    return set_corrupt (error, display_name,
                        _("its header length (%llu bytes) is larger than the "
                          "rest of the file (%zu bytes)"), (unsigned long long) *header_len,
                        size - 8);
  return TRUE;
}

static gboolean
parse (HtSafetensors *self,
       GError       **error)
{
  gsize size;
  const guint8 *contents = g_bytes_get_data (self->bytes, &size);
  const char *header;
  guint64 header_len, data_len;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) json_error = NULL;
  JsonNode *root;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;
  GHashTableIter titer;
  gpointer value;
  Scan sc = { 0 };
  gboolean strict;

  if (!check_header_length (self->display_name, contents, size, &header_len, error))
    return FALSE;
  header = (const char *) contents + 8;
  data_len = size - 8 - header_len;

  if (!g_utf8_validate_len (header, header_len, NULL))
    return set_corrupt (error, self->display_name, _("its header is not UTF-8 text"));
  sc.s = header;
  sc.len = header_len;
  strict = json_check_strict (&sc);
  if (!strict && sc.n_values > MAX_JSON_VALUES)
    return set_corrupt (error, self->display_name,
                        _("its header holds more than %d values"), MAX_JSON_VALUES);
  if (!strict)
    return set_corrupt (error, self->display_name,
                        _("its header is not valid JSON (%s at byte %zu)"),
                        sc.problem, sc.pos);
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, header, header_len, &json_error))
    return set_corrupt (error, self->display_name, _("its header is not valid JSON (%s)"),
                        json_error->message);
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return set_corrupt (error, self->display_name, _("its header is not a JSON object"));
  if (count_members (root) != sc.n_members)
    return set_corrupt (error, self->display_name, _("its header repeats a key"));

  json_object_iter_init (&iter, json_node_get_object (root));
  while (json_object_iter_next (&iter, &name, &node))
    {
      g_autofree Tensor *t = NULL;
      char *key;

      if (strcmp (name, METADATA_KEY) == 0)
        {
          if (!parse_metadata (self, node, error))
            return FALSE;
          continue;
        }
      t = g_new0 (Tensor, 1);
      if (!parse_entry (self, name, node, data_len, t, error))
        return FALSE;
      key = g_strdup (name);
      t->name = key;
      g_hash_table_insert (self->tensors, key, g_steal_pointer (&t));
    }
  if (!check_layout (self, data_len, error))
    return FALSE;

  g_hash_table_iter_init (&titer, self->tensors);
  while (g_hash_table_iter_next (&titer, NULL, &value))
    if (!place_data (self, value, contents + 8 + header_len, error))
      return FALSE;
  return TRUE;
}

HtSafetensors *
ht_safetensors_new_from_bytes (GBytes     *bytes,
                               const char *display_name,
                               GError    **error)
{
  g_autoptr(HtSafetensors) self = NULL;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (HtSafetensors, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->display_name = g_strdup (display_name);
  self->bytes = g_bytes_ref (bytes);
  self->tensors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, tensor_free);
  self->metadata = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (!parse (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* Checks the first bytes before reading the rest, so that a large file that is not a model
 * (a video picked by mistake) is rejected without reading it all. */
HtSafetensors *
ht_safetensors_load (GFile        *file,
                     GCancellable *cancellable,
                     GError      **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;
  g_autofree guint8 *buf = NULL;
  guint8 head[8];
  goffset file_size;
  guint64 header_len;
  gsize size, n_head = 0, n_rest = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_file_get_parse_name (file);
  if (!(stream = g_file_read (file, cancellable, error)))
    return NULL;
  if (!(info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                               cancellable, error)))
    return NULL;
  if (!g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE))
    {
      /* A stream of unknown size (some GVfs backends): read it all. */
      char *contents = NULL;

      if (!g_file_load_contents (file, cancellable, &contents, &size, NULL, error))
        return NULL;
      bytes = g_bytes_new_take (contents, size);
      return ht_safetensors_new_from_bytes (bytes, name, error);
    }
  file_size = g_file_info_get_size (info);
  if (file_size < 0 || (guint64) file_size > G_MAXSSIZE)
    {
      set_corrupt (error, name, _("the file is too large"));
      return NULL;
    }
  size = (gsize) file_size;
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), head, MIN (size, 8), &n_head,
                                cancellable, error))
    return NULL;
  if (!check_header_length (name, head, n_head == 8 ? size : n_head, &header_len, error))
    return NULL;

  buf = g_malloc (size);
  memcpy (buf, head, 8);
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), buf + 8, size - 8, &n_rest,
                                cancellable, error))
    return NULL;
  /* A file that shrank while being read is parsed as what was read: truncated. */
  bytes = g_bytes_new_take (g_steal_pointer (&buf), 8 + n_rest);
  return ht_safetensors_new_from_bytes (bytes, name, error);
}

HtSafetensors *
ht_safetensors_ref (HtSafetensors *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
ht_safetensors_unref (HtSafetensors *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_hash_table_unref (self->tensors);
  g_hash_table_unref (self->metadata);
  g_bytes_unref (self->bytes);
  g_free (self->display_name);
  g_free (self);
}

const char *
ht_safetensors_get_metadata (HtSafetensors *self,
                             const char    *key)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);
  return g_hash_table_lookup (self->metadata, key);
}

char **
ht_safetensors_list_tensors (HtSafetensors *self)
{
  g_autofree const char **keys = NULL;
  char **names;
  guint n;

  g_return_val_if_fail (self != NULL, NULL);
  keys = sorted_keys (self->tensors, &n);
  names = g_new (char *, n + 1);
  for (guint i = 0; i < n; i++)
    names[i] = g_strdup (keys[i]);
  names[n] = NULL;
  return names;
}

gboolean
ht_safetensors_has_tensor (HtSafetensors *self,
                           const char    *name)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  return g_hash_table_contains (self->tensors, name);
}

/* "[4, 3]"; a zero in `shape` (a wildcard) shows as "*" when `wildcards`. */
static char *
format_shape (const gsize *shape,
              guint        n_dims,
              gboolean     wildcards)
{
  GString *s = g_string_new ("[");

  for (guint i = 0; i < n_dims; i++)
    {
      if (i > 0)
        g_string_append (s, ", ");
      if (wildcards && shape[i] == 0)
        g_string_append_c (s, '*');
      else
        g_string_append_printf (s, "%zu", shape[i]);
    }
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

gconstpointer
ht_safetensors_get_tensor (HtSafetensors *self,
                           const char    *name,
                           HtDtype        dtype,
                           guint          n_dims,
                           gsize         *shape,
                           GError       **error)
{
  const Tensor *t;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (dtype_is_valid (dtype), NULL);
  g_return_val_if_fail (n_dims <= HT_SAFETENSORS_MAX_DIMS, NULL);
  g_return_val_if_fail (shape != NULL || n_dims == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  t = g_hash_table_lookup (self->tensors, name);
  if (t == NULL)
    {
      g_set_error (error, HT_ERROR, HT_ERROR_MODEL_CORRUPT,
                   /* Translators: the first %s is a file name, the second a tensor name */
                   _("The model file “%s” has no tensor “%s”"), self->display_name, name);
      return NULL;
    }
  if (t->dtype != dtype)
    {
      g_set_error (error, HT_ERROR, HT_ERROR_MODEL_CORRUPT,
                   /* Translators: "%s" are a tensor name, a file name, and two data types
                    * such as F32 or I64 */
                   _("Tensor “%s” in the model file “%s” is %s, not %s"),
                   name, self->display_name, dtypes[t->dtype].name, dtypes[dtype].name);
      return NULL;
    }
  if (t->n_dims != n_dims)
    {
      g_set_error (error, HT_ERROR, HT_ERROR_MODEL_CORRUPT,
                   _("Tensor “%s” in the model file “%s” has %u dimensions, not %u"),
                   name, self->display_name, t->n_dims, n_dims);
      return NULL;
    }
  for (guint i = 0; i < n_dims; i++)
    if (shape[i] != 0 && shape[i] != t->shape[i])
      {
        g_autofree char *have = format_shape (t->shape, n_dims, FALSE);
        g_autofree char *want = format_shape (shape, n_dims, TRUE);

        g_set_error (error, HT_ERROR, HT_ERROR_MODEL_CORRUPT,
                     /* Translators: the shapes look like [128, 64] */
                     _("Tensor “%s” in the model file “%s” has shape %s, not %s"),
                     name, self->display_name, have, want);
        return NULL;
      }
  if (n_dims > 0)
    memcpy (shape, t->shape, n_dims * sizeof (gsize));
  return t->data;
}

const float *
ht_safetensors_get_f32 (HtSafetensors *self,
                        const char    *name,
                        guint          n_dims,
                        gsize         *shape,
                        GError       **error)
{
  return ht_safetensors_get_tensor (self, name, HT_DTYPE_F32, n_dims, shape, error);
}

/* --- Writing ------------------------------------------------------------------------------- */

HtSafetensorsWriter *
ht_safetensors_writer_new (void)
{
  HtSafetensorsWriter *self = g_new0 (HtSafetensorsWriter, 1);

  self->tensors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, writer_tensor_free);
  self->metadata = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

void
ht_safetensors_writer_free (HtSafetensorsWriter *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->tensors);
  g_hash_table_unref (self->metadata);
  g_free (self);
}

void
ht_safetensors_writer_set_metadata (HtSafetensorsWriter *self,
                                    const char          *key,
                                    const char          *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (key != NULL && g_utf8_validate (key, -1, NULL));
  g_return_if_fail (value != NULL && g_utf8_validate (value, -1, NULL));
  g_hash_table_insert (self->metadata, g_strdup (key), g_strdup (value));
}

void
ht_safetensors_writer_add (HtSafetensorsWriter *self,
                           const char          *name,
                           HtDtype              dtype,
                           guint                n_dims,
                           const gsize         *shape,
                           gconstpointer        data)
{
  WriterTensor *t;
  gsize n_bytes;

  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL && g_utf8_validate (name, -1, NULL));
  g_return_if_fail (strcmp (name, METADATA_KEY) != 0);
  g_return_if_fail (dtype_is_valid (dtype));
  g_return_if_fail (n_dims <= HT_SAFETENSORS_MAX_DIMS);
  g_return_if_fail (shape != NULL || n_dims == 0);

  n_bytes = dtypes[dtype].size;
  for (guint i = 0; i < n_dims; i++)
    if (!g_size_checked_mul (&n_bytes, n_bytes, shape[i]))
      {
        g_critical ("%s: tensor “%s” is too large", G_STRFUNC, name);
        return;
      }
  g_return_if_fail (data != NULL || n_bytes == 0);

  t = g_new0 (WriterTensor, 1);
  t->dtype = dtype;
  t->n_dims = n_dims;
  if (n_dims > 0)
    memcpy (t->shape, shape, n_dims * sizeof (gsize));
  if (G_BYTE_ORDER == G_BIG_ENDIAN && dtypes[dtype].size > 1)
    {
      gpointer le = g_memdup2 (data, n_bytes);
      swap_bytes (le, n_bytes / dtypes[dtype].size, dtypes[dtype].size);
      t->data = g_bytes_new_take (le, n_bytes);
    }
  else
    t->data = g_bytes_new (data, n_bytes);
  g_hash_table_insert (self->tensors, g_strdup (name), t);
}

/* As Python's json.dumps (ensure_ascii=False) does it, so that the output can be compared
 * byte for byte with an independent writer. */
static void
append_json_string (GString    *out,
                    const char *s)
{
  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) s; *p != '\0'; p++)
    switch (*p)
      {
      case '"': g_string_append (out, "\\\""); break;
      case '\\': g_string_append (out, "\\\\"); break;
      case '\n': g_string_append (out, "\\n"); break;
      case '\r': g_string_append (out, "\\r"); break;
      case '\t': g_string_append (out, "\\t"); break;
      case '\b': g_string_append (out, "\\b"); break;
      case '\f': g_string_append (out, "\\f"); break;
      default:
        if (*p < 0x20)
          g_string_append_printf (out, "\\u%04x", *p);
        else
          g_string_append_c (out, (char) *p);
      }
  g_string_append_c (out, '"');
}

GBytes *
ht_safetensors_writer_to_bytes (HtSafetensorsWriter *self)
{
  g_autofree const char **names = NULL;
  g_autofree const char **keys = NULL;
  GString *out;
  guint n_names, n_keys;
  guint64 offset = 0, header_len;

  g_return_val_if_fail (self != NULL, NULL);

  /* Compact JSON: metadata first with sorted keys, then the tensors in name order. */
  out = g_string_new (NULL);
  g_string_append_len (out, "\0\0\0\0\0\0\0\0", 8);     /* the length, filled in below */
  g_string_append_c (out, '{');
  keys = sorted_keys (self->metadata, &n_keys);
  if (n_keys > 0)
    {
      g_string_append (out, "\"" METADATA_KEY "\":{");
      for (guint i = 0; i < n_keys; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          append_json_string (out, keys[i]);
          g_string_append_c (out, ':');
          append_json_string (out, g_hash_table_lookup (self->metadata, keys[i]));
        }
      g_string_append_c (out, '}');
    }
  names = sorted_keys (self->tensors, &n_names);
  for (guint i = 0; i < n_names; i++)
    {
      const WriterTensor *t = g_hash_table_lookup (self->tensors, names[i]);
      gsize n_bytes = g_bytes_get_size (t->data);

      if (i > 0 || n_keys > 0)
        g_string_append_c (out, ',');
      append_json_string (out, names[i]);
      g_string_append_printf (out, ":{\"dtype\":\"%s\",\"shape\":[", dtypes[t->dtype].name);
      for (guint d = 0; d < t->n_dims; d++)
        g_string_append_printf (out, d > 0 ? ",%zu" : "%zu",
                                t->shape[d]);
      g_string_append_printf (out, "],\"data_offsets\":[%llu,%llu]}",
                              (unsigned long long) offset, (unsigned long long) (offset + n_bytes));
      offset += n_bytes;
    }
  g_string_append_c (out, '}');
  /* Spaces up to a multiple of 8, as the reference implementation pads. */
  while ((out->len - 8) % 8 != 0)
    g_string_append_c (out, ' ');
  header_len = GUINT64_TO_LE ((guint64) (out->len - 8));
  memcpy (out->str, &header_len, 8);

  for (guint i = 0; i < n_names; i++)
    {
      const WriterTensor *t = g_hash_table_lookup (self->tensors, names[i]);
      gsize n_bytes;
      const char *data = g_bytes_get_data (t->data, &n_bytes);

      g_string_append_len (out, data, n_bytes);
    }
  return g_string_free_to_bytes (out);
}

/* The first F32 tensor with a NaN or an infinity, or NULL: the reader would reject the file. */
static const char *
find_non_finite (HtSafetensorsWriter *self)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->tensors);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const WriterTensor *t = value;
      gsize n_bytes;
      const guint8 *data = g_bytes_get_data (t->data, &n_bytes);

      if (t->dtype != HT_DTYPE_F32)
        continue;
      for (gsize i = 0; i < n_bytes; i += 4)
        {
          guint32 bits;
          memcpy (&bits, data + i, 4);
          if ((GUINT32_FROM_LE (bits) & 0x7f800000u) == 0x7f800000u)   /* exponent all ones */
            return key;
        }
    }
  return NULL;
}

gboolean
ht_safetensors_writer_save (HtSafetensorsWriter *self,
                            GFile               *file,
                            GCancellable        *cancellable,
                            GError             **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;
  const char *bad;
  gsize len;
  const guint8 *data;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = g_file_get_parse_name (file);
  if ((bad = find_non_finite (self)) != NULL)
    {
      g_set_error (error, HT_ERROR, HT_ERROR_INVALID_ARGUMENT,
                   /* Translators: the first %s is a tensor name, the second a file name */
                   _("Tensor “%s” contains NaN or infinite values; “%s” was not saved"),
                   bad, name);
      return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  bytes = ht_safetensors_writer_to_bytes (self);
  data = g_bytes_get_data (bytes, &len);
  return ht_atomic_file_write (file, data, len, cancellable, error);
}
