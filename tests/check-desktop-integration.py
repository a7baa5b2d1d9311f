#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that the built desktop file, D-Bus service and metainfo agree with each other and with
what the app is: the id, the binary, D-Bus activation, the audio types "Open With" must offer,
translations merged for every language in po/LINGUAS, the release version, the screenshots.

The validators (desktop-file-validate, appstreamcli) check the formats; this checks the content.

usage: check-desktop-integration.py DESKTOP SERVICE METAINFO DATA_SRCDIR
       check-desktop-integration.py --screenshots METAINFO DATA_SRCDIR
Environment: HOMETOWN_APP_ID, HOMETOWN_VERSION (set by data/meson.build).
"""
import os
import re
import struct
import sys
import xml.etree.ElementTree as ET

XML_LANG = '{http://www.w3.org/XML/1998/namespace}lang'
SCREENSHOT_BASE = 'https://raw.githubusercontent.com/hometownapp/hometown/main/data/screenshots/'

# What shared-mime-info calls each format the decoder handles ("Open With" matches these), and
# the other names other desktops and the brief use for them.
CANONICAL_AUDIO = [
    'audio/mpeg', 'audio/flac', 'audio/x-flac+ogg', 'audio/ogg', 'audio/x-vorbis+ogg',
    'audio/x-opus+ogg', 'audio/mp4', 'audio/aac', 'audio/x-wav', 'audio/x-aiff', 'audio/x-aifc',
]
REQUIRED_ALIASES = ['audio/x-flac', 'audio/opus', 'audio/x-m4a', 'audio/wav']
# IANA names that Debian 12's shared-mime-info does not know yet, listed for newer databases.
UNKNOWN_TO_SMI_OK = {'audio/opus'}

failures = []


def expect(cond, message):
    if not cond:
        failures.append(message)
    print(f'{"ok" if cond else "not ok"} - {message}')


def read_keyfile(path):
    groups, group = {}, None
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if not line or line.startswith('#'):
                continue
            if line.startswith('['):
                group = line.strip('[]')
                groups[group] = {}
                continue
            key, sep, value = line.partition('=')
            if not sep or group is None:
                failures.append(f'{path}:{n}: not a key=value line')
                continue
            groups[group][key.strip()] = value.strip()
    return groups


def read_linguas(data_srcdir):
    with open(os.path.join(data_srcdir, '..', 'po', 'LINGUAS'), encoding='utf-8') as f:
        return [w for line in f if not line.startswith('#') for w in line.split()]


def known_mime_types():
    """Types and aliases from the installed shared-mime-info, or None when it is absent."""
    base = '/usr/share/mime'
    if not os.path.isfile(os.path.join(base, 'types')):
        return None
    with open(os.path.join(base, 'types'), encoding='utf-8') as f:
        known = {line.strip() for line in f if line.strip()}
    with open(os.path.join(base, 'aliases'), encoding='utf-8') as f:
        known |= {line.split()[0] for line in f if line.strip()}
    return known


def check_desktop(path, app_id, linguas):
    expect(os.path.basename(path) == app_id + '.desktop',
           f'desktop file is named {app_id}.desktop (D-Bus activation needs it)')
    groups = read_keyfile(path)
    entry = groups.get('Desktop Entry', {})
    expect(entry.get('Type') == 'Application', 'Type=Application')
    expect(entry.get('Name') == 'Hometown', 'Name=Hometown')
    exec_words = entry.get('Exec', '').split()
    expect(exec_words[:1] == ['hometown'], 'Exec runs the hometown binary')
    expect('%U' in exec_words or '%F' in exec_words,
           'Exec takes files (%U), so "Open With" passes them')
    expect(entry.get('Icon') == app_id, f'Icon={app_id}')
    expect(entry.get('Categories') == 'AudioVideo;Audio;', 'Categories=AudioVideo;Audio;')
    expect(entry.get('Terminal') == 'false', 'Terminal=false')
    expect(entry.get('DBusActivatable') == 'true', 'DBusActivatable=true')

    mime = entry.get('MimeType', '')
    expect(mime.endswith(';'), 'MimeType ends with ;')
    types = [t for t in mime.split(';') if t]
    expect(len(types) == len(set(types)), 'MimeType has no repeats')
    for t in CANONICAL_AUDIO + REQUIRED_ALIASES:
        expect(t in types, f'MimeType offers {t}')
    expect(all(t.startswith('audio/') for t in types), 'MimeType lists audio types only')
    known = known_mime_types()
    if known is None:
        print('# shared-mime-info is not installed: type names not checked against it')
    else:
        for t in types:
            expect(t in known or t in UNKNOWN_TO_SMI_OK,
                   f'{t} is a type or alias shared-mime-info knows')

    for key in ('Keywords',):
        expect(entry.get(key, '').endswith(';'), f'{key} ends with ;')
    for lang in linguas:
        for key in ('Comment', 'Keywords'):
            value = entry.get(f'{key}[{lang}]')
            expect(bool(value) and value != entry.get(key), f'{key}[{lang}] is translated')
        kw = entry.get(f'Keywords[{lang}]', '')
        expect(kw.endswith(';') and ';;' not in kw, f'Keywords[{lang}] is ;-separated and ;-ended')


def check_service(path, app_id):
    expect(os.path.basename(path) == app_id + '.service', f'service file is named {app_id}.service')
    svc = read_keyfile(path).get('D-BUS Service', {})
    expect(svc.get('Name') == app_id, f'service Name={app_id}')
    words = svc.get('Exec', '').split()
    expect(len(words) == 2 and os.path.isabs(words[0]) and os.path.basename(words[0]) == 'hometown'
           and words[1] == '--gapplication-service',
           'service Exec is /…/hometown --gapplication-service')


def text_by_lang(parent, tag):
    return {el.get(XML_LANG): (el.text or '').strip() for el in parent.findall(tag)}


def check_metainfo(path, app_id, version, linguas):
    root = ET.parse(path).getroot()
    expect(root.tag == 'component' and root.get('type') == 'desktop-application',
           'component type="desktop-application"')
    expect(root.findtext('id') == app_id, f'metainfo id is {app_id}')
    launch = root.find('launchable')
    expect(launch is not None and launch.get('type') == 'desktop-id'
           and launch.text == app_id + '.desktop', f'launchable is {app_id}.desktop')
    expect(root.findtext('project_license') == 'GPL-3.0-or-later',
           'project_license GPL-3.0-or-later')
    expect(root.findtext('metadata_license') == 'CC0-1.0', 'metadata_license CC0-1.0')
    trans = root.find('translation')
    expect(trans is not None and trans.get('type') == 'gettext' and trans.text == 'hometown',
           'translation domain is hometown')

    releases = root.findall('releases/release')
    expect(bool(releases), 'at least one release')
    if releases:
        expect(releases[0].get('version') == version,
               f'newest release is the project version {version}')
        expect(re.fullmatch(r'\d{4}-\d{2}-\d{2}', releases[0].get('date', '')) is not None,
               'newest release has a date')
    rating = root.find('content_rating')
    expect(rating is not None and rating.get('type') == 'oars-1.1', 'OARS 1.1 content rating')
    dev = root.find('developer')
    expect(dev is not None and dev.get('id') and dev.findtext('name'), 'developer with id and name')

    colours = {c.get('scheme_preference'): c.text for c in root.findall('branding/color')
               if c.get('type') == 'primary'}
    expect(set(colours) == {'light', 'dark'}, 'primary brand colour for light and dark')
    for scheme, value in colours.items():
        expect(re.fullmatch(r'#[0-9a-f]{6}', value or '') is not None,
               f'{scheme} brand colour is #rrggbb')
    if set(colours) == {'light', 'dark'}:
        expect(luminance(colours['light']) > luminance(colours['dark']) + 0.3,
               'the light brand colour is clearly lighter than the dark one')

    urls = {u.get('type'): u.text for u in root.findall('url')}
    for kind in ('homepage', 'bugtracker', 'vcs-browser'):
        expect((urls.get(kind) or '').startswith('https://github.com/hometownapp/'),
               f'{kind} URL is under github.com/hometownapp')

    summaries = text_by_lang(root, 'summary')
    for lang in linguas:
        expect(summaries.get(lang) and summaries[lang] != summaries.get(None),
               f'summary is translated to {lang}')
        paras = [p for p in root.iter('p') if p.get(XML_LANG) == lang]
        expect(len(paras) >= 4, f'description and release notes are translated to {lang}')
        captions = [c for c in root.iter('caption') if c.get(XML_LANG) == lang]
        expect(len(captions) == len(root.findall('screenshots/screenshot')),
               f'every screenshot caption is translated to {lang}')


def luminance(hex_colour):
    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def png_size(path):
    with open(path, 'rb') as f:
        head = f.read(24)
    if head[:8] != b'\x89PNG\r\n\x1a\n' or head[12:16] != b'IHDR':
        return None
    return struct.unpack('>II', head[16:24])


def check_screenshots(metainfo, data_srcdir):
    """Screenshots are made from the real app; until they are committed this test is skipped."""
    root = ET.parse(metainfo).getroot()
    images = [s.findtext('image') for s in root.findall('screenshots/screenshot')]
    expect(len(images) >= 1, 'metainfo has screenshots')
    defaults = [s for s in root.findall('screenshots/screenshot') if s.get('type') == 'default']
    expect(len(defaults) == 1,
           'exactly one default screenshot')
    names = []
    for url in images:
        expect(url.startswith(SCREENSHOT_BASE) and url.endswith('.png'),
               f'{url} points at a PNG under data/screenshots/')
        names.append(url[len(SCREENSHOT_BASE):])
    present = [n for n in names if os.path.isfile(os.path.join(data_srcdir, 'screenshots', n))]
    if not present and not failures:
        print(f'# data/screenshots/ has none of {", ".join(names)} yet: skipped')
        return 77
    for n in names:
        path = os.path.join(data_srcdir, 'screenshots', n)
        size = png_size(path) if os.path.isfile(path) else None
        expect(size is not None, f'data/screenshots/{n} exists and is a PNG')
        if size:
            # Flathub: at least 1000 px wide, and the same aspect ratio for all is recommended.
            expect(size[0] >= 1000 and size[1] >= 500,
                   f'data/screenshots/{n} is {size[0]}×{size[1]}')
    return 1 if failures else 0


def main():
    app_id = os.environ.get('HOMETOWN_APP_ID', 'io.github.hometownapp.Hometown')
    version = os.environ.get('HOMETOWN_VERSION', '')
    if len(sys.argv) == 4 and sys.argv[1] == '--screenshots':
        return check_screenshots(sys.argv[2], sys.argv[3])
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    desktop, service, metainfo, data_srcdir = sys.argv[1:]
    linguas = read_linguas(data_srcdir)
    expect(len(linguas) > 0, f'po/LINGUAS lists languages ({" ".join(linguas)})')
    check_desktop(desktop, app_id, linguas)
    check_service(service, app_id)
    check_metainfo(metainfo, app_id, version, linguas)
    print(f'# {len(failures)} failures')
    for f in failures:
        print(f'FAIL {f}', file=sys.stderr)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
