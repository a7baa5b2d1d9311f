#!/usr/bin/python3
"""Golden values for the mel spectrogram tests, from an independent NumPy/SciPy
implementation of librosa's documented defaults (librosa is not packaged in Debian 12):

  librosa.feature.melspectrogram(y, sr=22050, n_fft=2048, hop_length=512, window="hann",
                                 center=True, pad_mode="constant", power=2.0, n_mels=128,
                                 fmin=0, fmax=sr/2, htk=False, norm="slaney")
  librosa.power_to_db(S, ref=1.0, amin=1e-10, top_db=80.0)

Everything is computed in float64 and stored as float32 .npy files in tests/data/:
  mel-input.npy        the test signal (2.5 s: tones, a chirp, noise, then silence)
  mel-golden-db.npy    (128, frames) dB, the reference
  mel-weights-512-40.npy  the (40, 257) filterbank for sr 22050, n_fft 512, n_mels 40
  stft-golden-power.npy   (frames, 1025) power of the first 0.25 s, frame-major

Usage: /usr/bin/python3 tools/make-mel-golden.py tests/data
"""
import os
import sys

import numpy as np
import scipy.signal

SR = 22050


def hz_to_mel(f):
    f = np.asanyarray(f, dtype=np.float64)
    f_sp = 200.0 / 3
    mels = f / f_sp
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(f >= min_log_hz, min_log_mel + np.log(np.maximum(f, 1e-300) / min_log_hz) / logstep, mels)


def mel_to_hz(m):
    m = np.asanyarray(m, dtype=np.float64)
    f_sp = 200.0 / 3
    freqs = f_sp * m
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), freqs)


def mel_filterbank(sr, n_fft, n_mels, fmin=0.0, fmax=None):
    fmax = sr / 2 if fmax is None else fmax
    fftfreqs = np.fft.rfftfreq(n_fft, 1.0 / sr)
    mel_f = mel_to_hz(np.linspace(hz_to_mel(fmin), hz_to_mel(fmax), n_mels + 2))
    fdiff = np.diff(mel_f)
    ramps = mel_f[:, None] - fftfreqs[None, :]
    weights = np.zeros((n_mels, len(fftfreqs)))
    for i in range(n_mels):
        lower = -ramps[i] / fdiff[i]
        upper = ramps[i + 2] / fdiff[i + 1]
        weights[i] = np.maximum(0, np.minimum(lower, upper))
    enorm = 2.0 / (mel_f[2:n_mels + 2] - mel_f[:n_mels])
    return weights * enorm[:, None]


def stft_power(y, n_fft=2048, hop=512):
    window = scipy.signal.get_window("hann", n_fft, fftbins=True)
    padded = np.pad(y.astype(np.float64), n_fft // 2, mode="constant")
    n_frames = 1 + len(y) // hop
    frames = np.stack([padded[t * hop:t * hop + n_fft] * window for t in range(n_frames)])
    return np.abs(np.fft.rfft(frames, axis=1)) ** 2   # (frames, bins)


def power_to_db(S, amin=1e-10, top_db=80.0):
    db = 10.0 * np.log10(np.maximum(amin, S))
    return np.maximum(db, db.max() - top_db)


def test_signal():
    n = int(2.5 * SR)
    t = np.arange(n) / SR
    rng = np.random.default_rng(20261123)
    y = 0.4 * np.sin(2 * np.pi * 440.0 * t)
    y += 0.2 * np.sin(2 * np.pi * (60.0 * t + 0.5 * 4000.0 * t * t / 2.0))  # chirp 60 Hz -> ~5 kHz
    y += 0.05 * rng.standard_normal(n)
    y += 0.1 * np.sin(2 * np.pi * 6000.0 * t) * (t > 1.0)
    y[int(2.0 * SR):] = 0.0                                                  # 0.5 s of silence
    return y.astype(np.float32)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "tests/data"
    os.makedirs(out, exist_ok=True)
    y = test_signal()
    power = stft_power(y)
    mel = mel_filterbank(SR, 2048, 128) @ power.T
    np.save(os.path.join(out, "mel-input.npy"), y)
    np.save(os.path.join(out, "mel-golden-db.npy"), power_to_db(mel).astype(np.float32))
    np.save(os.path.join(out, "mel-weights-512-40.npy"), mel_filterbank(SR, 512, 40).astype(np.float32))
    np.save(os.path.join(out, "stft-golden-power.npy"), power[:11].astype(np.float32))


if __name__ == "__main__":
    main()
