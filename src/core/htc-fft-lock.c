/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <pthread.h>

#include "htc-fft-private.h"

static pthread_mutex_t planner_mutex = PTHREAD_MUTEX_INITIALIZER;

void
_htc_fft_planner_lock (void)
{
  pthread_mutex_lock (&planner_mutex);
}

void
_htc_fft_planner_unlock (void)
{
  pthread_mutex_unlock (&planner_mutex);
}
