/* main.c: the hometown executable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hometown"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/gst.h>
#include <locale.h>

#include "ht-application.h"
#include "ht-timing.h"
#include "htc-blas.h"

/* TRUE when the machine offers a GPU for rendering (a DRM render node). */
static gboolean
has_render_node (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/dev/dri", 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "renderD"))
      return TRUE;
  return FALSE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(HtApplication) app = NULL;

  ht_timing_init ();   /* bench/app-*: only with HOMETOWN_TIMING set */
  htc_blas_single_thread ();
  /* Without a GPU, GTK 4.8's GL renderer runs on Mesa's software rasteriser: its threads take
   * the cores the analysis needs, and it compiles shaders on the main thread at a page's first
   * showing (0.7 s measured). Cairo draws this app faster on the CPU. GSK_RENDERER, if the
   * user set it, wins. */
  if (!has_render_node ())
    g_setenv ("GSK_RENDERER", "cairo", FALSE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Decoding falls back to GStreamer for formats libsndfile lacks. */
  gst_init (&argc, &argv);

  g_set_application_name (_("Hometown"));
  app = ht_application_new (APP_ID, G_APPLICATION_DEFAULT_FLAGS);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
