"""Lab `xor`: a 2-H-1 network with hand-written backprop, next to the same network on autograd.

The four XOR points are not linearly separable, so one hidden layer is needed:

    z1 = W1 x + b1,  a1 = f(z1),  z2 = W2 a1 + b2,  p = σ(z2)
    L = -mean[y log p + (1 - y) log(1 - p)]       (binary cross-entropy)

The lab trains it twice from the same initial weights with the same full-batch
gradient descent θ ← θ - lr ∂L/∂θ: once from scratch in NumPy with the chain
rule written by hand (`_xor_numpy`), once as gs.nn layers with gs autograd and
gs.optim.SGD. It measures at every step max |hand-written grad - autograd
grad| over all parameters (each network at its own weights), draws both loss
curves and the decision boundary, then trains many random initialisations
with H = 2, 4, 8 hidden units to show that H = 2 often ends in a local
minimum that misclassifies a point, while wider networks nearly always
solve XOR.

"Solved" means every point is on its side of 1/2 by at least `margin`:
max over the four points of |p - y| < 1/2 - margin (margin 0.25 by default:
p > 0.75 for the ones, p < 0.25 for the zeros).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from gradschool.labs.contract import Lab, LabConfig, Progress, Result, lab_text, register

from . import from_scratch as scratch
from .figures import plot_boundaries, plot_loss_and_grad_diff, plot_success_rates
from .side_by_side import (
    make_model,
    predict,
    stacked_inits,
    train_side_by_side,
)


@dataclass
class XorConfig(LabConfig):
    """hidden: H of the reference run; lr, steps: its full-batch gradient descent;
    activation: 'tanh' or 'sigmoid'; dtype: 'float64' or 'float32';
    sweep_hidden: the H compared across `n_seeds` random initialisations;
    margin: how far past 1/2 every p must be for "solved"."""

    hidden: int = 8
    lr: float = 1.0
    steps: int = 2000
    activation: str = "tanh"
    dtype: str = "float64"
    sweep_hidden: tuple[int, ...] = (2, 4, 8)
    n_seeds: int = 100
    margin: float = 0.25


def seed_sweep(config: XorConfig, progress: Progress) -> dict[str, Any]:
    """Train `n_seeds` random initialisations for every H in `sweep_hidden` (all at once).

    Returns success_rate {str(H): fraction solved}, and for the smallest H
    its trained parameters and solved mask (to draw a failure).
    """
    X, y = scratch.xor_data(config.dtype)
    rates, runs = {}, {}
    for hidden in progress.track(config.sweep_hidden, "seed sweep over H"):
        params = stacked_inits(hidden, config.n_seeds, config.activation, config.dtype)
        trained, _ = scratch.train(params, X, y, config.lr, config.steps, config.activation)
        p = scratch.forward(trained, X, config.activation)["p"]
        solved = scratch.is_solved(p, y, config.margin)
        rates[str(hidden)] = float(solved.mean())
        runs[hidden] = {"params": trained, "solved": solved}
    return {"success_rate": rates, "runs": runs}


def pick_network(run: dict[str, Any], solved: bool) -> scratch.Params | None:
    """The parameters of the first network of a sweep run that did (or did not) solve XOR."""
    hits = np.flatnonzero(run["solved"] == solved)
    if hits.size == 0:
        return None
    return {name: run["params"][name][hits[0]] for name in scratch.PARAM_NAMES}


def run(config: XorConfig, out_dir: Path, progress: Progress) -> Result:
    """Train the reference network both ways, draw it, then sweep H over seeds."""
    X, y = scratch.xor_data(config.dtype)
    model = make_model(config.hidden, config.activation, config.dtype)
    history = train_side_by_side(model, config.lr, config.steps, config.activation, progress)
    p = predict(model, X)
    accuracy = float(np.mean((p > 0.5) == (y > 0.5)))
    sweep = seed_sweep(config, progress)
    smallest = sweep["runs"][min(config.sweep_hidden)]
    examples = {f"H = {min(config.sweep_hidden)}, solved": pick_network(smallest, True),
                f"H = {min(config.sweep_hidden)}, stuck": pick_network(smallest, False)}

    def reference(grid: np.ndarray) -> np.ndarray:
        return predict(model, grid)

    def scratch_net(params: scratch.Params):
        return lambda grid: scratch.forward(params, grid, config.activation)["p"]

    panels = {f"H = {config.hidden} (gs autograd)": reference}
    panels.update({title: scratch_net(params) for title, params in examples.items()
                   if params is not None})
    plot_boundaries(panels, X, y, out_dir / "decision_boundary.svg")
    plot_loss_and_grad_diff(history, out_dir / "loss_curves.svg")
    plot_success_rates(sweep["success_rate"], config.n_seeds, out_dir / "success_rate.svg")
    grad_diff = max(history["grad_diff"])
    rates = sweep["success_rate"]
    metrics = {
        "final_loss": history["loss_autograd"][-1],
        "accuracy": accuracy,
        "success_rate": rates,
        "max_abs_grad_diff_manual_vs_autograd": grad_diff,
    }
    headline = {"final loss": f"{metrics['final_loss']:.2e}", "accuracy": f"{accuracy:.2f}",
                **{f"solved, H = {h}": f"{r:.0%}" for h, r in rates.items()},
                "max |Δgrad|": f"{grad_diff:.1e}"}
    return Result(metrics=metrics, headline=headline,
                  figures=["decision_boundary.svg", "loss_curves.svg", "success_rate.svg"])


LAB = register(Lab(
    id="xor", title="XOR: backprop by hand, next to autograd", part="networks",
    Config=XorConfig,
    presets={"quick": XorConfig(),
             "full": XorConfig(steps=5000, n_seeds=1000)},
    run=run,
    summary="A 2-H-1 network with hand-written backprop matches autograd to rounding error "
            "and solves XOR; with H = 2 many seeds get stuck, with H = 8 almost none.",
    explanation=lab_text(__name__, "explanation.md"), quick_seconds=2.0,
))
