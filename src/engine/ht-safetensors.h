/* ht-safetensors.h: the safetensors container, shared by the lyrics and audio models.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Format (https://github.com/huggingface/safetensors): an 8-byte little-endian header length N,
 * N bytes of JSON ({"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, ...,
 * "__metadata__": {"key": "string value", ...}}), then the raw little-endian tensor bytes, with
 * offsets relative to the end of the header. Metadata values are strings; structured metadata
 * (training summaries, metrics) is stored as a JSON document inside a string.
 *
 * The reader trusts nothing: every length, offset, shape and dtype is checked, tensors may not
 * overlap or run past the end, and float tensors must be finite. Any failure is a
 * HT_ERROR_MODEL_CORRUPT error that names the file and says what is wrong.
 *
 * Details: the header must be strict JSON (RFC 8259, no duplicate keys, nesting of at most 16,
 * at most 100 MB); as in the reference implementation, the tensors must tile the data section
 * exactly (no gap, no overlap, nothing after the last one). All checks, the NaN/Inf scan of
 * every F32 tensor included, run at load, so a loaded object is immutable and may be shared
 * between threads. Misaligned tensors are copied once, at load.
 *
 * The writer's output is canonical: compact JSON, "__metadata__" first with sorted keys, then
 * the tensors in name order (strcmp), stored contiguously in that order; the header is padded
 * with spaces to a multiple of 8 bytes (tools/make-safetensors-golden.py writes the same bytes).
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  HT_DTYPE_F32,
  HT_DTYPE_I32,
  HT_DTYPE_I64,
  HT_DTYPE_U8,
} HtDtype;

#define HT_SAFETENSORS_MAX_DIMS 8

typedef struct _HtSafetensors HtSafetensors;

/* Reading. `display_name` is used in error messages (a file name). load() passes G_IO_ERROR
 * through (not found, permission, cancelled) and names files by their parse name. */
HtSafetensors *ht_safetensors_new_from_bytes (GBytes        *bytes,
                                              const char    *display_name,
                                              GError       **error);
HtSafetensors *ht_safetensors_load           (GFile         *file,
                                              GCancellable  *cancellable,
                                              GError       **error);
HtSafetensors *ht_safetensors_ref            (HtSafetensors *self);
void           ht_safetensors_unref          (HtSafetensors *self);

/* NULL if absent. */
const char    *ht_safetensors_get_metadata   (HtSafetensors *self,
                                              const char    *key);
/* Sorted tensor names, NULL-terminated; free with g_strfreev. */
char         **ht_safetensors_list_tensors   (HtSafetensors *self);
gboolean       ht_safetensors_has_tensor     (HtSafetensors *self,
                                              const char    *name);

/* Looks up a tensor and checks it: present, of this dtype, of rank n_dims; when `shape` holds
 * non-zero entries on input they must match, and on return `shape` holds the real shape.
 * The returned data is aligned for its type and lives as long as `self`. `shape` may be NULL
 * when n_dims is 0. Failures are HT_ERROR_MODEL_CORRUPT naming the tensor and the file. */
gconstpointer  ht_safetensors_get_tensor     (HtSafetensors *self,
                                              const char    *name,
                                              HtDtype        dtype,
                                              guint          n_dims,
                                              gsize         *shape,
                                              GError       **error);
/* Shorthand for F32 tensors. */
const float   *ht_safetensors_get_f32        (HtSafetensors *self,
                                              const char    *name,
                                              guint          n_dims,
                                              gsize         *shape,
                                              GError       **error);

/* Writing. Tensors are copied when added (a name added again is replaced); save() is atomic
 * (temporary file in the same directory, fsync, rename) and refuses, with
 * HT_ERROR_INVALID_ARGUMENT, F32 tensors holding NaN or Inf, which the reader would reject;
 * to_bytes() writes whatever it was given. */
typedef struct _HtSafetensorsWriter HtSafetensorsWriter;

HtSafetensorsWriter *ht_safetensors_writer_new          (void);
void                 ht_safetensors_writer_free         (HtSafetensorsWriter *self);
void                 ht_safetensors_writer_set_metadata (HtSafetensorsWriter *self,
                                                         const char          *key,
                                                         const char          *value);
void                 ht_safetensors_writer_add          (HtSafetensorsWriter *self,
                                                         const char          *name,
                                                         HtDtype              dtype,
                                                         guint                n_dims,
                                                         const gsize         *shape,
                                                         gconstpointer        data);
GBytes              *ht_safetensors_writer_to_bytes     (HtSafetensorsWriter *self);
gboolean             ht_safetensors_writer_save         (HtSafetensorsWriter *self,
                                                         GFile               *file,
                                                         GCancellable        *cancellable,
                                                         GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtSafetensors, ht_safetensors_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtSafetensorsWriter, ht_safetensors_writer_free)

G_END_DECLS
