"""Parallel trials: workers that all open the one storage, run through gradschool.sweep.

The empty slots are dealt round-robin to `workers` cells, one cell per worker:

    cell w = {"objective": "mymodule:objective", "storage": url, "study_name": ...,
              "method": ..., "seed": ..., "space": {...}, "grid": ..., "slots": [w, w+W, …]}

`gradschool.sweep.run(run_cell, cells, ...)` runs the cells in a local process
pool or on Ray; each worker loads the study from the storage URL and runs its
slots one after another (search.run_slots). Workers share nothing but the
storage: the TPE sampler of each reads the trials the others have finished
(and, with Optuna's constant liar, the ones they are running), and grid and
random trials do not depend on which worker runs them (samplers.py).

So a cell must be JSON: the objective travels as its `module:qualname` (a
function defined at the top level of an importable module; not a lambda, a
closure, or a function typed into a notebook), the space as JSON settings, the
pruner as its name. The sweep's own store is a temporary folder: the storage
is the record of what is done, and a resumed search computes its empty slots
from it.
"""
from __future__ import annotations

import importlib
import tempfile
from typing import Any

from .search import Plan, run_slots
from .space import from_json, to_json
from .storage import absolute_url


def objective_name(objective: Any) -> str:
    """`module:qualname` of a top-level function, or a clear error."""
    from ..sweep import fn_name

    return fn_name(objective)


def import_objective(name: str) -> Any:
    module, _, qualname = name.partition(":")
    obj: Any = importlib.import_module(module)
    for part in qualname.split("."):
        obj = getattr(obj, part)
    return obj


def check_parallel(plan: Plan, backend: str, workers: int, address: str | None) -> None:
    """Raise before anything runs if the plan cannot be sent to `workers` workers."""
    from ..sweep import check_arguments
    from ..sweep.backends.processes import check_importable

    check_arguments(backend, workers, address)
    if plan.pruner is not None and not isinstance(plan.pruner, str):
        raise ValueError(f"pruner {plan.pruner!r}: with parallel workers pass the pruner "
                         "by name ('median' or 'hyperband')")
    objective_name(plan.objective)
    if backend == "processes":
        check_importable(plan.objective)


def cells_for(plan: Plan, slots: list[int], workers: int) -> list[dict[str, Any]]:
    """One JSON cell per worker, slots dealt round-robin (fewer cells than workers if few slots)."""
    common = {"objective": objective_name(plan.objective), "storage": absolute_url(plan.storage),
              "study_name": plan.study_name, "method": plan.method, "seed": plan.seed,
              "direction": plan.direction, "pruner": plan.pruner,
              "space": to_json(plan.space), "grid": plan.grid, "budget": plan.budget}
    shares = [slots[w::workers] for w in range(workers)]
    return [{**common, "worker": w, "slots": share} for w, share in enumerate(shares) if share]


def run_cell(cell: dict[str, Any]) -> dict[str, Any]:
    """A worker: open the study at cell["storage"] and run the trials of cell["slots"]."""
    plan = Plan(objective=import_objective(cell["objective"]), space=from_json(cell["space"]),
                method=cell["method"], seed=cell["seed"], direction=cell["direction"],
                pruner=cell["pruner"], grid=cell["grid"], storage=cell["storage"],
                study_name=cell["study_name"], budget=cell["budget"])
    return {"worker": cell["worker"], "trials": run_slots(plan, cell["slots"])}


def run_parallel(plan: Plan, slots: list[int], *, workers: int, backend: str,
                 address: str | None) -> None:
    """Run `slots` on `workers` workers of `backend`, all writing to plan.storage."""
    from ..sweep import run

    cells = cells_for(plan, slots, workers)
    with tempfile.TemporaryDirectory(prefix="gradschool-tuning-") as store:
        run(run_cell, cells, store, backend=backend, workers=len(cells), address=address)
