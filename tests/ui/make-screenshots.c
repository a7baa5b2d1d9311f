/* make-screenshots.c: the screenshots in data/screenshots/ (the AppStream metainfo shows them),
 * taken from the real window through GTK's own renderer. Run by tools/make-screenshots.sh,
 * which prepares the tracks, lyrics and an audio model; not a test.
 *
 * Usage: make-screenshots OUTDIR TRACK...
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <gst/gst.h>

#include "ht-application.h"
#include "ht-library-page.h"
#include "ht-track-page-private.h"
#include "ht-window-private.h"
#include "ht-window.h"
#include "ht-test-ui.h"

#define SHOT_WIDTH  1280
#define SHOT_HEIGHT 860

static HtApplication *app;
static char *outdir;
static GFile **files;
static int n_files;
static int status = 1;


static void
shoot (HtWindow   *w,
       const char *name)
{
  g_autofree char *tmp = NULL;
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *dest = g_build_filename (outdir, file, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) from = NULL;
  g_autoptr(GFile) to = NULL;

  /* Let transitions, spinners and the spectrogram's texture settle first. */
  ht_test_ui_spin (1500);
  tmp = ht_test_ui_screenshot (GTK_WIDGET (w), name);
  from = g_file_new_for_path (tmp);
  to = g_file_new_for_path (dest);
  if (!g_file_move (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error))
    g_error ("%s", error->message);
  g_print ("%s\n", dest);
}

/* Scrolls the page so that `widget` is near the top of its scrolled window. */
static void
scroll_to (GtkWidget *widget)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adj;
  graphene_point_t p;

  g_assert_nonnull (scroller);
  g_assert_true (gtk_widget_compute_point (widget, gtk_scrolled_window_get_child (
                                             GTK_SCROLLED_WINDOW (scroller)),
                                           &GRAPHENE_POINT_INIT (0, 0), &p));
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  gtk_adjustment_set_value (adj, MAX (0, p.y - 12));
}

static void
select_track (HtWindow *w,
              guint     position)
{
  GtkSelectionModel *model = gtk_list_view_get_model (_ht_window_get_list_view (w));

  gtk_selection_model_select_item (model, position, TRUE);
}

static void
run_cb (HtWindow *w)
{
  HtTrackPage *page = _ht_window_get_track_page (w);

  g_application_open (G_APPLICATION (app), files, n_files, "");
  ht_test_ui_wait (ht_test_ui_window_is_idle, w, 300, "the analysis of every track");

  /* The first track: its spectrogram and timeline, then the verdict, the cards and the map. */
  select_track (w, 0);
  ht_test_ui_spin (500);
  shoot (w, "spectrogram");
  scroll_to (GTK_WIDGET (_ht_track_page_get_combined_card (page)));
  shoot (w, "predictions");

  gtk_widget_activate_action (GTK_WIDGET (w), "win.show-library", NULL);
  shoot (w, "track-list");

  status = 0;
  g_application_quit (G_APPLICATION (app));
}

static void
on_activate_cb (GApplication *application)
{
  GtkWindow *w = gtk_application_get_active_window (GTK_APPLICATION (application));

  gtk_window_set_default_size (w, SHOT_WIDTH, SHOT_HEIGHT);
  gtk_window_unmaximize (w);
  /* Once the window is on screen. */
  g_timeout_add_once (300, (GSourceOnceFunc) run_cb, w);
}

int
main (int   argc,
      char *argv[])
{
  if (argc < 3)
    {
      g_printerr ("usage: %s OUTDIR TRACK...\n", argv[0]);
      return 2;
    }
  if (!gtk_init_check ())
    {
      g_printerr ("make-screenshots: no display\n");
      return 1;
    }
  gst_init (&argc, &argv);
  outdir = argv[1];
  n_files = argc - 2;
  files = g_new0 (GFile *, n_files);
  for (int i = 0; i < n_files; i++)
    files[i] = g_file_new_for_commandline_arg (argv[i + 2]);

  app = ht_application_new ("io.github.hometownapp.Hometown.Screenshots",
                            G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate_cb), NULL);
  g_application_run (G_APPLICATION (app), 0, NULL);
  g_clear_object (&app);
  for (int i = 0; i < n_files; i++)
    g_object_unref (files[i]);
  g_free (files);
  return status;
}
