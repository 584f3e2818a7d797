r"""Lab `rosenbrock`: every gs.optim optimizer, and Newton's method, down the Rosenbrock valley.

The Rosenbrock function L(x, y) = (1 - x)² + 100 (y - x²)² has its minimum
at (1, 1), at the end of a curved valley along y = x² whose floor is nearly
flat: near the minimum the Hessian [[802, -400], [-400, 200]] has
eigenvalues ≈ 1001.6 and 0.4, a condition number of about 2500.

From (-1.5, 2) each first-order optimizer of gs.optim runs for a budget of
steps at every learning rate of a log grid:

    SGD, SGD + momentum (β = 0.9), Nesterov (β = 0.9), RMSprop, Adagrad, Adam, AdamW

(the others' settings at torch's defaults), and keeps its best: the fewest
steps to 1e-3, else the lowest final loss. "Steps to 1e-3" counts the steps
until the loss is below 1e-3 *and stays there* for the rest of the budget, so
a run that only passes through the target on its way elsewhere does not
count. A run whose loss overflows is stopped and ranks last. Newton's method
(`gs.optim.newton_minimize`: the Newton step, damped when the Hessian is not
positive definite or the step does not lower the loss) runs with its natural
step, lr = 1.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

import gradschool as gs
from gradschool.data.functions import ROSENBROCK_MINIMUM, rosenbrock
from gradschool.labs.contract import Lab, LabConfig, Progress, Result, lab_text, register
from gradschool.optim.descend import MakeOptimizer, descend

from .figures import plot_losses, plot_paths, plot_tuning
from .runs import DIVERGED, Run

LABELS = {"sgd": "SGD", "momentum": "SGD + momentum", "nesterov": "Nesterov",
          "rmsprop": "RMSprop", "adagrad": "Adagrad", "adam": "Adam", "adamw": "AdamW",
          "newton": "Newton"}


@dataclass
class RosenbrockConfig(LabConfig):
    """start: φ_0; budget: steps per run; lrs: the learning-rate grid every first-order
    method is tried on; momentum: β of SGD + momentum and Nesterov; adamw_weight_decay:
    AdamW's decoupled decay (torch's default)."""

    start: tuple[float, float] = (-1.5, 2.0)
    budget: int = 1500
    lrs: tuple[float, ...] = (1e-3, 1e-2, 1e-1)
    momentum: float = 0.9
    adamw_weight_decay: float = 1e-2


def first_order(config: RosenbrockConfig) -> dict[str, Callable[[float], MakeOptimizer]]:
    """Each first-order method as lr ↦ (params ↦ its gs.optim optimizer)."""
    O, beta = gs.optim, config.momentum
    return {
        "sgd": lambda lr: lambda ps: O.SGD(ps, lr=lr),
        "momentum": lambda lr: lambda ps: O.SGD(ps, lr=lr, momentum=beta),
        "nesterov": lambda lr: lambda ps: O.SGD(ps, lr=lr, momentum=beta, nesterov=True),
        "rmsprop": lambda lr: lambda ps: O.RMSprop(ps, lr=lr),
        "adagrad": lambda lr: lambda ps: O.Adagrad(ps, lr=lr),
        "adam": lambda lr: lambda ps: O.Adam(ps, lr=lr),
        "adamw": lambda lr: lambda ps: O.AdamW(ps, lr=lr,
                                               weight_decay=config.adamw_weight_decay),
    }


def tune(make: Callable[[float], MakeOptimizer], config: RosenbrockConfig) -> list[Run]:
    """One run per learning rate of the grid, each from `config.start` for the budget."""
    runs = []
    for lr in config.lrs:
        path, losses = descend(rosenbrock, config.start, make(lr), config.budget,
                               diverged=DIVERGED)
        runs.append(Run(lr, path, losses, diverged=len(losses) < config.budget + 1))
    return runs


def run_newton(config: RosenbrockConfig) -> Run:
    """Damped Newton from `config.start` (lr = 1), until max|∇L| ≤ 1e-10 or the budget."""
    found = gs.optim.newton_minimize(rosenbrock, config.start, max_steps=config.budget)
    return Run(1.0, found.trajectory, found.losses)


def run(config: RosenbrockConfig, out_dir: Path, progress: Progress) -> Result:
    """Tune every first-order method on the grid, run Newton, compare the best runs."""
    grids = {name: tune(make, config)
             for name, make in progress.track(list(first_order(config).items()), "optimizers",
                                              total=len(LABELS) - 1)}
    best = {name: min(runs, key=Run.rank) for name, runs in grids.items()}
    best["newton"] = run_newton(config)
    minimum = np.array(ROSENBROCK_MINIMUM)
    metrics = {
        "steps_to_1e-3": {k: r.steps for k, r in best.items()},
        "final_distance": {k: float(np.linalg.norm(r.path[-1] - minimum))
                           for k, r in best.items()},
        "best_lr": {k: r.lr for k, r in best.items()},
    }
    groups = (("sgd", "momentum", "nesterov", "newton"),
              ("rmsprop", "adagrad", "adam", "adamw", "newton"))
    plot_paths([{LABELS[k]: best[k].path for k in group} for group in groups], minimum,
               ["SGD and momentum, against Newton", "Adaptive steps, against Newton"],
               out_dir / "paths.png")
    plot_losses({LABELS[k]: r.losses for k, r in best.items()},
                {LABELS[k]: r.lr for k, r in best.items()}, config.budget, out_dir / "loss.svg")
    plot_tuning({LABELS[k]: [(r.lr, r.final_loss, r.steps) for r in runs]
                 for k, runs in grids.items()}, config.budget, out_dir / "tuning.svg")
    reached = {k: s for k, s in metrics["steps_to_1e-3"].items() if s is not None and k != "newton"}
    fastest = min(reached, key=reached.get) if reached else None
    headline = {
        "Newton: steps to 1e-3": str(best["newton"].steps),
        "Newton: distance to (1, 1)": f"{metrics['final_distance']['newton']:.1e}",
        "fastest first-order": (f"{LABELS[fastest]}, {reached[fastest]} steps "
                                f"(lr {best[fastest].lr:g})") if fastest else
                               f"none within {config.budget} steps",
        f"first-order never below 1e-3 in {config.budget} steps": ", ".join(
            LABELS[k] for k, s in metrics["steps_to_1e-3"].items()
            if s is None and k != "newton") or "none",
    }
    return Result(metrics=metrics, headline=headline,
                  figures=["paths.png", "loss.svg", "tuning.svg"])


LAB = register(Lab(
    id="rosenbrock", title="Every optimizer on the Rosenbrock valley", part="optimization",
    Config=RosenbrockConfig,
    presets={"quick": RosenbrockConfig(),
             "full": RosenbrockConfig(budget=20000, lrs=(1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2,
                                                         1e-1, 3e-1, 1.0))},
    run=run,
    summary="From (−1.5, 2), each first-order optimizer at its best learning rate needs "
            "hundreds to thousands of steps to reach the Rosenbrock minimum, or does not reach "
            "it at all; Newton's method gets there in about twenty.",
    explanation=lab_text(__name__, "explanation.md"), quick_seconds=5.5,
))
