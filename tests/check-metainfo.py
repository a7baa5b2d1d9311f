#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Validate the built metainfo with appstreamcli, failing on errors, warnings and infos.

`appstreamcli validate --no-net --strict` would do, but AppStream 0.16 ignores --strict in its
YAML report and its text report mixes the verdict with hints, so this reads the YAML issues and
decides itself. Pedantic hints are printed, never fatal (GNOME ids have capitals, which is one).

One exception, by validator version: AppStream before 0.16.3 does not know the <developer>
element (Flathub requires it, and GNOME 49's AppStream 1.x reads it), so "unknown-tag developer"
is accepted from those versions only.

usage: check-metainfo.py FILE.metainfo.xml
"""
import shutil
import subprocess
import sys


def parse_issues(report):
    """The YAML report's issues as dicts of tag, severity, hint, line (no YAML module needed)."""
    issues, cur = [], None
    for raw in report.splitlines():
        line = raw.strip()
        if line.startswith('- tag:'):
            cur = {'tag': line.split(':', 1)[1].strip()}
            issues.append(cur)
        elif (cur is not None and ':' in line
              and raw.startswith('  ') and not raw.startswith('    ')):
            key, value = line.split(':', 1)
            cur[key.strip()] = value.strip()
    return issues


def version_tuple(text):
    parts = []
    for p in text.split('.'):
        digits = ''.join(ch for ch in p if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    tool = shutil.which('appstreamcli')
    if tool is None:
        print('appstreamcli is not installed')
        return 77
    # Plain text first: its exit status is the validator's own verdict on errors.
    plain = subprocess.run([tool, 'validate', '--no-net', sys.argv[1]],
                           capture_output=True, text=True)
    print(plain.stdout, end='')
    yaml = subprocess.run([tool, 'validate', '--no-net', '--pedantic', '--format', 'yaml',
                           sys.argv[1]], capture_output=True, text=True)
    validator = '0'
    for line in yaml.stdout.splitlines():
        if line.startswith('Validator:'):
            validator = line.split(':', 1)[1].strip()
    issues = parse_issues(yaml.stdout)
    fatal = []
    for issue in issues:
        sev = issue.get('severity', '?')
        where = f"line {issue.get('line', '?')}: {sev}: {issue['tag']} {issue.get('hint', '')}"
        if sev == 'pedantic':
            print(f'# pedantic (not fatal) {where}')
        elif (issue['tag'] == 'unknown-tag' and issue.get('hint') == 'developer'
              and version_tuple(validator) < (0, 16, 3)):
            print(f'# accepted from AppStream {validator}, which predates <developer>: {where}')
        else:
            fatal.append(where)
    if plain.returncode != 0 and not fatal:
        fatal.append(f'appstreamcli exited with {plain.returncode}: {plain.stderr.strip()}')
    if yaml.returncode != 0 and not issues:
        fatal.append(f'appstreamcli produced no report (exit {yaml.returncode}): '
                     f'{yaml.stderr.strip()}')
    for f in fatal:
        print(f'FAIL {f}', file=sys.stderr)
    print(f'AppStream {validator}: {len(issues)} issues, {len(fatal)} fatal')
    return 1 if fatal else 0


if __name__ == '__main__':
    sys.exit(main())
