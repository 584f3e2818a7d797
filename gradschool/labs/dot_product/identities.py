"""The dot product and matrix product, and the identities that tie their forms together.

    aᵀb = ⟨a, b⟩ = Σᵢ aᵢbᵢ = |a| |b| cos θ
    ⟨A, B⟩_F = Σᵢⱼ AᵢⱼBᵢⱼ = trace(AᵀB) = vec(A)ᵀ vec(B)
    r(x, y) = z_xᵀ z_y / n,   z = (x - mean) / std (std with ddof 0)
    C = AB:  Cᵢⱼ = (row i of A) · (column j of B),  (m×k)(k×n) → m×n
    (AB)ᵀ = BᵀAᵀ,   AB ≠ BA in general
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np

import gradschool as gs


def dot_loop(a: list[float], b: list[float]) -> float:
    """Σᵢ aᵢbᵢ with a Python loop: the definition, one multiply-add at a time."""
    if len(a) != len(b):
        raise ValueError(f"dot_loop: vectors of lengths {len(a)} and {len(b)} differ")
    total = 0.0
    for x, y in zip(a, b):
        total += x * y
    return total


def frobenius(A: np.ndarray, B: np.ndarray) -> float:
    """⟨A, B⟩_F = vec(A) · vec(B), the dot product of the two matrices read as vectors."""
    if A.shape != B.shape:
        raise ValueError(f"frobenius: shapes {A.shape} and {B.shape} differ")
    return float(A.ravel() @ B.ravel())


def zscore(x: np.ndarray) -> np.ndarray:
    """(x - mean) / std along axis 0, with the population std (ddof 0)."""
    return (x - x.mean(axis=0)) / x.std(axis=0)


def correlation_matrix(X: np.ndarray) -> np.ndarray:
    """Pearson correlations of the columns of X (n, p): R = Zᵀ Z / n, Z = zscore(X)."""
    Z = zscore(X)
    return Z.T @ Z / len(X)


def python_matmul(A: list[list[float]], B: list[list[float]]) -> list[list[float]]:
    """C = AB by the definition, three nested Python loops: Cᵢⱼ = Σₚ AᵢₚBₚⱼ.

    A: m lists of k floats, B: k lists of n floats → m lists of n floats.
    """
    m, k, n = len(A), len(B), len(B[0]) if B else 0
    if any(len(row) != k for row in A):
        raise ValueError(f"python_matmul: A's rows must have {k} entries (B has {k} rows)")
    C = [[0.0] * n for _ in range(m)]
    for i in range(m):
        row = A[i]
        for j in range(n):
            total = 0.0
            for p in range(k):
                total += row[p] * B[p][j]
            C[i][j] = total
    return C


def shape_error(a_shape: tuple[int, ...], b_shape: tuple[int, ...]) -> dict[str, str]:
    """The messages gradschool's `gs.matmul` and NumPy's `@` give for mismatched shapes."""
    messages = {}
    a, b = np.ones(a_shape), np.ones(b_shape)
    try:
        gs.matmul(gs.tensor(a), gs.tensor(b))
        messages["gradschool"] = ""
    except ValueError as exc:
        messages["gradschool"] = str(exc)
    try:
        a @ b
        messages["numpy"] = ""
    except ValueError as exc:
        messages["numpy"] = str(exc)
    return messages


def _cosine_law(rng: np.random.Generator, n: int) -> float:
    """max |a·b - |a||b| cos(θ_b - θ_a)| over n random 2-D pairs, angles from atan2."""
    a, b = rng.standard_normal((2, n, 2))
    dots = (a * b).sum(axis=1)
    theta = np.arctan2(b[:, 1], b[:, 0]) - np.arctan2(a[:, 1], a[:, 0])
    lengths = np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1)
    return float(np.abs(dots - lengths * np.cos(theta)).max())


def identity_errors(rng: np.random.Generator, n: int = 1000) -> dict[str, float]:
    """{identity: max |left side - right side|} in float64, each on random data.

    n: length of the vectors and number of samples for the correlation.
    """
    a, b = rng.standard_normal((2, n))
    A, B = rng.standard_normal((2, 40, 30))
    M, N = rng.standard_normal((30, 20)), rng.standard_normal((20, 10))
    X = rng.standard_normal((n, 4)) @ rng.standard_normal((4, 4))  # correlated columns
    G, H = rng.standard_normal((6, 4)), rng.standard_normal((4, 5))
    grid = np.array(python_matmul(G.tolist(), H.tolist()))
    gs_dot = gs.matmul(gs.tensor(a), gs.tensor(b)).item()
    gs_product = gs.matmul(gs.tensor(M), gs.tensor(N)).numpy()
    return {
        "dot_sum": abs(float(a @ b) - dot_loop(a.tolist(), b.tolist())),
        "dot_gs": abs(gs_dot - float(a @ b)),
        "cosine_law": _cosine_law(rng, n),
        "frobenius_trace": abs(frobenius(A, B) - float(np.trace(A.T @ B))),
        "frobenius_elementwise": abs(frobenius(A, B) - float((A * B).sum())),
        "correlation": float(np.abs(correlation_matrix(X) - np.corrcoef(X.T)).max()),
        "transpose_of_product": float(np.abs((M @ N).T - N.T @ M.T).max()),
        "matmul_grid": float(np.abs(grid - G @ H).max()),
        "gs_matmul": float(np.abs(gs_product - M @ N).max()),
    }


def commutator(rng: np.random.Generator, n: int = 4) -> dict[str, Any]:
    """AB and BA for random n × n A, B: max |AB - BA| (not 0: the product does not commute)."""
    A, B = rng.standard_normal((2, n, n))
    return {"max_abs_ab_minus_ba": float(np.abs(A @ B - B @ A).max()),
            "relative": float(np.linalg.norm(A @ B - B @ A) / np.linalg.norm(A @ B))}


def cosine_similarity(a: np.ndarray, b: np.ndarray) -> float:
    """cos θ = a·b / (|a| |b|), in [-1, 1]."""
    na, nb = float(np.linalg.norm(a)), float(np.linalg.norm(b))
    if na == 0 or nb == 0:
        raise ValueError("cosine_similarity: a zero vector has no direction")
    return float(a @ b) / (na * nb)


def angle_degrees(a: np.ndarray, b: np.ndarray) -> float:
    """θ = arccos(cos θ) in degrees (the cosine clipped to [-1, 1] against rounding).

    Near 0° and 180° arccos magnifies rounding: an error of eps in cos θ moves θ by about
    √(2 eps) radians, ~1e-6 degrees in float64.
    """
    return math.degrees(math.acos(min(1.0, max(-1.0, cosine_similarity(a, b)))))
