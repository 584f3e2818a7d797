r"""Randomized SVD: the top k singular triplets of a large matrix, from a random sketch.

Halko, Martinsson and Tropp, "Finding structure with randomness" (SIAM Review
53(2), 2011): Algorithm 4.4 (randomized subspace iteration) followed by
Algorithm 5.1 (direct SVD of the small projected matrix).
"""
from __future__ import annotations

from typing import Any

import numpy as np

from ..random import as_generator

__all__ = ["randomized_svd"]


def _is_int(v: Any) -> bool:
    return isinstance(v, (int, np.integer)) and not isinstance(v, bool)


def _matrix(A: Any) -> np.ndarray:
    """A (NumPy array, gs Tensor or nested lists) as a finite 2-D float array."""
    A = np.asarray(A)
    if A.ndim != 2:
        raise ValueError(f"randomized_svd: A must be a 2-D matrix, got shape {A.shape}")
    if A.dtype.kind not in "biuf":
        raise TypeError(f"randomized_svd: A must hold real numbers, got dtype {A.dtype}")
    if A.dtype.kind != "f":
        A = A.astype(np.float64)
    if not np.isfinite(A).all():
        raise ValueError("randomized_svd: A contains NaN or infinite entries")
    return A


def _check_counts(shape: tuple[int, int], k: Any, p: Any, q: Any) -> int:
    """Validate n_components k, n_oversamples p and n_iter q; returns q as an int."""
    m, n = shape
    if not _is_int(k):
        raise TypeError(f"randomized_svd: n_components must be an int, got {k!r}")
    if k < 1:
        raise ValueError(f"randomized_svd: n_components {k} < 1")
    if k > min(m, n):
        raise ValueError(f"randomized_svd: n_components {k} > min(m, n) = {min(m, n)} "
                         f"for A of shape ({m}, {n})")
    if not _is_int(p) or p < 0:
        raise ValueError(f"randomized_svd: n_oversamples must be an int >= 0, got {p!r}")
    if isinstance(q, str) and q == "auto":
        return 7 if k < 0.1 * min(m, n) else 4  # scikit-learn's rule
    if not _is_int(q) or q < 0:
        raise ValueError(f"randomized_svd: n_iter must be an int >= 0 or 'auto', got {q!r}")
    return int(q)


def _range_finder(A: np.ndarray, l: int, q: int, rng: np.random.Generator) -> np.ndarray:
    """Q (m, l) with orthonormal columns whose span approximates the range of A.

    Y = A Ω with Ω ~ N(0, 1) of shape (n, l), then q power iterations, each
    half-step re-orthonormalised (Q = qr(Aᵀ Q), Q = qr(A Q)) so the columns
    for small σᵢ are not lost to rounding: the result spans (A Aᵀ)^q A Ω.
    """
    Omega = rng.standard_normal((A.shape[1], l)).astype(A.dtype, copy=False)
    Q, _ = np.linalg.qr(A @ Omega)
    for _ in range(q):
        Q, _ = np.linalg.qr(A.T @ Q)
        Q, _ = np.linalg.qr(A @ Q)
    return Q


def randomized_svd(A: Any, n_components: int, n_oversamples: int = 10,
                   n_iter: int | str = "auto",
                   seed: int | np.random.Generator | None = None,
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""The k = n_components largest singular triplets of A (m × n), approximately.

        Ω ~ N(0, 1)            (n, l)     l = min(k + p, m, n), p = n_oversamples
        Y = (A Aᵀ)^q A Ω       (m, l)     q = n_iter, with a QR after every product
        Q = qr(Y)              (m, l)     orthonormal columns: range(Q) ≈ range(A)
        B = Qᵀ A               (l, n)     small
        B = Û Σ Vᵀ             (full SVD of the small matrix)
        U = Q Û                (m, l)

    and U, Σ, Vᵀ are truncated to their first k columns / values / rows, so
    A ≈ U diag(S) Vt. Power iterations raise the singular values to the power
    2q + 1, which widens the gap between the ones we want and the rest.

    Error (Halko et al. 2011, Theorem 10.5; Gaussian Ω, k ≥ 2, p ≥ 2, q = 0):
    the projection onto the sketch is within a modest factor of Eckart–Young's
    optimum,

        E ‖A − Q Qᵀ A‖_F ≤ (1 + k / (p − 1))^{1/2} (Σ_{j>k} σ_j²)^{1/2};

    with q power iterations the spectral-norm bound's factor in front of
    σ_{k+1} is raised to the power 1 / (2q + 1), so it tends to 1 (Corollary 10.10).

    Cost: O(m n l (2q + 1)) for the products with A plus O((m + n) l²) for the
    QRs and the small SVD — O(m n k) for fixed p and q, against
    O(m n · min(m, n)) for a full SVD (`np.linalg.svd`).

    Args:
        A: the matrix, shape (m, n): a NumPy array, a gs Tensor (its values
            are used; no graph is built) or anything `np.asarray` reads.
            Integer input is computed in float64, float32 stays float32.
        n_components: k, the number of singular triplets, 1 ≤ k ≤ min(m, n).
        n_oversamples: p ≥ 0, extra random directions (l = k + p, capped at min(m, n)).
        n_iter: q ≥ 0 power iterations, or "auto": 7 when k < 0.1 · min(m, n),
            else 4 (scikit-learn's rule).
        seed: an int, a NumPy Generator, or None for gradschool's generator
            (`gs.manual_seed`). The same seed gives the same result.

    Returns:
        NumPy arrays (also for a Tensor A) U (m, k) with orthonormal columns,
        S (k,) in descending order, Vt (k, n) with orthonormal rows. Signs of
        the singular vectors are arbitrary, as in `np.linalg.svd`.
    """
    A = _matrix(A)
    q = _check_counts(A.shape, n_components, n_oversamples, n_iter)
    k = int(n_components)
    l = min(k + int(n_oversamples), *A.shape)
    Q = _range_finder(A, l, q, as_generator(seed, "randomized_svd"))
    B = Q.T @ A
    U_hat, S, Vt = np.linalg.svd(B, full_matrices=False)
    U = Q @ U_hat
    return U[:, :k], S[:k], Vt[:k]
