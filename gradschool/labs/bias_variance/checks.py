"""Checks of the bias-variance notebook's exercises, against the lab's own functions."""
from __future__ import annotations

import math

import numpy as np

from gradschool.labs.exercise import Namespace, expect_close, expect_equal, expect_true

from .decomposition import bias_variance as lab_bias_variance
from .hinges import fit, hinge_features, true_function


def sample_data(ns: Namespace) -> None:
    x_grid = np.linspace(0, 1, 11)
    expect_close(ns.function("true_function")(x_grid), true_function(x_grid),
                 "true_function(linspace(0, 1, 11))")
    draw = ns.function("sample_data")
    x, y = draw(15, 0.0, np.random.default_rng(0))
    x, y = np.asarray(x), np.asarray(y)
    expect_equal(x.shape, (15,), "sample_data(15, 0.0, rng): the shape of x")
    expect_true(bool(np.all(np.floor(x * 15) == np.arange(15))),
                f"sample_data(15, ...): x[i] must lie in [i/15, (i+1)/15), got {np.round(x, 3)}")
    expect_close(y, true_function(x), "sample_data(15, 0.0, rng): y without noise")
    x, y = draw(20_000, 0.3, np.random.default_rng(1))
    noise = np.asarray(y) - true_function(np.asarray(x))
    expect_true(abs(float(noise.std()) - 0.3) < 0.01 and abs(float(noise.mean())) < 0.01,
                f"sample_data(20000, 0.3, rng): y − f(x) should have mean 0 and std 0.3, got "
                f"mean {noise.mean():.4f} and std {noise.std():.4f}")


def hinge_fit(ns: Namespace) -> None:
    rng = np.random.default_rng(2)
    x, y = rng.uniform(0, 1, 15), rng.normal(size=15)
    for capacity in (1, 4, 12):
        expect_close(ns.function("hinge_features")(x, capacity), hinge_features(x, capacity),
                     f"hinge_features(x, {capacity})")
        expect_close(ns.function("fit_hinges")(x, y, capacity), fit(x, y, capacity),
                     f"fit_hinges(x, y, {capacity})", rtol=1e-6, atol=1e-8)


def bias_variance(ns: Namespace) -> None:
    rng = np.random.default_rng(3)
    fits, f_grid = rng.normal(size=(7, 5)), rng.normal(size=5)
    got = ns.function("bias_variance")(fits, f_grid)
    expect_close(np.asarray(got, dtype=float), lab_bias_variance(fits, f_grid),
                 "bias_variance(fits of shape (7, 5), f_grid): (bias², variance)")


def test_error(ns: Namespace) -> None:
    measure = ns.function("measured_test_error")
    rng = np.random.default_rng(4)
    fits, f_grid = rng.normal(size=(6, 4)), rng.normal(size=4)
    expect_close(measure(fits, f_grid, 0.0, 3, np.random.default_rng(5)),
                 sum(lab_bias_variance(fits, f_grid)),
                 "measured_test_error(..., sigma=0): bias² + variance")
    got = measure(fits, f_grid, 0.5, 20_000, np.random.default_rng(6))
    expected = sum(lab_bias_variance(fits, f_grid)) + 0.25
    se = math.sqrt((2 * 0.5**4 + 4 * 0.25 * expected) / (6 * 4 * 20_000))
    expect_true(abs(got - expected) < 5 * se,
                f"measured_test_error(..., sigma=0.5, n_test=20000): expected about "
                f"{expected:.4f} (bias² + variance + σ²), got {got:.4f}")


CHECKS = {"sample-data": sample_data, "hinge-fit": hinge_fit, "bias-variance": bias_variance,
          "test-error": test_error}
