"""Missing values: fill them with the column's mean, its median, or from the nearest rows.

The data have a hidden cause: each row is one draw of a latent z ~ N(0, 1) seen through
p noisy features, x_j = a_j z + σ ε_j, the last one skewed, x_p = exp(z / 2 + σ ε_p).
Values are removed completely at random (each entry with probability `fraction`).

- mean / median imputation fills a gap in column j with the column's mean / median over
  the observed values: the same number for every row, whatever the row's other features say;
- kNN imputation (k nearest rows by the nan-euclidean distance over the features both rows
  have) fills it with the mean of those rows' x_j: rows alike elsewhere are alike here,
  because the features share z.

Each is scored by the root-mean-square error against the removed truth,
RMSE = sqrt(mean over removed entries of (x̂ - x)²).
"""
from __future__ import annotations

import numpy as np

from gradschool.data.preprocessing import KNNImputer, SimpleImputer

METHODS = ("mean", "median", "knn")


def latent_data(n: int, p: int, rng: np.random.Generator, noise: float = 0.3) -> np.ndarray:
    """n rows of p features that are noisy functions of one latent z ~ N(0, 1).

    x_j = a_j z + noise · ε_j for j < p (a_j ~ U[0.5, 1.5] with a random sign);
    the last feature is skewed (log-normal, like an income): x_p = exp(z / 2 + noise · ε_p).
    Shapes: -> X (n, p).
    """
    if p < 2:
        raise ValueError(f"latent_data: p = {p} features; kNN needs at least 2")
    z = rng.standard_normal(n)
    a = rng.uniform(0.5, 1.5, p) * rng.choice([-1.0, 1.0], p)
    a[-1] = 0.5
    X = z[:, None] * a + noise * rng.standard_normal((n, p))
    X[:, -1] = np.exp(X[:, -1])
    return X


def remove_at_random(X: np.ndarray, fraction: float, rng: np.random.Generator
                     ) -> tuple[np.ndarray, np.ndarray]:
    """(X with NaN where removed, the boolean mask of removed entries).

    Each entry is removed independently with probability `fraction` (missing completely
    at random); a column left with no value at all would have no mean, so one value is
    kept in it. Shapes: X (n, p) -> (n, p), (n, p).
    """
    if not 0.0 < fraction < 1.0:
        raise ValueError(f"remove_at_random: fraction must be in (0, 1), got {fraction!r}")
    mask = rng.random(X.shape) < fraction
    for j in np.flatnonzero(mask.all(axis=0)):
        mask[rng.integers(len(X)), j] = False
    X_missing = X.copy()
    X_missing[mask] = np.nan
    return X_missing, mask


def impute(X_missing: np.ndarray, method: str, n_neighbors: int = 5) -> np.ndarray:
    """Fill the NaNs of X_missing by `method` in METHODS (gs.data.preprocessing imputers).

    Shapes: (n, p) -> (n, p) with no NaN.
    """
    if method in ("mean", "median"):
        return SimpleImputer(strategy=method).fit_transform(X_missing)
    if method == "knn":
        return KNNImputer(n_neighbors=n_neighbors).fit_transform(X_missing)
    raise ValueError(f"impute: unknown method {method!r}; choose from {METHODS}")


def rmse(X_imputed: np.ndarray, X_true: np.ndarray, mask: np.ndarray) -> float:
    """sqrt(mean over the removed entries of (x̂ - x)²)."""
    if not mask.any():
        raise ValueError("rmse: no entry was removed")
    return float(np.sqrt(np.mean((X_imputed[mask] - X_true[mask]) ** 2)))


def imputation_errors(X: np.ndarray, fraction: float, rng: np.random.Generator,
                      n_neighbors: int = 5) -> tuple[dict[str, float], dict[str, np.ndarray],
                                                     np.ndarray]:
    """Remove a fraction of X at random and impute it back by each method.

    Returns ({method: RMSE}, {method: imputed X}, the mask of removed entries).
    """
    X_missing, mask = remove_at_random(X, fraction, rng)
    imputed = {m: impute(X_missing, m, n_neighbors) for m in METHODS}
    return {m: rmse(imputed[m], X, mask) for m in METHODS}, imputed, mask
