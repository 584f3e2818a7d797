"""Lab `high-dim`: the five phenomena of high-dimensional geometry, against closed forms.

One test runs the quick preset through the real runner and checks every
phenomenon on its metrics; the others check the lab's estimators on their own
(PyTorch as the oracle for distances and log-gamma, exact results for the samplers).
"""
import math

import numpy as np
import pytest
import torch

from gradschool.labs.high_dim import geometry as geo

# --- the lab, quick preset ------------------------------------------------------------


def _dims(series: dict) -> list[int]:
    return sorted(int(D) for D in series)


def _check_distance_ratio(ratio: dict) -> None:
    """The mean nearest/farthest ratio rises towards 1 with D.

    Thresholds: at D = 2 the nearest of 999 Gaussian neighbours is ~0.05 away and the
    farthest ~4, so the ratio is ~0.015 (0.1 leaves a 6x margin); at D = 1000 every
    distance is sqrt(2D) ~ 44.7 +- 1 and the extremes over 999 neighbours are ~3 sd
    away, so the ratio is ~0.87 (0.5 leaves a wide margin). The standard error of the
    mean over 1000 points is below 0.001, far below the gaps between dimensions.
    """
    assert _dims(ratio) == [2, 100, 1000]
    values = [ratio[str(D)] for D in _dims(ratio)]
    assert all(0.0 < v <= 1.0 for v in values), values
    assert values == sorted(values) and len(set(values)) == 3, f"not increasing: {values}"
    assert ratio["2"] < 0.1, ratio
    assert ratio["1000"] > 0.5, ratio


def _check_sphere_volume(volume: dict, mc: dict, n: int) -> None:
    """V_D(1/2) matches known values and its recurrence; Monte Carlo agrees within 4 SE."""
    dims = _dims(volume)
    assert dims == list(range(1, 21)) and _dims(mc) == dims
    assert volume["1"] == pytest.approx(1.0, rel=1e-12)
    assert volume["2"] == pytest.approx(math.pi / 4, rel=1e-12)
    assert volume["3"] == pytest.approx(math.pi / 6, rel=1e-12)
    # V_D(r) = V_{D-2}(r) * 2 pi r^2 / D, an oracle free of the Gamma function.
    for D in range(3, 21):
        assert volume[str(D)] == pytest.approx(volume[str(D - 2)] * (math.pi / 2) / D, rel=1e-12)
    assert all(volume[str(D + 1)] < volume[str(D)] for D in range(1, 20))
    assert volume["20"] < 1e-7
    for D in range(1, 11):
        p = volume[str(D)]
        se = math.sqrt(p * max(1.0 - p, 0.0) / n)
        assert abs(mc[str(D)] - p) <= 4 * se + 1e-12, (D, mc[str(D)], p, se)
    assert mc["20"] < 1e-3  # expected hits at D = 20: n * 2.5e-8, i.e. none


def _check_outer_shell(shell: dict) -> None:
    """1 - 0.99^D for D = 1..300: over 95% at D = 300, half first reached at D = 69."""
    assert _dims(shell) == list(range(1, 301))
    for D in range(1, 301):
        assert shell[str(D)] == pytest.approx(1.0 - 0.99**D, rel=1e-12, abs=1e-15)
    assert shell["300"] > 0.95
    half = min(D for D in range(1, 301) if shell[str(D)] >= 0.5)
    assert half == math.ceil(math.log(0.5) / math.log(0.99)) == 69


def _exact_mean_abs_cosine(D: int) -> float:
    """E|cos| = Gamma(D/2) / (sqrt(pi) Gamma((D+1)/2)), log-gamma from PyTorch."""
    half = torch.tensor([D / 2, (D + 1) / 2], dtype=torch.float64)
    lg = torch.lgamma(half)
    return math.exp(float(lg[0] - lg[1])) / math.sqrt(math.pi)


def _check_mean_abs_cosine(cosine: dict, n: int) -> None:
    """Falls with D, within 4 SE of the exact value and within 10% of sqrt(2/(pi D)) at D >= 100."""
    dims = _dims(cosine)
    values = [cosine[str(D)] for D in dims]
    assert all(a > b for a, b in zip(values, values[1:])), f"not decreasing: {values}"
    for D in dims:
        exact = _exact_mean_abs_cosine(D)
        se = math.sqrt((1.0 / D - exact**2) / n)  # E cos^2 = 1/D
        assert abs(cosine[str(D)] - exact) <= 4 * se, (D, cosine[str(D)], exact, se)
        if D >= 100:
            assert cosine[str(D)] == pytest.approx(math.sqrt(2 / (math.pi * D)), rel=0.1)


def _check_norm_cv(cv: dict) -> None:
    """std/mean of ||x|| falls with D and is within 10% of 1/sqrt(2D) at D >= 100."""
    dims = _dims(cv)
    values = [cv[str(D)] for D in dims]
    assert all(a > b for a, b in zip(values, values[1:])), f"not decreasing: {values}"
    assert cv["2"] == pytest.approx(math.sqrt(4 / math.pi - 1), rel=0.08)  # Rayleigh
    for D in dims:
        if D >= 100:
            assert cv[str(D)] == pytest.approx(1 / math.sqrt(2 * D), rel=0.1), D


def test_quick_preset_shows_the_five_phenomena(run_lab):
    record = run_lab("high-dim")
    m, config = record["metrics"], record["config"]
    assert set(m) == {"distance_ratio", "sphere_volume", "sphere_volume_monte_carlo",
                      "outer_shell_fraction", "mean_abs_cosine", "norm_cv"}
    _check_distance_ratio(m["distance_ratio"])
    _check_sphere_volume(m["sphere_volume"], m["sphere_volume_monte_carlo"], config["n_volume"])
    _check_outer_shell(m["outer_shell_fraction"])
    assert max(_dims(m["mean_abs_cosine"])) >= 1000
    _check_mean_abs_cosine(m["mean_abs_cosine"], config["n_vectors"])
    _check_norm_cv(m["norm_cv"])
    for name in ("distance_ratio", "sphere_volume", "outer_shell", "cosines", "norm_cv"):
        assert (record["dir"] / f"{name}.svg").stat().st_size > 1000


# --- the estimators on their own ------------------------------------------------------


def test_distances_and_ratios_match_torch_cdist():
    X = np.random.default_rng(1).standard_normal((40, 7))
    dist = geo.pairwise_distances(X)
    oracle = torch.cdist(torch.from_numpy(X), torch.from_numpy(X),
                         compute_mode="donot_use_mm_for_euclid_dist").numpy()  # exact diagonal
    np.testing.assert_allclose(dist, oracle, atol=1e-10)
    others = [np.delete(oracle[i], i) for i in range(len(X))]
    np.testing.assert_allclose(geo.nearest_farthest_ratio(dist),
                               [o.min() / o.max() for o in others], rtol=1e-10)


def test_ball_volume_matches_the_gamma_formula_in_torch():
    for r in (0.5, 1.0, 2.0):
        for D in range(1, 60):
            log_v = (D / 2 * math.log(math.pi) + D * math.log(r)
                     - float(torch.lgamma(torch.tensor(D / 2 + 1, dtype=torch.float64))))
            assert geo.ball_volume(D, r) == pytest.approx(math.exp(log_v), rel=1e-12)
    assert geo.ball_volume(5, 1.0) == pytest.approx(8 * math.pi**2 / 15)  # the unit-ball peak
    with pytest.raises(ValueError, match="D must be positive"):
        geo.ball_volume(0)


def test_ball_sampler_is_uniform():
    """Exact checks that do not use the sampler's derivation: D = 1 is uniform on [-1, 1]
    (Archimedes), the disc of radius 1/2 holds 1/4 of the unit disc, and the outer 1%
    shell holds 1 - 0.99^D at D = 69 and 300 (within 4 binomial SE)."""
    rng = np.random.default_rng(2)
    n = 40_000
    x1 = geo.sample_ball(n, 1, rng)[:, 0]
    assert x1.min() >= -1 and x1.max() <= 1
    assert abs(np.abs(x1).mean() - 0.5) < 4 * math.sqrt(1 / 12 / n)
    r2 = np.linalg.norm(geo.sample_ball(n, 2, rng), axis=1)
    assert r2.max() <= 1 + 1e-12
    assert abs((r2 < 0.5).mean() - 0.25) < 4 * math.sqrt(0.25 * 0.75 / n)
    for D in (69, 300):
        p = 1 - 0.99**D
        assert abs(geo.shell_fraction_monte_carlo(n, D, rng) - p) < 4 * math.sqrt(p * (1 - p) / n)


def test_samplers_cover_n_rows_in_batches(monkeypatch):
    monkeypatch.setattr(geo, "MAX_ELEMENTS", 25)  # batches of 2-3 rows
    rng = np.random.default_rng(3)
    assert geo.gaussian_norms(11, 10, rng).shape == (11,)
    assert geo.random_cosines(11, 5, rng).shape == (11,)
    assert 0.0 <= geo.shell_fraction_monte_carlo(11, 4, rng) <= 1.0
    assert geo.ball_in_cube_fraction(11, 1, rng) == 1.0


def test_exact_cosine_and_norm_formulas_approach_their_asymptotes():
    assert geo.mean_abs_cosine_exact(2) == pytest.approx(2 / math.pi)
    assert geo.mean_abs_cosine_exact(3) == pytest.approx(0.5)  # cos is uniform on [-1, 1]
    assert geo.norm_cv_exact(2) == pytest.approx(math.sqrt(4 / math.pi - 1))
    for D in (1000, 10_000):
        assert geo.mean_abs_cosine_exact(D) == pytest.approx(
            geo.mean_abs_cosine_asymptotic(D), rel=1 / D)
        assert geo.norm_cv_exact(D) == pytest.approx(geo.norm_cv_asymptotic(D), rel=1 / D)
