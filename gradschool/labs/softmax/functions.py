"""Softmax, log-sum-exp, entropy, cross-entropy and KL divergence, written out in NumPy.

Distributions and logits lie along the last axis; logarithms are natural (nats).

    softmax(z)ᵢ = e^{zᵢ} / Σⱼ e^{zⱼ} = e^{zᵢ - m} / Σⱼ e^{zⱼ - m},  m = maxⱼ zⱼ
    logsumexp(z) = m + log Σⱼ e^{zⱼ - m}
    H(p) = -Σ pᵢ log pᵢ              (0 log 0 = 0)
    H(p, q) = -Σ pᵢ log qᵢ
    KL(p‖q) = Σ pᵢ log(pᵢ / qᵢ) = H(p, q) - H(p) ≥ 0
    BCE(y, q) = -[y log q + (1 - y) log(1 - q)]
"""
from __future__ import annotations

import numpy as np


def _float_array(x: np.ndarray, name: str) -> np.ndarray:
    x = np.asarray(x)
    if x.dtype.kind != "f":
        x = x.astype(np.float64)
    if x.ndim == 0:
        raise ValueError(f"{name}: needs at least one axis of values, got a scalar")
    return x


def naive_softmax(z: np.ndarray) -> np.ndarray:
    """e^{zᵢ} / Σ e^{zⱼ} as written: e^{z} overflows to inf for z > 709.78 (float64), and
    inf / inf is NaN. Shown to fail; use stable_softmax."""
    z = _float_array(z, "naive_softmax")
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(z)
        return e / e.sum(axis=-1, keepdims=True)


def stable_softmax(z: np.ndarray) -> np.ndarray:
    """e^{zᵢ - m} / Σ e^{zⱼ - m} with m = max z: the same value (the factor e^{-m} cancels),
    but every exponent is ≤ 0, so nothing overflows and the largest term is exactly 1."""
    z = _float_array(z, "stable_softmax")
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def naive_logsumexp(z: np.ndarray) -> np.ndarray:
    """log Σ e^{zⱼ} as written (inf once an e^{zⱼ} overflows)."""
    z = _float_array(z, "naive_logsumexp")
    with np.errstate(over="ignore"):
        return np.log(np.exp(z).sum(axis=-1))


def logsumexp(z: np.ndarray) -> np.ndarray:
    """log Σ e^{zⱼ} = m + log Σ e^{zⱼ - m}, m = max z: finite for any finite z."""
    z = _float_array(z, "logsumexp")
    m = z.max(axis=-1, keepdims=True)
    return (m + np.log(np.exp(z - m).sum(axis=-1, keepdims=True)))[..., 0]


def _check_distribution(p: np.ndarray, name: str) -> np.ndarray:
    p = _float_array(p, name)
    if (p < 0).any():
        raise ValueError(f"{name}: probabilities must be >= 0, got a minimum of {p.min()}")
    total = p.sum(axis=-1)
    if not np.allclose(total, 1.0, atol=1e-9):
        worst = total.ravel()[np.abs(total - 1).argmax()]
        raise ValueError(f"{name}: probabilities must sum to 1 along the last axis, "
                         f"got a sum of {worst}")
    return p


def entropy(p: np.ndarray) -> np.ndarray:
    """H(p) = -Σ pᵢ log pᵢ, with 0 log 0 = 0 (the limit of x log x at 0)."""
    p = _check_distribution(p, "entropy")
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, p * np.log(p), 0.0)
    return 0.0 - terms.sum(axis=-1)  # 0.0 - 0.0 = 0.0, where -(0.0) would print as -0.0


def cross_entropy(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """H(p, q) = -Σ pᵢ log qᵢ over the i with pᵢ > 0 (inf if some qᵢ = 0 there)."""
    p, q = _check_distribution(p, "cross_entropy"), _check_distribution(q, "cross_entropy")
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, p * np.log(q), 0.0)
    return -terms.sum(axis=-1)


def kl_divergence(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """KL(p‖q) = Σ pᵢ (log pᵢ - log qᵢ) over the i with pᵢ > 0: ≥ 0, and 0 only if q = p."""
    p, q = _check_distribution(p, "kl_divergence"), _check_distribution(q, "kl_divergence")
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, p * (np.log(p) - np.log(q)), 0.0)
    return terms.sum(axis=-1)


def binary_cross_entropy(y: np.ndarray, q: np.ndarray) -> np.ndarray:
    """BCE(y, q) = -[y log q + (1 - y) log(1 - q)]: the cross-entropy of the two-class
    distributions (y, 1 - y) and (q, 1 - q), for targets y and predictions q in [0, 1]."""
    y, q = np.asarray(y, dtype=np.float64), np.asarray(q, dtype=np.float64)
    for name, v in (("y", y), ("q", q)):
        if v.size and (v.min() < 0 or v.max() > 1):
            raise ValueError(f"binary_cross_entropy: {name} must lie in [0, 1], got values "
                             f"from {v.min()} to {v.max()}")
    with np.errstate(divide="ignore", invalid="ignore"):
        return -(np.where(y > 0, y * np.log(q), 0.0)
                 + np.where(y < 1, (1 - y) * np.log1p(-q), 0.0))
