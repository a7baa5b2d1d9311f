#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that po/LANG.po is a complete translation of the sources as they are now.

1. Extract a catalogue template afresh from po/POTFILES.in with xgettext, using the keywords of
   Meson's 'glib' preset (po/meson.build), into a temporary directory.
2. Merge po/LANG.po into it (msgmerge, no fuzzy matching) and count: every message must be
   translated, none fuzzy, and msgfmt --check must accept the result.
3. The header names the language and its plural rule (French: 0 and 1 are singular).
4. The region names, with context "region", are translated as agreed, whether or not the
   sources use them yet (msgmerge keeps them as obsolete entries until they do).

usage: check-po.py SOURCE_ROOT LANG
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

# Keywords and flags of Meson's i18n 'glib' preset, which `meson compile hometown-pot` uses.
XGETTEXT_ARGS = [
    '--from-code=UTF-8', '--add-comments',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format', '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format', '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format', '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format', '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format', '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format', '--flag=g_printerr:1:c-format', '--flag=g_printf:1:c-format',
    '--flag=g_fprintf:2:c-format', '--flag=g_sprintf:2:c-format', '--flag=g_snprintf:3:c-format',
]

PLURAL_FORMS = {
    'es': 'nplurals=2; plural=(n != 1);',
    'fr': 'nplurals=2; plural=(n > 1);',
}
REGIONS = {
    'es': {'East': 'Este', 'West': 'Oeste', 'South': 'Sur', 'Midwest': 'Medio Oeste'},
    'fr': {'East': 'Est', 'West': 'Ouest', 'South': 'Sud', 'Midwest': 'Midwest'},
}

failures = []


def expect(cond, message):
    if not cond:
        failures.append(message)
    print(f'{"ok" if cond else "not ok"} - {message}')


def po_string(lines):
    """Join the quoted strings of a PO field (the first line holds the keyword)."""
    text = ''.join(re.findall(r'"((?:[^"\\]|\\.)*)"', ' '.join(lines)))
    return re.sub(r'\\(.)', lambda m: {'n': '\n', 't': '\t'}.get(m.group(1), m.group(1)), text)


def entries(path):
    """(msgctxt, msgid, msgstr, obsolete) for each entry, obsolete ones included."""
    result = []
    with open(path, encoding='utf-8') as f:
        blocks = f.read().split('\n\n')
    for block in blocks:
        obsolete = False
        fields, key = {}, None
        for line in block.splitlines():
            if line.startswith('#~'):
                obsolete, line = True, line[2:].lstrip()
            elif line.startswith('#'):
                continue
            m = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s', line)
            if m:
                key = m.group(1)
                fields[key] = [line]
            elif key and line.startswith('"'):
                fields[key].append(line)
        if 'msgid' in fields:
            result.append((po_string(fields['msgctxt']) if 'msgctxt' in fields else None,
                           po_string(fields['msgid']),
                           po_string(fields.get('msgstr', fields.get('msgstr[0]', ['']))),
                           obsolete))
    return result


def statistics(msgfmt_stderr):
    counts = {'translated': 0, 'fuzzy': 0, 'untranslated': 0}
    for n, kind in re.findall(r'(\d+) (translated|fuzzy|untranslated)', msgfmt_stderr):
        counts[kind] = int(n)
    return counts


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    root, lang = sys.argv[1], sys.argv[2]
    po = os.path.join(root, 'po', lang + '.po')
    tools = {t: shutil.which(t) for t in ('xgettext', 'msgmerge', 'msgfmt')}
    if not all(tools.values()):
        print('gettext tools are not installed')
        return 77

    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, 'hometown.pot')
        subprocess.run([tools['xgettext'], '--package-name=hometown', *XGETTEXT_ARGS,
                        '--files-from=po/POTFILES.in', '--output=' + pot],
                       cwd=root, check=True)
        merged = os.path.join(tmp, lang + '.po')
        subprocess.run([tools['msgmerge'], '--quiet', '--no-fuzzy-matching',
                        '--output-file=' + merged, po, pot], check=True)
        run = subprocess.run([tools['msgfmt'], '--check', '--statistics',
                              '--output-file=/dev/null', merged],
                             capture_output=True, text=True)
        print('# ' + run.stderr.strip().replace('\n', '\n# '))
        expect(run.returncode == 0,
               f'msgfmt --check accepts {lang}.po merged with the current sources')
        counts = statistics(run.stderr)
        expect(counts['translated'] > 0 and counts['untranslated'] == 0,
               f'{lang}: every message of the current sources is translated '
               f'({counts["translated"]} translated, {counts["untranslated"]} untranslated)')
        expect(counts['fuzzy'] == 0,
               f'{lang}: no fuzzy translations after merging ({counts["fuzzy"]})')

    all_entries = entries(po)
    header = next((s for c, i, s, o in all_entries if i == '' and c is None), '')
    expect(f'Language: {lang}\n' in header, f'{lang}.po header names its language')
    expect(f'Plural-Forms: {PLURAL_FORMS.get(lang, "?")}\n' in header,
           f'{lang}.po header has the plural rule '
           f'{PLURAL_FORMS.get(lang, "(not known to this test)")}')
    with open(po, encoding='utf-8') as f:
        body = f.read().split('\n\n', 1)[1]
    expect('#, fuzzy' not in body, f'{lang}.po itself has no fuzzy entries')

    regions = {i: (s, o) for c, i, s, o in all_entries if c == 'region'}
    for english, wanted in REGIONS.get(lang, {}).items():
        got, obsolete = regions.get(english, (None, False))
        expect(got == wanted, f'{lang}: region “{english}” is “{wanted}” (got “{got}”'
               + (', kept as obsolete until the sources use it)' if obsolete else ')'))

    for f in failures:
        print(f'FAIL {f}', file=sys.stderr)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
