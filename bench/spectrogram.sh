#!/usr/bin/env bash
# Spectrogram speed and memory against peers on this machine, in one run.
#
# On a 4-minute 44.1 kHz stereo MP3 and FLAC made here: median wall time of
#   hometown-cli spectrogram --full   (decode + mel STFT + PNG)
#   sox … spectrogram                 (same PNG size)
#   ffmpeg … showspectrumpic          (same PNG size)
#   gst-launch-1.0 … decodebin ! fakesink   (decoding alone)
# and the ratios. Targets: faster than sox and ffmpeg; within 1.3x of decoding alone.
# Then peak memory (max RSS) of hometown-cli on a 60-minute file: target under 200 MB.
#
# Usage: bench/spectrogram.sh [BUILD_DIR]   (default _build; RUNS=7 to change the count)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-_build}
runs=${RUNS:-7}
cli=$build/src/cli/hometown-cli
[ -x "$cli" ] || { echo "build first: meson setup $build && ninja -C $build" >&2; exit 2; }

need=()
for p in sox libsox-fmt-all ffmpeg hyperfine time bc gstreamer1.0-tools; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$cli" make-sample "$work/t4.flac" --seconds 240 --rate 44100 --channels 2
"$cli" make-sample "$work/t4.mp3" --seconds 240 --rate 44100 --channels 2

median() {  # median seconds of a hyperfine JSON export
    /usr/bin/python3 -c 'import json,sys; print("%.3f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$1"
}

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $runs runs each, medians"
printf '%-6s %10s %10s %10s %10s %12s %12s %12s\n' file ours sox ffmpeg decode ours/sox ours/ffmpeg ours/decode
for f in t4.mp3 t4.flac; do
    in=$work/$f
    hyperfine -N -w 1 -r "$runs" --export-json "$work/ours.json" \
        "$cli spectrogram --full $in -o $work/ours.png --width 1200 --height 480" >/dev/null
    hyperfine -N -w 1 -r "$runs" --export-json "$work/sox.json" \
        "sox $in -n remix - spectrogram -x 1200 -Y 480 -o $work/sox.png" >/dev/null
    hyperfine -N -w 1 -r "$runs" --export-json "$work/ffmpeg.json" \
        "ffmpeg -loglevel error -y -i $in -lavfi showspectrumpic=s=1200x480 $work/ffmpeg.png" >/dev/null
    hyperfine -N -w 1 -r "$runs" --export-json "$work/decode.json" \
        "gst-launch-1.0 -q filesrc location=$in ! decodebin ! fakesink" >/dev/null
    o=$(median "$work/ours.json"); s=$(median "$work/sox.json")
    m=$(median "$work/ffmpeg.json"); d=$(median "$work/decode.json")
    printf '%-6s %9ss %9ss %9ss %9ss %12s %12s %12s\n' "${f#t4.}" "$o" "$s" "$m" "$d" \
        "$(echo "scale=2; $o / $s" | bc)" "$(echo "scale=2; $o / $m" | bc)" "$(echo "scale=2; $o / $d" | bc)"
done

"$cli" make-sample "$work/t60.mp3" --seconds 3600 --rate 44100 --channels 2
peak=$( { /usr/bin/time -f '%M' "$cli" spectrogram --full "$work/t60.mp3" -o "$work/t60.png" >/dev/null; } 2>&1 | tail -1)
echo "60-minute MP3: peak RSS $((peak / 1024)) MB (target < 200 MB)"
