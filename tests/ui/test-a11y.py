#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Accessibility test: drive the real `hometown` through AT-SPI with dogtail, as a screen
reader would see it. Finds the main controls by their accessible names, opens a generated
track (a second `hometown FILE` call, the path a file manager's "Open With" takes), and
reads the predictions as text.

Usage: test-a11y.py HOMETOWN HOMETOWN_CLI
Needs a display and a D-Bus session (tools/dev.sh runs the suite under xvfb-run and
dbus-run-session); skips (77) without them.
"""
import os
import subprocess
import sys
import tempfile
import time

SKIP = 77


def log(*args):
    print('#', *args, flush=True)


def main():
    hometown, cli = sys.argv[1], sys.argv[2]
    if not (os.environ.get('DISPLAY') or os.environ.get('WAYLAND_DISPLAY')):
        log('no display: skipped')
        return SKIP
    if not os.environ.get('DBUS_SESSION_BUS_ADDRESS'):
        log('no D-Bus session bus: skipped')
        return SKIP

    # dogtail refuses to start unless the desktop's accessibility key is on. The tests keep
    # settings in memory, so turning it on here touches nobody's real settings.
    from gi.repository import Gio
    Gio.Settings.new('org.gnome.desktop.interface').set_boolean('toolkit-accessibility', True)

    from dogtail import config
    config.config.searchShowingOnly = False
    config.config.defaultDelay = 0.1
    config.config.searchBackoffDuration = 0.2
    config.config.searchCutoffCount = 50
    config.config.logDebugToFile = False
    config.config.logDebugToStdOut = False
    from dogtail import tree
    from dogtail.predicate import GenericPredicate

    tmp = tempfile.mkdtemp(prefix='hometown-a11y-')
    track = os.path.join(tmp, 'A11y Beat.wav')
    subprocess.run([cli, 'make-sample', '--seconds', '8', '--title', 'A11y Beat',
                    '--artist', 'Nas', track], check=True)

    env = dict(os.environ)
    env['GTK_A11Y'] = 'atspi'
    env.pop('NO_AT_BRIDGE', None)
    app_proc = subprocess.Popen([hometown], env=env)
    failures = []

    def check(what, cond):
        print(('ok - ' if cond else 'not ok - ') + what, flush=True)
        if not cond:
            failures.append(what)

    try:
        app = None
        deadline = time.time() + 30
        while app is None and time.time() < deadline:
            for a in tree.root.applications():
                if a.name in ('hometown', 'Hometown'):
                    app = a
            time.sleep(0.3)
        check('the app is on the accessibility bus', app is not None)
        if app is None:
            return 1

        def find(name, role=None, timeout=15):
            end = time.time() + timeout
            while time.time() < end:
                try:
                    node = app.findChild(GenericPredicate(name=name, roleName=role),
                                         retry=False, requireResult=False)
                except Exception:
                    node = None
                if node is not None:
                    return node
                time.sleep(0.3)
            return None

        def find_button(text, timeout=15):
            # GTK 4.8 names a labelled button "<accessible label> <child label>"; GTK 4.10
            # and later give the label alone. Accept both, nothing else.
            end = time.time() + timeout
            while time.time() < end:
                for role, name in names(app):
                    if role in ('push button', 'toggle button') and \
                            name in (text, text + ' ' + text):
                        return name
                time.sleep(0.3)
            return None

        def names(node):
            out = []
            for n in node.findChildren(lambda x: True, showingOnly=False):
                try:
                    out.append((n.roleName, n.name))
                except Exception:
                    pass
            return out

        window = find('Hometown', 'frame')
        check('the main window is named Hometown', window is not None)
        check('the empty state says where to drop tracks', find('Drop Tracks Here') is not None
              or any('Drop' in n for _, n in names(app)))
        check('the Open Files button has a name', find_button('Open Files…') is not None)
        check('the Open Folder button has a name', find_button('Open Folder…') is not None)
        check('the primary menu button has a name', find('Main Menu') is not None)

        # Open a track the way "Open With" does: a second instance hands the file over.
        subprocess.run([hometown, track], env=env, check=True, timeout=30)
        row = find('A11y Beat', timeout=30) or find('Nas – A11y Beat', timeout=5)
        check('the opened track is listed by its title', row is not None)

        # The predictions must be readable as text, not only as bars.
        sound = find('Sound (CNN)', timeout=30)
        lyrics = find('Lyrics', timeout=5)
        check('the sound card is found by its name', sound is not None)
        check('the lyrics card is found by its name', lyrics is not None)
        end = time.time() + 30
        texts = []
        while time.time() < end:
            texts = [n for _, n in names(app)]
            if any(('%' in t) or ('No audio model' in t) for t in texts):
                break
            time.sleep(0.5)
        check('the sound card says its probabilities or why it has none',
              any(('%' in t) or ('No audio model' in t) for t in texts))
        check('the spectrogram is named', any('Spectrogram' in t or 'spectrogram' in t
                                              for t in texts))
        if failures:
            for role, name in names(app):
                if name:
                    log(role, repr(name))
    finally:
        app_proc.terminate()
        try:
            app_proc.wait(10)
        except subprocess.TimeoutExpired:
            app_proc.kill()
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
