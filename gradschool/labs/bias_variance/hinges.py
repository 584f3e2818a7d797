"""The toy problem of UDL chapter 8 and its model: a bias plus ReLU hinges, fitted by least squares.

True function on [0, 1] (the notebook writes 2·3.1413 for 2π; we keep its constant):

    f(x) = exp(sin(2 · 3.1413 · x))

Data: n points, one drawn uniformly in each interval [i/n, (i+1)/n), with
targets y = f(x) + ε, ε ~ N(0, σ²).

Model with capacity C: a bias β plus C hinges with knots at j/C,

    y(x) = β + Σ_{j=0}^{C-1} ω_j · max(0, x − j/C),

linear in (β, ω), so the least-squares fit is the solution of A θ ≈ y with
A = [1, max(0, x − j/C)] of shape (n, C + 1), from `np.linalg.lstsq`.
"""
from __future__ import annotations

import numpy as np

TWO_PI_NOTEBOOK = 2 * 3.1413
"""The notebook's 2π, with 3.1413 for π: f has period π / 3.1413 ≈ 1.00009 instead of 1."""


def true_function(x: np.ndarray) -> np.ndarray:
    """f(x) = exp(sin(2 · 3.1413 · x)), elementwise."""
    return np.exp(np.sin(TWO_PI_NOTEBOOK * np.asarray(x, dtype=float)))


def sample_data(n: int, sigma: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """n points x_i ~ U[i/n, (i+1)/n) and y_i = f(x_i) + σ ε_i; returns (x, y), shapes (n,)."""
    if n < 1:
        raise ValueError(f"sample_data: n must be >= 1, got {n}")
    if sigma < 0:
        raise ValueError(f"sample_data: sigma must be >= 0, got {sigma}")
    i = np.arange(n)
    x = rng.uniform(i / n, (i + 1) / n)
    y = true_function(x) + sigma * rng.standard_normal(n)
    return x, y


def hinge_features(x: np.ndarray, capacity: int) -> np.ndarray:
    """A = [1, max(0, x − 0/C), max(0, x − 1/C), ..., max(0, x − (C−1)/C)], shape (n, C + 1)."""
    if isinstance(capacity, bool) or not isinstance(capacity, (int, np.integer)) or capacity < 1:
        raise ValueError(f"hinge_features: capacity must be an int >= 1, got {capacity!r}")
    x = np.asarray(x, dtype=float)
    knots = np.arange(capacity) / capacity
    return np.column_stack([np.ones_like(x), np.maximum(0.0, x[:, None] - knots[None, :])])


def fit(x: np.ndarray, y: np.ndarray, capacity: int) -> np.ndarray:
    """θ = (β, ω_0, ..., ω_{C−1}) minimising ‖A θ − y‖² (the minimum-norm one if A
    is rank-deficient), by `np.linalg.lstsq`; shape (C + 1,)."""
    return np.linalg.lstsq(hinge_features(x, capacity), np.asarray(y, dtype=float),
                           rcond=None)[0]


def predict(theta: np.ndarray, x: np.ndarray) -> np.ndarray:
    """y(x) = A(x) θ for the capacity C = len(θ) − 1; shape of x."""
    return hinge_features(x, len(theta) - 1) @ theta
