"""Lab `bias-variance`: the decomposition test error = bias² + variance + σ², the trade-off
against capacity, and the best capacity moving right with more data (UDL notebook 8.2).

One module fixture runs the quick preset (the notebook's set-up) through the real runner;
the helpers are checked against the notebook's own loops, PyTorch and closed forms.
"""
import math

import numpy as np
import pytest
import torch

from gradschool.labs import bias_variance as lab
from gradschool.labs.bias_variance.decomposition import (
    bias_variance,
    decompose,
    measured_test_error,
)
from gradschool.labs.bias_variance.hinges import (
    TWO_PI_NOTEBOOK,
    fit,
    hinge_features,
    predict,
    sample_data,
    true_function,
)
from gradschool.labs.contract import SilentProgress
from tests.labs.lab_run import run_once

QUICK = lab.PRESETS["quick"]


@pytest.fixture(scope="module")
def metrics(tmp_path_factory):
    record = run_once("bias-variance", tmp_path_factory.mktemp("bias_variance"))
    for name in ("tradeoff.svg", "fits.svg", "mean_fits.svg", "tradeoff_by_n.svg"):
        assert (record["dir"] / name).is_file(), name
    return record["metrics"]


# --- the lab, quick preset --------------------------------------------------------------


def test_the_notebooks_setup_and_the_metric_names(metrics):
    """σ = 0.3, 15 points, 100 data sets, capacities 1..12, a grid of 100 inputs."""
    assert (QUICK.sigma, QUICK.n_points, QUICK.n_datasets, QUICK.n_grid) == (0.3, 15, 100, 100)
    assert metrics["capacity"] == list(range(1, 13))
    assert metrics["noise"] == pytest.approx(0.09, rel=1e-12)
    for name in ("bias2", "variance", "test_error", "best_capacity", "decomposition_gap",
                 "best_capacity_by_n"):
        assert name in metrics, name
    assert set(metrics["best_capacity_by_n"]) == {"15", "50", "200"}
    # The notebook draws bias, variance and their sum on axes from 0 to 0.5: they fit.
    total = np.add(metrics["bias2"], metrics["variance"])
    assert np.all(total > 0) and np.all(total < 0.5), total


def test_test_error_is_bias2_plus_variance_plus_noise(metrics):
    """Per capacity, the gap is within 4 standard errors of Monte-Carlo noise.

    Given the fits, the gap is mean(σ²ε² − 2σε(f̂ − f)) − σ² over N = 100 data sets
    × 100 inputs × 10 targets, of variance (2σ⁴ + 4σ²(bias² + variance)) / N: about
    0.0005 to 0.0012 here. Twelve capacities at 4 standard errors leave a chance
    below 1e-3 of a false alarm.
    """
    s2, n = metrics["noise"], QUICK.n_datasets * QUICK.n_grid * QUICK.n_test
    gaps = []
    for b2, v, t, se_lab in zip(metrics["bias2"], metrics["variance"], metrics["test_error"],
                                metrics["decomposition_se"]):
        se = math.sqrt((2 * s2**2 + 4 * s2 * (b2 + v)) / n)
        gaps.append(abs(t - (b2 + v + s2)))
        assert gaps[-1] <= 4 * se, (t, b2 + v + s2, se)
        assert se_lab == pytest.approx(se, rel=0.25)  # the lab's own estimate agrees
    assert metrics["decomposition_gap"] == pytest.approx(max(gaps), rel=1e-9)


def test_bias_falls_and_variance_grows_with_capacity(metrics):
    bias2, variance = metrics["bias2"], metrics["variance"]
    assert min(bias2[:2]) > 50 * max(bias2[-2:]), bias2  # a line cannot follow f
    assert min(variance[-2:]) > 5 * max(variance[:2]), variance
    assert variance == sorted(variance), "variance grows at every step here"
    best = metrics["best_capacity"]
    total = np.add(bias2, variance)
    assert best == 1 + int(np.argmin(total)) and 1 < best < 12
    assert total[best - 1] < total[0] / 5 and total[best - 1] < total[-1] / 5


def test_more_data_moves_the_best_capacity_right_and_shrinks_variance(metrics):
    best = metrics["best_capacity_by_n"]
    sizes = sorted(int(n) for n in best)
    capacities = [best[str(n)] for n in sizes]
    assert capacities == sorted(capacities) and capacities[-1] > capacities[0], best
    variance = metrics["variance_by_n"]
    for small, large in zip(sizes, sizes[1:]):
        assert all(a > b for a, b in zip(variance[str(small)], variance[str(large)]))


def test_same_seed_same_metrics(metrics, tmp_path):
    again = lab.run(QUICK, tmp_path, SilentProgress()).metrics
    assert again["bias2"] == metrics["bias2"] and again["test_error"] == metrics["test_error"]


# --- the helpers ------------------------------------------------------------------------


def test_true_function_keeps_the_notebooks_constant():
    x = np.linspace(0, 1, 101)
    assert TWO_PI_NOTEBOOK == 2 * 3.1413
    np.testing.assert_array_equal(true_function(x), np.exp(np.sin(x * (2 * 3.1413))))
    gap = np.abs(true_function(x) - np.exp(np.sin(2 * np.pi * x))).max()
    assert 1e-4 < gap < 2e-3  # close to 2π, but not it


def test_sample_data_puts_one_point_in_each_interval():
    rng = np.random.default_rng(3)
    x, y = sample_data(15, 0.0, rng)
    assert np.all(np.floor(x * 15) == np.arange(15))
    np.testing.assert_array_equal(y, true_function(x))
    x, y = sample_data(20_000, 0.3, np.random.default_rng(4))
    residual = y - true_function(x)
    assert abs(residual.mean()) < 4 * 0.3 / math.sqrt(20_000)
    assert residual.std() == pytest.approx(0.3, rel=0.03)


def _notebook_features(x, n_hidden):
    """The notebook's fit_model_closed_form loop, verbatim in spirit."""
    A = np.ones((len(x), n_hidden + 1))
    for i in range(len(x)):
        for j in range(1, n_hidden + 1):
            A[i, j] = max(x[i] - (j - 1) / n_hidden, 0.0)
    return A


@pytest.mark.parametrize("capacity", [1, 3, 12])
def test_hinge_features_and_fit_match_the_notebook_and_torch(capacity):
    x, y = sample_data(15, 0.3, np.random.default_rng(capacity))
    A = hinge_features(x, capacity)
    np.testing.assert_array_equal(A, _notebook_features(x, capacity))
    theta = fit(x, y, capacity)
    expected = torch.linalg.lstsq(torch.from_numpy(A), torch.from_numpy(y)[:, None],
                                  driver="gelsd").solution[:, 0].numpy()
    np.testing.assert_allclose(theta, expected, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(predict(theta, x), A @ expected, atol=1e-9)


def test_bias_and_variance_against_torch():
    fits = np.random.default_rng(0).standard_normal((7, 5))
    f = np.arange(5.0)
    bias2, variance = bias_variance(fits, f)
    t = torch.from_numpy(fits)
    assert bias2 == pytest.approx(((t.mean(0) - torch.from_numpy(f)) ** 2).mean().item())
    assert variance == pytest.approx(t.var(0, unbiased=False).mean().item())


def test_without_noise_the_test_error_is_exactly_bias2_plus_variance():
    fits = np.random.default_rng(1).standard_normal((6, 4))
    f = np.linspace(-1, 1, 4)
    error, se = measured_test_error(fits, f, 0.0, 3, np.random.default_rng(2))
    assert error == pytest.approx(sum(bias_variance(fits, f)), rel=1e-12) and se == 0.0


def test_decompose_keeps_the_fits_it_measured():
    x_grid = np.linspace(0, 1, 50)
    r = decompose(15, 4, 30, 0.3, x_grid, 2, np.random.default_rng(5))
    assert r.fits.shape == (30, 50)
    np.testing.assert_allclose(r.mean, r.fits.mean(0))
    assert r.variance == pytest.approx(float(np.mean(r.std**2)))


@pytest.mark.parametrize("field, value, words", [
    ("n_points", 0, ["n_points", "0"]),
    ("sigma", 0.0, ["sigma", "0.0"]),
    ("max_capacity", 0, ["max_capacity"]),
    ("n_datasets", 1, ["n_datasets", "1"]),
    ("compare_n_points", (), ["compare_n_points"]),
])
def test_bad_config_is_named(tmp_path, field, value, words):
    config = lab.LAB.config("quick", **{field: value})
    with pytest.raises(ValueError) as err:
        lab.run(config, tmp_path, SilentProgress())
    for word in words:
        assert word in str(err.value)


def test_hinge_features_refuse_capacity_zero():
    with pytest.raises(ValueError, match="capacity"):
        hinge_features(np.zeros(3), 0)
