#!/usr/bin/env bash
# Fuzzes the safetensors reader with libFuzzer, ASan and UBSan (Debian clang and
# libclang-rt-14-dev, both in tools/debian-packages.txt).
#
#   tools/fuzz-safetensors.sh [SECONDS] [libFuzzer options...]     (default 60 s)
#
# Builds tests/fuzz/fuzz-safetensors.c with the reader into _build-fuzz/, then runs it on the
# committed seeds (tests/fuzz/corpus-safetensors, read only) with new finds kept in
# _build-fuzz/corpus. A crash leaves its input in _build-fuzz/artifacts/; replay one with
#   _build-fuzz/fuzz-safetensors _build-fuzz/artifacts/crash-...
# and, once fixed, add it to the seed corpus.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
out=_build-fuzz
mkdir -p "$out/corpus" "$out/artifacts"

# The two definitions the engine sources take from config.h.
cat > "$out/config.h" <<'EOH'
#pragma once
#define GETTEXT_PACKAGE "hometown"
EOH

# shellcheck disable=SC2046
clang -std=c11 -g -O1 -D_GNU_SOURCE -UG_DISABLE_ASSERT \
    -DGLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_2_74 -DGLIB_VERSION_MAX_ALLOWED=GLIB_VERSION_2_74 \
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I"$out" -Isrc/engine -Isrc/core $(pkg-config --cflags gio-2.0 json-glib-1.0) \
    tests/fuzz/fuzz-safetensors.c src/engine/ht-safetensors.c src/engine/ht-error.c \
    src/core/htc-status.c \
    $(pkg-config --libs gio-2.0 json-glib-1.0) -lm \
    -o "$out/fuzz-safetensors"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp}
exec "$out/fuzz-safetensors" -max_total_time="$seconds" -timeout=10 -max_len=4096 \
    -dict=tests/fuzz/safetensors.dict -artifact_prefix="$out/artifacts/" -print_final_stats=1 \
    "$@" "$out/corpus" tests/fuzz/corpus-safetensors
