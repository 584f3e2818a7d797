"""What a search returns: its trials as plain records, and the best of them.

A trial *counts* toward the budget when it ran to an end: COMPLETE, PRUNED
(stopped by the pruner), or FAIL because the objective returned a value that
is not a finite number (marked NONFINITE_ATTR). A trial that raised or was
killed does not count: its slot is run again when the search resumes.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import optuna
from optuna.trial import FrozenTrial, TrialState

from .samplers import SLOT_ATTR

NONFINITE_ATTR = "gradschool:nonfinite_value"


def counts(trial: FrozenTrial) -> bool:
    """Did `trial` run to an end (so its slot is done)?"""
    if SLOT_ATTR not in trial.system_attrs:
        return False
    if trial.state in (TrialState.COMPLETE, TrialState.PRUNED):
        return True
    return trial.state == TrialState.FAIL and NONFINITE_ATTR in trial.system_attrs


@dataclass(frozen=True)
class TrialRecord:
    """One trial: the parameters it tried and what it got.

    slot: its place in the search, 0 … budget-1 (a re-run keeps the slot);
    number: Optuna's trial number; value: the objective's value (a pruned
    trial's last reported value; None if there is none); state: "COMPLETE",
    "PRUNED" or "FAIL"; intermediate: step -> reported value; steps: how many
    steps it reported (its epochs trained when it reports once per epoch).
    """

    slot: int
    number: int
    params: dict[str, Any]
    value: float | None
    state: str
    intermediate: dict[int, float]
    steps: int


def record(trial: FrozenTrial) -> TrialRecord:
    return TrialRecord(slot=int(trial.system_attrs[SLOT_ATTR]), number=trial.number,
                       params=dict(trial.params), value=trial.value, state=trial.state.name,
                       intermediate=dict(sorted(trial.intermediate_values.items())),
                       steps=len(trial.intermediate_values))


def done_slots(trials: list[FrozenTrial]) -> dict[int, FrozenTrial]:
    """slot -> the first trial (lowest number) that filled it."""
    done: dict[int, FrozenTrial] = {}
    for t in sorted(trials, key=lambda t: t.number):
        if counts(t):
            done.setdefault(int(t.system_attrs[SLOT_ATTR]), t)
    return done


@dataclass(frozen=True)
class SearchResult:
    """A finished (or as far as it got) search.

    budget: the trials asked for (grid search may run fewer: the most even
    grid that fits); trials: the trials that count, in slot order;
    best_params / best_value: the best COMPLETE trial (None if none completed);
    study: the Optuna study (for Optuna's plots and tools).
    """

    method: str
    seed: int
    budget: int
    direction: str
    study_name: str
    storage: str | None
    best_params: dict[str, Any] | None
    best_value: float | None
    trials: list[TrialRecord]
    study: optuna.Study = field(repr=False, compare=False)

    def best_so_far(self) -> list[float]:
        """Best COMPLETE value after each trial, in slot order (nan before the first)."""
        best, out = math.nan, []
        for t in self.trials:
            if t.state == "COMPLETE":
                better = max if self.direction == "maximize" else min
                best = t.value if math.isnan(best) else better(best, t.value)
            out.append(best)
        return out

    @property
    def steps(self) -> int:
        """Steps (epochs) trained by all the trials together."""
        return sum(t.steps for t in self.trials)

    def distinct_values(self) -> dict[str, int]:
        """How many distinct values of each hyperparameter the trials tried."""
        names = list(self.trials[0].params) if self.trials else []
        return {n: len({repr(t.params[n]) for t in self.trials if n in t.params})
                for n in names}


def collect(study: optuna.Study, *, method: str, seed: int, budget: int, n_slots: int,
            direction: str, storage: str | None) -> SearchResult:
    """The SearchResult of the slots 0 … n_slots-1 of `study`, read from its storage."""
    done = done_slots(study.get_trials(deepcopy=False))
    trials = [record(done[k]) for k in sorted(done) if k < n_slots]
    complete = [t for t in trials if t.state == "COMPLETE"]
    best = None
    if complete:
        key = (lambda t: t.value) if direction == "maximize" else (lambda t: -t.value)
        best = max(complete, key=key)
    return SearchResult(method=method, seed=seed, budget=budget, direction=direction,
                        study_name=study.study_name, storage=storage,
                        best_params=None if best is None else best.params,
                        best_value=None if best is None else best.value,
                        trials=trials, study=study)
