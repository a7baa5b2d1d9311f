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

int
main (int   argc,
      char *argv[])
{
  g_autoptr(HtApplication) app = NULL;

  ht_timing_init ();   /* bench/app-*: only with HOMETOWN_TIMING set */
  htc_blas_single_thread ();
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
