/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "htc-status.h"

const char *
htc_status_to_string (HtcStatus status)
{
  switch (status)
    {
    case HTC_OK: return "ok";
    case HTC_ERROR_NOMEM: return "out-of-memory";
    case HTC_ERROR_INVALID_ARG: return "invalid-argument";
    case HTC_ERROR_BAD_MODEL: return "bad-model";
    case HTC_ERROR_NUMERIC: return "non-finite-number";
    case HTC_ERROR_CANCELLED: return "cancelled";
    default: return "unknown";
    }
}
