"""The xor lab: hand-written backprop equals autograd (gs, PyTorch); H = 2 gets stuck, H = 8 not."""
import numpy as np
import pytest
import torch

import gradschool as gs
from gradschool.labs import xor
from gradschool.labs.contract import SilentProgress
from gradschool.labs.xor import from_scratch as scratch
from gradschool.labs.xor import side_by_side


def random_params(hidden: int, rng: np.random.Generator, scale: float = 1.5) -> scratch.Params:
    shapes = {"W1": (hidden, 2), "b1": (hidden,), "W2": (1, hidden), "b2": (1,)}
    return {name: scale * rng.standard_normal(shape) for name, shape in shapes.items()}


@pytest.mark.parametrize("activation", ["tanh", "sigmoid"])
@pytest.mark.parametrize("hidden", [2, 5])
def test_hand_written_backward_matches_pytorch_autograd(activation, hidden):
    rng = np.random.default_rng(hidden)
    X, y = scratch.xor_data("float64")
    for _ in range(5):
        params = random_params(hidden, rng)
        cache = scratch.forward(params, X, activation)
        grads = scratch.backward(params, cache, X, y, activation)
        leaves = {name: torch.tensor(value, requires_grad=True) for name, value in params.items()}
        f = torch.tanh if activation == "tanh" else torch.sigmoid
        a1 = f(torch.tensor(X) @ leaves["W1"].T + leaves["b1"])
        z2 = a1 @ leaves["W2"].T + leaves["b2"]
        loss = torch.nn.functional.binary_cross_entropy_with_logits(z2, torch.tensor(y))
        loss.backward()
        assert float(scratch.bce_loss(cache["z2"], y)) == pytest.approx(loss.item(), abs=1e-14)
        for name in scratch.PARAM_NAMES:
            np.testing.assert_allclose(grads[name], leaves[name].grad.numpy(), rtol=0, atol=1e-12)


def test_batched_networks_train_like_single_ones():
    """The seed sweep trains S networks at once; each must follow its own single-network run."""
    rng = np.random.default_rng(0)
    X, y = scratch.xor_data("float64")
    nets = [random_params(3, rng, scale=0.7) for _ in range(4)]
    stacked = {name: np.stack([p[name] for p in nets]) for name in scratch.PARAM_NAMES}
    batched, batched_losses = scratch.train(stacked, X, y, lr=1.0, steps=200)
    for i, net in enumerate(nets):
        single, losses = scratch.train(net, X, y, lr=1.0, steps=200)
        np.testing.assert_allclose(batched_losses[:, i], losses, rtol=1e-12)
        for name in scratch.PARAM_NAMES:
            np.testing.assert_allclose(batched[name][i], single[name], rtol=1e-10, atol=1e-12)


def test_loss_curves_of_numpy_and_autograd_coincide():
    gs.manual_seed(3)
    model = side_by_side.make_model(4, "tanh", "float64")
    history = side_by_side.train_side_by_side(model, lr=1.0, steps=300, activation="tanh",
                                     progress=SilentProgress())
    np.testing.assert_allclose(history["loss_manual"], history["loss_autograd"], rtol=1e-12)
    assert max(history["grad_diff"]) < 1e-13
    for name, value in side_by_side.params_of(model).items():
        np.testing.assert_allclose(history["params"][name], value, rtol=1e-11, atol=1e-13)


def test_stuck_h2_network_stays_stuck():
    """A failure of H = 2 is a local minimum: ten times more steps leave it unsolved."""
    X, y = scratch.xor_data("float64")
    gs.manual_seed(0)
    config = xor.XorConfig(sweep_hidden=(2,), n_seeds=40)
    run = xor.seed_sweep(config, SilentProgress())["runs"][2]
    stuck = xor.pick_network(run, solved=False)
    assert stuck is not None
    longer, losses = scratch.train(stuck, X, y, lr=config.lr, steps=10 * config.steps)
    p = scratch.forward(longer, X)["p"]
    assert not scratch.is_solved(p, y, config.margin)
    assert losses[-1] > 0.1  # far above a solved network's loss (< 1e-2)


def test_xor_lab_quick(run_lab):
    m = run_lab("xor")["metrics"]
    # hand-written gradients equal autograd's to float64 rounding, at every step
    assert m["max_abs_grad_diff_manual_vs_autograd"] < 1e-12
    assert m["accuracy"] == 1.0
    assert m["final_loss"] < 1e-2
    rates = m["success_rate"]
    assert set(rates) == {"2", "4", "8"}
    assert rates["8"] >= 0.9
    assert rates["2"] < rates["8"]
    assert rates["2"] <= 0.85  # a sizeable share of H = 2 seeds end in a local minimum
