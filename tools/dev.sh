#!/usr/bin/env bash
# One entry point for a fresh Debian 12 machine, as root (README.md quotes both commands):
#   tools/dev.sh run    install what is missing, build, and run the main job
#   tools/dev.sh test   install what is missing, build, and run the whole test suite,
#                       then again under ASan+UBSan, then the core and engine (and the window
#                       driven by real input) under valgrind
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD

install_deps() {
    local missing=()
    mapfile -t wanted < <(grep -Ev '^\s*(#|$)' tools/debian-packages.txt)
    for p in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "== installing: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q
        apt-get install -y -q --no-install-recommends "${missing[@]}"
    fi
}

build() {   # build DIR [meson options...]
    local dir=$1; shift
    if [ ! -f "$dir/build.ninja" ]; then
        meson setup "$dir" "$@"
    fi
    ninja -C "$dir"
}

with_display() {
    # The UI tests need a display and a session bus; CI has neither.
    if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && command -v xvfb-run >/dev/null; then
        xvfb-run -a -s "-screen 0 1600x1000x24" dbus-run-session -- "$@"
    else
        "$@"
    fi
}

case "${1:-}" in
run)
    install_deps
    build _build
    if [ -x _build/src/hometown ] && [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
        exec _build/src/hometown "${@:2}"
    fi
    # No display: the headless tool on a sample it makes.
    sample=$(mktemp -d)/hometown-sample.flac
    _build/src/cli/hometown-cli make-sample "$sample"
    _build/src/cli/hometown-cli info "$sample"
    _build/src/cli/hometown-cli spectrogram "$sample" -o "${sample%.flac}.png"
    echo "spectrogram written to ${sample%.flac}.png"
    ;;
test)
    install_deps
    build _build
    with_display meson test -C _build --print-errorlogs --num-processes 2
    # Sanitizers: the suite again under ASan+UBSan (not the slow end-to-end runs: their code is
    # covered by the unit tests, and ASan makes them ten times slower).
    build _build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:fast_unwind_on_malloc=0 \
        with_display meson test -C _build-asan --print-errorlogs --num-processes 2 --no-suite bench --no-suite slow
    # valgrind: the core and engine suites (the setup excludes ui and slow).
    meson test -C _build --setup valgrind --print-errorlogs --num-processes 2 --suite core --suite engine
    # and the window driven by real input, under valgrind too.
    with_display meson test -C _build --setup valgrindui --print-errorlogs ui/test-input
    ;;
*)
    echo "usage: tools/dev.sh run|test" >&2
    exit 2
    ;;
esac
