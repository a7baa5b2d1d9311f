/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The audio model loader on arbitrary bytes. Whatever the input, it must either fail with a
 * HT_ERROR_MODEL_CORRUPT error that names the file, or give a model that is safe to use: its
 * front-end parameters are accepted by the spectrogram, it classifies a synthetic clip (two
 * patches and a clip shorter than one) into finite probabilities that sum to 1, and it saves to
 * bytes that load back and save identically. */
#include <math.h>
#include <string.h>
#include <glib.h>

#include "ht-audio-model.h"
#include "ht-error.h"
#include "fuzz-harness.h"

#define NAME "fuzz-model.safetensors"

unsigned fuzz_n_accepted;

/* Metadata is JSON inside a JSON string: its quotes are escaped. */
const char * const fuzz_tokens[] = {
  "\\\"n_mels\\\":", "\\\"n_frames\\\":", "\\\"channels\\\":", "\\\"n_classes\\\":",
  "\\\"dropout\\\":", "\\\"bn_eps\\\":", "\\\"n_fft\\\":", "\\\"hop\\\":", "\\\"fmin\\\":",
  "\\\"fmax\\\":", "\\\"clip_start\\\":", "\\\"clip_end\\\":", "\\\"patch_frames\\\":",
  "\\\"patch_hop\\\":", "\\\"\\\"", "\\\"", "[1,1,1,1,1,1]", "[1024]", "16", "32", "64", "1024",
  "4096", "65536", "11025", "22050", "0.99", "1e-12", "1e308", "-1e-300", "3600", "7200",
  "\"format\":", "\"hometown-audio-cnn\"", "\"classes\":", "\"date\":", "\"training\":",
  "input.std", "running_var", "fc.bias", "blocks.0.", "blocks.5.",
};
const unsigned fuzz_n_tokens = G_N_ELEMENTS (fuzz_tokens);

/* A fixed, deterministic mel-dB clip within the range power_to_db gives (-80..0 below the
 * maximum). */
static HtMelClip *
synthetic_clip (guint n_mels,
                guint n_frames)
{
  HtMelClip *clip = g_new0 (HtMelClip, 1);

  clip->n_mels = n_mels;
  clip->n_frames = n_frames;
  clip->db = g_new (float, (gsize) n_mels * n_frames);
  for (guint m = 0; m < n_mels; m++)
    for (guint f = 0; f < n_frames; f++)
      clip->db[(gsize) m * n_frames + f] = -40.0f + 40.0f * sinf (0.3f * m + 0.17f * f);
  clip->clip_kind = HT_CLIP_MIDDLE;
  clip->clip_start = 10;
  clip->clip_end = 55;
  return clip;
}

static void
check_classify (HtAudioModel *model,
                guint         n_frames)
{
  guint n_mels = (guint) ht_audio_model_get_spectro_params (model)->n_mels;
  guint patch = ht_audio_model_get_patch_frames (model);
  guint hop = ht_audio_model_get_patch_hop (model);
  guint k = ht_audio_model_get_n_classes (model);
  g_autoptr(HtMelClip) clip = synthetic_clip (n_mels, n_frames);
  g_autoptr(GError) error = NULL;
  g_autoptr(HtAudioPrediction) p = ht_audio_model_classify_clip (model, clip, &error);
  double sum = 0;

  if (p == NULL)
    {
      /* Finite weights can still overflow: a clear error, never NaN probabilities. */
      g_assert_error (error, HT_ERROR, HT_ERROR_FAILED);
      return;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (p->n_classes, ==, k);
  g_assert_cmpuint (p->n_patches, ==, n_frames <= patch ? 1 : 1 + (n_frames - patch) / hop);
  g_assert_true (isfinite (p->patch_seconds) && p->patch_seconds > 0);
  g_assert_true (isfinite (p->hop_seconds) && p->hop_seconds > 0);
  for (guint j = 0; j < k; j++)
    {
      g_assert_true (p->probs[j] >= 0 && p->probs[j] <= 1);
      sum += p->probs[j];
    }
  g_assert_cmpfloat_with_epsilon (sum, 1.0, 1e-4);
  for (guint i = 0; i < p->n_patches * k; i++)
    g_assert_true (p->timeline[i] >= 0 && p->timeline[i] <= 1);
  g_assert_cmpuint (ht_audio_prediction_best (p), <, k);
}

static void
check_model (HtAudioModel *model)
{
  const HtcSpectroParams *params = ht_audio_model_get_spectro_params (model);
  const HtClipRequest *clip = ht_audio_model_get_clip (model);
  guint patch = ht_audio_model_get_patch_frames (model);
  guint hop = ht_audio_model_get_patch_hop (model);
  guint k = ht_audio_model_get_n_classes (model);
  HtcSpectro *spectro = NULL;

  g_assert_cmpuint (k, >=, 2);
  for (guint j = 0; j < k; j++)
    g_assert_cmpstr (ht_audio_model_get_class_name (model, j), !=, "");
  g_assert_cmpuint (hop, >=, 1);
  g_assert_cmpuint (hop, <=, patch);
  g_assert_true (clip->end > clip->start && clip->start >= 0);
  g_assert_cmpuint (params->n_mels, ==, htc_cnn_get_config (ht_audio_model_get_cnn (model))->n_mels);

  /* A model whose front end cannot be built would load and then fail on every track. */
  g_assert_cmpint (htc_spectro_new (params, &spectro), ==, HTC_OK);
  g_assert_cmpuint (htc_spectro_n_bands (spectro), ==, params->n_mels);
  htc_spectro_free (spectro);

  check_classify (model, patch + hop + 1);
  check_classify (model, patch / 2 + 1);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* A copy of exactly `size` bytes, so that any read past the end is caught. */
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(HtAudioModel) model = ht_audio_model_new_from_bytes (bytes, NAME, &error);
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) out_again = NULL;
  g_autoptr(HtAudioModel) again = NULL;

  if (model == NULL)
    {
      g_assert_error (error, HT_ERROR, HT_ERROR_MODEL_CORRUPT);
      g_assert_nonnull (strstr (error->message, NAME));
      return 0;
    }
  g_assert_no_error (error);
  fuzz_n_accepted++;
  check_model (model);

  /* What was loaded saves, loads back and saves again to the same bytes. */
  out = ht_audio_model_to_bytes (model);
  again = ht_audio_model_new_from_bytes (out, NAME, &error);
  g_assert_no_error (error);
  out_again = ht_audio_model_to_bytes (again);
  g_assert_true (g_bytes_equal (out, out_again));
  return 0;
}
