r"""Gradient descent with a line search along -∇L: steepest descent.

One step from φ:

    g = ∇L(φ)                                   (autograd)
    α* = argmin_{α ∈ [0, α_max]} L(φ - α g)      (golden_section_search)
    φ ← φ - α* g                                 (in place, on φ.data)

The search assumes L(φ - α g) unimodal on [0, α_max] (exact for a quadratic
when α_max ≥ the exact step gᵀg / gᵀHg); on a non-convex loss it finds one
minimum along the line. A step is only taken if it lowers the loss, so the
loss history never rises.

    phi = gs.tensor([0.0, 1.0], dtype=gs.float64, requires_grad=True)
    run = gs.optim.descend_with_line_search(loss_fn, phi, alpha_max=0.5, tol=1e-8, max_steps=100)
    run.path, run.losses, run.alphas
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..autograd.graph import grad
from ..autograd.mode import no_grad
from ..autograd.tensor import Tensor, tensor
from .line_search import golden_section_search

LossFn = Callable[[Any], Any]


@dataclass
class LineSearchStep:
    """One step: loss = L(φ) before it, grad = ∇L(φ), alpha = α* (0 when no step was
    taken), new_loss = L(φ - α* g), evaluations = calls of L by the search (the forward
    pass of the gradient not included)."""

    loss: float
    grad: np.ndarray
    alpha: float
    new_loss: float
    evaluations: int


def line_search_step(phi: Tensor, loss_fn: LossFn, alpha_max: float, tol: float,
                     grad_tol: float = 0.0) -> LineSearchStep:
    """Take one step φ ← φ - α* ∇L(φ), α* by golden section on [0, alpha_max] (see the
    module doc), in place on `phi.data`. `tol` is the width of the final bracket on α.
    No step (alpha = 0) when ‖∇L(φ)‖ ≤ grad_tol (no search either) or when the
    search finds no lower loss."""
    loss = loss_fn(phi)
    (g,) = grad(loss, [phi])
    g, theta, loss0 = g.data.copy(), phi.data.copy(), float(loss.data)
    if np.linalg.norm(g) <= grad_tol:
        return LineSearchStep(loss0, g, 0.0, loss0, 0)

    def along(alpha: float) -> Any:
        return loss_fn(tensor(theta - alpha * g, dtype=phi.dtype))

    search = golden_section_search(along, 0.0, alpha_max, tol=tol)
    if not search.loss < loss0:
        return LineSearchStep(loss0, g, 0.0, loss0, search.evaluations)
    np.subtract(theta, search.x * g, out=phi.data)
    return LineSearchStep(loss0, g, search.x, search.loss, search.evaluations)


@dataclass
class DescentRun:
    """A run of gradient descent: path (steps + 1, n) of parameters from the start,
    losses (steps + 1) along it, alphas (steps) taken, grad_norms ‖∇L‖ at every point
    where a step was tried (the last point too when the run stopped there),
    evaluations of L by the searches, and why it stopped ("gradient", "no decrease"
    or "max_steps")."""

    path: np.ndarray = field(repr=False)
    losses: list[float]
    alphas: list[float]
    grad_norms: list[float]
    evaluations: int
    stopped: str


def descend_with_line_search(loss_fn: LossFn, phi: Tensor, alpha_max: float, tol: float,
                             max_steps: int, grad_tol: float = 0.0) -> DescentRun:
    """Repeat `line_search_step` on `phi` (updated in place) until ‖∇L‖ ≤ grad_tol, a
    search finds no lower loss, or `max_steps` steps."""
    path, alphas, norms, evaluations = [phi.data.copy()], [], [], 0
    with no_grad():
        losses = [float(loss_fn(phi).data)]
    stopped = "max_steps"
    for _ in range(max_steps):
        step = line_search_step(phi, loss_fn, alpha_max, tol, grad_tol)
        evaluations += step.evaluations
        norms.append(float(np.linalg.norm(step.grad)))
        if norms[-1] <= grad_tol or step.alpha == 0.0:
            stopped = "gradient" if norms[-1] <= grad_tol else "no decrease"
            break
        path.append(phi.data.copy())
        losses.append(step.new_loss)
        alphas.append(step.alpha)
    return DescentRun(np.array(path), losses, alphas, norms, evaluations, stopped)
