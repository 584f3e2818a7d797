"""Checks of the rosenbrock notebook's exercises, against autograd, gs.optim.Newton and the lab."""
from __future__ import annotations

import math

import numpy as np

import gradschool as gs
from gradschool.data.functions import rosenbrock, rosenbrock_gradient, rosenbrock_hessian
from gradschool.labs.exercise import Namespace, expect_close, expect_equal, expect_true

from .runs import steps_to_target as lab_steps_to_target

POINTS = ((-1.5, 2.0), (1.0, 1.0), (0.9, 0.8), (0.3, -0.7), (-0.2, 0.05))


def _autograd(point: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    phi = gs.tensor(np.array(point), dtype=gs.float64, requires_grad=True)
    return gs.optim.gradient_and_hessian(rosenbrock(phi), [phi])


def rosenbrock_gradient_check(ns: Namespace) -> None:
    grad = ns.function("grad_rosenbrock")
    for point in POINTS:
        g, _ = _autograd(point)
        expect_close(grad(np.array(point)), g, f"grad_rosenbrock({point}) (autograd)",
                     rtol=1e-10, atol=1e-10)


def rosenbrock_hessian_check(ns: Namespace) -> None:
    hess = ns.function("hess_rosenbrock")
    for point in POINTS:
        _, H = _autograd(point)
        expect_close(hess(np.array(point)), H, f"hess_rosenbrock({point}) (autograd)",
                     rtol=1e-10, atol=1e-10)


def steps_to_target(ns: Namespace) -> None:
    steps = ns.function("steps_to_target")
    cases = {
        "a loss falling from 10 to 1e-6": np.logspace(1, -6, 30),
        "a loss below 1e-3 from the start": np.full(5, 1e-4),
        "a loss that dips below 1e-3 and comes back up": np.array([1.0, 1e-4, 1e-2, 5e-4, 2e-4]),
        "a loss that never gets there": np.linspace(5.0, 0.01, 20),
        "a loss that ends in NaN": np.array([1.0, 1e-4, 1e-5, np.nan]),
        "a loss exactly at the target at the end": np.array([1.0, 0.5, 1e-3]),
    }
    for name, losses in cases.items():
        for target in (1e-3, 1e-5):
            expected = lab_steps_to_target(losses, target)
            got = steps(losses.copy(), target)
            expect_equal(None if got is None else int(got), expected,
                         f"steps_to_target({name}, target={target:g})")


def newton_step(ns: Namespace) -> None:
    step = ns.function("newton_step")
    damped = 0
    for point in ((0.9, 0.8), (1.2, 1.5), (-1.5, 2.0), (0.0, 1.0), (-0.5, -0.5), (1.0, 0.2)):
        phi = gs.tensor(np.array(point), dtype=gs.float64, requires_grad=True)
        newton = gs.optim.Newton([phi])
        newton.step(lambda phi=phi: rosenbrock(phi))
        lam = newton.state[phi]["damping"]
        if not math.isfinite(lam):
            continue  # no step lowered the loss: nothing to compare
        damped += lam > 0
        p = np.array(point)
        got = step(p.copy(), rosenbrock_gradient(p), rosenbrock_hessian(p), lam)
        expect_close(got, phi.data, f"newton_step({point}, g, H, lam={lam:.3g}) "
                                    "(gs.optim.Newton's step)", rtol=1e-9, atol=1e-12)
    expect_true(damped > 0, "the check meant to try a damped step too")  # guards the check itself
    rng = np.random.default_rng(51)
    B = rng.normal(size=(3, 3))
    A, b = B @ B.T + np.eye(3), rng.normal(size=3)
    x0 = rng.normal(size=3)
    # on the quadratic ½ xᵀAx − bᵀx one undamped step lands on the minimum A⁻¹b
    expect_close(step(x0.copy(), A @ x0 - b, A, 0.0), np.linalg.solve(A, b),
                 "newton_step on a 3-d quadratic (its minimum A⁻¹b)", rtol=1e-9, atol=1e-12)


CHECKS = {"rosenbrock-gradient": rosenbrock_gradient_check,
          "rosenbrock-hessian": rosenbrock_hessian_check,
          "steps-to-target": steps_to_target, "newton-step": newton_step}
