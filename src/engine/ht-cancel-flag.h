/* ht-cancel-flag.h: a GCancellable seen by the core as the `const volatile int *cancel` its
 * long loops poll.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  volatile int  flag;
  GCancellable *cancellable;
  gulong        handler;
} HtCancelFlag;

static inline void
ht_cancel_flag_on_cancelled_cb (GCancellable *cancellable,
                                gpointer      user_data)
{
  ((HtCancelFlag *) user_data)->flag = 1;
}

/* Connects; the flag is raised at once when the cancellable is already cancelled. */
static inline void
ht_cancel_flag_init (HtCancelFlag *cf,
                     GCancellable *cancellable)
{
  cf->flag = 0;
  cf->cancellable = cancellable;
  cf->handler = cancellable == NULL ? 0
                : g_cancellable_connect (cancellable, G_CALLBACK (ht_cancel_flag_on_cancelled_cb),
                                         cf, NULL);
}

static inline void
ht_cancel_flag_clear (HtCancelFlag *cf)
{
  if (cf->cancellable != NULL && cf->handler != 0)
    g_cancellable_disconnect (cf->cancellable, cf->handler);
  cf->handler = 0;
}

G_END_DECLS
