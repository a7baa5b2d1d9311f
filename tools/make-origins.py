#!/usr/bin/python3
"""Writes data/artists/origins.tsv, the artist-origin table Hometown ships, from the shared
origins.csv (see ../shared/data/README.md). Facts only: no lyrics, no sources column.

Usage (from the top of the checkout):
    /usr/bin/python3 tools/make-origins.py ../shared/data/artists/origins.csv data/artists/origins.tsv

What it changes, and why (each is counted on stderr):
  * combined credits that are not artists ("Common/Pharrell", "Lil' Wayne/Drake",
    "Young Jeezy/Jay-Z", the genre "R&B") are dropped: a whole name the table knows wins over
    splitting a credit, so these would hide real artists;
  * country: US/USA -> US; country names and "City, Country" strings -> ISO 3166 codes; rows
    whose country field holds a US place ("atlanta ga", "The Bronx NY") become US rows with that
    state, and their region is re-derived from the state;
  * "United States" as a city (Echo Nest's answer when it knew only the country) is not a
    place: city, lat and lon are blanked, region stays unknown;
  * names are trimmed (BOM, no-break spaces); coordinates are rounded to 4 decimals (~11 m);
  * rows with coordinates inside a US state (within 3 km of its simplified outline) but no state
    or a non-US country (rapworldmap writes "non-US" for Los Angeles or the Bronx; Echo Nest's
    "CA" sometimes means California) become US rows of that state; an Echo Nest "CA" whose city
    is a California place in the gazetteer and no Canadian one becomes California; a country
    the source names ("Toronto, Canada") is never overruled;
  * US coordinates that fall outside their own state (4 rows, e.g. Havoc: Queens NY at a point in
    Tennessee) are replaced by the gazetteer's place, or blanked;
  * Canadian rows whose coordinates lie over 50 km from the gazetteer's place of that name take
    the gazetteer's (Drake's and Nav's "Toronto" pointed to Indiana);
  * these need data/geo/us-states.json and places.tsv (tools/geo/make-geo.mjs);
  * for US rows with a state the region must equal the state -> region table (the same as the
    shared README and src/core/htc-geo.c); the script fails if it does not.
Also checks that every alias in data/artists/aliases.tsv points at a key in the table.
"""
import csv
import json
import math
import os
import sys

STATE_REGION = {}
for region, states in (
    ("East", "NY NJ PA MD DC VA DE CT MA RI NH VT ME"),
    ("West", "CA WA OR NV AZ HI AK UT CO NM ID MT WY"),
    ("South", "GA TX LA TN FL NC SC AL MS KY AR OK WV"),
    ("Midwest", "IL MI OH MO MN WI IN IA KS NE ND SD"),
):
    for s in states.split():
        STATE_REGION[s] = region

DROP_NAMES = {"Common/Pharrell", "Lil' Wayne/Drake", "Young Jeezy/Jay-Z", "R&B"}

COUNTRY_NAMES = {
    "canada": "CA", "united kingdom": "GB", "uk": "GB", "england": "GB", "wales": "GB",
    "germany": "DE", "mexico": "MX", "italy": "IT", "australia": "AU", "hong kong": "HK",
    "jamaica": "JM", "finland": "FI", "france": "FR", "russia": "RU", "puerto rico": "PR",
    "japan": "JP", "norway": "NO", "taiwan": "TW", "poland": "PL",
}
# Places written in the country column of US rows, with no state of their own.
US_CITY_STATE = {"chicago": "IL", "new orleans": "LA"}


def fail(msg):
    sys.stderr.write("make-origins: %s\n" % msg)
    sys.exit(1)


def clean_text(s):
    return " ".join(s.replace("\ufeff", "").replace("\u00a0", " ").split())


def fix_country(row, counts):
    """Returns (city, state, country) with country normalised; row is a dict from the CSV."""
    city, state, country = clean_text(row["city"]), row["state"].strip(), clean_text(row["country"])
    if country in ("US", "USA"):
        return city, state, "US"
    if country == "non-US" or (len(country) == 2 and country.isupper()):
        return city, state, country
    words = country.replace(",", " ").split()
    # "atlanta ga", "The Bronx NY", "Los Angeles CA, United States"
    if country.endswith("United States") or (words and words[-1].upper() in STATE_REGION
                                               and len(words[-1]) == 2):
        head = country.split(",")[0].split()
        st = head[-1].upper() if head and head[-1].upper() in STATE_REGION else ""
        if not st:
            st = US_CITY_STATE.get(" ".join(head).lower(), "")
        if not st:
            fail("cannot place %r (country %r)" % (row["name"], country))
        counts["us place in country column"] += 1
        c = " ".join(head[:-1]) if head[-1].upper() == st else " ".join(head)
        if c.lower().startswith("the "):
            c = c[4:]
        return c.title() if c.islower() else c, st, "US"
    last = country.split(",")[-1].strip().lower()
    last = last.split()[-1] if last not in COUNTRY_NAMES else last
    if last not in COUNTRY_NAMES:
        fail("unknown country %r for %r" % (country, row["name"]))
    counts["country name -> code"] += 1
    if city.lower() == country.lower() or city.lower() in COUNTRY_NAMES:
        city = ""
    return city, state, COUNTRY_NAMES[last]


class States:
    """US state outlines from data/geo/us-states.json, for placing rows whose country field is
    wrong (rapworldmap's "non-US" for Los Angeles, Echo Nest's "CA" meaning California)."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        self.states = []
        for st in doc["states"]:
            rings = [r for poly in st["polygons"] for r in poly]
            xs = [v for r in rings for v in r[0::2]]
            ys = [v for r in rings for v in r[1::2]]
            self.states.append((st["code"], rings, (min(xs), min(ys), max(xs), max(ys))))

    @staticmethod
    def _inside(rings, x, y):
        inside = False
        for r in rings:
            n = len(r) // 2
            j = n - 1
            for i in range(n):
                xi, yi, xj, yj = r[2 * i], r[2 * i + 1], r[2 * j], r[2 * j + 1]
                if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
                    inside = not inside
                j = i
        return inside

    def state_at(self, lat, lon, slack_km=3.0):
        """The state holding (lat, lon); else one whose outline passes within slack_km (the
        outlines are simplified, so coastal towns can fall just outside)."""
        for code, rings, (x0, y0, x1, y1) in self.states:
            if x0 <= lon <= x1 and y0 <= lat <= y1 and self._inside(rings, lon, lat):
                return code
        best, best_d = None, slack_km
        for code, rings, (x0, y0, x1, y1) in self.states:
            if not (x0 - 0.1 <= lon <= x1 + 0.1 and y0 - 0.1 <= lat <= y1 + 0.1):
                continue
            for r in rings:
                for i in range(0, len(r), 2):
                    d = haversine_km(lat, lon, r[i + 1], r[i])
                    if d < best_d:
                        best, best_d = code, d
        return best


class Places:
    """The gazetteer data/geo/places.tsv: (name, state or province) -> (lat, lon)."""

    def __init__(self, path):
        self.by_key = {}
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or line.startswith("name\t"):
                    continue
                name, admin, country, lat, lon, _ = line.rstrip("\n").split("\t")
                self.by_key.setdefault((self.norm(name), admin, country), (lat, lon))

    @staticmethod
    def norm(name):
        n = " ".join(name.lower().replace(".", "").split())
        return n[4:] if n.startswith("the ") else n

    def find(self, city, admin, country="US"):
        return self.by_key.get((self.norm(city), admin, country))

    def in_canada(self, city):
        return any(k[0] == self.norm(city) and k[2] == "CA" for k in self.by_key)


def haversine_km(lat1, lon1, lat2, lon2):
    rad = math.pi / 180
    a = (math.sin((lat2 - lat1) * rad / 2) ** 2
         + math.cos(lat1 * rad) * math.cos(lat2 * rad) * math.sin((lon2 - lon1) * rad / 2) ** 2)
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))


def main():
    if len(sys.argv) != 3:
        fail("usage: make-origins.py ORIGINS.csv OUT.tsv")
    src, out = sys.argv[1], sys.argv[2]
    counts = {k: 0 for k in ("dropped credit", "us place in country column", "country name -> code",
                             "country-only place blanked", "placed in a US state by coordinates",
                             "California, not Canada, by the gazetteer",
                             "coordinates outside the state replaced", "coordinates outside the state blanked", "Canadian coordinates replaced")}
    places = Places(os.path.join(os.path.dirname(os.path.abspath(out)), "..", "geo", "places.tsv"))
    states = States(os.path.join(os.path.dirname(os.path.abspath(out)), "..", "geo",
                                 "us-states.json"))
    rows = []
    with open(src, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = clean_text(row["name"])
            if row["name"] in DROP_NAMES:
                counts["dropped credit"] += 1
                continue
            city, state, country = fix_country(row, counts)
            lat, lon = row["lat"].strip(), row["lon"].strip()
            region = row["region"].strip() or "Unknown"
            if city == "United States":
                city, lat, lon = "", "", ""
                counts["country-only place blanked"] += 1
            # Coordinates inside a US state overrule a country field that does not name a
            # country ("non-US", the ambiguous "CA", or US without a state). A named country
            # ("Toronto, Canada") is kept: some coordinates are wrong (Drake's point to Indiana).
            raw = row["country"].strip()
            if lat and city and not state and raw in ("non-US", "CA", "US", "USA"):
                st = states.state_at(float(lat), float(lon))
                if st:
                    counts["placed in a US state by coordinates"] += 1
                    country, state = "US", st
                    region = STATE_REGION[st]
                elif raw == "CA" and places.find(city, "CA") and not places.in_canada(city):
                    counts["California, not Canada, by the gazetteer"] += 1
                    country, state = "US", "CA"
                    lat, lon = places.find(city, "CA")
                    region = STATE_REGION["CA"]
            # Canadian places far from the gazetteer's (Drake's Toronto points to Indiana) move.
            if country == "CA" and city and not state:
                found = [v for k, v in places.by_key.items()
                         if k[0] == places.norm(city) and k[2] == "CA"]
                if len(found) == 1 and (not lat or haversine_km(float(lat), float(lon),
                                                                float(found[0][0]),
                                                                float(found[0][1])) > 50):
                    lat, lon = found[0]
                    counts["Canadian coordinates replaced"] += 1
            # US coordinates must lie in their state; else the gazetteer's, else none.
            if lat and country == "US" and state and states.state_at(float(lat), float(lon), 10) != state:
                found = places.find(city.split(",")[0], state)
                if found:
                    lat, lon = found
                    counts["coordinates outside the state replaced"] += 1
                else:
                    lat, lon = "", ""
                    counts["coordinates outside the state blanked"] += 1
            if country == "US" and state:
                if state not in STATE_REGION:
                    fail("unknown state %r for %r" % (state, name))
                if region != STATE_REGION[state]:
                    if region != "Other":
                        fail("%r: region %s but state %s" % (name, region, state))
                    region = STATE_REGION[state]
            if lat:
                lat, lon = "%.4f" % float(lat), "%.4f" % float(lon)
                if not (-90 <= float(lat) <= 90 and -180 <= float(lon) <= 180):
                    fail("bad coordinates for %r" % name)
            fields = [row["artist_key"].strip(), name, city, state, country, lat, lon, region,
                      row["confidence"].strip()]
            for v in fields:
                if "\t" in v or "\n" in v:
                    fail("tab or newline in %r" % fields)
            rows.append(fields)
    rows.sort()
    keys = [r[0] for r in rows]
    if len(set(keys)) != len(keys):
        fail("duplicate keys")

    aliases = os.path.join(os.path.dirname(os.path.abspath(out)), "aliases.tsv")
    if os.path.exists(aliases):
        known = set(keys)
        with open(aliases, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if line.startswith("#") or not line.strip():
                    continue
                parts = line.rstrip("\n").split("\t")
                if len(parts) != 2 or parts[1] not in known:
                    fail("%s:%d: alias target %r is not in the table" % (aliases, n, parts[-1]))

    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write("# Hometown artist origins: facts (places), no lyrics. Generated from the shared\n")
        f.write("# origins.csv by tools/make-origins.py; do not edit, corrections go to the user's\n")
        f.write("# origins-corrections.json. Regenerate with:\n")
        f.write("#   /usr/bin/python3 tools/make-origins.py ../shared/data/artists/origins.csv "
                "data/artists/origins.tsv\n")
        f.write("# region: East West South Midwest (US, from the state), Other (outside the US), "
                "Unknown\n")
        f.write("key\tname\tcity\tstate\tcountry\tlat\tlon\tregion\tconfidence\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    by_region = {}
    for r in rows:
        by_region[r[7]] = by_region.get(r[7], 0) + 1
    sys.stderr.write("make-origins: %d artists %s; %s\n" % (len(rows), by_region, counts))


if __name__ == "__main__":
    main()
