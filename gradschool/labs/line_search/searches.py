"""The line search lab's objective minimum and backtracking descent, measured step by step."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

import gradschool as gs
from gradschool.data.functions import two_gaussians
from gradschool.optim.line_search import BacktrackingResult, LineSearchResult


def true_minimum(a: float, b: float, n: int) -> float:
    """argmin of L on n equally spaced points of [a, b] (spacing (b - a)/(n - 1))."""
    phi = np.linspace(a, b, n)
    with gs.no_grad():
        L = two_gaussians(phi).data
    return float(phi[np.argmin(L)])


@dataclass
class BacktrackingDescent:
    """Gradient descent with backtracking: path[k] = φ_k (steps + 1 points), searches[k]
    = the k-th backtracking search, evaluations = calls of L (the forward pass of each
    gradient included), gradients = gradient evaluations."""

    path: list[float]
    searches: list[BacktrackingResult]
    evaluations: int
    gradients: int

    @property
    def x(self) -> float:
        return self.path[-1]


def backtracking_descent(start: float, tol: float, alpha0: float, rho: float, c: float,
                         max_steps: int) -> BacktrackingDescent:
    r"""φ_{k+1} = φ_k - α_k ∇L(φ_k), α_k from `gs.optim.backtracking` along d = -∇L(φ_k).

    ∇L(φ_k) comes from autograd (its forward pass also gives L(φ_k), handed to
    the search as `loss0`). Stops when a step moves φ by less than `tol`, when
    the gradient is exactly 0, or after `max_steps` steps.
    """
    phi = gs.tensor(start, dtype=gs.float64, requires_grad=True)
    path, searches, evaluations, gradients = [start], [], 0, 0
    for _ in range(max_steps):
        loss = two_gaussians(phi)
        (g,) = gs.autograd.grad(loss, [phi])
        evaluations, gradients = evaluations + 1, gradients + 1
        if float(g.data) == 0.0:
            break
        search = gs.optim.backtracking(two_gaussians, phi.detach(), g, -g, alpha0=alpha0,
                                       rho=rho, c=c, loss0=float(loss.data))
        evaluations += search.evaluations
        searches.append(search)
        step = float(search.x.data) - float(phi.data)
        phi.data[...] = search.x.data
        path.append(float(phi.data))
        if abs(step) < tol:
            break
    return BacktrackingDescent(path=path, searches=searches, evaluations=evaluations,
                               gradients=gradients)


def interval_metrics(result: LineSearchResult) -> dict[str, Any]:
    """{x, loss, evaluations, iterations} of a bracketing or golden-section search."""
    return {"x": result.x, "loss": result.loss, "evaluations": result.evaluations,
            "iterations": result.iterations}
