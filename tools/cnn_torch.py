# SPDX-License-Identifier: GPL-3.0-or-later
"""The PyTorch twin of src/core/htc-cnn.c: same layers, same state_dict names and layouts.

Used by tools/make-cnn-golden.py (golden outputs for tests/core/test-cnn.c) and by
bench/train-vs-torch (speed and accuracy of the same training in PyTorch).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


class InputNorm(nn.Module):
    def __init__(self, n_mels):
        super().__init__()
        self.register_buffer("mean", torch.zeros(n_mels))
        self.register_buffer("std", torch.ones(n_mels))

    def forward(self, x):                       # x [n][n_mels][n_frames]
        return (x - self.mean[None, :, None]) / self.std[None, :, None]


class Block(nn.Module):
    def __init__(self, c_in, c_out, eps=1e-5, momentum=0.1):
        super().__init__()
        self.conv = nn.Conv2d(c_in, c_out, 3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(c_out, eps=eps, momentum=momentum)

    def forward(self, x):
        return F.max_pool2d(F.relu(self.bn(self.conv(x))), 2)


class ShortChunkCNN(nn.Module):
    def __init__(self, n_mels=128, channels=(32, 64, 128, 128), n_classes=4, dropout=0.3):
        super().__init__()
        self.input = InputNorm(n_mels)
        chans = [1] + list(channels)
        self.blocks = nn.ModuleList(Block(a, b) for a, b in zip(chans[:-1], chans[1:]))
        self.dropout = nn.Dropout(dropout)
        self.fc = nn.Linear(chans[-1], n_classes)

    def forward(self, x):
        x = self.input(x)[:, None]
        for b in self.blocks:
            x = b(x)
        x = x.mean(dim=(2, 3))
        return self.fc(self.dropout(x))

    def he_init(self):
        for b in self.blocks:
            nn.init.kaiming_normal_(b.conv.weight, nonlinearity="relu")
        nn.init.kaiming_normal_(self.fc.weight, nonlinearity="relu")
        nn.init.zeros_(self.fc.bias)


def adamw(model, lr, weight_decay):
    """AdamW with decay on convolution and dense weights only, as htc-adamw.c."""
    decay = [p for n, p in model.named_parameters() if n.endswith("conv.weight") or n == "fc.weight"]
    rest = [p for n, p in model.named_parameters() if not (n.endswith("conv.weight") or n == "fc.weight")]
    return torch.optim.AdamW([{"params": decay, "weight_decay": weight_decay},
                              {"params": rest, "weight_decay": 0.0}],
                             lr=lr, betas=(0.9, 0.999), eps=1e-8, foreach=False)
