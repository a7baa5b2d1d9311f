#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Synthetic test data for the audio learner: four classes of generated music.

This is NOT hip-hop and says nothing about real regional styles. It only gives the CNN's
training and evaluation code something with a known answer: four "styles" whose tempo,
rhythm and timbre distributions differ clearly, several "artists" per style (each with its own
tempo, key, brightness and pattern variations), and any number of tracks per artist.

Output, deterministic for a seed, in the study's layout that `hometown-cli train-audio` reads:
    OUT/<East|West|South|Midwest>/<artist>/<album>/<NN track>.wav
(the class folders carry the region names only because that is the layout the trainer reads.)

    /usr/bin/python3 tools/make-synthetic-styles.py OUT [--artists 4] [--tracks 3]
        [--seconds 80] [--seed 1] [--short N]   (N extra 20-s tracks per artist)
"""
import argparse
import os
import wave

import numpy as np
from scipy.signal import lfilter

RATE = 22050
CLASSES = ["East", "West", "South", "Midwest"]

# Per style: tempo range (BPM), kick pattern over 16 steps, snare steps, hat density,
# bass waveform, lead timbre, brightness range (Hz of the lead's low-pass), swing.
STYLES = [
    dict(tempo=(84, 96), kick=[0, 7, 10], snare=[4, 12], hats=8, bass="sine", lead="square",
         bright=(1500, 3000), swing=0.0),
    dict(tempo=(90, 102), kick=[0, 3, 8, 11], snare=[4, 12], hats=16, bass="saw", lead="synth",
         bright=(3000, 6000), swing=0.12),
    dict(tempo=(136, 152), kick=[0, 10], snare=[8], hats=32, bass="808", lead="bell",
         bright=(5000, 9000), swing=0.0),
    dict(tempo=(108, 124), kick=[0, 4, 8, 12], snare=[4, 12], hats=16, bass="pulse", lead="piano",
         bright=(2000, 4000), swing=0.06),
]


def env(n, attack, decay):
    t = np.arange(n) / RATE
    return np.minimum(1.0, t / max(attack, 1e-4)) * np.exp(-t / decay)


def tone(freq, n, kind, rng):
    t = np.arange(n) / RATE
    ph = 2 * np.pi * freq * t
    if kind == "sine":
        return np.sin(ph)
    if kind == "saw":
        return 2 * ((freq * t) % 1.0) - 1
    if kind == "square":
        return np.sign(np.sin(ph)) * 0.6
    if kind == "pulse":
        return np.where((freq * t) % 1.0 < 0.25, 0.7, -0.3)
    if kind == "808":
        return np.sin(2 * np.pi * freq * t * (1 + 0.5 * np.exp(-t * 20)))
    if kind == "bell":
        return np.sin(ph + 2.0 * np.exp(-t * 3) * np.sin(ph * 3.5))
    if kind == "piano":
        return sum(np.sin(ph * k) * np.exp(-t * (1 + k)) / k for k in range(1, 6))
    return np.sin(ph) + 0.3 * np.sin(ph * 2.01)   # synth


def lowpass(x, cutoff):
    a = np.exp(-2 * np.pi * cutoff / RATE)   # one-pole low-pass
    return lfilter([1 - a], [1, -a], x)


def add(buf, start, sig):
    if start >= len(buf):
        return
    end = min(len(buf), start + len(sig))
    buf[start:end] += sig[:end - start]


def artist_params(style, rng):
    s = STYLES[style]
    return dict(
        tempo=rng.uniform(*s["tempo"]),
        root=rng.choice([41.2, 43.65, 46.25, 49.0, 51.9, 55.0]) * (2 if s["bass"] == "pulse" else 1),
        bright=rng.uniform(*s["bright"]),
        extra_kick=int(rng.integers(0, 16)),
        hat_accent=rng.uniform(0.3, 1.0),
        scale=rng.choice([[0, 3, 5, 7, 10], [0, 2, 3, 7, 8], [0, 2, 4, 7, 9]]),
        noise_color=rng.uniform(0.2, 0.9),
    )


def render(style, a, seconds, rng):
    s = STYLES[style]
    n = int(seconds * RATE)
    out = np.zeros(n)
    tempo = a["tempo"] * rng.uniform(0.97, 1.03)
    step = 60.0 / tempo / 4                       # sixteenth note
    n_steps = int(seconds / step)
    kick = env(int(0.35 * RATE), 0.002, 0.12) * np.sin(
        2 * np.pi * np.cumsum(45 + 90 * np.exp(-np.arange(int(0.35 * RATE)) / RATE * 30)) / RATE)
    noise = rng.standard_normal(int(0.25 * RATE))
    snare = env(len(noise), 0.001, 0.07) * (noise * a["noise_color"] + 0.4 * np.sin(
        2 * np.pi * 190 * np.arange(len(noise)) / RATE))
    hat = env(int(0.05 * RATE), 0.0005, 0.012) * np.diff(rng.standard_normal(int(0.05 * RATE) + 1))
    kicks = set(s["kick"]) | {a["extra_kick"]}
    hat_every = {8: 2, 16: 1, 32: 1}[s["hats"]]
    for k in range(n_steps):
        pos = k % 16
        swing = s["swing"] * step if pos % 2 == 1 else 0
        start = int((k * step + swing) * RATE)
        if pos in kicks:
            add(out, start, 0.9 * kick)
        if pos in s["snare"]:
            add(out, start, 0.6 * snare)
        if k % hat_every == 0:
            add(out, start, 0.25 * (a["hat_accent"] if pos % 4 == 0 else 0.6) * hat)
            if s["hats"] == 32:   # rolls: a second hit between the sixteenths
                add(out, start + int(step * RATE / 2), 0.15 * hat)
    # bass: one note per beat from the artist's scale
    beat = 4 * step
    bass_len = int(beat * RATE)
    for b in range(int(seconds / beat)):
        semis = a["scale"][rng.integers(0, len(a["scale"]))]
        f = a["root"] * 2 ** (semis / 12)
        add(out, int(b * beat * RATE), 0.5 * env(bass_len, 0.005, beat * 0.6) *
            tone(f, bass_len, s["bass"], rng))
    # lead: a phrase of eighth notes, low-passed at the artist's brightness
    lead = np.zeros(n)
    note_len = int(2 * step * RATE)
    for q in range(int(seconds / (2 * step))):
        if rng.random() < 0.45:
            semis = a["scale"][rng.integers(0, len(a["scale"]))] + 12 * rng.integers(2, 4)
            f = a["root"] * 2 ** (semis / 12)
            add(lead, int(q * 2 * step * RATE), 0.25 * env(note_len, 0.01, 0.15) *
                tone(f, note_len, s["lead"], rng))
    out += lowpass(lead, a["bright"])
    out /= max(1e-9, np.max(np.abs(out)))
    return (out * 0.8 * rng.uniform(0.5, 1.0)).astype(np.float32)


def write_wav(path, x):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    pcm = (np.clip(x, -1, 1) * 32767).astype("<i2")
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm.tobytes())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--artists", type=int, default=4, help="artists per class")
    ap.add_argument("--tracks", type=int, default=3, help="tracks per artist")
    ap.add_argument("--seconds", type=float, default=80.0)
    ap.add_argument("--short", type=int, default=0, help="extra 20-s tracks per artist")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    count = 0
    for c, name in enumerate(CLASSES):
        for i in range(args.artists):
            rng = np.random.default_rng([args.seed, c, i])
            a = artist_params(c, rng)
            artist = f"Synth {name[0]}{i + 1:02d}"
            for t in range(args.tracks + args.short):
                seconds = args.seconds if t < args.tracks else 20.0
                x = render(c, a, seconds, np.random.default_rng([args.seed, c, i, t]))
                write_wav(os.path.join(args.out, name, artist, "Album 1", f"{t + 1:02d} Track.wav"), x)
                count += 1
    print(f"wrote {count} tracks to {args.out}")


if __name__ == "__main__":
    main()
