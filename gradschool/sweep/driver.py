"""The sweep loop (in the main process), and reading a store without running anything.

    results = run(fn, cells, store="out/dd", backend="processes", workers=None)

`fn(cell) -> dict` is a top-level function; `cells` a list of dicts of JSON
settings. Cells whose file is already in the store are not run again; the
others run on the backend, and each is written to `store/cells/<key>.json` by
this process as soon as it ends, so an interrupted sweep loses only the cells
that were running. The results come back in cell order, exactly as they read
back from their files (tuples become lists, NumPy numbers Python numbers, NaN
the string "nan"), whether they were computed now or found in the store.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from .backends import Backend, Started, Task, make_backend
from .backends.processes import check_importable
from .backends.ray_cluster import CONNECT_TIMEOUT, connect, import_ray
from .check import check_arguments
from .errors import SweepError, SweepUsageError
from .keys import cell_keys, cell_label, fn_name
from .progress import SweepBar, SweepProgress, Ticker
from .store import Store
from .worker import Outcome

CellFunction = Callable[[dict[str, Any]], Mapping[str, Any]]


class _NoBar:
    def update(self, done: int, running: str) -> None:
        pass


def _open_bar(progress: SweepProgress | None, total: int,
              done: int) -> AbstractContextManager[SweepBar]:
    if progress is None:
        return nullcontext(_NoBar())
    return progress.sweep_bar(total, done)


def load_records(fn: CellFunction, cells: Sequence[dict[str, Any]],
                 store: Any) -> list[dict[str, Any] | None]:
    """The stored record of each cell (`result`, `seconds`, `host`, ...), None where missing."""
    keys = cell_keys(fn, cells)
    box = Store(store)
    return [box.read(key, cell) for key, cell in zip(keys, cells)]


def load_results(fn: CellFunction, cells: Sequence[dict[str, Any]],
                 store: Any) -> list[dict[str, Any] | None]:
    """The stored result of each cell, None for the cells that have not finished."""
    return [None if r is None else r["result"] for r in load_records(fn, cells, store)]


def missing(fn: CellFunction, cells: Sequence[dict[str, Any]],
            store: Any) -> list[dict[str, Any]]:
    """The cells that have no finished file in the store (failed ones included)."""
    return [cell for cell, r in zip(cells, load_records(fn, cells, store)) if r is None]


def _check_request(fn: Any, cells: Any, backend: Any, workers: Any, address: Any,
                   progress: Any, timeout: Any) -> list[str]:
    """Every check of `run`'s arguments that touches nothing; returns the cell keys."""
    check_arguments(backend, workers, address, timeout)
    if progress is not None and not callable(getattr(progress, "sweep_bar", None)):
        raise SweepUsageError(f"sweep: progress must be None or have a sweep_bar(total, done) "
                              f"method, got {type(progress).__name__}")
    fn_name(fn)
    keys = cell_keys(fn, cells)
    if backend == "processes":
        check_importable(fn)
    if backend == "ray":
        import_ray()
    return keys


def _checked(name: str, outcome: Outcome) -> Outcome:
    """`outcome`, or a failure if `fn` returned something other than a dict."""
    if not outcome.ok or isinstance(outcome.result, Mapping):
        return outcome
    return Outcome(outcome.key, ok=False, seconds=outcome.seconds, host=outcome.host, error={
        "type": "TypeError", "traceback": "",
        "message": f"{name} returned a {type(outcome.result).__name__}; a cell function "
                   "returns a dict of JSON-able results"})


def _run_tasks(fn: CellFunction, name: str, tasks: list[Task], box: Store, engine: Backend,
               bar: SweepBar, done: int) -> tuple[dict[str, dict[str, Any]], list[Outcome]]:
    """Run `tasks` on `engine`, writing each cell's file as it ends.

    Returns the records of the cells that finished, by key, and the outcomes of
    those that failed (their error files written).
    """
    by_key = {task.key: task for task in tasks}
    records: dict[str, dict[str, Any]] = {}
    failed: list[Outcome] = []
    ended: set[str] = set()
    with Ticker(bar, done) as ticker:
        events = engine.run(fn, tasks)
        try:
            for event in events:
                if isinstance(event, Started):
                    if event.key not in ended:  # a late start message of a lost worker
                        ticker.started(event.key, cell_label(by_key[event.key].cell))
                    continue
                outcome = _checked(name, event.outcome)
                task = by_key[outcome.key]
                ended.add(task.key)
                if outcome.ok:
                    records[task.key] = box.write_result(
                        task.key, name, task.cell, dict(outcome.result), outcome.seconds or 0.0,
                        outcome.host)
                else:
                    box.write_error(task.key, name, task.cell, outcome.error, outcome.seconds,
                                    outcome.host)
                    failed.append(outcome)
                ticker.finished(task.key)
        finally:
            events.close()
    return records, failed


def run(fn: CellFunction, cells: Sequence[dict[str, Any]], store: Any,
        backend: str = "processes", workers: int | None = None, address: str | None = None,
        progress: SweepProgress | None = None, *,
        timeout: float = CONNECT_TIMEOUT) -> list[dict[str, Any]]:
    """Run `fn` on every cell not yet in `store`; return all results in cell order.

    fn: a top-level function `cell -> dict of JSON-able results`. It should make
        its generators from the cell's settings (`np.random.default_rng(cell["seed"])`);
        before it runs, the worker also calls `gs.seed_everything(seed)` with a seed
        derived from the cell's key, so results do not depend on the backend, the
        number of workers or the order in which cells finish.
    cells: a list of distinct dicts of JSON settings.
    store: the sweep's directory (created when the first cell finishes).
    backend: "serial", "processes" (default) or "ray" (see `gradschool.sweep.backends`).
    workers: cells run at once (default: this machine's cores; for Ray, the cluster's CPUs).
    address: the Ray cluster (`HOST:PORT`), for backend "ray"; default $RAY_ADDRESS, else
        a local Ray instance.
    progress: None, or an object with `sweep_bar(total, done)` (see `progress.py`).
    timeout: seconds to wait for a Ray cluster to answer at `address`.

    Raises SweepUsageError (nothing run or written) for a bad request; SweepError
    after the other cells have finished if some cells raised; KeyboardInterrupt
    after stopping the workers on Ctrl-C (every finished cell's file is kept).
    """
    keys = _check_request(fn, cells, backend, workers, address, progress, timeout)
    name = fn_name(fn)
    box = Store(store)
    records = [box.read(key, cell) for key, cell in zip(keys, cells)]
    tasks = [Task(i, key, cell) for i, (key, cell, record)
             in enumerate(zip(keys, cells, records)) if record is None]
    if not tasks:
        return [record["result"] for record in records]
    if backend == "ray":
        connect(address, timeout)
    box.remove_stale_temps()
    engine = make_backend(backend, workers, address, timeout)
    done = len(keys) - len(tasks)
    with _open_bar(progress, len(keys), done) as bar:
        finished, failed = _run_tasks(fn, name, tasks, box, engine, bar, done)
    for task in tasks:
        records[task.index] = finished.get(task.key)
    if failed:
        index = {task.key: task.index for task in tasks}
        failed.sort(key=lambda outcome: index[outcome.key])
        raise SweepError([{"cell": cells[index[o.key]], "key": o.key, "error": o.error_line}
                          for o in failed], len(keys), box.root)
    return [record["result"] for record in records]
