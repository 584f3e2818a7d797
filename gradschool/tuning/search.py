"""`search`: grid, random or Bayesian (TPE) search over a space, on Optuna.

    result = search(objective, space, method="random", budget=50,
                    storage="sqlite:///runs/hp/study.db", study_name="mlp")

What happens, in order:

1. Every argument is checked (method, pruner, budget, space, objective,
   storage URL, backend): a mistake is a clear error before any trial runs.
2. The study is created in the storage, or loaded if it is there
   (`load_if_exists`); a study made with another method, seed, direction or
   space is an error rather than a silent mix.
3. Resuming. A search fills slots 0 … budget-1 (grid: 0 … grid size - 1).
   Trials that ran to an end (COMPLETE, PRUNED, or a non-finite value) fill
   their slot. Trials left RUNNING by a process that was killed are marked
   FAIL (system attribute "gradschool:interrupted"); they and trials whose
   objective raised (Ctrl-C included) leave their slot empty, and the empty
   slots are run now. See samplers.py for why a slot's parameters do not
   change on a re-run.
4. The empty slots run in this process (workers=1), or are dealt round-robin
   to `workers` workers that all open the one storage (parallel.py).

One `search` per study at a time: step 3 takes any RUNNING trial for an
interrupted one, so a second, independent `search` on the same study would
have its running trials marked FAIL. To use many machines, run one `search`
with backend="ray" (and a storage they all reach, e.g. PostgreSQL); Optuna's
heartbeat (RDBStorage(heartbeat_interval=...)) is the tool for independent
processes, but it only frees a trial after a grace period and adds a writer
per trial, which SQLite handles poorly, so it is not used here.
"""
from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import optuna
from optuna.trial import TrialState

from ..sweep import one_blas_thread
from .objective import TrialFunction, takes_report
from .pruning import check_pruner, make_pruner
from .result import SearchResult, collect, done_slots
from .samplers import METHODS, make_sampler
from .space import check_space, describe, grid_points
from .storage import check_url, is_shared, open_storage

BACKENDS = ("serial", "processes", "ray")
DIRECTIONS = ("maximize", "minimize")
META_ATTR = "gradschool"
INTERRUPTED_ATTR = "gradschool:interrupted"


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Silence Optuna's per-trial INFO lines (warnings still show)."""
    level = optuna.logging.get_verbosity()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    try:
        yield
    finally:
        optuna.logging.set_verbosity(level)


@dataclass(frozen=True)
class Plan:
    """Everything a worker needs to run slots of a search (picklable when the objective is)."""

    objective: Callable
    space: dict[str, Any]
    method: str
    seed: int
    direction: str
    pruner: Any
    grid: dict[str, list[Any]] | None
    storage: str | None
    study_name: str
    budget: int

    @property
    def n_slots(self) -> int:
        """Trials the search runs: the budget, or the size of the grid (<= budget)."""
        if self.grid is None:
            return self.budget
        return math.prod(len(values) for values in self.grid.values())

    @property
    def meta(self) -> dict[str, Any]:
        return {"method": self.method, "seed": self.seed, "direction": self.direction,
                "space": describe(self.space), "grid": self.grid}


def _check_int(name: str, value: Any, low: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ValueError(f"search: {name} must be an int >= {low}, got {value!r}")


def make_plan(objective, space, *, method, budget, storage, study_name, seed, direction,
              pruner, workers, backend, address) -> tuple[Plan, str]:
    """Check every argument (no side effects); the plan and the backend."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    check_pruner(pruner)
    if direction not in DIRECTIONS:
        raise ValueError(f"unknown direction {direction!r}; choose one of {', '.join(DIRECTIONS)}")
    _check_int("budget", budget, 1)
    _check_int("seed", seed, 0)
    _check_int("workers", workers, 1)
    if backend is None:
        backend = "serial" if workers == 1 else "processes"
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    if backend == "serial" and workers > 1:
        raise ValueError(f"workers={workers} need backend 'processes' or 'ray', not 'serial'")
    if not isinstance(study_name, str) or not study_name:
        raise ValueError(f"search: study_name must be a non-empty str, got {study_name!r}")
    space = check_space(space)
    takes_report(objective)
    check_url(storage)
    if backend != "serial" and not is_shared(storage):
        raise ValueError(f"backend {backend!r} runs trials in other processes, which cannot "
                         f"reach storage {storage!r}; pass a file or server URL, "
                         "e.g. sqlite:///study.db")
    grid = grid_points(space, budget) if method == "grid" else None
    plan = Plan(objective, space, method, seed, direction, pruner, grid, storage, study_name,
                budget)
    if backend != "serial":
        from .parallel import check_parallel
        check_parallel(plan, backend, workers, address)
    elif address is not None:
        raise ValueError(f"address {address!r} is for backend 'ray', not 'serial'")
    return plan, backend


def load(plan: Plan, storage: optuna.storages.BaseStorage) -> optuna.Study:
    """The plan's study in `storage`, with its slot-fed sampler and its pruner."""
    return optuna.load_study(study_name=plan.study_name, storage=storage,
                             sampler=make_sampler(plan.method, plan.seed, plan.grid),
                             pruner=make_pruner(plan.pruner))


def create_or_load(plan: Plan, storage: optuna.storages.BaseStorage) -> optuna.Study:
    """Create the study, or load it and check it was made by the same search."""
    study = optuna.create_study(storage=storage, study_name=plan.study_name,
                                direction=plan.direction, load_if_exists=True,
                                sampler=make_sampler(plan.method, plan.seed, plan.grid),
                                pruner=make_pruner(plan.pruner))
    meta = study.user_attrs.get(META_ATTR)
    if meta is None and not study.trials:
        study.set_user_attr(META_ATTR, plan.meta)
        return study
    if meta != plan.meta:
        diff = {k: (None if meta is None else meta.get(k), v) for k, v in plan.meta.items()
                if meta is None or meta.get(k) != v}
        raise ValueError(f"study {plan.study_name!r} in {plan.storage!r} was made by another "
                         f"search (stored vs asked: {diff}); use another study_name")
    return study


def recover(study: optuna.Study, storage: optuna.storages.BaseStorage) -> None:
    """Mark trials left RUNNING by a killed process as FAIL (their slots run again)."""
    for t in study.get_trials(deepcopy=False, states=(TrialState.RUNNING,)):
        storage.set_trial_system_attr(t._trial_id, INTERRUPTED_ATTR, True)
        storage.set_trial_state_values(t._trial_id, TrialState.FAIL)


def run_slots(plan: Plan, slots: list[int],
              storage: optuna.storages.BaseStorage | None = None) -> int:
    """Run the trials of `slots`, one after another, in this process; returns how many ran.

    Trials compute with one BLAS thread, as sweep workers do, so a trial's value
    is the same bits whether it ran here or on a worker.
    """
    with quiet(), one_blas_thread():
        study = load(plan, open_storage(plan.storage) if storage is None else storage)
        study.sampler.slots.extend(slots)
        study.optimize(TrialFunction(plan.objective, plan.space), n_trials=len(slots))
    return len(slots)


def search(objective: Callable, space: dict[str, Any], method: str = "grid", budget: int = 20,
           storage: str | None = None, study_name: str = "search", seed: int = 0,
           direction: str = "maximize", pruner: Any = None, workers: int = 1,
           backend: str | None = None, address: str | None = None) -> SearchResult:
    """Search `space` for the params that maximise (or minimise) objective(params[, report]).

    method: "grid" (Optuna's GridSampler over `grid_points(space, budget)`: at
        most `budget` trials, the most even grid that fits), "random"
        (RandomSampler) or "bayes" (TPESampler), all seeded by `seed`.
    budget: the number of trials.
    storage: an SQLAlchemy URL (None: in memory). With the same storage and
        study_name a search resumes where it stopped, running only the slots
        not yet done.
    pruner: None, "median", "hyperband" or an Optuna pruner (see pruning.py).
    workers, backend, address: run the trials on `workers` workers of backend
        "processes" (a local pool) or "ray" (a Ray cluster at `address`), all
        writing to the one storage, through gradschool.sweep. backend None
        means "serial" for one worker, "processes" for more.

    Raises ValueError/TypeError for bad arguments before any trial runs. An
    exception in the objective marks its trial FAIL and is raised again (with
    workers: a gradschool.sweep.SweepError once the other workers finish);
    running the same search again re-runs that trial's slot.
    """
    plan, backend = make_plan(
        objective, space, method=method, budget=budget, storage=storage,
        study_name=study_name, seed=seed, direction=direction, pruner=pruner,
        workers=workers, backend=backend, address=address)
    store = open_storage(storage)
    with quiet():
        study = create_or_load(plan, store)
        recover(study, store)
        done = done_slots(study.get_trials(deepcopy=False))
    todo = [k for k in range(plan.n_slots) if k not in done]
    if todo and backend == "serial":
        run_slots(plan, todo, store)
    elif todo:
        from .parallel import run_parallel
        run_parallel(plan, todo, workers=workers, backend=backend, address=address)
    with quiet():
        study = load(plan, store)
    return collect(study, method=method, seed=seed, budget=budget, n_slots=plan.n_slots,
                   direction=direction, storage=storage)
