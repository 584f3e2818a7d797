"""Lab `statistics`: ties go to the first index, ddof 0 is biased by (n−1)/n, the standard error
falls like 1/√n, the skewness of the mean like 2/√n, and gs.manual_seed repeats only gs's stream.

Oracles: PyTorch and Python's own `statistics` module for the summaries, closed forms with
their Monte-Carlo standard errors for the simulations (Var(s²/σ²) = 2/(n−1) for normal data;
the std of M sample means has relative SE √((κ−1)/(4M)), κ = 3 + 6/n the kurtosis of the
mean of n exponentials), scipy.stats.skew for the skewness. The tolerances were checked on
seeds 0-19 of the quick preset (worst: 2.8 SE; skewness·√n within 0.14 of 2).
"""
import math
import random
import statistics as stdlib_statistics  # the standard library's, not the lab

import numpy as np
import pytest
import torch
from scipy import stats as sp_stats

import gradschool as gs
from gradschool.labs import statistics as lab
from gradschool.labs.contract import SilentProgress
from gradschool.labs.statistics import sampling, seeding, summaries
from tests.labs.lab_run import run_once

STREAMS = {"python random", "numpy legacy np.random", "numpy default_rng()", "gradschool"}


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    return run_once("statistics", tmp_path_factory.mktemp("statistics"))


# --- the lab, quick preset ------------------------------------------------------------


def test_metrics_and_figures_are_there(quick):
    assert {"argmax_tie_index", "variance_bias", "sem_slope", "sem", "clt_skewness",
            "repeatable"} <= set(quick["metrics"])
    for name in ("sem", "summary", "variance_bias", "clt", "small_samples", "seeding"):
        assert (quick["dir"] / f"{name}.svg").stat().st_size > 5000, name


def test_ties_give_the_first_index_as_numpy_and_torch_do(quick):
    m, x = quick["metrics"], torch.tensor(summaries.TIED_SAMPLE)
    assert m["argmax_tie_index"] == int(torch.argmax(x)) == int(np.argmax(x.numpy())) == 1
    assert m["argmin_tie_index"] == int(torch.argmin(x)) == int(np.argmin(x.numpy())) == 2
    for indices in m["tie_indices"].values():
        assert indices == {"argmax": 1, "argmin": 2}


def test_summary_matches_torch_and_the_standard_library(quick):
    s, x = quick["metrics"]["summary"], torch.tensor(summaries.TIED_SAMPLE, dtype=torch.float64)
    values = list(summaries.TIED_SAMPLE)
    assert s["min"] == x.min().item() and s["max"] == x.max().item()
    assert s["mean"] == pytest.approx(x.mean().item()) == stdlib_statistics.mean(values)
    assert s["var_ddof0"] == pytest.approx(x.var(correction=0).item())
    assert s["var_ddof0"] == pytest.approx(stdlib_statistics.pvariance(values))
    assert s["var_ddof1"] == pytest.approx(x.var(correction=1).item())
    assert s["var_ddof1"] == pytest.approx(stdlib_statistics.variance(values))
    assert s["std_ddof1"] == pytest.approx(stdlib_statistics.stdev(values))


def test_variance_with_ddof_0_is_biased_by_n_minus_1_over_n(quick):
    m, M = quick["metrics"], quick["config"]["variance_replicates"]
    assert m["variance_bias"] == m["variance_bias_by_n"][str(m["variance_n"])]
    for key, ratios in m["variance_bias_by_n"].items():
        n = int(key)
        se = math.sqrt(2 / (n - 1) / M)  # of mean s²_1/σ² for normal data
        assert abs(ratios["1"] - 1) < 4 * se, (n, ratios)
        assert abs(ratios["0"] - (n - 1) / n) < 4 * se * (n - 1) / n, (n, ratios)
    assert m["variance_bias"]["0"] == pytest.approx(0.8, abs=0.01)  # n = 5


def test_standard_error_falls_like_one_over_root_n(quick):
    m, M = quick["metrics"], quick["config"]["sem_replicates"]
    assert m["sem_slope"] == pytest.approx(-0.5, abs=0.05)
    sizes = sorted(int(n) for n in m["sem"])
    assert sizes[0] == 2 and sizes[-1] == 1000
    for n in sizes:
        rel_se = math.sqrt((3 + 6 / n - 1) / (4 * M))  # σ = 1 for the exponential population
        assert abs(m["sem"][str(n)] * math.sqrt(n) - 1) < 4 * rel_se, n


def test_skewness_of_the_mean_falls_like_2_over_root_n(quick):
    skew = {int(n): g for n, g in quick["metrics"]["clt_skewness"].items()}
    sizes = sorted(skew)
    assert [skew[n] for n in sizes] == sorted(skew.values(), reverse=True)
    for n in sizes:
        assert skew[n] * math.sqrt(n) == pytest.approx(2.0, abs=0.35), n
    slope = np.polyfit(np.log(sizes), np.log([skew[n] for n in sizes]), 1)[0]
    assert slope == pytest.approx(-0.5, abs=0.05)


def test_small_studies_of_one_population_disagree(quick):
    means = np.array(quick["metrics"]["small_sample_means"])
    se = 15 / math.sqrt(5)
    assert len(means) == 20
    assert 0.5 * se < means.std(ddof=1) < 1.5 * se
    assert means.max() - means.min() > 2 * se  # two studies ≥ 13 points apart


def test_seeding_only_gs_repeats_only_gs(quick):
    m = quick["metrics"]
    assert m["training_repeats"] is True and m["training_unseeded_difference"] > 0
    assert m["repeatable"] == {name: name == "gradschool" for name in STREAMS}
    assert m["repeatable_after_seed_everything"] == {
        name: name != "numpy default_rng()" for name in STREAMS}


# --- the helpers on their own ---------------------------------------------------------


def test_variance_ratios_match_numpy_on_the_same_draws():
    M, n, sigma = 500, 4, 3.0
    ratios = summaries.variance_ratios(n, M, sigma, np.random.default_rng(7))
    x = np.random.default_rng(7).normal(10.0, sigma, size=(M, n))
    for ddof in (0, 1):
        assert ratios[ddof] == pytest.approx(x.var(axis=1, ddof=ddof).mean() / sigma**2,
                                             rel=1e-12)


def test_sampling_helpers(monkeypatch):
    x = np.random.default_rng(0).exponential(size=1000)
    assert sampling.skewness(x) == pytest.approx(sp_stats.skew(x), rel=1e-12)
    monkeypatch.setattr(sampling, "MAX_DRAWS", 10)  # batches of 3 samples of 3
    means = sampling.sample_means(3, 7, np.random.default_rng(1))
    # the batches consume the stream as one (7, 3) draw would
    expected = np.random.default_rng(1).exponential(size=(7, 3)).mean(axis=1)
    np.testing.assert_allclose(means, expected, rtol=1e-15)
    assert sampling.fitted_slope([1, 4, 16], [1, 0.5, 0.25]) == pytest.approx(-0.5)


def test_manual_seed_repeats_a_training_and_draws_restore_global_state():
    gs.manual_seed(3)
    first = seeding.train_small_network(1)
    gs.manual_seed(3)
    assert seeding.train_small_network(1) == first
    assert seeding.train_small_network(1) != first
    random.seed(11)
    np.random.seed(11)
    before = (random.getstate(), np.random.get_state()[1].copy())
    runs = seeding.draws_after(gs.manual_seed, 0, k=3)
    assert random.getstate() == before[0]
    np.testing.assert_array_equal(np.random.get_state()[1], before[1])
    assert set(runs) == STREAMS and all(len(r) == 2 and len(r[0]) == 3 for r in runs.values())


def test_bad_input_is_rejected(tmp_path):
    for field, value in (("variance_n", 1), ("sem_sizes", (5,)), ("sigma", 0.0),
                         ("clt_replicates", 2), ("small_studies", 1)):
        with pytest.raises(ValueError, match=field):
            lab.run(lab.Config(**{field: value}), tmp_path, SilentProgress())
    with pytest.raises(ValueError, match="at least 3 values"):
        sampling.skewness(np.ones(2))
    with pytest.raises(ValueError, match="empty"):
        summaries.tie_indices([])
    with pytest.raises(ValueError, match="n >= 2"):
        summaries.variance_ratios(1, 10, 1.0, np.random.default_rng(0))
    with pytest.raises(ValueError, match="epochs"):
        seeding.train_small_network(0)
