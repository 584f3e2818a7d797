"""Augmentation: more training signals for free, from transformations that keep the label.

On MNIST-1D a digit stays the same digit when its signal is shifted in time a little,
stretched in amplitude, or made noisier. From a small training subset (x, y) of n signals
the augmented training set adds `copies` transformed copies of every signal,

    x' = add_noise(scale(shift(x, max_shift), low, high), noise),   y' = y,

(gs.data.preprocessing: a circular shift by s ~ U{-max_shift..max_shift}, a factor
a ~ U[low, high), Gaussian noise of std `noise`; one draw per copy), so (copies + 1) n
signals in all. The paper's CNN is trained for the same number of Adam steps on the
plain and on the augmented set, and both are scored on the same test signals.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

import gradschool as gs
from gradschool.data.preprocessing import add_noise, scale, shift
from gradschool.models import CNN
from gradschool.training import History, train_classifier


@dataclass
class Augmentation:
    """The transformations' sizes: copies per signal, noise std, largest shift (points),
    amplitude factor range [low, high)."""

    copies: int = 4
    noise: float = 0.1
    max_shift: int = 3
    low: float = 0.8
    high: float = 1.2


def augment_signals(x: np.ndarray, aug: Augmentation, rng: np.random.Generator) -> np.ndarray:
    """One transformed copy of every signal: shift, then scale, then add noise.

    Shapes: x (n, L) -> (n, L).
    """
    x = shift(x, aug.max_shift, rng)
    x = scale(x, aug.low, aug.high, rng)
    return add_noise(x, aug.noise, rng)


def augmented_set(x: np.ndarray, y: np.ndarray, aug: Augmentation, rng: np.random.Generator
                  ) -> tuple[np.ndarray, np.ndarray]:
    """The originals followed by `aug.copies` augmented copies, labels repeated.

    Shapes: x (n, L), y (n,) -> ((copies + 1) n, L), ((copies + 1) n,).
    """
    parts = [x] + [augment_signals(x, aug, rng) for _ in range(aug.copies)]
    return np.concatenate(parts), np.tile(y, aug.copies + 1)


def small_subset(data: dict[str, Any], n_train: int, n_test: int, rng: np.random.Generator
                 ) -> dict[str, np.ndarray]:
    """n_train training signals drawn without replacement, and the first n_test test ones."""
    if not 1 <= n_train <= len(data["x"]) or not 1 <= n_test <= len(data["x_test"]):
        raise ValueError(f"small_subset: need 1 <= n_train <= {len(data['x'])} and "
                         f"1 <= n_test <= {len(data['x_test'])}, got n_train={n_train}, "
                         f"n_test={n_test}")
    index = rng.choice(len(data["x"]), size=n_train, replace=False)
    return {"x": data["x"][index], "y": data["y"][index],
            "x_test": data["x_test"][:n_test], "y_test": data["y_test"][:n_test]}


def train_cnn(data: dict[str, np.ndarray], steps: int, lr: float, batch_size: int, seed: int
              ) -> History:
    """The paper's CNN (gs.models.CNN), initialised with gs.manual_seed(seed), trained by
    train_classifier (Adam, cross-entropy, batches drawn with `seed`), scored at the end."""
    gs.manual_seed(seed)
    return train_classifier(CNN(), data, steps=steps, lr=lr, batch_size=batch_size,
                            eval_every=steps, seed=seed)


def with_and_without(subset: dict[str, np.ndarray], aug: Augmentation, steps: int, lr: float,
                     batch_size: int, seed: int) -> dict[str, History]:
    """Train the CNN on the plain subset and on its augmented version, same seed and steps."""
    x_aug, y_aug = augmented_set(subset["x"], subset["y"], aug,
                                 np.random.default_rng([seed, 2]))
    augmented = {**subset, "x": x_aug, "y": y_aug}
    return {"without": train_cnn(subset, steps, lr, batch_size, seed),
            "with": train_cnn(augmented, steps, lr, batch_size, seed)}
