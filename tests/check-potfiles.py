#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check po/POTFILES.in against the source tree.

Fails when a file with translatable strings is missing from po/POTFILES.in, when POTFILES.in
names a file that does not exist (xgettext would stop), or when it is unsorted or repeats a line.
Translatable means: C sources and headers calling _(), N_(), C_(), NC_(), ngettext() or
g_dngettext(); GtkBuilder .ui files with translatable="yes"; and the desktop and metainfo
templates under data/ (their Name, Comment, summary, description… are always extracted). The
GSettings schema is left to its author: its summaries are for dconf-editor, not the app.

usage: check-potfiles.py SOURCE_ROOT
       check-potfiles.py --self-test
"""
import os
import re
import sys
import tempfile

C_MARK = re.compile(r'(?<![A-Za-z0-9_])(?:N|C|NC)?_\s*\(|(?<![A-Za-z0-9_])(?:g_d)?ngettext\s*\(')
UI_MARK = re.compile(r'translatable\s*=\s*["\'](?:yes|true)["\']')
DATA_SUFFIXES = ('.desktop.in', '.metainfo.xml.in')
SKIP_DIRS = {'.git', 'subprojects', 'node_modules'}


def strip_c_comments_and_strings(text):
    """Blank out comments and string literals so that '_(' inside them does not count."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith('/*', i):
            j = text.find('*/', i + 2)
            i = n if j < 0 else j + 2
            out.append(' ')
        elif text.startswith('//', i):
            j = text.find('\n', i)
            i = n if j < 0 else j
        elif c == '"' or c == "'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == '\\' else 1
            out.append(c + c)
            i = j + 1
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def translatable_files(root):
    found = set()
    for top in ('src', 'ui', 'data'):
        base = os.path.join(root, top)
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames
                                 if d not in SKIP_DIRS and not d.startswith('_build'))
            for name in filenames:
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root).replace(os.sep, '/')
                if name.endswith(('.c', '.h')):
                    with open(path, encoding='utf-8', errors='replace') as f:
                        if C_MARK.search(strip_c_comments_and_strings(f.read())):
                            found.add(rel)
                elif name.endswith('.ui'):
                    with open(path, encoding='utf-8', errors='replace') as f:
                        if UI_MARK.search(f.read()):
                            found.add(rel)
                elif top == 'data' and dirpath == base and name.endswith(DATA_SUFFIXES):
                    found.add(rel)
    return found


def read_potfiles(root):
    entries = []
    with open(os.path.join(root, 'po', 'POTFILES.in'), encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#'):
                entries.append(line)
    return entries


def check(root):
    problems = []
    entries = read_potfiles(root)
    listed = set(entries)
    for e in sorted(listed):
        if entries.count(e) > 1:
            problems.append(f'po/POTFILES.in lists {e} {entries.count(e)} times')
        if not os.path.isfile(os.path.join(root, e)):
            problems.append(f'po/POTFILES.in lists {e}, which does not exist')
    if entries != sorted(entries):
        first = next(a for a, b in zip(entries, sorted(entries)) if a != b)
        problems.append(f'po/POTFILES.in is not sorted (first out of place: {first})')
    for path in sorted(translatable_files(root) - listed):
        problems.append(f'{path} has translatable strings but is missing from po/POTFILES.in')
    return problems


def self_test():
    """The check must catch what it claims to catch: build a small tree and look."""
    files = {
        'src/a.c': 'x = _("Open");\n',
        'src/b.c': 'y = C_("region", "East");\n',
        'src/c.c': '/* _( only in a comment */ s = "_(" ; g_autoptr(GError) e = NULL;\n',
        'src/d.h': 'static const char *n = N_("Track");\n',
        'src/e.c': 'p = g_dngettext (NULL, "%u track", "%u tracks", n);\n',
        'ui/w.ui': '<object><property name="label" translatable="yes">Open</property></object>\n',
        'ui/x.ui': '<object><property name="icon-name">open</property></object>\n',
        'data/io.example.App.desktop.in': '[Desktop Entry]\nName=App\n',
    }
    cases = [
        # (POTFILES.in, expected problem fragments, unexpected fragments)
        ('src/a.c\n', ['src/b.c', 'src/d.h', 'src/e.c', 'ui/w.ui', 'io.example.App.desktop.in'],
         ['src/c.c', 'ui/x.ui']),
        ('data/io.example.App.desktop.in\nsrc/a.c\nsrc/b.c\nsrc/d.h\nsrc/e.c\nui/w.ui\n', [], ['']),
        ('src/b.c\nsrc/a.c\n', ['not sorted'], []),
        ('src/a.c\nsrc/a.c\nsrc/gone.c\n', ['2 times', 'gone.c, which does not exist'], []),
    ]
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for rel, text in files.items():
            os.makedirs(os.path.dirname(os.path.join(tmp, rel)), exist_ok=True)
            with open(os.path.join(tmp, rel), 'w', encoding='utf-8') as f:
                f.write(text)
        os.makedirs(os.path.join(tmp, 'po'))
        for i, (potfiles, wanted, unwanted) in enumerate(cases, 1):
            with open(os.path.join(tmp, 'po', 'POTFILES.in'), 'w', encoding='utf-8') as f:
                f.write('# comment\n' + potfiles)
            report = '\n'.join(check(tmp))
            ok = all(w in report for w in wanted) and not any(u and u in report for u in unwanted)
            ok = ok and (bool(report) == bool(wanted))
            print(f'{"ok" if ok else "not ok"} {i} - POTFILES case {i}')
            if not ok:
                print('# got:\n# ' + report.replace('\n', '\n# '))
                failures += 1
    print(f'1..{len(cases)}')
    return 1 if failures else 0


def main():
    if sys.argv[1:] == ['--self-test']:
        return self_test()
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    problems = check(sys.argv[1])
    for p in problems:
        print(p, file=sys.stderr)
    if not problems:
        n = len(read_potfiles(sys.argv[1]))
        print(f'po/POTFILES.in lists all {n} files with translatable strings')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
