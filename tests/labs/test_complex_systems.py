"""Lab `complex-systems`: Lorenz chaos at the published Lyapunov exponent, a linear map growing
at exactly |λ|max, and order/chaos in deep random tanh networks on either side of σ_w² = 1.

Oracles: Sprott's λ = 0.9056 for Lorenz; RK4's known order 4 and its exact one-step
polynomial on dx/dt = a x; torch.linalg.eigvals for the linear map; scipy's quadrature for
the mean-field fixed point; the linear regime of tanh (per-layer factor σ_w) for the network.
"""
import math

import numpy as np
import pytest
import torch
from scipy import integrate as sp_integrate

from gradschool.labs import complex_systems as lab
from gradschool.labs.complex_systems import linear_map, lorenz, lyapunov, random_network
from gradschool.labs.contract import SilentProgress
from tests.labs.lab_run import run_once

PUBLISHED = 0.9056


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    return run_once("complex-systems", tmp_path_factory.mktemp("complex_systems"))


# --- the lab, quick preset ------------------------------------------------------------


def test_metrics_and_figures_are_there(quick):
    m = quick["metrics"]
    assert {"lyapunov_exponent", "lyapunov_published", "separation_doubling_time",
            "linear_growth_rate", "linear_top_eigenvalue", "network_separation"} <= set(m)
    for name in ("attractor.png", "separation.svg", "lyapunov.svg", "contrast.svg",
                 "network.svg"):
        assert (quick["dir"] / name).stat().st_size > 5000, name


def test_lyapunov_exponent_is_within_5_percent_of_sprott(quick):
    m = quick["metrics"]
    assert m["lyapunov_published"] == PUBLISHED
    assert abs(m["lyapunov_exponent"] - PUBLISHED) / PUBLISHED < 0.05, m["lyapunov_exponent"]
    # the spread of the 16 trajectories' estimates is consistent with that agreement
    assert abs(m["lyapunov_exponent"] - PUBLISHED) < 5 * m["lyapunov_stderr"] + 0.01


def test_twin_trajectories_separate_at_the_lyapunov_rate_then_saturate(quick):
    m = quick["metrics"]
    assert m["separation_doubling_time"] == pytest.approx(math.log(2) / m["separation_rate"])
    # a 16-pair fit over ~20 time units: within 10% of ln 2 / λ (seeds 0-9 gave 3% at most)
    assert m["separation_doubling_time"] == pytest.approx(math.log(2) / PUBLISHED, rel=0.1)
    assert 10 < m["attractor_size"] < 30  # the butterfly spans about 40 in x and z


def test_linear_perturbation_grows_at_the_top_eigenvalue(quick):
    m = quick["metrics"]
    assert m["linear_growth_rate"] == pytest.approx(m["linear_top_eigenvalue"], rel=1e-6)
    assert m["linear_top_eigenvalue"] > 1.0  # gain 1.05: a growing, not a decaying, map


def test_random_tanh_networks_go_from_order_to_chaos(quick):
    sep, chi1 = quick["metrics"]["network_separation"], quick["metrics"]["network_chi1"]
    assert set(sep) == {"0.5", "1", "2", "4"}
    assert sep["0.5"] < 1 < sep["4"]
    values = [sep[k] for k in ("0.5", "1", "2", "4")]
    assert values == sorted(values)
    # σ_w² = 0.5: every layer multiplies a small difference by about σ_w = 0.71 (tanh' <= 1)
    assert sep["0.5"] < 0.71 ** 30 * 10
    assert chi1["0.5"] == pytest.approx(0.5) and chi1["1"] == pytest.approx(1.0, abs=1e-2)
    assert chi1["2"] > 1 and chi1["4"] > 1


def test_rk4_order_metric_is_four(quick):
    assert quick["metrics"]["rk4_order"] == pytest.approx(4.0, abs=0.05)


# --- the helpers on their own ---------------------------------------------------------


def test_rk4_error_falls_like_dt_to_the_fourth():
    dts = np.array([0.2, 0.1, 0.05, 0.025])
    errors = lorenz.rk4_global_errors(dts, T=10.0)
    assert lorenz.fitted_order(dts, errors) == pytest.approx(4.0, abs=0.05)
    assert errors[:-1] / errors[1:] == pytest.approx(16.0, rel=0.05)


def test_rk4_step_is_the_fourth_order_taylor_polynomial_on_a_linear_ode():
    a, x0 = -1.3, np.array([2.0, -0.5, 1.0])
    for h in (0.1, 0.37, 1.0):
        ah = a * h
        expected = x0 * (1 + ah + ah**2 / 2 + ah**3 / 6 + ah**4 / 24)
        np.testing.assert_allclose(lorenz.rk4_step(lambda x: a * x, x0, h), expected,
                                   rtol=1e-14)


def test_lorenz_field_is_vectorised_and_vanishes_at_its_fixed_points():
    c = math.sqrt(8 / 3 * 27)
    for point in ([0.0, 0.0, 0.0], [c, c, 27.0], [-c, -c, 27.0]):
        np.testing.assert_allclose(lorenz.lorenz_field(np.array(point)), 0.0, atol=1e-12)
    x = np.random.default_rng(0).standard_normal((4, 5, 3)) * 10
    rows = np.array([[lorenz.lorenz_field(v) for v in row] for row in x])
    np.testing.assert_array_equal(lorenz.lorenz_field(x), rows)
    X, Y, Z = 1.0, 2.0, 3.0
    np.testing.assert_allclose(lorenz.lorenz_field(np.array([X, Y, Z])),
                               [10 * (Y - X), X * (28 - Z) - Y, X * Y - 8 / 3 * Z])
    traj = lorenz.integrate(lorenz.lorenz_field, np.ones((2, 3)), 0.01, 10, every=5)
    assert traj.shape == (3, 2, 3)


def test_benettin_and_separation_agree_on_the_growth_rate():
    rng = np.random.default_rng(5)
    x0 = lorenz.on_attractor(8, 0.01, 10.0, rng)
    times, log_growth = lyapunov.benettin(x0, 0.01, 50.0, 10, 1e-8, rng)
    running = lyapunov.running_estimate(times, log_growth)
    assert running.shape == log_growth.shape == (500, 8)
    np.testing.assert_allclose(running[-1], log_growth.sum(axis=0) / 50.0)
    assert running[-1].mean() == pytest.approx(PUBLISHED, rel=0.05)
    t, d = lyapunov.separation(x0, 1e-9, 0.01, 30.0, rng)
    _, rate = lyapunov.doubling_time(t, d, 1e-8, 1e-1)
    assert rate == pytest.approx(running[-1].mean(), rel=0.15)


def test_linear_growth_matches_torch_eigenvalues():
    rng = np.random.default_rng(3)
    W = linear_map.random_positive_matrix(30, 0.9, rng)
    top = torch.linalg.eigvals(torch.from_numpy(W)).abs().max().item()
    assert linear_map.top_eigenvalue_modulus(W) == pytest.approx(top, rel=1e-12)
    growth = linear_map.perturbation_growth(W, rng.standard_normal(30), 30)
    assert growth[-1] == pytest.approx(top, rel=1e-10)
    assert top < 1  # gain 0.9: this map shrinks perturbations


def _gauss(f) -> float:
    """E[f(z)], z ~ N(0, 1), by scipy's adaptive quadrature."""
    return sp_integrate.quad(lambda z: f(z) * math.exp(-z * z / 2) / math.sqrt(2 * math.pi),
                             -12, 12)[0]


def test_mean_field_fixed_point_matches_scipy_quadrature():
    for s in (2.0, 4.0):
        q, chi1 = random_network.mean_field(s)
        root = math.sqrt(q)
        assert q == pytest.approx(s * _gauss(lambda z, r=root: math.tanh(r * z) ** 2), rel=1e-7)
        assert chi1 == pytest.approx(
            s * _gauss(lambda z, r=root: (1 - math.tanh(r * z) ** 2) ** 2), rel=1e-7)
    assert random_network.mean_field(0.5) == pytest.approx((0.0, 0.5), abs=1e-12)


def test_small_weights_shrink_differences_by_sigma_w_per_layer():
    """In the ordered phase h → 0, tanh acts as the identity, and |W δ| ≈ σ_w |δ|."""
    r = random_network.network_distances(0.25, N=400, depth=12, n_networks=2, pairs=4,
                                         eps=1e-3, seed=0)
    assert r[0] == 1.0
    np.testing.assert_allclose(r[7:] / r[6:-1], 0.5, rtol=0.05)


def test_bad_input_is_rejected(tmp_path):
    with pytest.raises(ValueError, match="dt must be > 0"):
        lab.run(lab.Config(dt=0.0), tmp_path, SilentProgress())
    with pytest.raises(ValueError, match="sigma_w2s"):
        lab.run(lab.Config(sigma_w2s=(1.0, -2.0)), tmp_path, SilentProgress())
    with pytest.raises(ValueError, match="linear_width"):
        lab.run(lab.Config(linear_width=1), tmp_path, SilentProgress())
    with pytest.raises(ValueError, match=r"shape \(\.\.\., 3\)"):
        lorenz.lorenz_field(np.zeros(2))
    with pytest.raises(ValueError, match="does not divide"):
        lorenz.rk4_global_errors(np.array([0.3]), T=1.0)
    with pytest.raises(ValueError, match="never grows"):
        t = np.linspace(0, 1, 11)
        lyapunov.doubling_time(t, np.full((11, 2), 1e-9), 1e-8, 1e-1)
    with pytest.raises(ValueError, match="must be square"):
        linear_map.perturbation_growth(np.zeros((2, 3)), np.ones(3), 5)
    with pytest.raises(ValueError, match="sigma_w2"):
        random_network.network_distances(0.0, 10, 2, 1, 1, 1e-3, 0)
