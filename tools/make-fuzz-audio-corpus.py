#!/usr/bin/python3
"""The seed corpus of the audio model fuzz harness (tests/fuzz/fuzz-audio-model.c): small valid
Hometown audio models and broken ones, written from the layout documented in
src/engine/ht-audio-model.h and src/core/htc-cnn.h (not with Hometown's writer), in the
safetensors encoding of tools/make-safetensors-golden.py.

Valid models use tiny patches (16 or 32 mel bands and frames) and 1 to 4 blocks of 1 to 4
channels, so each file is a few kilobytes and libFuzzer's mutations reach every field.

Usage: /usr/bin/python3 tools/make-fuzz-audio-corpus.py tests/fuzz/corpus-audio-model
"""
import importlib.util
import json
import os
import sys

import numpy as np

_spec = importlib.util.spec_from_file_location(
    "golden", os.path.join(os.path.dirname(os.path.abspath(__file__)),
                           "make-safetensors-golden.py"))
golden = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(golden)

REGIONS = ["East", "West", "South", "Midwest"]


def tensors(n_mels, channels, n_classes, seed):
    """Every tensor of htc-cnn.h's layout, small random weights, positive statistics."""
    rng = np.random.default_rng(seed)
    t = {"input.mean": ("F32", [n_mels], rng.normal(-40, 5, n_mels)),
         "input.std": ("F32", [n_mels], rng.uniform(5, 15, n_mels))}
    c_in = 1
    for b, c in enumerate(channels):
        p = "blocks.%d." % b
        t[p + "conv.weight"] = ("F32", [c, c_in, 3, 3], rng.normal(0, 0.5, (c, c_in, 3, 3)))
        t[p + "bn.weight"] = ("F32", [c], rng.uniform(0.5, 1.5, c))
        t[p + "bn.bias"] = ("F32", [c], rng.normal(0, 0.1, c))
        t[p + "bn.running_mean"] = ("F32", [c], rng.normal(0, 0.1, c))
        t[p + "bn.running_var"] = ("F32", [c], rng.uniform(0.5, 2, c))
        c_in = c
    t["fc.weight"] = ("F32", [n_classes, c_in], rng.normal(0, 0.5, (n_classes, c_in)))
    t["fc.bias"] = ("F32", [n_classes], rng.normal(0, 0.1, n_classes))
    return t


def metadata(n_mels, n_frames, channels, n_classes, **over):
    """The metadata the loader reads; `over` replaces top-level keys or, as arch_/feat_ keys,
    members of "architecture" and "features" (None removes one)."""
    arch = {"n_mels": n_mels, "n_frames": n_frames, "channels": channels,
            "n_classes": n_classes, "dropout": 0.3, "bn_eps": 1e-5, "bn_momentum": 0.1}
    feat = {"sample_rate": 22050.0, "n_fft": 512, "hop": 256, "n_mels": n_mels, "fmin": 0.0,
            "fmax": 0.0, "db": "power_to_db(ref=1, amin=1e-10, top_db=80)", "clip_start": 0.0,
            "clip_end": 45.0, "patch_frames": n_frames, "patch_hop": n_frames // 2}
    for key in list(over):
        for prefix, obj in (("arch_", arch), ("feat_", feat)):
            if key.startswith(prefix):
                value = over.pop(key)
                if value is None:
                    del obj[key[len(prefix):]]
                else:
                    obj[key[len(prefix):]] = value
    meta = {"format": "hometown-audio-cnn", "format_version": "1",
            "architecture": json.dumps(arch, separators=(",", ":")),
            "features": json.dumps(feat, separators=(",", ":")),
            "classes": json.dumps(REGIONS[:n_classes] + ["C%d" % i for i in
                                                          range(n_classes - 4)]),
            "date": "2024-01-01T00:00:00Z", "training": '{"tracks":8}'}
    for key, value in over.items():
        if value is None:
            meta.pop(key, None)
        else:
            meta[key] = value
    return meta


def model(n_mels, n_frames, channels, n_classes, seed=1, drop=(), **over):
    t = tensors(n_mels, channels, n_classes, seed)
    for name in drop:
        del t[name]
    return golden.encode(t, metadata(n_mels, n_frames, channels, n_classes, **over))


def corpus():
    yield "valid-4-blocks", model(16, 16, [4, 4, 4, 4], 4)
    yield "valid-1-block", model(16, 16, [2], 2, seed=2)
    yield "valid-32-mels", model(32, 16, [3, 4], 3, seed=3, feat_fmin=30.0, feat_fmax=8000.0)
    yield "valid-no-extras", model(16, 32, [1, 2, 1], 4, seed=4, training=None, date=None)
    yield "valid-hop-1", model(16, 16, [4, 2, 4], 2, seed=5, feat_patch_hop=1, feat_hop=512)
    yield "not-a-model", model(16, 16, [4], 2, format="something-else")
    yield "version-2", model(16, 16, [4], 2, format_version="2")
    yield "missing-tensor", model(16, 16, [4, 4], 4, drop=["blocks.1.bn.running_var"])
    yield "extra-tensor", golden.encode(
        dict(tensors(16, [4], 2, 6), **{"extra": ("F32", [1], np.ones(1))}),
        metadata(16, 16, [4], 2))
    yield "wrong-shape", golden.encode(
        dict(tensors(16, [4], 2, 7), **{"fc.bias": ("F32", [3], np.zeros(3))}),
        metadata(16, 16, [4], 2))
    yield "zero-variance", golden.encode(
        dict(tensors(16, [4], 2, 8), **{"input.std": ("F32", [16], np.zeros(16))}),
        metadata(16, 16, [4], 2))
    yield "too-many-pools", model(16, 16, [1, 1, 1, 1, 1], 2, seed=9)
    yield "class-count", model(16, 16, [4], 2, classes='["East"]')
    yield "rate", model(16, 16, [4], 2, feat_sample_rate=44100.0)
    yield "no-channels", model(16, 16, [4], 2, arch_channels=None)
    yield "fmin-above-fmax", model(16, 16, [4], 2, feat_fmin=9000.0, feat_fmax=4000.0)


def main():
    corpus_dir = sys.argv[1]
    os.makedirs(corpus_dir, exist_ok=True)
    for name, blob in corpus():
        assert len(blob) < 16384, name
        with open(os.path.join(corpus_dir, name + ".safetensors"), "wb") as f:
            f.write(blob)


if __name__ == "__main__":
    main()
