#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check the Flatpak manifests without building them (no runtime can be downloaded here).

Each manifest is loaded by `flatpak-builder --show-manifest` when flatpak-builder is installed,
so a property it does not know (a typo) fails the test; otherwise by Python's json module. Then:
the app id and command, the GNOME 49 runtime and SDK, the exact finish-args (no file system
access: files come through the portals), the modules in build order with a sha256 on every
downloaded source, FFTW in single precision with threads and SIMD, OpenBLAS installed with the
options it was built with, the app built by Meson, and the release and Devel manifests agreeing
on everything but the app's source and profile.

usage: check-flatpak.py FLATPAK_DIR
Environment: HOMETOWN_VERSION (the project version, for the release tag).
"""
import json
import os
import re
import shlex
import shutil
import subprocess
import sys

APP_ID = 'io.github.hometownapp.Hometown'
FINISH_ARGS = ['--share=ipc', '--socket=wayland', '--socket=fallback-x11', '--device=dri',
               '--socket=pulseaudio']
DEPENDENCIES = ['fftw3f', 'openblas', 'libsoxr']
DOWNLOADED = {'archive', 'file', 'patch', 'extra-data'}

failures = []


def expect(cond, message):
    if not cond:
        failures.append(message)
    print(f'{"ok" if cond else "not ok"} - {message}')


def load(path):
    tool = shutil.which('flatpak-builder')
    if tool is None:
        print(f'# flatpak-builder is not installed: reading {os.path.basename(path)} as plain JSON')
        with open(path, encoding='utf-8') as f:
            return json.load(f)
    run = subprocess.run([tool, '--show-manifest', path], capture_output=True, text=True)
    unknown = [l for l in run.stderr.splitlines() if 'Unknown property' in l or 'WARNING' in l]
    expect(run.returncode == 0, f'flatpak-builder parses {os.path.basename(path)}')
    expect(not unknown, f'flatpak-builder knows every property in {os.path.basename(path)}'
           + ''.join('\n#   ' + l for l in unknown))
    return json.loads(run.stdout) if run.returncode == 0 else {}


def modules_by_name(manifest):
    return {m.get('name'): m for m in manifest.get('modules', []) if isinstance(m, dict)}


def check_common(name, m):
    expect(m.get('runtime') == 'org.gnome.Platform', f'{name}: runtime org.gnome.Platform')
    expect(m.get('runtime-version') == '49', f'{name}: runtime version 49')
    expect(m.get('sdk') == 'org.gnome.Sdk', f'{name}: sdk org.gnome.Sdk')
    expect(m.get('command') == 'hometown', f'{name}: command hometown')
    expect(m.get('finish-args') == FINISH_ARGS,
           f'{name}: finish-args are exactly {" ".join(FINISH_ARGS)}')
    args = m.get('finish-args', [])
    expect(not any(a.startswith(('--filesystem', '--share=network')) for a in args),
           f'{name}: no file system or network access')

    names = [mod.get('name') for mod in m.get('modules', []) if isinstance(mod, dict)]
    expect(names == DEPENDENCIES + ['hometown'],
           f'{name}: modules {", ".join(DEPENDENCIES)}, then hometown')
    for mod in m.get('modules', []):
        for src in mod.get('sources', []):
            if src.get('type') in DOWNLOADED:
                url = src.get('url', '')
                expect(re.fullmatch(r'[0-9a-f]{64}', src.get('sha256', '')) is not None,
                       f'{name}: {mod["name"]} source {url} has a sha256')
                expect(url.startswith('https://'),
                       f'{name}: {mod["name"]} is downloaded over https')

    mods = modules_by_name(m)
    fftw = mods.get('fftw3f', {})
    opts = fftw.get('config-opts', [])
    for opt in ('--enable-float', '--enable-threads', '--enable-shared'):
        expect(opt in opts, f'{name}: FFTW configured with {opt}')
    x86 = fftw.get('build-options', {}).get('arch', {}).get('x86_64', {}).get('config-opts', [])
    for opt in ('--enable-sse2', '--enable-avx'):
        expect(opt in x86, f'{name}: FFTW on x86_64 configured with {opt}')
    expect(not any(o.startswith(('--enable-sse', '--enable-avx')) for o in opts),
           f'{name}: x86 SIMD options only on x86_64 (they break configure on aarch64)')

    blas = mods.get('openblas', {})
    cmds = blas.get('build-commands', [])
    build = [c for c in cmds if ' install' not in c]
    install = [c for c in cmds if c.rstrip().endswith(' install')]
    expect(len(build) == 1 and len(install) == 1,
           f'{name}: OpenBLAS has one build and one install command')
    if len(build) == 1 and len(install) == 1:
        def flags(command):
            return sorted(w for w in shlex.split(command)
                          if '=' in w and not w.startswith(('-j', 'PREFIX=')))
        expect(flags(build[0]) == flags(install[0]),
               f'{name}: OpenBLAS is installed with the options it was built with')
        expect('DYNAMIC_ARCH=1' in shlex.split(build[0]),
               f'{name}: OpenBLAS picks its kernels at run time (DYNAMIC_ARCH=1)')
        expect('PREFIX=${FLATPAK_DEST}' in shlex.split(install[0]),
               f'{name}: OpenBLAS installs to /app')

    soxr = mods.get('libsoxr', {})
    expect(soxr.get('buildsystem', '').startswith('cmake'), f'{name}: libsoxr is built with CMake')
    expect('-DBUILD_TESTS=OFF' in soxr.get('config-opts', []), f'{name}: libsoxr skips its tests')

    app = mods.get('hometown', {})
    expect(app.get('buildsystem') == 'meson', f'{name}: hometown is built with Meson')
    return mods


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    version = os.environ.get('HOMETOWN_VERSION', '')
    release = load(os.path.join(sys.argv[1], APP_ID + '.json'))
    devel = load(os.path.join(sys.argv[1], APP_ID + '.Devel.json'))

    expect(release.get('id') == APP_ID, f'release: id {APP_ID}')
    expect(devel.get('id') == APP_ID + '.Devel', f'Devel: id {APP_ID}.Devel')
    rel_mods = check_common('release', release)
    dev_mods = check_common('Devel', devel)

    for dep in DEPENDENCIES:
        expect(rel_mods.get(dep) == dev_mods.get(dep),
               f'{dep} is built the same way in both manifests')
    expect(release.get('cleanup') == devel.get('cleanup'), 'both manifests clean up the same files')

    rel_app, dev_app = rel_mods.get('hometown', {}), dev_mods.get('hometown', {})
    rel_src, dev_src = rel_app.get('sources', []), dev_app.get('sources', [])
    expect(len(rel_src) == 1 and rel_src[0].get('type') == 'git' and rel_src[0].get('path') == '..'
           and rel_src[0].get('tag') == 'v' + version,
           f'release builds the tag v{version} of this clone')
    expect(dev_src == [{'type': 'dir', 'path': '..'}], 'Devel builds the working tree (dir ..)')
    expect('-Dprofile=development' in dev_app.get('config-opts', []),
           'Devel uses -Dprofile=development')
    expect('-Dprofile=development' not in rel_app.get('config-opts', []),
           'release does not use the development profile')

    for f in failures:
        print(f'FAIL {f}', file=sys.stderr)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
