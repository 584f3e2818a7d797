"""Sampling variability: the standard error of the mean and the central limit theorem.

The mean x̄ of n independent draws from a population with std σ varies from
sample to sample with standard deviation

    SE(x̄) = σ / √n          (the standard error of the mean)

a line of slope −1/2 on log-log axes. Its distribution approaches a normal as
n grows (the central limit theorem); for a population of skewness γ the skewness
of x̄ is exactly γ / √n. The lab's skewed population is the exponential with
scale 1 (mean 1, σ = 1, γ = 2).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

MAX_DRAWS = 4_000_000  # draws held in memory at once


def _check(name: str, sizes: Sequence[int], replicates: int) -> None:
    if not sizes or min(sizes) < 1 or replicates < 2:
        raise ValueError(f"{name}: need sample sizes >= 1 and replicates >= 2, "
                         f"got sizes={tuple(sizes)!r}, replicates={replicates!r}")


def sample_means(n: int, replicates: int, rng: np.random.Generator) -> np.ndarray:
    """Means of `replicates` samples of n draws from the exponential population: (replicates,)."""
    _check("sample_means", [n], replicates)
    rows = max(1, MAX_DRAWS // n)
    return np.concatenate([rng.exponential(1.0, size=(min(rows, replicates - start), n))
                           .mean(axis=1) for start in range(0, replicates, rows)])


def skewness(x: np.ndarray) -> float:
    """Sample skewness g₁ = m₃ / m₂^{3/2}, m_k = mean((x − x̄)^k) (as scipy.stats.skew)."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 1 or len(x) < 3:
        raise ValueError(f"skewness: need a 1-D sample of at least 3 values, got shape {x.shape}")
    d = x - x.mean()
    return float(np.mean(d**3) / np.mean(d**2) ** 1.5)


def standard_errors(sizes: Sequence[int], replicates: int,
                    rng: np.random.Generator) -> dict[int, float]:
    """The measured SE: the std (ddof 1) of `replicates` sample means, for each n."""
    _check("standard_errors", sizes, replicates)
    return {n: float(sample_means(n, replicates, rng).std(ddof=1)) for n in sizes}


def fitted_slope(x: Sequence[float], y: Sequence[float]) -> float:
    """Least-squares slope of log y against log x (−1/2 for σ/√n)."""
    return float(np.polyfit(np.log(np.asarray(x, float)), np.log(np.asarray(y, float)), 1)[0])


def clt(sizes: Sequence[int], replicates: int,
        rng: np.random.Generator) -> tuple[dict[int, np.ndarray], dict[int, float]]:
    """Sample means for each n and their skewness (→ 2/√n): ({n: (replicates,)}, {n: g₁})."""
    _check("clt", sizes, replicates)
    means = {n: sample_means(n, replicates, rng) for n in sizes}
    return means, {n: skewness(m) for n, m in means.items()}


def small_samples(n: int, studies: int, mu: float, sigma: float,
                  rng: np.random.Generator) -> np.ndarray:
    """`studies` independent samples of n draws from N(mu, σ²): (studies, n)."""
    if n < 1 or studies < 2 or sigma <= 0:
        raise ValueError(f"small_samples: need n >= 1, studies >= 2, sigma > 0, "
                         f"got n={n!r}, studies={studies!r}, sigma={sigma!r}")
    return rng.normal(mu, sigma, size=(studies, n))
