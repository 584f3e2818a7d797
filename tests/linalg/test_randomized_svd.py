"""Randomized SVD against np.linalg.svd (values, subspaces, Eckart–Young's optimum),
Halko et al.'s error bound, power iterations, determinism, input types and every error;
rank-k truncation against the Eckart–Young formula."""
import re

import numpy as np
import pytest

import gradschool as gs
from gradschool.linalg import eckart_young_error, randomized_svd, truncate

RANK = 20


@pytest.fixture(scope="module")
def noisy_low_rank():
    """500 × 400: rank 20 plus noise of std 0.01, with its exact SVD."""
    rng = np.random.default_rng(1)
    A = rng.standard_normal((500, RANK)) @ rng.standard_normal((RANK, 400))
    A += 0.01 * rng.standard_normal(A.shape)
    return A, np.linalg.svd(A, full_matrices=False)


@pytest.fixture(scope="module")
def geometric():
    """500 × 400 with known singular values σᵢ = 0.9^i (no gap anywhere)."""
    rng = np.random.default_rng(2)
    Qu, _ = np.linalg.qr(rng.standard_normal((500, 400)))
    Qv, _ = np.linalg.qr(rng.standard_normal((400, 400)))
    s = 0.9 ** np.arange(400)
    return (Qu * s) @ Qv.T, s


def assert_same_subspace(V, V_exact, atol):
    """|Vᵀ V_exact| = I: the same singular vectors up to sign."""
    overlap = np.abs(V.T @ V_exact)
    np.testing.assert_allclose(overlap, np.eye(V.shape[1]), atol=atol)


@pytest.mark.parametrize("n_iter", [4, "auto"])
def test_matches_exact_svd(noisy_low_rank, n_iter):
    A, (U0, S0, Vt0) = noisy_low_rank
    U, S, Vt = randomized_svd(A, RANK, n_iter=n_iter, seed=0)
    assert U.shape == (500, RANK) and S.shape == (RANK,) and Vt.shape == (RANK, 400)
    np.testing.assert_allclose(S, S0[:RANK], rtol=1e-6)
    assert_same_subspace(U, U0[:, :RANK], atol=1e-6)
    assert_same_subspace(Vt.T, Vt0[:RANK].T, atol=1e-6)
    np.testing.assert_allclose(U.T @ U, np.eye(RANK), atol=1e-12)
    np.testing.assert_allclose(Vt @ Vt.T, np.eye(RANK), atol=1e-12)
    assert np.all(np.diff(S) <= 0)
    err = np.linalg.norm(A - truncate(U, S, Vt, RANK))
    assert err <= (1 + 1e-6) * eckart_young_error(S0, RANK)


def test_smaller_k_inside_the_signal(noisy_low_rank):
    """k = 8 < rank: l = k + p = 18 still misses part of the signal, power iterations fix it."""
    A, (U0, S0, _) = noisy_low_rank
    U, S, Vt = randomized_svd(A, 8, n_iter=7, seed=3)
    np.testing.assert_allclose(S, S0[:8], rtol=1e-3)
    err = np.linalg.norm(A - truncate(U, S, Vt, 8))
    assert err <= 1.01 * eckart_young_error(S0, 8)


def test_power_iterations_converge_on_a_flat_spectrum(geometric):
    A, s = geometric
    k = 10
    errors = []
    for q in [0, 1, 2, 4]:
        _, S, _ = randomized_svd(A, k, n_iter=q, seed=0)
        errors.append(np.max(np.abs(S - s[:k]) / s[:k]))
    assert all(b < a for a, b in zip(errors, errors[1:])), errors
    assert errors[0] > 1e-2 and errors[-1] < 1e-6


def test_halko_expected_frobenius_bound(geometric):
    """Theorem 10.5 (q = 0): E‖A − QQᵀA‖_F ≤ √(1 + k/(p − 1)) · (Σ_{j>k} σ_j²)^{1/2},
    checked on the mean over 30 sketches; with n_oversamples=0 and n_components = k + p,
    U spans the sketch Q, so U Uᵀ A = Q Qᵀ A."""
    A, s = geometric
    k, p = 10, 5
    errors = []
    for seed in range(30):
        U, _, _ = randomized_svd(A, k + p, n_oversamples=0, n_iter=0, seed=seed)
        errors.append(np.linalg.norm(A - U @ (U.T @ A)))
    optimum = eckart_young_error(s, k)
    assert optimum < np.mean(errors) <= np.sqrt(1 + k / (p - 1)) * optimum


def test_wide_matrix_and_full_rank_request(noisy_low_rank):
    A, (_, S0, _) = noisy_low_rank
    U, S, Vt = randomized_svd(A.T, RANK, seed=0)  # 400 × 500
    assert U.shape == (400, RANK) and Vt.shape == (RANK, 500)
    np.testing.assert_allclose(S, S0[:RANK], rtol=1e-6)
    small = A[:30, :12]  # k = min(m, n); oversampling is capped at min(m, n)
    _, S, _ = randomized_svd(small, 12, n_oversamples=10, n_iter=0, seed=0)
    np.testing.assert_allclose(S, np.linalg.svd(small, compute_uv=False), rtol=1e-10)


def test_determinism(noisy_low_rank):
    A, _ = noisy_low_rank
    first = randomized_svd(A, 5, n_iter=1, seed=7)
    again = randomized_svd(A, 5, n_iter=1, seed=7)
    with_generator = randomized_svd(A, 5, n_iter=1, seed=np.random.default_rng(7))
    other = randomized_svd(A, 5, n_iter=1, seed=8)
    for x, y, z in zip(first, again, with_generator):
        np.testing.assert_array_equal(x, y)
        np.testing.assert_array_equal(x, z)
    assert not np.array_equal(first[1], other[1])
    gs.manual_seed(11)
    a = randomized_svd(A, 5, n_iter=1)
    gs.manual_seed(11)
    b = randomized_svd(A, 5, n_iter=1)
    np.testing.assert_array_equal(a[1], b[1])


def test_tensor_and_other_inputs(noisy_low_rank):
    A, _ = noisy_low_rank
    expected = randomized_svd(A, 4, seed=0)
    got = randomized_svd(gs.tensor(A, dtype=gs.float64, requires_grad=True), 4, seed=0)
    for x, y in zip(expected, got):
        assert type(y) is np.ndarray
        np.testing.assert_array_equal(x, y)
    _, S32, _ = randomized_svd(A.astype(np.float32), 4, seed=0)
    assert S32.dtype == np.float32
    np.testing.assert_allclose(S32, expected[1], rtol=1e-4)
    M = np.arange(12).reshape(4, 3)  # integers: computed in float64
    _, S, _ = randomized_svd(M.tolist(), 2, seed=0)
    assert S.dtype == np.float64
    np.testing.assert_allclose(S, np.linalg.svd(M, compute_uv=False)[:2], rtol=1e-12)


@pytest.mark.parametrize(("A", "kwargs", "error", "message"), [
    (np.zeros((768, 900)), {"n_components": 900}, ValueError,
     "n_components 900 > min(m, n) = 768"),
    (np.zeros((5, 4)), {"n_components": 0}, ValueError, "n_components 0 < 1"),
    (np.zeros((5, 4)), {"n_components": 2.0}, TypeError, "n_components must be an int"),
    (np.zeros(5), {"n_components": 1}, ValueError, "2-D matrix, got shape (5,)"),
    (np.zeros((2, 3, 4)), {"n_components": 1}, ValueError, "got shape (2, 3, 4)"),
    (np.zeros((5, 4)), {"n_components": 2, "n_oversamples": -1}, ValueError,
     "n_oversamples must be an int >= 0, got -1"),
    (np.zeros((5, 4)), {"n_components": 2, "n_iter": -2}, ValueError,
     "n_iter must be an int >= 0 or 'auto', got -2"),
    (np.zeros((5, 4)), {"n_components": 2, "n_iter": "fast"}, ValueError, "got 'fast'"),
    (np.full((5, 4), np.nan), {"n_components": 2}, ValueError, "NaN or infinite"),
    (np.zeros((5, 4), dtype=complex), {"n_components": 2}, TypeError, "real numbers"),
    (np.zeros((5, 4)), {"n_components": 2, "seed": -1}, ValueError, "seed must be"),
])
def test_errors(A, kwargs, error, message):
    with pytest.raises(error, match=re.escape(message)):
        randomized_svd(A, **kwargs)


def test_eckart_young_error_is_the_truncation_error():
    rng = np.random.default_rng(4)
    A = rng.standard_normal((60, 40)) @ np.diag(0.8 ** np.arange(40))
    U, S, Vt = np.linalg.svd(A, full_matrices=False)
    for k in range(0, 40):
        measured = np.linalg.norm(A - truncate(U, S, Vt, k))
        np.testing.assert_allclose(eckart_young_error(S, k), measured, rtol=1e-10)
    assert eckart_young_error(S, 40) == 0.0
    np.testing.assert_allclose(truncate(U, S, Vt, 40), A, atol=1e-12)
    assert np.linalg.matrix_rank(truncate(U, S, Vt, 7)) == 7


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: eckart_young_error(np.ones(5), 6), ValueError, "k 6 is outside [0, 5]"),
    (lambda: eckart_young_error(np.ones(5), -1), ValueError, "k -1 is outside [0, 5]"),
    (lambda: eckart_young_error(np.ones((2, 2)), 1), ValueError, "must be 1-D"),
    (lambda: eckart_young_error(np.ones(5), 1.5), TypeError, "k must be an int"),
    (lambda: truncate(np.ones((4, 3)), np.ones(3), np.ones((3, 5)), 4), ValueError,
     "truncate: k 4 is outside [0, 3]"),
    (lambda: truncate(np.ones((4, 3)), np.ones(2), np.ones((3, 5)), 1), ValueError,
     "got shapes (4, 3), (2,), (3, 5)"),
])
def test_truncation_errors(call, error, message):
    with pytest.raises(error, match=re.escape(message)):
        call()
