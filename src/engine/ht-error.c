/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-error"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ht-error.h"

G_DEFINE_QUARK (ht-error-quark, ht_error)

gboolean
ht_error_check_status (HtcStatus    status,
                       const char  *what,
                       GError     **error)
{
  if (what == NULL)
    what = "";
  switch (status)
    {
    case HTC_OK:
      return TRUE;
    case HTC_ERROR_NOMEM:
      g_set_error (error, HT_ERROR, HT_ERROR_FAILED,
                   /* Translators: %s is a file name */
                   _("Not enough memory to analyse “%s”"), what);
      return FALSE;
    case HTC_ERROR_BAD_MODEL:
      g_set_error (error, HT_ERROR, HT_ERROR_MODEL_CORRUPT,
                   _("The model file “%s” is damaged or inconsistent"), what);
      return FALSE;
    case HTC_ERROR_NUMERIC:
      g_set_error (error, HT_ERROR, HT_ERROR_FAILED,
                   _("A computation on “%s” produced an invalid number"), what);
      return FALSE;
    case HTC_ERROR_CANCELLED:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Operation was cancelled"));
      return FALSE;
    case HTC_ERROR_INVALID_ARG:
    default:
      g_set_error (error, HT_ERROR, HT_ERROR_INVALID_ARGUMENT,
                   _("Analysis of “%s” failed (%s)"), what, htc_status_to_string (status));
      return FALSE;
    }
}
