"""The learner's objective, and the Optuna objective that wraps it.

A learner writes plain Python, no Optuna in sight:

    def objective(params, report):          # params: {"lr": 0.01, "width": 64, ...}
        model = ...
        for epoch in range(epochs):
            ...train one epoch...
            report(epoch, val_accuracy)      # may stop the trial here (pruning)
        return val_accuracy                  # a float: the score to maximise

`report` may be left out (`def objective(params)`) when there is nothing to
report. `report.trial` is the Optuna trial for those who want it. With
parallel workers the objective is sent to other processes, so it must be a
function defined at the top level of a module (picklable).
"""
from __future__ import annotations

import inspect
import math
import numbers
from collections.abc import Callable
from typing import Any

import optuna

from .pruning import Pruned
from .result import NONFINITE_ATTR


def takes_report(objective: Any) -> bool:
    """True for objective(params, report), False for objective(params); else TypeError."""
    if not callable(objective):
        raise TypeError(f"objective must be a function objective(params, report) -> float, "
                        f"got {objective!r}")
    try:
        sig = inspect.signature(objective)
    except (TypeError, ValueError):      # a builtin without a signature: assume the full form
        return True
    for args in ((None, None), (None,)):
        try:
            sig.bind(*args)
            return len(args) == 2
        except TypeError:
            continue
    raise TypeError(f"objective {getattr(objective, '__name__', objective)!r}{sig} must take "
                    "(params) or (params, report)")


class Reporter:
    """`report(step, value)`: the objective's window on the trial.

    It records the intermediate value (e.g. validation accuracy after epoch
    `step`) and raises `Pruned` when the pruner says the trial should stop.
    `report.trial` is the Optuna trial.
    """

    def __init__(self, trial: optuna.Trial) -> None:
        self.trial = trial

    def __call__(self, step: int, value: float) -> None:
        if isinstance(step, bool) or not isinstance(step, numbers.Integral) or step < 0:
            raise ValueError(f"report: step must be an int >= 0, got {step!r}")
        self.trial.report(float(value), int(step))
        if self.trial.should_prune():
            raise Pruned(f"pruned at step {step} with value {value}")


class TrialFunction:
    """Optuna's objective(trial): draw params from the space, call the learner's objective.

    A value that is not a finite number is recorded on the trial (Optuna then
    marks it FAIL) so that the trial still counts as run, not as interrupted.
    """

    def __init__(self, objective: Callable, space: dict[str, Any]) -> None:
        self.objective, self.space = objective, space
        self.with_report = takes_report(objective)

    def __call__(self, trial: optuna.Trial) -> float:
        params = {name: dist.suggest(trial, name) for name, dist in self.space.items()}
        if self.with_report:
            value = self.objective(params, Reporter(trial))
        else:
            value = self.objective(params)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            try:
                value = float(value)        # NumPy scalars, 0-d arrays
            except (TypeError, ValueError):
                raise TypeError(f"objective returned {value!r} for {params}; "
                                "it must return a float") from None
        if not math.isfinite(value):
            trial.storage.set_trial_system_attr(trial._trial_id, NONFINITE_ATTR, repr(value))
        return float(value)
