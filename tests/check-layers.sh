#!/bin/sh
# The layering rule, checked by name: inner layers never include outer ones.
#   src/core    libc, <math.h>, <pthread.h>, <fftw3.h>, <cblas.h> and its own headers only
#   src/engine  no GTK/GDK/Adwaita
# (The build enforces the core rule too: GLib is not on htcore's include path.)
set -eu
root=${1:-.}
status=0
bad=$(grep -HnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](glib|gio|gobject|gtk|gdk|adwaita|cairo|pango|gst|sndfile|json-glib|config\.h|ht-)' \
      "$root"/src/core/*.c "$root"/src/core/*.h 2>/dev/null || true)
if [ -n "$bad" ]; then
  echo "src/core includes an outer layer:"; echo "$bad"; status=1
fi
bad=$(grep -HnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](gtk|gdk|adwaita|ht-.*-view|ht-window|ht-application)' \
      "$root"/src/engine/*.c "$root"/src/engine/*.h 2>/dev/null || true)
if [ -n "$bad" ]; then
  echo "src/engine includes GTK or the app:"; echo "$bad"; status=1
fi
bad=$(grep -HnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](gtk|gdk|adwaita)' \
      "$root"/src/cli/*.c "$root"/src/cli/*.h 2>/dev/null || true)
if [ -n "$bad" ]; then
  echo "hometown-cli includes GTK:"; echo "$bad"; status=1
fi
[ $status -eq 0 ] && echo "ok: layers respected"
exit $status
