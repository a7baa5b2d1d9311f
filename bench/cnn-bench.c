/* cnn-bench: timings of the C CNN for bench/ scripts. Not a test; prints JSON lines.
 *
 *   cnn-bench infer N_PATCHES [REPS]        median ms to predict N patches (eval mode)
 *   cnn-bench train DIR EPOCHS BATCH SEED   trains on DIR/{x,y,xval,yval}.npy (float32; x is
 *                                           [n][128][128] mel dB, y the class as a float) with the
 *                                           same schedule as bench/train_torch.py
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "htc-cnn.h"
#include "htc-cnn-train.h"

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

/* The default architecture, or the widths in $CNN_CHANNELS ("32,64,128,128"). */
static void
bench_config (HtcCnnConfig *config)
{
  htc_cnn_config_init_default (config);
  if (g_getenv ("CNN_CHANNELS") != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (g_getenv ("CNN_CHANNELS"), ",", -1);
      config->n_blocks = g_strv_length (parts);
      for (gsize i = 0; i < config->n_blocks; i++)
        config->channels[i] = g_ascii_strtoull (parts[i], NULL, 10);
    }
}

static float *
load_npy (const char *path, gsize *n_out, gsize *row_out)
{
  g_autofree char *contents = NULL;
  gsize len = 0, header_len, n = 1, row = 1, dims = 0;
  const char *shape;
  float *data;

  if (!g_file_get_contents (path, &contents, &len, NULL) || len < 10
      || memcmp (contents, "\x93NUMPY", 6) != 0)
    g_error ("cannot read %s", path);
  header_len = (guchar) contents[8] | ((guchar) contents[9] << 8);
  if (strstr (contents + 10, "'<f4'") == NULL)
    g_error ("%s: not float32", path);
  shape = strstr (contents + 10, "'shape': (") + strlen ("'shape': (");
  while (g_ascii_isdigit (*shape))
    {
      gsize d = g_ascii_strtoull (shape, (char **) &shape, 10);
      n *= d;
      if (dims++ > 0)
        row *= d;
      while (*shape == ',' || *shape == ' ')
        shape++;
    }
  data = g_new (float, n);
  memcpy (data, contents + 10 + header_len, n * sizeof (float));
  *n_out = n / row;
  *row_out = row;
  return data;
}

static int
infer (gsize n, int reps)
{
  HtcCnnConfig config;
  HtcCnn *cnn = NULL;
  HtcCnnWork *work = NULL;
  HtcRng rng;
  gsize plane;
  g_autofree float *x = NULL, *probs = NULL;
  g_autofree double *ms = g_new (double, reps);

  bench_config (&config);
  plane = config.n_mels * config.n_frames;
  htc_cnn_new (&config, &cnn);
  htc_rng_init (&rng, 1);
  htc_cnn_init_he (cnn, &rng);
  x = g_new (float, n * plane);
  probs = g_new (float, n * config.n_classes);
  for (gsize i = 0; i < n * plane; i++)
    x[i] = htc_rng_normal (&rng);
  htc_cnn_work_new (cnn, n, 2, 0, &work);
  htc_cnn_predict (cnn, work, x, n, probs);   /* warm-up */
  for (int r = 0; r < reps; r++)
    {
      gint64 t0 = g_get_monotonic_time ();
      htc_cnn_predict (cnn, work, x, n, probs);
      ms[r] = (g_get_monotonic_time () - t0) / 1000.0;
    }
  qsort (ms, reps, sizeof (double), cmp_double);
  printf ("{\"patches\": %zu, \"median_ms\": %.2f, \"min_ms\": %.2f}\n", n, ms[reps / 2], ms[0]);
  htc_cnn_work_free (work);
  htc_cnn_free (cnn);
  return 0;
}

static double
accuracy (const HtcCnn *cnn, HtcCnnWork *work, const float *x, const float *y, gsize n, gsize plane)
{
  g_autofree float *probs = g_new (float, n * 4);
  gsize correct = 0;

  htc_cnn_predict (cnn, work, x, n, probs);
  for (gsize i = 0; i < n; i++)
    {
      gsize best = 0;
      for (gsize k = 1; k < 4; k++)
        if (probs[i * 4 + k] > probs[i * 4 + best])
          best = k;
      correct += best == (gsize) y[i];
    }
  (void) plane;
  return (double) correct / n;
}

static int
train (const char *dir, int epochs, gsize batch, guint64 seed)
{
  HtcCnnConfig config;
  HtcCnn *cnn = NULL;
  HtcCnnTrainer *trainer = NULL;
  HtcCnnWork *eval = NULL;
  HtcAdamWParams opt;
  HtcRng rng;
  gsize n, nv, plane, one, steps_per_epoch;
  g_autofree char *px = g_build_filename (dir, "x.npy", NULL);
  g_autofree char *py = g_build_filename (dir, "y.npy", NULL);
  g_autofree char *pxv = g_build_filename (dir, "xval.npy", NULL);
  g_autofree char *pyv = g_build_filename (dir, "yval.npy", NULL);
  g_autofree float *x = load_npy (px, &n, &plane);
  g_autofree float *y = load_npy (py, &n, &one);
  g_autofree float *xv = load_npy (pxv, &nv, &plane);
  g_autofree float *yv = load_npy (pyv, &nv, &one);
  g_autofree float *bx = NULL;
  g_autofree int *by = NULL;
  g_autofree guint32 *order = NULL;
  g_autofree double *secs = g_new (double, epochs);
  double mean[128] = { 0 }, sq[128] = { 0 };

  bench_config (&config);
  g_assert (plane == config.n_mels * config.n_frames);
  htc_cnn_new (&config, &cnn);
  htc_rng_init (&rng, seed);
  htc_cnn_init_he (cnn, &rng);
  /* per-band statistics of the training patches, as the engine does */
  for (gsize i = 0; i < n; i++)
    for (gsize m = 0; m < 128; m++)
      for (gsize f = 0; f < 128; f++)
        {
          double v = x[i * plane + m * 128 + f];
          mean[m] += v;
          sq[m] += v * v;
        }
  for (gsize m = 0; m < 128; m++)
    {
      double mu = mean[m] / (n * 128.0);
      htc_cnn_find_tensor (cnn, "input.mean")->data[m] = (float) mu;
      htc_cnn_find_tensor (cnn, "input.std")->data[m] =
        (float) sqrt (MAX (sq[m] / (n * 128.0) - mu * mu, 1e-6));
    }
  steps_per_epoch = n / batch;
  htc_adamw_params_init_default (&opt);
  opt.lr = 1e-3f;
  opt.weight_decay = 1e-2f;
  opt.warmup_steps = steps_per_epoch;
  opt.total_steps = steps_per_epoch * epochs;
  opt.min_lr_ratio = 0.05f;
  htc_cnn_trainer_new (cnn, &opt, batch, 2, seed, &trainer);
  htc_cnn_work_new (cnn, 32, 2, 0, &eval);
  bx = g_new (float, batch * plane);
  by = g_new (int, batch);
  order = g_new (guint32, n);
  for (gsize i = 0; i < n; i++)
    order[i] = i;
  for (int e = 0; e < epochs; e++)
    {
      gint64 t0 = g_get_monotonic_time ();
      double loss_sum = 0;

      htc_rng_shuffle (&rng, order, n);
      for (gsize s = 0; s < steps_per_epoch; s++)
        {
          float loss;
          for (gsize j = 0; j < batch; j++)
            {
              memcpy (bx + j * plane, x + order[s * batch + j] * plane, plane * sizeof (float));
              by[j] = (int) y[order[s * batch + j]];
            }
          htc_cnn_trainer_step (trainer, bx, by, batch, &loss, NULL);
          loss_sum += loss;
        }
      secs[e] = (g_get_monotonic_time () - t0) / 1e6;
      printf ("{\"epoch\": %d, \"seconds\": %.3f, \"loss\": %.4f, \"val_acc\": %.4f}\n", e + 1,
              secs[e], loss_sum / steps_per_epoch, accuracy (cnn, eval, xv, yv, nv, plane));
      fflush (stdout);
    }
  qsort (secs, epochs, sizeof (double), cmp_double);
  printf ("{\"impl\": \"c\", \"median_epoch_s\": %.3f, \"final_val_acc\": %.4f}\n",
          secs[epochs / 2], accuracy (cnn, eval, xv, yv, nv, plane));
  htc_cnn_work_free (eval);
  htc_cnn_trainer_free (trainer);
  htc_cnn_free (cnn);
  return 0;
}

int
main (int argc, char *argv[])
{
  if (argc >= 3 && strcmp (argv[1], "infer") == 0)
    return infer (g_ascii_strtoull (argv[2], NULL, 10), argc > 3 ? atoi (argv[3]) : 21);
  if (argc >= 6 && strcmp (argv[1], "train") == 0)
    return train (argv[2], atoi (argv[3]), g_ascii_strtoull (argv[4], NULL, 10),
                  g_ascii_strtoull (argv[5], NULL, 10));
  fprintf (stderr, "usage: cnn-bench infer N [REPS] | train DIR EPOCHS BATCH SEED\n");
  return 2;
}
