r"""Lab `line-search`: bracketing, golden-section and backtracking (Armijo) line search.

All three minimise the two-Gaussian loss of UDL notebook 6.1 on [0, 1]

    L(φ) = 1 - 0.5 exp(-(φ - 0.65)²/0.1) - 0.45 exp(-(φ - 0.35)²/0.02),

whose only minimum there is at φ* ≈ 0.3803 (`true_min_x`, from a dense grid).

- Bracketing (UDL's four-point search, `gs.optim.bracketing_search`):
  evaluate L at the thirds p, q of [a, b] and keep the part that must hold the
  minimum: two new evaluations per step, the width × 2/3 per step.
- Golden section (`gs.optim.golden_section_search`): p, q at the golden ratio
  r = (√5 - 1)/2, so one of them is reused: one new evaluation per step, the
  width × r ≈ 0.618 per step. For a width below `tol` from a width w₀:

      bracketing:  2 + 2 ⌈log(tol/w₀) / log(2/3)⌉ evaluations (at most)
      golden:      2 +   ⌈log(tol/w₀) / log r⌉     evaluations

- Backtracking (`gs.optim.backtracking`): from φ_k along d = -∇L(φ_k)
  (autograd), try α = α₀, ρα₀, ρ²α₀, ... until the Armijo condition
  L(φ_k + α d) ≤ L(φ_k) + c α ∇L(φ_k)ᵀd holds, and step there. One search
  only promises a sufficient decrease, not the minimum, so the lab repeats it
  (gradient descent with backtracking) until a step moves φ by less than `tol`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

import gradschool as gs

from ..data.functions import two_gaussians
from ..optim.line_search import BacktrackingResult, LineSearchResult
from ._line_search_figures import plot_armijo, plot_convergence, plot_searches
from .contract import Lab, LabConfig, Progress, Result, register


@dataclass
class LineSearchConfig(LabConfig):
    """interval: [a, b] searched by bracketing and golden section; tol: the bracket width
    (and the backtracking step) at which the searches stop; start: φ₀ of backtracking,
    with its first trial step alpha0, shrink factor rho and Armijo constant c;
    max_steps: at most this many backtracking descent steps; grid_points: the dense
    grid that gives `true_min_x`."""

    interval: tuple[float, float] = (0.0, 1.0)
    tol: float = 1e-4
    start: float = 0.9
    alpha0: float = 1.0
    rho: float = 0.5
    c: float = 1e-4
    max_steps: int = 100
    grid_points: int = 100_001


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


def run(config: LineSearchConfig, out_dir: Path, progress: Progress) -> Result:
    """Run the three searches on the two-Gaussian loss, draw them step by step."""
    a, b = config.interval
    methods = {"bracketing": gs.optim.bracketing_search,
               "golden": gs.optim.golden_section_search}
    searches = {name: search(two_gaussians, a, b, tol=config.tol)
                for name, search in progress.track(methods.items(), "interval searches",
                                                   total=len(methods))}
    descent = backtracking_descent(config.start, config.tol, config.alpha0, config.rho,
                                   config.c, config.max_steps)
    x_star = true_minimum(a, b, config.grid_points)
    plot_searches(searches, descent, (a, b), x_star, out_dir / "searches.svg")
    plot_armijo(descent, config.c, out_dir / "armijo.svg")
    plot_convergence(searches, descent, x_star, out_dir / "convergence.svg")
    with gs.no_grad():
        descent_loss = float(two_gaussians(descent.x).data)
    metrics = {
        "bracketing": interval_metrics(searches["bracketing"]),
        "golden": interval_metrics(searches["golden"]),
        "backtracking": {"x": descent.x, "loss": descent_loss,
                         "evaluations": descent.evaluations, "steps": len(descent.searches)},
        "true_min_x": x_star,
    }
    log_tol = math.log(config.tol / (b - a))
    headline = {
        "true minimum φ*": f"{x_star:.5f}",
        "bracketing": f"{metrics['bracketing']['x']:.5f} in {searches['bracketing'].evaluations}"
                      f" evaluations (bound {2 + 2 * math.ceil(log_tol / math.log(2 / 3))})",
        "golden section": f"{metrics['golden']['x']:.5f} in {searches['golden'].evaluations}"
                          f" evaluations",
        "backtracking": f"{descent.x:.5f} in {len(descent.searches)} steps, "
                        f"{descent.evaluations} evaluations",
    }
    return Result(metrics=metrics, headline=headline,
                  figures=["searches.svg", "armijo.svg", "convergence.svg"])


EXPLANATION = """
<p>A <b>line search</b> minimises a loss along one line: the inner loop of many
optimisers, which pick a direction and then ask how far to go. The lab runs three
searches on the two-Gaussian loss of UDL notebook 6.1, whose only minimum on [0, 1] is at
φ* ≈ 0.380 (the star; a dense grid finds it).</p>
<p><b>Bracketing</b> (UDL's four-point search) evaluates L at the two thirds p and q of
the interval [a, b]. If L(p) &lt; L(q) the minimum cannot lie beyond q, so [a, q] is kept;
otherwise [p, b] (and if an end point is lowest, the third next to it). Each step costs
two new evaluations and keeps 2/3 of the width. The first figure draws every bracket as a
horizontal bar, one row per step, with p and q as dots: the bars close in on φ*.</p>
<p><b>Golden section</b> places p and q at the golden ratio, r = (√5 − 1)/2 ≈ 0.618 of
the way across from each end. Because r² = 1 − r, the interior point that survives a step
sits exactly where the next step needs one of its two points: each step costs <em>one</em>
new evaluation and keeps 61.8% of the width. For the same tolerance it needs about
log(tol)/log(0.618) evaluations where bracketing needs 2·log(tol)/log(2/3), roughly
2.4 times fewer (third figure: width of the bracket against evaluations).</p>
<p><b>Backtracking</b> works in any dimension and needs no bracket, but it needs the
gradient. From φ it tries the step α = α₀ along d = −∇L(φ), then ρα₀, ρ²α₀, ..., and takes
the first that gives a <em>sufficient decrease</em> (the Armijo condition)
L(φ + αd) ≤ L(φ) + c α ∇L(φ)ᵀd: the loss must drop by at least a fraction c of what the
tangent promises. The second figure shows the first search: the loss along the line, the
tangent, the Armijo line, and the trial steps, rejected until one falls below the line.
The accepted step may well overshoot the minimum: Armijo asks for enough decrease, not
for the best step.
One search only guarantees a decrease, not the minimum, so the lab repeats it: gradient
descent with backtracking, drawn in the right column of the first figure, which reaches
φ* in a few steps (each with a gradient and a handful of trial evaluations).</p>
<p>Interval searches assume a <em>unimodal</em> loss on [a, b] (one minimum); on a loss
with several minima they find one of them, not necessarily the lowest.</p>
"""

LAB = register(Lab(
    id="line-search", title="Line search: bracketing, golden section, backtracking",
    part="optimization", Config=LineSearchConfig,
    presets={"quick": LineSearchConfig(),
             "full": LineSearchConfig(tol=1e-6, grid_points=1_000_001)},
    run=run,
    summary="Bracketing, golden-section and backtracking (Armijo) searches find the minimum "
            "of the two-Gaussian loss; golden section needs fewer than half the evaluations "
            "of bracketing.",
    explanation=EXPLANATION, quick_seconds=1.0,
))
