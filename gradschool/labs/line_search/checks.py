"""Checks of the line-search notebook's exercises, against gs.optim's searches."""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

import gradschool as gs
from gradschool.data.functions import rosenbrock_gradient, two_gaussians
from gradschool.labs.exercise import (
    ExerciseFailed,
    Namespace,
    expect_close,
    expect_equal,
    expect_true,
)

MAX_CALLS = 1000  # a learner's loop that never stops is stopped here, with a reason


def _L(x: float) -> float:
    """The lab's two-Gaussian loss at one number, as a float."""
    with gs.no_grad():
        return float(two_gaussians(x).data)


def _rosenbrock(phi: np.ndarray) -> float:
    x, y = phi
    return float((1.0 - x) ** 2 + 100.0 * (y - x * x) ** 2)


# name -> (f, a, b): unimodal on [a, b]
INTERVALS: dict[str, tuple[Callable[[float], float], float, float]] = {
    "the two-Gaussian loss on [0, 1]": (_L, 0.0, 1.0),
    "(x − 0.3)² on [−1, 2]": (lambda x: (x - 0.3) ** 2, -1.0, 2.0),
    "|x − 3.1| on [0, 4]": (lambda x: abs(x - 3.1), 0.0, 4.0),
}


class _Counted:
    """f with a count of its calls, which fails after MAX_CALLS (a loop that never ends)."""

    def __init__(self, f: Callable, who: str) -> None:
        self.f, self.who, self.calls = f, who, 0

    def __call__(self, x: np.ndarray) -> float:
        self.calls += 1
        if self.calls > MAX_CALLS:
            raise ExerciseFailed(f"{self.who} called f more than {MAX_CALLS} times: does its "
                                 "loop ever stop?")
        return self.f(x)


def golden_section(ns: Namespace) -> None:
    search = ns.function("golden_section")
    for name, (f, a, b) in INTERVALS.items():
        for tol in (1e-3, 1e-6):
            ref = gs.optim.golden_section_search(f, a, b, tol=tol)
            what = f"golden_section({name}, tol={tol:g})"
            counted = _Counted(f, what)
            got = search(counted, a, b, tol)
            expect_true(isinstance(got, tuple) and len(got) == 2,
                        f"{what}: expected the final bracket (a, b), got {got!r}")
            expect_close(got, ref.interval, what, rtol=1e-9, atol=1e-12)
            expect_equal(counted.calls, ref.evaluations,
                         f"{what}: calls of f (2 to start, then 1 per step)")


def golden_evaluations(ns: Namespace) -> None:
    count = ns.function("golden_evaluations")
    for a, b in ((0.0, 1.0), (-1.0, 2.0)):
        for tol in (0.3, 1e-2, 1e-4, 3e-7, 1e-8):
            ref = gs.optim.golden_section_search(lambda x: (x - 0.3) ** 2, a, b, tol=tol)
            expect_equal(count(b - a, tol), ref.evaluations,
                         f"golden_evaluations({b - a:g}, {tol:g}) (the search's count)")


def _armijo_cases() -> list[tuple[str, Callable, np.ndarray, np.ndarray, np.ndarray]]:
    """(name, f, x, g = ∇f(x), d) with d a descent direction."""
    x1 = np.array(0.9)
    phi = gs.tensor(0.9, dtype=gs.float64, requires_grad=True)
    (g1,) = gs.autograd.grad(two_gaussians(phi), [phi])
    g1 = np.array(float(g1.data))
    x2 = np.array([-1.2, 1.0])
    g2 = rosenbrock_gradient(x2)
    rng = np.random.default_rng(41)
    A = rng.normal(size=(3, 3))
    A = A @ A.T + np.eye(3)
    x3 = rng.normal(size=3)
    return [("the two-Gaussian loss from φ = 0.9 along −L′", _L, x1, g1, -g1),
            ("Rosenbrock from (−1.2, 1) along −∇L", _rosenbrock, x2, g2, -g2),
            ("Rosenbrock from (−1.2, 1) along −sign(∂L/∂x) e_x", _rosenbrock, x2, g2,
             np.array([-np.sign(g2[0]), 0.0])),
            ("½ xᵀAx in 3-d along −∇L", lambda x: float(0.5 * x @ A @ x), x3, A @ x3, -(A @ x3))]


def armijo_condition(ns: Namespace) -> None:
    ok = ns.function("armijo_ok")
    for name, f, x, g, d in _armijo_cases():
        for c in (1e-4, 0.5, 0.9):
            ref = gs.optim.backtracking(f, x, g, d, alpha0=1.0, rho=0.5, c=c)
            for trial in ref.history:
                got = ok(f, x, g, d, trial.alpha, c)
                expect_equal(bool(got), trial.accepted,
                             f"armijo_ok({name}, alpha={trial.alpha:g}, c={c:g})")


def backtracking(ns: Namespace) -> None:
    step = ns.function("backtracking_step")
    for name, f, x, g, d in _armijo_cases():
        for alpha0, rho, c in ((1.0, 0.5, 1e-4), (1.0, 0.5, 0.5), (2.0, 0.3, 0.9)):
            ref = gs.optim.backtracking(f, x, g, d, alpha0=alpha0, rho=rho, c=c)
            what = f"backtracking_step({name}, alpha0={alpha0:g}, rho={rho:g}, c={c:g})"
            got = step(_Counted(f, what), x, g, d, alpha0, rho, c)
            expect_close(got, ref.alpha, what, rtol=1e-12)


CHECKS = {"golden-section": golden_section, "golden-evaluations": golden_evaluations,
          "armijo-condition": armijo_condition, "backtracking": backtracking}
