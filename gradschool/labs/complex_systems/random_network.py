"""A deep random tanh network as a map of its input: order and chaos (Poole et al., 2016).

    h_0 = x,   h_l = tanh(W_l h_{l-1}),   (W_l)_{ij} ~ N(0, σ_w² / N),   l = 1..L

(width N, no biases). Two inputs x and x' = x + δ₀ are pushed through the same
network; the lab follows |h_l − h'_l| / |x − x'| layer by layer. Mean-field
theory predicts the fate of a small distance from the slope of the map:

    q* = σ_w² E_z[tanh(√q* z)²]               (the squared length per unit, z ~ N(0, 1))
    χ₁ = σ_w² E_z[tanh'(√q* z)²]              (the per-layer factor of |δ|²)

χ₁ < 1: nearby inputs converge (order); χ₁ > 1: they separate (chaos), until
they are as far apart as two unrelated inputs. With no biases, q* = 0 and
χ₁ = σ_w² for σ_w² ≤ 1: the edge of chaos is σ_w² = 1, which is Xavier's
initialisation for tanh (the `initialization` lab's σ² = 1/D).
"""
from __future__ import annotations

import math

import numpy as np

GAUSS_HERMITE_NODES = 201  # relative error ~1e-9 on E[tanh'(√q z)²] at q = 2


def network_distances(sigma_w2: float, N: int, depth: int, n_networks: int, pairs: int,
                      eps: float, seed: int) -> np.ndarray:
    """|h_l − h'_l| / |x − x'| for l = 0..depth, geometric mean over networks and input pairs.

    Each of n_networks random networks gets `pairs` inputs x ~ N(0, I_N) and
    twins x' = x + eps √N u (u a random unit vector, so |x − x'| = eps |x| roughly).
    Weights are σ_w G / √N with G ~ N(0, 1) drawn from `seed`: every σ_w² sees
    the same G, only its scale changes. Returns (depth + 1,), starting at 1.
    """
    if sigma_w2 <= 0 or N < 1 or depth < 1 or n_networks < 1 or pairs < 1 or eps <= 0:
        raise ValueError(f"network_distances: need sigma_w2, N, depth, n_networks, pairs, "
                         f"eps > 0, got sigma_w2={sigma_w2!r}, N={N!r}, depth={depth!r}, "
                         f"n_networks={n_networks!r}, pairs={pairs!r}, eps={eps!r}")
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n_networks, N, pairs))
    u = rng.standard_normal((n_networks, N, pairs))
    u /= np.linalg.norm(u, axis=1, keepdims=True)
    h = np.concatenate([x, x + eps * math.sqrt(N) * u], axis=2)  # (networks, N, 2 pairs)
    d0 = np.linalg.norm(h[..., pairs:] - h[..., :pairs], axis=1)
    log_ratio = np.zeros((depth + 1, n_networks, pairs))
    scale = math.sqrt(sigma_w2 / N)
    for layer in range(1, depth + 1):
        W = scale * rng.standard_normal((n_networks, N, N))
        # einsum's own loop, not BLAS: for products this small, BLAS threads cost more
        # than they save (many times more on a busy machine)
        h = np.tanh(np.einsum("nij,njk->nik", W, h))
        d = np.linalg.norm(h[..., pairs:] - h[..., :pairs], axis=1)
        log_ratio[layer] = np.log(d / d0)
    return np.exp(log_ratio.mean(axis=(1, 2)))


def mean_field(sigma_w2: float, iterations: int = 2000) -> tuple[float, float]:
    """(q*, χ₁) of a tanh network without biases, by iterating q ← σ_w² E[tanh(√q z)²].

    Gaussian expectations by Gauss–Hermite quadrature; q starts at 1 (the
    inputs' q). For σ_w² ≤ 1, q creeps to 0 and χ₁ to σ_w².
    """
    if sigma_w2 <= 0:
        raise ValueError(f"mean_field: sigma_w2 must be > 0, got {sigma_w2!r}")
    z, w = np.polynomial.hermite_e.hermegauss(GAUSS_HERMITE_NODES)
    w = w / w.sum()
    q = 1.0
    for _ in range(iterations):
        q = sigma_w2 * float(np.sum(w * np.tanh(math.sqrt(q) * z) ** 2))
    slope2 = (1.0 - np.tanh(math.sqrt(q) * z) ** 2) ** 2
    return q, sigma_w2 * float(np.sum(w * slope2))

