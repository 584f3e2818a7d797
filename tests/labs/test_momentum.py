"""The momentum lab: momentum needs ~√κ fewer iterations than gradient descent, as predicted.

Oracles: the textbook recurrences of gradient descent, Polyak's heavy ball and
Nesterov's method written out in NumPy on A = diag(1, κ), the closed-form
rates, and the Gabor model's minimum found by PyTorch's L-BFGS.
"""
import math

import numpy as np
import pytest
import torch

from gradschool.data.functions import gabor_data, quadratic
from gradschool.labs import momentum as lab
from gradschool.labs.momentum import theory
from gradschool.optim import descend


def textbook(method, setting, A, phi0, steps):
    """Iterates of the textbook method with step α and momentum β on L = ½ φᵀAφ.

    heavy ball: φ_{t+1} = φ_t - α A φ_t + β (φ_t - φ_{t-1});
    Nesterov: y_t = x_t + β (x_t - x_{t-1}), x_{t+1} = y_t - α A y_t; the y_t are returned.
    """
    alpha, beta = setting["lr"], setting["momentum"]
    x_prev = x = np.array(phi0, dtype=float)
    path = [x.copy()]
    for _ in range(steps):
        if method == "nesterov":
            y = x + beta * (x - x_prev)
            x_prev, x = x, y - alpha * A @ y
            path.append(x + beta * (x - x_prev))
        else:
            x_prev, x = x, x - alpha * A @ x + beta * (x - x_prev)
            path.append(x.copy())
    return np.array(path)


def test_sgd_momentum_is_heavy_ball_and_nesterov_with_alpha_equal_lr():
    kappa = 100.0
    A = np.diag([1.0, kappa])
    settings = theory.optimal_settings(kappa, 1.0)
    for method, setting in settings.items():
        path, _ = descend(lambda phi: quadratic(phi, kappa=kappa), (-1.0, 0.1),
                              lab.sgd_factory(setting), 60)
        np.testing.assert_allclose(path, textbook(method, setting, A, (-1.0, 0.1), 60),
                                   rtol=1e-10, atol=1e-14, err_msg=method)


def closed_form_rates(kappa):
    q = math.sqrt(kappa)
    return {"sgd": (kappa - 1) / (kappa + 1), "momentum": (q - 1) / (q + 1),
            "nesterov": 1 - 1 / q}


def gabor_minimum_loss(x, y):
    """min Σ (f[x_i, φ] - y_i)² by torch.optim.LBFGS from the φ that made the data."""
    x, y = torch.tensor(x), torch.tensor(y)
    phi = torch.tensor([0.0, 12.0], dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([phi], max_iter=200, tolerance_grad=1e-12, tolerance_change=0,
                            line_search_fn="strong_wolfe")

    def loss():
        opt.zero_grad()
        z = phi[0] + 0.06 * phi[1] * x
        value = ((torch.sin(z) * torch.exp(-z * z / 32) - y) ** 2).sum()
        value.backward()
        return value

    opt.step(loss)
    return loss().item()


def test_momentum_lab_quick(run_lab):
    record = run_lab("momentum")
    config, metrics = record["config"], record["metrics"]
    kappa, tol = config["kappa"], config["tol"]
    assert kappa == 100
    measured, predicted = metrics["iterations_to_tol"], metrics["predicted_iterations"]
    rates = closed_form_rates(kappa)
    A = np.diag([1.0, kappa])
    settings = theory.optimal_settings(kappa, 1.0)
    for method, rate in rates.items():
        # the prediction is ln(1/tol)/ln(1/ρ), with ρ in closed form
        assert predicted[method] == math.ceil(math.log(tol) / math.log(rate))
        # the count is the textbook recurrence's
        path = textbook(method, settings[method], A, config["quadratic_start"],
                        config["max_iterations"])
        error = np.linalg.norm(path, axis=1)
        assert measured[method] == int(np.flatnonzero(error <= tol * error[0])[0])
        # and close to the theory: the double root of critical damping costs up to 25 %
        assert predicted[method] <= measured[method] <= 1.25 * predicted[method], method
    assert measured["sgd"] == predicted["sgd"]  # with α = 2/(L+μ) the rate is exact
    # momentum beats plain gradient descent by about √κ = 10 (Nesterov: √κ/2)
    assert measured["momentum"] * 7 < measured["sgd"]
    assert measured["nesterov"] * 4 < measured["sgd"]

    # Gabor: both momentum methods reach the minimum in 50 steps, gradient descent does not
    x, y = gabor_data(config["gabor_points"], seed=config["seed"])
    best = gabor_minimum_loss(x, y)
    final = metrics["final_loss"]
    assert min(final.values()) >= best - 1e-9
    assert final["momentum"] == pytest.approx(best, abs=1e-6)
    assert final["nesterov"] == pytest.approx(best, abs=2e-3)
    assert final["sgd"] > best + 0.2
    for name in ("quadratic_convergence.svg", "quadratic_paths.png", "gabor_paths.png",
                 "gabor_loss.svg"):
        assert (record["dir"] / name).exists()
