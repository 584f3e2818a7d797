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

import gradschool as gs
from gradschool.data.functions import two_gaussians
from gradschool.labs.contract import Lab, LabConfig, Progress, Result, lab_text, register

from .figures import plot_armijo, plot_convergence, plot_searches
from .searches import backtracking_descent, interval_metrics, true_minimum


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


LAB = register(Lab(
    id="line-search", title="Line search: bracketing, golden section, backtracking",
    part="optimization", Config=LineSearchConfig,
    presets={"quick": LineSearchConfig(),
             "full": LineSearchConfig(tol=1e-6, grid_points=1_000_001)},
    run=run,
    summary="Bracketing, golden-section and backtracking (Armijo) searches find the minimum "
            "of the two-Gaussian loss; golden section needs fewer than half the evaluations "
            "of bracketing.",
    explanation=lab_text(__name__, "explanation.md"), quick_seconds=1.0,
))
