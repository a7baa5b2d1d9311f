/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "htc-forest.h"
#include "htc-rng.h"

#define MAX_BINS 64
#define MAX_CLASSES 16

/* Leaves have feature < 0 and keep their class distribution at
 * leaf[-(feature + 1) * n_classes]. */
typedef struct
{
  int32_t feature;
  float   threshold;   /* x <= threshold goes left */
  int32_t left;
  int32_t right;
} Node;

typedef struct
{
  Node  *nodes;
  size_t n_nodes, nodes_cap;
  float *leaf;
  size_t n_leaves, leaf_cap;
} Tree;

struct _HtcForest
{
  size_t n_trees;
  size_t n_features;
  size_t n_classes;
  Tree  *trees;
};

/* Shared, read-only training data. */
typedef struct
{
  const HtcForestParams *params;
  size_t                 n, d, n_classes, mtry;
  const int32_t         *y;
  const uint8_t         *bins;      /* feature-major: bins[f * n + i] */
  /* Each sample's features outside their most common bin (sparse data: the non-zeros), so a
   * small node can list the features that vary in it instead of trying all of them. */
  const int64_t         *odd_start; /* n + 1 */
  const uint32_t        *odd;
  const float           *mids;      /* f * MAX_BINS + b: threshold between bin b and b + 1 */
  double                 class_weight[MAX_CLASSES];
  Tree                  *trees;
  int                    next_tree;  /* atomic */
  int                    done;       /* atomic */
  int                    failed;     /* atomic: first HtcStatus != OK */
} Shared;

/* ---- binning ---- */

static int
cmp_float (const void *a,
           const void *b)
{
  float x = *(const float *) a, y = *(const float *) b;
  return (x > y) - (x < y);
}

/* Bin edges of one feature: up to MAX_BINS distinct values ("upper edges") such that bin b
 * holds edges[b - 1] < x <= edges[b]; mids[b] lies between edges[b] and the next value. */
static void
bin_feature (const float *x,
             size_t       n,
             size_t       d,
             size_t       f,
             float       *sorted,
             uint8_t     *bins,
             float       *mids)
{
  float edges[MAX_BINS];
  size_t n_edges = 0, n_distinct = 1;

  for (size_t i = 0; i < n; i++)
    sorted[i] = x[i * d + f];
  qsort (sorted, n, sizeof (float), cmp_float);
  for (size_t i = 1; i < n; i++)
    n_distinct += sorted[i] != sorted[i - 1];

  if (n_distinct <= MAX_BINS)
    {
      edges[n_edges++] = sorted[0];
      for (size_t i = 1; i < n; i++)
        if (sorted[i] != sorted[i - 1])
          edges[n_edges++] = sorted[i];
    }
  else
    {
      for (size_t b = 0; b < MAX_BINS; b++)
        {
          size_t pos = (n * (b + 1)) / MAX_BINS;
          float v = sorted[pos > 0 ? pos - 1 : 0];
          if (n_edges == 0 || v > edges[n_edges - 1])
            edges[n_edges++] = v;
        }
      if (edges[n_edges - 1] < sorted[n - 1])
        edges[n_edges - 1] = sorted[n - 1];
    }
  for (size_t b = 0; b < MAX_BINS; b++)
    mids[b] = INFINITY;
  for (size_t b = 0; b + 1 < n_edges; b++)
    {
      /* The smallest value above edges[b] is the first of the next bin. */
      size_t lo = 0, hi = n;
      while (lo < hi)
        {
          size_t mid = (lo + hi) / 2;
          if (sorted[mid] <= edges[b])
            lo = mid + 1;
          else
            hi = mid;
        }
      mids[b] = edges[b] + (sorted[lo] - edges[b]) * 0.5f;
      if (!(mids[b] > edges[b]))   /* adjacent floats: the midpoint rounds down */
        mids[b] = edges[b];
    }
  for (size_t i = 0; i < n; i++)
    {
      float v = x[i * d + f];
      size_t lo = 0, hi = n_edges - 1;
      while (lo < hi)
        {
          size_t mid = (lo + hi) / 2;
          if (v <= edges[mid])
            hi = mid;
          else
            lo = mid + 1;
        }
      bins[f * n + i] = (uint8_t) lo;
    }
}

/* ---- one tree ---- */

typedef struct
{
  size_t lo, hi, depth;
  int32_t node;
} Task;

typedef struct
{
  Shared   *sh;
  HtcRng    rng;
  uint32_t *samples;    /* in-bag sample ids */
  int32_t  *ys;         /* their classes and weights, in the same order (moved with them) */
  float    *ws;
  float    *w;          /* by sample id: bootstrap count * class weight */
  uint32_t *feats;      /* feature ids, shuffled partially per node */
  uint32_t *cand;       /* features that may vary in the current node */
  uint32_t *feat_mark;  /* by feature: stamp of the node that listed it */
  uint32_t  node_stamp;
  Task     *stack;
  size_t    stack_cap;
  double    hist[MAX_BINS][MAX_CLASSES];
  uint32_t  count[MAX_BINS];
  uint32_t  mark[MAX_BINS];
  uint32_t  stamp;
  uint8_t   touched[MAX_BINS];
} Worker;

static int
tree_add_node (Tree *t)
{
  if (t->n_nodes == t->nodes_cap)
    {
      size_t cap = t->nodes_cap ? t->nodes_cap * 2 : 1024;
      Node *nodes = realloc (t->nodes, cap * sizeof (Node));
      if (nodes == NULL)
        return -1;
      t->nodes = nodes;
      t->nodes_cap = cap;
    }
  return (int) t->n_nodes++;
}

static int
tree_make_leaf (Tree         *t,
                int32_t       node,
                const double *wk,
                size_t        K)
{
  double total = 0;

  if (t->n_leaves == t->leaf_cap)
    {
      size_t cap = t->leaf_cap ? t->leaf_cap * 2 : 512;
      float *leaf = realloc (t->leaf, cap * K * sizeof (float));
      if (leaf == NULL)
        return 0;
      t->leaf = leaf;
      t->leaf_cap = cap;
    }
  for (size_t k = 0; k < K; k++)
    total += wk[k];
  for (size_t k = 0; k < K; k++)
    t->leaf[t->n_leaves * K + k] = total > 0 ? (float) (wk[k] / total) : (float) (1.0 / K);
  t->nodes[node].feature = -(int32_t) t->n_leaves - 1;
  t->nodes[node].threshold = 0;
  t->nodes[node].left = -1;
  t->nodes[node].right = -1;
  t->n_leaves++;
  return 1;
}

/* Best split of samples[lo, hi) on feature f: returns 0 when the feature is constant there or
 * no split leaves min_leaf samples on both sides. */
static int
best_split_on (Worker  *wk,
               size_t   lo,
               size_t   hi,
               uint32_t f,
               double  *score,
               uint8_t *bin_out)
{
  Shared *sh = wk->sh;
  const size_t K = sh->n_classes, min_leaf = sh->params->min_samples_leaf;
  const uint8_t *col = sh->bins + (size_t) f * sh->n;
  size_t n_touched = 0, n_left = 0, n_total = hi - lo;
  double left[MAX_CLASSES] = { 0 }, total[MAX_CLASSES] = { 0 }, w_left = 0, w_total = 0;
  int found = 0;

  wk->stamp++;
  for (size_t i = lo; i < hi; i++)
    {
      uint8_t b = col[wk->samples[i]];
      if (wk->mark[b] != wk->stamp)
        {
          wk->mark[b] = wk->stamp;
          wk->touched[n_touched++] = b;
          memset (wk->hist[b], 0, K * sizeof (double));
          wk->count[b] = 0;
        }
      wk->hist[b][wk->ys[i]] += wk->ws[i];
      wk->count[b]++;
    }
  if (n_touched < 2)
    return 0;
  /* Insertion sort: at most MAX_BINS entries. */
  for (size_t i = 1; i < n_touched; i++)
    {
      uint8_t v = wk->touched[i];
      size_t j = i;
      while (j > 0 && wk->touched[j - 1] > v)
        {
          wk->touched[j] = wk->touched[j - 1];
          j--;
        }
      wk->touched[j] = v;
    }
  for (size_t t = 0; t < n_touched; t++)
    for (size_t k = 0; k < K; k++)
      total[k] += wk->hist[wk->touched[t]][k];
  for (size_t k = 0; k < K; k++)
    w_total += total[k];

  for (size_t t = 0; t + 1 < n_touched; t++)
    {
      uint8_t b = wk->touched[t];
      double sl = 0, sr = 0, w_right, s;
      n_left += wk->count[b];
      for (size_t k = 0; k < K; k++)
        {
          left[k] += wk->hist[b][k];
          w_left += wk->hist[b][k];
        }
      if (n_left < min_leaf || n_total - n_left < min_leaf)
        continue;
      w_right = w_total - w_left;
      if (!(w_left > 0) || !(w_right > 0))
        continue;
      /* Gini decrease = (sum L_k^2 / W_L + sum R_k^2 / W_R - sum P_k^2 / W) / W; the parent
       * term is the same for every candidate, so compare the first two. */
      for (size_t k = 0; k < K; k++)
        {
          double r = total[k] - left[k];
          sl += left[k] * left[k];
          sr += r * r;
        }
      s = sl / w_left + sr / w_right;
      if (!found || s > *score)
        {
          *score = s;
          *bin_out = b;
          found = 1;
        }
    }
  return found;
}

static HtcStatus
grow_tree (Worker *wk,
           size_t  t_index)
{
  Shared *sh = wk->sh;
  const HtcForestParams *p = sh->params;
  const size_t K = sh->n_classes, n = sh->n, d = sh->d;
  Tree *tree = &sh->trees[t_index];
  size_t n_in = 0, top = 0;
  int root;

  htc_rng_init (&wk->rng, p->seed ^ (0x9E3779B97F4A7C15ull * (t_index + 1)));
  for (size_t i = 0; i < n; i++)
    wk->w[i] = 0;
  for (size_t i = 0; i < n; i++)
    wk->w[htc_rng_below (&wk->rng, (uint32_t) n)] += 1.0f;
  for (size_t i = 0; i < n; i++)
    if (wk->w[i] > 0)
      {
        wk->ys[n_in] = sh->y[i];
        wk->ws[n_in] = wk->w[i] * (float) sh->class_weight[sh->y[i]];
        wk->samples[n_in++] = (uint32_t) i;
      }
  for (size_t f = 0; f < d; f++)
    wk->feats[f] = (uint32_t) f;

  if ((root = tree_add_node (tree)) < 0)
    return HTC_ERROR_NOMEM;
  wk->stack[top++] = (Task) { 0, n_in, 0, root };

  while (top > 0)
    {
      Task task = wk->stack[--top];
      double wkc[MAX_CLASSES] = { 0 }, best_score = 0;
      size_t n_classes_present = 0, visited = 0, n_valid = 0;
      uint32_t best_f = 0;
      uint8_t best_bin = 0;
      int have = 0;

      for (size_t i = task.lo; i < task.hi; i++)
        wkc[wk->ys[i]] += wk->ws[i];
      for (size_t k = 0; k < K; k++)
        n_classes_present += wkc[k] > 0;

      if (n_classes_present > 1 && task.hi - task.lo >= 2 * p->min_samples_leaf
          && (p->max_depth == 0 || task.depth < p->max_depth))
        {
          /* Draw features without replacement until mtry of them vary here (more if none of
           * those gave a valid split), as scikit-learn does. A feature all of whose samples
           * sit in its most common bin cannot vary: in a small node, draw only among the
           * features some sample has outside that bin, which is the same draw. */
          uint32_t *pool = wk->feats;
          size_t n_pool = d, odd_total = 0;
          for (size_t i = task.lo; i < task.hi && odd_total < d; i++)
            odd_total += (size_t) (sh->odd_start[wk->samples[i] + 1] - sh->odd_start[wk->samples[i]]);
          if (odd_total < d)
            {
              wk->node_stamp++;
              n_pool = 0;
              for (size_t i = task.lo; i < task.hi; i++)
                {
                  uint32_t smp = wk->samples[i];
                  for (int64_t t = sh->odd_start[smp]; t < sh->odd_start[smp + 1]; t++)
                    if (wk->feat_mark[sh->odd[t]] != wk->node_stamp)
                      {
                        wk->feat_mark[sh->odd[t]] = wk->node_stamp;
                        wk->cand[n_pool++] = sh->odd[t];
                      }
                }
              pool = wk->cand;
            }
          while (visited < n_pool && (n_valid < sh->mtry || !have))
            {
              uint32_t j = (uint32_t) visited + htc_rng_below (&wk->rng, (uint32_t) (n_pool - visited));
              uint32_t f = pool[j];
              double score = 0;
              uint8_t bin = 0;
              pool[j] = pool[visited];
              pool[visited] = f;
              visited++;
              if (best_split_on (wk, task.lo, task.hi, f, &score, &bin))
                {
                  n_valid++;
                  if (!have || score > best_score)
                    {
                      best_score = score;
                      best_f = f;
                      best_bin = bin;
                      have = 1;
                    }
                }
            }
        }

      if (!have)
        {
          if (!tree_make_leaf (tree, task.node, wkc, K))
            return HTC_ERROR_NOMEM;
          continue;
        }

      {
        const uint8_t *col = sh->bins + (size_t) best_f * n;
        size_t i = task.lo, j = task.hi;
        int left, right;
        while (i < j)
          {
            if (col[wk->samples[i]] <= best_bin)
              i++;
            else
              {
                uint32_t tmp = wk->samples[i];
                int32_t ty = wk->ys[i];
                float tw = wk->ws[i];
                j--;
                wk->samples[i] = wk->samples[j];
                wk->ys[i] = wk->ys[j];
                wk->ws[i] = wk->ws[j];
                wk->samples[j] = tmp;
                wk->ys[j] = ty;
                wk->ws[j] = tw;
              }
          }
        if (top + 2 > wk->stack_cap)
          {
            size_t cap = wk->stack_cap * 2;
            Task *st = realloc (wk->stack, cap * sizeof (Task));
            if (st == NULL)
              return HTC_ERROR_NOMEM;
            wk->stack = st;
            wk->stack_cap = cap;
          }
        left = tree_add_node (tree);
        right = tree_add_node (tree);
        if (left < 0 || right < 0)
          return HTC_ERROR_NOMEM;
        tree->nodes[task.node].feature = (int32_t) best_f;
        tree->nodes[task.node].threshold = sh->mids[(size_t) best_f * MAX_BINS + best_bin];
        tree->nodes[task.node].left = left;
        tree->nodes[task.node].right = right;
        wk->stack[top++] = (Task) { i, task.hi, task.depth + 1, right };
        wk->stack[top++] = (Task) { task.lo, i, task.depth + 1, left };
      }
    }
  return HTC_OK;
}

static void *
worker_thread (void *data)
{
  Worker *wk = data;
  Shared *sh = wk->sh;

  for (;;)
    {
      int t = __atomic_fetch_add (&sh->next_tree, 1, __ATOMIC_RELAXED);
      HtcStatus s;
      if ((size_t) t >= sh->params->n_trees || __atomic_load_n (&sh->failed, __ATOMIC_RELAXED))
        break;
      if (sh->params->cancel && *sh->params->cancel)
        s = HTC_ERROR_CANCELLED;
      else
        s = grow_tree (wk, (size_t) t);
      if (s != HTC_OK)
        {
          int expected = 0;
          __atomic_compare_exchange_n (&sh->failed, &expected, (int) s, 0, __ATOMIC_RELAXED,
                                       __ATOMIC_RELAXED);
          break;
        }
      __atomic_fetch_add (&sh->done, 1, __ATOMIC_RELAXED);
    }
  return NULL;
}

static void
worker_free (Worker *wk)
{
  free (wk->samples);
  free (wk->ys);
  free (wk->ws);
  free (wk->w);
  free (wk->feats);
  free (wk->cand);
  free (wk->feat_mark);
  free (wk->stack);
}

static int
worker_init (Worker *wk,
             Shared *sh)
{
  memset (wk, 0, sizeof *wk);
  wk->sh = sh;
  wk->samples = malloc (sh->n * sizeof (uint32_t));
  wk->ys = malloc (sh->n * sizeof (int32_t));
  wk->ws = malloc (sh->n * sizeof (float));
  wk->w = malloc (sh->n * sizeof (float));
  wk->feats = malloc (sh->d * sizeof (uint32_t));
  wk->cand = malloc (sh->d * sizeof (uint32_t));
  wk->feat_mark = calloc (sh->d, sizeof (uint32_t));
  wk->stack_cap = 256;
  wk->stack = malloc (wk->stack_cap * sizeof (Task));
  return wk->samples && wk->ys && wk->ws && wk->w && wk->feats && wk->cand && wk->feat_mark && wk->stack;
}

typedef struct
{
  Worker   *wk;
  pthread_t thread;
  int       started;
} Slot;

void
htc_forest_free (HtcForest *forest)
{
  if (forest == NULL)
    return;
  for (size_t t = 0; forest->trees && t < forest->n_trees; t++)
    {
      free (forest->trees[t].nodes);
      free (forest->trees[t].leaf);
    }
  free (forest->trees);
  free (forest);
}

HtcStatus
htc_forest_train (const HtcForestParams *params,
                  const float           *x,
                  size_t                 n_samples,
                  size_t                 n_features,
                  const int32_t         *y,
                  size_t                 n_classes,
                  HtcForest            **out)
{
  Shared sh;
  HtcForest *forest = NULL;
  uint8_t *bins = NULL, *mode = NULL;
  float *mids = NULL, *sorted = NULL;
  int64_t *odd_start = NULL;
  uint32_t *odd = NULL;
  Worker *workers = NULL;
  Slot *slots = NULL;
  size_t n_threads, count[MAX_CLASSES] = { 0 };
  HtcStatus s = HTC_OK;

  if (out == NULL)
    return HTC_ERROR_INVALID_ARG;
  *out = NULL;
  if (params == NULL || params->n_trees < 1 || params->min_samples_leaf < 1
      || params->n_threads < 1 || x == NULL || y == NULL || n_samples < 2
      || n_samples >= UINT32_MAX || n_features < 1 || n_features >= UINT32_MAX
      || n_classes < 2 || n_classes > MAX_CLASSES || params->n_trees > INT32_MAX / 2)
    return HTC_ERROR_INVALID_ARG;
  for (size_t i = 0; i < n_samples; i++)
    {
      if (y[i] < 0 || (size_t) y[i] >= n_classes)
        return HTC_ERROR_INVALID_ARG;
      count[y[i]]++;
    }
  for (size_t i = 0; i < n_samples * n_features; i++)
    if (!isfinite (x[i]))
      return HTC_ERROR_NUMERIC;

  memset (&sh, 0, sizeof sh);
  sh.params = params;
  sh.n = n_samples;
  sh.d = n_features;
  sh.n_classes = n_classes;
  sh.y = y;
  sh.mtry = params->max_features ? params->max_features
                                 : (size_t) floor (sqrt ((double) n_features) + 0.5);
  if (sh.mtry < 1)
    sh.mtry = 1;
  if (sh.mtry > n_features)
    sh.mtry = n_features;
  for (size_t k = 0; k < n_classes; k++)
    sh.class_weight[k] = (params->balanced && count[k] > 0)
                           ? (double) n_samples / ((double) n_classes * (double) count[k]) : 1.0;

  bins = malloc (n_samples * n_features);
  mids = malloc (n_features * MAX_BINS * sizeof (float));
  sorted = malloc (n_samples * sizeof (float));
  forest = calloc (1, sizeof *forest);
  if (bins == NULL || mids == NULL || sorted == NULL || forest == NULL)
    {
      s = HTC_ERROR_NOMEM;
      goto done;
    }
  for (size_t f = 0; f < n_features; f++)
    bin_feature (x, n_samples, n_features, f, sorted, bins, mids + f * MAX_BINS);
  sh.bins = bins;
  sh.mids = mids;

  /* Each feature's most common bin, then each sample's features outside it. */
  mode = malloc (n_features);
  odd_start = calloc (n_samples + 1, sizeof (int64_t));
  if (mode == NULL || odd_start == NULL)
    {
      s = HTC_ERROR_NOMEM;
      goto done;
    }
  for (size_t f = 0; f < n_features; f++)
    {
      size_t hist[MAX_BINS] = { 0 }, best = 0;
      for (size_t i = 0; i < n_samples; i++)
        hist[bins[f * n_samples + i]]++;
      for (size_t b = 1; b < MAX_BINS; b++)
        if (hist[b] > hist[best])
          best = b;
      mode[f] = (uint8_t) best;
      for (size_t i = 0; i < n_samples; i++)
        odd_start[i + 1] += bins[f * n_samples + i] != mode[f];
    }
  for (size_t i = 0; i < n_samples; i++)
    odd_start[i + 1] += odd_start[i];
  odd = malloc ((odd_start[n_samples] ? (size_t) odd_start[n_samples] : 1) * sizeof (uint32_t));
  if (odd == NULL)
    {
      s = HTC_ERROR_NOMEM;
      goto done;
    }
  {
    int64_t *next = malloc (n_samples * sizeof (int64_t));
    if (next == NULL)
      {
        s = HTC_ERROR_NOMEM;
        goto done;
      }
    memcpy (next, odd_start, n_samples * sizeof (int64_t));
    for (size_t f = 0; f < n_features; f++)
      for (size_t i = 0; i < n_samples; i++)
        if (bins[f * n_samples + i] != mode[f])
          odd[next[i]++] = (uint32_t) f;
    free (next);
  }
  sh.odd_start = odd_start;
  sh.odd = odd;

  forest->n_features = n_features;
  forest->n_classes = n_classes;
  forest->n_trees = params->n_trees;
  forest->trees = calloc (params->n_trees, sizeof (Tree));
  if (forest->trees == NULL)
    {
      s = HTC_ERROR_NOMEM;
      goto done;
    }
  sh.trees = forest->trees;

  n_threads = params->n_threads < params->n_trees ? params->n_threads : params->n_trees;
  workers = calloc (n_threads, sizeof (Worker));
  slots = calloc (n_threads, sizeof (Slot));
  if (workers == NULL || slots == NULL)
    {
      s = HTC_ERROR_NOMEM;
      goto done;
    }
  for (size_t t = 0; t < n_threads; t++)
    if (!worker_init (&workers[t], &sh))
      s = HTC_ERROR_NOMEM;
  if (s != HTC_OK)
    goto done;
  for (size_t t = 1; t < n_threads; t++)
    {
      slots[t].wk = &workers[t];
      slots[t].started = pthread_create (&slots[t].thread, NULL, worker_thread, &workers[t]) == 0;
    }
  /* This thread grows trees too, one at a time, reporting progress between them. */
  for (;;)
    {
      int t = __atomic_fetch_add (&sh.next_tree, 1, __ATOMIC_RELAXED);
      HtcStatus ts;
      if ((size_t) t >= params->n_trees || __atomic_load_n (&sh.failed, __ATOMIC_RELAXED))
        break;
      ts = (params->cancel && *params->cancel) ? HTC_ERROR_CANCELLED : grow_tree (&workers[0], (size_t) t);
      if (ts != HTC_OK)
        {
          int expected = 0;
          __atomic_compare_exchange_n (&sh.failed, &expected, (int) ts, 0, __ATOMIC_RELAXED,
                                       __ATOMIC_RELAXED);
          break;
        }
      __atomic_fetch_add (&sh.done, 1, __ATOMIC_RELAXED);
      if (params->progress)
        params->progress (params->progress_ctx,
                          (double) __atomic_load_n (&sh.done, __ATOMIC_RELAXED) / (double) params->n_trees);
    }
  for (size_t t = 1; t < n_threads; t++)
    {
      if (slots[t].started)
        pthread_join (slots[t].thread, NULL);
      else
        worker_thread (&workers[t]);   /* could not start: do its share here */
    }
  if (sh.failed)
    s = (HtcStatus) sh.failed;

done:
  for (size_t t = 0; workers && t < n_threads; t++)
    worker_free (&workers[t]);
  free (workers);
  free (slots);
  free (bins);
  free (mids);
  free (sorted);
  free (mode);
  free (odd_start);
  free (odd);
  if (s != HTC_OK)
    {
      htc_forest_free (forest);
      return s;
    }
  *out = forest;
  return HTC_OK;
}

size_t
htc_forest_n_trees (const HtcForest *forest)
{
  return forest ? forest->n_trees : 0;
}

size_t
htc_forest_n_nodes (const HtcForest *forest)
{
  size_t n = 0;
  for (size_t t = 0; forest && t < forest->n_trees; t++)
    n += forest->trees[t].n_nodes;
  return n;
}

size_t
htc_forest_n_features (const HtcForest *forest)
{
  return forest ? forest->n_features : 0;
}

void
htc_forest_predict_proba (const HtcForest *forest,
                          const float     *row,
                          float           *proba)
{
  double acc[MAX_CLASSES] = { 0 };
  size_t K;

  if (forest == NULL || row == NULL || proba == NULL)
    return;
  K = forest->n_classes;
  for (size_t t = 0; t < forest->n_trees; t++)
    {
      const Tree *tree = &forest->trees[t];
      const Node *node = &tree->nodes[0];
      const float *leaf;
      while (node->feature >= 0)
        node = &tree->nodes[row[node->feature] <= node->threshold ? node->left : node->right];
      leaf = tree->leaf + (size_t) (-(node->feature + 1)) * K;
      for (size_t k = 0; k < K; k++)
        acc[k] += leaf[k];
    }
  for (size_t k = 0; k < K; k++)
    proba[k] = (float) (acc[k] / (double) forest->n_trees);
}
