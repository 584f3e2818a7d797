"""Summaries of a sample, and the bias of the variance with ddof 0.

For a sample x_1..x_n:

    mean  x̄ = (1/n) Σ x_i
    var   s²_ddof = Σ (x_i − x̄)² / (n − ddof)      (ddof 0: divide by n; ddof 1: by n − 1)
    std   s = √s²

Because x̄ is fitted to the sample, Σ (x_i − x̄)² is on average (n − 1) σ², not n σ²:
E[s²_0] = (n − 1)/n · σ² (biased low) and E[s²_1] = σ² (Bessel's correction).

argmin / argmax return the *first* index of the extreme value when it is tied,
as NumPy and PyTorch do.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

import gradschool as gs

MAX_DRAWS = 2_000_000  # draws held in memory at once

TIED_SAMPLE = (3.0, 7.0, 1.0, 7.0, 2.0, 7.0, 1.0)
"""A sample with its maximum 7 at indices 1, 3, 5 and its minimum 1 at indices 2, 6."""


def tie_indices(x: Sequence[float]) -> dict[str, dict[str, int]]:
    """argmax and argmin of x by gradschool, NumPy and plain Python (first index of the extreme).

    Returns {"gradschool" | "numpy" | "python": {"argmax": i, "argmin": j}}.
    """
    values = list(x)
    if not values:
        raise ValueError("tie_indices: the sample is empty")
    t, a = gs.tensor(values, dtype="float64"), np.asarray(values, dtype=np.float64)
    return {
        "gradschool": {"argmax": int(gs.argmax(t).item()), "argmin": int(gs.argmin(t).item())},
        "numpy": {"argmax": int(np.argmax(a)), "argmin": int(np.argmin(a))},
        "python": {"argmax": values.index(max(values)), "argmin": values.index(min(values))},
    }


def summary(x: Sequence[float]) -> dict[str, float]:
    """min, max, mean, var (ddof 0 and 1) and std (ddof 1) of a sample, computed with gs."""
    t = gs.tensor(list(x), dtype="float64")
    if t.ndim != 1 or t.shape[0] < 2:
        raise ValueError(f"summary: need a 1-D sample of at least 2 values, got shape {t.shape}")
    return {"min": t.min().item(), "max": t.max().item(), "mean": t.mean().item(),
            "var_ddof0": t.var(correction=0).item(), "var_ddof1": t.var(correction=1).item(),
            "std_ddof1": t.std(correction=1).item()}


def variance_ratios(n: int, replicates: int, sigma: float,
                    rng: np.random.Generator) -> dict[int, float]:
    """Mean of s²_ddof / σ² over `replicates` samples of n draws from N(10, σ²), ddof 0 and 1.

    Each batch of samples is one (rows, n) gs Tensor; its var over dim 1 with
    correction = ddof gives every sample's variance at once.
    Returns {0: ≈ (n − 1)/n, 1: ≈ 1}.
    """
    if n < 2 or replicates < 1 or sigma <= 0:
        raise ValueError(f"variance_ratios: need n >= 2, replicates >= 1, sigma > 0, "
                         f"got n={n!r}, replicates={replicates!r}, sigma={sigma!r}")
    rows = max(1, MAX_DRAWS // n)
    totals = {0: 0.0, 1: 0.0}
    for start in range(0, replicates, rows):
        samples = gs.tensor(rng.normal(10.0, sigma, size=(min(rows, replicates - start), n)))
        for ddof in totals:
            totals[ddof] += float(samples.var(dim=1, correction=ddof).sum().item())
    return {ddof: total / replicates / sigma**2 for ddof, total in totals.items()}
