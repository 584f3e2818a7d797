"""Checks of the dot-product notebook's exercises, against the lab's own functions."""
from __future__ import annotations

import numpy as np

from gradschool.labs.exercise import Namespace, expect_close

from .identities import correlation_matrix, cosine_similarity, dot_loop, python_matmul


def dot_check(ns: Namespace) -> None:
    dot = ns.function("dot")
    rng = np.random.default_rng(21)
    for n in (1, 3, 50):
        a, b = rng.standard_normal((2, n)).tolist()
        expect_close(dot(a, b), dot_loop(a, b), f"dot(a, b) for two random lists of length {n}")
    expect_close(dot([1.0, 2.0, 3.0], [4.0, 5.0, 6.0]), 32.0, "dot([1, 2, 3], [4, 5, 6])")


def cosine_check(ns: Namespace) -> None:
    cosine = ns.function("cosine_similarity")
    rng = np.random.default_rng(22)
    cases = [(np.array([1.0, 0.0]), np.array([0.0, 3.0])),
             (np.array([1.0, 1.0]), np.array([-2.0, -2.0])),
             *(tuple(rng.standard_normal((2, 7))) for _ in range(3))]
    for a, b in cases:
        expect_close(cosine(a, b), cosine_similarity(a, b),
                     f"cosine_similarity({np.round(a, 3)}, {np.round(b, 3)})")


def correlation_check(ns: Namespace) -> None:
    correlation = ns.function("correlation")
    rng = np.random.default_rng(23)
    for n in (5, 200):
        X = rng.standard_normal((n, 2)) @ np.array([[1.0, 0.6], [0.0, 0.8]])
        expect_close(correlation(X[:, 0], X[:, 1]), correlation_matrix(X)[0, 1],
                     f"correlation(x, y) for {n} correlated samples")


def matmul_check(ns: Namespace) -> None:
    matmul = ns.function("matmul")
    rng = np.random.default_rng(24)
    for m, k, n in ((1, 1, 1), (3, 4, 2), (5, 2, 6)):
        A, B = rng.standard_normal((m, k)).tolist(), rng.standard_normal((k, n)).tolist()
        expect_close(matmul(A, B), python_matmul(A, B),
                     f"matmul(A, B) for A {m}×{k} and B {k}×{n}")


CHECKS = {"dot": dot_check, "cosine-similarity": cosine_check,
          "correlation": correlation_check, "matmul": matmul_check}
