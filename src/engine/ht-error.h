/* ht-error.h: the engine's error domain.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "htc-status.h"

G_BEGIN_DECLS

#define HT_ERROR (ht_error_quark ())

typedef enum
{
  HT_ERROR_FAILED,              /* catch-all, kept first */
  HT_ERROR_NOT_FOUND,           /* the file does not exist */
  HT_ERROR_NOT_A_FILE,          /* a directory or a device */
  HT_ERROR_PERMISSION,          /* cannot be read */
  HT_ERROR_EMPTY,               /* zero bytes, or an audio file with no samples */
  HT_ERROR_UNSUPPORTED_FORMAT,  /* not audio, or no decoder for it */
  HT_ERROR_CORRUPT,             /* audio, but damaged beyond use */
  HT_ERROR_TOO_LONG,            /* over the supported duration */
  HT_ERROR_MODEL_CORRUPT,       /* a model file is damaged or inconsistent */
  HT_ERROR_NO_MODEL,            /* no model of that kind exists yet */
  HT_ERROR_INVALID_ARGUMENT,
} HtError;

GQuark   ht_error_quark        (void);

/* The one place an HtcStatus becomes a translated message. `what` names the thing that was
 * being worked on (a file's display name, a model's path); it may be NULL. */
gboolean ht_error_check_status (HtcStatus    status,
                                const char  *what,
                                GError     **error);

G_END_DECLS
