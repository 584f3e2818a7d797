r"""Line search: minimise a function along a line.

Two searches on an interval [a, b] of a function of one number, assuming it
is *unimodal* there (one minimum, falling before it and rising after):

- `bracketing_search`, the four-point search of Understanding Deep Learning
  (notebook 6.1, figure 6.10): evaluate L at a, b and the thirds
  p = a + (b - a)/3, q = b - (b - a)/3, and keep the part of [a, b] that
  must hold the minimum;
- `golden_section_search`, which places p and q at the golden ratio so that
  one of them is reused at the next step: one new evaluation per step.

And one search along a direction d from a point θ in many dimensions:

- `backtracking`, the Armijo rule: try α = α₀, ρα₀, ρ²α₀, ... until

      L(θ + α d) ≤ L(θ) + c α ∇L(θ)ᵀd          (sufficient decrease)

Each returns a small result (dataclass) with the point, its loss, the number
of function evaluations and the history of brackets or trial steps, for
drawing the search step by step.

    res = golden_section_search(two_gaussians, 0.0, 1.0, tol=1e-4)
    res.x, res.loss, res.evaluations, res.history[0].a
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..autograd.mode import no_grad
from ..autograd.tensor import Tensor

__all__ = ["BacktrackingResult", "Bracket", "LineSearchResult", "Trial", "backtracking",
           "bracketing_search", "golden_section_search"]

GOLDEN = (math.sqrt(5.0) - 1.0) / 2.0  # 1/φ = 0.618..., φ the golden ratio


@dataclass(frozen=True)
class Bracket:
    """One step of an interval search: the interval [a, b], the interior points p < q
    and their losses. `loss_a`, `loss_b` are the end points' losses where the
    search evaluated them (the four-point search), None otherwise."""

    a: float
    b: float
    p: float
    q: float
    loss_p: float
    loss_q: float
    loss_a: float | None = None
    loss_b: float | None = None

    @property
    def width(self) -> float:
        return self.b - self.a


@dataclass
class LineSearchResult:
    """The outcome of an interval search.

    x: the best point evaluated inside the final bracket; loss: L(x);
    evaluations: calls of L; iterations: brackets shrunk; history: the
    bracket at every step (history[0] is the first, on [a, b]); interval:
    the final (a, b); converged: whether the width fell below tol.
    """

    x: float
    loss: float
    evaluations: int
    iterations: int
    history: list[Bracket] = field(repr=False)
    interval: tuple[float, float]
    converged: bool

    @property
    def value(self) -> float:
        """Alias of `loss`."""
        return self.loss


@dataclass(frozen=True)
class Trial:
    """One trial step of backtracking: the step size α, L(θ + α d), and
    whether it satisfied the Armijo condition."""

    alpha: float
    loss: float
    accepted: bool


@dataclass
class BacktrackingResult:
    """The outcome of `backtracking`.

    x: θ + α d (a Tensor when θ is one, else a NumPy array); alpha: the step
    taken; loss: L(x); loss0: L(θ); slope: ∇L(θ)ᵀd (negative);
    evaluations: calls of L (L(θ) included unless passed as `loss0`);
    history: every trial step; converged: whether the Armijo condition holds
    at x (False only when `max_iter` trials all failed: x is then the last trial).
    """

    x: Any
    alpha: float
    loss: float
    loss0: float
    slope: float
    evaluations: int
    history: list[Trial] = field(repr=False)
    converged: bool

    @property
    def value(self) -> float:
        """Alias of `loss`."""
        return self.loss


# ----- helpers -----------------------------------------------------------------------
def _scalar(value: Any, where: str) -> float:
    """A Python float from a loss that may be a Tensor, a NumPy scalar or a number."""
    if isinstance(value, Tensor):
        value = value.data
    array = np.asarray(value)
    if array.size != 1:
        raise ValueError(f"{where}: the objective must return a single number, "
                         f"got shape {array.shape}")
    return float(array.reshape(()))


def _check_interval(name: str, a: float, b: float, tol: float, max_iter: int) -> None:
    if not (math.isfinite(a) and math.isfinite(b)):
        raise ValueError(f"{name}: the interval must be finite, got a={a!r}, b={b!r}")
    if not a < b:
        raise ValueError(f"{name}: need a < b, got a={a!r}, b={b!r}")
    if not tol > 0:
        raise ValueError(f"{name}: tol must be > 0, got tol={tol!r}")
    if max_iter < 0:
        raise ValueError(f"{name}: max_iter must be >= 0, got max_iter={max_iter!r}")


class _Counted:
    """L with a call counter and a memory of every point evaluated."""

    def __init__(self, f: Callable[[float], Any], name: str) -> None:
        self.f, self.name = f, name
        self.evaluations = 0
        self.seen: dict[float, float] = {}

    def __call__(self, x: float) -> float:
        self.evaluations += 1
        with no_grad():
            value = _scalar(self.f(x), self.name)
        self.seen[x] = value
        return value

    def best_in(self, a: float, b: float) -> tuple[float, float]:
        """The evaluated point of lowest loss in [a, b]."""
        inside = [(v, x) for x, v in self.seen.items() if a <= x <= b and not math.isnan(v)]
        v, x = min(inside) if inside else min((v, x) for x, v in self.seen.items())
        return x, v


# ----- interval searches -------------------------------------------------------------
def bracketing_search(f: Callable[[float], Any], a: float, b: float, tol: float = 1e-4,
                      max_iter: int = 200) -> LineSearchResult:
    r"""The four-point bracketing search of UDL notebook 6.1 on [a, b].

    Evaluate L at the ends a, b and at the thirds

        p = a + (b - a)/3,   q = b - (b - a)/3,

    then keep the part of [a, b] that must hold the minimum of a unimodal L:

        L(a) lowest of the four  ->  [a, p]     (UDL rule 1: the minimum is near a)
        L(b) lowest of the four  ->  [q, b]     (the same rule at the other end)
        L(p) < L(q)              ->  [a, q]     (drop the outer third beyond q)
        otherwise                ->  [p, b]     (drop the outer third before p)

    and repeat until the width b - a < tol. The new ends are always points
    already evaluated, so each step costs two evaluations (p and q): in all
    2 + 2·iterations. The width shrinks by 2/3 per step (1/3 with an end rule).
    UDL halves the interval on rule 1; keeping [a, p] is the tighter bracket
    that the same four values prove.

    Returns the evaluated point of lowest loss inside the final bracket, so
    |x - x*| < tol for a unimodal L with minimiser x* in [a, b].
    """
    _check_interval("bracketing_search", a, b, tol, max_iter)
    L = _Counted(f, "bracketing_search")
    a, b = float(a), float(b)
    fa, fb = L(a), L(b)
    history: list[Bracket] = []
    iterations = 0
    while b - a >= tol and iterations < max_iter:
        p, q = a + (b - a) / 3.0, b - (b - a) / 3.0
        fp, fq = L(p), L(q)
        history.append(Bracket(a, b, p, q, fp, fq, fa, fb))
        if fa < min(fp, fq, fb):
            b, fb = p, fp
        elif fb < min(fa, fp, fq):
            a, fa = q, fq
        elif fp < fq:
            b, fb = q, fq
        else:
            a, fa = p, fp
        iterations += 1
    x, loss = L.best_in(a, b)
    return LineSearchResult(x=x, loss=loss, evaluations=L.evaluations, iterations=iterations,
                            history=history, interval=(a, b), converged=b - a < tol)


def golden_section_search(f: Callable[[float], Any], a: float, b: float, tol: float = 1e-4,
                          max_iter: int = 200) -> LineSearchResult:
    r"""Golden-section search for the minimum of a unimodal L on [a, b].

    With r = (√5 - 1)/2 ≈ 0.618 (1/φ, φ the golden ratio) the interior points are

        p = b - r (b - a),   q = a + r (b - a),

    and each step keeps [a, q] when L(p) < L(q), else [p, b]. Because
    r² = 1 - r, the surviving interior point is exactly one of the two
    interior points of the new interval, so only one new evaluation is needed:
    2 evaluations at the start, then 1 per step (2 + iterations in all), and
    the width shrinks by r each step. The end points are never evaluated.

    Stops when the width b - a < tol (or after max_iter steps) and returns the
    evaluated point of lowest loss inside the final bracket.
    """
    _check_interval("golden_section_search", a, b, tol, max_iter)
    L = _Counted(f, "golden_section_search")
    a, b = float(a), float(b)
    p, q = b - GOLDEN * (b - a), a + GOLDEN * (b - a)
    fp, fq = L(p), L(q)
    history = [Bracket(a, b, p, q, fp, fq)]
    iterations = 0
    while b - a >= tol and iterations < max_iter:
        if fp < fq:  # the minimum is in [a, q]; p becomes the new q
            b, q, fq = q, p, fp
            p = b - GOLDEN * (b - a)
            fp = L(p)
        else:  # the minimum is in [p, b]; q becomes the new p
            a, p, fp = p, q, fq
            q = a + GOLDEN * (b - a)
            fq = L(q)
        iterations += 1
        history.append(Bracket(a, b, p, q, fp, fq))
    x, loss = L.best_in(a, b)
    return LineSearchResult(x=x, loss=loss, evaluations=L.evaluations, iterations=iterations,
                            history=history, interval=(a, b), converged=b - a < tol)


# ----- backtracking --------------------------------------------------------------------
def _as_array(value: Any) -> np.ndarray:
    if isinstance(value, Tensor):
        value = value.data
    return np.asarray(value, dtype=np.float64)


def backtracking(f: Callable[[Any], Any], x: Any, grad: Any, direction: Any,
                 alpha0: float = 1.0, rho: float = 0.5, c: float = 1e-4, *,
                 loss0: float | None = None, max_iter: int = 60) -> BacktrackingResult:
    r"""Backtracking line search with the Armijo (sufficient decrease) condition.

    From θ = `x` along a descent direction d (∇L(θ)ᵀd < 0), try the steps
    α = α₀, ρα₀, ρ²α₀, ... and take the first that satisfies

        L(θ + α d) ≤ L(θ) + c α ∇L(θ)ᵀd,

    that is, a decrease at least a fraction c of the one the tangent line
    promises. For a smooth L some small enough α always passes. `grad` is
    ∇L(θ) (Tensor or array); `loss0`, when given, is L(θ) and saves one
    evaluation. `f` receives θ + α d as a Tensor (of x's dtype, no grad) when
    `x` is a Tensor, else as a float64 NumPy array, and returns a number or a
    one-element Tensor; it runs under `no_grad()`.

    Raises ValueError for α₀ ≤ 0, ρ ∉ (0, 1), c ∉ (0, 1), shapes that differ,
    or a direction that is not a descent direction (∇L(θ)ᵀd ≥ 0).
    """
    name = "backtracking"
    if not alpha0 > 0:
        raise ValueError(f"{name}: alpha0 must be > 0, got alpha0={alpha0!r}")
    if not 0 < rho < 1:
        raise ValueError(f"{name}: rho must be in (0, 1), got rho={rho!r}")
    if not 0 < c < 1:
        raise ValueError(f"{name}: c must be in (0, 1), got c={c!r}")
    if max_iter < 1:
        raise ValueError(f"{name}: max_iter must be >= 1, got max_iter={max_iter!r}")
    theta, g, d = _as_array(x), _as_array(grad), _as_array(direction)
    if not theta.shape == g.shape == d.shape:
        raise ValueError(f"{name}: x, grad and direction must have the same shape, got "
                         f"{theta.shape}, {g.shape} and {d.shape}")
    slope = float(np.sum(g * d))
    if not slope < 0:
        raise ValueError(f"{name}: direction is not a descent direction: grad·direction = "
                         f"{slope!r} (must be < 0); try direction = -grad")
    as_tensor = isinstance(x, Tensor)
    evaluations = 0

    def L(point: np.ndarray) -> float:
        nonlocal evaluations
        evaluations += 1
        arg = Tensor(point, dtype=x.dtype) if as_tensor else point
        with no_grad():
            return _scalar(f(arg), name)

    if loss0 is None:
        loss0 = L(theta)
    loss0 = float(loss0)
    history: list[Trial] = []
    alpha = float(alpha0)
    for _ in range(max_iter):
        point = theta + alpha * d
        loss = L(point)
        ok = loss <= loss0 + c * alpha * slope  # NaN (overflow) fails and backtracks
        history.append(Trial(alpha, loss, ok))
        if ok:
            break
        alpha *= rho
    else:
        alpha = history[-1].alpha
    out = Tensor(point, dtype=x.dtype) if as_tensor else point
    return BacktrackingResult(x=out, alpha=alpha, loss=loss, loss0=loss0, slope=slope,
                              evaluations=evaluations, history=history,
                              converged=history[-1].accepted)
