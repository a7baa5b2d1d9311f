/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "htc-pool-private.h"

typedef struct
{
  HtcPool  *pool;
  size_t    index;
  pthread_t thread;
} Worker;

struct _HtcPool
{
  size_t          n_threads;
  Worker         *workers;     /* n_threads - 1 of them */
  size_t          n_started;
  pthread_mutex_t lock;
  pthread_cond_t  start;
  pthread_cond_t  done;
  unsigned long   generation;
  size_t          pending;
  int             quit;
  /* the current job */
  HtcPoolFunc     func;
  void           *ctx;
  size_t          n;
};

static void
chunk (size_t n, size_t n_threads, size_t i, size_t *begin, size_t *end)
{
  *begin = n * i / n_threads;
  *end = n * (i + 1) / n_threads;
}

static void *
worker_main (void *data)
{
  Worker *w = data;
  HtcPool *pool = w->pool;
  unsigned long seen = 0;

  for (;;)
    {
      size_t begin, end;

      pthread_mutex_lock (&pool->lock);
      while (pool->generation == seen && !pool->quit)
        pthread_cond_wait (&pool->start, &pool->lock);
      if (pool->quit)
        {
          pthread_mutex_unlock (&pool->lock);
          return NULL;
        }
      seen = pool->generation;
      pthread_mutex_unlock (&pool->lock);

      chunk (pool->n, pool->n_threads, w->index, &begin, &end);
      if (begin < end)
        pool->func (pool->ctx, begin, end, w->index);

      pthread_mutex_lock (&pool->lock);
      if (--pool->pending == 0)
        pthread_cond_signal (&pool->done);
      pthread_mutex_unlock (&pool->lock);
    }
}

HtcPool *
htc_pool_new (size_t n_threads)
{
  HtcPool *pool;

  if (n_threads < 1)
    return NULL;
  pool = calloc (1, sizeof *pool);
  if (pool == NULL)
    return NULL;
  pool->n_threads = n_threads;
  pthread_mutex_init (&pool->lock, NULL);
  pthread_cond_init (&pool->start, NULL);
  pthread_cond_init (&pool->done, NULL);
  if (n_threads > 1)
    {
      pool->workers = calloc (n_threads - 1, sizeof (Worker));
      if (pool->workers == NULL)
        {
          htc_pool_free (pool);
          return NULL;
        }
      for (size_t i = 0; i + 1 < n_threads; i++)
        {
          pool->workers[i].pool = pool;
          pool->workers[i].index = i + 1;
          if (pthread_create (&pool->workers[i].thread, NULL, worker_main, &pool->workers[i]) != 0)
            {
              htc_pool_free (pool);
              return NULL;
            }
          pool->n_started++;
        }
    }
  return pool;
}

void
htc_pool_free (HtcPool *pool)
{
  if (pool == NULL)
    return;
  pthread_mutex_lock (&pool->lock);
  pool->quit = 1;
  pthread_cond_broadcast (&pool->start);
  pthread_mutex_unlock (&pool->lock);
  for (size_t i = 0; i < pool->n_started; i++)
    pthread_join (pool->workers[i].thread, NULL);
  pthread_mutex_destroy (&pool->lock);
  pthread_cond_destroy (&pool->start);
  pthread_cond_destroy (&pool->done);
  free (pool->workers);
  free (pool);
}

size_t
htc_pool_n_threads (const HtcPool *pool)
{
  return pool->n_threads;
}

void
htc_pool_run (HtcPool     *pool,
              size_t       n,
              HtcPoolFunc  func,
              void        *ctx)
{
  size_t begin, end;

  if (n == 0)
    return;
  if (pool->n_threads == 1 || n == 1)
    {
      func (ctx, 0, n, 0);
      return;
    }
  pthread_mutex_lock (&pool->lock);
  pool->func = func;
  pool->ctx = ctx;
  pool->n = n;
  pool->pending = pool->n_threads - 1;
  pool->generation++;
  pthread_cond_broadcast (&pool->start);
  pthread_mutex_unlock (&pool->lock);

  chunk (n, pool->n_threads, 0, &begin, &end);
  if (begin < end)
    func (ctx, begin, end, 0);

  pthread_mutex_lock (&pool->lock);
  while (pool->pending > 0)
    pthread_cond_wait (&pool->done, &pool->lock);
  pthread_mutex_unlock (&pool->lock);
}

size_t
htc_pool_default_threads (void)
{
  long n = sysconf (_SC_NPROCESSORS_ONLN);

  if (n < 1)
    return 1;
  return n > 8 ? 8 : (size_t) n;
}
