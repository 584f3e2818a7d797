r"""Rank-k truncation of an SVD and its error (Eckart–Young).

Eckart–Young–Mirsky: among all matrices of rank at most k, the one closest to
A = U Σ Vᵀ in the Frobenius norm is the truncation A_k = U_k Σ_k V_kᵀ, and

    ‖A − A_k‖_F = (Σ_{i>k} σᵢ²)^{1/2}.

    U, S, Vt = np.linalg.svd(A, full_matrices=False)
    A_k = truncate(U, S, Vt, k)
    np.linalg.norm(A - A_k)  ≈  eckart_young_error(S, k)
"""
from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["eckart_young_error", "truncate"]


def _check_k(k: Any, r: int, name: str) -> int:
    if not isinstance(k, (int, np.integer)) or isinstance(k, bool):
        raise TypeError(f"{name}: k must be an int, got {k!r}")
    if not 0 <= k <= r:
        raise ValueError(f"{name}: k {k} is outside [0, {r}] ({r} singular values)")
    return int(k)


def eckart_young_error(S: Any, k: int) -> float:
    r"""‖A − A_k‖_F = (Σ_{i>k} σᵢ²)^{1/2}: the smallest Frobenius error of any rank-k
    approximation of A, from A's singular values S (r,) in descending order
    (all of them: the ones after k are the error). k in [0, r]; k = r gives 0.
    """
    S = np.asarray(S, dtype=np.float64)
    if S.ndim != 1:
        raise ValueError(f"eckart_young_error: S must be 1-D (the singular values), "
                         f"got shape {S.shape}")
    k = _check_k(k, S.shape[0], "eckart_young_error")
    return float(np.sqrt(np.sum(S[k:] ** 2)))


def truncate(U: Any, S: Any, Vt: Any, k: int) -> np.ndarray:
    r"""A_k = U_k diag(S_k) V_kᵀ (m, n): the rank-k reconstruction from an SVD.

    U (m, r), S (r,), Vt (r, n) as `np.linalg.svd(A, full_matrices=False)`
    returns them; U_k, S_k, V_kᵀ keep the first k columns / values / rows.
    """
    U, S, Vt = np.asarray(U), np.asarray(S), np.asarray(Vt)
    if U.ndim != 2 or S.ndim != 1 or Vt.ndim != 2 or not U.shape[1] == S.shape[0] == Vt.shape[0]:
        raise ValueError(f"truncate: expected U (m, r), S (r,), Vt (r, n), got shapes "
                         f"{U.shape}, {S.shape}, {Vt.shape}")
    k = _check_k(k, S.shape[0], "truncate")
    return (U[:, :k] * S[:k]) @ Vt[:k]
