"""The measurements of the `softmax` lab, each a small function returning plain numbers."""
from __future__ import annotations

import math
from typing import Any

import numpy as np

import gradschool as gs
import gradschool.nn.functional as F

from .functions import (
    binary_cross_entropy,
    cross_entropy,
    entropy,
    kl_divergence,
    logsumexp,
    naive_logsumexp,
    naive_softmax,
    stable_softmax,
)


def overflow(big: float) -> dict[str, Any]:
    """Softmax of z = (big, big - 1, big - 2), naive and stable, against the closed form
    pᵢ = e^{-i} / (1 + e^{-1} + e^{-2}) (computed with `math.exp`)."""
    z = np.array([big, big - 1.0, big - 2.0])
    weights = [math.exp(-i) for i in range(3)]
    closed = np.array(weights) / math.fsum(weights)
    naive = naive_softmax(z)
    stable = stable_softmax(z)
    library = gs.softmax(gs.tensor(z), dim=-1).numpy()
    return {
        "naive": naive.tolist(),
        "naive_overflow": bool(np.isnan(naive).any() or np.isinf(naive).any()),
        "stable": stable.tolist(),
        "stable_max_error": float(max(np.abs(stable - closed).max(),
                                      np.abs(library - closed).max())),
        "logsumexp": {"naive": float(naive_logsumexp(z)), "stable": float(logsumexp(z)),
                      "closed_form": big + math.log(math.fsum(weights))},
    }


def invariance_error(z: np.ndarray, shifts: tuple[float, ...] = (-100.0, 3.0, 1000.0)) -> float:
    """max over c of |softmax(z + c) - softmax(z)|: adding a constant changes nothing."""
    p = stable_softmax(z)
    return float(max(np.abs(stable_softmax(z + c) - p).max() for c in shifts))


def underflow(n: int, prob: float) -> dict[str, Any]:
    """The product of n probabilities `prob` (0 once it passes float64's smallest number)
    against the sum of their logs; and the first n at which the running product is 0."""
    p = np.full(n, prob)
    running = np.cumprod(p)
    zero = np.flatnonzero(running == 0.0)
    return {"product": float(running[-1]), "log_sum": float(np.log(p).sum()),
            "exact_log_sum": n * math.log(prob),
            "first_zero_n": int(zero[0]) + 1 if zero.size else None}


def entropy_uniform(ks: tuple[int, ...]) -> dict[str, float]:
    """{k: H(uniform over k)}, which is log k, the largest entropy over k outcomes."""
    return {str(k): float(entropy(np.full(k, 1.0 / k))) for k in ks}


def random_distributions(rng: np.random.Generator, n: int, k: int) -> np.ndarray:
    """n distributions over k outcomes, uniform on the simplex (Dirichlet(1, ..., 1))."""
    return rng.dirichlet(np.ones(k), size=n)


def divergences(p: np.ndarray, q: np.ndarray) -> dict[str, Any]:
    """KL ≥ 0 and H(p, q) = H(p) + KL(p‖q) on pairs of rows of p and q."""
    kl = kl_divergence(p, q)
    h_p, h_pq = entropy(p), cross_entropy(p, q)
    return {"kl": kl, "h_p": h_p, "h_pq": h_pq,
            "kl_min": float(kl.min()),
            "kl_self_max": float(np.abs(kl_divergence(p, p)).max()),
            "decomposition_error": float(np.abs(h_pq - h_p - kl).max()),
            "cross_entropy_at_least_entropy": bool((h_pq >= h_p - 1e-12).all())}


def temperature_entropy(z: np.ndarray, temperatures: tuple[float, ...]) -> dict[str, float]:
    """{T: H(softmax(z / T))}: 0 (one-hot on the argmax) as T → 0, log k as T → ∞."""
    return {f"{T:g}": float(entropy(stable_softmax(z / T))) for T in temperatures}


def library_checks(rng: np.random.Generator, batch: int, k: int) -> dict[str, float]:
    """gs.softmax, gs.log_softmax and F.cross_entropy / F.binary_cross_entropy against the
    NumPy formulas above, on random logits (some as large as 1000)."""
    logits = rng.standard_normal((batch, k)) * 10
    logits[0] += 1000.0  # a row that would overflow a naive softmax
    labels = rng.integers(0, k, batch)
    t = gs.tensor(logits)
    p = stable_softmax(logits)
    log_p = logits - logsumexp(logits)[:, None]
    ce_formula = float(-log_p[np.arange(batch), labels].mean())
    y = rng.integers(0, 2, batch).astype(np.float64)
    q = rng.uniform(0.01, 0.99, batch)
    bce = F.binary_cross_entropy(gs.tensor(q), gs.tensor(y)).item()
    return {
        "gs_softmax": float(np.abs(gs.softmax(t, dim=-1).numpy() - p).max()),
        "gs_log_softmax": float(np.abs(gs.log_softmax(t, dim=-1).numpy() - log_p).max()),
        "gs_cross_entropy": abs(F.cross_entropy(t, gs.tensor(labels)).item() - ce_formula),
        "gs_binary_cross_entropy": abs(bce - float(binary_cross_entropy(y, q).mean())),
    }
