"""The linear contrast: x_{t+1} = W x_t, a system of many parts that stays predictable.

A perturbation obeys the same map, δ_t = W^t δ₀ = Σᵢ cᵢ λᵢ^t vᵢ (eigenpairs of W),
so the term of largest |λ| takes over and |δ_{t+1}| / |δ_t| → |λ|max: the same
rate at every point x, forever (no saturation, no fluctuation). The lab's W
has non-negative entries (N units exciting each other); by the Perron–Frobenius
theorem its largest |λ| is then a real, simple eigenvalue, so the ratio settles
on one number. (If the top eigenvalues were a complex pair, |δ_t| would grow at
the same rate |λ|max on average while wobbling step by step.)
"""
from __future__ import annotations

import numpy as np


def random_positive_matrix(N: int, gain: float, rng: np.random.Generator) -> np.ndarray:
    """W (N, N) with i.i.d. entries uniform on [0, 2 gain / N]: row sums, hence |λ|max, ≈ gain."""
    if N < 2 or gain <= 0:
        raise ValueError(f"random_positive_matrix: need N >= 2 and gain > 0, "
                         f"got N={N!r}, gain={gain!r}")
    return rng.uniform(0.0, 2.0 * gain / N, size=(N, N))


def perturbation_growth(W: np.ndarray, delta0: np.ndarray, steps: int) -> np.ndarray:
    """Per-step growth factors |δ_{t+1}| / |δ_t| of δ_{t+1} = W δ_t, t = 0..steps-1.

    δ is renormalised to unit length after each step (the map is linear, so the
    ratios are unchanged and nothing overflows). W: (N, N), delta0: (N,) -> (steps,).
    """
    W = np.asarray(W, dtype=np.float64)
    if W.ndim != 2 or W.shape[0] != W.shape[1]:
        raise ValueError(f"perturbation_growth: W must be square, got shape {W.shape}")
    delta = np.asarray(delta0, dtype=np.float64)
    if delta.shape != (W.shape[0],) or not np.any(delta):
        raise ValueError(f"perturbation_growth: delta0 must be a non-zero vector of length "
                         f"{W.shape[0]}, got shape {delta.shape}")
    if steps < 1:
        raise ValueError(f"perturbation_growth: steps must be >= 1, got {steps!r}")
    delta = delta / np.linalg.norm(delta)
    growth = np.empty(steps)
    for t in range(steps):
        delta = W @ delta
        growth[t] = np.linalg.norm(delta)
        delta /= growth[t]
    return growth


def top_eigenvalue_modulus(W: np.ndarray) -> float:
    """|λ|max of W, from all its eigenvalues (np.linalg.eigvals)."""
    return float(np.abs(np.linalg.eigvals(W)).max())
