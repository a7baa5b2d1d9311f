/* Tests for htc-colormap: end points published with the maps (matplotlib's _cm_listed), and
 * the properties a spectrogram relies on. */
#include <math.h>
#include <glib.h>

#include "htc-colormap.h"

static void
assert_rgb (HtcColormap cmap, float level, double r, double g, double b)
{
  guint8 rgb[3];
  htc_colormap_rgb (cmap, level, rgb);
  g_assert_cmpint (ABS (rgb[0] - (int) (r * 255 + 0.5)), <=, 1);
  g_assert_cmpint (ABS (rgb[1] - (int) (g * 255 + 0.5)), <=, 1);
  g_assert_cmpint (ABS (rgb[2] - (int) (b * 255 + 0.5)), <=, 1);
}

static void
test_end_points (void)
{
  assert_rgb (HTC_COLORMAP_MAGMA, 0, 0.001462, 0.000466, 0.013866);
  assert_rgb (HTC_COLORMAP_MAGMA, 1, 0.987053, 0.991438, 0.749504);
  assert_rgb (HTC_COLORMAP_INFERNO, 0, 0.001462, 0.000466, 0.013866);
  assert_rgb (HTC_COLORMAP_INFERNO, 1, 0.988362, 0.998364, 0.644924);
  assert_rgb (HTC_COLORMAP_VIRIDIS, 0, 0.267004, 0.004874, 0.329415);
  assert_rgb (HTC_COLORMAP_VIRIDIS, 1, 0.993248, 0.906157, 0.143936);
  assert_rgb (HTC_COLORMAP_CIVIDIS, 0, 0.0, 0.135112, 0.304751);
  assert_rgb (HTC_COLORMAP_CIVIDIS, 1, 0.995737, 0.909344, 0.217772);
  assert_rgb (HTC_COLORMAP_GREY, 0, 0, 0, 0);
  assert_rgb (HTC_COLORMAP_GREY, 0.5, 0.5, 0.5, 0.5);
  assert_rgb (HTC_COLORMAP_GREY, 1, 1, 1, 1);
}

static void
test_clamp_and_nan (void)
{
  guint8 a[3], b[3];
  htc_colormap_rgb (HTC_COLORMAP_VIRIDIS, -3, a);
  htc_colormap_rgb (HTC_COLORMAP_VIRIDIS, 0, b);
  g_assert_cmpmem (a, 3, b, 3);
  htc_colormap_rgb (HTC_COLORMAP_VIRIDIS, NAN, a);
  g_assert_cmpmem (a, 3, b, 3);
  htc_colormap_rgb (HTC_COLORMAP_VIRIDIS, 7, a);
  htc_colormap_rgb (HTC_COLORMAP_VIRIDIS, 1, b);
  g_assert_cmpmem (a, 3, b, 3);
  /* dB is clamped to the range before lookup */
  g_assert_cmphex (htc_colormap_pixel_db (HTC_COLORMAP_MAGMA, -200, -80, 0), ==,
                   htc_colormap_pixel_db (HTC_COLORMAP_MAGMA, -80, -80, 0));
  g_assert_cmphex (htc_colormap_pixel_db (HTC_COLORMAP_GREY, 0, -80, 0), ==, 0xffffffff);
  g_assert_cmphex (htc_colormap_pixel_db (HTC_COLORMAP_GREY, -80, -80, 0), ==, 0xff000000);
}

static void
test_lightness_monotonic (void)
{
  /* The perceptual maps get lighter from 0 to 1: a louder cell never looks darker. */
  for (int c = HTC_COLORMAP_MAGMA; c <= HTC_COLORMAP_CIVIDIS; c++)
    {
      double last = -1;
      for (int i = 0; i <= 64; i++)
        {
          guint8 rgb[3];
          double luma;
          htc_colormap_rgb (c, i / 64.0f, rgb);
          luma = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
          g_assert_cmpfloat (luma, >=, last - 1.0);
          last = luma;
        }
    }
}

static void
test_ids (void)
{
  for (int c = 0; c < HTC_N_COLORMAPS; c++)
    g_assert_cmpint (htc_colormap_from_id (htc_colormap_to_id (c)), ==, c);
  g_assert_cmpint (htc_colormap_from_id ("gray"), ==, HTC_COLORMAP_GREY);
  g_assert_cmpint (htc_colormap_from_id ("jet"), ==, -1);
  g_assert_cmpint (htc_colormap_from_id (NULL), ==, -1);
  g_assert_null (htc_colormap_to_id (HTC_N_COLORMAPS));
}

static void
test_paint (void)
{
  /* 2 bands x 4 frames painted into 2 x 2: max-pooled, lowest band at the bottom. */
  const float values[] = {
    -80, -80, -80, 0,        /* band 0 */
    -40, -80, -80, -80,      /* band 1 */
  };
  guint32 pixels[4];

  htc_colormap_paint (HTC_COLORMAP_GREY, values, 2, 4, -80, 0, (guint8 *) pixels, 2, 2, 8);
  g_assert_cmphex (pixels[0], ==, htc_colormap_pixel_db (HTC_COLORMAP_GREY, -40, -80, 0)); /* top-left */
  g_assert_cmphex (pixels[1], ==, 0xff000000);                                               /* top-right */
  g_assert_cmphex (pixels[2], ==, 0xff000000);                                               /* bottom-left */
  g_assert_cmphex (pixels[3], ==, 0xffffffff);                                               /* bottom-right */
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/colormap/end-points", test_end_points);
  g_test_add_func ("/core/colormap/clamp-and-nan", test_clamp_and_nan);
  g_test_add_func ("/core/colormap/lightness", test_lightness_monotonic);
  g_test_add_func ("/core/colormap/ids", test_ids);
  g_test_add_func ("/core/colormap/paint", test_paint);
  return g_test_run ();
}
