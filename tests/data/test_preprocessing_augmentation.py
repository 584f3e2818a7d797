"""Augmentation of 1-D signals: shapes and dtypes kept, shift is a circular roll of each row
by at most max_shift, flip twice is the identity, noise and scale factors have the requested
distribution within sampling error, seeds repeat; the error messages."""
import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.testing import assert_allclose, assert_array_equal

import gradschool as gs
from gradschool.data import preprocessing as P

FEW = settings(max_examples=30, deadline=None)
SIGNALS = st.one_of(
    hnp.arrays(np.float64, st.tuples(st.integers(1, 8), st.integers(1, 40)),
               elements=st.floats(-5, 5)),
    hnp.arrays(np.float32, st.integers(1, 40), elements=st.floats(-5, 5, width=32)))


def mnist1d_like(n=2000, seed=0):
    return np.random.default_rng(seed).normal(size=(n, 40)).astype(np.float32)


@FEW
@given(x=SIGNALS, max_shift=st.integers(0, 45), seed=st.integers(0, 2**32 - 1))
def test_shift_rolls_each_row_by_at_most_max_shift(x, max_shift, seed):
    out = P.shift(x, max_shift, seed)
    assert out.shape == x.shape and out.dtype == x.dtype
    for row, shifted in zip(np.atleast_2d(x), np.atleast_2d(out)):
        rolls = [s for s in range(-max_shift, max_shift + 1)
                 if np.array_equal(np.roll(row, s), shifted)]
        assert rolls  # a circular roll, hence a permutation of the row
        assert_array_equal(np.sort(shifted), np.sort(row))
    assert_array_equal(P.shift(x, 0, seed), x)


@FEW
@given(x=SIGNALS)
def test_flip_reverses_time_and_twice_is_identity(x):
    out = P.flip(x)
    assert out.shape == x.shape and out.dtype == x.dtype
    assert_array_equal(out, torch.flip(torch.from_numpy(x), dims=[-1]).numpy())
    assert_array_equal(P.flip(out), x)


@FEW
@given(x=SIGNALS, low=st.floats(-2, 2), width=st.floats(0, 3), seed=st.integers(0, 2**32 - 1))
def test_scale_multiplies_each_row_by_one_factor_in_range(x, low, width, seed):
    high = low + width
    out = P.scale(x, low, high, seed)
    assert out.shape == x.shape and out.dtype == x.dtype
    a = np.random.default_rng(seed).uniform(low, high, size=1 if x.ndim == 1 else len(x))
    assert np.all((low <= a) & (a <= high))
    expected = x * (a[0] if x.ndim == 1 else a[:, None]).astype(x.dtype)
    assert_allclose(out, expected, rtol=1e-6)


def test_noise_has_the_requested_std_within_sampling_error():
    x = mnist1d_like()
    for std in (0.1, 0.5, 2.0):
        eps = P.add_noise(x, std, np.random.default_rng(1)).astype(np.float64) - x
        N = eps.size
        assert abs(eps.mean()) < 4 * std / np.sqrt(N)
        assert abs(eps.std() - std) < 4 * std / np.sqrt(2 * N) + 1e-6 * std
    assert_array_equal(P.add_noise(x, 0.0, 3), x)


def test_scale_factors_are_uniform_within_sampling_error():
    x = np.ones((4000, 40))
    factors = P.scale(x, 0.8, 1.2, np.random.default_rng(2))[:, 0]
    assert abs(factors.mean() - 1.0) < 4 * (0.4 / np.sqrt(12)) / np.sqrt(len(factors))
    assert 0.8 <= factors.min() and factors.max() < 1.2
    assert len(np.unique(factors)) == len(factors)  # one factor per sample


def test_shifts_cover_the_range_uniformly():
    ramp = np.tile(np.arange(40.0), (8000, 1))
    s = P.shift(ramp, 3, np.random.default_rng(3))[:, 0]  # x'_0 = x_{-s mod 40}
    shifts = (-s) % 40
    shifts = np.where(shifts > 20, shifts - 40, shifts)
    counts = np.bincount(shifts.astype(int) + 3, minlength=7)
    assert set(np.unique(shifts)) == set(range(-3, 4))
    assert np.all(np.abs(counts - 8000 / 7) < 4 * np.sqrt(8000 / 7))


def test_generators_seeds_and_gs_manual_seed_repeat():
    x = mnist1d_like(50)
    for f in (lambda g: P.add_noise(x, 0.3, g), lambda g: P.shift(x, 5, g),
              lambda g: P.scale(x, 0.5, 1.5, g)):
        assert_array_equal(f(7), f(7))
        assert_array_equal(f(np.random.default_rng(7)), f(7))
        gs.manual_seed(11)
        first = f(None)
        gs.manual_seed(11)
        assert_array_equal(f(None), first)
        assert not np.array_equal(f(8), f(7))


def test_tensors_in_tensors_out_and_integer_signals():
    t = gs.tensor(mnist1d_like(10))
    for out in (P.add_noise(t, 0.1, 0), P.shift(t, 4, 0), P.scale(t, 0.9, 1.1, 0), P.flip(t)):
        assert isinstance(out, gs.Tensor) and out.dtype == np.float32 and out.shape == (10, 40)
        assert not out.requires_grad
    ints = np.arange(6)
    assert P.add_noise(ints, 0.1, 0).dtype == np.float64
    assert P.shift(ints, 2, 0).dtype == ints.dtype
    x = mnist1d_like(3)
    x_copy = x.copy()
    P.add_noise(x, 1.0, 0), P.shift(x, 3, 0), P.scale(x, 2, 3, 0), P.flip(x)
    assert_array_equal(x, x_copy)


def test_errors():
    x = np.zeros((2, 40))
    with pytest.raises(ValueError, match="add_noise: std must be a finite number >= 0, got -1"):
        P.add_noise(x, -1)
    with pytest.raises(ValueError, match="shift: max_shift must be an int >= 0, got 1.5"):
        P.shift(x, 1.5)
    with pytest.raises(ValueError, match="shift: max_shift must be an int >= 0, got -2"):
        P.shift(x, -2)
    with pytest.raises(ValueError, match="scale: need finite numbers low <= high, got low=2, "
                                         "high=1"):
        P.scale(x, 2, 1)
    with pytest.raises(ValueError, match=r"flip: expected a signal \(L,\) or a batch of "
                                         r"signals \(n, L\) .* got shape \(2, 1, 40\)"):
        P.flip(np.zeros((2, 1, 40)))
    with pytest.raises(TypeError, match="generator must be a np.random.Generator, a seed >= 0 "
                                        "or None, got 'abc'"):
        P.shift(x, 1, "abc")
    with pytest.raises(TypeError, match="x must be numeric, got dtype <U1"):
        P.flip(np.array(["a"]))
