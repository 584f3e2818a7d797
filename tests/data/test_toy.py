"""Toy data: low_rank_matrix (formula, knee at the true rank, exact rank without noise,
seeding, errors) and make_moons (scikit-learn's moons exactly, noise statistics, errors)."""
import re

import numpy as np
import pytest
from sklearn.datasets import make_moons as sk_make_moons

import gradschool as gs
from gradschool.data import low_rank_matrix, make_moons


@pytest.fixture(scope="module")
def bert_like():
    """The lab's default: 768 × 768, rank 64, noise 0.01, and its singular values."""
    W = low_rank_matrix(seed=0)
    return W, np.linalg.svd(W, compute_uv=False)


def test_low_rank_matrix_shape_and_knee(bert_like):
    W, S = bert_like
    assert W.shape == (768, 768) and W.dtype == np.float64
    r = 64
    assert S[r - 1] / S[r] > 10  # the knee: signal ≈ d/r = 12, noise ≤ 0.01 · 2√768 ≈ 0.55
    assert S[r] < 0.01 * 2 * np.sqrt(768) * 1.05
    assert np.max(S[r:]) / np.min(S[:r]) < 0.1


def test_low_rank_matrix_formula_statistics():
    """Same seed, same A and B (drawn first): the difference is noise_level · N."""
    d, r = 400, 16
    W0 = low_rank_matrix(d, r, noise_level=0.0, seed=5)
    W = low_rank_matrix(d, r, noise_level=0.05, seed=5)
    assert np.linalg.matrix_rank(W0) == r
    assert np.linalg.matrix_rank(W) == d
    # entries of (A/√r)(B/√r): mean 0, variance r · (1/r)² = 1/r
    assert abs(W0.var() * r - 1) < 0.15
    noise = W - W0
    assert abs(noise.std() / 0.05 - 1) < 0.01  # d² = 160 000 draws
    assert abs(noise.mean()) < 4 * 0.05 / d


@pytest.mark.parametrize(("d", "r"), [(1, 1), (10, 10), (50, 3)])
def test_low_rank_matrix_exact_rank_without_noise(d, r):
    assert np.linalg.matrix_rank(low_rank_matrix(d, r, noise_level=0, seed=1)) == r


def test_low_rank_matrix_seeding():
    a = low_rank_matrix(32, 4, seed=3)
    np.testing.assert_array_equal(a, low_rank_matrix(32, 4, seed=3))
    np.testing.assert_array_equal(a, low_rank_matrix(32, 4, seed=np.random.default_rng(3)))
    assert not np.array_equal(a, low_rank_matrix(32, 4, seed=4))
    gs.manual_seed(9)
    b = low_rank_matrix(32, 4)
    gs.manual_seed(9)
    np.testing.assert_array_equal(b, low_rank_matrix(32, 4))


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"d": 768, "true_rank": 900}, ValueError, "low_rank_matrix: true_rank 900 > d 768"),
    ({"true_rank": 0}, ValueError, "true_rank must be an int >= 1, got true_rank=0"),
    ({"d": 0, "true_rank": 1}, ValueError, "d must be an int >= 1, got d=0"),
    ({"noise_level": -0.1}, ValueError, "noise_level must be a finite number >= 0, "
                                        "got noise_level=-0.1"),
    ({"noise_level": float("nan")}, ValueError, "got noise_level=nan"),
    ({"noise_level": "0.1"}, TypeError, "noise_level must be a number"),
    ({"seed": 1.5}, ValueError, "seed must be a non-negative int"),
])
def test_low_rank_matrix_errors(kwargs, error, message):
    with pytest.raises(error, match=re.escape(message)):
        low_rank_matrix(**kwargs)


@pytest.mark.parametrize("n", [2, 3, 200, 201])
def test_make_moons_matches_sklearn_without_noise(n):
    X, y = make_moons(n, noise=0.0, seed=0)
    X_sk, y_sk = sk_make_moons(n, noise=0.0, shuffle=False)
    assert X.shape == (n, 2) and X.dtype == np.float64
    assert y.shape == (n,) and y.dtype == np.int64
    np.testing.assert_array_equal(X, X_sk)
    np.testing.assert_array_equal(y, y_sk)
    assert (y == 0).sum() == n // 2


def test_make_moons_noise_statistics():
    n, noise = 20_000, 0.1
    X, y = make_moons(n, noise=noise, seed=1)
    clean, y_clean = sk_make_moons(n, noise=0.0, shuffle=False)
    np.testing.assert_array_equal(y, y_clean)
    eps = X - clean
    assert np.all(np.abs(eps.mean(axis=0)) < 4 * noise / np.sqrt(n))
    np.testing.assert_allclose(eps.std(axis=0), noise, rtol=0.02)
    assert abs(np.corrcoef(eps.T)[0, 1]) < 4 / np.sqrt(n)


def test_make_moons_seeding():
    X, _ = make_moons(50, seed=2)
    np.testing.assert_array_equal(X, make_moons(50, seed=2)[0])
    assert not np.array_equal(X, make_moons(50, seed=3)[0])


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"n_samples": 1}, ValueError, "n_samples must be an int >= 2 (one point per moon), "
                                   "got n_samples=1"),
    ({"n_samples": 10.0}, ValueError, "got n_samples=10.0"),
    ({"noise": -0.1}, ValueError, "make_moons: noise must be a finite number >= 0, "
                                  "got noise=-0.1"),
    ({"noise": float("inf")}, ValueError, "got noise=inf"),
])
def test_make_moons_errors(kwargs, error, message):
    with pytest.raises(error, match=re.escape(message)):
        make_moons(**kwargs)
