#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check the app icons: names, canvas sizes, self-contained SVG, and what they render to.

- hicolor/scalable/apps/ID.svg: a 128×128 canvas (GNOME HIG), colour.
- hicolor/symbolic/apps/ID-symbolic.svg: a 16×16 canvas in one ink (GTK recolours symbolic icons,
  so a second colour would be lost or wrong).
- No raster images, text, scripts or references outside the file (a theme cannot resolve them).
- When rsvg-convert (librsvg, which GTK uses for SVG) is installed, each icon is rendered and the
  PNG decoded here: the drawing must cover a sensible share of the canvas and stay inside it.

usage: check-icons.py ICONS_DIR
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zlib

APP_ID = 'io.github.hometownapp.Hometown'
SVG_NS = '{http://www.w3.org/2000/svg}'
FORBIDDEN = {'image', 'text', 'script', 'foreignObject', 'style'}
SYMBOLIC_INKS = {'#2e3436', '#222222', '#000000', 'currentcolor'}

failures = []


def expect(cond, message):
    if not cond:
        failures.append(message)
    print(f'{"ok" if cond else "not ok"} - {message}')


def decode_png_rgba(data):
    """Decode an 8-bit RGBA, non-interlaced PNG (what rsvg-convert writes) to rows of bytes."""
    assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
    pos, idat, width = 8, b'', None
    while pos < len(data):
        length, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b'IHDR':
            width, height, depth, colour, _, _, interlace = struct.unpack('>IIBBBBB', body)
            assert (depth, colour, interlace) == (8, 6, 0), 'expected 8-bit RGBA, not interlaced'
        elif kind == b'IDAT':
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * 4
    rows, prev = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - 4] if i >= 4 else 0
            b = prev[i]
            c = prev[i - 4] if i >= 4 else 0
            if kind == 1:
                line[i] = (line[i] + a) & 0xff
            elif kind == 2:
                line[i] = (line[i] + b) & 0xff
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xff
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xff
        rows.append(bytes(line))
        prev = line
    return width, height, rows


# Pixels of the design, read off its geometry (pixel centres, so away from anti-aliased edges):
# (x, y, #rrggbb or None for transparent, what is there).
APP_SAMPLES = [
    (64, 50, '#613583', 'the middle sound-wave bar'),
    (64, 33, '#ffffff', 'the pin head above the bars'),
    (57, 62, '#ffffff', 'the pin head between two bars'),
    (64, 80, '#ff7800', 'the pin body'),
    (20, 50, '#9141ac', 'the map plate'),
    (64, 117, '#613583', 'the plate edge below the pin'),
    (2, 2, None, 'the corner'),
]
SYMBOLIC_SAMPLES = [
    (8, 6, None, 'the hole of the middle bar'),
    (5, 6, None, 'the hole of the left bar'),
    (10, 6, None, 'the hole of the right bar'),
    (8, 11, '#2e3436', 'the pin below the bars'),
    (6, 2, '#2e3436', 'the rim of the pin head'),
    (1, 14, None, 'the corner'),
]


def render(svg, size):
    with tempfile.TemporaryDirectory() as tmp:
        png = os.path.join(tmp, 'icon.png')
        subprocess.run(['rsvg-convert', '-w', str(size), '-h', str(size), '-o', png, svg],
                       check=True)
        with open(png, 'rb') as f:
            return decode_png_rgba(f.read())


def render_stats(w, h, rows):
    """Share of the canvas covered (alpha-weighted) and the bounding box of opaque pixels."""
    covered, box = 0.0, [w, h, -1, -1]
    for y, row in enumerate(rows):
        for x in range(w):
            a = row[4 * x + 3]
            covered += a / 255
            if a > 127:
                box = [min(box[0], x), min(box[1], y), max(box[2], x), max(box[3], y)]
    return covered / (w * h), box


def colours_in(root):
    found = set()
    for el in root.iter():
        for attr in ('fill', 'stroke', 'stop-color', 'color'):
            v = el.get(attr)
            if v and v != 'none' and not v.startswith('url('):
                found.add(v.lower())
        style = el.get('style', '')
        for m in re.finditer(r'(?:fill|stroke|stop-color|color)\s*:\s*([^;]+)', style):
            v = m.group(1).strip().lower()
            if v != 'none' and not v.startswith('url('):
                found.add(v)
    return found


def check_svg(path, size, symbolic):
    name = os.path.relpath(path)
    expect(os.path.isfile(path), f'{name} exists')
    if not os.path.isfile(path):
        return
    root = ET.parse(path).getroot()
    expect(root.tag == SVG_NS + 'svg', f'{name} is an SVG document')
    expect(root.get('width') == str(size) and root.get('height') == str(size),
           f'{name} is {size}×{size}')
    expect((root.get('viewBox') or '').split() == ['0', '0', str(size), str(size)],
           f'{name} has viewBox 0 0 {size} {size}')
    tags = {el.tag.replace(SVG_NS, '') for el in root.iter()}
    expect(not (tags & FORBIDDEN), f'{name} has no {"/".join(sorted(FORBIDDEN))} elements')
    hrefs = [v for el in root.iter() for k, v in el.attrib.items() if k.endswith('href')]
    hrefs += re.findall(r'url\(([^)]*)\)', open(path, encoding='utf-8').read())
    expect(all(h.startswith('#') for h in hrefs), f'{name} refers to nothing outside itself')
    inks = colours_in(root)
    if symbolic:
        expect(len(inks) == 1 and inks <= SYMBOLIC_INKS,
               f'{name} uses one symbolic ink ({", ".join(sorted(inks))})')
    else:
        expect(len(inks) >= 3, f'{name} is in colour ({len(inks)} colours)')

    if shutil.which('rsvg-convert') is None:
        print(f'# rsvg-convert is not installed: {name} not rendered')
        return
    w, h, rows = render(path, size)
    expect((w, h) == (size, size), f'{name} renders at {size}×{size}')
    coverage, box = render_stats(w, h, rows)
    lo, hi = (0.25, 0.75) if symbolic else (0.45, 0.90)
    expect(lo <= coverage <= hi,
           f'{name} covers {coverage:.0%} of its canvas (want {lo:.0%}–{hi:.0%})')
    margin = 0 if symbolic else 4
    inside = box[0] >= margin and box[1] >= margin and max(box[2], box[3]) < size - margin
    expect(inside,
           f'{name} stays {margin} px inside its canvas (drawn box {box})')
    for x, y, want, what in (SYMBOLIC_SAMPLES if symbolic else APP_SAMPLES):
        r, g, b, a = rows[y][4 * x:4 * x + 4]
        got = None if a == 0 else f'#{r:02x}{g:02x}{b:02x}'
        if a not in (0, 255):
            got += f' (alpha {a})'
        expect(got == want, f'{name} at ({x}, {y}), {what}: {got or "transparent"}')


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    icons = os.path.join(sys.argv[1], 'hicolor')
    svgs = sorted(os.path.relpath(os.path.join(d, f), icons)
                  for d, _, files in os.walk(icons) for f in files)
    expect(svgs == [f'scalable/apps/{APP_ID}.svg', f'symbolic/apps/{APP_ID}-symbolic.svg'],
           f'hicolor holds exactly the app icon and its symbolic icon ({", ".join(svgs)})')
    check_svg(os.path.join(icons, 'scalable', 'apps', APP_ID + '.svg'), 128, False)
    check_svg(os.path.join(icons, 'symbolic', 'apps', APP_ID + '-symbolic.svg'), 16, True)
    for f in failures:
        print(f'FAIL {f}', file=sys.stderr)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
