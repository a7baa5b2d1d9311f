/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-lyrics-eval"

#include "config.h"

#include <cairo.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "ht-cancel-flag.h"
#include "ht-error.h"
#include "ht-lyrics-eval.h"
#include "htc-calibration.h"
#include "htc-chi2.h"
#include "htc-forest.h"

#define K HT_LYRICS_N_REGIONS

const char *
ht_lyrics_decade_label (HtLyricsDecade decade)
{
  switch (decade)
    {
    case HT_LYRICS_DECADE_BEFORE_1990: return _("before 1990");
    case HT_LYRICS_DECADE_1990S: return _("1990s");
    case HT_LYRICS_DECADE_2000S: return _("2000s");
    case HT_LYRICS_DECADE_2010S: return _("2010s");
    case HT_LYRICS_DECADE_2020S: return _("2020s");
    case HT_LYRICS_DECADE_UNKNOWN: return _("year unknown");
    case HT_LYRICS_N_DECADES:
    default: return NULL;
    }
}

static HtLyricsDecade
decade_of (int year)
{
  if (year <= 0)
    return HT_LYRICS_DECADE_UNKNOWN;
  if (year < 1990)
    return HT_LYRICS_DECADE_BEFORE_1990;
  if (year < 2000)
    return HT_LYRICS_DECADE_1990S;
  if (year < 2010)
    return HT_LYRICS_DECADE_2000S;
  if (year < 2020)
    return HT_LYRICS_DECADE_2010S;
  return HT_LYRICS_DECADE_2020S;
}

static int32_t
argmax (const float *v)
{
  int32_t best = 0;
  for (int32_t k = 1; k < K; k++)
    if (v[k] > v[best])
      best = k;
  return best;
}

/* Wraps the caller's stage callback with a prefix ("fold 2/5: ") and a sub-range. */
typedef struct
{
  HtLyricsStageFunc stage;
  gpointer          user_data;
  char             *prefix;
  double            lo, hi;
} Stage;

static void
on_sub_stage (const char *label,
              double      fraction,
              gpointer    user_data)
{
  Stage *s = user_data;
  g_autofree char *text = NULL;

  if (s->stage == NULL)
    return;
  text = g_strdup_printf ("%s%s", s->prefix ? s->prefix : "", label);
  s->stage (text, s->lo + (s->hi - s->lo) * CLAMP (fraction, 0.0, 1.0), s->user_data);
}

static void
rows_of_fold (const guint *fold,
              gsize        n,
              guint        f,
              GArray      *out)
{
  g_array_set_size (out, 0);
  for (gsize i = 0; i < n; i++)
    if (fold[i] == f)
      g_array_append_val (out, i);
}

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

gboolean
ht_lyrics_choose_c (HtLyricsDataset      *dataset,
                    const HtLyricsConfig *config,
                    const gsize          *rows,
                    gsize                 n_rows,
                    double               *c_out,
                    double               *temperature_out,
                    HtcMetrics           *inner_metrics,
                    HtcMetrics           *per_c_metrics,
                    GCancellable         *cancellable,
                    HtLyricsStageFunc     stage,
                    gpointer              user_data,
                    GError              **error)
{
  gsize n_all = ht_lyrics_dataset_get_n_rows (dataset);
  const int32_t *y = ht_lyrics_dataset_get_labels (dataset);
  guint kf = MAX (config->inner_folds, 2);
  double grid[HT_LYRICS_MAX_C_GRID];
  guint n_grid;
  g_autofree guint *fold = g_new (guint, n_all);
  g_autofree float *oof = NULL;
  g_autofree int32_t *y_rows = g_new (int32_t, n_rows);
  g_autofree int32_t *pred = g_new (int32_t, n_rows);
  g_autofree gsize *pos = g_new (gsize, n_all);   /* dataset row -> index in rows */
  g_autoptr(GArray) test = g_array_new (FALSE, FALSE, sizeof (gsize));
  double best_f1 = -1;
  guint best = 0;

  if (config->c > 0)
    {
      grid[0] = config->c;
      n_grid = 1;
    }
  else
    {
      n_grid = MIN (config->n_c_grid, HT_LYRICS_MAX_C_GRID);
      memcpy (grid, config->c_grid, n_grid * sizeof (double));
      qsort (grid, n_grid, sizeof (double), (GCompareFunc) cmp_double);
    }
  g_return_val_if_fail (n_grid > 0, FALSE);

  oof = g_new0 (float, (gsize) n_grid * n_rows * K);
  for (gsize t = 0; t < n_rows; t++)
    {
      pos[rows[t]] = t;
      y_rows[t] = y[rows[t]];
    }
  ht_lyrics_dataset_grouped_folds (dataset, rows, n_rows, kf, config->seed + 1, fold, NULL);

  for (guint f = 0; f < kf; f++)
    {
      g_autoptr(GArray) train = ht_lyrics_dataset_train_rows (dataset, fold, f, TRUE, NULL);
      HtLyricsFit fit = { 0 };
      g_autofree float *logits = NULL;

      rows_of_fold (fold, n_all, f, test);
      logits = g_new (float, test->len * K);
      /* Weakest regularisation last: each C starts from the previous solution. */
      for (guint g = 0; g < n_grid; g++)
        {
          g_autofree char *prefix = g_strdup_printf (_("inner fold %u/%u, C = %g: "), f + 1, kf, grid[g]);
          Stage sub = { stage, user_data, prefix, (double) (f * n_grid + g) / (kf * n_grid),
                        (double) (f * n_grid + g + 1) / (kf * n_grid) };
          if (!ht_lyrics_dataset_fit (dataset, config, (gsize *) train->data, train->len, grid[g],
                                      &fit, cancellable, on_sub_stage, &sub, error))
            {
              ht_lyrics_fit_clear (&fit);
              return FALSE;
            }
          ht_lyrics_dataset_logits (dataset, &fit, (gsize *) test->data, test->len, logits);
          for (guint t = 0; t < test->len; t++)
            memcpy (oof + ((gsize) g * n_rows + pos[g_array_index (test, gsize, t)]) * K,
                    logits + (gsize) t * K, K * sizeof (float));
        }
      ht_lyrics_fit_clear (&fit);
    }

  for (guint g = 0; g < n_grid; g++)
    {
      HtcMetrics m;
      for (gsize t = 0; t < n_rows; t++)
        pred[t] = argmax (oof + ((gsize) g * n_rows + t) * K);
      htc_metrics_compute (y_rows, pred, n_rows, K, &m);
      if (per_c_metrics)
        per_c_metrics[g] = m;
      g_debug ("inner CV C=%g: accuracy %.3f, macro-F1 %.3f", grid[g], m.accuracy, m.macro_f1);
      if (m.macro_f1 > best_f1)
        {
          best_f1 = m.macro_f1;
          best = g;
          if (inner_metrics)
            *inner_metrics = m;
        }
    }
  *c_out = grid[best];
  if (temperature_out)
    {
      HtcStatus s = htc_calibration_fit_temperature (oof + (gsize) best * n_rows * K, y_rows, NULL,
                                                     n_rows, K, temperature_out);
      if (!ht_error_check_status (s, _("lyrics corpus"), error))
        return FALSE;
    }
  return TRUE;
}

static HtLyricsEvalResult *
result_new (const char *model,
            const char *split,
            gsize       n)
{
  HtLyricsEvalResult *r = g_new0 (HtLyricsEvalResult, 1);
  r->model = g_strdup (model);
  r->split = g_strdup (split);
  r->predicted = g_new0 (int32_t, n);
  r->proba = g_new0 (float, n * K);
  return r;
}

static void
result_free (HtLyricsEvalResult *r)
{
  g_free (r->model);
  g_free (r->split);
  g_free (r->predicted);
  g_free (r->proba);
  g_free (r);
}

/* Metrics over the listed rows whose slice is `which` (all of them when slice is NULL). */
static void
metrics_over (const HtLyricsEvalResult *r,
              const int32_t            *y,
              const gsize              *rows,
              gsize                     n_rows,
              const guint              *slice,
              guint                     which,
              HtcMetrics               *out)
{
  g_autofree int32_t *yt = g_new (int32_t, n_rows + 1), *yp = g_new (int32_t, n_rows + 1);
  gsize m = 0;

  for (gsize t = 0; t < n_rows; t++)
    if (slice == NULL || slice[t] == which)
      {
        yt[m] = y[rows[t]];
        yp[m++] = r->predicted[rows[t]];
      }
  htc_metrics_compute (yt, yp, m, K, out);
}

/* Artist-level figures over the listed rows: each artist's songs vote for a region (ties by
 * summed probability). */
static void
result_vote_by_artist (HtLyricsEvalResult *r,
                       HtLyricsDataset    *dataset,
                       const gsize        *rows,
                       gsize               n_rows)
{
  const int32_t *y = ht_lyrics_dataset_get_labels (dataset);
  const uint32_t *artist = ht_lyrics_dataset_get_artists (dataset);
  guint n_ids = ht_lyrics_dataset_get_n_artists (dataset);
  g_autofree int32_t *yt = g_new (int32_t, n_rows + 1), *yp = g_new (int32_t, n_rows + 1);
  g_autofree uint32_t *group = g_new (uint32_t, n_rows + 1);
  g_autofree float *scores = g_new (float, n_rows * K + 1);
  g_autofree int32_t *artist_true = g_new (int32_t, n_ids + 1);
  g_autofree int32_t *artist_vote = g_new (int32_t, n_ids + 1);
  gsize placed = 0, placed_right = 0, misplaced = 0, misplaced_right = 0, m = 0, n_voted;

  for (gsize t = 0; t < n_rows; t++)
    {
      yt[t] = y[rows[t]];
      yp[t] = r->predicted[rows[t]];
      group[t] = artist[rows[t]];
      memcpy (scores + t * K, r->proba + rows[t] * K, K * sizeof (float));
    }
  if (htc_metrics_vote_by_group (yt, yp, scores, group, n_rows, n_ids, K, artist_true,
                                 artist_vote, &n_voted) != HTC_OK)
    g_return_if_reached ();   /* labels and ids come from the dataset: a bug if they are off */
  for (gsize t = 0; t < n_rows; t++)
    {
      gboolean right = yp[t] == yt[t];
      if (artist_vote[group[t]] == yt[t])
        placed++, placed_right += right;
      else
        misplaced++, misplaced_right += right;
    }
  r->misplaced_song_share = n_rows ? (double) misplaced / (double) n_rows : 0;
  r->accuracy_placed_artists = placed ? (double) placed_right / (double) placed : 0;
  r->accuracy_misplaced_artists = misplaced ? (double) misplaced_right / (double) misplaced : 0;
  for (guint a = 0; a < n_ids; a++)
    if (artist_true[a] >= 0)
      {
        yt[m] = artist_true[a];
        yp[m++] = artist_vote[a];
      }
  g_assert (m == n_voted);
  htc_metrics_compute (yt, yp, m, K, &r->by_artist);
}

/* Metrics over the rows that were in some fold (usable songs): overall, by decade, by text
 * form and by artist. */
static void
result_finish (HtLyricsEvalResult *r,
               HtLyricsDataset    *dataset,
               const guint        *fold)
{
  HtLyricsCorpus *corpus = ht_lyrics_dataset_get_corpus (dataset);
  const int32_t *y = ht_lyrics_dataset_get_labels (dataset);
  gsize n = ht_lyrics_dataset_get_n_rows (dataset), m = 0;
  g_autofree gsize *rows = g_new (gsize, n + 1);
  g_autofree guint *decade = g_new (guint, n + 1), *form = g_new (guint, n + 1);

  for (gsize i = 0; i < n; i++)
    if (fold[i] != HT_LYRICS_NO_FOLD)
      {
        const HtLyricsSong *song = ht_lyrics_corpus_get_song (corpus, (guint) i);
        decade[m] = decade_of (song->year);
        form[m] = song->flat_source ? 1 : 0;
        rows[m++] = i;
      }
  metrics_over (r, y, rows, m, NULL, 0, &r->overall);
  for (guint d = 0; d < HT_LYRICS_N_DECADES; d++)
    metrics_over (r, y, rows, m, decade, d, &r->by_decade[d]);
  for (guint f = 0; f < 2; f++)
    metrics_over (r, y, rows, m, form, f, &r->by_form[f]);
  result_vote_by_artist (r, dataset, rows, m);
}

static void
on_forest_progress (void   *ctx,
                    double  fraction)
{
  on_sub_stage (_("Random forest"), fraction, ctx);
}

static gboolean
run_forest (HtLyricsDataset      *dataset,
            const HtLyricsConfig *config,
            const HtLyricsFit    *fit,
            GArray               *train,
            GArray               *test,
            HtLyricsEvalResult   *res,
            GCancellable         *cancellable,
            Stage                *sub,
            GError              **error)
{
  const int32_t *y = ht_lyrics_dataset_get_labels (dataset);
  gsize p = fit->xt->n_rows;
  gsize k = MIN (config->forest_features, p);
  g_autofree double *scores = g_new (double, p);
  g_autofree int32_t *features = g_new (int32_t, k);
  g_autofree float *xtr = NULL, *xte = NULL;
  g_autofree int32_t *ytr = g_new (int32_t, train->len);
  HtcForestParams fp = { 0 };
  HtcForest *forest = NULL;
  HtcStatus s;
  HtCancelFlag cf;

  s = htc_chi2_scores (fit->xt, fit->y, NULL, K, scores);
  if (s == HTC_OK)
    s = htc_top_k (scores, p, k, features);
  if (!ht_error_check_status (s, _("lyrics corpus"), error))
    return FALSE;
  xtr = ht_lyrics_dataset_dense (dataset, fit, (gsize *) train->data, train->len, features, k);
  xte = ht_lyrics_dataset_dense (dataset, fit, (gsize *) test->data, test->len, features, k);
  for (guint t = 0; t < train->len; t++)
    ytr[t] = y[g_array_index (train, gsize, t)];

  fp.n_trees = config->forest_trees;
  fp.min_samples_leaf = config->forest_min_leaf;
  fp.balanced = TRUE;
  fp.seed = config->seed;
  fp.n_threads = MAX (config->n_threads, 1);
  fp.progress = on_forest_progress;
  fp.progress_ctx = sub;
  ht_cancel_flag_init (&cf, cancellable);
  fp.cancel = &cf.flag;
  s = htc_forest_train (&fp, xtr, train->len, k, ytr, K, &forest);
  ht_cancel_flag_clear (&cf);
  if (!ht_error_check_status (s, _("lyrics corpus"), error))
    return FALSE;
  for (guint t = 0; t < test->len; t++)
    {
      gsize r = g_array_index (test, gsize, t);
      htc_forest_predict_proba (forest, xte + (gsize) t * k, res->proba + r * K);
      res->predicted[r] = argmax (res->proba + r * K);
    }
  htc_forest_free (forest);
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

static gboolean
run_split (HtLyricsDataset      *dataset,
           const HtLyricsConfig *config,
           const guint          *fold,
           guint                 n_folds,
           gboolean              nested,
           double                fixed_c,
           gboolean              guests,
           double                share,
           guint64               share_seed,
           HtLyricsEvalResult   *lr,
           HtLyricsEvalResult   *rf,
           GCancellable         *cancellable,
           Stage                *outer,
           GError              **error)
{
  gsize n = ht_lyrics_dataset_get_n_rows (dataset);
  const int32_t *y = ht_lyrics_dataset_get_labels (dataset);
  g_autoptr(GArray) test = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autofree float *raw = g_new0 (float, n * K);
  g_autofree double *temps = g_new0 (double, n);
  gint64 t0 = g_get_monotonic_time ();
  double rf_seconds = 0;
  guint n_steps = n_folds * (rf ? 3 : 2);

  for (guint f = 0; f < n_folds; f++)
    {
      g_autoptr(GArray) train = ht_lyrics_dataset_train_rows (dataset, fold, f, guests, NULL);
      g_autofree float *logits = NULL;
      HtLyricsFit fit = { 0 };
      double c = fixed_c, temperature = 1.0;
      g_autofree char *prefix = g_strdup_printf (_("%sfold %u/%u: "), outer->prefix ? outer->prefix : "",
                                                 f + 1, n_folds);
      Stage sub = { outer->stage, outer->user_data, prefix, 0, 0 };
      double span = (outer->hi - outer->lo) / n_steps;
      guint step = f * (rf ? 3 : 2);

      ht_lyrics_dataset_keep_group_share (dataset, train, share, share_seed);
      lr->fold_train_rows[f] = train->len;
      rows_of_fold (fold, n, f, test);
      sub.lo = outer->lo + span * step;
      sub.hi = sub.lo + span;
      if (nested && !ht_lyrics_choose_c (dataset, config, (gsize *) train->data, train->len, &c,
                                         &temperature, NULL, NULL, cancellable, on_sub_stage, &sub, error))
        return FALSE;
      sub.lo = sub.hi;
      sub.hi = sub.lo + span;
      {
        gint64 f0 = g_get_monotonic_time ();
        if (!ht_lyrics_dataset_fit (dataset, config, (gsize *) train->data, train->len, c, &fit,
                                    cancellable, on_sub_stage, &sub, error))
          {
            ht_lyrics_fit_clear (&fit);
            return FALSE;
          }
        lr->fold_seconds[f] = (g_get_monotonic_time () - f0) / 1e6;
      }
      lr->c[f] = c;
      lr->temperature += temperature / n_folds;
      logits = g_new (float, test->len * K);
      ht_lyrics_dataset_logits (dataset, &fit, (gsize *) test->data, test->len, logits);
      for (guint t = 0; t < test->len; t++)
        {
          gsize r = g_array_index (test, gsize, t);
          memcpy (raw + r * K, logits + (gsize) t * K, K * sizeof (float));
          memcpy (lr->proba + r * K, logits + (gsize) t * K, K * sizeof (float));
          htc_logreg_softmax (lr->proba + r * K, K, temperature);
          lr->predicted[r] = argmax (logits + (gsize) t * K);
          temps[r] = temperature;
        }
      g_debug ("%s fold %u: C=%g T=%.3f, %u train (%s guests), %u test", lr->split, f, c,
               temperature, train->len, guests ? "without" : "with", test->len);

      if (rf != NULL)
        {
          gint64 r0 = g_get_monotonic_time ();
          sub.lo = sub.hi;
          sub.hi = sub.lo + span;
          if (!run_forest (dataset, config, &fit, train, test, rf, cancellable, &sub, error))
            {
              ht_lyrics_fit_clear (&fit);
              return FALSE;
            }
          rf->fold_seconds[f] = (g_get_monotonic_time () - r0) / 1e6;
          rf_seconds += rf->fold_seconds[f];
        }
      ht_lyrics_fit_clear (&fit);
    }
  lr->n_folds = n_folds;
  lr->seconds = (g_get_monotonic_time () - t0) / 1e6 - rf_seconds;
  if (rf)
    {
      rf->n_folds = n_folds;
      rf->seconds = rf_seconds;
    }

  /* Calibration on the test folds: each row with its own fold's temperature. */
  {
    double nll_raw = 0, nll_cal = 0;
    g_autofree float *scaled = g_new (float, n * K);
    g_autofree float *rawp = g_new (float, n * K);
    g_autofree int32_t *yy = g_new (int32_t, n);
    gsize m = 0;
    for (gsize i = 0; i < n; i++)
      {
        if (fold[i] == HT_LYRICS_NO_FOLD)
          continue;
        nll_raw += htc_calibration_nll (raw + i * K, y + i, NULL, 1, K, 1.0);
        nll_cal += htc_calibration_nll (raw + i * K, y + i, NULL, 1, K, temps[i]);
        for (guint k = 0; k < K; k++)
          {
            rawp[m * K + k] = raw[i * K + k];
            scaled[m * K + k] = (float) (raw[i * K + k] / temps[i]);
          }
        yy[m++] = y[i];
      }
    lr->nll_raw = nll_raw / MAX (m, 1);
    lr->nll_calibrated = nll_cal / MAX (m, 1);
    lr->ece_raw = htc_calibration_ece (rawp, yy, m, K, 1.0, 15);
    lr->ece_calibrated = htc_calibration_ece (scaled, yy, m, K, 1.0, 15);
  }
  result_finish (lr, dataset, fold);
  if (rf)
    result_finish (rf, dataset, fold);
  return TRUE;
}

const double ht_lyrics_curve_shares[HT_LYRICS_CURVE_N_SHARES] = { 0.25, 0.5, 0.75, 1.0 };

static double
mean_train_rows (const HtLyricsEvalResult *r)
{
  double sum = 0;
  for (guint f = 0; f < r->n_folds; f++)
    sum += r->fold_train_rows[f];
  return r->n_folds ? sum / r->n_folds : 0;
}

/* The artist-grouped logistic regression again on the same folds, each fold trained on a share
 * of its training artist groups (HT_LYRICS_CURVE_DRAWS draws of groups per share); the full
 * share is `full`, the main run. Everything the fit learns from its rows (vocabulary, IDF,
 * association, place-name labels, weights, C when nested) is learnt from the kept rows only. */
static gboolean
run_learning_curve (HtLyricsDataset          *dataset,
                    const HtLyricsConfig     *config,
                    const guint              *fold,
                    gboolean                  nested,
                    const HtLyricsEvalResult *full,
                    GArray                   *curve,
                    GCancellable             *cancellable,
                    Stage                    *outer,
                    GError                  **error)
{
  gsize n = ht_lyrics_dataset_get_n_rows (dataset);
  guint n_runs = (HT_LYRICS_CURVE_N_SHARES - 1) * HT_LYRICS_CURVE_DRAWS, run = 0;
  double total_cost = 0, done = 0;

  for (guint s = 0; s + 1 < HT_LYRICS_CURVE_N_SHARES; s++)
    total_cost += ht_lyrics_curve_shares[s] * HT_LYRICS_CURVE_DRAWS;
  for (guint s = 0; s + 1 < HT_LYRICS_CURVE_N_SHARES; s++)
    for (guint d = 0; d < HT_LYRICS_CURVE_DRAWS; d++, run++)
      {
        double share = ht_lyrics_curve_shares[s];
        g_autofree char *prefix = g_strdup_printf (_("learning curve %u/%u (%.0f %% of the "
                                                     "training artists), "),
                                                   run + 1, n_runs, 100 * share);
        /* Runs cost about their share: progress spans in proportion. */
        Stage sub = { outer->stage, outer->user_data, prefix,
                      outer->lo + (outer->hi - outer->lo) * done / total_cost,
                      outer->lo + (outer->hi - outer->lo) * (done + share) / total_cost };
        HtLyricsEvalResult *r = result_new ("logistic-regression", "artist-grouped", n);
        HtLyricsCurvePoint p;

        /* Draw d keeps the same groups at every share (nested); the offset keeps the draws'
         * streams apart from the seed's other uses. */
        if (!run_split (dataset, config, fold, config->folds, nested, config->c, TRUE, share,
                        config->seed + 1000 + d, r, NULL, cancellable, &sub, error))
          {
            result_free (r);
            return FALSE;
          }
        p = (HtLyricsCurvePoint) { share, d, mean_train_rows (r), r->overall };
        g_array_append_val (curve, p);
        result_free (r);
        done += share;
      }
  {
    HtLyricsCurvePoint p = { 1.0, 0, mean_train_rows (full), full->overall };
    g_array_append_val (curve, p);
  }
  return TRUE;
}

HtLyricsEvaluation *
ht_lyrics_evaluate (HtLyricsDataset       *dataset,
                    const HtLyricsConfig  *config,
                    HtLyricsEvalFlags      flags,
                    GCancellable          *cancellable,
                    HtLyricsStageFunc      stage,
                    gpointer               user_data,
                    GError               **error)
{
  g_autoptr(HtLyricsEvaluation) self = g_new0 (HtLyricsEvaluation, 1);
  gsize n = ht_lyrics_dataset_get_n_rows (dataset);
  gboolean forest = (flags & HT_LYRICS_EVAL_FOREST) != 0;
  gboolean random = (flags & HT_LYRICS_EVAL_RANDOM_SPLIT) != 0;
  gboolean curve = (flags & HT_LYRICS_EVAL_LEARNING_CURVE) != 0;
  gboolean nested = config->c <= 0 || !(flags & HT_LYRICS_EVAL_NO_INNER_CV);
  HtLyricsEvalResult *lr, *rf = NULL;
  /* Progress: the curve's nine smaller runs cost about four and a half full ones. */
  double main_end = curve ? (random ? 0.15 : 0.2) : (random ? 0.8 : 1.0);
  double random_end = curve ? 0.2 : 1.0;
  Stage outer = { stage, user_data, NULL, 0, main_end };
  double median_c;

  g_return_val_if_fail (dataset != NULL && config != NULL, NULL);
  g_return_val_if_fail (config->folds >= 2 && config->folds <= 16, NULL);

  self->config = *config;
  self->n_rows = (guint) n;
  {
    gsize nu;
    ht_lyrics_dataset_get_usable_rows (dataset, &nu);
    self->n_usable = (guint) nu;
  }
  self->results = g_ptr_array_new_with_free_func ((GDestroyNotify) result_free);
  self->fold = g_new (guint, n);
  ht_lyrics_dataset_grouped_folds (dataset, NULL, 0, config->folds, config->seed, self->fold,
                                   &self->report);
  for (guint f = 0; f < config->folds; f++)
    {
      guint excluded = 0;
      g_autoptr(GArray) rows = ht_lyrics_dataset_train_rows (dataset, self->fold, f, TRUE, &excluded);
      self->report.n_excluded += excluded;
    }

  lr = result_new ("logistic-regression", "artist-grouped", n);
  g_ptr_array_add (self->results, lr);
  if (forest)
    {
      rf = result_new ("random-forest", "artist-grouped", n);
      g_ptr_array_add (self->results, rf);
    }
  /* Nested: the inner CV chooses C (unless fixed) and always fits the temperature, unless
   * told not to run at all. */
  if (!run_split (dataset, config, self->fold, config->folds, nested, config->c, TRUE, 1.0, 0,
                  lr, rf, cancellable, &outer, error))
    return NULL;

  if (random)
    {
      g_autofree guint *rfold = g_new (guint, n);
      double cs[16];
      HtLyricsEvalResult *lr2, *rf2 = NULL;
      Stage outer2 = { stage, user_data, _("random split, "), main_end, random_end };

      /* The random split is the study's figure, not a model selection: it reuses the C the
       * grouped folds chose (their median). */
      memcpy (cs, lr->c, config->folds * sizeof (double));
      qsort (cs, config->folds, sizeof (double), (GCompareFunc) cmp_double);
      median_c = cs[config->folds / 2];
      ht_lyrics_dataset_random_folds (dataset, config->folds, config->seed, rfold);
      lr2 = result_new ("logistic-regression", "random-song", n);
      g_ptr_array_add (self->results, lr2);
      if (forest)
        {
          rf2 = result_new ("random-forest", "random-song", n);
          g_ptr_array_add (self->results, rf2);
        }
      if (!run_split (dataset, config, rfold, config->folds, FALSE, median_c, FALSE, 1.0, 0, lr2,
                      rf2, cancellable, &outer2, error))
        return NULL;
    }
  if (curve)
    {
      Stage outer3 = { stage, user_data, NULL, random_end, 1.0 };
      self->curve = g_array_new (FALSE, FALSE, sizeof (HtLyricsCurvePoint));
      if (!run_learning_curve (dataset, config, self->fold, nested, lr, self->curve, cancellable,
                               &outer3, error))
        return NULL;
    }
  return g_steal_pointer (&self);
}

void
ht_lyrics_evaluation_free (HtLyricsEvaluation *self)
{
  if (self == NULL)
    return;
  if (self->results)
    g_ptr_array_unref (self->results);
  if (self->curve)
    g_array_unref (self->curve);
  g_free (self->fold);
  g_free (self);
}

static const char *
model_label (const HtLyricsEvalResult *r)
{
  return strcmp (r->model, "random-forest") == 0 ? _("random forest") : _("logistic regression");
}

static const char *
split_label (const HtLyricsEvalResult *r)
{
  return strcmp (r->split, "random-song") == 0
           ? _("random song split (study-comparable: artists on both sides)")
           : _("artist-grouped CV (unseen artists)");
}

/* The column heads of append_metrics_row(); count_label names what is counted. */
static void
append_metrics_header (GString    *s,
                       const char *count_label)
{
  g_string_append_printf (s, "  %-21s %7s  %5s  %5s  %5s  %5s %5s %5s %5s\n", "", count_label,
                          _("acc"), _("bacc"), _("mF1"), "East", "West", "South", "Midw");
}

static void
append_metrics_row (GString          *s,
                    const char       *label,
                    const HtcMetrics *m)
{
  g_string_append_printf (s, "  %-22s %6zu  %5.3f  %5.3f  %5.3f ", label, m->n, m->accuracy,
                          m->balanced_accuracy, m->macro_f1);
  for (guint k = 0; k < K; k++)
    g_string_append_printf (s, " %5.3f", m->recall[k]);
  g_string_append_c (s, '\n');
}

/* " 0.505 (0.498–0.511)": the median of the values and, with more than one, their range. */
static void
append_spread (GString      *s,
               const double *values,
               guint         n)
{
  double v[HT_LYRICS_CURVE_DRAWS];
  memcpy (v, values, n * sizeof (double));
  qsort (v, n, sizeof (double), (GCompareFunc) cmp_double);
  if (n > 1)
    g_string_append_printf (s, "  %5.3f (%5.3f–%5.3f)", v[n / 2], v[0], v[n - 1]);
  else
    g_string_append_printf (s, "  %5.3f %13s", v[0], "");
}

static void
append_curve (GString      *s,
              const GArray *curve)
{
  g_string_append_printf (s, _("\n== learning curve — logistic regression, artist-grouped CV, each "
                               "fold trained on a share of its training artist groups (median "
                               "and range over %u draws of groups)\n"), HT_LYRICS_CURVE_DRAWS);
  g_string_append_printf (s, "  %6s %8s  %-20s %-20s %-20s\n", _("share"), _("songs"), _("accuracy"),
                          _("bal. accuracy"), _("macro-F1"));
  /* The points come by share, HT_LYRICS_CURVE_DRAWS each, then the full run once. */
  for (guint k = 0, i = 0; k < HT_LYRICS_CURVE_N_SHARES && i < curve->len; k++)
    {
      guint m = k + 1 < HT_LYRICS_CURVE_N_SHARES ? HT_LYRICS_CURVE_DRAWS : 1;
      double acc[HT_LYRICS_CURVE_DRAWS], bacc[HT_LYRICS_CURVE_DRAWS], f1[HT_LYRICS_CURVE_DRAWS];
      double rows = 0;
      for (guint d = 0; d < m; d++, i++)
        {
          const HtLyricsCurvePoint *p = &g_array_index (curve, HtLyricsCurvePoint, i);
          acc[d] = p->overall.accuracy;
          bacc[d] = p->overall.balanced_accuracy;
          f1[d] = p->overall.macro_f1;
          rows += p->train_rows;
        }
      g_string_append_printf (s, "  %4.0f %% %8.0f", 100 * ht_lyrics_curve_shares[k], rows / m);
      append_spread (s, acc, m);
      append_spread (s, bacc, m);
      append_spread (s, f1, m);
      g_string_append_c (s, '\n');
    }
}

char *
ht_lyrics_evaluation_to_text (HtLyricsEvaluation *self)
{
  GString *s = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);
  g_string_append_printf (s, _("Songs: %u usable of %u (the rest are not in English)\n"),
                          self->n_usable, self->n_rows);
  g_string_append_printf (s, _("Folds: %u, artist-grouped (%u components; %u of %u guest links "
                               "inside one fold; %u training songs left out over all folds "
                               "because a test-fold artist is a guest on them)\n"),
                          self->config.folds, self->report.n_components,
                          self->report.n_links_joined, self->report.n_links,
                          self->report.n_excluded);
  for (guint i = 0; i < self->results->len; i++)
    {
      HtLyricsEvalResult *r = g_ptr_array_index (self->results, i);
      const HtcMetrics *m = &r->overall;

      g_string_append_printf (s, "\n== %s — %s\n", model_label (r), split_label (r));
      g_string_append_printf (s, _("  accuracy %.3f   balanced accuracy %.3f   macro-F1 %.3f   "
                                   "(%.0f s)\n"),
                              m->accuracy, m->balanced_accuracy, m->macro_f1, r->seconds);
      if (strcmp (r->model, "logistic-regression") == 0)
        {
          g_string_append (s, _("  C per fold:"));
          for (guint f = 0; f < r->n_folds; f++)
            g_string_append_printf (s, " %g", r->c[f]);
          g_string_append_printf (s, _("   temperature %.3f\n"), r->temperature);
          g_string_append_printf (s, _("  test NLL %.3f → %.3f calibrated; ECE %.3f → %.3f\n"),
                                  r->nll_raw, r->nll_calibrated, r->ece_raw, r->ece_calibrated);
        }
      append_metrics_header (s, _("songs"));
      append_metrics_row (s, _("all"), m);
      for (guint d = 0; d < HT_LYRICS_N_DECADES; d++)
        append_metrics_row (s, ht_lyrics_decade_label (d), &r->by_decade[d]);
      append_metrics_row (s, _("full-text source"), &r->by_form[0]);
      append_metrics_row (s, _("flat-text source"), &r->by_form[1]);
      append_metrics_header (s, _("artists"));
      append_metrics_row (s, _("each by most songs"), &r->by_artist);
      g_string_append_printf (s, _("  songs whose artist is placed elsewhere by most of their "
                                   "songs: %.1f %% (song accuracy %.3f there, %.3f in the rest)\n"),
                              100 * r->misplaced_song_share, r->accuracy_misplaced_artists,
                              r->accuracy_placed_artists);
      g_string_append_printf (s, _("  confusion (rows: true, columns: predicted)\n"));
      g_string_append_printf (s, "  %-8s %7s %7s %7s %7s\n", "", "East", "West", "South", "Midwest");
      for (guint a = 0; a < K; a++)
        {
          g_string_append_printf (s, "  %-8s", ht_lyrics_region_key (a));
          for (guint b = 0; b < K; b++)
            g_string_append_printf (s, " %7" G_GUINT64_FORMAT, m->confusion[a][b]);
          g_string_append_c (s, '\n');
        }
    }
  if (self->curve)
    append_curve (s, self->curve);
  return g_string_free (s, FALSE);
}

/* A figure as a JSON member, to four decimals. */
static void
add_rounded_member (JsonBuilder *b,
                    const char  *name,
                    double       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_double_value (b, round (value * 1e4) / 1e4);
}

/* The members describing `m`, written into the object being built; `count_key` names the
 * number of songs ("n" in evaluations, "songs" in a model's training summary). */
void
_ht_lyrics_metrics_add_members (JsonBuilder      *b,
                                const HtcMetrics *m,
                                const char       *count_key)
{
  json_builder_set_member_name (b, count_key);
  json_builder_add_int_value (b, (gint64) m->n);
  add_rounded_member (b, "accuracy", m->accuracy);
  add_rounded_member (b, "balanced_accuracy", m->balanced_accuracy);
  add_rounded_member (b, "macro_f1", m->macro_f1);
  json_builder_set_member_name (b, "recall");
  json_builder_begin_object (b);
  for (guint k = 0; k < K; k++)
    add_rounded_member (b, ht_lyrics_region_key (k), m->recall[k]);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "confusion");
  json_builder_begin_array (b);
  for (guint a = 0; a < K; a++)
    {
      json_builder_begin_array (b);
      for (guint c = 0; c < K; c++)
        json_builder_add_int_value (b, (gint64) m->confusion[a][c]);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
}

static void
add_metrics (JsonBuilder      *b,
             const HtcMetrics *m)
{
  json_builder_begin_object (b);
  _ht_lyrics_metrics_add_members (b, m, "n");
  json_builder_end_object (b);
}

char *
ht_lyrics_evaluation_to_json (HtLyricsEvaluation *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  static const char *const decade_keys[] = { "before-1990", "1990s", "2000s", "2010s", "2020s",
                                             "unknown" };

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "songs");
  json_builder_add_int_value (b, self->n_usable);
  json_builder_set_member_name (b, "folds");
  json_builder_add_int_value (b, self->config.folds);
  json_builder_set_member_name (b, "guest_links");
  json_builder_add_int_value (b, self->report.n_links);
  json_builder_set_member_name (b, "guest_links_within_fold");
  json_builder_add_int_value (b, self->report.n_links_joined);
  json_builder_set_member_name (b, "training_songs_left_out_for_guests");
  json_builder_add_int_value (b, self->report.n_excluded);
  json_builder_set_member_name (b, "results");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->results->len; i++)
    {
      HtLyricsEvalResult *r = g_ptr_array_index (self->results, i);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "model");
      json_builder_add_string_value (b, r->model);
      json_builder_set_member_name (b, "split");
      json_builder_add_string_value (b, r->split);
      json_builder_set_member_name (b, "seconds");
      json_builder_add_double_value (b, round (r->seconds * 10) / 10);
      json_builder_set_member_name (b, "fold_seconds");
      json_builder_begin_array (b);
      for (guint f = 0; f < r->n_folds; f++)
        json_builder_add_double_value (b, round (r->fold_seconds[f] * 100) / 100);
      json_builder_end_array (b);
      if (strcmp (r->model, "logistic-regression") == 0)
        {
          json_builder_set_member_name (b, "c_per_fold");
          json_builder_begin_array (b);
          for (guint f = 0; f < r->n_folds; f++)
            json_builder_add_double_value (b, r->c[f]);
          json_builder_end_array (b);
          add_rounded_member (b, "temperature", r->temperature);
          add_rounded_member (b, "nll", r->nll_raw);
          add_rounded_member (b, "nll_calibrated", r->nll_calibrated);
          add_rounded_member (b, "ece", r->ece_raw);
          add_rounded_member (b, "ece_calibrated", r->ece_calibrated);
        }
      json_builder_set_member_name (b, "overall");
      add_metrics (b, &r->overall);
      json_builder_set_member_name (b, "by_decade");
      json_builder_begin_object (b);
      for (guint d = 0; d < HT_LYRICS_N_DECADES; d++)
        {
          json_builder_set_member_name (b, decade_keys[d]);
          add_metrics (b, &r->by_decade[d]);
        }
      json_builder_end_object (b);
      json_builder_set_member_name (b, "by_text_form");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "full");
      add_metrics (b, &r->by_form[0]);
      json_builder_set_member_name (b, "flat");
      add_metrics (b, &r->by_form[1]);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "by_artist_vote");
      json_builder_begin_object (b);
      _ht_lyrics_metrics_add_members (b, &r->by_artist, "artists");
      add_rounded_member (b, "misplaced_song_share", r->misplaced_song_share);
      add_rounded_member (b, "song_accuracy_placed", r->accuracy_placed_artists);
      add_rounded_member (b, "song_accuracy_misplaced", r->accuracy_misplaced_artists);
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  if (self->curve)
    {
      json_builder_set_member_name (b, "learning_curve");
      json_builder_begin_array (b);
      for (guint i = 0; i < self->curve->len; i++)
        {
          const HtLyricsCurvePoint *p = &g_array_index (self->curve, HtLyricsCurvePoint, i);
          json_builder_begin_object (b);
          add_rounded_member (b, "share", p->share);
          json_builder_set_member_name (b, "draw");
          json_builder_add_int_value (b, p->draw);
          add_rounded_member (b, "training_songs", p->train_rows);
          _ht_lyrics_metrics_add_members (b, &p->overall, "n");
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

/* ---- the confusion-matrix picture ---- */

#define CELL 64
#define LABEL_W 84
#define PANEL_GAP 28
#define TITLE_H 56

static void
draw_panel (cairo_t                  *cr,
            const HtLyricsEvalResult *r,
            double                    x0,
            double                    y0)
{
  const HtcMetrics *m = &r->overall;
  char buf[128];

  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, 13);
  cairo_move_to (cr, x0, y0 + 16);
  cairo_show_text (cr, model_label (r));
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 11);
  cairo_move_to (cr, x0, y0 + 32);
  cairo_show_text (cr, strcmp (r->split, "random-song") == 0 ? _("random song split (study)")
                                                             : _("artist-grouped CV"));
  g_snprintf (buf, sizeof buf, _("acc %.3f · bacc %.3f · macro-F1 %.3f"), m->accuracy,
              m->balanced_accuracy, m->macro_f1);
  cairo_move_to (cr, x0, y0 + 48);
  cairo_show_text (cr, buf);

  y0 += TITLE_H;
  for (guint a = 0; a < K; a++)
    {
      uint64_t row = 0;
      for (guint b = 0; b < K; b++)
        row += m->confusion[a][b];
      cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      cairo_move_to (cr, x0, y0 + a * CELL + CELL / 2 + 4);
      cairo_show_text (cr, ht_lyrics_region_label (a));
      for (guint b = 0; b < K; b++)
        {
          double frac = row ? (double) m->confusion[a][b] / (double) row : 0;
          double cx = x0 + LABEL_W + b * CELL, cy = y0 + a * CELL;
          cairo_text_extents_t ext;
          /* White to a deep blue by the share of the true region's songs. */
          cairo_set_source_rgb (cr, 1 - 0.85 * frac, 1 - 0.6 * frac, 1 - 0.2 * frac);
          cairo_rectangle (cr, cx, cy, CELL - 2, CELL - 2);
          cairo_fill (cr);
          cairo_set_source_rgb (cr, frac > 0.5 ? 1 : 0.1, frac > 0.5 ? 1 : 0.1, frac > 0.5 ? 1 : 0.1);
          g_snprintf (buf, sizeof buf, "%.0f%%", frac * 100);
          cairo_text_extents (cr, buf, &ext);
          cairo_move_to (cr, cx + (CELL - 2 - ext.width) / 2, cy + CELL / 2 - 2);
          cairo_show_text (cr, buf);
          g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, m->confusion[a][b]);
          cairo_text_extents (cr, buf, &ext);
          cairo_move_to (cr, cx + (CELL - 2 - ext.width) / 2, cy + CELL / 2 + 12);
          cairo_show_text (cr, buf);
        }
    }
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  for (guint b = 0; b < K; b++)
    {
      cairo_text_extents_t ext;
      cairo_text_extents (cr, ht_lyrics_region_label (b), &ext);
      cairo_move_to (cr, x0 + LABEL_W + b * CELL + (CELL - ext.width) / 2, y0 + K * CELL + 14);
      cairo_show_text (cr, ht_lyrics_region_label (b));
    }
}

gboolean
ht_lyrics_evaluation_write_png (HtLyricsEvaluation *self,
                                const char         *path,
                                GError            **error)
{
  guint n = self->results->len;
  int panel_w = LABEL_W + K * CELL, panel_h = TITLE_H + K * CELL + 24;
  int width = (int) (n * panel_w + (n + 1) * PANEL_GAP);
  int height = panel_h + 2 * PANEL_GAP + 20;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t st;
  g_autofree char *tmp = g_strconcat (path, ".tmp", NULL);

  g_return_val_if_fail (self != NULL && path != NULL, FALSE);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 11);
  cairo_move_to (cr, PANEL_GAP, PANEL_GAP);
  cairo_show_text (cr, _("Lyrics model: confusion matrices (rows: true region, columns: "
                         "predicted; percentages of the true region’s songs)"));
  for (guint i = 0; i < n; i++)
    draw_panel (cr, g_ptr_array_index (self->results, i), PANEL_GAP + i * (panel_w + PANEL_GAP),
                PANEL_GAP + 20);
  cairo_destroy (cr);
  st = cairo_surface_write_to_png (surface, tmp);
  cairo_surface_destroy (surface);
  if (st != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, HT_ERROR, HT_ERROR_FAILED, _("Cannot write “%s”: %s"), path,
                   cairo_status_to_string (st));
      g_unlink (tmp);
      return FALSE;
    }
  if (g_rename (tmp, path) != 0)
    {
      int errsv = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), _("Cannot write “%s”: %s"),
                   path, g_strerror (errsv));
      g_unlink (tmp);
      return FALSE;
    }
  return TRUE;
}
