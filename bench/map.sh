#!/usr/bin/env bash
# Hometown map and name-lookup speed: medians, and a peer on the same machine.
#   bench/map.sh [BUILD_DIR]
# Targets (issue 5): a 1200 x 800 map in <= 50 ms, a name lookup in <= 5 us (medians).
# Peers: matplotlib (Agg) filling and stroking the same 51 state outlines at 1200 x 800, and a
# Python dict lookup with the same normalisation (unicodedata NFKD) -- Debian's python3-matplotlib.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-_build}
if ! dpkg-query -W -f='${Status}' python3-matplotlib 2>/dev/null | grep -q "install ok installed"; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-matplotlib
fi
ninja -C "$build" bench/bench-map >/dev/null
echo "== Hometown (C, Cairo + Pango)"
"$build/bench/bench-map" 40 | tee /tmp/hometown-bench-map.txt
echo "== peer: Python 3 + matplotlib $(/usr/bin/python3 -c 'import matplotlib; print(matplotlib.__version__)')"
/usr/bin/python3 - <<'PY' | tee /tmp/hometown-bench-peer.txt
import json, statistics, time, unicodedata, re, io
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.patches import Polygon
from matplotlib.collections import PatchCollection

doc = json.load(open("data/geo/us-states.json"))
patches, colors = [], []
for st in doc["states"]:
    if st["code"] in ("AK", "HI"):
        continue
    for poly in st["polygons"]:
        ring = poly[0]
        patches.append(Polygon(list(zip(ring[0::2], ring[1::2])), closed=True))
        colors.append("#CC79A7")
times = []
for i in range(12):
    t0 = time.perf_counter()
    fig = plt.figure(figsize=(12, 8), dpi=100)
    ax = fig.add_axes([0, 0, 1, 1])
    ax.add_collection(PatchCollection(patches, facecolor=colors, edgecolor="white", linewidth=0.9))
    ax.set_xlim(-125, -66); ax.set_ylim(24, 50); ax.axis("off")
    fig.canvas.draw()
    plt.close(fig)
    times.append((time.perf_counter() - t0) * 1000)
print("peer map render 1200x800 (lower 48 only, no text): median %.2f ms, %d runs"
      % (statistics.median(times[2:]), len(times) - 2))

def norm(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = s.replace("&", " and ").replace("+", " and ").replace("$", "s")
    s = re.sub(r"[.'!`\u2019]", "", s)
    s = " ".join(re.sub(r"[^0-9a-z]+", " ", s).split())
    return s[4:] if s.startswith("the ") else s

table = {}
for line in open("data/artists/origins.tsv", encoding="utf-8"):
    if line.startswith("#") or line.startswith("key\t"):
        continue
    f = line.split("\t")
    table.setdefault(norm(f[1]), f)
    table.setdefault(f[0], f)
names = ["OutKast", "JAY-Z", "Jay Z", "Hov", "The Notorious B.I.G.", "Biggie Smalls", "2Pac", "Tupac",
         "A$AP Rocky", "Lil' Kim", "André 3000", "Too $hort", "Eric B. & Rakim", "Nice & Smooth",
         "Kendrick Lamar", "Drake", "Jayz", "Definitely Unknown", "Ye", "Mos Def"]
batches = []
for b in range(60):
    t0 = time.perf_counter()
    for i in range(1000):
        table.get(norm(names[i % len(names)]))
    batches.append((time.perf_counter() - t0) * 1e6 / 1000)
print("peer name lookup (normalise + dict, no aliases): median %.3f us per lookup"
      % statistics.median(batches))
PY
/usr/bin/python3 - <<'PY'
import re
ours = open("/tmp/hometown-bench-map.txt").read()
peer = open("/tmp/hometown-bench-peer.txt").read()
m = float(re.search(r"map render 1200x800: median ([\d.]+)", ours).group(1))
l = float(re.search(r"name lookup .*median ([\d.]+)", ours).group(1))
pm = float(re.search(r"peer map render .*median ([\d.]+)", peer).group(1))
pl = float(re.search(r"peer name lookup .*median ([\d.]+)", peer).group(1))
print("== summary")
print("map render: %.2f ms (target <= 50 ms: %s); matplotlib peer %.2f ms; ratio peer/ours %.1fx"
      % (m, "met" if m <= 50 else "MISSED", pm, pm / m))
print("name lookup: %.3f us (target <= 5 us: %s); Python peer %.3f us; ratio peer/ours %.1fx"
      % (l, "met" if l <= 5 else "MISSED", pl, pl / l))
PY
