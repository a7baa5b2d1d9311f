/* export-patches: a labelled folder -> non-overlapping 128x128 mel-dB patches from Hometown's
 * front end, as x.npy [n][128][128] and y.npy [n] (float32), for bench/train-vs-torch.
 *
 *   export-patches DIR OUT_PREFIX
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <string.h>
#include <gst/gst.h>

#include "ht-audio-dataset.h"
#include "ht-mel-clip.h"

static void
write_npy (const char *path, const float *data, gsize n, const char *shape)
{
  FILE *f = fopen (path, "wb");
  char header[128];
  int len = g_snprintf (header, sizeof header,
                        "{'descr': '<f4', 'fortran_order': False, 'shape': %s, }", shape);
  int pad = 64 - (10 + len + 1) % 64;

  fwrite ("\x93NUMPY\x01\x00", 1, 8, f);
  fputc ((len + pad + 1) & 0xff, f);
  fputc ((len + pad + 1) >> 8, f);
  fwrite (header, 1, len, f);
  for (int i = 0; i < pad; i++)
    fputc (' ', f);
  fputc ('\n', f);
  fwrite (data, sizeof (float), n, f);
  fclose (f);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GFile) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HtAudioDataset) ds = NULL;
  g_autoptr(GArray) x = g_array_new (FALSE, FALSE, sizeof (float));
  g_autoptr(GArray) y = g_array_new (FALSE, FALSE, sizeof (float));
  HtcSpectroParams params;
  HtClipRequest clip = HT_CLIP_REQUEST_DEFAULT;
  float patch[128 * 128];
  g_autofree char *px = NULL, *py = NULL, *shape = NULL;

  if (argc != 3)
    {
      fprintf (stderr, "usage: export-patches DIR OUT_PREFIX\n");
      return 2;
    }
  gst_init (NULL, NULL);
  htc_spectro_params_init_default (&params);
  root = g_file_new_for_path (argv[1]);
  ds = ht_audio_dataset_scan (root, NULL, NULL, NULL, &error);
  if (ds == NULL)
    g_error ("%s", error->message);
  for (guint i = 0; i < ds->items->len; i++)
    {
      HtAudioItem *item = ds->items->pdata[i];
      g_autoptr(GFile) file = g_file_new_for_path (item->path);
      g_autoptr(HtMelClip) mel = ht_mel_clip_compute (file, &params, &clip, NULL, &error);
      guint n;

      if (mel == NULL)
        g_error ("%s", error->message);
      n = ht_mel_clip_n_patches (mel, 128, 128);
      for (guint p = 0; p < n; p++)
        {
          float label = (float) item->label;
          ht_mel_clip_get_patch (mel, p * 128, 128, patch);
          g_array_append_vals (x, patch, 128 * 128);
          g_array_append_val (y, label);
        }
    }
  px = g_strconcat (argv[2], "x.npy", NULL);
  py = g_strconcat (argv[2], "y.npy", NULL);
  shape = g_strdup_printf ("(%u, 128, 128)", y->len);
  write_npy (px, (float *) x->data, x->len, shape);
  g_free (shape);
  shape = g_strdup_printf ("(%u,)", y->len);
  write_npy (py, (float *) y->data, y->len, shape);
  printf ("%u patches from %u tracks\n", y->len, ds->items->len);
  return 0;
}
