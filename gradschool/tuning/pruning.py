"""Stopping bad trials early from their intermediate values (Optuna's pruners).

An objective calls `report(step, value)` after each epoch with its
validation accuracy; the pruner compares the trial with the trials before it
and may stop it there (`report` then raises `Pruned`, the trial is recorded
as PRUNED with the epochs it trained).

    "median"     MedianPruner: stop at step t if the trial's best value so far
                 is worse than the median of the other trials' values at step t.
                 It waits for MEDIAN_STARTUP_TRIALS finished trials and never
                 stops a trial in its first MEDIAN_WARMUP_STEPS steps (an
                 epoch or two of noise says little).
    "hyperband"  HyperbandPruner: successive halving in several brackets, each
                 keeping the best 1/reduction_factor of the trials at each rung
                 of 1, 3, 9, … steps; max_resource is read from the first
                 finished trial's last step.
"""
from __future__ import annotations

import optuna

PRUNERS = ("median", "hyperband")
MEDIAN_STARTUP_TRIALS = 5
MEDIAN_WARMUP_STEPS = 2


class Pruned(optuna.TrialPruned):
    """Raised by `report` when the pruner stops the trial (re-raise it if you catch it)."""


def check_pruner(pruner: str | optuna.pruners.BasePruner | None) -> None:
    if pruner is None or isinstance(pruner, optuna.pruners.BasePruner):
        return
    if pruner not in PRUNERS:
        raise ValueError(f"unknown pruner {pruner!r}; choose one of {', '.join(PRUNERS)} "
                         "(or None, or an optuna.pruners.BasePruner)")


def make_pruner(pruner: str | optuna.pruners.BasePruner | None) -> optuna.pruners.BasePruner:
    """Optuna's pruner for the name; None never prunes (Optuna's own default would)."""
    check_pruner(pruner)
    if pruner is None:
        return optuna.pruners.NopPruner()
    if isinstance(pruner, optuna.pruners.BasePruner):
        return pruner
    if pruner == "median":
        return optuna.pruners.MedianPruner(n_startup_trials=MEDIAN_STARTUP_TRIALS,
                                           n_warmup_steps=MEDIAN_WARMUP_STEPS)
    return optuna.pruners.HyperbandPruner(min_resource=1, reduction_factor=3)

