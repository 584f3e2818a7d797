"""The data of UDL notebook 8.3: MNIST-1D, 8000 samples split 4000/4000, 15% label noise.

The notebook builds the set with `mnist1d.data.get_dataset_args()` and
`num_samples = 8000`, `train_split = 0.5`, `corr_noise_scale = 0.25`,
`iid_noise_scale = 2e-2` (every other argument, the seed 42 included, at the
generator's default), regenerated locally. `load_mnist1d` runs that same
generator (never a download), so the arrays are the notebook's.

Then it corrupts the training labels with Python's `random`:

    for each training label i, in order:
        if random.random() < 0.15:  y[i] = int(random.random() * 10)

so about 15% of the labels are *replaced* by a uniformly random class, which
is the old class again a tenth of the time. `make_dataset` calls
`random.seed(args.seed)` and draws nothing from it, so the notebook's loop
starts from `random.seed(42)`: `notebook_label_noise` replays it with its own
`random.Random(seed)` and gives the notebook's labels exactly (592 replaced,
522 changed).
"""
from __future__ import annotations

import random
from typing import Any

import numpy as np

from gradschool.data.mnist1d import load_mnist1d

from .training import N_CLASSES

NOTEBOOK_ARGS: dict[str, Any] = {"num_samples": 8000, "train_split": 0.5,
                                 "corr_noise_scale": 0.25, "iid_noise_scale": 2e-2}
"""The generator arguments the notebook changes from mnist1d's defaults."""


def notebook_label_noise(y: np.ndarray, fraction: float, seed: int) -> np.ndarray:
    """The notebook's label noise: each label, in order, is replaced with probability
    `fraction` by int(u · 10), u ~ U[0, 1), all draws from `random.Random(seed)`.

    y: (n,) int labels (not modified). Returns the noisy copy.
    """
    if not 0.0 <= fraction <= 1.0:
        raise ValueError(f"notebook_label_noise: fraction must be in [0, 1], got {fraction!r}")
    draw = random.Random(seed).random
    noisy = np.array(y, dtype=np.int64, copy=True)
    for i in range(len(noisy)):
        if draw() < fraction:
            noisy[i] = int(draw() * N_CLASSES)
    return noisy


def notebook_data(label_noise: float, seed: int, n_train: int, n_test: int
                  ) -> dict[str, np.ndarray]:
    """The notebook's data set (generator seed `seed`, label noise on all 4000 training
    labels), then its first `n_train` training and first `n_test` test samples.

    Returns x (n_train, 40) float32, y (n_train,) int64 noisy labels, y_clean,
    x_test (n_test, 40) float32, y_test (n_test,) int64.
    """
    data = load_mnist1d(**NOTEBOOK_ARGS, seed=seed)
    n_max, n_test_max = len(data["y"]), len(data["y_test"])
    if not 1 <= n_train <= n_max:
        raise ValueError(f"double-descent: n_train = {n_train} must be in 1..{n_max}")
    if not 1 <= n_test <= n_test_max:
        raise ValueError(f"double-descent: n_test = {n_test} must be in 1..{n_test_max}")
    y = notebook_label_noise(data["y"], label_noise, seed)
    return {
        "x": data["x"][:n_train].astype(np.float32),
        "y": y[:n_train],
        "y_clean": data["y"][:n_train],
        "x_test": data["x_test"][:n_test].astype(np.float32),
        "y_test": data["y_test"][:n_test],
    }
