#!/usr/bin/python3
"""Golden safetensors files for tests/engine/test-safetensors.c, and the seed corpus of the
fuzz harness, written from the format's specification without Hometown's code
(https://github.com/huggingface/safetensors, "Format"):

  8 bytes   N, little-endian unsigned 64-bit: the length of the header
  N bytes   UTF-8 JSON object: {"name": {"dtype": "F32", "shape": [..], "data_offsets": [b, e]},
            ..., "__metadata__": {"key": "value", ...}}, padded with spaces
  rest      the tensors' bytes, little-endian, offsets relative to the start of this section

Hometown's writer is canonical: compact JSON (no blanks), "__metadata__" first with its keys
sorted, then the tensors sorted by name (code point order), stored contiguously in that order
without padding; the header is padded with spaces to a multiple of 8 bytes, as the reference
implementation does. This script does the same with json.dumps, struct and NumPy, so the C test
can compare its writer's output byte for byte.

Files written:
  DATA/safetensors-golden.safetensors      every dtype, a scalar, an empty tensor, metadata
  DATA/safetensors-misaligned.safetensors  the same tensors with N = 8k + 3, so that the data
                                           section (and every tensor in it) is misaligned
  CORPUS/*.safetensors                     small valid and invalid seeds for the fuzzer

Usage: /usr/bin/python3 tools/make-safetensors-golden.py tests/data tests/fuzz/corpus-safetensors
"""
import json
import os
import struct
import sys

import numpy as np

DTYPES = {"F32": "<f4", "I32": "<i4", "I64": "<i8", "U8": "u1"}


def golden_tensors():
    """The test's tensors; tests/engine/test-safetensors.c computes the same values."""
    n = 4 * 1 * 3 * 3
    conv = np.array([(i * 0.37 - 5) / 7 for i in range(n)], dtype=np.float64)
    conv[0] = -0.0
    conv[1] = 3.4028234663852886e38      # FLT_MAX
    conv[2] = 1.401298464324817e-45      # the smallest subnormal float
    conv[3] = -1.5
    return {
        "conv1.weight": ("F32", [4, 1, 3, 3], conv),
        "scalar": ("F32", [], np.array(3.25)),
        "empty": ("F32", [0, 3], np.zeros((0, 3))),
        "I32 counts": ("I32", [5], np.array([-2**31, -1, 0, 1, 2**31 - 1])),
        "big": ("I64", [2, 2], np.array([-2**63, 2**63 - 1, 1 << 40, -7])),
        "Zed": ("I64", [1], np.array([5])),
        "bytes": ("U8", [3, 5], np.array([i * 17 % 256 for i in range(15)])),
        "\u00c9mile": ("U8", [1], np.array([42])),
    }


GOLDEN_METADATA = {
    "classes": "East,West,South,Midwest",
    "note": 'quote " backslash \\ newline \n tab \t bell \x07 unit \x1f del \x7f '
            "\u00e9 \U0001f3a4 /slash",
    "json": json.dumps({"epochs": 12, "macro_f1": 0.61}),
    "empty": "",
}


def encode(tensors, metadata, pad_to=8, extra_pad=0):
    header = {}
    if metadata:
        header["__metadata__"] = {k: metadata[k] for k in sorted(metadata)}
    blobs = []
    offset = 0
    for name in sorted(tensors):
        dtype, shape, values = tensors[name]
        blob = np.asarray(values).astype(DTYPES[dtype]).reshape(shape).tobytes()
        assert len(blob) == int(np.prod(shape, dtype=np.int64)) * np.dtype(DTYPES[dtype]).itemsize
        header[name] = {"dtype": dtype, "shape": shape,
                        "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * ((pad_to - len(text) % pad_to) % pad_to + extra_pad)
    return struct.pack("<Q", len(text)) + text + b"".join(blobs)


def raw(header_text, data=b"", length=None):
    """A file with a hand-written header (for invalid seeds)."""
    h = header_text.encode("utf-8")
    return struct.pack("<Q", len(h) if length is None else length) + h + data


def corpus():
    f32 = np.arange(6, dtype="<f4") / 4
    yield "f32", encode({"w": ("F32", [2, 3], f32)}, {"k": "v"})
    yield "all-dtypes", encode({
        "a": ("U8", [3], np.array([1, 2, 3])),
        "b": ("F32", [2], np.array([0.5, -2])),
        "c": ("I32", [1, 2], np.array([7, -7])),
        "d": ("I64", [1], np.array([1 << 33])),
    }, {"classes": "East,West,South,Midwest"})
    yield "scalar-empty", encode({"s": ("I32", [], np.array(9)),
                                  "z": ("F32", [2, 0], np.zeros((2, 0)))}, {})
    yield "metadata-only", encode({}, {"a": "1", "b": "x\ny"})
    yield "empty-object", encode({}, {})
    yield "rank8", encode({"r": ("U8", [1] * 8, np.array([255]))}, {})
    yield "unaligned-header", encode({"w": ("F32", [2], np.array([1, 2]))}, {}, extra_pad=5)
    yield "nan", encode({"w": ("F32", [3], np.array([1, np.nan, 2]))}, {})
    yield "overlap", raw('{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},'
                         '"b":{"dtype":"U8","shape":[2],"data_offsets":[1,3]}}', b"abc")
    yield "bad-dtype", raw('{"a":{"dtype":"F16","shape":[1],"data_offsets":[0,2]}}', b"\0\0")
    yield "truncated", encode({"w": ("F32", [4], np.ones(4))}, {})[:-3]
    yield "long-length", raw("{}", length=1 << 40)


def main():
    data_dir, corpus_dir = sys.argv[1], sys.argv[2]
    tensors = golden_tensors()
    with open(os.path.join(data_dir, "safetensors-golden.safetensors"), "wb") as f:
        f.write(encode(tensors, GOLDEN_METADATA))
    misaligned = encode(tensors, GOLDEN_METADATA, extra_pad=3)
    assert struct.unpack("<Q", misaligned[:8])[0] % 8 == 3
    with open(os.path.join(data_dir, "safetensors-misaligned.safetensors"), "wb") as f:
        f.write(misaligned)
    os.makedirs(corpus_dir, exist_ok=True)
    for name, blob in corpus():
        with open(os.path.join(corpus_dir, name + ".safetensors"), "wb") as f:
            f.write(blob)


if __name__ == "__main__":
    main()
