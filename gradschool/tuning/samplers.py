"""Optuna's samplers, fed one *slot* at a time so that a search is reproducible.

A search of budget N fills the slots 0 … N-1; each trial records its slot
(system attribute SLOT_ATTR). The worker that runs a trial tells the sampler
which slot it fills (`sampler.slots`, a queue), and the sampler draws that
slot's parameters:

    grid    Optuna's GridSampler, with grid_id = slot: the slot-th point of
            the grid shuffled by `seed` (GridSampler's own shuffle).
    random  Optuna's RandomSampler(seed=s_k), a fresh one for slot k, with
            s_k = SeedSequence([seed, k]).
    bayes   Optuna's TPESampler(seed=s_k), a fresh one for slot k; it reads
            the finished trials from the storage, as TPE always does.

So the parameters of a grid or random trial depend only on (seed, slot): not
on how many workers there are, in which order they finish, or whether the
search was killed and resumed (a killed trial's slot is filled again with
the same parameters). A single RandomSampler(seed) would not do: a resumed
search starts its generator again and would propose trial 0 a second time.
TPE's slot k also depends on the trials finished before it; serially and
resumed, those are slots 0 … k-1, as in an uninterrupted run, so a serial
TPE search resumes to the same trials; with parallel workers it depends on
timing, as any parallel TPE does.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import optuna
from optuna.samplers import BaseSampler, GridSampler, RandomSampler, TPESampler

SLOT_ATTR = "gradschool:slot"
METHODS = ("grid", "random", "bayes")


def slot_seed(seed: int, slot: int) -> int:
    """A 32-bit seed for slot `slot` of a search seeded with `seed`."""
    return int(np.random.SeedSequence([seed, slot]).generate_state(1)[0])


class _SlotQueue:
    """The slots this worker still has to fill, and how a trial takes the next one."""

    def __init__(self) -> None:
        self.slots: deque[int] = deque()

    def _take_slot(self, study: optuna.Study, trial: optuna.trial.FrozenTrial) -> int:
        if not self.slots:
            raise RuntimeError("tuning sampler: no slot left for this trial; "
                               "trials are started by gradschool.tuning.search")
        slot = self.slots.popleft()
        study._storage.set_trial_system_attr(trial._trial_id, SLOT_ATTR, slot)
        return slot


class SlotGridSampler(_SlotQueue, GridSampler):
    """GridSampler whose trial for slot k evaluates grid point k (of the seeded shuffle)."""

    def __init__(self, grid: dict[str, Sequence[Any]], seed: int) -> None:
        GridSampler.__init__(self, grid, seed=seed)
        _SlotQueue.__init__(self)

    def before_trial(self, study: optuna.Study, trial: optuna.trial.FrozenTrial) -> None:
        slot = self._take_slot(study, trial)
        # The same system attributes GridSampler writes, so the study reads as a grid study.
        study._storage.set_trial_system_attr(trial._trial_id, "search_space", self._search_space)
        study._storage.set_trial_system_attr(trial._trial_id, "grid_id", slot)

    def after_trial(self, study, trial, state, values) -> None:
        # GridSampler stops the study once every grid point has a finished trial, counting
        # interrupted (FAIL) ones; the search, which knows which slots are left, stops instead.
        pass


class SlotSeededSampler(_SlotQueue, BaseSampler):
    """A fresh `make(slot_seed(seed, k))` sampler for the trial of slot k."""

    def __init__(self, make: Callable[[int], BaseSampler], seed: int) -> None:
        super().__init__()
        self._make, self._seed = make, seed
        self._inner = make(seed)

    def before_trial(self, study: optuna.Study, trial: optuna.trial.FrozenTrial) -> None:
        slot = self._take_slot(study, trial)
        self._inner = self._make(slot_seed(self._seed, slot))
        self._inner.before_trial(study, trial)

    def infer_relative_search_space(self, study, trial):
        return self._inner.infer_relative_search_space(study, trial)

    def sample_relative(self, study, trial, search_space):
        return self._inner.sample_relative(study, trial, search_space)

    def sample_independent(self, study, trial, param_name, param_distribution):
        return self._inner.sample_independent(study, trial, param_name, param_distribution)

    def after_trial(self, study, trial, state, values) -> None:
        self._inner.after_trial(study, trial, state, values)

    def reseed_rng(self) -> None:
        self._inner.reseed_rng()


def make_sampler(method: str, seed: int, grid: dict[str, list[Any]] | None = None):
    """The slot-fed sampler of `method` ("grid" needs the grid values of each name)."""
    if method == "grid":
        return SlotGridSampler(grid, seed)
    if method == "random":
        return SlotSeededSampler(lambda s: RandomSampler(seed=s), seed)
    if method == "bayes":
        return SlotSeededSampler(lambda s: TPESampler(seed=s), seed)
    raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
