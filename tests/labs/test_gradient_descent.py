"""The gradient-descent lab: descent with line search reaches the normal-equation solution of
the line fit, its loss never rises, and autograd's gradient matches finite differences.

Oracles: numpy's least squares (lstsq, independent of the lab's solve), PyTorch's autograd for the
gradient, and the convergence bound of exact line search on a quadratic,
L_{k+1} − L* ≤ ((κ − 1)/(κ + 1))² (L_k − L*).
"""
import numpy as np
import pytest
import torch

import gradschool as gs
from gradschool.labs.gradient_descent import line_fit as lab
from gradschool.optim import descend_with_line_search, line_search_step

X, Y = np.array(lab.X_DATA), np.array(lab.Y_DATA)
A = np.column_stack([np.ones_like(X), X])


def torch_loss_and_grad(phi):
    p = torch.tensor(phi, dtype=torch.float64, requires_grad=True)
    loss = ((p[0] + p[1] * torch.tensor(X) - torch.tensor(Y)) ** 2).sum()
    loss.backward()
    return loss.item(), p.grad.numpy()


def test_gradient_descent_lab_reaches_the_least_squares_line(run_lab):
    record = run_lab("gradient-descent")
    m, config = record["metrics"], record["config"]
    phi_ls, residuals, *_ = np.linalg.lstsq(A, Y, rcond=None)
    np.testing.assert_allclose(m["least_squares_params"], phi_ls, rtol=0, atol=1e-12)
    assert m["least_squares_loss"] == pytest.approx(float(residuals[0]), rel=1e-12)
    np.testing.assert_allclose(m["final_params"], phi_ls, rtol=0, atol=1e-6)
    assert m["final_loss"] == pytest.approx(m["least_squares_loss"], rel=1e-10)
    history = np.array(m["loss_history"])
    assert history[0] == pytest.approx(torch_loss_and_grad(config["start"])[0], rel=1e-14)
    assert history[-1] == m["final_loss"]
    assert np.all(np.diff(history) <= 0)  # each step is a minimum along its line
    assert history[1] < history[0] - 1.0  # the first step alone removes most of the loss
    assert m["steps"] == len(history) - 1
    assert m["grad_check_max_abs_error"] < 1e-7
    for name in ("trajectory.svg", "fits.svg", "history.svg"):
        assert (record["dir"] / name).exists()


def test_autograd_gradient_matches_pytorch_and_finite_differences():
    rng = np.random.default_rng(0)
    for phi in rng.normal(0.0, 2.0, size=(5, 2)):
        loss, grad = torch_loss_and_grad(phi)
        p = gs.tensor(phi, dtype=gs.float64, requires_grad=True)
        value = lab.line_loss(p)
        (g,) = gs.autograd.grad(value, [p])
        assert float(value.data) == pytest.approx(loss, rel=1e-14)
        np.testing.assert_allclose(g.data, grad, rtol=1e-12)
        np.testing.assert_allclose(lab.finite_difference_gradient(lab.line_loss, phi, 1e-6), grad,
                                   rtol=0, atol=1e-7)
    assert lab.gradient_check(lab.line_loss, rng.normal(size=(3, 2)), 1e-6).max() < 1e-7


def test_line_search_steps_are_exact_and_converge_at_the_quadratic_rate():
    """Exact line search on L = ‖Aφ − y‖²: α* = gᵀg / gᵀHg with H = 2AᵀA, consecutive gradients
    orthogonal, and the loss gap shrinking by at least ((κ − 1)/(κ + 1))² per step."""
    H = 2 * A.T @ A
    phi = gs.tensor([0.2, 1.5], dtype=gs.float64, requires_grad=True)
    step = line_search_step(phi, lab.line_loss, alpha_max=0.5, tol=1e-10)
    g = step.grad
    assert step.alpha == pytest.approx(g @ g / (g @ H @ g), rel=1e-7)
    _, g_next = torch_loss_and_grad(phi.data)
    assert abs(g @ g_next) / (np.linalg.norm(g) * np.linalg.norm(g_next)) < 1e-6

    phi = gs.tensor([0.2, 1.5], dtype=gs.float64, requires_grad=True)
    run = descend_with_line_search(lab.line_loss, phi, 0.5, 1e-10, 100, grad_tol=1e-10)
    loss_star = float(np.sum((A @ np.linalg.lstsq(A, Y, rcond=None)[0] - Y) ** 2))
    gap = np.array(run.losses) - loss_star
    eig = np.linalg.eigvalsh(A.T @ A)
    rate = ((eig[1] / eig[0] - 1) / (eig[1] / eig[0] + 1)) ** 2
    above_rounding = gap[:-1] > 1e-9
    assert above_rounding.sum() >= 10
    assert np.all(gap[1:][above_rounding] <= rate * gap[:-1][above_rounding] * (1 + 1e-6))
