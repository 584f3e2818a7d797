r"""The cost of an SVD as n grows, and what a randomized SVD saves.

A full SVD of an n × n matrix costs O(n³) operations (LAPACK's gesdd: a
reduction to bidiagonal form, then divide and conquer): doubling n multiplies
the time by about 8. Its exponent is fitted by least squares on a log-log scale,

    log t = p log n + c.

The randomized SVD (Halko, Martinsson and Tropp 2011; `gs.linalg.randomized_svd`)
of the top k triplets costs O(n² k) per pass over the matrix.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np

from gradschool.linalg import randomized_svd


def best_time(work: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    """The shortest wall time of `repeats` calls of `work()` (seconds) and the last result.

    The minimum, not the mean: interruptions by other programs only ever add time.
    """
    best, result = np.inf, None
    for _ in range(repeats):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return float(best), result


def fit_exponent(sizes: list[int], seconds: list[float]) -> float:
    """p in t ≈ c nᵖ: the slope of the least-squares line through (log n, log t)."""
    if len(sizes) < 2 or len(set(sizes)) < 2:
        raise ValueError(f"fit_exponent: need at least 2 different sizes, got {sizes}")
    if min(seconds) <= 0:
        raise ValueError(f"fit_exponent: times must be positive, got {seconds}")
    slope, _ = np.polyfit(np.log(sizes), np.log(seconds), 1)
    return float(slope)


def max_relative_error(S_approx: np.ndarray, S_exact: np.ndarray) -> float:
    """max over i of |σ̂ᵢ − σᵢ| / σᵢ for the k values of S_approx against the top k exact ones."""
    k = S_approx.size
    return float(np.max(np.abs(S_approx - S_exact[:k]) / S_exact[:k]))


def time_exact_and_randomized(W: np.ndarray, k: int, oversamples: int, power_iterations: int,
                              repeats: int, seed: int) -> dict[str, Any]:
    """Time `np.linalg.svd(W)` (U, S and Vt: a full SVD) and `randomized_svd(W, k)`.

    Returns svd_seconds, randomized_seconds, speedup (exact ÷ randomized) and
    max_rel_error_topk (the randomized top-k singular values against the exact ones).
    """
    exact_seconds, (_, S, _) = best_time(lambda: np.linalg.svd(W, full_matrices=False), repeats)
    randomized_seconds, (_, S_hat, _) = best_time(
        lambda: randomized_svd(W, k, n_oversamples=oversamples, n_iter=power_iterations,
                               seed=seed), repeats)
    return {"svd_seconds": exact_seconds, "randomized_seconds": randomized_seconds,
            "speedup": exact_seconds / randomized_seconds,
            "max_rel_error_topk": max_relative_error(S_hat, S)}


def error_by_power_iterations(W: np.ndarray, S: np.ndarray, k: int, oversamples: int,
                              iterations: range, seed: int) -> dict[int, float]:
    """The randomized top-k singular values' max relative error for q = 0, 1, … power
    iterations: each one multiplies the gap between σ_k and σ_{k+1} by itself twice."""
    return {q: max_relative_error(
        randomized_svd(W, k, n_oversamples=oversamples, n_iter=q, seed=seed)[1], S)
        for q in iterations}
