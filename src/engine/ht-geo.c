/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ht-geo"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "htc-geo.h"
#include "ht-artist-name.h"
#include "ht-data-dir.h"
#include "ht-error.h"
#include "ht-geo.h"

typedef struct
{
  HtGeoShape shape;
  double    *xy;
  gsize     *ring_start;
  char      *code;
  char      *name;
  gboolean   anchored;
  double     anchor[2];    /* lat, lon */
} Shape;

struct _HtGeo
{
  GObject     parent_instance;

  GPtrArray  *states;      /* Shape*, sorted by code */
  GPtrArray  *context;     /* Shape* */
  GArray     *places;      /* HtPlace */
  GStringChunk *strings;
  GHashTable *place_by_key;    /* "name|admin" (normalised) -> index + 1 */
  GHashTable *place_by_name;   /* normalised name -> index + 1 of the most populous */
  GMutex      anchor_lock;
};

G_DEFINE_FINAL_TYPE (HtGeo, ht_geo, G_TYPE_OBJECT)

static void
shape_free (gpointer data)
{
  Shape *s = data;

  g_free (s->xy);
  g_free (s->ring_start);
  g_free (s->code);
  g_free (s->name);
  g_free (s);
}

static void
ht_geo_finalize (GObject *object)
{
  HtGeo *self = HT_GEO (object);

  g_clear_pointer (&self->states, g_ptr_array_unref);
  g_clear_pointer (&self->context, g_ptr_array_unref);
  g_clear_pointer (&self->places, g_array_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);
  g_clear_pointer (&self->place_by_key, g_hash_table_unref);
  g_clear_pointer (&self->place_by_name, g_hash_table_unref);
  g_mutex_clear (&self->anchor_lock);
  G_OBJECT_CLASS (ht_geo_parent_class)->finalize (object);
}

static void
ht_geo_class_init (HtGeoClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ht_geo_finalize;
}

static void
ht_geo_init (HtGeo *self)
{
  self->states = g_ptr_array_new_with_free_func (shape_free);
  self->context = g_ptr_array_new_with_free_func (shape_free);
  self->places = g_array_new (FALSE, TRUE, sizeof (HtPlace));
  self->strings = g_string_chunk_new (16 * 1024);
  self->place_by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->place_by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_mutex_init (&self->anchor_lock);
}

/* ---- shapes ---- */

static const char *
string_member (JsonObject *obj,
               const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
number_of (JsonNode *node,
           double   *out)
{
  GType t;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  t = json_node_get_value_type (node);
  if (t != G_TYPE_DOUBLE && t != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_double (node);
  return isfinite (*out);
}

/* Reads polygons: [[ring, hole, ...], ...], a ring being [lon, lat, lon, lat, ...]. On failure
 * returns a static description of what is wrong. */
static const char *
read_polygons (JsonNode *node,
               Shape    *shape)
{
  g_autoptr(GArray) xy = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  JsonArray *polys;
  gsize zero = 0;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return N_("it has no list of polygons");
  polys = json_node_get_array (node);
  if (json_array_get_length (polys) == 0)
    return N_("it has no polygons");
  g_array_append_val (starts, zero);
  shape->shape.bbox[0] = shape->shape.bbox[1] = INFINITY;
  shape->shape.bbox[2] = shape->shape.bbox[3] = -INFINITY;
  for (guint p = 0; p < json_array_get_length (polys); p++)
    {
      JsonNode *pn = json_array_get_element (polys, p);
      JsonArray *rings = JSON_NODE_HOLDS_ARRAY (pn) ? json_node_get_array (pn) : NULL;

      if (rings == NULL || json_array_get_length (rings) == 0)
        return N_("a polygon is not a list of rings");
      for (guint r = 0; r < json_array_get_length (rings); r++)
        {
          JsonNode *rn = json_array_get_element (rings, r);
          JsonArray *ring = JSON_NODE_HOLDS_ARRAY (rn) ? json_node_get_array (rn) : NULL;
          guint len = ring ? json_array_get_length (ring) : 0;
          gsize end;

          if (ring == NULL)
            return N_("a ring is not a list of coordinates");
          if (len % 2 != 0)
            return N_("a ring has an odd number of coordinates");
          if (len < 6)
            return N_("a ring has fewer than three points");
          for (guint i = 0; i < len; i += 2)
            {
              double lon, lat;
              if (!number_of (json_array_get_element (ring, i), &lon)
                  || !number_of (json_array_get_element (ring, i + 1), &lat))
                return N_("a coordinate is not a number");
              if (fabs (lon) > 180 || fabs (lat) > 90)
                return N_("a coordinate is not on the globe");
              g_array_append_val (xy, lon);
              g_array_append_val (xy, lat);
              shape->shape.bbox[0] = MIN (shape->shape.bbox[0], lon);
              shape->shape.bbox[1] = MIN (shape->shape.bbox[1], lat);
              shape->shape.bbox[2] = MAX (shape->shape.bbox[2], lon);
              shape->shape.bbox[3] = MAX (shape->shape.bbox[3], lat);
            }
          end = xy->len / 2;
          g_array_append_val (starts, end);
        }
    }
  shape->shape.n_points = xy->len / 2;
  shape->shape.n_rings = starts->len - 1;
  shape->xy = (double *) (void *) g_array_free (g_steal_pointer (&xy), FALSE);
  shape->ring_start = (gsize *) (void *) g_array_free (g_steal_pointer (&starts), FALSE);
  shape->shape.xy = shape->xy;
  shape->shape.ring_start = shape->ring_start;
  return NULL;
}

static int
compare_shapes (gconstpointer a,
                gconstpointer b)
{
  const Shape *x = *(const Shape * const *) a, *y = *(const Shape * const *) b;
  return strcmp (x->code, y->code);
}

static gboolean
load_shapes (const char *path,
             const char *format,
             const char *list_name,
             gboolean    are_states,
             GPtrArray  *into,
             GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = g_filename_display_name (path);
  JsonNode *root, *list_node, *version;
  JsonObject *obj;
  JsonArray *list;
  double v = 0;

  if (!json_parser_load_from_mapped_file (parser, path, &local_error))
    {
      gboolean missing = g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
      g_set_error (error, HT_ERROR, missing ? HT_ERROR_NOT_FOUND : HT_ERROR_CORRUPT,
                   _("The geography file “%s” could not be read: %s"), display,
                   local_error->message);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  obj = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  version = obj ? json_object_get_member (obj, "version") : NULL;
  if (obj == NULL || g_strcmp0 (string_member (obj, "format"), format) != 0
      || !number_of (version, &v) || v != 1)
    {
      g_set_error (error, HT_ERROR, HT_ERROR_CORRUPT,
                   _("“%s” is not a Hometown geography file of the expected kind (%s, version 1)"),
                   display, format);
      return FALSE;
    }
  list_node = json_object_get_member (obj, list_name);
  list = list_node && JSON_NODE_HOLDS_ARRAY (list_node) ? json_node_get_array (list_node) : NULL;
  if (list == NULL)
    {
      g_set_error (error, HT_ERROR, HT_ERROR_CORRUPT, _("The geography file “%s” has no “%s” list"),
                   display, list_name);
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *en = json_array_get_element (list, i);
      JsonObject *entry = JSON_NODE_HOLDS_OBJECT (en) ? json_node_get_object (en) : NULL;
      const char *code = entry ? string_member (entry, "code") : NULL;
      const char *name = entry ? string_member (entry, "name") : NULL;
      const char *problem;
      Shape *shape;

      if (code == NULL || strlen (code) != 2 || name == NULL)
        {
          g_set_error (error, HT_ERROR, HT_ERROR_CORRUPT,
                       _("Entry %u of the geography file “%s” has no two-letter code or no name"),
                       i + 1, display);
          return FALSE;
        }
      shape = g_new0 (Shape, 1);
      shape->code = g_ascii_strup (code, -1);
      shape->name = g_strdup (name);
      shape->shape.code = shape->code;
      shape->shape.name = shape->name;
      shape->shape.region = are_states ? ht_region_for_state (code) : HT_REGION_OTHER;
      g_ptr_array_add (into, shape);
      if ((problem = read_polygons (json_object_get_member (entry, "polygons"), shape)) != NULL)
        {
          g_set_error (error, HT_ERROR, HT_ERROR_CORRUPT,
                       /* Translators: the last %s says what is wrong ("a ring has ...") */
                       _("“%s” (%s) in the geography file “%s” is damaged: %s"), name, code,
                       display, _(problem));
          return FALSE;
        }
      if (are_states && shape->shape.region == HT_REGION_UNKNOWN)
        {
          g_set_error (error, HT_ERROR, HT_ERROR_CORRUPT,
                       _("The geography file “%s” has an unknown state code “%s”"), display, code);
          return FALSE;
        }
    }
  g_ptr_array_sort (into, compare_shapes);
  for (guint i = 1; i < into->len; i++)
    if (compare_shapes (&into->pdata[i - 1], &into->pdata[i]) == 0)
      {
        g_set_error (error, HT_ERROR, HT_ERROR_CORRUPT,
                     _("The geography file “%s” lists “%s” twice"), display,
                     ((Shape *) into->pdata[i])->code);
        return FALSE;
      }
  if (are_states && into->len != HTC_GEO_N_STATES)
    {
      g_set_error (error, HT_ERROR, HT_ERROR_CORRUPT,
                   _("The geography file “%s” has %u states instead of %d (50 and DC)"), display,
                   into->len, HTC_GEO_N_STATES);
      return FALSE;
    }
  return TRUE;
}

/* ---- gazetteer ---- */

static char *
place_key (const char *name,
           const char *admin)
{
  g_autofree char *n = ht_artist_name_normalize (name);
  g_autofree char *a = g_ascii_strup (admin, -1);

  return n ? g_strconcat (n, "|", a, NULL) : NULL;
}

static gboolean
load_places (HtGeo      *self,
             const char *path,
             GError    **error)
{
  g_autofree char *text = NULL;
  g_autofree char *display = g_filename_display_name (path);
  g_autoptr(GError) local_error = NULL;
  gboolean header = FALSE;
  char *line, *next;
  guint line_no = 0;
  gsize len;

  if (!g_file_get_contents (path, &text, &len, &local_error))
    {
      g_set_error (error, HT_ERROR, HT_ERROR_NOT_FOUND, _("The gazetteer “%s” could not be read: %s"),
                   display, local_error->message);
      return FALSE;
    }
  if (!g_utf8_validate (text, len, NULL))
    {
      g_set_error (error, HT_ERROR, HT_ERROR_CORRUPT, _("The gazetteer “%s” is not UTF-8 text"),
                   display);
      return FALSE;
    }
  for (line = text; line && *line; line = next)
    {
      g_auto(GStrv) f = NULL;
      HtPlace place;
      char *end_lat = NULL, *end_lon = NULL, *end_pop = NULL;
      guint64 pop;

      line_no++;
      next = strchr (line, '\n');
      if (next)
        *next++ = '\0';
      if (line[0] == '#' || line[0] == '\0')
        continue;
      if (!header)
        {
          if (strcmp (line, "name\tadmin\tcountry\tlat\tlon\tpopulation") != 0)
            break;
          header = TRUE;
          continue;
        }
      f = g_strsplit (line, "\t", -1);
      if (g_strv_length (f) != 6)
        goto bad_line;
      place.lat = g_ascii_strtod (f[3], &end_lat);
      place.lon = g_ascii_strtod (f[4], &end_lon);
      pop = g_ascii_strtoull (f[5], &end_pop, 10);
      if (f[0][0] == '\0' || f[1][0] == '\0' || *end_lat || *end_lon || *end_pop || end_lat == f[3]
          || end_lon == f[4] || !isfinite (place.lat) || !isfinite (place.lon)
          || fabs (place.lat) > 90 || fabs (place.lon) > 180 || pop > G_MAXUINT)
        goto bad_line;
      place.name = g_string_chunk_insert_const (self->strings, f[0]);
      place.admin = g_string_chunk_insert_const (self->strings, f[1]);
      place.country = g_string_chunk_insert_const (self->strings, f[2]);
      place.population = (guint) pop;
      g_array_append_val (self->places, place);
      continue;

    bad_line:
      g_set_error (error, HT_ERROR, HT_ERROR_CORRUPT, _("Line %u of the gazetteer “%s” is damaged"),
                   line_no, display);
      return FALSE;
    }
  if (!header)
    {
      g_set_error (error, HT_ERROR, HT_ERROR_CORRUPT, _("The gazetteer “%s” has no header line"),
                   display);
      return FALSE;
    }
  for (guint i = 0; i < self->places->len; i++)
    {
      const HtPlace *p = &g_array_index (self->places, HtPlace, i);
      char *key = place_key (p->name, p->admin);
      char *name = ht_artist_name_normalize (p->name);
      gpointer old;

      if (key && !g_hash_table_contains (self->place_by_key, key))
        g_hash_table_insert (self->place_by_key, key, GUINT_TO_POINTER (i + 1));
      else
        g_free (key);
      if (name == NULL)
        continue;
      old = g_hash_table_lookup (self->place_by_name, name);
      if (old == NULL
          || g_array_index (self->places, HtPlace, GPOINTER_TO_UINT (old) - 1).population < p->population)
        g_hash_table_replace (self->place_by_name, name, GUINT_TO_POINTER (i + 1));
      else
        g_free (name);
    }
  return TRUE;
}

/* ---- construction ---- */

HtGeo *
ht_geo_new_from_files (const char *states_path,
                       const char *context_path,
                       const char *places_path,
                       GError    **error)
{
  g_autoptr(HtGeo) self = NULL;

  g_return_val_if_fail (states_path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  self = g_object_new (HT_TYPE_GEO, NULL);
  if (!load_shapes (states_path, "hometown-us-states", "states", TRUE, self->states, error))
    return NULL;
  if (context_path != NULL
      && !load_shapes (context_path, "hometown-context", "countries", FALSE, self->context, error))
    return NULL;
  if (places_path != NULL && !load_places (self, places_path, error))
    return NULL;
  return g_steal_pointer (&self);
}

HtGeo *
ht_geo_load_default (GError **error)
{
  g_autofree char *states = ht_data_dir_find_shipped ("geo/us-states.json");
  g_autofree char *context = ht_data_dir_find_shipped ("geo/context.json");
  g_autofree char *places = ht_data_dir_find_shipped ("geo/places.tsv");

  if (states == NULL)
    {
      g_set_error_literal (error, HT_ERROR, HT_ERROR_NOT_FOUND,
                           _("The map outlines (geo/us-states.json) are not installed"));
      return NULL;
    }
  return ht_geo_new_from_files (states, context, places, error);
}

/* ---- queries ---- */

guint
ht_geo_get_n_states (HtGeo *self)
{
  g_return_val_if_fail (HT_IS_GEO (self), 0);
  return self->states->len;
}

const HtGeoShape *
ht_geo_get_state (HtGeo *self,
                  guint  i)
{
  g_return_val_if_fail (HT_IS_GEO (self), NULL);
  g_return_val_if_fail (i < self->states->len, NULL);
  return &((Shape *) self->states->pdata[i])->shape;
}

const HtGeoShape *
ht_geo_find_state (HtGeo      *self,
                   const char *code)
{
  g_return_val_if_fail (HT_IS_GEO (self), NULL);
  if (code == NULL)
    return NULL;
  for (guint i = 0; i < self->states->len; i++)
    {
      Shape *s = self->states->pdata[i];
      if (g_ascii_strcasecmp (s->code, code) == 0)
        return &s->shape;
    }
  return NULL;
}

static gboolean
shape_contains (const HtGeoShape *s,
                double            lat,
                double            lon)
{
  return lon >= s->bbox[0] && lon <= s->bbox[2] && lat >= s->bbox[1] && lat <= s->bbox[3]
         && htc_geo_point_in_rings (s->xy, s->ring_start, s->n_rings, lon, lat);
}

const HtGeoShape *
ht_geo_state_at (HtGeo  *self,
                 double  lat,
                 double  lon)
{
  g_return_val_if_fail (HT_IS_GEO (self), NULL);
  if (!isfinite (lat) || !isfinite (lon))
    return NULL;
  for (guint i = 0; i < self->states->len; i++)
    {
      const HtGeoShape *s = &((Shape *) self->states->pdata[i])->shape;
      if (shape_contains (s, lat, lon))
        return s;
    }
  return NULL;
}

static double
edge_distance (const HtGeoShape *s,
               double            lat,
               double            lon)
{
  /* Squared distance to the nearest edge, in degrees with longitude shrunk by cos (lat). */
  double k = cos (lat * G_PI / 180), best = INFINITY;

  for (gsize r = 0; r < s->n_rings; r++)
    for (gsize i = s->ring_start[r], j = s->ring_start[r + 1] - 1; i < s->ring_start[r + 1]; j = i++)
      {
        double ax = s->xy[2 * j] * k, ay = s->xy[2 * j + 1], bx = s->xy[2 * i] * k,
               by = s->xy[2 * i + 1], px = lon * k, py = lat, dx = bx - ax, dy = by - ay, t;
        double len2 = dx * dx + dy * dy;

        t = len2 > 0 ? CLAMP (((px - ax) * dx + (py - ay) * dy) / len2, 0.0, 1.0) : 0;
        dx = ax + t * dx - px;
        dy = ay + t * dy - py;
        best = MIN (best, dx * dx + dy * dy);
      }
  return best;
}

void
ht_geo_state_anchor (HtGeo            *self,
                     const HtGeoShape *state,
                     double           *lat,
                     double           *lon)
{
  Shape *s = (Shape *) state;   /* HtGeoShape is the first member */
  const int n = 14;

  g_return_if_fail (HT_IS_GEO (self) && state != NULL && lat != NULL && lon != NULL);
  g_mutex_lock (&self->anchor_lock);
  if (!s->anchored)
    {
      /* The grid point farthest from the outline: a label point that is always inside, even in
       * Florida or Michigan. Alaska's bbox spans the antimeridian, so search its mainland. */
      double x0 = state->bbox[0], x1 = state->bbox[2], best = -1;
      if (x1 - x0 > 180)
        x0 = -170, x1 = -140;
      s->anchor[0] = (state->bbox[1] + state->bbox[3]) / 2;
      s->anchor[1] = (x0 + x1) / 2;
      for (int i = 1; i < n; i++)
        for (int j = 1; j < n; j++)
          {
            double la = state->bbox[1] + (state->bbox[3] - state->bbox[1]) * i / n;
            double lo = x0 + (x1 - x0) * j / n, d;
            if (!htc_geo_point_in_rings (state->xy, state->ring_start, state->n_rings, lo, la))
              continue;
            d = edge_distance (state, la, lo);
            if (d > best)
              {
                best = d;
                s->anchor[0] = la;
                s->anchor[1] = lo;
              }
          }
      s->anchored = TRUE;
    }
  *lat = s->anchor[0];
  *lon = s->anchor[1];
  g_mutex_unlock (&self->anchor_lock);
}

guint
ht_geo_get_n_context (HtGeo *self)
{
  g_return_val_if_fail (HT_IS_GEO (self), 0);
  return self->context->len;
}

const HtGeoShape *
ht_geo_get_context (HtGeo *self,
                    guint  i)
{
  g_return_val_if_fail (HT_IS_GEO (self), NULL);
  g_return_val_if_fail (i < self->context->len, NULL);
  return &((Shape *) self->context->pdata[i])->shape;
}

guint
ht_geo_get_n_places (HtGeo *self)
{
  g_return_val_if_fail (HT_IS_GEO (self), 0);
  return self->places->len;
}

static const char *
admin_code (HtGeo      *self,
            const char *text)
{
  /* A two-letter code, or a state's full name ("Georgia"). */
  if (strlen (text) == 2)
    return text;
  for (guint i = 0; i < self->states->len; i++)
    {
      Shape *s = self->states->pdata[i];
      if (g_ascii_strcasecmp (s->name, text) == 0)
        return s->code;
    }
  return NULL;
}

const HtPlace *
ht_geo_find_place (HtGeo      *self,
                   const char *query)
{
  g_autofree char *q = NULL;
  char *comma;
  gpointer hit = NULL;

  g_return_val_if_fail (HT_IS_GEO (self), NULL);
  if (query == NULL || strlen (query) > 256 || self->places->len == 0)
    return NULL;
  q = g_strstrip (g_strdup (query));
  comma = strrchr (q, ',');
  if (comma != NULL)
    {
      const char *admin;
      *comma = '\0';
      admin = admin_code (self, g_strstrip (comma + 1));
      if (admin != NULL)
        {
          g_autofree char *key = place_key (g_strstrip (q), admin);
          hit = key ? g_hash_table_lookup (self->place_by_key, key) : NULL;
        }
      return hit ? &g_array_index (self->places, HtPlace, GPOINTER_TO_UINT (hit) - 1) : NULL;
    }
  /* "Compton CA": a trailing two-letter word may be the state. */
  {
    char *space = strrchr (q, ' ');
    if (space != NULL && strlen (space + 1) == 2)
      {
        g_autofree char *key = NULL;
        *space = '\0';
        key = place_key (q, space + 1);
        hit = key ? g_hash_table_lookup (self->place_by_key, key) : NULL;
        if (hit == NULL)
          *space = ' ';
      }
  }
  if (hit == NULL)
    {
      g_autofree char *name = ht_artist_name_normalize (q);
      hit = name ? g_hash_table_lookup (self->place_by_name, name) : NULL;
    }
  return hit ? &g_array_index (self->places, HtPlace, GPOINTER_TO_UINT (hit) - 1) : NULL;
}
