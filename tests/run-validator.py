#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run a validator and fail on its warnings as well as its errors.

desktop-file-validate exits 0 on warnings and on errors it calls "will be fatal in the future"
(a Categories=Audio; without AudioVideo is one); this fails on any line that says error or
warning, and prints hints without failing. Exits 77 (skipped) when the validator is missing.

usage: run-validator.py PROGRAM [ARG…]
"""
import re
import shutil
import subprocess
import sys


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    if shutil.which(sys.argv[1]) is None:
        print(f'{sys.argv[1]} is not installed')
        return 77
    run = subprocess.run(sys.argv[1:], capture_output=True, text=True)
    lines = (run.stdout + run.stderr).splitlines()
    bad = [l for l in lines if re.search(r'\b(error|warning)\b', l, re.IGNORECASE)]
    for l in lines:
        print(('FAIL ' if l in bad else '# ') + l)
    if run.returncode != 0 or bad:
        print(f'{sys.argv[1]}: exit status {run.returncode}, {len(bad)} errors or warnings')
        return 1
    print(f'{sys.argv[1]}: no errors or warnings')
    return 0


if __name__ == '__main__':
    sys.exit(main())
