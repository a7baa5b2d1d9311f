/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-map-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "ht-credits.h"
#include "ht-items-watch.h"
#include "ht-map-renderer.h"
#include "ht-map-view-private.h"

struct _HtMapView
{
  GtkWidget      parent_instance;

  HtGeo         *geo;
  HtMapRenderer *renderer;         /* once there is a geography */
  GCancellable  *geo_cancellable;
  HtOriginTable *origins;

  HtTrack       *track;            /* one-track mode */
  GListModel    *tracks;           /* many-track mode */
  HtItemsWatch  *watch;            /* every track of `tracks` */
  guint          sync_id;

  /* The cached base layer and what it was drawn for. */
  GdkTexture    *base;
  int            base_width;
  int            base_height;
  int            base_scale;
  guint          base_generation;
  guint          n_base_renders;
  guint          base_idle_id;     /* a new base, drawn after the frame that asked for it */

  char          *description;
  int            max_height;       /* 0: as tall as the 3:2 layout wants */
};

G_DEFINE_FINAL_TYPE (HtMapView, ht_map_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_GEO,
  PROP_ORIGINS,
  PROP_TRACK,
  PROP_DESCRIPTION,
  N_PROPS
};

enum {
  SIGNAL_HOMETOWN_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Track properties the map is drawn from. */
static const char *const watched_props[] = {
  "artist", "title", "hometown", "hometown-region", "cnn-prediction", "lyrics-prediction", NULL
};

/* ---- the shared geography ------------------------------------------------------------------ */

static GMutex shared_geo_lock;
static HtGeo *shared_geo;

static void
load_geo_worker (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&shared_geo_lock);
  GError *error = NULL;

  /* Loaded once per process: it is immutable and shared by every view. */
  if (shared_geo == NULL)
    shared_geo = ht_geo_load_default (&error);
  if (shared_geo == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_object_ref (shared_geo), g_object_unref);
}

static void
on_geo_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr(HtMapView) self = g_weak_ref_get (weak);
  g_autoptr(GError) error = NULL;
  g_autoptr(HtGeo) geo = g_task_propagate_pointer (G_TASK (result), &error);

  g_weak_ref_clear (weak);
  g_free (weak);
  if (self == NULL)
    return;   /* the view is gone: nothing to draw */
  if (geo == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("No map: %s", error->message);
      return;
    }
  if (self->geo == NULL)
    ht_map_view_set_geo (self, geo);
}

static void
start_loading_geo (HtMapView *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->geo != NULL || self->geo_cancellable != NULL)
    return;
  GWeakRef *weak = g_new0 (GWeakRef, 1);

  self->geo_cancellable = g_cancellable_new ();
  /* A weak reference: a strong one would keep the view alive past its page, whose template
   * expressions it still watches (GTK then unwatches a page that is already gone). */
  g_weak_ref_init (weak, self);
  task = g_task_new (NULL, self->geo_cancellable, on_geo_loaded_cb, weak);
  g_task_set_source_tag (task, start_loading_geo);
  g_task_run_in_thread (task, load_geo_worker);
}

/* ---- data ---------------------------------------------------------------------------------- */

static const HtOrigin *
lookup (HtMapView  *self,
        const char *name)
{
  if (self->origins == NULL || name == NULL)
    return NULL;
  return ht_origin_table_lookup (self->origins, name);
}

/* The combined verdict's probabilities; FALSE when neither model has answered. */
static gboolean
combined_probabilities (HtTrack *track,
                        double  *p)
{
  g_autoptr(HtPrediction) combined =
    ht_prediction_combine (ht_track_get_cnn_prediction (track),
                           ht_track_get_lyrics_prediction (track));

  if (combined == NULL || !ht_prediction_is_available (combined))
    return FALSE;
  for (guint r = 0; r < HT_PREDICTION_N_REGIONS; r++)
    p[r] = ht_prediction_get_probability (combined, r);
  return TRUE;
}

/* What the pin shows: the table's origin for the artist, else what the track was told. */
static char *
describe_single (HtMapView      *self,
                 const HtOrigin *origin)
{
  double p[HT_PREDICTION_N_REGIONS];
  g_autofree char *hometown = origin != NULL ? ht_origin_format_place (origin)
                                             : g_strdup (ht_track_get_hometown (self->track));
  HtRegion region = origin != NULL ? origin->region : ht_track_get_hometown_region (self->track);
  g_autofree char *home = NULL;
  g_autofree char *predicted = NULL;

  if (hometown != NULL)
    /* Translators: for screen readers, e.g. "Hometown: Queens, NY (East)." */
    home = g_strdup_printf (_("Hometown: %s (%s)."), hometown, ht_region_to_string (region));
  else
    home = g_strdup (_("Hometown unknown."));
  if (combined_probabilities (self->track, p))
    {
      guint top = 0;

      for (guint r = 1; r < HT_PREDICTION_N_REGIONS; r++)
        if (p[r] > p[top])
          top = r;
      /* Translators: the combined verdict, e.g. "Predicted: South (62 %)." */
      predicted = g_strdup_printf (_("Predicted: %s (%.0f %%)."), ht_prediction_region_name (top),
                                   100 * p[top]);
    }
  else
    predicted = g_strdup (_("No prediction yet."));
  return g_strconcat (home, " ", predicted, NULL);
}

static char *
describe_many (HtMapView *self,
               guint      n_drawn,
               guint      n_regions[HT_PREDICTION_N_REGIONS])
{
  g_autoptr(GString) s = g_string_new (NULL);

  if (n_drawn == 0)
    return g_strdup (_("No analysed tracks on the map yet."));
  g_string_append_printf (s, ngettext ("%u track on the map.", "%u tracks on the map.", n_drawn),
                          n_drawn);
  /* Translators: followed by counts per region, "East 3, South 2" */
  g_string_append_printf (s, " %s", _("Predicted:"));
  for (guint r = 0, first = TRUE; r < HT_PREDICTION_N_REGIONS; r++)
    if (n_regions[r] > 0)
      {
        g_string_append_printf (s, "%s %s %u", first ? "" : ",", ht_prediction_region_name (r),
                                n_regions[r]);
        first = FALSE;
      }
  g_string_append_c (s, '.');
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
set_description (HtMapView *self,
                 char      *description)
{
  if (g_strcmp0 (self->description, description) == 0)
    {
      g_free (description);
      return;
    }
  g_free (self->description);
  self->description = description;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  self->description, -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}

static void
sync_single (HtMapView *self)
{
  g_autoptr(HtCredits) credits = NULL;
  double p[HT_PREDICTION_N_REGIONS];
  const char *main_artist;

  if (self->renderer != NULL)
    ht_map_renderer_clear (self->renderer);
  if (self->track == NULL)
    {
      set_description (self, g_strdup (_("No track.")));
      return;
    }
  credits = ht_credits_parse (ht_track_get_artist (self->track), ht_track_get_title (self->track),
                              self->origins);
  main_artist = credits->primary->len > 0 ? credits->primary->pdata[0]
                                          : ht_track_get_artist (self->track);
  set_description (self, describe_single (self, lookup (self, main_artist)));
  if (self->renderer == NULL)
    return;
  ht_map_renderer_set_artist (self->renderer, main_artist != NULL ? main_artist : _("Unknown artist"),
                              lookup (self, main_artist));
  for (guint i = 1; i < credits->primary->len; i++)
    ht_map_renderer_add_featured (self->renderer, credits->primary->pdata[i],
                                  lookup (self, credits->primary->pdata[i]));
  for (guint i = 0; i < credits->featured->len; i++)
    ht_map_renderer_add_featured (self->renderer, credits->featured->pdata[i],
                                  lookup (self, credits->featured->pdata[i]));
  ht_map_renderer_set_prediction (self->renderer,
                                  combined_probabilities (self->track, p) ? p : NULL);
}

static void
sync_many (HtMapView *self)
{
  guint n = g_list_model_get_n_items (self->tracks), n_drawn = 0;
  guint n_regions[HT_PREDICTION_N_REGIONS] = { 0 };

  if (self->renderer != NULL)
    ht_map_renderer_clear (self->renderer);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HtTrack) track = g_list_model_get_item (self->tracks, i);
      double p[HT_PREDICTION_N_REGIONS];
      const char *artist = ht_track_get_artist (track);
      guint top = 0;

      if (!combined_probabilities (track, p))
        continue;
      for (guint r = 1; r < HT_PREDICTION_N_REGIONS; r++)
        if (p[r] > p[top])
          top = r;
      n_regions[top]++;
      n_drawn++;
      if (self->renderer != NULL)
        ht_map_renderer_add_track (self->renderer, artist != NULL ? artist : _("Unknown artist"),
                                   ht_track_get_title (track), lookup (self, artist), p);
    }
  set_description (self, describe_many (self, n_drawn, n_regions));
}

static void
sync_now (HtMapView *self)
{
  g_clear_handle_id (&self->sync_id, g_source_remove);
  if (self->tracks != NULL)
    sync_many (self);
  else
    sync_single (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
sync_idle_cb (gpointer data)
{
  HtMapView *self = data;

  self->sync_id = 0;
  sync_now (self);
  return G_SOURCE_REMOVE;
}

/* Coalesces the notifications of a burst (an analysis filling a track, a list growing) into
 * one rebuild, before the next frame is drawn. */
static void
queue_sync (HtMapView *self)
{
  if (self->sync_id == 0)
    self->sync_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, sync_idle_cb, self, NULL);
}

static void
on_track_notify_cb (HtTrack    *track,
                    GParamSpec *pspec,
                    HtMapView  *self)
{
  if (g_strv_contains (watched_props, pspec->name))
    queue_sync (self);
}

static void
on_watched_track_notify_cb (HtItemsWatch *watch,
                            HtTrack      *track,
                            GParamSpec   *pspec,
                            HtMapView    *self)
{
  on_track_notify_cb (track, pspec, self);
}

static void
on_origins_changed_cb (HtMapView *self)
{
  queue_sync (self);
}

/* ---- drawing ------------------------------------------------------------------------------- */

static void
on_dark_changed_cb (HtMapView       *self,
                    GParamSpec      *pspec,
                    AdwStyleManager *manager)
{
  if (self->renderer == NULL)
    return;
  ht_map_renderer_set_dark (self->renderer, adw_style_manager_get_dark (manager));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
build_base (HtMapView *self,
            int        width,
            int        height,
            int        scale)
{
  int pw = width * scale, ph = height * scale;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pw, ph);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(GBytes) bytes = NULL;

  cairo_scale (cr, scale, scale);
  ht_map_renderer_render_base (self->renderer, cr, width, height);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  /* Cairo's ARGB32 is premultiplied BGRA in memory on little-endian: GDK_MEMORY_DEFAULT. */
  bytes = g_bytes_new (cairo_image_surface_get_data (surface),
                       (gsize) cairo_image_surface_get_stride (surface) * ph);
  g_clear_object (&self->base);
  self->base = gdk_memory_texture_new (pw, ph, GDK_MEMORY_DEFAULT, bytes,
                                       cairo_image_surface_get_stride (surface));
  cairo_surface_destroy (surface);
  self->base_width = width;
  self->base_height = height;
  self->base_scale = scale;
  self->base_generation = ht_map_renderer_get_base_generation (self->renderer);
  self->n_base_renders++;
}

/* A base costs ~8 ms. The first comes in the frame that shows a whole new page (the first
 * track dropped), and new tints in the frame that shows a prediction (with its card, and for a
 * short track its spectrogram, to lay out and paint): both are drawn right after that frame,
 * which shows pins and legend over the old base (or none), and the new base follows one frame
 * later. Only a new size is drawn in the frame: an old base would be out of place. */
static gboolean
build_base_cb (gpointer user_data)
{
  HtMapView *self = user_data;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  self->base_idle_id = 0;
  if (self->renderer != NULL && width > 0 && height > 0)
    {
      build_base (self, width, height, gtk_widget_get_scale_factor (GTK_WIDGET (self)));
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  return G_SOURCE_REMOVE;
}

static void
ht_map_view_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  HtMapView *self = HT_MAP_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int scale = gtk_widget_get_scale_factor (widget);
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, width, height);
  cairo_t *cr;

  /* No sync here even when one is pending: it changes :description, and a label bound to it
   * would be resized in the middle of this frame's snapshot. The idle runs before the next
   * frame and queues it. */
  if (width <= 0 || height <= 0 || self->renderer == NULL)
    return;
  if (self->base != NULL
      && (width != self->base_width || height != self->base_height || scale != self->base_scale))
    build_base (self, width, height, scale);
  else if ((self->base == NULL
            || ht_map_renderer_get_base_generation (self->renderer) != self->base_generation)
           && self->base_idle_id == 0)
    /* Low: not in the same main-loop turn as another idle's work (a batch of dropped tracks
     * joining the list), which would add up to one long stall. */
    self->base_idle_id = g_idle_add_full (G_PRIORITY_LOW, build_base_cb, self, NULL);
  if (self->base != NULL)
    gtk_snapshot_append_texture (snapshot, self->base, &bounds);
  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  ht_map_renderer_render_overlay (self->renderer, cr, width, height);
  cairo_destroy (cr);
}

static void
ht_map_view_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  /* The renderer's layout is 3:2; height follows the width it is given. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 720;
    }
  else
    {
      HtMapView *self = HT_MAP_VIEW (widget);

      *minimum = for_size > 0 ? for_size * 2 / 3 : 160;
      *natural = for_size > 0 ? for_size * 2 / 3 : 480;
      /* Beside a table that should keep the room, the map letterboxes instead. */
      if (self->max_height > 0)
        {
          *minimum = MIN (*minimum, self->max_height);
          *natural = MIN (*natural, self->max_height);
        }
    }
}

static GtkSizeRequestMode
ht_map_view_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

/* ---- pointer ------------------------------------------------------------------------------- */

static gboolean
hit_at (HtMapView *self,
        double     x,
        double     y,
        HtMapHit  *hit)
{
  if (self->renderer == NULL)
    return FALSE;
  if (self->sync_id != 0)
    sync_now (self);
  return ht_map_renderer_hit_test (self->renderer, gtk_widget_get_width (GTK_WIDGET (self)),
                                   gtk_widget_get_height (GTK_WIDGET (self)), x, y, hit);
}

static char *
describe_person (HtMapView  *self,
                 const char *name)
{
  const HtOrigin *origin = lookup (self, name);
  g_autofree char *place = origin != NULL ? ht_origin_format_place (origin) : NULL;

  if (place == NULL)
    /* Translators: tooltip on a map pin, e.g. "Rihanna — hometown unknown" */
    return g_strdup_printf (_("%s — hometown unknown"), name);
  /* Translators: tooltip on a map pin, e.g. "Nas — Queens, NY (East)" */
  return g_strdup_printf (_("%s — %s (%s)"), name, place, ht_region_to_string (origin->region));
}

char *
_ht_map_view_tooltip_at (HtMapView *self,
                         double     x,
                         double     y)
{
  HtMapHit hit;

  if (!hit_at (self, x, y, &hit))
    return NULL;
  switch (hit.kind)
    {
    case HT_MAP_HIT_HOMETOWN:
      {
        g_autofree char *who = describe_person (self, hit.name);

        /* Translators: second line of the hometown pin's tooltip */
        return g_strdup_printf ("%s\n%s", who, _("Click to correct the hometown"));
      }
    case HT_MAP_HIT_FEATURED:
    case HT_MAP_HIT_ARTIST:
      return describe_person (self, hit.name);
    case HT_MAP_HIT_STATE:
      /* Translators: tooltip on a state, e.g. "Georgia (South)" */
      return g_strdup_printf (_("%s (%s)"), hit.name, ht_region_to_string (hit.state->region));
    case HT_MAP_HIT_NONE:
    default:
      return NULL;
    }
}

static gboolean
on_query_tooltip_cb (HtMapView  *self,
                     int         x,
                     int         y,
                     gboolean    keyboard,
                     GtkTooltip *tooltip)
{
  g_autofree char *text = keyboard ? NULL : _ht_map_view_tooltip_at (self, x, y);

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
on_motion_cb (HtMapView                *self,
              double                    x,
              double                    y,
              GtkEventControllerMotion *motion)
{
  HtMapHit hit;
  gboolean on_pin = hit_at (self, x, y, &hit) && hit.kind == HT_MAP_HIT_HOMETOWN;

  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), on_pin ? "pointer" : NULL);
}

gboolean
_ht_map_view_click (HtMapView *self,
                    double     x,
                    double     y)
{
  HtMapHit hit;
  double px, py;

  if (self->track == NULL || !hit_at (self, x, y, &hit) || hit.kind != HT_MAP_HIT_HOMETOWN)
    return FALSE;
  if (!ht_map_view_get_hometown_point (self, &px, &py))
    return FALSE;
  g_signal_emit (self, signals[SIGNAL_HOMETOWN_ACTIVATED], 0, px, py);
  return TRUE;
}

static void
on_click_released_cb (HtMapView       *self,
                      int              n_press,
                      double           x,
                      double           y,
                      GtkGestureClick *gesture)
{
  if (_ht_map_view_click (self, x, y))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

/* ---- GObject ------------------------------------------------------------------------------- */

static void
ht_map_view_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ht_map_view_parent_class)->root (widget);
  start_loading_geo (HT_MAP_VIEW (widget));
}

static void
ht_map_view_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  /* Popovers anchored to the map (the correction) follow it. */
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child))
      gtk_popover_present (GTK_POPOVER (child));
}

static void
ht_map_view_dispose (GObject *object)
{
  HtMapView *self = HT_MAP_VIEW (object);
  GtkWidget *child;

  if (self->geo_cancellable != NULL)
    g_cancellable_cancel (self->geo_cancellable);
  g_clear_object (&self->geo_cancellable);
  g_clear_handle_id (&self->sync_id, g_source_remove);
  g_clear_handle_id (&self->base_idle_id, g_source_remove);
  ht_map_view_set_tracks (self, NULL);
  ht_map_view_set_track (self, NULL);
  ht_map_view_set_origins (self, NULL);
  g_clear_handle_id (&self->sync_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (adw_style_manager_get_default (), self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->base);
  g_clear_object (&self->renderer);
  g_clear_object (&self->geo);
  G_OBJECT_CLASS (ht_map_view_parent_class)->dispose (object);
}

static void
ht_map_view_finalize (GObject *object)
{
  HtMapView *self = HT_MAP_VIEW (object);

  g_free (self->description);
  G_OBJECT_CLASS (ht_map_view_parent_class)->finalize (object);
}

static void
ht_map_view_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  HtMapView *self = HT_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_GEO:
      g_value_set_object (value, self->geo);
      break;
    case PROP_ORIGINS:
      g_value_set_object (value, self->origins);
      break;
    case PROP_TRACK:
      g_value_set_object (value, self->track);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_map_view_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  HtMapView *self = HT_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_ORIGINS:
      ht_map_view_set_origins (self, g_value_get_object (value));
      break;
    case PROP_TRACK:
      ht_map_view_set_track (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_map_view_class_init (HtMapViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ht_map_view_dispose;
  object_class->finalize = ht_map_view_finalize;
  object_class->get_property = ht_map_view_get_property;
  object_class->set_property = ht_map_view_set_property;
  widget_class->snapshot = ht_map_view_snapshot;
  widget_class->measure = ht_map_view_measure;
  widget_class->get_request_mode = ht_map_view_get_request_mode;
  widget_class->root = ht_map_view_root;
  widget_class->size_allocate = ht_map_view_size_allocate;

  properties[PROP_GEO] =
    g_param_spec_object ("geo", NULL, NULL, HT_TYPE_GEO,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORIGINS] =
    g_param_spec_object ("origins", NULL, NULL, HT_TYPE_ORIGIN_TABLE, rw);
  properties[PROP_TRACK] = g_param_spec_object ("track", NULL, NULL, HT_TYPE_TRACK, rw);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* (x, y): where the pin points, in the view's coordinates. */
  signals[SIGNAL_HOMETOWN_ACTIVATED] =
    g_signal_new ("hometown-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  gtk_widget_class_set_css_name (widget_class, "mapview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ht_map_view_init (HtMapView *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  AdwStyleManager *manager = adw_style_manager_get_default ();

  self->description = g_strdup (_("No track."));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Hometown map"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->description, -1);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), NULL);
  g_signal_connect_swapped (motion, "motion", G_CALLBACK (on_motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (click, "released", G_CALLBACK (on_click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect_swapped (manager, "notify::dark", G_CALLBACK (on_dark_changed_cb), self);
}

GtkWidget *
ht_map_view_new (void)
{
  return g_object_new (HT_TYPE_MAP_VIEW, NULL);
}

void
ht_map_view_set_geo (HtMapView *self,
                     HtGeo     *geo)
{
  g_return_if_fail (HT_IS_MAP_VIEW (self));
  g_return_if_fail (HT_IS_GEO (geo));

  if (!g_set_object (&self->geo, geo))
    return;
  g_clear_object (&self->renderer);
  g_clear_object (&self->base);
  self->renderer = ht_map_renderer_new (geo);
  ht_map_renderer_set_dark (self->renderer,
                            adw_style_manager_get_dark (adw_style_manager_get_default ()));
  sync_now (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GEO]);
}

HtGeo *
ht_map_view_get_geo (HtMapView *self)
{
  g_return_val_if_fail (HT_IS_MAP_VIEW (self), NULL);
  return self->geo;
}

HtOriginTable *
ht_map_view_get_origins (HtMapView *self)
{
  g_return_val_if_fail (HT_IS_MAP_VIEW (self), NULL);
  return self->origins;
}

void
ht_map_view_set_origins (HtMapView     *self,
                         HtOriginTable *origins)
{
  g_return_if_fail (HT_IS_MAP_VIEW (self));
  g_return_if_fail (origins == NULL || HT_IS_ORIGIN_TABLE (origins));

  if (self->origins == origins)
    return;
  if (self->origins != NULL)
    g_signal_handlers_disconnect_by_data (self->origins, self);
  g_set_object (&self->origins, origins);
  /* A correction moves the pin even before the tracks' hometowns are refreshed. */
  if (origins != NULL)
    g_signal_connect_swapped (origins, "changed", G_CALLBACK (on_origins_changed_cb), self);
  queue_sync (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORIGINS]);
}

HtTrack *
ht_map_view_get_track (HtMapView *self)
{
  g_return_val_if_fail (HT_IS_MAP_VIEW (self), NULL);
  return self->track;
}

void
ht_map_view_set_track (HtMapView *self,
                       HtTrack   *track)
{
  g_return_if_fail (HT_IS_MAP_VIEW (self));
  g_return_if_fail (track == NULL || HT_IS_TRACK (track));

  if (self->track == track)
    return;
  if (self->track != NULL)
    g_signal_handlers_disconnect_by_data (self->track, self);
  g_set_object (&self->track, track);
  if (track != NULL)
    {
      ht_map_view_set_tracks (self, NULL);
      g_signal_connect (track, "notify", G_CALLBACK (on_track_notify_cb), self);
    }
  sync_now (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRACK]);
}

void
ht_map_view_set_tracks (HtMapView  *self,
                        GListModel *tracks)
{
  g_return_if_fail (HT_IS_MAP_VIEW (self));
  g_return_if_fail (tracks == NULL || G_IS_LIST_MODEL (tracks));

  if (self->tracks == tracks)
    return;
  if (self->tracks != NULL)
    g_signal_handlers_disconnect_by_data (self->tracks, self);
  g_clear_object (&self->watch);
  g_set_object (&self->tracks, tracks);
  if (tracks != NULL)
    {
      ht_map_view_set_track (self, NULL);
      g_signal_connect_swapped (tracks, "items-changed", G_CALLBACK (queue_sync), self);
      self->watch = ht_items_watch_new (tracks);
      g_signal_connect (self->watch, "item-notify", G_CALLBACK (on_watched_track_notify_cb),
                        self);
    }
  queue_sync (self);
}

const char *
ht_map_view_get_description (HtMapView *self)
{
  g_return_val_if_fail (HT_IS_MAP_VIEW (self), NULL);
  if (self->sync_id != 0)
    sync_now (self);
  return self->description;
}

gboolean
ht_map_view_get_hometown_point (HtMapView *self,
                                double    *x,
                                double    *y)
{
  g_return_val_if_fail (HT_IS_MAP_VIEW (self), FALSE);
  if (self->renderer == NULL || self->track == NULL)
    return FALSE;
  if (self->sync_id != 0)
    sync_now (self);
  return ht_map_renderer_get_artist_point (self->renderer,
                                           gtk_widget_get_width (GTK_WIDGET (self)),
                                           gtk_widget_get_height (GTK_WIDGET (self)), x, y);
}

HtMapRenderer *
_ht_map_view_get_renderer (HtMapView *self)
{
  return self->renderer;
}

guint
_ht_map_view_get_n_base_renders (HtMapView *self)
{
  return self->n_base_renders;
}

GdkTexture *
_ht_map_view_get_base (HtMapView *self)
{
  return self->base;
}

void
ht_map_view_set_max_height (HtMapView *self,
                            int        height)
{
  g_return_if_fail (HT_IS_MAP_VIEW (self));

  self->max_height = MAX (height, 0);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}
