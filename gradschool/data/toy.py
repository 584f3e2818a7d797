r"""Toy data sets the course generates itself: a noisy low-rank matrix and two moons.

    W = gs.data.low_rank_matrix(d=768, true_rank=64, noise_level=0.01, seed=0)
    X, y = gs.data.make_moons(n_samples=200, noise=0.1, seed=0)

Both return NumPy arrays and draw from a NumPy Generator: `seed` is an int,
a Generator, or None for gradschool's generator (`gs.manual_seed`).
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..random import as_generator

__all__ = ["low_rank_matrix", "make_moons"]


def _is_int(v: Any) -> bool:
    return isinstance(v, (int, np.integer)) and not isinstance(v, bool)


def _check_scale(value: Any, key: str, name: str) -> float:
    """A finite number >= 0 (a noise standard deviation)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name}: {key} must be a number, got {value!r}")
    if not (math.isfinite(value) and value >= 0):
        raise ValueError(f"{name}: {key} must be a finite number >= 0, got {key}={value!r}")
    return float(value)


def low_rank_matrix(d: int = 768, true_rank: int = 64, noise_level: float = 0.01,
                    seed: int | np.random.Generator | None = None) -> np.ndarray:
    r"""A d × d matrix of rank `true_rank` plus Gaussian noise, like a weight
    matrix of BERT-base (d = 768):

        W = (A / √r) (B / √r) + noise_level · N,    A (d, r), B (r, d), N (d, d)

    with r = true_rank and A, B, N of independent N(0, 1) entries, drawn in that
    order. The signal's entries have variance 1/r; its singular values sit
    near d/r and the noise's below noise_level · 2√d, so the spectrum has a
    knee at r. noise_level = 0 gives a matrix of rank exactly r.

    Returns a float64 array of shape (d, d).
    """
    name = "low_rank_matrix"
    if not _is_int(d) or d < 1:
        raise ValueError(f"{name}: d must be an int >= 1, got d={d!r}")
    if not _is_int(true_rank) or true_rank < 1:
        raise ValueError(f"{name}: true_rank must be an int >= 1, got true_rank={true_rank!r}")
    if true_rank > d:
        raise ValueError(f"{name}: true_rank {true_rank} > d {d}")
    noise_level = _check_scale(noise_level, "noise_level", name)
    rng = as_generator(seed, name)
    r = int(true_rank)
    A = rng.standard_normal((d, r)) / math.sqrt(r)
    B = rng.standard_normal((r, d)) / math.sqrt(r)
    return A @ B + noise_level * rng.standard_normal((d, d))


def make_moons(n_samples: int = 200, noise: float = 0.1,
               seed: int | np.random.Generator | None = None,
               ) -> tuple[np.ndarray, np.ndarray]:
    r"""Two interleaving half circles in the plane, a classic non-linear problem.

        t = linspace(0, π, n₀):  x = (cos t, sin t)                 label 0
        t = linspace(0, π, n₁):  x = (1 − cos t, 1 − sin t − 0.5)   label 1

    the second moon is the first turned upside down and shifted by (1, −0.5);
    n₀ = n_samples // 2 and n₁ = n_samples − n₀ (scikit-learn's split). Every
    point then gets Gaussian noise N(0, noise²) on both coordinates. With
    noise = 0 this equals `sklearn.datasets.make_moons(n_samples, shuffle=False)`.

    Returns X (n_samples, 2) float64 and y (n_samples,) int64, the first moon's
    rows first (not shuffled: a DataLoader with shuffle=True mixes them).
    """
    name = "make_moons"
    if not _is_int(n_samples) or n_samples < 2:
        raise ValueError(f"{name}: n_samples must be an int >= 2 (one point per moon), "
                         f"got n_samples={n_samples!r}")
    noise = _check_scale(noise, "noise", name)
    rng = as_generator(seed, name)
    n0 = int(n_samples) // 2
    n1 = int(n_samples) - n0
    t0, t1 = np.linspace(0, np.pi, n0), np.linspace(0, np.pi, n1)
    outer = np.stack([np.cos(t0), np.sin(t0)], axis=1)
    inner = np.stack([1 - np.cos(t1), 1 - np.sin(t1) - 0.5], axis=1)
    X = np.concatenate([outer, inner]) + noise * rng.standard_normal((n0 + n1, 2))
    y = np.concatenate([np.zeros(n0, dtype=np.int64), np.ones(n1, dtype=np.int64)])
    return X, y
