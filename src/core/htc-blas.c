/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <cblas.h>

#include "htc-blas.h"

#ifdef HTC_HAVE_OPENBLAS_SHUTDOWN
/* Exported by OpenBLAS (its fork handler uses it), not declared in cblas.h. */
extern int blas_thread_shutdown_ (void);
#endif

void
htc_blas_single_thread (void)
{
#ifdef HTC_HAVE_OPENBLAS
  if (openblas_get_num_threads () != 1)
    {
      openblas_set_num_threads (1);
#ifdef HTC_HAVE_OPENBLAS_SHUTDOWN
      /* With one thread in use they are never woken again: end them now. */
      blas_thread_shutdown_ ();
#endif
    }
#endif
}
