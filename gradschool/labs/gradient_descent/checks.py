"""Checks of the gradient-descent notebook's exercises, against the lab's line fit and gs.optim."""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

import gradschool as gs
from gradschool.data.functions import rosenbrock
from gradschool.labs.exercise import Namespace, expect_close, expect_true
from gradschool.optim.line_search_descent import line_search_step as gs_line_search_step

from .line_fit import X_DATA, Y_DATA, finite_difference_gradient, least_squares, line_loss


def _cubic(phi: np.ndarray | gs.Tensor) -> gs.Tensor:
    """Σ_j (j + 1) φ_j³ + φ_0 φ_1: a loss of any number of parameters (at least 2)."""
    phi = phi if isinstance(phi, gs.Tensor) else gs.tensor(np.asarray(phi, dtype=np.float64))
    weights = gs.tensor(np.arange(1.0, phi.shape[0] + 1.0))
    return (weights * phi * phi * phi).sum() + phi[0] * phi[1]


LOSSES: dict[str, tuple[Callable, np.ndarray]] = {
    "the line fit at (0.2, 1.5)": (line_loss, np.array([0.2, 1.5])),
    "the line fit at (1.1, -0.4)": (line_loss, np.array([1.1, -0.4])),
    "Rosenbrock at (-1.2, 1)": (rosenbrock, np.array([-1.2, 1.0])),
    "Σ (j+1) φ_j³ + φ0 φ1 at a point of 4 parameters": (_cubic, np.array([0.3, -0.7, 1.1, 0.5])),
}


def finite_differences(ns: Namespace) -> None:
    fd = ns.function("finite_differences")
    for name, (loss, phi) in LOSSES.items():
        for eps in (1e-6, 1e-4):
            expected = finite_difference_gradient(loss, phi.copy(), eps)
            expect_close(fd(loss, phi.copy(), eps), expected,
                         f"finite_differences({name}, eps={eps:g})", rtol=1e-7, atol=1e-6)


def line_search_step(ns: Namespace) -> None:
    step = ns.function("line_search_step")
    cases = {name: (loss, phi, 0.5) for name, (loss, phi) in LOSSES.items()
             if name.startswith("the line fit")}
    cases["Rosenbrock at (-1.2, 1), alpha_max 0.01"] = (rosenbrock, np.array([-1.2, 1.0]), 0.01)
    for name, (loss, start, alpha_max) in cases.items():
        mine = gs.tensor(start.copy(), dtype=gs.float64, requires_grad=True)
        ref = gs.tensor(start.copy(), dtype=gs.float64, requires_grad=True)
        what = f"line_search_step({name}, alpha_max={alpha_max:g}, tol=1e-9)"
        got = step(loss, mine, alpha_max, 1e-9)
        expected = gs_line_search_step(ref, loss, alpha_max, 1e-9)
        expect_true(isinstance(got, tuple) and len(got) == 2,
                    f"{what}: expected (alpha, new loss), got {got!r}")
        expect_close(got[0], expected.alpha, f"{what}: alpha", rtol=1e-9)
        expect_close(got[1], expected.new_loss, f"{what}: the new loss", rtol=1e-9)
        expect_close(mine.data, ref.data, f"{what}: phi.data after the step", rtol=1e-9)

    def flat(phi: gs.Tensor | np.ndarray) -> gs.Tensor:
        phi = phi if isinstance(phi, gs.Tensor) else gs.tensor(np.asarray(phi))
        return (phi * 0.0).sum() + 1.0

    phi = gs.tensor(np.array([0.5, -0.5]), dtype=gs.float64, requires_grad=True)
    got = step(flat, phi, 0.5, 1e-9)
    expect_true(got is None, f"line_search_step(a flat loss, ...): no α lowers it, so expected "
                             f"None, got {got!r}")
    expect_close(phi.data, [0.5, -0.5], "line_search_step(a flat loss, ...): phi must not move")


def _quadratics() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """name -> (g, H): H = 2AᵀA of the line fit, and a random SPD matrix in 3-d."""
    A = np.column_stack([np.ones(len(X_DATA)), np.array(X_DATA)])
    rng = np.random.default_rng(42)
    B = rng.normal(size=(3, 3))
    return {"the line fit's H = 2AᵀA, g at (0.2, 1.5)":
            (2 * A.T @ (A @ np.array([0.2, 1.5]) - np.array(Y_DATA)), 2 * A.T @ A),
            "the line fit's H, g = (1, 0)": (np.array([1.0, 0.0]), 2 * A.T @ A),
            "a random 3 × 3 SPD H": (rng.normal(size=3), B @ B.T + np.eye(3))}


def exact_step(ns: Namespace) -> None:
    step = ns.function("exact_step")
    for name, (g, H) in _quadratics().items():
        # the minimum along −g of L(θ) = ½ θᵀHθ with ∇L(θ₀) = g, θ₀ = H⁻¹g, found by search
        theta0 = np.linalg.solve(H, g)
        search = gs.optim.golden_section_search(
            lambda a, t=theta0, g=g, H=H: 0.5 * (t - a * g) @ H @ (t - a * g), 0.0, 10.0, tol=1e-12)
        expect_close(step(g, H), search.x, f"exact_step({name}) (golden section's α*)",
                     rtol=1e-6)


def normal_equations(ns: Namespace) -> None:
    fit = ns.function("least_squares")
    rng = np.random.default_rng(43)
    x_random = rng.uniform(-2, 3, 25)
    y_random = 0.7 - 1.3 * x_random + rng.normal(0, 0.3, 25)
    cases = {"the lab's twelve points": (np.array(X_DATA), np.array(Y_DATA)),
             "25 random points": (x_random, y_random)}
    for name, (x, y) in cases.items():
        expect_close(fit(x, y), least_squares(x, y), f"least_squares({name})", rtol=1e-9)


CHECKS = {"finite-differences": finite_differences, "line-search-step": line_search_step,
          "exact-step": exact_step, "normal-equations": normal_equations}
