/* The CNN against PyTorch (golden outputs from tools/make-cnn-golden.py): eval and train
 * forward, loss, every gradient, running statistics and one AdamW step; then a seeded network
 * overfitting 16 patches, thread-count independence, the schedule and augmentation. */
#include <math.h>
#include <string.h>
#include <glib.h>

#include "htc-cnn.h"
#include "htc-cnn-train.h"
#include "htc-nn.h"
#include "../ht-test-npy.h"

#define GOLDEN_TOL 1e-4

static float *
load_golden (const char *name, gsize expect_len)
{
  g_autofree char *file = g_strdup_printf ("cnn-golden/%s.npy", name);
  gsize rows, cols;
  float *data = ht_test_load_npy (file, &rows, &cols);

  g_assert_cmpuint (rows * cols, ==, expect_len);
  return data;
}

/* Element-wise relative error, with a floor of 1% of the tensor's largest magnitude so that
 * entries that are zero up to rounding do not dominate. */
static void
assert_close (const char *what, const float *got, const float *want, gsize n, double tol)
{
  double scale = 0, worst = 0;

  for (gsize i = 0; i < n; i++)
    scale = MAX (scale, fabs (want[i]));
  for (gsize i = 0; i < n; i++)
    {
      double err = fabs ((double) got[i] - want[i]) / MAX (fabs (want[i]), 1e-2 * scale + 1e-30);
      if (err > worst)
        worst = err;
      if (err > tol)
        g_error ("%s[%zu]: got %.8g, PyTorch %.8g (relative error %.2g)", what, i, got[i], want[i], err);
    }
  g_test_message ("%s: worst relative error %.2g", what, worst);
}

static void
golden_config (HtcCnnConfig *c)
{
  htc_cnn_config_init_default (c);
  c->n_mels = 16;
  c->n_frames = 24;
  c->n_blocks = 3;
  c->channels[0] = 4;
  c->channels[1] = 6;
  c->channels[2] = 8;
  c->n_classes = 4;
  c->dropout = 0;
}

static HtcCnn *
load_golden_cnn (void)
{
  HtcCnnConfig config;
  HtcCnn *cnn = NULL;

  golden_config (&config);
  g_assert_cmpint (htc_cnn_new (&config, &cnn), ==, HTC_OK);
  for (gsize i = 0; i < htc_cnn_n_tensors (cnn); i++)
    {
      HtcTensor *t = htc_cnn_tensor (cnn, i);
      g_autofree char *name = g_strconcat ("init.", t->name, NULL);
      g_autofree float *data = load_golden (name, t->size);
      memcpy (t->data, data, t->size * sizeof (float));
    }
  g_assert_cmpint (htc_cnn_check (cnn), ==, HTC_OK);
  return cnn;
}

static void
test_golden (gconstpointer data)
{
  gsize n_threads = GPOINTER_TO_SIZE (data);
  HtcCnn *cnn = load_golden_cnn ();
  HtcCnnWork *work = NULL;
  HtcCnnTrainer *trainer = NULL;
  HtcAdamWParams opt;
  g_autofree float *x = load_golden ("x", 3 * 16 * 24);
  g_autofree float *labels_f = load_golden ("labels", 3);
  g_autofree float *cw = load_golden ("class-weights", 4);
  g_autofree float *want_eval = load_golden ("eval-logits", 3 * 4);
  g_autofree float *want_train = load_golden ("train-logits", 3 * 4);
  g_autofree float *want_loss = load_golden ("loss", 1);
  float logits[12], probs[12], loss;
  int labels[3];

  for (int i = 0; i < 3; i++)
    labels[i] = (int) labels_f[i];

  /* eval mode */
  g_assert_cmpint (htc_cnn_work_new (cnn, 3, n_threads, 0, &work), ==, HTC_OK);
  g_assert_cmpint (htc_cnn_forward_eval (cnn, work, x, 3, logits), ==, HTC_OK);
  assert_close ("eval logits", logits, want_eval, 12, GOLDEN_TOL);
  /* predict = softmax of the same, also when split into batches of 2 */
  htc_cnn_work_free (work);
  g_assert_cmpint (htc_cnn_work_new (cnn, 2, n_threads, 0, &work), ==, HTC_OK);
  g_assert_cmpint (htc_cnn_predict (cnn, work, x, 3, probs), ==, HTC_OK);
  htc_softmax (want_eval, 3, 4);
  assert_close ("predict", probs, want_eval, 12, GOLDEN_TOL);
  htc_cnn_work_free (work);

  /* one training step: forward, loss, gradients, then AdamW */
  htc_adamw_params_init_default (&opt);
  opt.lr = 1e-2f;
  opt.weight_decay = 1e-2f;
  g_assert_cmpint (htc_cnn_trainer_new (cnn, &opt, 3, n_threads, 1, &trainer), ==, HTC_OK);
  g_assert_cmpint (htc_cnn_trainer_set_class_weights (trainer, cw), ==, HTC_OK);
  work = htc_cnn_trainer_get_work (trainer);
  {
    /* the trainer's step does all of it; check the pieces on a copy first */
    HtcCnn *copy = load_golden_cnn ();
    HtcCnnWork *w2 = NULL;
    HtcRng rng;
    float dl[12];

    htc_rng_init (&rng, 0);
    g_assert_cmpint (htc_cnn_work_new (copy, 3, n_threads, 1, &w2), ==, HTC_OK);
    g_assert_cmpint (htc_cnn_forward_train (copy, w2, x, 3, &rng, logits), ==, HTC_OK);
    assert_close ("train logits", logits, want_train, 12, GOLDEN_TOL);
    loss = htc_softmax_xent (logits, 3, 4, labels, cw, probs, dl);
    assert_close ("loss", &loss, want_loss, 1, GOLDEN_TOL);
    g_assert_cmpint (htc_cnn_backward (copy, w2, dl), ==, HTC_OK);
    for (gsize i = 0; i < htc_cnn_n_tensors (copy); i++)
      {
        HtcTensor *t = htc_cnn_tensor (copy, i);
        g_autofree char *name = g_strconcat ("grad.", t->name, NULL);
        g_autofree float *want = NULL;

        if (!(t->flags & HTC_TENSOR_TRAINABLE))
          continue;
        want = load_golden (name, t->size);
        assert_close (name, htc_cnn_work_grad (w2, i), want, t->size, GOLDEN_TOL);
      }
    htc_cnn_work_free (w2);
    htc_cnn_free (copy);
  }
  g_assert_cmpint (htc_cnn_trainer_step (trainer, x, labels, 3, &loss, NULL), ==, HTC_OK);
  assert_close ("step loss", &loss, want_loss, 1, GOLDEN_TOL);
  for (gsize i = 0; i < htc_cnn_n_tensors (cnn); i++)
    {
      HtcTensor *t = htc_cnn_tensor (cnn, i);
      g_autofree char *name = g_strconcat ("step.", t->name, NULL);
      g_autofree float *want = load_golden (name, t->size);
      assert_close (name, t->data, want, t->size, GOLDEN_TOL);
    }
  htc_cnn_trainer_free (trainer);
  htc_cnn_free (cnn);
}

/* 16 random patches with random labels: only working gradients can memorise them. */
static void
test_overfit (void)
{
  HtcCnnConfig config;
  HtcCnn *cnn = NULL;
  HtcCnnTrainer *trainer = NULL;
  HtcCnnWork *work = NULL;
  HtcAdamWParams opt;
  HtcRng rng;
  const gsize n = 16;
  gsize plane, correct = 0;
  g_autofree float *x = NULL, *probs = NULL;
  int labels[16];
  float first_loss = 0, loss = 0;

  htc_cnn_config_init_default (&config);
  config.n_mels = 32;
  config.n_frames = 32;
  config.channels[0] = 8;
  config.channels[1] = 16;
  config.channels[2] = 16;
  config.channels[3] = 32;
  config.dropout = 0.1f;
  plane = config.n_mels * config.n_frames;
  g_assert_cmpint (htc_cnn_new (&config, &cnn), ==, HTC_OK);
  htc_rng_init (&rng, 7);
  htc_cnn_init_he (cnn, &rng);
  x = g_new (float, n * plane);
  for (gsize i = 0; i < n * plane; i++)
    x[i] = htc_rng_normal (&rng);
  for (gsize i = 0; i < n; i++)
    labels[i] = (int) (i % 4);
  htc_rng_shuffle (&rng, (guint32 *) labels, n);

  htc_adamw_params_init_default (&opt);
  opt.lr = 3e-3f;
  opt.warmup_steps = 5;
  opt.total_steps = 80;
  opt.min_lr_ratio = 0.1f;
  g_assert_cmpint (htc_cnn_trainer_new (cnn, &opt, n, 2, 3, &trainer), ==, HTC_OK);
  for (int step = 0; step < 80; step++)
    {
      g_assert_cmpint (htc_cnn_trainer_step (trainer, x, labels, n, &loss, NULL), ==, HTC_OK);
      if (step == 0)
        first_loss = loss;
    }
  g_test_message ("loss %.3f -> %.4f", first_loss, loss);
  g_assert_cmpfloat (loss, <, 0.1 * first_loss);

  /* in evaluation mode (running statistics, no dropout) every patch is right */
  probs = g_new (float, n * 4);
  g_assert_cmpint (htc_cnn_work_new (cnn, 8, 2, 0, &work), ==, HTC_OK);
  g_assert_cmpint (htc_cnn_predict (cnn, work, x, n, probs), ==, HTC_OK);
  for (gsize i = 0; i < n; i++)
    {
      gsize best = 0;
      for (gsize k = 1; k < 4; k++)
        if (probs[i * 4 + k] > probs[i * 4 + best])
          best = k;
      correct += best == (gsize) labels[i];
    }
  g_assert_cmpuint (correct, ==, n);
  htc_cnn_work_free (work);
  htc_cnn_trainer_free (trainer);
  htc_cnn_free (cnn);
}

/* The same seed gives the same weights whatever the number of threads (within rounding). */
static void
test_threads_agree (void)
{
  HtcCnnConfig config;
  HtcCnn *cnn[2] = { NULL, NULL };
  HtcAdamWParams opt;
  HtcRng rng;
  float x[4 * 16 * 16];
  int labels[4] = { 0, 1, 2, 3 };

  htc_cnn_config_init_default (&config);
  config.n_mels = config.n_frames = 16;
  config.n_blocks = 2;
  config.channels[0] = 4;
  config.channels[1] = 8;
  htc_adamw_params_init_default (&opt);
  htc_rng_init (&rng, 11);
  for (gsize i = 0; i < G_N_ELEMENTS (x); i++)
    x[i] = htc_rng_normal (&rng);
  for (int k = 0; k < 2; k++)
    {
      HtcCnnTrainer *t = NULL;
      HtcRng init;

      htc_rng_init (&init, 5);
      g_assert_cmpint (htc_cnn_new (&config, &cnn[k]), ==, HTC_OK);
      htc_cnn_init_he (cnn[k], &init);
      g_assert_cmpint (htc_cnn_trainer_new (cnn[k], &opt, 4, k + 1, 9, &t), ==, HTC_OK);
      for (int s = 0; s < 3; s++)
        g_assert_cmpint (htc_cnn_trainer_step (t, x, labels, 4, NULL, NULL), ==, HTC_OK);
      htc_cnn_trainer_free (t);
    }
  for (gsize i = 0; i < htc_cnn_n_tensors (cnn[0]); i++)
    assert_close (htc_cnn_tensor (cnn[0], i)->name, htc_cnn_tensor (cnn[1], i)->data,
                  htc_cnn_tensor (cnn[0], i)->data, htc_cnn_tensor (cnn[0], i)->size, 1e-3);
  htc_cnn_free (cnn[0]);
  htc_cnn_free (cnn[1]);
}

static void
test_bad_args (void)
{
  HtcCnnConfig c;
  HtcCnn *cnn = (HtcCnn *) 1;
  HtcCnnWork *work = NULL;
  float x[4 * 4 * 2] = { 0 }, out[8];
  int labels[2] = { 0, 5 };
  HtcCnnTrainer *t = NULL;
  HtcAdamWParams opt;

  htc_cnn_config_init_default (&c);
  g_assert_cmpint (htc_cnn_config_check (&c), ==, HTC_OK);
  c.n_blocks = 0;
  g_assert_cmpint (htc_cnn_new (&c, &cnn), ==, HTC_ERROR_INVALID_ARG);
  g_assert_null (cnn);
  htc_cnn_config_init_default (&c);
  c.n_mels = 8;   /* 4 blocks need at least 16 */
  g_assert_cmpint (htc_cnn_config_check (&c), ==, HTC_ERROR_INVALID_ARG);
  htc_cnn_config_init_default (&c);
  c.dropout = 1;
  g_assert_cmpint (htc_cnn_config_check (&c), ==, HTC_ERROR_INVALID_ARG);
  htc_cnn_config_init_default (&c);
  c.n_classes = 1;
  g_assert_cmpint (htc_cnn_config_check (&c), ==, HTC_ERROR_INVALID_ARG);

  htc_cnn_config_init_default (&c);
  c.n_mels = c.n_frames = 4;
  c.n_blocks = 1;
  c.channels[0] = 2;
  g_assert_cmpint (htc_cnn_new (&c, &cnn), ==, HTC_OK);
  g_assert_cmpint (htc_cnn_work_new (cnn, 0, 1, 0, &work), ==, HTC_ERROR_INVALID_ARG);
  g_assert_cmpint (htc_cnn_work_new (cnn, 2, 1, 0, &work), ==, HTC_OK);
  g_assert_cmpint (htc_cnn_forward_eval (cnn, work, x, 3, out), ==, HTC_ERROR_INVALID_ARG);
  /* an eval-only work cannot train */
  g_assert_cmpint (htc_cnn_forward_train (cnn, work, x, 2, NULL, out), ==, HTC_ERROR_INVALID_ARG);
  htc_adamw_params_init_default (&opt);
  g_assert_cmpint (htc_cnn_trainer_new (cnn, &opt, 2, 1, 0, &t), ==, HTC_OK);
  g_assert_cmpint (htc_cnn_trainer_step (t, x, labels, 2, NULL, NULL), ==, HTC_ERROR_INVALID_ARG);
  labels[1] = 1;
  g_assert_cmpint (htc_cnn_trainer_step (t, x, labels, 2, NULL, NULL), ==, HTC_OK);
  g_assert_cmpint (htc_cnn_trainer_set_class_weights (t, (float[]) { 1, 0, 1, 1 }), ==,
                   HTC_ERROR_INVALID_ARG);
  /* NaN weights are caught */
  htc_cnn_find_tensor (cnn, "fc.bias")->data[1] = NAN;
  g_assert_cmpint (htc_cnn_check (cnn), ==, HTC_ERROR_NUMERIC);
  g_assert_cmpint (htc_cnn_forward_eval (cnn, work, x, 2, out), ==, HTC_ERROR_NUMERIC);
  htc_cnn_find_tensor (cnn, "fc.bias")->data[1] = 0;
  htc_cnn_find_tensor (cnn, "input.std")->data[0] = 0;
  g_assert_cmpint (htc_cnn_check (cnn), ==, HTC_ERROR_BAD_MODEL);
  htc_cnn_trainer_free (t);
  htc_cnn_work_free (work);
  htc_cnn_free (cnn);
  htc_cnn_free (NULL);
  htc_cnn_work_free (NULL);
}

static void
test_schedule (void)
{
  HtcAdamWParams p;

  htc_adamw_params_init_default (&p);
  g_assert_cmpfloat (htc_adamw_schedule (&p, 1000), ==, p.lr);   /* constant by default */
  p.lr = 1;
  p.warmup_steps = 4;
  p.total_steps = 14;
  p.min_lr_ratio = 0.1f;
  g_assert_cmpfloat_with_epsilon (htc_adamw_schedule (&p, 0), 0.25, 1e-7);
  g_assert_cmpfloat_with_epsilon (htc_adamw_schedule (&p, 3), 1.0, 1e-7);
  g_assert_cmpfloat_with_epsilon (htc_adamw_schedule (&p, 4), 1.0, 1e-7);
  /* half way through the cosine: 0.1 + 0.9 * 0.5 */
  g_assert_cmpfloat_with_epsilon (htc_adamw_schedule (&p, 9), 0.55, 1e-6);
  g_assert_cmpfloat_with_epsilon (htc_adamw_schedule (&p, 14), 0.1, 1e-7);
  g_assert_cmpfloat_with_epsilon (htc_adamw_schedule (&p, 99), 0.1, 1e-7);
}

static void
test_augment (void)
{
  HtcAugmentParams p;
  HtcRng rng;
  float patch[8 * 10], mean[8];
  gsize masked = 0, gained = 0;

  htc_augment_params_init_default (&p);
  p.gain_db = 0;
  p.n_time_masks = 1;
  p.time_mask_max = 10;
  p.n_freq_masks = 0;
  for (int b = 0; b < 8; b++)
    mean[b] = -100 - b;
  htc_rng_init (&rng, 3);
  for (int trial = 0; trial < 50; trial++)
    {
      gsize cols = 0;
      for (int i = 0; i < 80; i++)
        patch[i] = 1;
      htc_augment_patch (patch, 8, 10, mean, &p, &rng);
      /* a time mask covers whole columns with each band's mean */
      for (int f = 0; f < 10; f++)
        {
          gboolean m = patch[f] != 1;
          for (int b = 0; b < 8; b++)
            g_assert_cmpfloat (patch[b * 10 + f], ==, m ? mean[b] : 1);
          cols += m;
        }
      masked += cols > 0;
    }
  g_assert_cmpuint (masked, >, 30);   /* widths are uniform in 0..10: empty 1 time in 11 */

  htc_augment_params_init_default (&p);
  p.n_time_masks = p.n_freq_masks = 0;
  p.gain_db = 6;
  for (int trial = 0; trial < 20; trial++)
    {
      for (int i = 0; i < 80; i++)
        patch[i] = 0;
      htc_augment_patch (patch, 8, 10, NULL, &p, &rng);
      for (int i = 1; i < 80; i++)
        g_assert_cmpfloat (patch[i], ==, patch[0]);   /* one gain for the whole patch */
      g_assert_cmpfloat (fabsf (patch[0]), <=, 6);
      gained += patch[0] != 0;
    }
  g_assert_cmpuint (gained, ==, 20);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/core/cnn/golden/1-thread", GSIZE_TO_POINTER (1), test_golden);
  g_test_add_data_func ("/core/cnn/golden/2-threads", GSIZE_TO_POINTER (2), test_golden);
  g_test_add_func ("/core/cnn/overfit-16", test_overfit);
  g_test_add_func ("/core/cnn/threads-agree", test_threads_agree);
  g_test_add_func ("/core/cnn/bad-args", test_bad_args);
  g_test_add_func ("/core/cnn/schedule", test_schedule);
  g_test_add_func ("/core/cnn/augment", test_augment);
  return g_test_run ();
}
