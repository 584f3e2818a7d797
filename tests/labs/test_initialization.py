"""The initialization lab: std × √(σ²D/2) per ReLU layer (He keeps it); tanh + Xavier survives.

Oracles: the closed form for ReLU, the mean-field recursion
q_l = σ² D E[tanh(√q_{l-1} ξ)²] (ξ ~ N(0, 1), by Gauss-Hermite quadrature)
for tanh, and PyTorch's autograd for the per-layer gradients.
"""
import math

import numpy as np
import pytest
import torch

import gradschool as gs
from gradschool.labs import initialization as lab
from gradschool.labs.initialization import measure
from gradschool.labs.initialization.variances import he as he_init

SIGMA2_TIMES_D = {"1": None, "4/D": 4.0, "2/D (He)": 2.0, "1/D": 1.0, "0.5/D": 0.5}


def sigma2(label: str, width: int) -> float:
    """σ² of a ReLU label: 1 for "1", c / D for "c/D"."""
    scale = SIGMA2_TIMES_D[label]
    return 1.0 if scale is None else scale / width


def tanh_mean_field_std(sigma2_times_d: float, depth: int) -> tuple[float, float]:
    """(std of a_L, variance of z_L) by mean field: z_l ~ N(0, s q_{l-1}), q_l = E[tanh(z_l)²].

    s = σ² D and q_0 = 1 (the inputs are N(0, 1)).
    """
    xi, w = np.polynomial.hermite_e.hermegauss(101)
    w = w / w.sum()
    q = 1.0
    for _ in range(depth):
        z_var = sigma2_times_d * q
        q = float(np.sum(w * np.tanh(math.sqrt(z_var) * xi) ** 2))
    return math.sqrt(q), z_var


def test_weight_inits_have_the_labelled_variance():
    width = 400
    relu = {label: sigma2(label, width) for label in SIGMA2_TIMES_D}
    tanh = {"1": 1.0, "4/D": 4 / width, "(5/3)²/D (Xavier, tanh gain)": (5 / 3) ** 2 / width,
            "1/D (Xavier)": 1 / width, "0.5/D": 0.5 / width}
    for variances, expected in ((lab.RELU_VARIANCES, relu), (lab.TANH_VARIANCES, tanh)):
        assert set(variances) == set(expected)
        for label, make in variances.items():
            W = gs.nn.Linear(width, width, dtype="float64").weight
            make(width)(W)
            assert W.data.var() == pytest.approx(expected[label], rel=0.02), label


def test_per_layer_gradients_match_pytorch():
    gs.manual_seed(1)
    rng = np.random.default_rng(1)
    for activation, f in (("relu", torch.relu), ("tanh", torch.tanh)):
        network = measure.make_network(4, 6, activation, he_init(6))
        x, G = rng.standard_normal((7, 6)), rng.standard_normal((7, 6))
        measured = measure.measure(network, x, G)
        a, acts = torch.tensor(x, requires_grad=True), []
        for module in network:
            if isinstance(module, gs.nn.Linear):
                a = f(a @ torch.tensor(module.weight.data).T + torch.tensor(module.bias.data))
                a.retain_grad()
                acts.append(a)
        acts[-1].backward(torch.tensor(G))
        np.testing.assert_allclose(measured["forward_var"], [t.detach().var(unbiased=False).item()
                                                             for t in acts], rtol=1e-12)
        np.testing.assert_allclose(measured["backward_var"], [t.grad.var(unbiased=False).item()
                                                              for t in acts], rtol=1e-12)


def check_relu(metrics, depth, width):
    forward, backward = metrics["forward_std"], metrics["backward_std"]
    assert set(forward) == set(backward) == set(SIGMA2_TIMES_D)
    assert all(len(forward[k]) == len(backward[k]) == depth for k in forward)
    # He: the second moment is preserved, so the std stays within a factor 3 of layer 1
    he, he_back = np.array(forward["2/D (He)"]), np.array(backward["2/D (He)"])
    assert np.all(np.abs(np.log(he / he[0])) < math.log(3))
    assert np.all(np.abs(np.log(he_back / he_back[-1])) < math.log(3))
    assert metrics["he_forward_std_last"] == he[-1]
    # every σ²: the measured growth per layer is the closed form √(σ² D / 2), both ways
    for label in SIGMA2_TIMES_D:
        r = math.sqrt(sigma2(label, width) * width / 2)
        assert measure.growth_per_layer(forward[label]) == pytest.approx(r, rel=0.05), label
        assert 1 / measure.growth_per_layer(backward[label]) == pytest.approx(r, rel=0.05), label
    # σ² = 1 explodes (≈ √40 per layer), σ² = 1/D vanishes (≈ √½ per layer)
    assert metrics["unit_var_forward_std_last"] == forward["1"][-1]
    assert forward["1"][-1] / forward["1"][0] > 1e35
    assert backward["1"][0] / backward["1"][-1] > 1e35
    assert forward["1/D"][-1] / forward["1/D"][0] < 1e-6
    assert backward["1/D"][0] / backward["1/D"][-1] < 1e-6


def check_tanh(tanh, depth, width):
    forward = tanh["forward_std"]
    xavier = np.array(forward["1/D (Xavier)"])
    # Xavier keeps the signal: bounded away from 0 and below 1 at every layer, close to mean field
    assert np.all((xavier > 0.05) & (xavier < 1))
    assert tanh["xavier_forward_std_last"] == xavier[-1]
    expected, _ = tanh_mean_field_std(1.0, depth)
    assert xavier[-1] == pytest.approx(expected, rel=0.3)
    # a variance below 1/D vanishes like the linear network: √(0.5) per layer
    assert measure.growth_per_layer(forward["0.5/D"]) == pytest.approx(math.sqrt(0.5), rel=0.05)
    # σ² = 1 saturates: most units at |a| > 0.99, as many as mean field predicts
    saturated = tanh["saturated_fraction_last"]
    _, z_var = tanh_mean_field_std(float(width), depth)
    predicted = 1 - math.erf(math.atanh(measure.SATURATED) / math.sqrt(2 * z_var))
    assert saturated["1"] > 0.6
    assert saturated["1"] == pytest.approx(predicted, abs=0.05)
    assert saturated["1/D (Xavier)"] < 0.01
    assert forward["1"][-1] > 0.9


def check_small(small, width):
    forward = small["forward_std"]
    he = np.array(forward["2/D (He)"])
    assert np.all(np.abs(np.log(he / he[0])) < math.log(3))
    # σ² = 1 against σ² = 1/D: a factor √D per layer, (√8)⁵ ≈ 181 after 5 layers
    ratio, expected = forward["1"][-1] / forward["1/D"][-1], math.sqrt(width) ** len(he)
    assert expected / 3 < ratio < 3 * expected


def test_initialization_lab_quick(run_lab):
    record = run_lab("initialization")
    config, metrics = record["config"], record["metrics"]
    assert (config["depth"], config["width"]) == (50, 80)
    check_relu(metrics, config["depth"], config["width"])
    check_tanh(metrics["tanh"], config["depth"], config["width"])
    check_small(metrics["relu_small"], config["small_width"])
    for name in ("relu_std.svg", "tanh_std.svg", "relu_small_std.svg", "tanh_last_layer.svg"):
        assert (record["dir"] / name).exists()
