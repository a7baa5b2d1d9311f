/* htc-status.h: the core's return codes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The core never prints and has no user strings: it returns one of these and the engine
 * turns it into a translated GError (ht-error.c).
 */
#pragma once

typedef enum
{
  HTC_OK = 0,
  HTC_ERROR_NOMEM,
  HTC_ERROR_INVALID_ARG,
  HTC_ERROR_BAD_MODEL,
  HTC_ERROR_NUMERIC,      /* NaN or Inf where a finite number is required */
  HTC_ERROR_CANCELLED,    /* a caller-supplied cancel flag was raised */
} HtcStatus;

/* A stable identifier (not a message) for logs and test output. */
const char *htc_status_to_string (HtcStatus status);
