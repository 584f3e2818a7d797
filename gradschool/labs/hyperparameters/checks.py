"""Checks of the hyperparameters notebook's exercises: against gradschool.tuning's grids, the
lab's synthetic score, a running maximum, and Optuna's own MedianPruner."""
from __future__ import annotations

import math

import numpy as np
import optuna

from gradschool.labs.exercise import Namespace, expect_close, expect_equal
from gradschool.tuning import LogUniform, Uniform
from gradschool.tuning.search import quiet

from .synthetic import two_of_five_score as lab_score


def grid_values(ns: Namespace) -> None:
    f = ns.function("grid_values")
    for low, high, n in ((1e-4, 1e-1, 3), (1e-6, 1e-2, 2), (16, 512, 5), (0.5, 2.0, 1)):
        expect_close(f(low, high, n, log=True), LogUniform(low, high).grid(n),
                     f"grid_values({low}, {high}, {n}, log=True)", rtol=1e-9)
    for low, high, n in ((0.0, 0.5, 2), (-1.0, 3.0, 4)):
        expect_close(f(low, high, n), Uniform(low, high).grid(n),
                     f"grid_values({low}, {high}, {n})", rtol=1e-9)


def two_of_five_score(ns: Namespace) -> None:
    f = ns.function("two_of_five_score")
    rng = np.random.default_rng(41)
    for _ in range(4):     # points within a few widths of the bump, where it is not flat
        lr_star, width_star = 10 ** rng.uniform(-3.5, -1.5), 2 ** rng.uniform(4.6, 8.4)
        lr, width = lr_star * 10 ** rng.uniform(-0.8, 0.8), width_star * 2 ** rng.uniform(-1.5, 1.5)
        expect_close(f(lr, width, lr_star, width_star), lab_score(lr, width, lr_star, width_star),
                     f"two_of_five_score({lr:.3g}, {width:.4g}, {lr_star:.3g}, {width_star:.4g})",
                     rtol=1e-9)
    lr, width = np.array([1e-4, 1e-3, 1e-2]), np.array([16.0, 64.0, 512.0])
    expect_close(f(lr, width, 1e-3, 64.0), lab_score(lr, width, 1e-3, 64.0),
                 "two_of_five_score(arrays [1e-4, 1e-3, 1e-2], [16, 64, 512], 1e-3, 64)",
                 rtol=1e-9)


def best_so_far(ns: Namespace) -> None:
    f = ns.function("best_so_far")
    nan = math.nan
    cases = {(0.1, 0.3, 0.2, 0.5): [0.1, 0.3, 0.3, 0.5],
             (nan, 0.3, 0.2, nan, 0.5, 0.4): [nan, 0.3, 0.3, 0.3, 0.5, 0.5],
             (nan, nan): [nan, nan],
             (0.9,): [0.9]}
    for values, expected in cases.items():
        expect_close(f(list(values)), expected, f"best_so_far({list(values)})")
    rng = np.random.default_rng(42)
    values = rng.random(20)
    expect_close(f(list(values)), np.maximum.accumulate(values),
                 "best_so_far(20 random numbers)")


def median_prune(ns: Namespace) -> None:
    """Against Optuna's MedianPruner (no start-up trials, no warm-up) on built studies."""
    f = ns.function("median_prune")
    rng = np.random.default_rng(43)
    finished = [list(np.round(rng.random(4), 3)) for _ in range(5)] + [[0.2, 0.3]]
    expect_equal(bool(f([0.0], [], 0)), False, "median_prune([0.0], [], 0) (no finished trial)")
    for _ in range(8):
        step = int(rng.integers(0, 4))
        curve = list(np.round(rng.random(step + 1) * 0.8, 3))
        expected = _optuna_prunes(curve, finished)
        expect_equal(bool(f(curve, finished, step)), expected,
                     f"median_prune({curve}, finished={finished}, step={step})")
    three = [[0.2, 0.4, 0.6], [0.1, 0.2, 0.3], [0.3, 0.5, 0.7]]
    for curve, why in (([0.1, 0.15], "0.15 < median(0.4, 0.2, 0.5) = 0.4: prune"),
                       ([0.7, 0.1, 0.1], "its best so far, 0.7, is above the median 0.6, "
                                         "even if its last value is not: keep")):
        step = len(curve) - 1
        expected = _optuna_prunes(curve, three)
        expect_equal(bool(f(curve, three, step)), expected,
                     f"median_prune({curve}, {three}, {step}) ({why})")


def _optuna_prunes(curve: list[float], finished: list[list[float]]) -> bool:
    """Optuna's verdict for a running trial that reported `curve`."""
    with quiet():
        study = optuna.create_study(direction="maximize", pruner=optuna.pruners.MedianPruner(
            n_startup_trials=0, n_warmup_steps=0))
        dist = {"x": optuna.distributions.FloatDistribution(0.0, 1.0)}
        for c in finished:
            study.add_trial(optuna.trial.create_trial(
                params={"x": 0.5}, distributions=dist, value=c[-1],
                intermediate_values=dict(enumerate(c))))
        trial = study.ask()
        for step, value in enumerate(curve):
            trial.report(value, step)
        return bool(trial.should_prune())


CHECKS = {"grid-values": grid_values, "two-of-five-score": two_of_five_score,
          "best-so-far": best_so_far, "median-prune": median_prune}
