# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared by bench/app-startup, bench/app-open and bench/app-drop-500.

Every script runs itself again inside a private D-Bus session (so `hometown FILE` reaches the
instance the bench started, never a desktop one) and, when there is no display, inside Xvfb.
Times are CLOCK_MONOTONIC: the app's HOMETOWN_TIMING events (src/ht-timing.h) and
time.monotonic_ns() here read the same clock.
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

SRC = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PY = "/usr/bin/python3"
APP_ID = "io.github.hometownapp.Hometown"


def ensure_packages(packages):
    """Installs the Debian packages the bench needs (bench-only: not in
    tools/debian-packages.txt)."""
    missing = [p for p in packages
               if subprocess.run(["dpkg-query", "-W", "-f=${Status}", p], capture_output=True,
                                 text=True).stdout.find("install ok installed") < 0]
    if missing:
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "install", "-y", "-q", "--no-install-recommends"] + missing,
                       env=env, check=True, stdout=subprocess.DEVNULL)


def reexec_in_session(packages=()):
    """Runs this script again under dbus-run-session (and xvfb-run without a display)."""
    if os.environ.get("HT_BENCH_SESSION") == "1":
        return
    ensure_packages(["xvfb", "xauth", "dbus", "python3-xlib"] + list(packages))
    cmd = ["dbus-run-session", "--", PY] + sys.argv
    if not os.environ.get("DISPLAY"):
        cmd = ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24"] + cmd
    env = dict(os.environ, HT_BENCH_SESSION="1",
               HT_BENCH_DISPLAY="existing display" if os.environ.get("DISPLAY") else "Xvfb")
    sys.exit(subprocess.run(cmd, env=env).returncode)


def build_dir():
    return os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(SRC, "_build"))


def app_env(work, timing_file):
    """The uninstalled app with its own data, cache and settings, writing timing events."""
    build = build_dir()
    env = dict(os.environ)
    env.update({
        "GSETTINGS_SCHEMA_DIR": os.path.join(build, "data"),
        "GSETTINGS_BACKEND": "memory",
        "XDG_DATA_HOME": os.path.join(work, "data"),
        "XDG_CACHE_HOME": os.path.join(work, "cache"),
        "XDG_CONFIG_HOME": os.path.join(work, "config"),
        "HOMETOWN_TIMING": timing_file,
    })
    return env


def machine_line():
    with open("/proc/loadavg") as f:
        load = " ".join(f.read().split()[:3])
    display = os.environ.get("HT_BENCH_DISPLAY", "?")
    return "machine: %d cores, load average %s (shared with other jobs), display %s" % (
        os.cpu_count(), load, display)


def read_events(path):
    events = []
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                line = line.strip()
                if line:
                    events.append(json.loads(line))
    return events


def wait_event(path, name, since_us=0, timeout=120.0, pid=None, count=1):
    """The `count`-th event `name` stamped after `since_us`, polling the file every 2 ms."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        hits = [e for e in read_events(path)
                if e["event"] == name and e["mono_us"] >= since_us
                and (pid is None or e["pid"] == pid)]
        if len(hits) >= count:
            return hits[count - 1]
        time.sleep(0.002)
    raise TimeoutError("no %s event in %s within %.0f s" % (name, path, timeout))


def median(values):
    return statistics.median(values)


def cli():
    return os.path.join(build_dir(), "src", "cli", "hometown-cli")


def app():
    return os.path.join(build_dir(), "src", "hometown")


def check_built():
    for p in (cli(), app()):
        if not os.access(p, os.X_OK):
            sys.exit("build first: meson setup _build && ninja -C _build (missing %s)" % p)


def train_small_audio_model(work, env):
    """A small audio model where the app looks for it ($XDG_DATA_HOME/hometown/models/
    audio.safetensors), trained on synthetic tracks as bench/classify-timing does, so the CNN
    card really computes."""
    train = os.path.join(work, "train")
    subprocess.run([PY, os.path.join(SRC, "tools", "make-synthetic-styles.py"), train,
                    "--artists", "6", "--tracks", "2", "--seed", "5"],
                   check=True, stdout=subprocess.DEVNULL)
    model = os.path.join(env["XDG_DATA_HOME"], "hometown", "models", "audio.safetensors")
    os.makedirs(os.path.dirname(model), exist_ok=True)
    subprocess.run([cli(), "train-audio", train, "-o", model, "--epochs", "2",
                    "--val-fraction", "0.25"], check=True, env=env, stdout=subprocess.DEVNULL)
    shutil.rmtree(train)
    return model


# Invented for the bench (not from any corpus): enough words for the lyrics model to answer.
LYRICS = """\
Morning on the avenue, the bakery lights are on
Grandma on the stoop again, she hums the same old song
Bus fare in my pocket and a notebook full of rhymes
Counting every corner store, counting all the times
We said we would leave this block and never once looked back
Now the block is in the verses and the verses on the track
Rain across the parking lot, the puddles hold the sky
Little brother on the bike, he waves as we go by
Summer in the city and the hydrant running free
Every face along the way is something close to me
Write it down and say it loud, the story of the street
Drums inside the radiator keeping up the beat
Late night at the diner with the coffee going cold
Talking about tomorrow like it's something we can hold
Mama said be careful and be home before the dark
Now I'm walking past the river and the benches in the park
Trains above the avenue, the windows rattle through
Everything I ever wrote, I wrote it here for you
"""


class Session:
    """A running primary instance of the app, with its timing file."""

    def __init__(self, work, env, args=()):
        self.work = work
        self.env = env
        self.timing = env["HOMETOWN_TIMING"]
        t0 = time.monotonic_ns() // 1000
        self.proc = subprocess.Popen([app()] + list(args), env=env,
                                     stdout=subprocess.DEVNULL, stderr=open(
                                         os.path.join(work, "app-stderr.log"), "a"))
        self.first_frame = wait_event(self.timing, "first-frame", t0, pid=self.proc.pid)
        self.launch_us = t0

    def open(self, files):
        """`hometown FILE...` to the running instance (g_application_open over D-Bus).
        Returns the CLOCK_MONOTONIC µs just before the launch."""
        env = dict(self.env)
        env.pop("HOMETOWN_TIMING")
        t0 = time.monotonic_ns() // 1000
        subprocess.run([app()] + list(files), env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return t0

    def close(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def workdir():
    return tempfile.mkdtemp(prefix="hometown-bench-")
