#!/usr/bin/env bash
# Fuzzes one harness of tests/fuzz/ with libFuzzer, ASan and UBSan (Debian clang and
# libclang-rt-14-dev, both in tools/debian-packages.txt).
#
#   tools/fuzz.sh TARGET [SECONDS] [libFuzzer options...]     (default 60 s)
#
# TARGET is safetensors or audio-model (tests/fuzz/fuzz-TARGET.c). Builds the project with
# clang, the sanitizers and libFuzzer's coverage into _build-fuzz/ (meson -Dfuzzing=true), then
# runs the harness on the committed seeds (tests/fuzz/corpus-TARGET, read only) with new finds
# kept in _build-fuzz/corpus-TARGET. A crash leaves its input in _build-fuzz/artifacts-TARGET/;
# replay one with
#   _build-fuzz/tests/fuzz-TARGET _build-fuzz/artifacts-TARGET/crash-...
# and, once fixed, add it to the seed corpus.
set -euo pipefail
cd "$(dirname "$0")/.."

usage () { echo "usage: tools/fuzz.sh safetensors|audio-model [SECONDS] [libFuzzer options...]" >&2; exit 2; }
[ $# -ge 1 ] || usage
target=$1
shift
seconds=${1:-60}
shift || true
case $target in
  safetensors) max_len=4096 ;;
  audio-model) max_len=8192 ;;      # the valid seeds are up to 4.7 KB
  *) usage ;;
esac

out=_build-fuzz
if [ ! -f "$out/build.ninja" ]; then
  CC=clang meson setup "$out" -Dfuzzing=true -Dgui=false -Dbuildtype=debug \
      -Db_sanitize=address,undefined -Db_lundef=false \
      -Dc_args="-fsanitize=fuzzer-no-link -fno-sanitize-recover=undefined"
fi
ninja -C "$out" -j2 "tests/fuzz-$target"
mkdir -p "$out/corpus-$target" "$out/artifacts-$target"

dict=()
[ -f "tests/fuzz/$target.dict" ] && dict=(-dict="tests/fuzz/$target.dict")
export G_DEBUG=${G_DEBUG:-fatal-criticals}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp}
exec "$out/tests/fuzz-$target" -max_total_time="$seconds" -timeout=10 -max_len="$max_len" \
    "${dict[@]}" -artifact_prefix="$out/artifacts-$target/" -print_final_stats=1 \
    "$@" "$out/corpus-$target" "tests/fuzz/corpus-$target"
