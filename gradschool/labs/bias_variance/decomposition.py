"""Bias, variance and test error of the hinge model, by Monte Carlo over data sets.

For one capacity, fit the model to D independent data sets and evaluate each
fit f̂_d on a grid x_1..x_M of [0, 1] (the notebook's 100 points). With
f̄(x) = (1/D) Σ_d f̂_d(x) the mean fit:

    bias²    = (1/M) Σ_m (f̄(x_m) − f(x_m))²
    variance = (1/M) Σ_m (1/D) Σ_d (f̂_d(x_m) − f̄(x_m))²      (the notebook's np.std²)

The test error is measured on fresh noisy targets at the same inputs,
y = f(x_m) + σ ε, K of them per fit and grid point:

    test error = (1/(D M K)) Σ (f̂_d(x_m) − y)²

Write f̂ − y = (f̂ − f̄) + (f̄ − f) − σε. Averaged over the same fits and inputs,
the cross term 2(f̂ − f̄)(f̄ − f) sums to zero over d, so exactly

    test error = bias² + variance + mean(s),   s = σ²ε² − 2σε (f̂ − f),

and E[s] = σ². The gap test error − (bias² + variance + σ²) = mean(s) − σ² is pure
Monte-Carlo noise, with standard error std(s)/√(D M K), close to
√((2σ⁴ + 4σ² (bias² + variance)) / (D M K)).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .hinges import fit, predict, sample_data, true_function


@dataclass(frozen=True)
class Decomposition:
    """One capacity's Monte-Carlo estimates (see the module doc).

    fits: (D, M) the fitted functions on the grid; mean, std: (M,) over data sets;
    gap_se: the standard error of test_error − (bias² + variance + σ²), from its samples.
    """

    capacity: int
    bias2: float
    variance: float
    test_error: float
    gap_se: float
    mean: np.ndarray
    std: np.ndarray
    fits: np.ndarray


def fitted_functions(n_points: int, n_datasets: int, capacity: int, sigma: float,
                     x_grid: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Fit `n_datasets` fresh data sets of `n_points`; each fit evaluated on x_grid: (D, M)."""
    fits = np.empty((n_datasets, len(x_grid)))
    for d in range(n_datasets):
        x, y = sample_data(n_points, sigma, rng)
        fits[d] = predict(fit(x, y, capacity), x_grid)
    return fits


def bias_variance(fits: np.ndarray, f_grid: np.ndarray) -> tuple[float, float]:
    """(bias², variance) of fits (D, M) around the truth f_grid (M,), averaged over the grid."""
    mean = fits.mean(axis=0)
    return float(np.mean((mean - f_grid) ** 2)), float(np.mean(fits.var(axis=0)))


def measured_test_error(fits: np.ndarray, f_grid: np.ndarray, sigma: float, n_test: int,
               rng: np.random.Generator) -> tuple[float, float]:
    """The mean of (f̂_d(x_m) − y)² over n_test fresh targets y = f(x_m) + σ ε per fit
    and grid point, and the standard error of its gap to bias² + variance + σ²."""
    D, M = fits.shape
    y = f_grid[None, :, None] + sigma * rng.standard_normal((D, M, n_test))
    fits = fits[:, :, None]
    squared = (fits - y) ** 2
    s = squared - (fits - f_grid[None, :, None]) ** 2  # σ²ε² − 2σε(f̂ − f)
    return float(squared.mean()), float(s.std() / np.sqrt(s.size))


def decompose(n_points: int, capacity: int, n_datasets: int, sigma: float,
              x_grid: np.ndarray, n_test: int, rng: np.random.Generator) -> Decomposition:
    """Bias², variance and measured test error of one capacity (see the module doc)."""
    f_grid = true_function(x_grid)
    fits = fitted_functions(n_points, n_datasets, capacity, sigma, x_grid, rng)
    bias2, variance = bias_variance(fits, f_grid)
    error, se = measured_test_error(fits, f_grid, sigma, n_test, rng)
    return Decomposition(capacity, bias2, variance, error, se, fits.mean(axis=0),
                         fits.std(axis=0), fits)


def sweep_capacities(n_points: int, capacities: Sequence[int], n_datasets: int, sigma: float,
                     x_grid: np.ndarray, n_test: int, rng: np.random.Generator
                     ) -> list[Decomposition]:
    """`decompose` for each capacity in turn, all drawing from `rng`."""
    return [decompose(n_points, c, n_datasets, sigma, x_grid, n_test, rng) for c in capacities]


def best_capacity(results: Sequence[Decomposition]) -> int:
    """The capacity of least bias² + variance (the expected test error less σ²)."""
    return min(results, key=lambda r: r.bias2 + r.variance).capacity


def decomposition_gap(results: Sequence[Decomposition], sigma: float) -> float:
    """max over capacities of |test error − (bias² + variance + σ²)|."""
    return max(abs(r.test_error - (r.bias2 + r.variance + sigma**2)) for r in results)
