#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Golden outputs of the CNN from PyTorch, for tests/core/test-cnn.c.

A small instance of the architecture (16 mels x 24 frames, blocks of 4-6-8 channels, 4 classes)
with random weights and statistics: its eval-mode logits, its train-mode logits, loss and
gradients (dropout 0, class weights), the running statistics after that batch, and every
parameter after one AdamW step. Everything is float32, flattened to 1-D .npy files in
tests/data/cnn-golden/, named after the state_dict entries.

Run: /usr/bin/python3 tools/make-cnn-golden.py   (Debian's python3-torch)
"""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cnn_torch import ShortChunkCNN, adamw  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "data", "cnn-golden")
N_MELS, N_FRAMES, CHANNELS, N_CLASSES, BATCH = 16, 24, (4, 6, 8), 4, 3
LR, WD = 1e-2, 1e-2
LABELS = [2, 0, 3]
CLASS_WEIGHTS = [1.0, 1.5, 0.5, 2.0]


def save(name, t):
    a = t.detach().cpu().numpy().astype("<f4").reshape(-1)
    np.save(os.path.join(OUT, name + ".npy"), a)


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(1234)
    torch.set_num_threads(1)
    model = ShortChunkCNN(N_MELS, CHANNELS, N_CLASSES, dropout=0.0)
    with torch.no_grad():
        for name, t in model.state_dict().items():
            if name.endswith("num_batches_tracked"):
                continue
            if name == "input.mean":
                t.copy_(-40 + 5 * torch.randn_like(t))
            elif name == "input.std" or name.endswith("running_var"):
                t.copy_(0.5 + torch.rand_like(t) * (10 if name == "input.std" else 1))
            elif name.endswith("bn.weight"):
                t.copy_(1 + 0.3 * torch.randn_like(t))
            else:
                t.copy_(0.4 * torch.randn_like(t))
    for name, t in model.state_dict().items():
        if not name.endswith("num_batches_tracked"):
            save("init." + name, t)

    x = -40 + 12 * torch.randn(BATCH, N_MELS, N_FRAMES)
    save("x", x)
    save("labels", torch.tensor(LABELS, dtype=torch.float32))
    save("class-weights", torch.tensor(CLASS_WEIGHTS))

    model.eval()
    with torch.no_grad():
        save("eval-logits", model(x))

    model.train()
    opt = adamw(model, LR, WD)
    logits = model(x)
    loss = torch.nn.functional.cross_entropy(logits, torch.tensor(LABELS),
                                             weight=torch.tensor(CLASS_WEIGHTS))
    save("train-logits", logits)
    save("loss", loss.reshape(1))
    opt.zero_grad()
    loss.backward()
    for name, p in model.named_parameters():
        save("grad." + name, p.grad)
    opt.step()
    for name, t in model.state_dict().items():
        if not name.endswith("num_batches_tracked"):
            save("step." + name, t)
    print(f"wrote {len(os.listdir(OUT))} files to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
