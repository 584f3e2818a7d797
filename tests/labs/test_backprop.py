"""The `backprop` lab: a hand-written backward through a deep ReLU network is right, layer by layer.

The lab's claim is checked three ways: its own metrics (manual vs gs autograd
and vs finite differences), PyTorch autograd as an outside oracle on the
same weights, and a deliberately broken backward that the check must catch.
"""
import numpy as np
import pytest
import torch

from gradschool.labs.backprop import Config, check_network
from gradschool.labs.backprop import hand_backprop as bp
from gradschool.labs.backprop.check import no_relu_derivative

FD_TOLERANCE = 1e-5        # round-off of a central difference at h = 1e-5 is ~1e-10·ℓ/‖g‖
AUTOGRAD_TOLERANCE = 1e-10


def _random_problem(seed: int):
    config = Config()
    rng = np.random.default_rng(seed)
    sizes = bp.layer_sizes(config.input_dim, config.width, config.hidden_layers,
                           config.output_dim)
    net = bp.init_network(rng, sizes)
    X = rng.standard_normal((config.input_dim, config.n_pairs))
    Y = rng.standard_normal((config.output_dim, config.n_pairs))
    return net, X, Y


def test_manual_backward_matches_autograd_and_finite_differences_in_every_layer(run_lab):
    m = run_lab("backprop")
    metrics = m["metrics"]
    assert metrics["max_rel_error_manual_vs_autograd"] <= AUTOGRAD_TOLERANCE
    assert metrics["max_rel_error_manual_vs_finite_diff"] <= FD_TOLERANCE
    per_layer = metrics["per_layer"]
    config = m["config"]
    assert [r["layer"] for r in per_layer] == list(range(config["hidden_layers"] + 1)) == \
        list(range(6))
    assert [r["weight_shape"] for r in per_layer] == [[6, 4]] + [[6, 6]] * 4 + [[2, 6]]
    for record in per_layer:
        assert record["weight_rel_err_fd"] <= FD_TOLERANCE
        assert record["bias_rel_err_fd"] <= FD_TOLERANCE
        assert record["weight_rel_err_autograd"] <= AUTOGRAD_TOLERANCE
        assert record["bias_rel_err_autograd"] <= AUTOGRAD_TOLERANCE
        assert record["weight_grad_norm"] > 0 and record["bias_grad_norm"] > 0
    # The summary maxima are the maxima of the per-layer table.
    assert metrics["max_rel_error_manual_vs_finite_diff"] == max(
        max(r["weight_rel_err_fd"], r["bias_rel_err_fd"]) for r in per_layer)
    for name in ("layer_errors.svg", "parity.svg", "gradient_norms.svg"):
        assert (m["dir"] / name).stat().st_size > 0


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_manual_backward_matches_pytorch(seed):
    net, X, Y = _random_problem(seed)
    f, h = bp.forward(net, X)
    ours = bp.backward(net, f, h, Y)

    Ws = [torch.tensor(W, requires_grad=True) for W in net.weights]
    bs = [torch.tensor(b, requires_grad=True) for b in net.biases]
    a = torch.tensor(X)
    for k, (W, b) in enumerate(zip(Ws, bs)):
        a = b + W @ a
        if k < len(Ws) - 1:
            a = torch.relu(a)
    loss = ((a - torch.tensor(Y)) ** 2).sum()
    loss.backward()

    assert bp.least_squares(f[-1], Y) == pytest.approx(loss.item(), rel=1e-13)
    for k in range(len(Ws)):
        np.testing.assert_allclose(ours.weights[k], Ws[k].grad.numpy(), rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(ours.biases[k], bs[k].grad.numpy(), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("wrong_derivative", [
    no_relu_derivative,                          # ReLU treated as the identity
    lambda f: (f < 0).astype(np.float64),        # the mask upside down
], ids=["no-relu-derivative", "flipped-mask"])
def test_the_finite_difference_check_catches_a_broken_backward(wrong_derivative):
    for seed in range(3):
        net, X, Y = _random_problem(seed)
        f, h = bp.forward(net, X)
        fd, _ = bp.finite_difference_gradients(net, X, Y, step=1e-5)
        right = bp.layer_errors(bp.backward(net, f, h, Y), fd)
        wrong = bp.layer_errors(bp.backward(net, f, h, Y, relu_grad=wrong_derivative), fd)
        assert max(max(e) for e in right) <= FD_TOLERANCE
        # Far above the tolerance: the check flags the broken backward.
        assert max(max(e) for e in wrong) > 1e3 * FD_TOLERANCE
        # The top layer's gradient passes through no ReLU: even the broken backward gets it.
        assert max(wrong[-1]) <= FD_TOLERANCE


def test_the_lab_check_reports_a_broken_backward():
    check = check_network(Config(), np.random.default_rng(5))
    assert check.err_fd.max() <= FD_TOLERANCE
    assert check.err_broken.max() > 1e3 * FD_TOLERANCE


def test_finite_differences_shrink_the_step_instead_of_crossing_a_kink():
    net, X, Y = _random_problem(3)
    f, h = bp.forward(net, X)
    # Put unit 0 of the first layer 1e-7 above its kink for pair 0.
    net.biases[0][0, 0] += 1e-7 - f[0][0, 0]
    f, h = bp.forward(net, X)
    assert 0 < f[0][0, 0] < 1e-6
    manual = bp.backward(net, f, h, Y)
    fd, n_shrunk = bp.finite_difference_gradients(net, X, Y, step=1e-5)
    assert n_shrunk > 0
    assert max(max(e) for e in bp.layer_errors(manual, fd)) <= FD_TOLERANCE


def test_relative_error_is_per_array_and_zero_for_two_zeros():
    assert bp.relative_error(np.zeros((2, 3)), np.zeros((2, 3))) == 0.0
    a = np.array([1000.0, 1e-12])
    b = np.array([1000.0, 2e-12])   # per entry the second is 50% off; it is round-off
    assert bp.relative_error(a, b) == pytest.approx(1e-15, rel=1e-6)
    assert bp.relative_error(np.array([1.0, 0.0]), np.array([-1.0, 0.0])) == 2.0
