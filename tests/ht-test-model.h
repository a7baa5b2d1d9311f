/* ht-test-model.h: a small random audio model saved as a model file — enough to check the
 * wiring (analyzer, window, timeline), not to judge music. Header-only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ht-audio-model.h"
#include "htc-cnn.h"
#include "htc-rng.h"

/* Two blocks of 3 and 5 channels on 32-frame patches, He-initialised from `seed`; the input
 * normalisation is the caller's to set. */
static inline HtcCnn *
ht_test_small_cnn (uint64_t seed)
{
  HtcCnnConfig config;
  HtcCnn *cnn = NULL;
  HtcRng rng;

  htc_cnn_config_init_default (&config);
  config.n_frames = 32;
  config.n_blocks = 2;
  config.channels[0] = 3;
  config.channels[1] = 5;
  g_assert_cmpint (htc_cnn_new (&config, &cnn), ==, HTC_OK);
  htc_rng_init (&rng, seed);
  htc_cnn_init_he (cnn, &rng);
  return cnn;
}

/* ht_test_small_cnn (11) on hop-16 patches, saved; `classes` NULL-terminated, in the order the
 * network's outputs stand for. */
static inline void
ht_test_save_small_audio_model (const char         *path,
                                const char * const *classes)
{
  HtcCnn *cnn = ht_test_small_cnn (11);
  HtcSpectroParams params;
  HtClipRequest clip = HT_CLIP_REQUEST_DEFAULT;
  g_autoptr(HtAudioModel) model = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);

  for (gsize i = 0; i < 128; i++)
    {
      htc_cnn_find_tensor (cnn, "input.mean")->data[i] = -40.0f;
      htc_cnn_find_tensor (cnn, "input.std")->data[i] = 15.0f;
    }
  htc_spectro_params_init_default (&params);
  model = ht_audio_model_new (cnn, &params, &clip, 16, classes, NULL, NULL);
  htc_cnn_free (cnn);
  g_assert_true (ht_audio_model_save (model, file, NULL, &error));
  g_assert_no_error (error);
}
