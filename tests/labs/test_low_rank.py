"""Lab `low-rank`: the knee at the true rank, Eckart–Young to 1e-8 (checked against PyTorch's
SVD), the rank-64 truncation error equal to the noise outside the signal, LoRA within 5% of
the best rank-r error, and randomized SVD's top singular values to 1e-8. Timings are checked
to be positive numbers only: their size is the machine's, not the code's.
"""
import dataclasses
import math

import numpy as np
import pytest
import torch

import gradschool as gs
from gradschool.labs.contract import SilentProgress
from gradschool.labs.low_rank import PRESETS, lora, run, spectrum, timing
from tests.labs.lab_run import run_once

QUICK = PRESETS["quick"]
# The timed sizes are cut for the test (the code path is the same); everything else is quick's.
TEST_SIZES = (256, 320, 384)
CONTRACT = {"singular_values", "knee_rank", "truncation_error", "eckart_young_gap", "lora",
            "svd_seconds", "svd_exponent", "randomized"}


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    return run_once("low-rank", tmp_path_factory.mktemp("low_rank"), svd_sizes=TEST_SIZES,
                    repeats=1)


@pytest.fixture(scope="module")
def W(quick):
    c = quick["config"]
    return gs.data.low_rank_matrix(c["d"], c["true_rank"], c["noise_level"], seed=quick["seed"])


# --- the lab, quick preset ------------------------------------------------------------


def test_metrics_hold_the_contract_and_figures_are_drawn(quick):
    assert CONTRACT <= set(quick["metrics"])
    for name in ("spectrum", "eckart_young", "lora", "svd_timing"):
        assert (quick["dir"] / f"{name}.svg").stat().st_size > 1000


def test_singular_values_match_torch_and_the_knee_is_the_true_rank(quick, W):
    m = quick["metrics"]
    S = torch.linalg.svdvals(torch.from_numpy(W)).numpy()
    assert len(m["singular_values"]) == 128
    np.testing.assert_allclose(m["singular_values"], S[:128], rtol=1e-10)
    assert m["knee_rank"] == quick["config"]["true_rank"] == 64
    assert S[63] / S[64] > 5  # a real drop: the smallest signal value over the largest noise one
    # The noise's largest singular value sits near the Marchenko–Pastur edge s * 2 sqrt(d).
    assert S[64] == pytest.approx(0.01 * 2 * math.sqrt(768), rel=0.1)


def test_spectral_decomposition_and_svd_reconstruct_W(quick):
    checks = quick["metrics"]["spectral_decomposition"]
    assert checks["orthogonality_error"] < 1e-12
    assert checks["reconstruction_error"] < 1e-12
    assert checks["sqrt_eigenvalue_vs_sigma"] < 1e-10
    assert quick["metrics"]["svd_reconstruction_error"] < 1e-12


def test_eckart_young_holds_to_1e_8_at_every_k(quick, W):
    m = quick["metrics"]
    norm = np.linalg.norm(W)
    assert m["eckart_young_gap"] <= 1e-8 * norm
    assert m["eckart_young_relative_gap"] == pytest.approx(m["eckart_young_gap"] / norm)
    U, S, Vh = (t.numpy() for t in torch.linalg.svd(torch.from_numpy(W), full_matrices=False))
    assert set(m["truncation_error"]) == {str(k) for k in quick["config"]["truncation_ks"]}
    for k, measured in m["truncation_error"].items():
        k = int(k)
        W_k = (U[:, :k] * S[:k]) @ Vh[:k]
        assert measured == pytest.approx(np.linalg.norm(W - W_k), abs=1e-8 * norm)
        assert measured == pytest.approx(math.sqrt(np.sum(S[k:] ** 2)), abs=1e-8 * norm)


def test_rank_64_error_is_the_noise_outside_the_signal(quick, W):
    """‖W − W_64‖ / ‖W‖ ≈ s (d − r) / ‖W‖ (0.073 here, not s = 0.01): the truncation keeps
    exactly the noise outside the signal's subspaces, less than the noise's norm s d."""
    noise = quick["metrics"]["noise_analysis"]
    norm = np.linalg.norm(W)
    assert noise["relative_error"] == pytest.approx(quick["metrics"]["truncation_error"]["64"]
                                                    / norm, rel=1e-12)
    assert noise["relative_error"] == pytest.approx(noise["noise_outside_signal"], rel=0.01)
    assert noise["relative_error"] == pytest.approx(0.01 * (768 - 64) / norm, rel=0.03)
    assert noise["relative_error"] == pytest.approx(0.073, abs=0.002)
    assert noise["noise"] == pytest.approx(0.01 * 768 / norm, rel=0.01)
    assert noise["relative_error"] < noise["noise"]
    assert noise["denoised_error"] == pytest.approx(noise["denoised_predicted"], rel=0.05)
    assert noise["denoised_error"] < 0.5 * noise["noise"]  # W_64 is nearer the clean signal


def test_lora_reaches_the_best_rank_r_error(quick):
    c, records = quick["config"], quick["metrics"]["lora"]
    d, true_rank = c["lora_d"], c["lora_true_rank"]
    assert sorted(int(r) for r in records) == sorted(c["lora_ranks"])
    _, dW = lora.lora_problem(d, true_rank, c["noise_level"], c["delta_scale"], quick["seed"])
    S = torch.linalg.svdvals(torch.from_numpy(dW)).numpy()
    for r, rec in records.items():
        r = int(r)
        best = math.sqrt(np.sum(S[r:] ** 2))
        assert rec["best_error"] == pytest.approx(best, abs=1e-9 * np.linalg.norm(dW))
        assert rec["trainable_params"] == 2 * d * r
        assert rec["fraction"] == pytest.approx(2 * r / d)
        if r < true_rank:
            assert rec["best_error"] <= rec["trained_error"] <= 1.05 * rec["best_error"], r
        else:  # ΔW is reachable exactly: the best error is 0
            assert rec["trained_relative"] <= 0.05, r
    assert 2 * 768 * 8 / 768**2 == pytest.approx(0.021, abs=5e-4)  # the 2.1%


def test_timings_are_positive_and_randomized_svd_is_exact(quick):
    m = quick["metrics"]
    assert sorted(int(n) for n in m["svd_seconds"]) == list(TEST_SIZES)
    assert all(t > 0 for t in m["svd_seconds"].values())
    assert math.isfinite(m["svd_exponent"])
    for rec in m["randomized"].values():
        assert rec["seconds"] > 0 and rec["speedup"] > 0
        assert rec["max_rel_error_top64"] < 1e-8
    errors = m["randomized_power_iterations"]
    assert errors["0"] > 1e-3 > 1e-10 > errors["4"]  # power iterations are what makes it exact


# --- the helpers on their own ---------------------------------------------------------


def test_spectral_decomposition_matches_torch_eigh():
    X = np.random.default_rng(0).standard_normal((20, 20))
    G = X + X.T
    lam, Q = spectrum.spectral_decomposition(G)
    oracle = torch.linalg.eigvalsh(torch.from_numpy(G)).numpy()[::-1]
    np.testing.assert_allclose(lam, oracle, atol=1e-12)
    assert np.all(np.diff(lam) <= 0)
    np.testing.assert_allclose(Q.T @ Q, np.eye(20), atol=1e-12)
    np.testing.assert_allclose((Q * lam) @ Q.T, G, atol=1e-12)
    with pytest.raises(ValueError, match="not symmetric"):
        spectrum.spectral_decomposition(X)
    with pytest.raises(ValueError, match="square"):
        spectrum.spectral_decomposition(X[:3])


def test_knee_rank():
    assert spectrum.knee_rank(np.array([10.0, 9.0, 8.0, 1.0, 0.9])) == 3
    assert spectrum.knee_rank(np.array([3.0, 2.0, 0.0, 0.0])) == 2  # exactly rank 2
    assert spectrum.knee_rank(np.array([5.0, 1.0, 1.0])) == 1
    with pytest.raises(ValueError, match="descending"):
        spectrum.knee_rank(np.array([1.0, 2.0]))
    with pytest.raises(ValueError, match="at least 2"):
        spectrum.knee_rank(np.array([1.0]))


def test_truncation_errors_every_k_match_explicit_truncations_in_torch():
    A = np.random.default_rng(1).standard_normal((30, 20))
    U, S, Vt = np.linalg.svd(A, full_matrices=False)
    every_k = spectrum.truncation_errors_every_k(A, U, S, Vt)
    tU, tS, tVh = torch.linalg.svd(torch.from_numpy(A), full_matrices=False)
    for k in range(21):
        A_k = (tU[:, :k] * tS[:k]) @ tVh[:k]
        assert every_k[k] == pytest.approx(float(torch.linalg.norm(torch.from_numpy(A) - A_k)),
                                           abs=1e-12)
    assert spectrum.eckart_young_gaps(every_k, S).max() < 1e-12


def _torch_lora(W0, T, B0, A0, steps, lr):
    """The same fit in PyTorch: Adam under a cosine learning rate, W₀ frozen."""
    W0_t, T_t = torch.from_numpy(W0), torch.from_numpy(T)
    B = torch.tensor(B0, requires_grad=True)
    A = torch.tensor(A0, requires_grad=True)
    optimizer = torch.optim.Adam([B, A], lr=lr)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=steps)
    for _ in range(steps):
        optimizer.zero_grad()
        loss = ((W0_t + B @ A - T_t) ** 2).sum()
        loss.backward()
        optimizer.step()
        schedule.step()
    return B.detach().numpy(), A.detach().numpy()


def test_fit_lora_matches_torch_and_reaches_eckart_young():
    W0, dW = lora.lora_problem(24, 6, 0.01, 0.5, seed=3)
    B0, A0 = lora.init_adapter(24, 3, np.random.default_rng(4))
    assert not B0.any()  # B starts at 0: W = W₀
    fit = lora.fit_lora(W0, W0 + dW, B0, A0, steps=400, lr=0.02)
    B_t, A_t = _torch_lora(W0, W0 + dW, B0, A0, steps=400, lr=0.02)
    np.testing.assert_allclose(fit.B, B_t, atol=1e-8)
    np.testing.assert_allclose(fit.A, A_t, atol=1e-8)
    assert fit.errors[0] == pytest.approx(np.linalg.norm(dW))  # before any step W = W₀
    rec = lora.lora_record(fit, dW, np.linalg.svd(dW, compute_uv=False))
    assert rec["trained_error"] <= 1.01 * rec["best_error"]


def test_first_lora_step_moves_only_B():
    """∂ℓ/∂A = 2 Bᵀ (W − T) = 0 while B = 0, and Adam's first step is lr · sign(−∂ℓ/∂B)
    with ∂ℓ/∂B = 2 (W − T) Aᵀ = −2 ΔW Aᵀ."""
    W0, dW = lora.lora_problem(16, 4, 0.01, 1.0, seed=5)
    B0, A0 = lora.init_adapter(16, 2, np.random.default_rng(6))
    fit = lora.fit_lora(W0, W0 + dW, B0, A0, steps=1, lr=0.01)
    np.testing.assert_array_equal(fit.A, A0)
    np.testing.assert_allclose(fit.B, 0.01 * np.sign(dW @ A0.T), rtol=1e-6)


def test_fit_exponent_and_relative_error():
    sizes = [100, 200, 400, 800]
    assert timing.fit_exponent(sizes, [2e-9 * n**3 for n in sizes]) == pytest.approx(3.0)
    with pytest.raises(ValueError, match="2 different sizes"):
        timing.fit_exponent([100, 100], [1.0, 2.0])
    with pytest.raises(ValueError, match="positive"):
        timing.fit_exponent([100, 200], [0.0, 1.0])
    assert timing.max_relative_error(np.array([2.0, 0.9]), np.array([2.0, 1.0, 0.5])) == \
        pytest.approx(0.1)


@pytest.mark.parametrize(("overrides", "field"), [
    ({"true_rank": 768}, "true_rank"),
    ({"noise_level": -0.1}, "noise_level"),
    ({"truncation_ks": (0, 900)}, "truncation_ks"),
    ({"lora_ranks": (0, 4)}, "lora_ranks"),
    ({"svd_sizes": (32, 128)}, "svd_sizes"),
    ({"svd_sizes": (128,)}, "svd_sizes"),
    ({"lora_lr": 0.0}, "lora_lr"),
    ({"power_iterations": -1}, "power_iterations"),
])
def test_bad_config_is_rejected_by_name(tmp_path, overrides, field):
    config = dataclasses.replace(QUICK, **overrides)
    with pytest.raises(ValueError, match=field):
        run(config, tmp_path, SilentProgress())
