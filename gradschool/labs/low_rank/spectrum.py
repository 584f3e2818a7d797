r"""The spectrum of a weight matrix: eigen- and singular value decompositions, the knee,
Eckart–Young measured at every rank, and how much of the noise a truncation keeps.

    G = Wᵀ W = Q Λ Qᵀ          spectral decomposition: Q orthogonal, Λ diagonal, λᵢ = σᵢ²
    W = U Σ Vᵀ                  singular value decomposition
    ‖W − W_k‖_F = (Σ_{i>k} σᵢ²)^{1/2}     Eckart–Young, W_k = U_k Σ_k V_kᵀ
"""
from __future__ import annotations

import numpy as np

from gradschool.linalg import eckart_young_error


def spectral_decomposition(G: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """G = Q diag(λ) Qᵀ for a symmetric G (n, n): λ (n,) in descending order, Q (n, n)
    orthogonal (its columns the eigenvectors). `np.linalg.eigh` returns them ascending."""
    if G.ndim != 2 or G.shape[0] != G.shape[1]:
        raise ValueError(f"spectral_decomposition: G must be square, got shape {G.shape}")
    if not np.allclose(G, G.T, rtol=0, atol=1e-12 * max(np.abs(G).max(), 1e-300)):
        raise ValueError("spectral_decomposition: G is not symmetric")
    lam, Q = np.linalg.eigh(G)
    return lam[::-1], Q[:, ::-1]


def spectral_checks(W: np.ndarray, S: np.ndarray) -> dict[str, float]:
    """Decompose G = Wᵀ W and check it three ways, each a number that should be ~1e-13:

    orthogonality_error:  max |QᵀQ − I|                 (Q is orthogonal)
    reconstruction_error: ‖G − Q Λ Qᵀ‖_F / ‖G‖_F
    sqrt_eigenvalue_vs_sigma: max |√λᵢ − σᵢ| / σ₁       (G's eigenvalues are W's σᵢ²;
        measured against σ₁ because √ of a tiny eigenvalue loses digits: λ has an
        absolute error of ε·σ₁², so √λ has one of ε·σ₁² / σᵢ)
    """
    G = W.T @ W
    G = (G + G.T) / 2  # exactly symmetric: the two triangles of Wᵀ W round differently
    lam, Q = spectral_decomposition(G)
    n = G.shape[0]
    root = np.sqrt(np.clip(lam, 0.0, None))
    return {
        "orthogonality_error": float(np.abs(Q.T @ Q - np.eye(n)).max()),
        "reconstruction_error": float(np.linalg.norm(G - (Q * lam) @ Q.T) / np.linalg.norm(G)),
        "sqrt_eigenvalue_vs_sigma": float(np.abs(root[: S.size] - S).max() / S[0]),
    }


def knee_rank(S: np.ndarray) -> int:
    """Where the spectrum drops most: the i (1-based) with the largest ratio σᵢ / σᵢ₊₁.

    For a rank-r signal plus weak noise that is i = r: σ_r is the smallest
    signal value, σ_{r+1} the largest noise value. A zero σᵢ₊₁ after a
    positive σᵢ counts as an infinite ratio; 0 / 0 counts as none.
    """
    S = np.asarray(S, dtype=np.float64)
    if S.ndim != 1 or S.size < 2:
        raise ValueError(f"knee_rank: need at least 2 singular values, got shape {S.shape}")
    if np.any(np.diff(S) > 0) or S[-1] < 0:
        raise ValueError("knee_rank: singular values must be >= 0 and in descending order")
    head, tail = S[:-1], S[1:]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = np.where(tail > 0, head / np.where(tail > 0, tail, 1.0),
                          np.where(head > 0, np.inf, 0.0))
    return int(np.argmax(ratios)) + 1


def truncation_errors_every_k(W: np.ndarray, U: np.ndarray, S: np.ndarray,
                              Vt: np.ndarray) -> np.ndarray:
    """‖W − W_k‖_F for every k = 0 … r (r = S.size), measured on explicit matrices.

    The residual R_k = W − W_k is built by peeling one rank-1 piece at a time,
    R_k = R_{k−1} − σ_k u_k v_kᵀ (O(mn) each instead of O(mnk) for a fresh
    truncation), and its norm is taken entry by entry: nothing here uses
    Eckart–Young's formula, which is what the measurement is checked against.
    """
    R = np.array(W, dtype=np.float64, copy=True)
    flat = R.reshape(-1)  # a view: ‖R‖_F² = flat · flat, one BLAS call, no temporary
    errors = np.empty(S.size + 1)
    errors[0] = np.sqrt(flat @ flat)
    piece = np.empty_like(R)
    for i in range(S.size):
        np.multiply.outer(U[:, i] * S[i], Vt[i], out=piece)
        R -= piece
        errors[i + 1] = np.sqrt(flat @ flat)
    return errors


def eckart_young_gaps(measured: np.ndarray, S: np.ndarray) -> np.ndarray:
    """|measured_k − (Σ_{i>k} σᵢ²)^{1/2}| for k = 0 … len(measured) − 1."""
    formula = np.array([eckart_young_error(S, k) for k in range(measured.size)])
    return np.abs(measured - formula)


def noise_analysis(W: np.ndarray, signal: np.ndarray, U: np.ndarray, S: np.ndarray,
                   Vt: np.ndarray, rank: int, noise_level: float) -> dict[str, float]:
    r"""What the rank-r truncation of W = signal + E keeps of the noise E (all ÷ ‖W‖_F).

    When the signal's singular values stand well above the noise's, W's top-r
    subspaces are nearly the signal's (P_U, P_V: projections onto the signal's
    top-r left and right singular vectors), and to first order

        W − W_r ≈ (I − P_U) E (I − P_V):

    the truncation error IS the noise outside the signal's subspaces. For
    i.i.d. N(0, s²) noise (s = noise_level) that block has (d − r)² entries, so

        ‖W − W_r‖_F ≈ s (d − r),   while   ‖E‖_F ≈ s d,
        ‖W_r − signal‖_F ≈ s (d² − (d − r)²)^{1/2}   (the noise inside the subspaces).

    Returns relative_error (‖W − W_r‖), noise_outside_signal
    (‖(I − P_U) E (I − P_V)‖, measured), predicted (s (d − r)), noise (‖E‖),
    denoised_error (‖W_r − signal‖, measured) and denoised_predicted.
    """
    m, n = W.shape
    E = W - signal
    Us, _, Vst = np.linalg.svd(signal, full_matrices=False)
    Ur, Vr = Us[:, :rank], Vst[:rank].T
    EV = E @ Vr
    outside = E - Ur @ (Ur.T @ E) - EV @ Vr.T + Ur @ (Ur.T @ EV) @ Vr.T
    W_r = (U[:, :rank] * S[:rank]) @ Vt[:rank]
    norm = float(np.linalg.norm(W))
    return {
        "relative_error": eckart_young_error(S, rank) / norm,
        "noise_outside_signal": float(np.linalg.norm(outside)) / norm,
        "predicted": noise_level * float(np.sqrt((m - rank) * (n - rank))) / norm,
        "noise": float(np.linalg.norm(E)) / norm,
        "denoised_error": float(np.linalg.norm(W_r - signal)) / norm,
        "denoised_predicted": noise_level * float(np.sqrt(m * n - (m - rank) * (n - rank)))
        / norm,
    }
