#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""PyTorch side of bench/train-vs-torch: the same network (tools/cnn_torch.py), data, batch
size, optimiser, schedule and epochs as bench/cnn-bench.c `train`. Prints JSON lines."""
import json
import math
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from cnn_torch import ShortChunkCNN, adamw  # noqa: E402


def main():
    d, epochs, batch, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    torch.set_num_threads(2)
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    x = torch.from_numpy(np.load(os.path.join(d, "x.npy")))
    y = torch.from_numpy(np.load(os.path.join(d, "y.npy")).astype(np.int64))
    xv = torch.from_numpy(np.load(os.path.join(d, "xval.npy")))
    yv = torch.from_numpy(np.load(os.path.join(d, "yval.npy")).astype(np.int64))
    model = ShortChunkCNN(channels=[int(c) for c in os.environ.get("CNN_CHANNELS", "16,32,64,128").split(",")])
    model.he_init()
    with torch.no_grad():   # per-band statistics, as the engine computes them
        model.input.mean.copy_(x.mean(dim=(0, 2)))
        model.input.std.copy_(x.std(dim=(0, 2), unbiased=False).clamp_min(1e-3))
    steps = len(x) // batch
    opt = adamw(model, 1e-3, 1e-2)
    total = steps * epochs

    def lr_at(step):   # htc_adamw_schedule: warm-up one epoch, cosine to 5 %
        if step < steps:
            return 1e-3 * (step + 1) / steps
        p = (step - steps) / max(1, total - steps)
        return 1e-3 * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * p)))

    def accuracy():
        model.eval()
        with torch.no_grad():
            pred = torch.cat([model(xv[i:i + 32]).argmax(1) for i in range(0, len(xv), 32)])
        model.train()
        return float((pred == yv).float().mean())

    secs, step = [], 0
    for e in range(epochs):
        t0 = time.perf_counter()
        order = rng.permutation(len(x))
        loss_sum = 0.0
        for s in range(steps):
            idx = torch.from_numpy(order[s * batch:(s + 1) * batch])
            for g in opt.param_groups:
                g["lr"] = lr_at(step)
            loss = torch.nn.functional.cross_entropy(model(x[idx]), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            loss_sum += float(loss)
            step += 1
        secs.append(time.perf_counter() - t0)
        print(json.dumps({"epoch": e + 1, "seconds": round(secs[-1], 3),
                          "loss": round(loss_sum / steps, 4), "val_acc": round(accuracy(), 4)}), flush=True)
    print(json.dumps({"impl": "torch", "median_epoch_s": round(float(np.median(secs)), 3),
                      "final_val_acc": round(accuracy(), 4)}))


if __name__ == "__main__":
    main()
