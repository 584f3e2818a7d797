"""Lab `softmax`: overflow and underflow as float64 predicts, entropy of the uniform = log k,
KL ≥ 0 and H(p, q) = H(p) + KL, temperature from one-hot to uniform; gs.softmax,
gs.log_softmax and F.cross_entropy against the closed form and PyTorch (float64).
"""
import math

import numpy as np
import pytest
import torch

import gradschool as gs
import gradschool.nn.functional as F
from gradschool.labs.contract import SilentProgress
from gradschool.labs.softmax import Config, run
from gradschool.labs.softmax import functions as fn
from tests.labs.lab_run import run_once


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    return run_once("softmax", tmp_path_factory.mktemp("softmax"))


# --- the lab, quick preset ------------------------------------------------------------


def test_naive_softmax_overflows_and_the_stable_one_is_exact(quick):
    m = quick["metrics"]
    assert m["naive_overflow"] is True
    assert m["naive_softmax"] == ["nan", "nan", "nan"]  # e^1000 = inf; inf / inf = NaN
    with np.errstate(over="ignore"):
        assert np.isfinite(np.exp(709.0)) and np.isinf(np.exp(710.0))  # ln(max) = 709.78
    with pytest.raises(OverflowError):
        math.exp(1000.0)  # float64 cannot hold e^1000
    closed = torch.softmax(torch.tensor([0.0, -1.0, -2.0], dtype=torch.float64), 0)
    np.testing.assert_allclose(m["stable_softmax"], closed.numpy(), rtol=1e-15)
    big = torch.softmax(torch.tensor([1000.0, 999.0, 998.0], dtype=torch.float64), 0)
    np.testing.assert_allclose(m["stable_softmax"], big.numpy(), rtol=1e-15)
    assert m["stable_max_error"] < 1e-15
    assert m["logsumexp"]["naive"] == "inf"
    lse = torch.logsumexp(torch.tensor([1000.0, 999.0, 998.0], dtype=torch.float64), 0)
    assert m["logsumexp"]["stable"] == pytest.approx(lse.item(), rel=1e-15)
    assert m["invariance_error"] < 1e-12


def test_products_underflow_and_sums_of_logs_do_not(quick):
    under, config = quick["metrics"]["underflow"], quick["config"]
    assert under["product"] == 0.0
    assert under["log_sum"] == pytest.approx(config["n_probs"] * math.log(config["prob"]),
                                             rel=1e-12)
    assert under["log_sum"] == pytest.approx(-4605.170185988091, rel=1e-12)
    # 0.01^n rounds to 0 once it is below half the smallest subnormal float64 (4.94e-324):
    # log10 of that threshold is -323.6, between -2 * 161 and -2 * 162.
    threshold = math.log10(np.finfo(np.float64).smallest_subnormal) - math.log10(2)
    assert -2 * 162 < threshold < -2 * 161
    assert under["first_zero_n"] == 162


def test_entropy_kl_and_cross_entropy(quick):
    m = quick["metrics"]
    for k, h in m["entropy_uniform"].items():
        assert h == pytest.approx(math.log(int(k)), rel=1e-12)
        uniform = torch.distributions.Categorical(probs=torch.full((int(k),), 1 / int(k),
                                                                   dtype=torch.float64))
        assert h == pytest.approx(uniform.entropy().item(), rel=1e-12)
    assert m["entropy_one_hot"] == 0.0
    assert m["kl_min"] > 0.0
    assert m["kl_self_max"] == 0.0
    assert m["decomposition_error"] < 1e-12
    assert m["cross_entropy_at_least_entropy"] is True


def test_temperature_goes_from_one_hot_to_uniform(quick):
    m, config = quick["metrics"], quick["config"]
    temps = sorted(m["temperature_entropy"], key=float)
    values = [m["temperature_entropy"][t] for t in temps]
    # dH/dT = Var_p(z) / T^3 > 0: the entropy rises with T.
    assert all(a < b for a, b in zip(values, values[1:])), values
    assert values[0] < 1e-6  # T = 0.01: one-hot on the argmax
    assert values[-1] == pytest.approx(math.log(config["k"]), abs=1e-3)  # T = 100: uniform
    z = torch.tensor(m["temperature_logits"], dtype=torch.float64)
    for T in temps:
        p = torch.softmax(z / float(T), 0)
        h = torch.distributions.Categorical(probs=p).entropy().item()
        assert m["temperature_entropy"][T] == pytest.approx(h, rel=1e-9, abs=1e-15)


def test_library_agrees_with_the_formulas(quick):
    for name, error in quick["metrics"]["library_errors"].items():
        assert error < 1e-12, name
    for name in ("temperature.svg", "overflow_underflow.svg", "entropy_kl.svg"):
        assert (quick["dir"] / name).stat().st_size > 5000, name


# --- gradschool and the helpers against PyTorch -------------------------------------------


def _logits(seed=0, shape=(6, 5)):
    z = np.random.default_rng(seed).standard_normal(shape) * 20
    z[0] += 1000.0  # a row the naive formula cannot handle
    z[1] -= 1000.0
    return z


def test_gs_softmax_and_log_softmax_match_torch_and_the_closed_form():
    z = _logits()
    for dim in (0, 1, -1):
        expected = torch.softmax(torch.from_numpy(z), dim).numpy()
        np.testing.assert_allclose(gs.softmax(gs.tensor(z), dim=dim).numpy(), expected,
                                   rtol=1e-12, atol=1e-300)
        np.testing.assert_allclose(gs.log_softmax(gs.tensor(z), dim=dim).numpy(),
                                   torch.log_softmax(torch.from_numpy(z), dim).numpy(),
                                   rtol=1e-12, atol=1e-12)
    # Closed form on a small row: e^z / sum e^z with math.exp.
    row = [0.5, -1.0, 2.0]
    e = [math.exp(v) for v in row]
    closed = [v / sum(e) for v in e]
    np.testing.assert_allclose(gs.softmax(gs.tensor(np.array(row)), dim=0).numpy(), closed,
                               rtol=1e-14)
    np.testing.assert_allclose(fn.stable_softmax(z), torch.softmax(torch.from_numpy(z), -1),
                               rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(fn.logsumexp(z), torch.logsumexp(torch.from_numpy(z), -1),
                               rtol=1e-14)
    assert np.isnan(fn.naive_softmax(z)[0]).all()


def test_cross_entropy_is_minus_log_softmax_of_the_true_class():
    z = _logits(1, (32, 7))
    y = np.random.default_rng(2).integers(0, 7, 32)
    ours = F.cross_entropy(gs.tensor(z), gs.tensor(y)).item()
    theirs = torch.nn.functional.cross_entropy(torch.from_numpy(z), torch.from_numpy(y)).item()
    by_hand = -np.mean(np.log(fn.stable_softmax(z[2:]))[np.arange(30), y[2:]])
    assert ours == pytest.approx(theirs, rel=1e-12)
    # Rows 0-1 hold logits of +-1000 (softmax is fine, its log would see exact 0s): by hand
    # on the others, with log-softmax = z - logsumexp(z) on all.
    assert float(F.cross_entropy(gs.tensor(z[2:]), gs.tensor(y[2:])).item()) == pytest.approx(
        by_hand, rel=1e-12)
    log_p = z - fn.logsumexp(z)[:, None]
    assert ours == pytest.approx(-log_p[np.arange(32), y].mean(), rel=1e-12)


def test_entropy_kl_and_bce_match_torch():
    rng = np.random.default_rng(3)
    p, q = rng.dirichlet(np.ones(6), size=(2, 50))
    p[0] = [0.5, 0.5, 0, 0, 0, 0]  # zeros: 0 log 0 = 0
    tp, tq = torch.from_numpy(p), torch.from_numpy(q)
    np.testing.assert_allclose(fn.entropy(p), torch.distributions.Categorical(probs=tp).entropy(),
                               rtol=1e-12)
    kl = torch.nn.functional.kl_div(tq.log(), tp, reduction="none").sum(-1)
    np.testing.assert_allclose(fn.kl_divergence(p, q), kl, rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(fn.cross_entropy(p, q), fn.entropy(p) + fn.kl_divergence(p, q),
                               rtol=1e-12)
    assert (fn.kl_divergence(p, q) >= 0).all() and (fn.kl_divergence(p, p) == 0).all()
    y = rng.integers(0, 2, 40).astype(float)
    pred = rng.uniform(0.01, 0.99, 40)
    bce = torch.nn.functional.binary_cross_entropy(torch.from_numpy(pred), torch.from_numpy(y),
                                                   reduction="none")
    np.testing.assert_allclose(fn.binary_cross_entropy(y, pred), bce, rtol=1e-12)


def test_bad_input_is_refused(tmp_path):
    with pytest.raises(ValueError, match="must sum to 1"):
        fn.entropy(np.array([0.5, 0.4]))
    with pytest.raises(ValueError, match=">= 0, got a minimum of -0.5"):
        fn.kl_divergence(np.array([1.5, -0.5]), np.array([0.5, 0.5]))
    with pytest.raises(ValueError, match="q must lie in"):
        fn.binary_cross_entropy(np.array([1.0]), np.array([1.5]))
    with pytest.raises(ValueError, match="scalar"):
        fn.stable_softmax(np.float64(3.0))
    with pytest.raises(ValueError, match=r"prob must be in \(0, 1\), got 1.5"):
        run(Config(prob=1.5), tmp_path, SilentProgress())
    with pytest.raises(ValueError, match="temperatures must be > 0"):
        run(Config(temperatures=(0.0, 1.0)), tmp_path, SilentProgress())
    with pytest.raises(ValueError, match="k must be >= 2, got 1"):
        run(Config(k=1), tmp_path, SilentProgress())
