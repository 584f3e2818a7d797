"""Newton's method: Hessians from second-order autograd, one step on quadratics, the
damped (Levenberg–Marquardt) fallback, and the Rosenbrock valley."""
import re

import numpy as np
import pytest
import torch

import gradschool as gs
from gradschool import optim
from gradschool.data.functions import (
    HIMMELBLAU_MINIMA,
    ROSENBROCK_MINIMUM,
    himmelblau,
    quadratic,
    quadratic_matrix,
    rosenbrock,
    rosenbrock_hessian,
)
from gradschool.optim.newton import Newton, gradient_and_hessian, newton_minimize


def param(values):
    return gs.tensor(np.array(values, dtype=np.float64), requires_grad=True)


# ----- Hessians from autograd --------------------------------------------------------------
@pytest.mark.parametrize("point", [(-1.5, 2.0), (1.0, 1.0), (0.3, -0.7), (2.0, 4.5)])
def test_autograd_hessian_of_rosenbrock_is_the_closed_form(point):
    phi = param(point)
    g, H = gradient_and_hessian(rosenbrock(phi), [phi])
    np.testing.assert_allclose(H, rosenbrock_hessian(point), rtol=1e-13, atol=1e-12)
    x, y = point
    np.testing.assert_allclose(g, [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)],
                               rtol=1e-13, atol=1e-12)


def test_hessian_over_several_parameters_matches_torch():
    rng = np.random.default_rng(0)
    W0, b0, X = rng.standard_normal((3, 2)), rng.standard_normal(2), rng.standard_normal((5, 3))

    def loss_gs(W, b):
        return ((X @ W + b).tanh() ** 2).sum() + (W * W * W).sum()

    def loss_torch(flat):
        W, b = flat[:6].reshape(3, 2), flat[6:]
        return (torch.tanh(torch.from_numpy(X) @ W + b) ** 2).sum() + (W ** 3).sum()

    W, b = param(W0), param(b0)
    g, H = gradient_and_hessian(loss_gs(W, b), [W, b])
    flat = torch.tensor(np.concatenate([W0.ravel(), b0]))
    expected = torch.autograd.functional.hessian(loss_torch, flat).numpy()
    assert H.shape == (8, 8)
    np.testing.assert_allclose(H, expected, rtol=1e-10, atol=1e-12)
    expected_g = torch.func.grad(loss_torch)(flat).numpy()
    np.testing.assert_allclose(g, expected_g, rtol=1e-10, atol=1e-12)


def test_an_unused_parameter_gets_zero_rows_and_a_linear_loss_a_zero_hessian():
    a, unused = param([1.0, 2.0]), param([3.0])
    g, H = gradient_and_hessian((a * a).sum(), [a, unused])
    np.testing.assert_allclose(g, [2.0, 4.0, 0.0])
    np.testing.assert_allclose(H, np.diag([2.0, 2.0, 0.0]))
    g, H = gradient_and_hessian((3.0 * a).sum(), [a])
    np.testing.assert_allclose(g, [3.0, 3.0])
    np.testing.assert_allclose(H, np.zeros((2, 2)))


def test_gradient_and_hessian_needs_a_scalar_loss_with_a_graph():
    a = param([1.0, 2.0])
    with pytest.raises(ValueError, match=re.escape("shape (2,)")):
        gradient_and_hessian(a * a, [a])
    with pytest.raises(ValueError, match="does not require grad"):
        gradient_and_hessian(gs.tensor(1.0), [a])


# ----- quadratics: one step ------------------------------------------------------------------
@pytest.mark.parametrize("kappa,angle", [(1.0, 0.0), (100.0, 0.0), (1e4, 0.6)])
def test_newton_solves_a_quadratic_in_one_step(kappa, angle):
    res = newton_minimize(lambda p: quadratic(p, kappa=kappa, angle=angle), [3.0, -2.0])
    assert res.steps == 1 and res.converged
    np.testing.assert_allclose(res.x, [0.0, 0.0], atol=1e-12)
    assert res.dampings[0] == 0.0  # a pure Newton step
    assert res.trajectory.shape == (2, 2) and res.losses.shape == (2,)


def test_one_step_of_the_optimizer_is_least_squares():
    rng = np.random.default_rng(1)
    X, y = rng.standard_normal((20, 3)), rng.standard_normal(20)
    w, b = param(np.zeros(3)), param(0.0)
    opt = optim.Newton([w, b])

    def closure():
        r = gs.tensor(X) @ w + b - gs.tensor(y)
        return (r * r).mean()

    array = w.data
    opt.step(closure)
    assert w.data is array  # updated in place, as every optimizer does
    A = np.hstack([X, np.ones((20, 1))])
    expected = np.linalg.lstsq(A, y, rcond=None)[0]
    np.testing.assert_allclose(np.append(w.data, b.data), expected, rtol=1e-10, atol=1e-12)
    st = opt.state[w]
    assert st["step"] == 1 and st["accepted"] and st["damping"] == 0.0
    assert st["evaluations"] == 2  # the loss at θ and at the trial point
    np.testing.assert_allclose(w.grad.data, 2 * X.T @ (-y) / 20)  # ∇L at the start, θ = 0


# ----- the damped fallback ------------------------------------------------------------------
def test_a_hessian_that_is_not_positive_definite_is_damped():
    start = (-0.3, -0.9)  # near Himmelblau's local maximum: H is negative definite
    phi = param(start)
    _, H = gradient_and_hessian(himmelblau(phi), [phi])
    assert np.all(np.linalg.eigvalsh(H) < 0)
    res = newton_minimize(himmelblau, start)
    assert res.dampings[0] > 0
    assert res.losses[1] < res.losses[0]
    assert res.converged
    assert min(np.linalg.norm(res.x - np.array(m)) for m in HIMMELBLAU_MINIMA) < 1e-8


def test_a_step_that_raises_the_loss_is_damped():
    res = newton_minimize(rosenbrock, [-1.5, 2.0])
    assert np.any(res.dampings > 0)
    assert np.all(np.diff(res.losses) <= 0)  # never uphill


def test_rosenbrock_from_minus_1_5_2_reaches_1_1():
    res = newton_minimize(rosenbrock, [-1.5, 2.0])
    assert res.converged and res.steps < 30
    assert np.linalg.norm(res.x - np.array(ROSENBROCK_MINIMUM)) < 1e-6
    np.testing.assert_allclose(res.trajectory[0], [-1.5, 2.0])
    np.testing.assert_allclose(res.trajectory[-1], res.x)
    assert res.loss < 1e-20
    # the end is quadratic convergence: the last steps are pure Newton
    assert np.all(res.dampings[-3:] == 0)


def test_the_optimizer_loop_and_the_function_agree():
    phi = param([-1.5, 2.0])
    opt = Newton([phi])
    path = [phi.data.copy()]
    for _ in range(30):
        opt.step(lambda: rosenbrock(phi))
        path.append(phi.data.copy())
    res = newton_minimize(rosenbrock, [-1.5, 2.0])
    np.testing.assert_allclose(path[: res.steps + 1], res.trajectory, rtol=0, atol=1e-12)
    np.testing.assert_allclose(phi.data, [1.0, 1.0], atol=1e-12)


def test_at_a_minimum_nothing_moves():
    res = newton_minimize(rosenbrock, [1.0, 1.0])
    assert res.steps == 0 and res.converged and res.evaluations == 1
    np.testing.assert_array_equal(res.x, [1.0, 1.0])


def test_out_of_steps_is_not_converged():
    res = newton_minimize(rosenbrock, [-1.5, 2.0], max_steps=3)
    assert res.steps == 3 and not res.converged
    assert res.grad_norm > 1e-3
    assert res.trajectory.shape == (4, 2)


def test_lr_scales_the_newton_step():
    A = quadratic_matrix(10.0, 0.3)
    res = newton_minimize(lambda p: quadratic(p, kappa=10.0, angle=0.3), [1.0, 1.0], max_steps=1,
                 lr=0.5)
    np.testing.assert_allclose(res.x, [0.5, 0.5], atol=1e-12)
    assert np.allclose(A @ res.x, 0.5 * A @ np.ones(2))


# ----- the optimizer's interface ---------------------------------------------------------
def test_step_needs_a_closure_returning_a_tensor():
    phi = param([0.0, 0.0])
    opt = Newton([phi])
    with pytest.raises(ValueError, match="needs a closure"):
        opt.step()
    with pytest.raises(TypeError, match="got float"):
        opt.step(lambda: 1.0)


@pytest.mark.parametrize("kwargs,pattern", [
    ({"lr": 0.0}, "lr=0.0"), ({"damping": 0.0}, "damping=0.0"),
    ({"damping_factor": 1.0}, "damping_factor=1.0"), ({"max_tries": 0}, "max_tries=0"),
])
def test_bad_hyperparameters_are_named(kwargs, pattern):
    with pytest.raises(ValueError, match=re.escape(pattern)):
        Newton([param([0.0])], **kwargs)


def test_only_one_parameter_group():
    a, b = param([0.0]), param([1.0])
    with pytest.raises(ValueError, match="one parameter group"):
        Newton([{"params": [a]}, {"params": [b]}])
    opt = Newton([a])
    with pytest.raises(ValueError, match="one parameter group"):
        opt.add_param_group({"params": [b]})


def test_state_dict_round_trip():
    phi = param([-1.5, 2.0])
    opt = Newton([phi])
    for _ in range(3):
        opt.step(lambda: rosenbrock(phi))
    saved = opt.state_dict()
    other_phi = param(phi.data)
    other = Newton([other_phi])
    other.load_state_dict(saved)
    assert other.state[other_phi]["step"] == 3
    assert other.param_groups[0]["damping"] == opt.param_groups[0]["damping"]
