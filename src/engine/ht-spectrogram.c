/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-spectrogram"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "ht-error.h"
#include "ht-spectrogram.h"
#include "ht-spectrogram-private.h"
#include "htc-stft.h"

struct _HtSpectrogram
{
  gatomicrefcount   ref_count;
  HtcSpectroParams  params;
  HtcSpectro       *axis;        /* kept for band <-> Hz; never fed */
  guint             n_bands;
  guint             n_columns;
  guint             pooling;
  float            *values;      /* band-major dB */
  float             max_db;
  float             min_db;
  double            start_time;
  double            frame_seconds;
  guint             n_parts;     /* decodes it was built from (tests) */
};

void
ht_spectrogram_options_init (HtSpectrogramOptions *options)
{
  g_return_if_fail (options != NULL);
  options->clip = (HtClipRequest) { 30.0, 75.0, TRUE };
  options->scale = HTC_SCALE_MEL;
  options->max_columns = 4096;
  options->top_db = 80.0f;
  options->split_hint = 0;
  options->shared_clip = NULL;
}

/* Accumulates frames column-major, max-pooling pairs of columns whenever it holds twice the
 * limit, so memory stays bounded whatever the track's length. Max commutes with the dB
 * conversion (monotonic), so pooling power then converting equals converting then pooling.
 * Invariant: every finished column covers `pooling` frames; the open one fewer. */
typedef struct
{
  guint   n_bands;
  guint   max_columns;
  guint   pooling;
  GArray *columns;      /* finished columns, column-major */
  float  *open;         /* the column being filled */
  guint   in_open;      /* frames in it */
} Builder;

static void
builder_init (Builder *b,
              guint    n_bands,
              guint    max_columns)
{
  b->n_bands = n_bands;
  b->max_columns = max_columns;
  b->pooling = 1;
  b->columns = g_array_new (FALSE, FALSE, sizeof (float));
  b->open = g_new (float, n_bands);
  b->in_open = 0;
}

static void
builder_clear (Builder *b)
{
  g_clear_pointer (&b->columns, g_array_unref);
  g_clear_pointer (&b->open, g_free);
}

static guint
builder_n_columns (const Builder *b)
{
  return b->columns->len / b->n_bands;
}

/* Merges finished columns pairwise; an odd last one stays, as a shorter final column. */
static void
builder_halve (Builder *b)
{
  guint n = builder_n_columns (b), out = 0;
  float *data = (float *) (gpointer) b->columns->data;

  for (guint c = 0; c < n; c += 2, out++)
    {
      float *dst = data + (gsize) out * b->n_bands;
      const float *x = data + (gsize) c * b->n_bands;
      const float *y = c + 1 < n ? x + b->n_bands : x;
      for (guint k = 0; k < b->n_bands; k++)
        dst[k] = MAX (x[k], y[k]);
    }
  g_array_set_size (b->columns, out * b->n_bands);
  b->pooling *= 2;
}

static void
builder_add_frame (const float *frame,
                   size_t       n_bands,
                   void        *user_data)
{
  Builder *b = user_data;

  if (b->in_open == 0)
    memcpy (b->open, frame, n_bands * sizeof (float));
  else
    for (size_t k = 0; k < n_bands; k++)
      b->open[k] = MAX (b->open[k], frame[k]);
  if (++b->in_open < b->pooling)
    return;
  g_array_append_vals (b->columns, b->open, b->n_bands);
  b->in_open = 0;
  /* An even count of full columns: halving keeps the invariant. */
  if (b->max_columns > 0 && builder_n_columns (b) >= 2 * b->max_columns)
    builder_halve (b);
}

static HtSpectrogram *
builder_finish (Builder                    *b,
                const HtcSpectroParams     *params,
                const HtSpectrogramOptions *options,
                double                      start_time,
                GError                    **error)
{
  HtSpectrogram *self;
  guint n_cols;
  const float *cols;
  HtcStatus status;

  if (b->in_open > 0)   /* the last, shorter column */
    {
      g_array_append_vals (b->columns, b->open, b->n_bands);
      b->in_open = 0;
    }
  while (b->max_columns > 0 && builder_n_columns (b) > b->max_columns)
    builder_halve (b);
  n_cols = builder_n_columns (b);
  cols = (const float *) (gpointer) b->columns->data;

  self = g_new0 (HtSpectrogram, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->params = *params;
  if ((status = htc_spectro_new (params, &self->axis)) != HTC_OK)
    {
      ht_error_check_status (status, NULL, error);
      g_free (self);
      return NULL;
    }
  self->n_bands = b->n_bands;
  self->n_columns = n_cols;
  self->pooling = b->pooling;
  self->start_time = start_time;
  self->frame_seconds = (double) params->hop / params->sample_rate;
  self->values = g_new (float, (gsize) n_cols * b->n_bands);
  for (guint c = 0; c < n_cols; c++)
    for (guint k = 0; k < b->n_bands; k++)
      self->values[(gsize) k * n_cols + c] = cols[(gsize) c * b->n_bands + k];
  self->max_db = htc_power_to_db (self->values, (gsize) n_cols * b->n_bands, 1e-10f, 1.0f,
                                  options->top_db);
  self->min_db = options->top_db > 0 ? self->max_db - options->top_db : -100.0f;
  builder_clear (b);
  return self;
}

/* Decoding runs on the calling thread and the STFT on a worker, joined by a bounded queue of
 * sample chunks: on two cores the analysis then costs little more than decoding alone. */
#define QUEUE_MAX_CHUNKS 32
/* Samples gathered before they go to the STFT thread: decoders hand over ~600 samples at a
 * time (one MP3 frame), and passing each on woke the STFT thread 9,000 times for 4 minutes. */
#define CHUNK_SAMPLES    16384

/* Progress of a decode split in parts, each reporting from its own thread. */
typedef struct
{
  GMutex         lock;
  HtProgressFunc func;
  gpointer       data;
  double         done[2];
  double         weight[2];
  double         reported;     /* never goes back, even when a split decode starts over */
} Progress;

typedef struct
{
  HtcSpectro    *spectro;
  Builder        builder;
  Progress      *progress;
  guint          part;         /* which of progress->done is this decode's */
  gsize          frames_seen;  /* frames the STFT gave */
  gsize          first_frame;  /* frames before it are dropped (a part's lead-in) */
  gsize          end_frame;    /* frames from it on are dropped (G_MAXSIZE: none) */
  HtcStatus      status;       /* written by the worker; read after join */
  GMutex         lock;
  GCond          cond;
  GQueue         chunks;       /* GBytes of floats; an empty GBytes ends the stream */
  gboolean       failed;       /* the worker hit an error: the decoder should stop */
  GArray        *gathering;    /* floats not yet handed to the worker (decoder's thread) */
  HtSharedClip  *shared_clip;  /* offered samples [position, shared_end) of the track */
  gsize          position;     /* track sample of the next decoded sample */
  gsize          shared_end;
} Compute;

static void
add_frame_in_range (const float *frame,
                    size_t       n_bands,
                    void        *user_data)
{
  Compute *c = user_data;
  gsize index = c->frames_seen++;

  if (index >= c->first_frame && index < c->end_frame)
    builder_add_frame (frame, n_bands, &c->builder);
}

static gpointer
analysis_worker (gpointer user_data)
{
  Compute *c = user_data;

  for (;;)
    {
      GBytes *chunk;
      gsize size;
      const float *samples;

      g_mutex_lock (&c->lock);
      while (g_queue_is_empty (&c->chunks))
        g_cond_wait (&c->cond, &c->lock);
      chunk = g_queue_pop_head (&c->chunks);
      g_cond_broadcast (&c->cond);
      g_mutex_unlock (&c->lock);

      samples = g_bytes_get_data (chunk, &size);
      if (size == 0)
        {
          g_bytes_unref (chunk);
          break;
        }
      if (c->status == HTC_OK)
        c->status = htc_spectro_push (c->spectro, samples, size / sizeof (float),
                                      add_frame_in_range, c);
      if (c->status != HTC_OK)
        {
          g_mutex_lock (&c->lock);
          c->failed = TRUE;
          g_mutex_unlock (&c->lock);
        }
      g_bytes_unref (chunk);
    }
  if (c->status == HTC_OK)
    c->status = htc_spectro_finish (c->spectro, add_frame_in_range, c);
  return NULL;
}

static void
enqueue (Compute *c,
         GBytes  *chunk)
{
  g_mutex_lock (&c->lock);
  while (g_queue_get_length (&c->chunks) >= QUEUE_MAX_CHUNKS)
    g_cond_wait (&c->cond, &c->lock);
  g_queue_push_tail (&c->chunks, chunk);
  g_cond_broadcast (&c->cond);
  g_mutex_unlock (&c->lock);
}

/* Hands what was gathered to the STFT thread; `more` starts a new gathering. */
static void
flush_gathered (Compute  *c,
                gboolean  more)
{
  gsize n = c->gathering->len;

  if (n > 0)
    enqueue (c, g_bytes_new_take (g_array_free (g_steal_pointer (&c->gathering), FALSE),
                                  n * sizeof (float)));
  else
    g_clear_pointer (&c->gathering, g_array_unref);
  if (more)
    c->gathering = g_array_sized_new (FALSE, FALSE, sizeof (float), CHUNK_SAMPLES + 4096);
}

static gboolean
on_samples_cb (const float *samples,
               gsize        n_samples,
               gpointer     user_data)
{
  Compute *c = user_data;
  gboolean failed;

  if (c->shared_clip != NULL && c->position < c->shared_end)
    ht_shared_clip_offer (c->shared_clip, c->position, samples,
                          MIN (n_samples, c->shared_end - c->position));
  c->position += n_samples;
  g_array_append_vals (c->gathering, samples, n_samples);
  if (c->gathering->len >= CHUNK_SAMPLES)
    flush_gathered (c, TRUE);
  g_mutex_lock (&c->lock);
  failed = c->failed;
  g_mutex_unlock (&c->lock);
  return !failed;
}

static void
on_progress_cb (double   fraction,
                gpointer user_data)
{
  Compute *c = user_data;
  Progress *p = c->progress;
  double total = 0;

  if (p == NULL || p->func == NULL)
    return;
  g_mutex_lock (&p->lock);
  p->done[c->part] = fraction;
  for (guint i = 0; i < G_N_ELEMENTS (p->done); i++)
    total += p->done[i] * p->weight[i];
  p->reported = MAX (p->reported, MIN (total, 1.0));
  p->func (p->reported, p->data);
  g_mutex_unlock (&p->lock);
}

static void
params_for (const HtSpectrogramOptions *options,
            HtcSpectroParams           *params)
{
  htc_spectro_params_init_default (params);
  params->scale = options->scale;
}

/* Decodes `request` of `file` into c->builder, keeping frames [first_frame, end_frame) of what
 * the STFT gives: decoding on this thread, the STFT on a worker. */
static gboolean
decode_part (GFile               *file,
             const HtClipRequest *request,
             Compute             *c,
             HtDecodeInfo        *info,
             GCancellable        *cancellable,
             GError             **error)
{
  GThread *worker;
  gboolean decoded;

  g_mutex_init (&c->lock);
  g_cond_init (&c->cond);
  g_queue_init (&c->chunks);
  c->gathering = g_array_sized_new (FALSE, FALSE, sizeof (float), CHUNK_SAMPLES + 4096);
  worker = g_thread_new ("ht-spectrogram", analysis_worker, c);
  decoded = ht_audio_decode (file, request, on_samples_cb, on_progress_cb, c, info, cancellable,
                             error);
  flush_gathered (c, FALSE);
  enqueue (c, g_bytes_new (NULL, 0));   /* end of stream, whatever happened */
  g_thread_join (worker);
  g_queue_clear_full (&c->chunks, (GDestroyNotify) g_bytes_unref);
  g_mutex_clear (&c->lock);
  g_cond_clear (&c->cond);
  if (c->status != HTC_OK)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      /* The STFT failing is why the decode stopped, if it did: say that. */
      g_clear_error (error);
      ht_error_check_status (c->status, name, error);
      return FALSE;
    }
  return decoded;
}

static gboolean
compute_init (Compute                    *c,
              const HtcSpectroParams     *params,
              const HtSpectrogramOptions *options,
              Progress                   *progress,
              guint                       part,
              GError                    **error)
{
  memset (c, 0, sizeof *c);
  if (!ht_error_check_status (htc_spectro_new (params, &c->spectro), NULL, error))
    return FALSE;
  builder_init (&c->builder, (guint) htc_spectro_n_bands (c->spectro), options->max_columns);
  c->progress = progress;
  c->part = part;
  c->end_frame = G_MAXSIZE;
  return TRUE;
}

static void
compute_clear (Compute *c)
{
  builder_clear (&c->builder);
  g_clear_pointer (&c->spectro, htc_spectro_free);
}

/* Appends `tail` (frames that follow `head`'s, head ending on a whole column) to `head`, at
 * the coarser of their two poolings. Halving pairs columns from the start, and head holds a
 * multiple of every pooling in play, so the result is the one a single pass gives. */
static void
builder_append (Builder *head,
                Builder *tail)
{
  if (tail->in_open > 0)
    {
      g_array_append_vals (tail->columns, tail->open, tail->n_bands);
      tail->in_open = 0;
    }
  while (head->pooling < tail->pooling)
    builder_halve (head);
  while (tail->pooling < head->pooling)
    builder_halve (tail);
  g_array_append_vals (head->columns, tail->columns->data, tail->columns->len);
}

/* A part's length in frames that every pooling up to this divides (24 s at the defaults):
 * the first half ends on a whole column whatever the pooling. */
#define SPLIT_ALIGN_FRAMES 1024
/* Shorter tracks are quick anyway; two pipelines would cost more than they save. */
#define SPLIT_MIN_SECONDS 60.0

typedef struct
{
  GFile        *file;
  HtClipRequest request;
  Compute      *compute;
  HtDecodeInfo  info;
  GCancellable *cancellable;
  GError       *error;
  gboolean      ok;
} Part;

static gpointer
part_thread (gpointer data)
{
  Part *part = data;

  part->ok = decode_part (part->file, &part->request, part->compute, &part->info,
                          part->cancellable, &part->error);
  return NULL;
}

/* The whole track in two halves decoded at once. The second starts a few hops early so that
 * its first kept frame sees the same samples as in one pass; the first stops half a window
 * past its last kept frame. FALSE with no error: the halves did not meet (the length hint
 * was wrong): the caller decodes in one pass. */
static gboolean
compute_split (GFile                      *file,
               const HtSpectrogramOptions *options,
               const HtcSpectroParams     *params,
               Progress                   *progress,
               Builder                    *out,
               HtDecodeInfo               *info,
               GCancellable               *cancellable,
               GError                    **error)
{
  const double rate = params->sample_rate;
  const gsize hop = params->hop;
  const gsize lead = (params->n_fft / 2 + hop - 1) / hop;   /* frames of lead-in */
  gsize total = (gsize) (options->split_hint * rate / hop);
  gsize split = total / 2 / SPLIT_ALIGN_FRAMES * SPLIT_ALIGN_FRAMES;
  gsize head_end;
  Compute head, tail;
  Part second = { 0 };
  GThread *thread;
  gboolean ok = FALSE;

  if (split < MAX (lead, SPLIT_ALIGN_FRAMES))
    return FALSE;
  if (!compute_init (&head, params, options, progress, 0, error))
    return FALSE;
  if (!compute_init (&tail, params, options, progress, 1, error))
    {
      compute_clear (&head);
      return FALSE;
    }
  head.end_frame = split;
  /* The first half offers the shared clip what it decodes up to the split, and decodes on
   * to the clip's end when the clip starts before the split: a window cut in two would
   * otherwise be decoded again whole. (Frames past the split are dropped all the same.) */
  head_end = split * hop + params->n_fft / 2;
  if (options->shared_clip != NULL)
    {
      gsize clip_first, clip_end;

      ht_shared_clip_get_span (options->shared_clip, &clip_first, &clip_end);
      head.shared_clip = options->shared_clip;
      head.shared_end = split * hop;
      if (clip_first < split * hop)
        {
          head.shared_end = MAX (head.shared_end, clip_end);
          head_end = MAX (head_end, clip_end);
        }
    }
  tail.first_frame = lead;
  progress->weight[0] = 0.5;
  progress->weight[1] = 0.5;

  second.file = file;
  second.request = (HtClipRequest) { (double) ((split - lead) * hop) / rate, INFINITY, FALSE,
                                     TRUE };
  second.compute = &tail;
  second.cancellable = cancellable;
  thread = g_thread_new ("ht-spectrogram-part", part_thread, &second);
  {
    HtClipRequest first = { 0, (double) head_end / rate, FALSE, TRUE };

    ok = decode_part (file, &first, &head, info, cancellable, error);
  }
  g_thread_join (thread);

  if (ok && !second.ok)
    {
      ok = FALSE;
      if (g_error_matches (second.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&second.error));
    }
  /* Both halves whole and meeting: the first gave every frame before the split. */
  if (ok && (head.frames_seen < split || head.builder.in_open != 0
             || tail.frames_seen <= tail.first_frame))
    ok = FALSE;
  if (ok)
    {
      builder_append (&head.builder, &tail.builder);
      *out = head.builder;
      head.builder = (Builder) { 0 };
      info->clip_kind = HT_CLIP_FULL;
      info->clip_start = 0;
      info->clip_end = second.info.clip_end;
      info->duration = second.info.clip_end;
      info->n_samples = (gsize) ((split - lead) * hop) + second.info.n_samples;
    }
  g_clear_error (&second.error);
  ht_decode_info_clear (&second.info);
  compute_clear (&head);
  compute_clear (&tail);
  return ok;
}

HtSpectrogram *
ht_spectrogram_compute (GFile                      *file,
                        const HtSpectrogramOptions *options,
                        HtProgressFunc              progress,
                        gpointer                    progress_data,
                        HtDecodeInfo               *info,
                        GCancellable               *cancellable,
                        GError                    **error)
{
  HtSpectrogramOptions defaults;
  HtDecodeInfo local_info = { 0 };
  HtcSpectroParams params;
  HtSpectrogram *self = NULL;
  Progress shared = { 0 };
  Builder split = { 0 };
  g_autoptr(GError) split_error = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  if (options == NULL)
    {
      ht_spectrogram_options_init (&defaults);
      options = &defaults;
    }
  if (info == NULL)
    info = &local_info;
  params_for (options, &params);
  g_mutex_init (&shared.lock);
  shared.func = progress;
  shared.data = progress_data;

  if (options->clip.full && options->split_hint >= SPLIT_MIN_SECONDS)
    {
      if (compute_split (file, options, &params, &shared, &split, info, cancellable,
                         &split_error))
        {
          self = builder_finish (&split, &params, options, 0, error);
          if (self != NULL)
            self->n_parts = 2;
        }
      else if (g_error_matches (split_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&split_error));
      builder_clear (&split);
      if (self != NULL || (error != NULL && *error != NULL))
        goto out;
      /* Whatever went wrong in halves is said, if it is real, by the single pass below. */
      ht_decode_info_clear (info);
    }
  {
    Compute c;

    shared.done[0] = shared.done[1] = 0;
    shared.weight[0] = 1;
    shared.weight[1] = 0;
    if (compute_init (&c, &params, options, &shared, 0, error))
      {
        if (options->clip.full)
          {
            c.shared_clip = options->shared_clip;
            c.shared_end = G_MAXSIZE;
          }
        if (decode_part (file, &options->clip, &c, info, cancellable, error))
          self = builder_finish (&c.builder, &params, options, info->clip_start, error);
        compute_clear (&c);
      }
  }
out:
  /* (Decoders' last report may fall short of the end: a codec frame, a resampler's tail.) */
  if (self != NULL && progress != NULL && shared.reported < 1.0)
    progress (1.0, progress_data);
  g_mutex_clear (&shared.lock);
  ht_decode_info_clear (&local_info);
  return self;
}

HtSpectrogram *
ht_spectrogram_new_from_samples (const float                *samples,
                                 gsize                       n_samples,
                                 double                      start_time,
                                 const HtSpectrogramOptions *options,
                                 GError                    **error)
{
  HtSpectrogramOptions defaults;
  HtcSpectroParams params;
  HtSpectrogram *self = NULL;
  Compute c;

  if (options == NULL)
    {
      ht_spectrogram_options_init (&defaults);
      options = &defaults;
    }
  params_for (options, &params);
  if (!compute_init (&c, &params, options, NULL, 0, error))
    return NULL;
  /* In memory already: no decoder to overlap with, so no worker thread. */
  c.status = htc_spectro_push (c.spectro, samples, n_samples, add_frame_in_range, &c);
  if (c.status == HTC_OK)
    c.status = htc_spectro_finish (c.spectro, add_frame_in_range, &c);
  if (ht_error_check_status (c.status, NULL, error))
    self = builder_finish (&c.builder, &params, options, start_time, error);
  compute_clear (&c);
  return self;
}

HtSpectrogram *
ht_spectrogram_ref (HtSpectrogram *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
ht_spectrogram_unref (HtSpectrogram *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  htc_spectro_free (self->axis);
  g_free (self->values);
  g_free (self);
}

guint ht_spectrogram_get_n_bands (HtSpectrogram *self) { return self->n_bands; }
guint ht_spectrogram_get_n_columns (HtSpectrogram *self) { return self->n_columns; }
guint ht_spectrogram_get_pooling (HtSpectrogram *self) { return self->pooling; }
HtcFreqScale ht_spectrogram_get_scale (HtSpectrogram *self) { return self->params.scale; }
const float *ht_spectrogram_get_values (HtSpectrogram *self) { return self->values; }
float ht_spectrogram_get_max_db (HtSpectrogram *self) { return self->max_db; }
float ht_spectrogram_get_min_db (HtSpectrogram *self) { return self->min_db; }
double ht_spectrogram_get_start_time (HtSpectrogram *self) { return self->start_time; }
guint _ht_spectrogram_get_n_parts (HtSpectrogram *self) { return MAX (self->n_parts, 1); }

double
ht_spectrogram_get_duration (HtSpectrogram *self)
{
  return (double) self->n_columns * self->pooling * self->frame_seconds;
}

double
ht_spectrogram_column_to_time (HtSpectrogram *self,
                               double         column)
{
  /* Column c pools frames [c*p, (c+1)*p); frame f is centred at f * hop / rate. */
  return self->start_time + (column + 0.5) * self->pooling * self->frame_seconds
         - 0.5 * self->frame_seconds;
}

double
ht_spectrogram_time_to_column (HtSpectrogram *self,
                               double         seconds)
{
  return (seconds - self->start_time + 0.5 * self->frame_seconds)
         / (self->pooling * self->frame_seconds) - 0.5;
}

double
ht_spectrogram_band_to_hz (HtSpectrogram *self,
                           double         band)
{
  /* Interpolate between band centres; a fractional band maps monotonically. */
  double lo = floor (band), frac = band - lo;
  double a, b;

  if (band <= 0)
    return htc_spectro_band_hz (self->axis, 0);
  if (band >= self->n_bands - 1)
    return htc_spectro_band_hz (self->axis, self->n_bands - 1);
  a = htc_spectro_band_hz (self->axis, (size_t) lo);
  b = htc_spectro_band_hz (self->axis, (size_t) lo + 1);
  return a + (b - a) * frac;
}

double
ht_spectrogram_hz_to_band (HtSpectrogram *self,
                           double         hz)
{
  return htc_spectro_hz_to_band (self->axis, hz);
}

float
ht_spectrogram_db_at (HtSpectrogram *self,
                      double         seconds,
                      double         hz)
{
  double col = ht_spectrogram_time_to_column (self, seconds);
  double band = ht_spectrogram_hz_to_band (self, hz);
  long c = lround (col), k = lround (band);

  if (c < 0 || k < 0 || c >= (long) self->n_columns || k >= (long) self->n_bands)
    return NAN;
  return self->values[(gsize) k * self->n_columns + (gsize) c];
}
