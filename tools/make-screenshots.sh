#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Makes data/screenshots/{spectrogram,predictions,track-list}.png, the AppStream screenshots, from
# the real window (tests/ui/make-screenshots.c) under Xvfb.
#
#   tools/make-screenshots.sh [BUILD_DIR]      (default _build; needs xvfb-run, dbus-run-session)
#
# What is in them, honestly: the beats are tools/make-synthetic-styles.py's made-up styles, tagged
# with real artists so that the origin table places them; titles say "Demo Beat"; the lyrics are
# sidecar files written for this script (no real song's words); the sound model is a small CNN
# trained here on tools/make-synthetic-styles.py's four made-up styles (no hip-hop audio can ship),
# so its answers show what the app looks like, not what it knows.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/_build}
cli=$build/src/cli/hometown-cli
shots=$build/tests/make-screenshots
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="$work/cache" XDG_CONFIG_HOME="$work/config"
export GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data" GSK_RENDERER=cairo
export HT_SCREENSHOT_DIR="$work" LANG=C.UTF-8 LC_ALL=C.UTF-8

echo "training a small sound model on synthetic styles…"
/usr/bin/python3 "$src/tools/make-synthetic-styles.py" "$work/styles" --artists 3 --tracks 2 \
    --seconds 80 --seed 3 >/dev/null
"$cli" train-audio "$work/styles" --epochs 6 >/dev/null

# The demo tracks: two more synthetic artists per style, tagged with real artists so the origin
# table places them — some on purpose against their style, so that sound and hometown disagree.
/usr/bin/python3 "$src/tools/make-synthetic-styles.py" "$work/demo" --artists 1 --tracks 2 \
    --seconds 100 --seed 29 >/dev/null
mkdir -p "$work/tracks"
i=0
for style_artist in East:Nas East:Snoop\ Dogg West:E-40 West:Common South:Ludacris South:Bun\ B \
                    Midwest:Twista Midwest:Mobb\ Deep; do
  style=${style_artist%%:*}
  artist=${style_artist#*:}
  i=$((i + 1))
  n=$(( (i + 1) % 2 + 1 ))
  wav=$(find "$work/demo/$style" -name '*.wav' | sort | sed -n "${n}p")
  f="$work/tracks/$(printf '%02d' $i) $artist - Demo Beat $i.flac"
  ffmpeg -loglevel error -i "$wav" -metadata artist="$artist" -metadata title="Demo Beat $i" "$f"
done

# Words written for this script, so the lyrics card has something to judge.
cat > "$work/tracks/01 Nas - Demo Beat 1.txt" <<'TXT'
Up early on the avenue, the train is rumbling underneath
corner store is open and the city never gets to sleep
I been writing in the margin of a notebook since a kid
every building got a story and I tell you what it did
we was standing on the stoop while the summer heat was rising
now the skyline in the window and I'm still not compromising
mama said to keep it honest, keep your people close to home
every block I ever walked on is a verse inside this poem
from Queensbridge to Harlem on the uptown train at night
TXT
cp "$work/tracks/01 Nas - Demo Beat 1.txt" "$work/tracks/08 Mobb Deep - Demo Beat 8.txt"
cat > "$work/tracks/05 Ludacris - Demo Beat 5.txt" <<'TXT'
Pull up to the light with the candy paint shining
trunk rattle loud, y'all know we been grinding
sweet tea on the porch and the heat don't quit
whole town moving slow but we quick with it
down south where the summer last most of the year
every Sunday dinner all the family here
we was riding through the county in a old school car
now they know the name, they know who we are
TXT

"$cli" info "$work/tracks/"*.flac >/dev/null
mkdir -p "${SHOT_OUT:-$src/data/screenshots}"
xvfb-run -a -s "-screen 0 1600x1000x24" dbus-run-session -- \
    "$shots" "${SHOT_OUT:-$src/data/screenshots}" "$work/tracks/"*.flac
