/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-map-renderer"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "htc-projection.h"
#include "ht-artist-name.h"
#include "ht-error.h"
#include "ht-map-renderer.h"

#define N_US HT_N_US_REGIONS
#define MAX_NOTE_LINES 4
#define MAX_TRACK_LABELS 24

typedef struct
{
  char    *name;
  char    *place;     /* "Compton, CA", "Toronto, CA", or "" */
  double   lat, lon;  /* NAN: unknown */
  HtRegion home;
} Person;

typedef struct
{
  Person  who;
  char   *key;        /* normalised name, to group an artist's tracks */
  guint    counts[N_US];
  guint    n;
} ArtistGroup;

typedef struct
{
  double s;           /* scale of text and marks: 1 at 1200 x 800 */
  double margin;
  double header;
  double map[4];      /* x, y, w, h */
  double legend[4];
} Layout;

typedef struct
{
  double x, y;        /* pixel of the place */
  gboolean on_map;
} Spot;

/* Open polylines: polyline i is points start[i] .. start[i + 1] - 1 of xy. */
typedef struct
{
  GArray *xy;       /* double x, y pairs */
  GArray *start;    /* gsize, with a final entry = number of points */
} Lines;

static Lines *
lines_new (void)
{
  Lines *l = g_new (Lines, 1);
  gsize zero = 0;

  l->xy = g_array_new (FALSE, FALSE, sizeof (double));
  l->start = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_array_append_val (l->start, zero);
  return l;
}

static void
lines_free (Lines *l)
{
  g_array_unref (l->xy);
  g_array_unref (l->start);
  g_free (l);
}

static gsize
lines_n_points (const Lines *l)
{
  return l->xy->len / 2;
}

/* Adds the segment a-b, extending the last polyline when it ends at a. */
static void
lines_add_segment (Lines        *l,
                   const double *a,
                   const double *b)
{
  gsize n = lines_n_points (l), last_start = g_array_index (l->start, gsize, l->start->len - 1);

  if (n > last_start)
    {
      const double *end = &g_array_index (l->xy, double, 2 * (n - 1));
      if (end[0] == a[0] && end[1] == a[1])
        {
          g_array_append_vals (l->xy, b, 2);
          return;
        }
      /* Close the previous polyline: its end becomes the next one's start. */
      g_array_append_val (l->start, n);
    }
  g_array_append_vals (l->xy, a, 2);
  g_array_append_vals (l->xy, b, 2);
}

static void
lines_finish (Lines *l)
{
  gsize n = lines_n_points (l);

  if (g_array_index (l->start, gsize, l->start->len - 1) != n)
    g_array_append_val (l->start, n);
}

struct _HtMapRenderer
{
  GObject          parent_instance;

  HtGeo           *geo;
  gboolean         dark;
  char            *title;

  Person          *artist;          /* one-track mode */
  GPtrArray       *featured;        /* Person* */
  gboolean         has_prediction;
  double           prediction[N_US];

  GPtrArray       *groups;          /* ArtistGroup*: many-track mode */
  GHashTable      *group_by_key;    /* borrowed key -> ArtistGroup* */
  guint            n_tracks;
  guint            pairs[HT_N_REGIONS][N_US];   /* home region x predicted region */

  guint            generation;
  double           base_key[N_US + 2];   /* what the base was last drawn from: see update_generation() */

  double           bounds[4];       /* of all states, in projection units */
  Lines           *seams;           /* lon/lat polylines: borders between two states */
  Lines           *region_borders;  /* the subset between states of different regions */

  /* Geometry for one size, reused until the size changes. */
  int              cache_w, cache_h;
  Layout           layout;
  HtcUsProjection *proj;
  GPtrArray       *state_px;        /* double* per state: projected points */
  GPtrArray       *state_draw;      /* DrawPath* per state */
  Lines           *seams_px;        /* the polylines above, in pixels */
  Lines           *region_borders_px;
  GPtrArray       *context_draw;    /* DrawPath* per context country */
  double           inset_box[2][4]; /* Alaska, Hawaii: pixel boxes around their shapes */
  double           outline_right;   /* the lower 48's easternmost pixel */
};

G_DEFINE_FINAL_TYPE (HtMapRenderer, ht_map_renderer, G_TYPE_OBJECT)

static void   update_generation (HtMapRenderer *self);
static double state_intensity   (HtMapRenderer *self,
                                 HtRegion       region);

typedef struct
{
  HtRgb page;         /* background and sea */
  HtRgb land;         /* the untinted land a state's tint mixes into */
  HtRgb context;      /* Canada, Mexico */
  HtRgb context_line;
  HtRgb ink;
  HtRgb muted;
} Palette;

static const Palette light_palette = {
  { 1.0, 1.0, 1.0 }, { 0.957, 0.953, 0.945 }, { 0.918, 0.910, 0.898 }, { 0.835, 0.827, 0.812 },
  { 0.141, 0.122, 0.192 }, { 0.467, 0.463, 0.482 },
};
static const Palette dark_palette = {
  { 0.114, 0.114, 0.125 }, { 0.235, 0.235, 0.255 }, { 0.176, 0.176, 0.192 }, { 0.259, 0.259, 0.278 },
  { 0.965, 0.961, 0.957 }, { 0.647, 0.643, 0.659 },
};

/* Where the arrow points for each predicted region: a point inside the region's heartland. */
static const double region_target[N_US][2] = {
  { 41.3, -77.6 },    /* East: central Pennsylvania */
  { 38.8, -117.2 },   /* West: central Nevada */
  { 32.6, -89.6 },    /* South: central Mississippi */
  { 41.9, -91.6 },    /* Midwest: eastern Iowa */
};

static const Palette *
palette (HtMapRenderer *self)
{
  return self->dark ? &dark_palette : &light_palette;
}

static void
set_rgb (cairo_t     *cr,
         const HtRgb *c,
         double       alpha)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, alpha);
}

/* ---- lifecycle ---- */

static void
person_free (Person *p)
{
  if (p == NULL)
    return;
  g_free (p->name);
  g_free (p->place);
  g_free (p);
}

static void
group_free (gpointer data)
{
  ArtistGroup *g = data;

  g_free (g->who.name);
  g_free (g->who.place);
  g_free (g->key);
  g_free (g);
}

static void
clear_geometry (HtMapRenderer *self)
{
  g_clear_pointer (&self->proj, htc_us_projection_free);
  g_clear_pointer (&self->state_px, g_ptr_array_unref);
  g_clear_pointer (&self->state_draw, g_ptr_array_unref);
  g_clear_pointer (&self->seams_px, lines_free);
  g_clear_pointer (&self->region_borders_px, lines_free);
  g_clear_pointer (&self->context_draw, g_ptr_array_unref);
  self->cache_w = self->cache_h = 0;
}

static void
ht_map_renderer_finalize (GObject *object)
{
  HtMapRenderer *self = HT_MAP_RENDERER (object);

  clear_geometry (self);
  g_clear_pointer (&self->artist, person_free);
  g_clear_pointer (&self->featured, g_ptr_array_unref);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->group_by_key, g_hash_table_unref);
  g_clear_pointer (&self->seams, lines_free);
  g_clear_pointer (&self->region_borders, lines_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_object (&self->geo);
  G_OBJECT_CLASS (ht_map_renderer_parent_class)->finalize (object);
}

static void
ht_map_renderer_class_init (HtMapRendererClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ht_map_renderer_finalize;
}

static void
ht_map_renderer_init (HtMapRenderer *self)
{
  self->featured = g_ptr_array_new_with_free_func ((GDestroyNotify) person_free);
  self->groups = g_ptr_array_new_with_free_func (group_free);
  self->group_by_key = g_hash_table_new (g_str_hash, g_str_equal);
  update_generation (self);   /* generation 1: the base's first key */
}

static HtcUsPart
part_of (const HtGeoShape *state)
{
  if (strcmp (state->code, "AK") == 0)
    return HTC_US_PART_ALASKA;
  if (strcmp (state->code, "HI") == 0)
    return HTC_US_PART_HAWAII;
  return HTC_US_PART_LOWER48;
}

typedef struct
{
  gint32 a[2], b[2];
} EdgeKey;

typedef struct
{
  int      count;
  HtRegion first;
  gboolean mixed;       /* states of two regions share it */
  gboolean drawn;
} EdgeInfo;

static guint
edge_hash (gconstpointer p)
{
  const EdgeKey *k = p;
  return (guint) (k->a[0] * 73856093u) ^ (guint) (k->a[1] * 19349663u)
         ^ (guint) (k->b[0] * 83492791u) ^ (guint) (k->b[1] * 2654435761u);
}

static gboolean
edge_equal (gconstpointer x,
            gconstpointer y)
{
  return memcmp (x, y, sizeof (EdgeKey)) == 0;
}

static void
edge_key (const double *p,
          const double *q,
          EdgeKey      *key)
{
  gint32 a[2] = { (gint32) lround (p[0] * 1000), (gint32) lround (p[1] * 1000) };
  gint32 b[2] = { (gint32) lround (q[0] * 1000), (gint32) lround (q[1] * 1000) };
  gboolean swap = a[0] > b[0] || (a[0] == b[0] && a[1] > b[1]);

  memcpy (key->a, swap ? b : a, sizeof key->a);
  memcpy (key->b, swap ? a : b, sizeof key->b);
}

/* The borders between states, each once, and those between regions: the shipped outlines were
 * simplified topologically, so a shared border has the same points on both sides. Coasts (edges
 * of one state only) are left out: they need no seam. */
static void
find_borders (HtMapRenderer *self)
{
  g_autoptr(GHashTable) edges = g_hash_table_new_full (edge_hash, edge_equal, g_free, g_free);

  self->seams = lines_new ();
  self->region_borders = lines_new ();
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < ht_geo_get_n_states (self->geo); i++)
      {
        const HtGeoShape *s = ht_geo_get_state (self->geo, i);

        for (gsize r = 0; r < s->n_rings; r++)
          for (gsize k = s->ring_start[r]; k < s->ring_start[r + 1]; k++)
            {
              gsize next = k + 1 < s->ring_start[r + 1] ? k + 1 : s->ring_start[r];
              const double *p = &s->xy[2 * k], *q = &s->xy[2 * next];
              EdgeKey key;
              EdgeInfo *info;

              edge_key (p, q, &key);
              info = g_hash_table_lookup (edges, &key);
              if (pass == 0)
                {
                  if (info == NULL)
                    {
                      info = g_new0 (EdgeInfo, 1);
                      info->first = s->region;
                      g_hash_table_insert (edges, g_memdup2 (&key, sizeof key), info);
                    }
                  info->count++;
                  info->mixed |= info->first != s->region;
                  continue;
                }
              if (info->count < 2 || info->drawn)
                continue;
              info->drawn = TRUE;
              lines_add_segment (self->seams, p, q);
              if (info->mixed)
                lines_add_segment (self->region_borders, p, q);
            }
      }
  lines_finish (self->seams);
  lines_finish (self->region_borders);
}

static Lines *
project_lines (HtcUsProjection *proj,
               const Lines     *in)
{
  Lines *out = lines_new ();
  gsize n = lines_n_points (in);

  g_array_set_size (out->xy, 2 * n);
  for (gsize k = 0; k < n; k++)
    htc_us_projection_forward_part (proj, HTC_US_PART_LOWER48,
                                    g_array_index (in->xy, double, 2 * k + 1),
                                    g_array_index (in->xy, double, 2 * k),
                                    &g_array_index (out->xy, double, 2 * k),
                                    &g_array_index (out->xy, double, 2 * k + 1));
  g_array_set_size (out->start, 0);
  g_array_append_vals (out->start, in->start->data, in->start->len);
  return out;
}

static void
stroke_lines (cairo_t     *cr,
              const Lines *l)
{
  for (guint i = 0; i + 1 < l->start->len; i++)
    {
      gsize a = g_array_index (l->start, gsize, i), b = g_array_index (l->start, gsize, i + 1);
      if (b < a + 2)
        continue;
      cairo_move_to (cr, g_array_index (l->xy, double, 2 * a), g_array_index (l->xy, double, 2 * a + 1));
      for (gsize k = a + 1; k < b; k++)
        cairo_line_to (cr, g_array_index (l->xy, double, 2 * k), g_array_index (l->xy, double, 2 * k + 1));
    }
  cairo_stroke (cr);
}

HtMapRenderer *
ht_map_renderer_new (HtGeo *geo)
{
  HtMapRenderer *self;
  HtcUsProjection *proj = NULL;

  g_return_val_if_fail (HT_IS_GEO (geo), NULL);
  self = g_object_new (HT_TYPE_MAP_RENDERER, NULL);
  self->geo = g_object_ref (geo);

  /* The extent of all states in projection units, to fit any size. */
  htc_us_projection_new (&proj);
  htc_us_projection_set_view (proj, 1, 0, 0);
  self->bounds[0] = self->bounds[1] = INFINITY;
  self->bounds[2] = self->bounds[3] = -INFINITY;
  for (guint i = 0; i < ht_geo_get_n_states (geo); i++)
    {
      const HtGeoShape *s = ht_geo_get_state (geo, i);
      for (gsize k = 0; k < s->n_points; k++)
        {
          double u, v;
          htc_us_projection_forward_part (proj, part_of (s), s->xy[2 * k + 1], s->xy[2 * k], &u, &v);
          self->bounds[0] = MIN (self->bounds[0], u);
          self->bounds[1] = MIN (self->bounds[1], v);
          self->bounds[2] = MAX (self->bounds[2], u);
          self->bounds[3] = MAX (self->bounds[3], v);
        }
    }
  htc_us_projection_free (proj);
  find_borders (self);
  return self;
}

/* ---- data ---- */

static void
person_init (Person         *p,
             HtGeo          *geo,
             const char     *name,
             const HtOrigin *origin)
{
  p->name = g_strdup (name && *name ? name : origin ? origin->name : "");
  p->lat = p->lon = NAN;
  p->home = HT_REGION_UNKNOWN;
  p->place = g_strdup ("");
  if (origin == NULL)
    return;
  p->home = origin->region;
  p->lat = origin->lat;
  p->lon = origin->lon;
  if (isnan (p->lat) && origin->state[0] != '\0')
    {
      /* Only the state is known: pin its middle. */
      const HtGeoShape *st = ht_geo_find_state (geo, origin->state);
      if (st != NULL)
        ht_geo_state_anchor (geo, st, &p->lat, &p->lon);
    }
  g_free (p->place);
  {
    /* "non-US" says nothing a reader needs next to a city. */
    const char *country = strcmp (origin->country, "non-US") == 0 ? "" : origin->country;
    const char *area = origin->state[0] ? origin->state : country;

    if (origin->city[0] && area[0])
      p->place = g_strdup_printf ("%s, %s", origin->city, area);
    else
      p->place = g_strdup (origin->city[0] ? origin->city : area);
  }
}

static Person *
person_new (HtGeo          *geo,
            const char     *name,
            const HtOrigin *origin)
{
  Person *p = g_new0 (Person, 1);

  person_init (p, geo, name, origin);
  return p;
}

static void
normalize_probabilities (const double *in,
                         double       *out)
{
  double sum = 0;

  for (int r = 0; r < N_US; r++)
    {
      out[r] = isfinite (in[r]) && in[r] > 0 ? in[r] : 0;
      sum += out[r];
    }
  for (int r = 0; r < N_US; r++)
    out[r] = sum > 0 ? out[r] / sum : 1.0 / N_US;
}

static int
argmax (const double *p)
{
  int best = 0;

  for (int r = 1; r < N_US; r++)
    if (p[r] > p[best])
      best = r;
  return best;
}

/* The base depends on the dark flag, the mode and the four regions' tints: the generation moves
 * only when one of them has changed since it was last asked for or drawn, so a widget keeps its
 * cached base while pins, labels or the artist change, and through a clear() followed by the
 * same data again. */
static void
update_generation (HtMapRenderer *self)
{
  double key[N_US + 2];

  key[0] = self->dark;
  key[1] = self->n_tracks > 0;
  for (int r = 0; r < N_US; r++)
    key[2 + r] = state_intensity (self, (HtRegion) r);
  if (self->generation > 0 && memcmp (key, self->base_key, sizeof key) == 0)
    return;
  memcpy (self->base_key, key, sizeof key);
  self->generation++;
}

void
ht_map_renderer_set_dark (HtMapRenderer *self,
                          gboolean       dark)
{
  g_return_if_fail (HT_IS_MAP_RENDERER (self));
  if (self->dark == !!dark)
    return;
  self->dark = !!dark;
}

void
ht_map_renderer_set_title (HtMapRenderer *self,
                           const char    *title)
{
  g_return_if_fail (HT_IS_MAP_RENDERER (self));
  g_free (self->title);
  self->title = title && *title ? g_utf8_make_valid (title, MIN (strlen (title), 400)) : NULL;
}

static void
clear_tracks (HtMapRenderer *self)
{
  g_hash_table_remove_all (self->group_by_key);
  g_ptr_array_set_size (self->groups, 0);
  self->n_tracks = 0;
  memset (self->pairs, 0, sizeof self->pairs);
}

void
ht_map_renderer_set_artist (HtMapRenderer  *self,
                            const char     *name,
                            const HtOrigin *origin)
{
  g_return_if_fail (HT_IS_MAP_RENDERER (self));
  clear_tracks (self);
  g_clear_pointer (&self->artist, person_free);
  self->artist = person_new (self->geo, name, origin);
}

void
ht_map_renderer_add_featured (HtMapRenderer  *self,
                              const char     *name,
                              const HtOrigin *origin)
{
  g_return_if_fail (HT_IS_MAP_RENDERER (self));
  g_ptr_array_add (self->featured, person_new (self->geo, name, origin));
}

void
ht_map_renderer_set_prediction (HtMapRenderer *self,
                                const double  *probabilities)
{
  g_return_if_fail (HT_IS_MAP_RENDERER (self));
  self->has_prediction = probabilities != NULL;
  if (probabilities)
    normalize_probabilities (probabilities, self->prediction);
}

void
ht_map_renderer_add_track (HtMapRenderer  *self,
                           const char     *artist,
                           const char     *title,
                           const HtOrigin *origin,
                           const double   *probabilities)
{
  g_autofree char *key = NULL;
  ArtistGroup *g;
  double p[N_US];
  int predicted;

  g_return_if_fail (HT_IS_MAP_RENDERER (self));
  g_return_if_fail (probabilities != NULL);
  if (self->artist != NULL)
    {
      g_clear_pointer (&self->artist, person_free);
      g_ptr_array_set_size (self->featured, 0);
      self->has_prediction = FALSE;
    }
  normalize_probabilities (probabilities, p);
  predicted = argmax (p);
  key = ht_artist_name_normalize (artist);
  if (key == NULL)
    key = g_strdup (origin ? origin->key : "?");
  g = g_hash_table_lookup (self->group_by_key, key);
  if (g == NULL)
    {
      g = g_new0 (ArtistGroup, 1);
      person_init (&g->who, self->geo, artist, origin);
      g->key = g_steal_pointer (&key);
      g_ptr_array_add (self->groups, g);
      g_hash_table_insert (self->group_by_key, g->key, g);
    }
  g->counts[predicted]++;
  g->n++;
  self->pairs[g->who.home][predicted]++;
  self->n_tracks++;
}

guint
ht_map_renderer_get_n_tracks (HtMapRenderer *self)
{
  g_return_val_if_fail (HT_IS_MAP_RENDERER (self), 0);
  return self->n_tracks;
}

void
ht_map_renderer_clear (HtMapRenderer *self)
{
  g_return_if_fail (HT_IS_MAP_RENDERER (self));
  clear_tracks (self);
  g_clear_pointer (&self->artist, person_free);
  g_ptr_array_set_size (self->featured, 0);
  self->has_prediction = FALSE;
  g_clear_pointer (&self->title, g_free);
}

guint
ht_map_renderer_get_base_generation (HtMapRenderer *self)
{
  g_return_val_if_fail (HT_IS_MAP_RENDERER (self), 0);
  update_generation (self);
  return self->generation;
}

/* ---- geometry ---- */

static void
compute_layout (int     width,
                int     height,
                Layout *l)
{
  double s = CLAMP (MIN (width / 1200.0, height / 800.0), 0.3, 6.0);
  double legend_h;

  /* Everything scales with the smaller side, but a wide, short map (the library's, ~1050 x
   * 340) would then set its text at 5 px: it keeps three quarters of full size (9-pt text)
   * and gives the outlines less room instead. */
  s = MAX (s, MIN (0.75, MIN (width / 1200.0, height / 450.0)));
  legend_h = 118 * s;

  l->s = s;
  l->margin = 14 * s;
  l->header = 44 * s;
  l->legend[0] = l->margin;
  l->legend[2] = MAX (1, width - 2 * l->margin);
  l->legend[3] = legend_h;
  l->legend[1] = height - legend_h - l->margin * 0.5;
  l->map[0] = l->margin;
  l->map[1] = l->header;
  l->map[2] = MAX (1, width - 2 * l->margin);
  l->map[3] = MAX (1, l->legend[1] - l->header - 6 * s);
}

/* A shape projected to pixels for drawing, with points closer than ~0.7 px to the last kept
 * one dropped: at map sizes most of the 11,000 outline points fall within a pixel of their
 * neighbours, and Cairo's stroker pays for each. */
typedef struct
{
  double *xy;
  gsize  *ring_start;
  gsize   n_rings;
} DrawPath;

static void
draw_path_free (gpointer data)
{
  DrawPath *d = data;

  g_free (d->xy);
  g_free (d->ring_start);
  g_free (d);
}

static DrawPath *
draw_path_new (const HtGeoShape *s,
               const double     *px,
               double            min_step)
{
  DrawPath *d = g_new0 (DrawPath, 1);
  gsize n = 0;

  d->xy = g_new (double, 2 * s->n_points);
  d->ring_start = g_new (gsize, s->n_rings + 1);
  for (gsize r = 0; r < s->n_rings; r++)
    {
      gsize a = s->ring_start[r], b = s->ring_start[r + 1], start = n;
      for (gsize k = a; k < b; k++)
        {
          double x = px[2 * k], y = px[2 * k + 1];
          if (k != a && k != b - 1 && n > start
              && fabs (x - d->xy[2 * (n - 1)]) + fabs (y - d->xy[2 * (n - 1) + 1]) < min_step)
            continue;
          d->xy[2 * n] = x;
          d->xy[2 * n + 1] = y;
          n++;
        }
      if (n - start < 3)
        n = start;   /* an island smaller than a pixel */
      else
        d->ring_start[d->n_rings++] = start;
    }
  d->ring_start[d->n_rings] = n;
  return d;
}

static double *
project_shape (HtcUsProjection  *proj,
               const HtGeoShape *s,
               HtcUsPart         part)
{
  double *px = g_new (double, 2 * s->n_points);

  for (gsize k = 0; k < s->n_points; k++)
    htc_us_projection_forward_part (proj, part, s->xy[2 * k + 1], s->xy[2 * k], &px[2 * k],
                                    &px[2 * k + 1]);
  return px;
}

static void
ensure_geometry (HtMapRenderer *self,
                 int            width,
                 int            height)
{
  if (self->proj != NULL && self->cache_w == width && self->cache_h == height)
    return;
  clear_geometry (self);
  compute_layout (width, height, &self->layout);
  htc_us_projection_new (&self->proj);
  {
    /* A little air between the outlines and the header and legend. */
    const double *m = self->layout.map, pad = 8 * self->layout.s;
    double inner[4] = { m[0] + pad, m[1] + pad, MAX (1, m[2] - 2 * pad), MAX (1, m[3] - 2 * pad) };
    htc_us_projection_fit (self->proj, self->bounds, inner);
  }
  self->state_px = g_ptr_array_new_with_free_func (g_free);
  self->state_draw = g_ptr_array_new_with_free_func (draw_path_free);
  self->context_draw = g_ptr_array_new_with_free_func (draw_path_free);
  self->outline_right = -INFINITY;
  for (int p = 0; p < 2; p++)
    {
      self->inset_box[p][0] = self->inset_box[p][1] = INFINITY;
      self->inset_box[p][2] = self->inset_box[p][3] = -INFINITY;
    }
  for (guint i = 0; i < ht_geo_get_n_states (self->geo); i++)
    {
      const HtGeoShape *s = ht_geo_get_state (self->geo, i);
      HtcUsPart part = part_of (s);
      double *px = project_shape (self->proj, s, part);

      if (part == HTC_US_PART_LOWER48)
        for (gsize k = 0; k < s->n_points; k++)
          self->outline_right = MAX (self->outline_right, px[2 * k]);
      else
        {
          double *box = self->inset_box[part - 1];
          for (gsize k = 0; k < s->n_points; k++)
            {
              box[0] = MIN (box[0], px[2 * k]);
              box[1] = MIN (box[1], px[2 * k + 1]);
              box[2] = MAX (box[2], px[2 * k]);
              box[3] = MAX (box[3], px[2 * k + 1]);
            }
        }
      g_ptr_array_add (self->state_px, px);
      g_ptr_array_add (self->state_draw, draw_path_new (s, px, 0.7));
    }
  for (guint i = 0; i < ht_geo_get_n_context (self->geo); i++)
    {
      const HtGeoShape *c = ht_geo_get_context (self->geo, i);
      g_autofree double *px = project_shape (self->proj, c, HTC_US_PART_LOWER48);
      g_ptr_array_add (self->context_draw, draw_path_new (c, px, 0.7));
    }
  self->seams_px = project_lines (self->proj, self->seams);
  self->region_borders_px = project_lines (self->proj, self->region_borders);
  self->cache_w = width;
  self->cache_h = height;
}

/* A place's pixel: the lower 48's projection for anything near it (Toronto, Tijuana), the
 * insets for Alaska and Hawaii; off the map when it lands outside the map area. */
static Spot
spot_of (HtMapRenderer *self,
         double         lat,
         double         lon)
{
  Spot spot = { NAN, NAN, FALSE };
  const double *m = self->layout.map;

  if (isnan (lat) || isnan (lon))
    return spot;
  if (htc_us_projection_forward (self->proj, lat, lon, &spot.x, &spot.y) == HTC_US_PART_NONE)
    return spot;
  spot.on_map = spot.x >= m[0] && spot.x <= m[0] + m[2] && spot.y >= m[1] && spot.y <= m[1] + m[3];
  return spot;
}

static void
path_shape (cairo_t        *cr,
            const DrawPath *d)
{
  for (gsize r = 0; r < d->n_rings; r++)
    {
      gsize a = d->ring_start[r], b = d->ring_start[r + 1];
      cairo_move_to (cr, d->xy[2 * a], d->xy[2 * a + 1]);
      for (gsize k = a + 1; k < b; k++)
        cairo_line_to (cr, d->xy[2 * k], d->xy[2 * k + 1]);
      cairo_close_path (cr);
    }
}

static double
state_intensity (HtMapRenderer *self,
                 HtRegion       region)
{
  if ((guint) region >= N_US)
    return 0;
  if (self->n_tracks > 0)
    return 0.30;
  if (self->has_prediction)
    return 0.10 + 0.90 * self->prediction[region];
  return 0.30;
}

/* ---- the base layer ---- */

static void
rounded_rect (cairo_t *cr,
              double   x,
              double   y,
              double   w,
              double   h,
              double   r)
{
  r = MIN (r, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

void
ht_map_renderer_render_base (HtMapRenderer *self,
                             cairo_t       *cr,
                             int            width,
                             int            height)
{
  const Palette *pal;
  const Layout *l;

  g_return_if_fail (HT_IS_MAP_RENDERER (self));
  g_return_if_fail (cr != NULL);
  if (width <= 0 || height <= 0)
    return;
  ensure_geometry (self, width, height);
  update_generation (self);
  pal = palette (self);
  l = &self->layout;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  set_rgb (cr, &pal->page, 1);
  cairo_paint (cr);

  /* Canada and Mexico, clipped to the map area (they never show in the insets). */
  cairo_save (cr);
  cairo_rectangle (cr, l->map[0], l->map[1], l->map[2], l->map[3]);
  cairo_clip (cr);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  for (guint i = 0; i < self->context_draw->len; i++)
    path_shape (cr, self->context_draw->pdata[i]);
  set_rgb (cr, &pal->context, 1);
  cairo_fill_preserve (cr);
  set_rgb (cr, &pal->context_line, 1);
  cairo_set_line_width (cr, 0.8 * l->s);
  cairo_stroke (cr);
  cairo_restore (cr);

  /* Inset frames. */
  for (int p = 0; p < 2; p++)
    {
      const double *b = self->inset_box[p];
      double pad = 8 * l->s;
      if (!isfinite (b[0]))
        continue;
      rounded_rect (cr, b[0] - pad, b[1] - pad, b[2] - b[0] + 2 * pad, b[3] - b[1] + 2 * pad, 6 * l->s);
      set_rgb (cr, &pal->page, 1);
      cairo_fill_preserve (cr);
      set_rgb (cr, &pal->muted, 0.45);
      cairo_set_line_width (cr, 1 * l->s);
      cairo_stroke (cr);
    }

  /* States, tinted; white seams between them. */
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  /* One fill per region, not per state: each fill costs Cairo a mask the size of its bounds. */
  for (int region = 0; region < HT_N_REGIONS; region++)
    {
      gboolean any = FALSE;
      HtRgb c;

      for (guint i = 0; i < self->state_px->len; i++)
        {
          const HtGeoShape *s = ht_geo_get_state (self->geo, i);
          if ((int) s->region != region)
            continue;
          path_shape (cr, self->state_draw->pdata[i]);
          any = TRUE;
        }
      if (!any)
        continue;
      ht_region_tint ((HtRegion) region, state_intensity (self, (HtRegion) region), &pal->land, &c);
      set_rgb (cr, &c, 1);
      cairo_fill (cr);
    }
  set_rgb (cr, &pal->page, 1);
  cairo_set_line_width (cr, 0.9 * l->s);
  /* Only the borders between states: the coast needs no seam, and each border once. */
  stroke_lines (cr, self->seams_px);

  /* Region borders, darker, so the four regions read as shapes. */
  set_rgb (cr, &pal->ink, 0.55);
  cairo_set_line_width (cr, 1.6 * l->s);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  stroke_lines (cr, self->region_borders_px);
  cairo_restore (cr);
}

/* ---- text ---- */

typedef struct
{
  cairo_t     *cr;
  PangoLayout *layout;
  double       s;
  const Palette *pal;
} Text;

static void
text_init (Text          *t,
           cairo_t       *cr,
           const Layout  *l,
           const Palette *pal)
{
  cairo_font_options_t *opts = cairo_font_options_create ();

  t->cr = cr;
  t->s = l->s;
  t->pal = pal;
  t->layout = pango_cairo_create_layout (cr);
  /* Grey antialiasing and no hinting: the same pixels on any screen and in the PNG. */
  cairo_font_options_set_antialias (opts, CAIRO_ANTIALIAS_GRAY);
  cairo_font_options_set_hint_style (opts, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (pango_layout_get_context (t->layout), opts);
  pango_layout_context_changed (t->layout);
  cairo_font_options_destroy (opts);
}

static void
text_clear (Text *t)
{
  g_clear_object (&t->layout);
}

/* Sets the text; returns its size. size is in points at scale 1. */
static void
text_set (Text       *t,
          const char *text,
          double      size,
          gboolean    bold,
          double      max_width,
          double     *w,
          double     *h)
{
  PangoFontDescription *font = pango_font_description_new ();
  int pw, ph;

  pango_font_description_set_family (font, "Cantarell, Noto Sans, DejaVu Sans, Sans");
  pango_font_description_set_absolute_size (font, size * t->s * PANGO_SCALE);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (t->layout, font);
  pango_font_description_free (font);
  pango_layout_set_width (t->layout, max_width > 0 ? (int) (max_width * PANGO_SCALE) : -1);
  pango_layout_set_ellipsize (t->layout, max_width > 0 ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
  pango_layout_set_text (t->layout, text, -1);
  pango_layout_get_pixel_size (t->layout, &pw, &ph);
  if (w)
    *w = pw;
  if (h)
    *h = ph;
}

/* Draws the current text at (x, y) (top-left), with a halo of the page colour if asked. */
static void
text_draw (Text        *t,
           double       x,
           double       y,
           const HtRgb *color,
           gboolean     halo)
{
  cairo_move_to (t->cr, x, y);
  if (halo)
    {
      pango_cairo_layout_path (t->cr, t->layout);
      set_rgb (t->cr, &t->pal->page, 0.9);
      cairo_set_line_width (t->cr, 3.2 * t->s);
      cairo_set_line_join (t->cr, CAIRO_LINE_JOIN_ROUND);
      cairo_stroke (t->cr);
      cairo_move_to (t->cr, x, y);
    }
  set_rgb (t->cr, color, 1);
  pango_cairo_show_layout (t->cr, t->layout);
  cairo_new_path (t->cr);   /* no current point left behind for the next arc to join */
}

/* ---- marks ---- */

static void
pin_geometry (const Layout *l,
              double       *radius,
              double       *lift)
{
  *radius = 9.5 * l->s;
  *lift = 2.1 * *radius;     /* the head's centre above the point */
}

static void
draw_pin (cairo_t       *cr,
          const Layout  *l,
          const Palette *pal,
          double         x,
          double         y,
          HtRegion       home)
{
  double r, lift, a;

  pin_geometry (l, &r, &lift);
  a = asin (r / lift);
  /* A teardrop: the head's outline and the two tangents to the point. */
  cairo_new_path (cr);
  cairo_move_to (cr, x, y);
  cairo_arc (cr, x, y - lift, r, G_PI - a, 2 * G_PI + a);
  cairo_close_path (cr);
  set_rgb (cr, &pal->ink, 1);
  cairo_fill_preserve (cr);
  set_rgb (cr, &pal->page, 1);
  cairo_set_line_width (cr, 1.6 * l->s);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
  cairo_arc (cr, x, y - lift, 0.45 * r, 0, 2 * G_PI);
  set_rgb (cr, ht_region_get_color (home), 1);
  cairo_fill (cr);
}

static void
draw_dot (cairo_t       *cr,
          const Layout  *l,
          const Palette *pal,
          double         x,
          double         y,
          double         radius,
          HtRegion       home)
{
  cairo_new_path (cr);
  cairo_arc (cr, x, y, radius, 0, 2 * G_PI);
  set_rgb (cr, ht_region_get_color (home), 1);
  cairo_fill_preserve (cr);
  set_rgb (cr, &pal->ink, 1);
  cairo_set_line_width (cr, 1.5 * l->s);
  cairo_stroke_preserve (cr);
  set_rgb (cr, &pal->page, 0.9);
  cairo_set_line_width (cr, 0.8 * l->s);
  cairo_new_path (cr);
  cairo_arc (cr, x, y, radius + 1.4 * l->s, 0, 2 * G_PI);
  cairo_stroke (cr);
}

static double
featured_radius (const Layout *l)
{
  return 6 * l->s;
}

/* The control point of the arrow's quadratic curve: bowed to the north (or to the left of travel
 * when it runs north-south). */
static void
arrow_control (double  x0,
               double  y0,
               double  x1,
               double  y1,
               double *cx,
               double *cy)
{
  double dx = x1 - x0, dy = y1 - y0, d = hypot (dx, dy), nx = -dy / d, ny = dx / d;

  if (ny > 0 || (fabs (ny) < 1e-6 && nx > 0))
    {
      nx = -nx;
      ny = -ny;
    }
  *cx = (x0 + x1) / 2 + nx * 0.28 * d;
  *cy = (y0 + y1) / 2 + ny * 0.28 * d;
}

static void
draw_arrow (cairo_t       *cr,
            const Layout  *l,
            const Palette *pal,
            double         x0,
            double         y0,
            double         x1,
            double         y1,
            HtRegion       region)
{
  double cx, cy, head = 16 * l->s;
  double tx, ty, tl, ex, ey;

  arrow_control (x0, y0, x1, y1, &cx, &cy);
  /* The tangent at the end, to aim the head; the shaft stops where the head begins. */
  tx = x1 - cx;
  ty = y1 - cy;
  tl = hypot (tx, ty);
  tx /= tl;
  ty /= tl;
  ex = x1 - tx * head * 0.8;
  ey = y1 - ty * head * 0.8;

  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (int pass = 0; pass < 2; pass++)
    {
      cairo_new_path (cr);
      cairo_move_to (cr, x0, y0);
      cairo_curve_to (cr, x0 + 2.0 / 3 * (cx - x0), y0 + 2.0 / 3 * (cy - y0),
                      ex + 2.0 / 3 * (cx - ex), ey + 2.0 / 3 * (cy - ey), ex, ey);
      if (pass == 0)
        {
          set_rgb (cr, &pal->page, 0.95);
          cairo_set_line_width (cr, 8 * l->s);
        }
      else
        {
          set_rgb (cr, ht_region_get_color (region), 1);
          cairo_set_line_width (cr, 4.2 * l->s);
        }
      cairo_stroke (cr);
    }
  cairo_new_path (cr);
  cairo_move_to (cr, x1, y1);
  cairo_line_to (cr, x1 - tx * head - ty * head * 0.55, y1 - ty * head + tx * head * 0.55);
  cairo_line_to (cr, x1 - tx * head + ty * head * 0.55, y1 - ty * head - tx * head * 0.55);
  cairo_close_path (cr);
  set_rgb (cr, ht_region_get_color (region), 1);
  cairo_fill_preserve (cr);
  set_rgb (cr, &pal->page, 0.95);
  cairo_set_line_width (cr, 1.6 * l->s);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* What is already drawn on the overlay, so labels and dots avoid it. */
typedef struct
{
  GArray *boxes;    /* double[4]: x0, y0, x1, y1 */
} Placed;

static void
placed_add (Placed *p,
            double  x0,
            double  y0,
            double  x1,
            double  y1)
{
  double b[4] = { x0, y0, x1, y1 };
  g_array_append_vals (p->boxes, b, 1);
}

static void
placed_add_circle (Placed *p,
                   double  x,
                   double  y,
                   double  r)
{
  placed_add (p, x - r, y - r, x + r, y + r);
}

static double
placed_overlap (Placed *p,
                double  x0,
                double  y0,
                double  x1,
                double  y1)
{
  double area = 0;

  for (guint i = 0; i < p->boxes->len; i++)
    {
      const double *b = &g_array_index (p->boxes, double, 4 * i);
      double w = MIN (x1, b[2]) - MAX (x0, b[0]), h = MIN (y1, b[3]) - MAX (y0, b[1]);
      if (w > 0 && h > 0)
        area += w * h;
    }
  return area;
}

/* A label beside a mark at (x, y) of half-width `gap`: to the right, or to the left near the
 * right edge. Two lines: name (bold) and place. */
static gboolean
draw_label (Text         *t,
            const Layout *l,
            Placed       *placed,
            gboolean      always,
            double        x,
            double        y,
            double        gap,
            const char   *name,
            const char   *place,
            double        size)
{
  double w1 = 0, h1 = 0, w2 = 0, h2 = 0, width, height, best_cost = INFINITY, bx = 0, by = 0;
  gboolean two = place != NULL && place[0] != '\0';
  const double *m = l->map;

  text_set (t, name, size, TRUE, 260 * l->s, &w1, &h1);
  if (two)
    text_set (t, place, size - 2, FALSE, 260 * l->s, &w2, &h2);
  width = MAX (w1, w2);
  height = h1 + h2;
  /* Right, left, above, below: the first free spot inside the map, else the least crowded. */
  for (int k = 0; k < 4; k++)
    {
      double lx, ly, cost;
      switch (k)
        {
        case 0: lx = x + gap + 4 * l->s; ly = y - height / 2; break;
        case 1: lx = x - gap - 4 * l->s - width; ly = y - height / 2; break;
        case 2: lx = x - width / 2; ly = y - gap - 2 * l->s - height; break;
        default: lx = x - width / 2; ly = y + gap + 2 * l->s; break;
        }
      cost = placed_overlap (placed, lx, ly, lx + width, ly + height);
      if (lx < m[0] || lx + width > m[0] + m[2] || ly < m[1] || ly + height > m[1] + m[3])
        cost += width * height;
      if (cost < best_cost)
        {
          best_cost = cost;
          bx = lx;
          by = ly;
        }
      if (cost == 0)
        break;
    }
  if (best_cost > 0 && !always)
    return FALSE;
  placed_add (placed, bx, by, bx + width, by + height);
  text_set (t, name, size, TRUE, 260 * l->s, NULL, NULL);
  text_draw (t, bx, by, &t->pal->ink, TRUE);
  if (two)
    {
      text_set (t, place, size - 2, FALSE, 260 * l->s, NULL, NULL);
      text_draw (t, bx, by + h1, &t->pal->muted, TRUE);
    }
  return TRUE;
}

/* ---- overlay: notes, legend ---- */

static void
draw_note (HtMapRenderer *self,
           Text          *t,
           GPtrArray     *lines)
{
  const Layout *l = &self->layout;
  double w = 0, h = 0, lw, lh, pad = 8 * l->s, x, y, max_w = MAX (120, self->cache_w * 0.45);
  double beside = self->cache_w - l->margin - self->outline_right - 2 * pad - 6 * l->s;

  if (lines->len == 0)
    return;
  /* A wide map leaves room right of the outlines: the note keeps to it (wrapping its lines)
   * rather than covering New England. */
  if (beside >= 160 * l->s)
    max_w = MIN (max_w, beside);
  for (guint i = 0; i < lines->len; i++)
    {
      text_set (t, g_ptr_array_index (lines, i), 12, FALSE, max_w, &lw, &lh);
      w = MAX (w, lw);
      h += lh;
    }
  x = self->cache_w - l->margin - w - 2 * pad;
  y = 8 * l->s;
  rounded_rect (t->cr, x, y, w + 2 * pad, h + 2 * pad, 6 * l->s);
  set_rgb (t->cr, &t->pal->page, 0.92);
  cairo_fill_preserve (t->cr);
  set_rgb (t->cr, &t->pal->muted, 0.5);
  cairo_set_line_width (t->cr, 1 * l->s);
  cairo_stroke (t->cr);
  y += pad;
  for (guint i = 0; i < lines->len; i++)
    {
      text_set (t, g_ptr_array_index (lines, i), 12, i == 0, max_w, NULL, &lh);
      text_draw (t, x + pad, y, i == 0 ? &t->pal->ink : &t->pal->muted, FALSE);
      y += lh;
    }
}

static void
note_person (GPtrArray    *lines,
             const Person *p,
             gboolean      on_map)
{
  if (p->home == HT_REGION_UNKNOWN && isnan (p->lat))
    g_ptr_array_add (lines, g_strdup_printf (_("%s: hometown unknown"), p->name));
  else if (p->home == HT_REGION_OTHER || p->home == HT_REGION_UNKNOWN)
    g_ptr_array_add (lines, g_strdup_printf (on_map ? _("%s: %s (outside the US)")
                                                    : _("%s: %s (outside the US, off the map)"),
                                             p->name, p->place[0] ? p->place : "?"));
  else if (!on_map)
    g_ptr_array_add (lines, g_strdup_printf (_("%s: %s (no coordinates)"), p->name, p->place));
}

static void
legend_box (cairo_t       *cr,
            const Layout  *l,
            const Palette *pal)
{
  rounded_rect (cr, l->legend[0], l->legend[1], l->legend[2], l->legend[3], 8 * l->s);
  set_rgb (cr, &pal->land, 0.75);
  cairo_fill (cr);
}

static void
draw_legend_single (HtMapRenderer *self,
                    Text          *t)
{
  const Layout *l = &self->layout;
  const Palette *pal = t->pal;
  double s = l->s, x = l->legend[0] + 16 * s, y = l->legend[1] + 12 * s, th;
  double col_w = MIN (150 * s, (l->legend[2] * 0.62 - 16 * s) / N_US), key_x;
  int best = self->has_prediction ? argmax (self->prediction) : -1;
  cairo_t *cr = t->cr;

  legend_box (cr, l, pal);
  text_set (t, self->has_prediction ? _("Predicted region") : _("Regions"), 13, TRUE, 0, NULL, &th);
  text_draw (t, x, y, &pal->ink, FALSE);
  y += th + 8 * s;
  for (int r = 0; r < N_US; r++)
    {
      double cx = x + r * col_w, w, h;
      g_autofree char *pct = NULL;

      cairo_rectangle (cr, cx, y + 1 * s, 14 * s, 14 * s);
      set_rgb (cr, ht_region_get_color ((HtRegion) r), 1);
      cairo_fill (cr);
      text_set (t, ht_region_to_string ((HtRegion) r), 12.5, r == best, col_w - 22 * s, &w, &h);
      text_draw (t, cx + 20 * s, y, &pal->ink, FALSE);
      if (!self->has_prediction)
        continue;
      /* A bar of the probability, and the number. */
      cairo_rectangle (cr, cx, y + 24 * s, col_w - 58 * s, 7 * s);
      set_rgb (cr, &pal->muted, 0.25);
      cairo_fill (cr);
      cairo_rectangle (cr, cx, y + 24 * s, (col_w - 58 * s) * self->prediction[r], 7 * s);
      set_rgb (cr, ht_region_get_color ((HtRegion) r), 1);
      cairo_fill (cr);
      pct = g_strdup_printf ("%.0f%%", 100 * self->prediction[r]);
      text_set (t, pct, 12, r == best, 0, &w, &h);
      text_draw (t, cx + col_w - 52 * s, y + 27.5 * s - h / 2, &pal->ink, FALSE);
    }

  /* Keys for the marks. */
  key_x = x + N_US * col_w + 24 * s;
  y = l->legend[1] + 16 * s;
  {
    double r, lift;
    pin_geometry (l, &r, &lift);
    cairo_save (cr);
    cairo_translate (cr, key_x + r, y + lift - r * 0.4);
    cairo_scale (cr, 0.75, 0.75);
    draw_pin (cr, l, pal, 0, 0, HT_REGION_UNKNOWN);
    cairo_restore (cr);
    text_set (t, C_("map legend", "Hometown"), 12, FALSE, l->legend[0] + l->legend[2] - key_x - 40 * s, NULL, &th);
    text_draw (t, key_x + 28 * s, y, &pal->ink, FALSE);
    y += 26 * s;
    draw_dot (cr, l, pal, key_x + r, y + th / 2, featured_radius (l), HT_REGION_UNKNOWN);
    text_set (t, _("Featured artist (colour: home region)"), 12, FALSE,
              l->legend[0] + l->legend[2] - key_x - 40 * s, NULL, &th);
    text_draw (t, key_x + 28 * s, y, &pal->ink, FALSE);
    if (self->has_prediction)
      {
        gboolean at_home = self->artist != NULL && (int) self->artist->home == best;
        const HtRgb *bc = ht_region_get_color ((HtRegion) best);

        y += 26 * s;
        cairo_new_path (cr);
        if (at_home)
          {
            cairo_arc (cr, key_x + 10 * s, y + th / 2, 7 * s, 0, 2 * G_PI);
            set_rgb (cr, bc, 1);
            cairo_set_line_width (cr, 3 * s);
            cairo_stroke (cr);
          }
        else
          {
            cairo_move_to (cr, key_x, y + th / 2);
            cairo_line_to (cr, key_x + 18 * s, y + th / 2);
            set_rgb (cr, bc, 1);
            cairo_set_line_width (cr, 3.5 * s);
            cairo_stroke (cr);
            cairo_move_to (cr, key_x + 25 * s, y + th / 2);
            cairo_line_to (cr, key_x + 15 * s, y + th / 2 - 6 * s);
            cairo_line_to (cr, key_x + 15 * s, y + th / 2 + 6 * s);
            cairo_close_path (cr);
            cairo_fill (cr);
          }
        g_autofree char *key_text = at_home
          ? g_strdup_printf (_("Sounds like home (%s)"), ht_region_to_string ((HtRegion) best))
          : g_strdup_printf (_("Sounds most like %s"), ht_region_to_string ((HtRegion) best));
        text_set (t, key_text, 12, FALSE, l->legend[0] + l->legend[2] - key_x - 40 * s, NULL, &th);
        text_draw (t, key_x + 28 * s, y, &pal->ink, FALSE);
      }
  }
}

static void
draw_legend_tracks (HtMapRenderer *self,
                    Text          *t)
{
  const Layout *l = &self->layout;
  const Palette *pal = t->pal;
  cairo_t *cr = t->cr;
  double s = l->s, x = l->legend[0] + 14 * s, y = l->legend[1] + 7 * s, th, row_h = 14.5 * s;
  double label_w = 118 * s, cell_w = 62 * s, kx;
  guint matched = 0, rows = 0;
  static const HtRegion row_regions[] = {
    HT_REGION_EAST, HT_REGION_WEST, HT_REGION_SOUTH, HT_REGION_MIDWEST, HT_REGION_OTHER,
    HT_REGION_UNKNOWN,
  };

  legend_box (cr, l, pal);
  text_set (t, _("Home region ↓ · predicted →"), 11.5, TRUE, label_w + N_US * cell_w, NULL, &th);
  text_draw (t, x, y, &pal->ink, FALSE);
  /* Column heads: swatches with the region's initial name. */
  for (int c = 0; c < N_US; c++)
    {
      double cx = x + label_w + c * cell_w;
      cairo_rectangle (cr, cx, y + th + 3 * s, 10 * s, 10 * s);
      set_rgb (cr, ht_region_get_color ((HtRegion) c), 1);
      cairo_fill (cr);
      text_set (t, ht_region_to_string ((HtRegion) c), 10.5, FALSE, cell_w - 14 * s, NULL, NULL);
      text_draw (t, cx + 13 * s, y + th, &pal->muted, FALSE);
    }
  y += th + row_h + 1 * s;
  for (guint i = 0; i < G_N_ELEMENTS (row_regions); i++)
    {
      HtRegion home = row_regions[i];
      guint total = 0;

      for (int c = 0; c < N_US; c++)
        total += self->pairs[home][c];
      if (total == 0)
        continue;
      if (rows == 4 && i + 1 < G_N_ELEMENTS (row_regions))
        {
          /* Keep to the box: fold the rest into one row. */
          guint rest[N_US] = { 0 };
          for (guint k = i; k < G_N_ELEMENTS (row_regions); k++)
            for (int c = 0; c < N_US; c++)
              rest[c] += self->pairs[row_regions[k]][c];
          text_set (t, _("Other"), 11, FALSE, label_w - 16 * s, NULL, NULL);
          text_draw (t, x + 16 * s, y, &pal->ink, FALSE);
          for (int c = 0; c < N_US; c++)
            {
              g_autofree char *n = g_strdup_printf ("%u", rest[c]);
              text_set (t, n, 11, FALSE, 0, NULL, NULL);
              text_draw (t, x + label_w + c * cell_w + 13 * s, y, &pal->muted, FALSE);
            }
          break;
        }
      cairo_rectangle (cr, x, y + 3 * s, 10 * s, 10 * s);
      set_rgb (cr, ht_region_get_color (home), 1);
      cairo_fill (cr);
      text_set (t, ht_region_to_string (home), 11, FALSE, label_w - 16 * s, NULL, NULL);
      text_draw (t, x + 16 * s, y, &pal->ink, FALSE);
      for (int c = 0; c < N_US; c++)
        {
          g_autofree char *n = g_strdup_printf ("%u", self->pairs[home][c]);
          gboolean diagonal = (int) home == c;
          text_set (t, n, 11, diagonal, 0, NULL, NULL);
          text_draw (t, x + label_w + c * cell_w + 13 * s, y, diagonal ? &pal->ink : &pal->muted, FALSE);
        }
      y += row_h;
      rows++;
    }
  for (int r = 0; r < N_US; r++)
    matched += self->pairs[r][r];

  kx = x + label_w + N_US * cell_w + 28 * s;
  y = l->legend[1] + 10 * s;
  {
    guint us_tracks = 0;
    g_autofree char *summary = NULL;
    double kw = l->legend[0] + l->legend[2] - kx - 12 * s, cx;

    for (int r = 0; r < N_US; r++)
      for (int c = 0; c < N_US; c++)
        us_tracks += self->pairs[r][c];
    summary = g_strdup_printf (ngettext ("%u track by %u artists", "%u tracks by %u artists",
                                         self->n_tracks), self->n_tracks, self->groups->len);
    text_set (t, summary, 13, TRUE, kw, NULL, &th);
    text_draw (t, kx, y, &pal->ink, FALSE);
    y += th + 2 * s;
    if (us_tracks > 0)
      {
        g_autofree char *m = g_strdup_printf (_("%u of %u US tracks sound like home (%.0f%%)"),
                                              matched, us_tracks, 100.0 * matched / us_tracks);
        text_set (t, m, 12, FALSE, kw, NULL, &th);
        text_draw (t, kx, y, &pal->ink, FALSE);
        y += th + 6 * s;
      }
    /* Keys: a pie pin, and the thick outline of a mismatch. */
    cx = kx + 9 * s;
    for (int c = 0; c < N_US; c++)
      {
        cairo_move_to (cr, cx, y + 9 * s);
        cairo_arc (cr, cx, y + 9 * s, 8 * s, -G_PI / 2 + c * G_PI / 2, c * G_PI / 2);
        cairo_close_path (cr);
        set_rgb (cr, ht_region_get_color ((HtRegion) c), 1);
        cairo_fill (cr);
      }
    text_set (t, _("An artist's hometown; slices: regions their tracks were predicted as"), 11.5,
              FALSE, kw - 26 * s, NULL, &th);
    text_draw (t, kx + 24 * s, y + 9 * s - th / 2, &pal->ink, FALSE);
    y += 24 * s;
    cairo_arc (cr, cx, y + 9 * s, 7 * s, 0, 2 * G_PI);
    set_rgb (cr, ht_region_get_color (HT_REGION_SOUTH), 1);
    cairo_fill_preserve (cr);
    set_rgb (cr, &pal->ink, 1);
    cairo_set_line_width (cr, 3 * s);
    cairo_stroke (cr);
    text_set (t, _("Thick ring: most tracks predicted outside the home region"), 11.5, FALSE,
              kw - 26 * s, NULL, &th);
    text_draw (t, kx + 24 * s, y + 9 * s - th / 2, &pal->ink, FALSE);
  }
}

/* ---- overlay ---- */

static double
pie_radius (const Layout      *l,
            const ArtistGroup *g)
{
  return (5.5 + 2.2 * sqrt ((double) g->n)) * l->s;
}

static gboolean
group_mismatch (const ArtistGroup *g)
{
  guint at_home = (guint) g->who.home < N_US ? g->counts[g->who.home] : 0;
  return (guint) g->who.home < N_US && at_home * 2 < g->n;
}

static void
draw_pie (cairo_t           *cr,
          const Layout      *l,
          const Palette     *pal,
          double             x,
          double             y,
          const ArtistGroup *g)
{
  double r = pie_radius (l, g), a = -G_PI / 2;

  for (int c = 0; c < N_US; c++)
    {
      double sweep;
      if (g->counts[c] == 0)
        continue;
      sweep = 2 * G_PI * g->counts[c] / g->n;
      cairo_move_to (cr, x, y);
      cairo_arc (cr, x, y, r, a, a + sweep);
      cairo_close_path (cr);
      set_rgb (cr, ht_region_get_color ((HtRegion) c), 1);
      cairo_fill (cr);
      a += sweep;
    }
  cairo_new_path (cr);
  cairo_arc (cr, x, y, r, 0, 2 * G_PI);
  if (group_mismatch (g))
    {
      set_rgb (cr, &pal->ink, 1);
      cairo_set_line_width (cr, 3.2 * l->s);
    }
  else
    {
      set_rgb (cr, &pal->page, 1);
      cairo_set_line_width (cr, 1.5 * l->s);
    }
  cairo_stroke (cr);
}

static int
compare_groups_by_size (gconstpointer a,
                        gconstpointer b)
{
  const ArtistGroup *x = *(const ArtistGroup * const *) a, *y = *(const ArtistGroup * const *) b;
  if (x->n != y->n)
    return x->n > y->n ? -1 : 1;
  return strcmp (x->key, y->key);
}

static void
overlay_tracks (HtMapRenderer *self,
                Text          *t,
                GPtrArray     *note)
{
  const Layout *l = &self->layout;
  g_autoptr(GPtrArray) order = g_ptr_array_sized_new (self->groups->len);
  guint off_map = 0, labelled = 0;
  g_autoptr(GString) names = g_string_new (NULL);

  /* Not g_ptr_array_copy(): the copy would inherit the free function. */
  for (guint i = 0; i < self->groups->len; i++)
    g_ptr_array_add (order, self->groups->pdata[i]);

  /* Big pies first, small ones on top, so none hides another completely. */
  Placed placed = { g_array_new (FALSE, FALSE, sizeof (double) * 4) };

  g_ptr_array_sort (order, compare_groups_by_size);
  for (guint i = 0; i < order->len; i++)
    {
      ArtistGroup *g = order->pdata[i];
      Spot spot = spot_of (self, g->who.lat, g->who.lon);

      if (!spot.on_map)
        {
          off_map += g->n;
          if (names->len < 120)
            g_string_append_printf (names, "%s%s", names->len ? ", " : "", g->who.name);
          continue;
        }
      draw_pie (t->cr, l, t->pal, spot.x, spot.y, g);
      placed_add_circle (&placed, spot.x, spot.y, pie_radius (l, g));
    }
  /* Names, most tracks first, where they fit without covering anything. */
  for (guint i = 0; i < order->len && labelled < MAX_TRACK_LABELS; i++)
    {
      ArtistGroup *g = order->pdata[i];
      Spot spot = spot_of (self, g->who.lat, g->who.lon);
      if (spot.on_map && draw_label (t, l, &placed, FALSE, spot.x, spot.y, pie_radius (l, g),
                                     g->who.name, NULL, 11))
        labelled++;
    }
  g_array_unref (placed.boxes);
  if (off_map > 0)
    {
      g_ptr_array_add (note, g_strdup_printf (ngettext ("%u track not on the map",
                                                        "%u tracks not on the map", off_map),
                                              off_map));
      g_ptr_array_add (note, g_strdup_printf (_("(outside the US or hometown unknown: %s)"),
                                              names->str));
    }
}

static void
overlay_single (HtMapRenderer *self,
                Text          *t,
                GPtrArray     *note)
{
  const Layout *l = &self->layout;
  const Palette *pal = t->pal;
  Spot home = { NAN, NAN, FALSE };
  double r, lift;

  pin_geometry (l, &r, &lift);
  if (self->artist != NULL)
    {
      home = spot_of (self, self->artist->lat, self->artist->lon);
      note_person (note, self->artist, home.on_map);
    }
  for (guint i = 0; i < self->featured->len; i++)
    {
      Person *p = self->featured->pdata[i];
      note_person (note, p, spot_of (self, p->lat, p->lon).on_map);
    }

  {
    Placed placed = { g_array_new (FALSE, FALSE, sizeof (double) * 4) };
    double fr = featured_radius (l);
    g_autofree double *dots = g_new0 (double, 2 * self->featured->len + 1);

    /* The arrow, under the pins. */
    if (home.on_map && self->has_prediction)
      {
        int best = argmax (self->prediction);
        Spot target = spot_of (self, region_target[best][0], region_target[best][1]);

        /* The arrow says "sounds like over there"; sounding like home gets a ring instead. */
        if ((int) self->artist->home != best && hypot (target.x - home.x, target.y - home.y) > 40 * l->s)
          {
            double cx, cy;
            draw_arrow (t->cr, l, pal, home.x, home.y, target.x, target.y, (HtRegion) best);
            /* Labels keep off the curve. */
            arrow_control (home.x, home.y, target.x, target.y, &cx, &cy);
            for (int k = 2; k <= 10; k++)
              {
                double u = k / 10.0, px = (1 - u) * (1 - u) * home.x + 2 * (1 - u) * u * cx + u * u * target.x;
                double py = (1 - u) * (1 - u) * home.y + 2 * (1 - u) * u * cy + u * u * target.y;
                placed_add_circle (&placed, px, py, 5 * l->s);
              }
          }
        else
          {
            /* Already there: a ring of the predicted colour around the pin's point. */
            cairo_new_path (t->cr);
            cairo_arc (t->cr, home.x, home.y, 12 * l->s, 0, 2 * G_PI);
            set_rgb (t->cr, &pal->page, 0.95);
            cairo_set_line_width (t->cr, 7 * l->s);
            cairo_stroke_preserve (t->cr);
            set_rgb (t->cr, ht_region_get_color ((HtRegion) best), 1);
            cairo_set_line_width (t->cr, 4 * l->s);
            cairo_stroke (t->cr);
          }
      }
    if (home.on_map)
      {
        placed_add_circle (&placed, home.x, home.y - lift, r + 2 * l->s);
        placed_add_circle (&placed, home.x, home.y - r * 0.6, r * 0.6);
      }
    /* Featured dots; one that would sit on another mark moves aside on a leader line. */
    for (guint i = 0; i < self->featured->len; i++)
      {
        Person *p = self->featured->pdata[i];
        Spot spot = spot_of (self, p->lat, p->lon);
        double dx = spot.x, dy = spot.y;

        dots[2 * i] = NAN;
        if (!spot.on_map)
          continue;
        for (int k = 0; k < 24 && placed_overlap (&placed, dx - fr, dy - fr, dx + fr, dy + fr) > 0; k++)
          {
            double a = G_PI / 4 + k * G_PI / 6, d = (r + fr + 6 * l->s) * (1 + k / 12);
            dx = spot.x + d * cos (a);
            dy = spot.y + d * sin (a);
          }
        if (dx != spot.x || dy != spot.y)
          {
            cairo_move_to (t->cr, spot.x, spot.y);
            cairo_line_to (t->cr, dx, dy);
            set_rgb (t->cr, &pal->ink, 0.8);
            cairo_set_line_width (t->cr, 1.2 * l->s);
            cairo_stroke (t->cr);
            cairo_arc (t->cr, spot.x, spot.y, 2 * l->s, 0, 2 * G_PI);
            cairo_fill (t->cr);
          }
        draw_dot (t->cr, l, pal, dx, dy, fr, p->home);
        placed_add_circle (&placed, dx, dy, fr + 1.5 * l->s);
        dots[2 * i] = dx;
        dots[2 * i + 1] = dy;
      }
    if (home.on_map)
      {
        draw_pin (t->cr, l, pal, home.x, home.y, self->artist->home);
        draw_label (t, l, &placed, TRUE, home.x, home.y - lift, r, self->artist->name,
                    self->artist->place, 14);
      }
    for (guint i = 0; i < self->featured->len; i++)
      if (!isnan (dots[2 * i]))
        draw_label (t, l, &placed, TRUE, dots[2 * i], dots[2 * i + 1], fr,
                    ((Person *) self->featured->pdata[i])->name, NULL, 11);
    g_array_unref (placed.boxes);
  }
  draw_legend_single (self, t);
}

void
ht_map_renderer_render_overlay (HtMapRenderer *self,
                                cairo_t       *cr,
                                int            width,
                                int            height)
{
  g_autoptr(GPtrArray) note = g_ptr_array_new_with_free_func (g_free);
  Text t;

  g_return_if_fail (HT_IS_MAP_RENDERER (self));
  g_return_if_fail (cr != NULL);
  if (width <= 0 || height <= 0)
    return;
  ensure_geometry (self, width, height);
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  text_init (&t, cr, &self->layout, palette (self));

  if (self->title != NULL)
    {
      text_set (&t, self->title, 18, TRUE, width * 0.5, NULL, NULL);
      text_draw (&t, self->layout.margin, 10 * self->layout.s, &t.pal->ink, FALSE);
    }
  if (self->n_tracks > 0)
    {
      overlay_tracks (self, &t, note);
      draw_legend_tracks (self, &t);
    }
  else
    overlay_single (self, &t, note);

  if (note->len > 0)
    {
      g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (lines, g_strdup (_("Not on the US map")));
      for (guint i = 0; i < note->len && i < MAX_NOTE_LINES; i++)
        g_ptr_array_add (lines, g_strdup (note->pdata[i]));
      if (note->len > MAX_NOTE_LINES)
        g_ptr_array_add (lines, g_strdup_printf (_("and %u more"), note->len - MAX_NOTE_LINES));
      draw_note (self, &t, lines);
    }
  text_clear (&t);
  cairo_restore (cr);
}

void
ht_map_renderer_render (HtMapRenderer *self,
                        cairo_t       *cr,
                        int            width,
                        int            height)
{
  ht_map_renderer_render_base (self, cr, width, height);
  ht_map_renderer_render_overlay (self, cr, width, height);
}

gboolean
ht_map_renderer_save_png (HtMapRenderer *self,
                          const char    *path,
                          int            width,
                          int            height,
                          GError       **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (HT_IS_MAP_RENDERER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  if (width < 16 || height < 16 || width > 8192 || height > 8192)
    {
      g_set_error (error, HT_ERROR, HT_ERROR_INVALID_ARGUMENT,
                   _("A map must be 16 to 8192 pixels wide and high, not %d × %d"), width, height);
      return FALSE;
    }
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  ht_map_renderer_render (self, cr, width, height);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_autofree char *display = g_filename_display_name (path);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write the map to “%s”: %s"),
                   display, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

/* ---- hit testing ---- */

gboolean
ht_map_renderer_project (HtMapRenderer *self,
                         int            width,
                         int            height,
                         double         lat,
                         double         lon,
                         double        *x,
                         double        *y)
{
  Spot spot;

  g_return_val_if_fail (HT_IS_MAP_RENDERER (self), FALSE);
  if (width <= 0 || height <= 0)
    return FALSE;
  ensure_geometry (self, width, height);
  spot = spot_of (self, lat, lon);
  if (x)
    *x = spot.x;
  if (y)
    *y = spot.y;
  return spot.on_map;
}

gboolean
ht_map_renderer_get_artist_point (HtMapRenderer *self,
                                  int            width,
                                  int            height,
                                  double        *x,
                                  double        *y)
{
  Spot spot;

  g_return_val_if_fail (HT_IS_MAP_RENDERER (self), FALSE);
  if (width <= 0 || height <= 0 || self->artist == NULL)
    return FALSE;
  ensure_geometry (self, width, height);
  spot = spot_of (self, self->artist->lat, self->artist->lon);
  if (x)
    *x = spot.x;
  if (y)
    *y = spot.y;
  return spot.on_map;
}

gboolean
ht_map_renderer_hit_test (HtMapRenderer *self,
                          int            width,
                          int            height,
                          double         x,
                          double         y,
                          HtMapHit      *hit)
{
  HtMapHit none = { HT_MAP_HIT_NONE, 0, NULL, NULL };
  const Layout *l;
  double lat, lon, r, lift;

  g_return_val_if_fail (HT_IS_MAP_RENDERER (self), FALSE);
  g_return_val_if_fail (hit != NULL, FALSE);
  *hit = none;
  if (width <= 0 || height <= 0 || !isfinite (x) || !isfinite (y))
    return FALSE;
  ensure_geometry (self, width, height);
  l = &self->layout;
  if (htc_us_projection_inverse (self->proj, x, y, &lat, &lon) != HTC_US_PART_NONE
      && x >= l->map[0] && x <= l->map[0] + l->map[2] && y >= l->map[1] && y <= l->map[1] + l->map[3])
    hit->state = ht_geo_state_at (self->geo, lat, lon);

  /* Marks, topmost first: hometown pin, featured dots, pies (smallest on top). */
  pin_geometry (l, &r, &lift);
  if (self->artist != NULL)
    {
      Spot s = spot_of (self, self->artist->lat, self->artist->lon);
      if (s.on_map && (hypot (x - s.x, y - (s.y - lift)) <= r * 1.2
                       || (fabs (x - s.x) <= r * 0.6 && y <= s.y && y >= s.y - lift)))
        {
          hit->kind = HT_MAP_HIT_HOMETOWN;
          hit->name = self->artist->name;
          return TRUE;
        }
    }
  for (guint i = self->featured->len; i-- > 0;)
    {
      Person *p = self->featured->pdata[i];
      Spot s = spot_of (self, p->lat, p->lon);
      if (s.on_map && hypot (x - s.x, y - s.y) <= featured_radius (l) + 3 * l->s)
        {
          hit->kind = HT_MAP_HIT_FEATURED;
          hit->index = i;
          hit->name = p->name;
          return TRUE;
        }
    }
  {
    const ArtistGroup *best = NULL;
    guint best_i = 0;
    for (guint i = 0; i < self->groups->len; i++)
      {
        const ArtistGroup *g = self->groups->pdata[i];
        Spot s = spot_of (self, g->who.lat, g->who.lon);
        if (s.on_map && hypot (x - s.x, y - s.y) <= pie_radius (l, g)
            && (best == NULL || g->n < best->n))
          {
            best = g;
            best_i = i;
          }
      }
    if (best != NULL)
      {
        hit->kind = HT_MAP_HIT_ARTIST;
        hit->index = best_i;
        hit->name = best->who.name;
        return TRUE;
      }
  }
  if (hit->state != NULL)
    {
      hit->kind = HT_MAP_HIT_STATE;
      hit->name = hit->state->name;
      return TRUE;
    }
  return FALSE;
}
