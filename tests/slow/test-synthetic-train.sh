#!/bin/sh
# Slow test: train the audio CNN from scratch on synthetic four-style data with hometown-cli,
# then evaluate it on artists it never saw (a different seed makes different artists).
# Passes when held-out accuracy is at least 90 %. Synthetic data, not hip-hop: see
# tools/make-synthetic-styles.py.
set -eu
src=$1
cli=${HOMETOWN_CLI:?}
py=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CACHE_HOME="$work/cache" XDG_DATA_HOME="$work/data"

echo "# generating"
$py "$src/tools/make-synthetic-styles.py" "$work/train" --artists 4 --tracks 2 --short 1 --seed 11 >/dev/null
$py "$src/tools/make-synthetic-styles.py" "$work/heldout" --artists 2 --tracks 2 --seed 12345 >/dev/null
echo "# training"
"$cli" train-audio "$work/train" -o "$work/model.safetensors" --epochs 8 --patience 3 \
    --val-fraction 0.25 --seed 3 | sed 's/^/# /'
echo "# evaluating on held-out artists"
"$cli" eval-audio "$work/heldout" -m "$work/model.safetensors" --png "$work/c.png" | sed 's/^/# /'
acc=$("$cli" eval-audio "$work/heldout" -m "$work/model.safetensors" --json |
      $py -c 'import json,sys; print(json.load(sys.stdin)["accuracy"])')
test -s "$work/c.png"
echo "# held-out accuracy $acc"
if $py -c "import sys; sys.exit(0 if $acc >= 0.9 else 1)"; then
  echo "ok 1 synthetic held-out accuracy $acc >= 0.9"
  echo "1..1"
else
  echo "not ok 1 synthetic held-out accuracy $acc < 0.9"
  echo "1..1"
  exit 1
fi
