/* ht-test-cli.h: running the real hometown-cli ($HOMETOWN_CLI) from a test (header-only).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <stdarg.h>

typedef struct
{
  int   status;   /* the exit status; 128 + the signal when one ended it */
  char *out;
  char *err;
} HtTestRun;

static inline void
ht_test_run_clear (HtTestRun *r)
{
  g_free (r->out);
  g_free (r->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HtTestRun, ht_test_run_clear)

/* Runs the CLI with the NULL-terminated arguments, `stdin_text` on standard input (NULL:
 * empty), and waits; what it printed and its status land in `r`, and in the test log. */
static inline void
ht_test_cli_run_stdin (HtTestRun  *r,
                       const char *stdin_text,
                       ...)
{
  const char *cli = g_getenv ("HOMETOWN_CLI");
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list ap;

  g_assert_nonnull (cli);
  g_ptr_array_add (args, (gpointer) cli);
  va_start (ap, stdin_text);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  proc = g_subprocess_newv ((const char * const *) args->pdata,
                            G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                              | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, stdin_text != NULL ? stdin_text : "", NULL, &r->out,
                                 &r->err, &error);
  g_assert_no_error (error);
  r->status = g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc)
                                                : 128 + g_subprocess_get_term_sig (proc);
  g_test_message ("exit %d\nstdout: %s\nstderr: %s", r->status, r->out, r->err);
}

/* The same with nothing on standard input. */
#define ht_test_cli_run(r, ...) ht_test_cli_run_stdin ((r), NULL, __VA_ARGS__)
