"""The adam lab: Adam settles at (0.7, 0); fixed steps crawl or cycle, normalised steps bounce.

Oracles: torch.optim on the same loss written in torch (the whole trajectories),
the 2-cycle of fixed-step descent in closed form, φ1 = ±√(ln(2α)/2) with loss
1 - 1/(2α), and the first step of Adam with and without bias correction.
"""
import math

import numpy as np
import pytest
import torch

from gradschool.labs import SilentProgress
from gradschool.labs import adam as lab


def torch_loss(phi):
    return 1 - torch.exp(-2 * phi[1] ** 2) * torch.exp(-((phi[0] - 0.7) ** 2) / 8)


def torch_final(config, make, steps):
    phi = torch.tensor(config["start"], dtype=torch.float64, requires_grad=True)
    opt = make([phi])
    for _ in range(steps):
        opt.zero_grad()
        torch_loss(phi).backward()
        opt.step()
    return phi.detach().numpy()


def check_against_torch(c, final):
    """Every method but the uncorrected Adam (torch has no switch) reaches torch's final φ."""
    betas = (c["beta1"], c["beta2"])
    O = torch.optim
    twins = {
        "descent_small": lambda ps: O.SGD(ps, lr=c["small_lr"]),
        "descent_large": lambda ps: O.SGD(ps, lr=c["large_lr"]),
        "normalised": lambda ps: O.Adam(ps, lr=c["lr"], betas=(0.0, 0.0), eps=c["eps"]),
        "rmsprop": lambda ps: O.RMSprop(ps, lr=c["lr"], alpha=c["rmsprop_alpha"], eps=c["eps"]),
        "adam": lambda ps: O.Adam(ps, lr=c["lr"], betas=betas, eps=c["eps"]),
    }
    for name, make in twins.items():
        np.testing.assert_allclose(final[name], torch_final(c, make, c["steps"]), atol=1e-8,
                                   err_msg=name)


def test_adam_lab_quick(run_lab):
    record = run_lab("adam")
    check_against_torch(record["config"], record["metrics"]["final_position"])
    config, metrics = lab.AdamConfig(**{k: tuple(v) if isinstance(v, list) else v
                                        for k, v in record["config"].items()}), record["metrics"]
    position = {k: np.array(v) for k, v in metrics["final_position"].items()}
    loss = metrics["final_loss"]
    distance = {k: np.hypot(p[0] - 0.7, p[1]) for k, p in position.items()}
    # Adam settles at the minimum, with or without bias correction
    assert distance["adam"] < 1e-4 and loss["adam"] < 1e-8
    assert distance["adam_no_bias_correction"] < 1e-4
    # a small fixed step is still far after the same number of steps
    assert distance["descent_small"] > 0.5 and loss["descent_small"] > 1e6 * loss["adam"]
    # a large fixed step ends in the 2-cycle φ1 = ±√(ln(2α)/2) at φ0 = 0.7, loss 1 - 1/(2α)
    alpha = config.large_lr
    assert position["descent_large"][0] == pytest.approx(0.7, abs=1e-8)
    assert abs(position["descent_large"][1]) == pytest.approx(math.sqrt(math.log(2 * alpha) / 2),
                                                              rel=1e-6)
    assert loss["descent_large"] == pytest.approx(1 - 1 / (2 * alpha), rel=1e-6)
    # normalised gradients and RMSProp end bouncing: within about a step of the minimum, not at it
    for name in ("normalised", "rmsprop"):
        assert 100 * distance["adam"] < distance[name] < 2 * config.lr, name
    runs = lab.run_all(config, SilentProgress())
    for name in ("descent_large", "normalised", "rmsprop"):
        phi1 = runs[name][0][-50:, 1]
        assert np.all(np.sign(phi1[1:]) != np.sign(phi1[:-1])), f"{name} does not oscillate"
    # bias correction: Adam's first step is α g/(|g| + ε), the normalised gradient's;
    # without it, α (1 - β1) g / (√(1 - β2) |g| + ε): (1 - β1)/√(1 - β2) times longer
    phi0 = torch.tensor(config.start, dtype=torch.float64, requires_grad=True)
    torch_loss(phi0).backward()
    g, eps = phi0.grad.numpy(), config.eps
    raw = (1 - config.beta1) * g / (math.sqrt(1 - config.beta2) * np.abs(g) + eps)
    expected = {"normalised": g / (np.abs(g) + eps), "adam": g / (np.abs(g) + eps),
                "adam_no_bias_correction": raw}
    for name, step in expected.items():
        path = runs[name][0]
        np.testing.assert_allclose(path[1] - path[0], -config.lr * step, rtol=1e-12, err_msg=name)
    assert np.all(np.abs(raw) > 3 * np.abs(expected["adam"]))
    for name in ("paths.png", "loss.svg", "bias_correction.svg"):
        assert (record["dir"] / name).exists()
