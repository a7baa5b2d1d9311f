#!/usr/bin/python3
"""Golden values for the logistic-regression and random-forest tests (tests/core/test-logreg.c,
test-forest.c), from scikit-learn (Debian's python3-sklearn), the reference the lyrics model is
benchmarked against.

A small weighted 3-class problem with sparse, non-negative features (like TF-IDF):
  logreg-x.npy          (60, 8) float32 features, about half zeros
  logreg-y.npy          (60,) labels 0..2 as float32
  logreg-w.npy          (60,) sample weights
  logreg-coef.npy       (8, 3) LogisticRegression(C=0.7, multinomial, lbfgs, tol=1e-10)
                        coefficients, feature-major (our layout)
  logreg-intercept.npy  (3,) its intercepts, centred (only differences are identifiable)

Usage: /usr/bin/python3 tools/make-logreg-golden.py tests/data
"""
import os
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression


def save(d, name, a):
    np.save(os.path.join(d, name), np.ascontiguousarray(a, dtype=np.float32))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "tests/data"
    rng = np.random.default_rng(20240601)
    n, p, k = 60, 8, 3
    y = rng.integers(0, k, n)
    centres = rng.uniform(0, 1, (k, p))
    x = np.clip(centres[y] + rng.normal(0, 0.45, (n, p)), 0, None)
    x[rng.uniform(size=(n, p)) < 0.4] = 0
    x = x.astype(np.float32).astype(np.float64)
    w = rng.uniform(0.5, 2.0, n).astype(np.float32).astype(np.float64)
    clf = LogisticRegression(C=0.7, multi_class="multinomial", solver="lbfgs", tol=1e-10,
                             max_iter=10000)
    clf.fit(x, y, sample_weight=w)
    save(out, "logreg-x.npy", x)
    save(out, "logreg-y.npy", y)
    save(out, "logreg-w.npy", w)
    save(out, "logreg-coef.npy", clf.coef_.T)
    save(out, "logreg-intercept.npy", clf.intercept_ - clf.intercept_.mean())


if __name__ == "__main__":
    main()
