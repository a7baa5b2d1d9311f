#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check what `meson install` would install, from the build's introspection data.

An installed Hometown (a Flatpak above all) has no source tree to fall back on, so every data file
the code looks up with ht_data_dir_find_shipped ("…") must be installed under $datadir/hometown,
and the desktop integration files under the names the desktop expects: the desktop file,
metainfo, D-Bus service and icons named after the application id, a catalogue per language in
po/LINGUAS, and the binaries (`hometown` is the Flatpak's command).

usage: check-install-plan.py BUILD_DIR SOURCE_ROOT
Environment: HOMETOWN_APP_ID.
"""
import json
import os
import re
import sys

failures = []


def expect(cond, message):
    if not cond:
        failures.append(message)
    print(f'{"ok" if cond else "not ok"} - {message}')


def shipped_lookups(root):
    """The relative paths passed as literals to ht_data_dir_find_shipped() in src/."""
    found = set()
    pattern = re.compile(r'ht_data_dir_find_shipped\s*\(\s*"([^"]+)"\s*\)')
    for dirpath, _, files in os.walk(os.path.join(root, 'src')):
        for name in files:
            if name.endswith('.c'):
                with open(os.path.join(dirpath, name), encoding='utf-8') as f:
                    found |= set(pattern.findall(f.read()))
    return found


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    build, root = sys.argv[1:]
    app_id = os.environ.get('HOMETOWN_APP_ID', 'io.github.hometownapp.Hometown')
    with open(os.path.join(build, 'meson-info', 'intro-installed.json'), encoding='utf-8') as f:
        installed = json.load(f)
    with open(os.path.join(build, 'meson-info', 'intro-buildoptions.json'), encoding='utf-8') as f:
        options = {o['name']: o['value'] for o in json.load(f)}
    with open(os.path.join(build, 'meson-info', 'intro-targets.json'), encoding='utf-8') as f:
        targets = {t['name'] for t in json.load(f) if t['type'] == 'executable'}
    datadir = os.path.join(options['prefix'], options['datadir'])
    destinations = set(installed.values())

    def installs(path, what):
        expect(path in destinations, f'{what} is installed as {path}')

    lookups = shipped_lookups(root)
    expect(len(lookups) > 0, f'the sources look up shipped data ({len(lookups)} files)')
    for rel in sorted(lookups):
        dest = os.path.join(datadir, 'hometown', rel)
        sources = [s for s, d in installed.items() if d == dest]
        expect(bool(sources), f'{rel}, which the code looks up, is installed as {dest}')
        if sources:
            wanted = os.path.realpath(os.path.join(root, 'data', rel))
            expect(os.path.realpath(sources[0]) == wanted, f'{dest} comes from data/{rel}')

    installs(os.path.join(datadir, 'applications', app_id + '.desktop'), 'the desktop file')
    installs(os.path.join(datadir, 'metainfo', app_id + '.metainfo.xml'), 'the metainfo')
    installs(os.path.join(datadir, 'dbus-1', 'services', app_id + '.service'), 'the D-Bus service')
    icons = os.path.join(datadir, 'icons', 'hicolor')
    installs(os.path.join(icons, 'scalable', 'apps', app_id + '.svg'), 'the app icon')
    installs(os.path.join(icons, 'symbolic', 'apps', app_id + '-symbolic.svg'), 'the symbolic icon')
    with open(os.path.join(root, 'po', 'LINGUAS'), encoding='utf-8') as f:
        linguas = [w for line in f if not line.startswith('#') for w in line.split()]
    localedir = os.path.join(options['prefix'], options['localedir'])
    for lang in linguas:
        installs(os.path.join(localedir, lang, 'LC_MESSAGES', 'hometown.mo'),
                 f'the {lang} catalogue')

    bindir = os.path.join(options['prefix'], options['bindir'])
    installs(os.path.join(bindir, 'hometown-cli'), 'hometown-cli')
    if 'hometown' in targets:
        installs(os.path.join(bindir, 'hometown'), 'the app, the Flatpak command')
    else:
        print('# this build has no hometown executable (the GUI is not merged or -Dgui=false)')

    for f in failures:
        print(f'FAIL {f}', file=sys.stderr)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
