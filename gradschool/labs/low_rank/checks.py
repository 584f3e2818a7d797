"""Checks of the low-rank notebook's exercises, against the lab's functions and gs.linalg."""
from __future__ import annotations

import numpy as np

from gradschool.data import low_rank_matrix
from gradschool.labs.exercise import Namespace, expect_close, expect_equal, expect_true
from gradschool.linalg import eckart_young_error, truncate

from .spectrum import knee_rank as lab_knee_rank
from .spectrum import spectral_decomposition as lab_spectral_decomposition


def spectral_decomposition(ns: Namespace) -> None:
    f = ns.function("spectral_decomposition")
    X = np.random.default_rng(3).standard_normal((6, 6))
    G = X + X.T
    lam, Q = f(G)
    lam, Q = np.asarray(lam), np.asarray(Q)
    expected, _ = lab_spectral_decomposition(G)
    expect_close(lam, expected, "the eigenvalues of a symmetric 6×6 G, largest first")
    expect_close(Q.T @ Q, np.eye(6), "QᵀQ (Q must be orthogonal)")
    expect_close((Q * lam) @ Q.T, G, "Q diag(λ) Qᵀ (must give back G: reorder Q's columns too)")


def knee_rank(ns: Namespace) -> None:
    f = ns.function("knee_rank")
    for S in (np.array([10.0, 9.0, 8.0, 1.0, 0.9]), np.array([5.0, 1.0, 0.9, 0.8]),
              np.linalg.svd(low_rank_matrix(200, 12, 0.01, seed=1), compute_uv=False)):
        expect_equal(int(f(S)), lab_knee_rank(S), f"knee_rank of {S.size} singular values")


def eckart_young(ns: Namespace) -> None:
    f_truncate, f_error = ns.function("truncate"), ns.function("eckart_young_error")
    A = np.random.default_rng(4).standard_normal((9, 7))
    U, S, Vt = np.linalg.svd(A, full_matrices=False)
    for k in (0, 1, 3, 7):
        expect_close(f_truncate(U, S, Vt, k), truncate(U, S, Vt, k), f"truncate(U, S, Vt, {k})")
        expect_close(f_error(S, k), eckart_young_error(S, k), f"eckart_young_error(S, {k})")


def lora_fit(ns: Namespace) -> None:
    f = ns.function("fit_lora")
    d, r = 16, 2
    W0 = low_rank_matrix(d, 4, 0.01, seed=5)
    dW = 0.5 * low_rank_matrix(d, 4, 0.0, seed=6)
    B, A, errors = f(W0, W0 + dW, r, 400, 0.02, np.random.default_rng(7))
    B, A = np.asarray(B), np.asarray(A)
    expect_equal((B.shape, A.shape), ((d, r), (r, d)), "the shapes of (B, A) for d = 16, r = 2")
    expect_close(errors[0], np.linalg.norm(dW), "the first error (B = 0 at the start: ‖ΔW‖_F)")
    best = eckart_young_error(np.linalg.svd(dW, compute_uv=False), r)
    trained = float(np.linalg.norm(B @ A - dW))
    expect_true(trained <= 1.05 * best, f"after 400 Adam steps ‖BA − ΔW‖_F = {trained:.4g} should "
                                        f"be within 5% of the best rank-2 error {best:.4g}")


def randomized_svd(ns: Namespace) -> None:
    f = ns.function("randomized_svd")
    A = low_rank_matrix(150, 10, 0.01, seed=8)
    U, S, Vt = (np.asarray(x) for x in f(A, 10, 5, 2, np.random.default_rng(9)))
    U_e, S_e, Vt_e = np.linalg.svd(A, full_matrices=False)
    expect_equal((U.shape, S.shape, Vt.shape), ((150, 10), (10,), (10, 150)),
                 "the shapes of U, S, Vt for k = 10")
    expect_close(S, S_e[:10], "the top 10 singular values", rtol=1e-8)
    expect_close(U.T @ U, np.eye(10), "UᵀU (U must have orthonormal columns)")
    expect_close((U * S) @ Vt, truncate(U_e, S_e, Vt_e, 10),
                 "U diag(S) Vt (the rank-10 truncation)", rtol=1e-6, atol=1e-8)


CHECKS = {"spectral-decomposition": spectral_decomposition, "knee-rank": knee_rank,
          "eckart-young": eckart_young, "lora-fit": lora_fit, "randomized-svd": randomized_svd}
