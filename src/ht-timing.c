/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-timing"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "ht-spectrogram-view-private.h"
#include "ht-timing.h"
#include "ht-track-page-private.h"

/* One process, one window measured: plain static state, main thread only. */
static struct
{
  FILE        *out;
  GtkWidget   *window;
  HtTrackPage *page;
  HtTrack     *track;          /* the page's track, watched for arrivals */
  gboolean     first_frame_done;
  gboolean     want_spectrogram;
  gboolean     want_lyrics;
  gboolean     want_cnn;
  guint        n_builds_at;    /* the view's texture builds when the spectrogram arrived */
  gboolean     measuring;      /* from track-opened to all-analysed */
  GArray      *intervals;      /* gint64 µs between frame clock ticks */
  GArray      *cpu;            /* gint64 µs of main-thread CPU time between the same ticks */
  gint64       last_tick;
  gboolean     finishing;      /* all analysed: summarise at the next tick */
  gint64       last_cpu;
  gint64       opened_at;      /* track-opened, µs */
  gint64       wall_max_at;    /* when the longest gap and the busiest one ended, µs */
  gint64       cpu_max_at;
  gint64       wall_max;
  gint64       cpu_max;
  guint        last_pending;
  guint        n_opened;       /* files handed to the last open (duplicates would never all join) */
} timing;

static gint64 thread_cpu_us (void);

static void
json_string (GString    *s,
             const char *text)
{
  g_string_append_c (s, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (s, "\\%c", *p);
      else if ((guchar) *p < 0x20)
        g_string_append_printf (s, "\\u%04x", (guchar) *p);
      else
        g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
}

/* `extra`: more members, each starting with ", ", or NULL. */
static void
emit (const char *event,
      const char *extra)
{
  g_autoptr(GString) line = g_string_new ("{\"event\": ");

  json_string (line, event);
  g_string_append_printf (line, ", \"mono_us\": %" G_GINT64_FORMAT ", \"real_us\": %"
                          G_GINT64_FORMAT ", \"pid\": %d%s}\n",
                          g_get_monotonic_time (), g_get_real_time (), (int) getpid (),
                          extra != NULL ? extra : "");
  fputs (line->str, timing.out);
  fflush (timing.out);
}

static char *
track_extra (HtPrediction *prediction)
{
  g_autoptr(GString) s = g_string_new (", \"file\": ");
  g_autofree char *name = NULL;

  name = timing.track != NULL ? g_file_get_basename (ht_track_get_file (timing.track))
                              : g_strdup ("");
  json_string (s, name);
  if (prediction != NULL)
    g_string_append_printf (s, ", \"available\": %s",
                            ht_prediction_is_available (prediction) ? "true" : "false");
  return g_string_free (g_steal_pointer (&s), FALSE);
}

void
ht_timing_init (void)
{
  const char *path = g_getenv ("HOMETOWN_TIMING");

  if (path == NULL || *path == '\0')
    return;
  timing.out = fopen (path, "a");
  if (timing.out == NULL)
    {
      g_warning ("HOMETOWN_TIMING: cannot open %s", path);
      return;
    }
  timing.intervals = g_array_new (FALSE, FALSE, sizeof (gint64));
  timing.cpu = g_array_new (FALSE, FALSE, sizeof (gint64));
  emit ("start", NULL);
}

void
ht_timing_files_opened (guint n_files)
{
  g_autofree char *extra = NULL;

  if (timing.out == NULL)
    return;
  extra = g_strdup_printf (", \"n_files\": %u", n_files);
  emit ("track-opened", extra);
  timing.n_opened = n_files;
  g_array_set_size (timing.intervals, 0);
  g_array_set_size (timing.cpu, 0);
  /* The first gap runs from the open, so even an analysis shorter than a frame counts one. */
  timing.last_tick = g_get_monotonic_time ();
  timing.last_cpu = thread_cpu_us ();
  timing.opened_at = timing.last_tick;
  timing.wall_max = timing.cpu_max = -1;
  timing.measuring = TRUE;
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* ", "NAME_median_ms": …, "NAME_p99_ms": …, "NAME_max_ms": …" of `v` (sorted here). */
static void
append_summary (GString    *s,
                const char *name,
                GArray     *v)
{
  guint n = v->len;

  g_array_sort (v, compare_int64);
  g_string_append_printf (s, ", \"%s_median_ms\": %.2f, \"%s_p99_ms\": %.2f, \"%s_max_ms\": %.2f",
                          name, n > 0 ? g_array_index (v, gint64, n / 2) / 1000.0 : 0.0,
                          name, n > 0 ? g_array_index (v, gint64, (n * 99 + 99) / 100 - 1) / 1000.0
                                      : 0.0,
                          name, n > 0 ? g_array_index (v, gint64, n - 1) / 1000.0 : 0.0);
}

/* Wall time between ticks, and the main thread's CPU time in them: a long gap with little CPU
 * is the process waiting for a core (a loaded machine), a long one with as much CPU is the
 * main loop busy. */
static void
emit_intervals (void)
{
  g_autoptr(GString) extra = g_string_new (NULL);

  g_string_append_printf (extra, ", \"n\": %u", timing.intervals->len);
  append_summary (extra, "wall", timing.intervals);
  append_summary (extra, "cpu", timing.cpu);
  /* Where in the analysis they were, from track-opened: at the open, or along the way. */
  g_string_append_printf (extra, ", \"wall_max_at_ms\": %.0f, \"cpu_max_at_ms\": %.0f",
                          (timing.wall_max_at - timing.opened_at) / 1000.0,
                          (timing.cpu_max_at - timing.opened_at) / 1000.0);
  emit ("frame-intervals", extra->str);
}

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* The gap between ticks is how long the main loop was away from the frame clock. */
static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us ();

  if (timing.measuring && timing.last_tick != 0)
    {
      gint64 gap = now - timing.last_tick, used = cpu - timing.last_cpu;
      g_array_append_val (timing.intervals, gap);
      g_array_append_val (timing.cpu, used);
      if (gap > timing.wall_max)
        timing.wall_max = gap, timing.wall_max_at = now;
      if (used > timing.cpu_max)
        timing.cpu_max = used, timing.cpu_max_at = now;
    }
  timing.last_tick = now;
  timing.last_cpu = cpu;
  /* All analysed: the frame that follows closes the last gap, then the summary goes out. */
  if (timing.finishing)
    {
      timing.finishing = FALSE;
      emit_intervals ();
      timing.measuring = FALSE;
    }
  return G_SOURCE_CONTINUE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  if (!timing.first_frame_done)
    {
      timing.first_frame_done = TRUE;
      emit ("first-frame", NULL);
    }
  if (timing.want_lyrics)
    {
      g_autofree char *extra = track_extra (ht_track_get_lyrics_prediction (timing.track));
      timing.want_lyrics = FALSE;
      emit ("lyrics-shown", extra);
    }
  if (timing.want_cnn)
    {
      g_autofree char *extra = track_extra (ht_track_get_cnn_prediction (timing.track));
      timing.want_cnn = FALSE;
      emit ("cnn-shown", extra);
    }
  if (timing.want_spectrogram && timing.page != NULL)
    {
      HtSpectrogramView *view = _ht_track_page_get_spectrogram_view (timing.page);

      /* The view colours its picture in a thread: shown once that build has been painted. */
      if (_ht_spectrogram_view_get_n_builds (view) > timing.n_builds_at
          && _ht_spectrogram_view_get_texture (view) != NULL)
        {
          g_autofree char *extra = track_extra (NULL);
          timing.want_spectrogram = FALSE;
          emit ("spectrogram-shown", extra);
        }
    }
}

static void
on_window_realize_cb (GtkWidget *window)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (after_paint_cb), NULL, 0);
}

static void
on_track_notify_cb (HtTrack    *track,
                    GParamSpec *pspec)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "spectrogram") && ht_track_get_spectrogram (track) != NULL)
    {
      emit ("spectrogram-ready", NULL);
      timing.want_spectrogram = TRUE;
      timing.n_builds_at =
        _ht_spectrogram_view_get_n_builds (_ht_track_page_get_spectrogram_view (timing.page));
    }
  else if (g_str_equal (name, "lyrics-prediction") && ht_track_get_lyrics_prediction (track))
    {
      emit ("lyrics-ready", NULL);
      timing.want_lyrics = TRUE;
    }
  else if (g_str_equal (name, "cnn-prediction") && ht_track_get_cnn_prediction (track))
    {
      emit ("cnn-ready", NULL);
      timing.want_cnn = TRUE;
    }
  if (timing.page != NULL)
    gtk_widget_queue_draw (GTK_WIDGET (timing.page));
}

/* `page` NULL: the window goes, stop watching. */
static void
on_page_track_cb (HtTrackPage *page)
{
  HtTrack *track = page != NULL ? ht_track_page_get_track (page) : NULL;

  if (timing.track != NULL)
    g_signal_handlers_disconnect_by_func (timing.track, on_track_notify_cb, NULL);
  g_set_object (&timing.track, track);
  timing.want_spectrogram = timing.want_lyrics = timing.want_cnn = FALSE;
  if (track != NULL)
    g_signal_connect (track, "notify", G_CALLBACK (on_track_notify_cb), NULL);
}

static void
on_window_destroy_cb (GtkWidget *window)
{
  on_page_track_cb (NULL);
  timing.page = NULL;
}

static void
on_pending_cb (HtAnalyzer  *analyzer,
               GParamSpec  *pspec,
               HtTrackList *tracks)
{
  guint pending = ht_analyzer_get_n_pending (analyzer);

  /* The window adds dropped tracks a few per main-loop turn: the first ones can be done before
   * the last have joined. */
  if (pending == 0 && timing.last_pending > 0 && timing.measuring
      && g_list_model_get_n_items (G_LIST_MODEL (tracks)) >= timing.n_opened)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (tracks)), n_failed = 0;
      g_autofree char *extra = NULL;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(HtTrack) track = g_list_model_get_item (G_LIST_MODEL (tracks), i);
          n_failed += ht_track_get_state (track) == HT_TRACK_STATE_FAILED;
        }
      extra = g_strdup_printf (", \"n_tracks\": %u, \"n_failed\": %u", n, n_failed);
      emit ("all-analysed", extra);
      timing.finishing = TRUE;
    }
  timing.last_pending = pending;
}

void
ht_timing_watch_window (GtkWidget   *window,
                        HtTrackList *tracks,
                        HtAnalyzer  *analyzer,
                        HtTrackPage *page)
{
  /* Only the first window: the benches open one. */
  if (timing.out == NULL || timing.window != NULL)
    return;
  timing.window = window;
  timing.page = page;
  g_signal_connect (window, "realize", G_CALLBACK (on_window_realize_cb), NULL);
  g_signal_connect (window, "destroy", G_CALLBACK (on_window_destroy_cb), NULL);
  /* Keeps the frame clock ticking every frame, so a busy main loop shows as a long gap. */
  gtk_widget_add_tick_callback (window, tick_cb, NULL, NULL);
  g_signal_connect (page, "notify::track", G_CALLBACK (on_page_track_cb), NULL);
  g_signal_connect_object (analyzer, "notify::n-pending", G_CALLBACK (on_pending_cb), tracks, 0);
}
