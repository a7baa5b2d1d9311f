/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hometown-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <stdio.h>
#include <unistd.h>

#include "ht-cli.h"

void
ht_cli_print_error (const GError *error)
{
  ht_cli_progress (NULL, -1);
  g_printerr ("hometown-cli: %s\n", error->message);
}

void
ht_cli_printerr (const char *format,
                 ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  ht_cli_progress (NULL, -1);
  g_printerr ("hometown-cli: %s\n", msg);
}

gboolean
ht_cli_parse_options (GOptionContext *context,
                      int            *argc,
                      char         ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      ht_cli_print_error (error);
      g_printerr (_("Try “%s --help”.\n"), (*argv)[0]);
      return FALSE;
    }
  return TRUE;
}

static gboolean
on_signal_cb (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_CONTINUE;
}

static gpointer
signal_thread (gpointer user_data)
{
  GMainContext *context = user_data;
  for (;;)
    g_main_context_iteration (context, TRUE);
  return NULL;
}

GCancellable *
ht_cli_get_cancellable (void)
{
  static GCancellable *cancellable;

  if (g_once_init_enter (&cancellable))
    {
      /* The signal sources run on a context of their own, on a thread of their own, so
       * Ctrl-C cancels even while the main thread is busy in a synchronous loop. */
      GCancellable *c = g_cancellable_new ();
      GMainContext *context = g_main_context_new ();
      GSource *sources[2] = { g_unix_signal_source_new (SIGINT), g_unix_signal_source_new (SIGTERM) };

      for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
        {
          g_source_set_callback (sources[i], on_signal_cb, c, NULL);
          g_source_attach (sources[i], context);
          g_source_unref (sources[i]);
        }
      g_thread_unref (g_thread_new ("signals", signal_thread, context));
      g_once_init_leave (&cancellable, c);
    }
  return cancellable;
}

gboolean
ht_cli_stderr_is_tty (void)
{
  return isatty (STDERR_FILENO);
}

void
ht_cli_progress (const char *label,
                 double      fraction)
{
  static gboolean shown;
  const int width = 30;
  int filled;
  char bar[64];

  if (!ht_cli_stderr_is_tty ())
    return;
  if (fraction < 0)
    {
      if (shown)
        fputs ("\r\033[K", stderr);
      shown = FALSE;
      return;
    }
  fraction = CLAMP (fraction, 0.0, 1.0);
  filled = (int) (fraction * width + 0.5);
  for (int i = 0; i < width; i++)
    bar[i] = i < filled ? '#' : '.';
  bar[width] = '\0';
  fprintf (stderr, "\r\033[K%s [%s] %3d%%", label ? label : "", bar, (int) (fraction * 100 + 0.5));
  fflush (stderr);
  shown = TRUE;
}
