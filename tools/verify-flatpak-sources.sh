#!/usr/bin/env bash
# Re-check the sha256 pins of flatpak/*.json against Debian's source packages, whose .orig
# tarballs are the upstream release files, byte for byte, when Debian does not repack them.
# Needs network access to a Debian mirror and deb-src entries in APT's sources. Run by hand when
# a pin changes; the test suite cannot (no network there).
#   tools/verify-flatpak-sources.sh
set -euo pipefail
cd "$(dirname "$0")/.."
manifest=flatpak/io.github.hometownapp.Hometown.json
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pinned_sha() {   # pinned_sha URL-SUBSTRING
    /usr/bin/python3 -c '
import json, sys
m = json.load(open(sys.argv[1]))
for mod in m["modules"]:
    for s in mod.get("sources", []):
        if sys.argv[2] in s.get("url", ""):
            print(s["sha256"])' "$manifest" "$1"
}

status=0
check() {   # check DEBIAN-SOURCE ORIG-FILE UPSTREAM-FILE
    local pin orig actual
    pin=$(pinned_sha "$3")
    (cd "$tmp" && apt-get source --download-only -qq "$1" >/dev/null 2>&1) || {
        echo "$1: apt-get source failed (is there a deb-src entry?)"; status=1; return; }
    orig=$(ls "$tmp"/$2 2>/dev/null | head -1)
    if [ -z "$orig" ]; then
        echo "$3: Debian ships another version ($(ls "$tmp" | grep orig)): not comparable"
        status=1
        return
    fi
    actual=$(sha256sum "$orig" | cut -d' ' -f1)
    if [ "$actual" = "$pin" ]; then
        echo "$3: sha256 $pin matches Debian's $(basename "$orig")"
    else
        echo "$3: MISMATCH: manifest $pin, Debian's $(basename "$orig") $actual"
        status=1
    fi
}

check fftw3 'fftw3_3.3.10.orig.tar.gz' fftw-3.3.10.tar.gz
check libsoxr 'libsoxr_0.1.3.orig.tar.xz' soxr-0.1.3-Source.tar.xz
echo "OpenBLAS-0.3.21.tar.gz: not checkable this way: Debian's 0.3.21+ds tarball is repacked" \
     "(lapack-netlib/ and relapack/ removed)"
exit $status
