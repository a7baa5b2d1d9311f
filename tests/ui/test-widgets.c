/* Tests for the widgets: the spectrogram view's cached texture, read-out and zoom; the
 * prediction card's three states; the track row; the delayed spinner.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "ht-delayed-spinner.h"
#include "ht-prediction-card.h"
#include "ht-spectrogram-view-private.h"
#include "ht-track-private.h"
#include "ht-track-row.h"
#include "ht-widgets.h"
#include "htc-colormap.h"
#include "ht-test-ui.h"

static gboolean
has_texture (gpointer data)
{
  return _ht_spectrogram_view_get_texture (data) != NULL;
}

static gboolean
is_wide (gpointer data)
{
  return gtk_widget_get_width (data) >= 1200;
}


/* Each pixel of the picture shows the loudest cell it covers, lowest band at the bottom; a
 * picture wider or taller than the cells repeats them. Worked out here cell by cell. */
static void
check_texture_pixels (GdkTexture    *texture,
                      HtSpectrogram *s,
                      HtcColormap    cmap,
                      float          db_range)
{
  gsize n = ht_spectrogram_get_n_columns (s), nb = ht_spectrogram_get_n_bands (s);
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  const float *values = ht_spectrogram_get_values (s);
  float top = ht_spectrogram_get_max_db (s);
  g_autofree guint32 *pixels = g_new (guint32, (gsize) w * h);

  /* gdk_texture_download() yields Cairo's ARGB32, the layout htc_colormap_pixel_db() packs. */
  gdk_texture_download (texture, (guchar *) pixels, (gsize) w * 4);
  for (guint i = 0; i < 40; i++)
    {
      /* Spread over the picture, corners included. */
      gsize x = i == 0 ? 0 : i == 1 ? (gsize) w - 1 : (gsize) (i * 7919u) % (gsize) w;
      gsize y = i == 0 ? 0 : i == 1 ? (gsize) h - 1 : (gsize) (i * 104729u) % (gsize) h;
      gsize row_from_bottom = (gsize) h - 1 - y;
      gsize c0 = x * n / (gsize) w, c1 = MAX ((x + 1) * n / (gsize) w, c0 + 1);
      gsize b0 = row_from_bottom * nb / (gsize) h;
      gsize b1 = MAX ((row_from_bottom + 1) * nb / (gsize) h, b0 + 1);
      float loudest = -INFINITY;

      for (gsize b = b0; b < b1; b++)
        for (gsize c = c0; c < c1; c++)
          loudest = MAX (loudest, values[b * n + c]);
      g_assert_cmphex (pixels[y * (gsize) w + x], ==,
                       htc_colormap_pixel_db (cmap, loudest, top - db_range, top));
    }
}

/* The picture is built at the plot's size in pixels (times the zoom): drawn one to one. */
static void
check_texture_fits (HtSpectrogramView *view,
                    GdkTexture        *texture)
{
  graphene_rect_t plot;
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (view));

  _ht_spectrogram_view_get_plot (view, &plot);
  g_assert_cmpint (gdk_texture_get_width (texture), ==,
                   (int) ceil (plot.size.width * ht_spectrogram_view_get_zoom (view) * scale));
  g_assert_cmpint (gdk_texture_get_height (texture), ==, (int) ceil (plot.size.height * scale));
}

typedef struct
{
  HtSpectrogramView *view;
  int                width;
} WidthWait;

static gboolean
has_texture_of_width (gpointer data)
{
  WidthWait *w = data;
  GdkTexture *texture = _ht_spectrogram_view_get_texture (w->view);

  return texture != NULL && gdk_texture_get_width (texture) == w->width;
}

static void
test_view_texture_cache (void)
{
  g_autoptr(HtSpectrogram) s = ht_test_ui_make_spectrogram (40.0, 3);
  g_autoptr(HtSpectrogram) other = ht_test_ui_make_spectrogram (6.0, 9);
  HtSpectrogramView *view = HT_SPECTROGRAM_VIEW (ht_spectrogram_view_new ());
  GtkWindow *window = ht_test_ui_window_with (GTK_WIDGET (view), 800, 300);
  GdkTexture *texture;
  graphene_rect_t plot;
  WidthWait wait = { view, 0 };

  ht_spectrogram_view_set_spectrogram (view, s);
  ht_test_ui_wait (has_texture, view, 10, "the first texture");
  texture = _ht_spectrogram_view_get_texture (view);
  g_assert_cmpuint (_ht_spectrogram_view_get_n_builds (view), ==, 1);
  /* 40 s are more columns than the plot has pixels: the picture is narrower than the cells. */
  g_assert_cmpint (gdk_texture_get_width (texture), <, (int) ht_spectrogram_get_n_columns (s));
  check_texture_fits (view, texture);
  check_texture_pixels (texture, s, HTC_COLORMAP_MAGMA, 80);

  /* Playback, pointer and redraws leave it alone. */
  gtk_widget_queue_draw (GTK_WIDGET (view));
  ht_spectrogram_view_set_cursor (view, 3.0);
  ht_test_ui_spin (100);
  g_assert_true (_ht_spectrogram_view_get_texture (view) == texture);
  g_assert_cmpuint (_ht_spectrogram_view_get_n_builds (view), ==, 1);

  /* A resize builds one for the new size; the old one stays on screen until then. */
  gtk_widget_set_size_request (GTK_WIDGET (view), 1200, 500);
  ht_test_ui_wait (is_wide, view, 10, "the resize");
  g_assert_true (_ht_spectrogram_view_get_texture (view) == texture);
  _ht_spectrogram_view_get_plot (view, &plot);
  wait.width = (int) plot.size.width * gtk_widget_get_scale_factor (GTK_WIDGET (view));
  ht_test_ui_wait (has_texture_of_width, &wait, 10, "the texture of the new size");
  g_assert_cmpuint (_ht_spectrogram_view_get_n_builds (view), ==, 2);
  check_texture_fits (view, _ht_spectrogram_view_get_texture (view));
  check_texture_pixels (_ht_spectrogram_view_get_texture (view), s, HTC_COLORMAP_MAGMA, 80);

  /* Zoomed in 4x the picture is 4 plots wide: wider than the cells, so they repeat. */
  ht_spectrogram_view_set_zoom (view, 4);
  wait.width *= 4;
  ht_test_ui_wait (has_texture_of_width, &wait, 10, "the zoomed texture");
  g_assert_cmpuint (_ht_spectrogram_view_get_n_builds (view), ==, 3);
  g_assert_cmpint (wait.width, >, (int) ht_spectrogram_get_n_columns (s));
  check_texture_fits (view, _ht_spectrogram_view_get_texture (view));
  check_texture_pixels (_ht_spectrogram_view_get_texture (view), s, HTC_COLORMAP_MAGMA, 80);
  /* Scrolling moves the same picture. */
  texture = _ht_spectrogram_view_get_texture (view);
  ht_spectrogram_view_scroll_to (view, 6.0);
  ht_test_ui_spin (100);
  g_assert_true (_ht_spectrogram_view_get_texture (view) == texture);

  /* Setting what it already has changes nothing. */
  ht_spectrogram_view_set_spectrogram (view, s);
  ht_spectrogram_view_set_colormap (view, HTC_COLORMAP_MAGMA);
  ht_spectrogram_view_set_db_range (view, 80);
  ht_test_ui_spin (100);
  g_assert_cmpuint (_ht_spectrogram_view_get_n_builds (view), ==, 3);

  /* A new colour map, range or spectrogram: one new texture each, built off the main thread
   * (the old one is outdated at once). */
  ht_spectrogram_view_set_colormap (view, HTC_COLORMAP_VIRIDIS);
  g_assert_null (_ht_spectrogram_view_get_texture (view));
  ht_test_ui_wait (has_texture, view, 10, "the viridis texture");
  g_assert_cmpuint (_ht_spectrogram_view_get_n_builds (view), ==, 4);
  check_texture_pixels (_ht_spectrogram_view_get_texture (view), s, HTC_COLORMAP_VIRIDIS, 80);

  ht_spectrogram_view_set_db_range (view, 50);
  ht_test_ui_wait (has_texture, view, 10, "the 50 dB texture");
  g_assert_cmpuint (_ht_spectrogram_view_get_n_builds (view), ==, 5);
  check_texture_pixels (_ht_spectrogram_view_get_texture (view), s, HTC_COLORMAP_VIRIDIS, 50);

  ht_spectrogram_view_set_spectrogram (view, other);
  g_assert_cmpfloat (ht_spectrogram_view_get_zoom (view), ==, 1);   /* a new track, zoomed out */
  ht_test_ui_wait (has_texture, view, 10, "the other texture");
  g_assert_cmpuint (_ht_spectrogram_view_get_n_builds (view), ==, 6);
  check_texture_fits (view, _ht_spectrogram_view_get_texture (view));
  check_texture_pixels (_ht_spectrogram_view_get_texture (view), other, HTC_COLORMAP_VIRIDIS, 50);

  gtk_window_destroy (window);
}

static void
test_view_readout (void)
{
  g_autoptr(HtSpectrogram) s = ht_test_ui_make_spectrogram (20.0, 5);
  HtSpectrogramView *view = HT_SPECTROGRAM_VIEW (ht_spectrogram_view_new ());
  GtkWindow *window = ht_test_ui_window_with (GTK_WIDGET (view), 900, 320);
  guint n = ht_spectrogram_get_n_columns (s), bands = ht_spectrogram_get_n_bands (s);
  const guint cells[][2] = { { 10, 5 }, { 400, 60 }, { 850, 120 } };
  graphene_rect_t plot;

  ht_spectrogram_view_set_spectrogram (view, s);
  ht_test_ui_wait (has_texture, view, 10, "the texture");
  _ht_spectrogram_view_get_plot (view, &plot);

  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    {
      guint column = cells[i][0], band = cells[i][1];
      double x = plot.origin.x + (column + 0.5) / n * plot.size.width;
      double y = plot.origin.y + plot.size.height - (band + 0.5) / bands * plot.size.height;
      double t = ht_spectrogram_column_to_time (s, column);
      double hz = ht_spectrogram_band_to_hz (s, band);
      float db = ht_spectrogram_get_values (s)[(gsize) band * n + column];
      int minutes = (int) (round (t * 10) / 10 / 60);
      g_autofree char *clock = g_strdup_printf ("%d:%04.1f", minutes,
                                                round (t * 10) / 10 - 60 * minutes);
      g_autofree char *freq = hz >= 1000 ? g_strdup_printf ("%.2f kHz", hz / 1000)
                                         : g_strdup_printf ("%.0f Hz", hz);
      g_autofree char *expect = g_strdup_printf ("%s · %s · %s%.0f dB", clock, freq,
                                                 db < -0.5f ? "−" : "", fabs (db));

      _ht_spectrogram_view_point_at (view, x, y);
      g_assert_cmpstr (ht_spectrogram_view_get_readout (view), ==, expect);
    }

  /* Over the axes, not the plot: nothing to read. */
  _ht_spectrogram_view_point_at (view, plot.origin.x - 10, plot.origin.y + 10);
  g_assert_null (ht_spectrogram_view_get_readout (view));

  gtk_window_destroy (window);
}

static void
test_view_zoom (void)
{
  g_autoptr(HtSpectrogram) s = ht_test_ui_make_spectrogram (20.0, 5);
  HtSpectrogramView *view = HT_SPECTROGRAM_VIEW (ht_spectrogram_view_new ());
  GtkWindow *window = ht_test_ui_window_with (GTK_WIDGET (view), 900, 320);
  GtkAdjustment *adj = ht_spectrogram_view_get_hadjustment (view);
  graphene_rect_t plot;
  guint n = ht_spectrogram_get_n_columns (s);
  double column, t;

  ht_spectrogram_view_set_spectrogram (view, s);
  ht_test_ui_wait (ht_test_ui_is_drawn, view, 10, "the view");
  ht_test_ui_spin (50);
  _ht_spectrogram_view_get_plot (view, &plot);

  g_assert_cmpfloat (gtk_adjustment_get_upper (adj), ==, plot.size.width);
  ht_spectrogram_view_set_zoom (view, 4);
  g_assert_cmpfloat (ht_spectrogram_view_get_zoom (view), ==, 4);
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_upper (adj), 4 * plot.size.width, 1e-6);
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_page_size (adj), plot.size.width, 1e-6);
  /* Zooming about the centre keeps the centre's time: at 4x the view starts 3/8 in. */
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (adj), 1.5 * plot.size.width, 1e-6);

  /* Scroll so 10 s is at the left edge: the read-out there says so. */
  ht_spectrogram_view_scroll_to (view, 10.0);
  column = (gtk_adjustment_get_value (adj) / gtk_adjustment_get_upper (adj)) * n - 0.5;
  t = ht_spectrogram_column_to_time (s, column);
  g_assert_cmpfloat_with_epsilon (t, 10.0, 0.03);

  ht_spectrogram_view_set_zoom (view, 1000);
  g_assert_cmpfloat (ht_spectrogram_view_get_zoom (view), ==, HT_SPECTROGRAM_VIEW_MAX_ZOOM);
  ht_spectrogram_view_set_zoom (view, 0.1);
  g_assert_cmpfloat (ht_spectrogram_view_get_zoom (view), ==, 1);
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), ==, 0);

  /* The key bindings reach the same place. */
  gtk_widget_activate_action (GTK_WIDGET (view), "spectrogram.zoom-in", NULL);
  g_assert_cmpfloat (ht_spectrogram_view_get_zoom (view), ==, 2);
  gtk_widget_activate_action (GTK_WIDGET (view), "spectrogram.zoom-reset", NULL);
  g_assert_cmpfloat (ht_spectrogram_view_get_zoom (view), ==, 1);

  gtk_window_destroy (window);
}

static GtkWidget *
child (GtkWidget  *widget,
       GType       type,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (widget, type, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static const char *
card_page (GtkWidget *card)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (child (card, HT_TYPE_PREDICTION_CARD,
                                                             "stack")));
}

static void
test_prediction_card (void)
{
  GtkWidget *card = ht_prediction_card_new ("Sound (CNN)");
  GtkWindow *window = ht_test_ui_window_with (card, 420, 240);
  const double p[4] = { 0.10, 0.20, 0.62, 0.08 };
  const char *ids[4] = { "east", "west", "south", "midwest" };
  const char *percents[4] = { "10%", "20%", "62%", "8%" };
  g_autoptr(HtPrediction) available = ht_prediction_new (p, "From 14 patches of 3 s");
  g_autoptr(HtPrediction) with_fix =
    ht_prediction_new_unavailable ("No audio model trained yet", "app.train-audio", "Train…");
  g_autoptr(HtPrediction) no_fix = ht_prediction_new_unavailable ("Lyrics model not installed",
                                                                  NULL, NULL);
  GtkWidget *verdict = child (card, HT_TYPE_PREDICTION_CARD, "verdict_label");
  GtkWidget *reason = child (card, HT_TYPE_PREDICTION_CARD, "reason_label");
  GtkWidget *fix = child (card, HT_TYPE_PREDICTION_CARD, "fix_button");

  g_assert_cmpstr (card_page (card), ==, "pending");
  g_assert_false (gtk_widget_get_visible (verdict));

  ht_prediction_card_set_prediction (HT_PREDICTION_CARD (card), available);
  g_assert_cmpstr (card_page (card), ==, "bars");
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *bar_id = g_strconcat (ids[i], "_bar", NULL);
      g_autofree char *percent_id = g_strconcat (ids[i], "_percent", NULL);
      GtkWidget *bar = child (card, HT_TYPE_PREDICTION_CARD, bar_id);
      GtkWidget *percent = child (card, HT_TYPE_PREDICTION_CARD, percent_id);

      g_assert_cmpfloat_with_epsilon (gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (bar)),
                                      p[i], 1e-9);
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (percent)), ==, percents[i]);
    }
  g_assert_true (gtk_widget_get_visible (verdict));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (verdict)), ==, "South");
  g_assert_true (gtk_widget_has_css_class (verdict, "region-south"));
  g_assert_false (gtk_widget_has_css_class (verdict, "region-east"));

  ht_prediction_card_set_prediction (HT_PREDICTION_CARD (card), with_fix);
  g_assert_cmpstr (card_page (card), ==, "unavailable");
  g_assert_false (gtk_widget_get_visible (verdict));
  g_assert_false (gtk_widget_has_css_class (verdict, "region-south"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (reason)), ==, "No audio model trained yet");
  g_assert_true (gtk_widget_get_visible (fix));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (fix)), ==, "Train…");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (fix)), ==, "app.train-audio");

  ht_prediction_card_set_prediction (HT_PREDICTION_CARD (card), no_fix);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (reason)), ==, "Lyrics model not installed");
  g_assert_false (gtk_widget_get_visible (fix));

  ht_prediction_card_set_prediction (HT_PREDICTION_CARD (card), NULL);
  g_assert_cmpstr (card_page (card), ==, "pending");
  gtk_window_destroy (window);
}

static gboolean
spinner_is_active (gpointer data);

/* An HtDelayedSpinner (for ht_test_ui_find_widget). */
static gboolean
is_delayed_spinner (GtkWidget     *widget,
                    gconstpointer  data)
{
  return HT_IS_DELAYED_SPINNER (widget);
}

/* The answer replaces "Listening…" at once after a short wait, and fades in after a wait long
 * enough for the spinner to have shown. */
static void
test_prediction_card_transition (void)
{
  GtkWidget *card = ht_prediction_card_new ("Lyrics");
  GtkWindow *window = ht_test_ui_window_with (card, 420, 240);
  GtkStack *stack = GTK_STACK (child (card, HT_TYPE_PREDICTION_CARD, "stack"));
  GtkWidget *spinner = ht_test_ui_find_widget (gtk_stack_get_child_by_name (stack, "pending"),
                                               is_delayed_spinner, NULL);
  const double p[4] = { 0.40, 0.20, 0.30, 0.10 };
  g_autoptr(HtPrediction) answer = ht_prediction_new (p, NULL);
  gboolean animations = TRUE;

  g_object_get (gtk_widget_get_settings (card), "gtk-enable-animations", &animations, NULL);
  ht_delayed_spinner_set_delay (HT_DELAYED_SPINNER (spinner), 150);
  ht_test_ui_wait (ht_test_ui_is_drawn, spinner, 10, "the card waiting");

  /* Short: no spinner was seen, no fade. */
  g_assert_false (ht_delayed_spinner_get_active (HT_DELAYED_SPINNER (spinner)));
  g_assert_cmpint (gtk_stack_get_transition_type (stack), ==, GTK_STACK_TRANSITION_TYPE_NONE);
  ht_prediction_card_set_prediction (HT_PREDICTION_CARD (card), answer);
  g_assert_cmpstr (card_page (card), ==, "bars");
  g_assert_false (gtk_stack_get_transition_running (stack));

  /* Long: the spinner turned, the answer fades in. */
  ht_prediction_card_set_prediction (HT_PREDICTION_CARD (card), NULL);
  ht_test_ui_wait (spinner_is_active, spinner, 10, "the spinner to start");
  g_assert_cmpint (gtk_stack_get_transition_type (stack), ==,
                   GTK_STACK_TRANSITION_TYPE_CROSSFADE);
  ht_prediction_card_set_prediction (HT_PREDICTION_CARD (card), answer);
  g_assert_cmpstr (card_page (card), ==, "bars");
  if (animations)
    g_assert_true (gtk_stack_get_transition_running (stack));
  gtk_window_destroy (window);
}

static void
test_track_row (void)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/music/some track.flac");
  g_autoptr(HtTrack) track = ht_track_new (file);
  GtkWidget *row = ht_track_row_new ();
  GtkWindow *window = ht_test_ui_window_with (row, 300, 80);
  GtkWidget *title = child (row, HT_TYPE_TRACK_ROW, "title_label");
  GtkWidget *subtitle = child (row, HT_TYPE_TRACK_ROW, "subtitle_label");
  GtkWidget *progress = child (row, HT_TYPE_TRACK_ROW, "progress_bar");
  GtkWidget *error_icon = child (row, HT_TYPE_TRACK_ROW, "error_icon");
  GtkWidget *cnn_chip = child (row, HT_TYPE_TRACK_ROW, "cnn_chip");
  GtkWidget *lyrics_chip = child (row, HT_TYPE_TRACK_ROW, "lyrics_chip");
  HtTrackInfo *info = g_new0 (HtTrackInfo, 1);
  const double p[4] = { 0.7, 0.1, 0.1, 0.1 };
  g_autoptr(HtPrediction) east = ht_prediction_new (p, NULL);
  g_autoptr(HtPrediction) none = ht_prediction_new_unavailable ("No lyrics found", NULL, NULL);

  ht_track_row_set_track (HT_TRACK_ROW (row), track);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (title)), ==, "some track.flac");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (subtitle)), ==, "Unknown artist");
  g_assert_false (gtk_widget_get_visible (progress));

  _ht_track_set_state (track, HT_TRACK_STATE_ANALYZING);
  _ht_track_set_progress (track, 0.25);
  g_assert_true (gtk_widget_get_visible (progress));
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (progress)), ==, 0.25);

  info->artist = g_strdup ("Test Artist");
  info->title = g_strdup ("Tone Poem");
  _ht_track_take_info (track, info);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (title)), ==, "Tone Poem");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (subtitle)), ==, "Test Artist");

  _ht_track_set_cnn_prediction (track, east);
  _ht_track_set_lyrics_prediction (track, none);
  _ht_track_set_state (track, HT_TRACK_STATE_DONE);
  g_assert_false (gtk_widget_get_visible (progress));
  g_assert_true (gtk_widget_get_visible (cnn_chip));
  g_assert_true (gtk_widget_has_css_class (cnn_chip, "region-east"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (cnn_chip), ==, "Sound: East, 70%");
  g_assert_false (gtk_widget_get_visible (lyrics_chip));
  g_assert_false (gtk_widget_get_visible (error_icon));

  _ht_track_take_error (track, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "Damaged"));
  _ht_track_set_state (track, HT_TRACK_STATE_FAILED);
  g_assert_true (gtk_widget_get_visible (error_icon));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (error_icon), ==, "Damaged");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (subtitle)), ==, "Could not analyse");

  /* Rows are recycled: a row must let go of its old track. */
  ht_track_row_set_track (HT_TRACK_ROW (row), NULL);
  g_assert_null (ht_track_row_get_track (HT_TRACK_ROW (row)));
  gtk_window_destroy (window);
}

static gboolean
spinner_is_active (gpointer data)
{
  return ht_delayed_spinner_get_active (data);
}

static void
on_spinner_map (GtkWidget *spinner,
                gint64    *mapped_at)
{
  *mapped_at = g_get_monotonic_time ();
}

/* Still and invisible until it has been on screen for its delay; hidden, it starts over. */
static void
test_delayed_spinner (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *spinner = ht_delayed_spinner_new ();
  GtkWidget *inner = gtk_widget_get_first_child (spinner);
  GtkWidget *other = gtk_label_new ("done");
  gint64 shown_at;
  int min_width = 0;

  g_assert_true (GTK_IS_SPINNER (inner));
  g_assert_cmpuint (ht_delayed_spinner_get_delay (HT_DELAYED_SPINNER (spinner)), ==,
                    HT_DELAYED_SPINNER_DEFAULT_DELAY_MS);
  ht_delayed_spinner_set_delay (HT_DELAYED_SPINNER (spinner), 300);
  gtk_stack_add_named (GTK_STACK (stack), spinner, "waiting");
  gtk_stack_add_named (GTK_STACK (stack), other, "done");
  gtk_window_set_child (GTK_WINDOW (window), stack);
  /* The delay runs from the map, not from when the test sees it drawn (on a loaded machine
   * that can be tens of milliseconds later). */
  g_signal_connect (spinner, "map", G_CALLBACK (on_spinner_map), &shown_at);
  shown_at = 0;
  gtk_window_present (GTK_WINDOW (window));
  ht_test_ui_wait (ht_test_ui_is_drawn, spinner, 10, "the spinner on screen");
  g_assert_cmpint (shown_at, >, 0);

  /* It keeps its place (no layout jump when it appears), but shows and turns nothing yet. */
  gtk_widget_measure (spinner, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_assert_cmpint (min_width, >=, 16);
  g_assert_false (ht_delayed_spinner_get_active (HT_DELAYED_SPINNER (spinner)));
  g_assert_false (gtk_spinner_get_spinning (GTK_SPINNER (inner)));
  g_assert_cmpfloat (gtk_widget_get_opacity (inner), ==, 0.0);
  ht_test_ui_spin (100);
  if (g_get_monotonic_time () - shown_at < 250 * 1000)
    g_assert_false (ht_delayed_spinner_get_active (HT_DELAYED_SPINNER (spinner)));

  ht_test_ui_wait (spinner_is_active, spinner, 10, "the spinner to start");
  /* 2 ms: our handler runs just after the widget's own map has started the timer. */
  g_assert_cmpint (g_get_monotonic_time () - shown_at, >=, 300 * 1000 - 2 * 1000);
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (inner)));
  g_assert_cmpfloat (gtk_widget_get_opacity (inner), ==, 1.0);

  /* The wait is over: it stops at once, and the next wait starts the delay afresh. */
  gtk_stack_set_visible_child (GTK_STACK (stack), other);
  ht_test_ui_spin (50);
  g_assert_false (gtk_widget_get_mapped (spinner));
  g_assert_false (ht_delayed_spinner_get_active (HT_DELAYED_SPINNER (spinner)));
  g_assert_false (gtk_spinner_get_spinning (GTK_SPINNER (inner)));
  gtk_stack_set_visible_child (GTK_STACK (stack), spinner);
  ht_test_ui_wait (ht_test_ui_is_drawn, spinner, 10, "the spinner back on screen");
  g_assert_false (ht_delayed_spinner_get_active (HT_DELAYED_SPINNER (spinner)));
  ht_test_ui_wait (spinner_is_active, spinner, 10, "the spinner to start again");

  /* A wait that ends before the delay never shows it. */
  gtk_stack_set_visible_child (GTK_STACK (stack), other);
  ht_test_ui_spin (20);
  gtk_stack_set_visible_child (GTK_STACK (stack), spinner);
  ht_test_ui_spin (100);
  gtk_stack_set_visible_child (GTK_STACK (stack), other);
  ht_test_ui_spin (400);
  g_assert_false (ht_delayed_spinner_get_active (HT_DELAYED_SPINNER (spinner)));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  adw_init ();
  ht_widgets_init ();
  g_test_add_func ("/ui/spectrogram-view/texture-cache", test_view_texture_cache);
  g_test_add_func ("/ui/spectrogram-view/readout", test_view_readout);
  g_test_add_func ("/ui/spectrogram-view/zoom", test_view_zoom);
  g_test_add_func ("/ui/prediction-card/states", test_prediction_card);
  g_test_add_func ("/ui/prediction-card/transition", test_prediction_card_transition);
  g_test_add_func ("/ui/track-row/states", test_track_row);
  g_test_add_func ("/ui/delayed-spinner", test_delayed_spinner);
  return g_test_run ();
}
