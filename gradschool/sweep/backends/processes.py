"""The processes backend: a pool of local worker processes, one cell per worker at a time.

Workers are started with the `spawn` method (a fresh interpreter: no copy of
the parent's threads or locks) and with `OMP_NUM_THREADS`, `OPENBLAS_NUM_THREADS`
and `MKL_NUM_THREADS` set to 1 in their environment from the first instruction,
so NumPy's BLAS uses one thread per worker and `workers` cells use `workers`
cores; the parent's own environment is put back as soon as they are started.
As with any `spawn` pool, a script that runs a sweep needs the
`if __name__ == "__main__":` guard, and the cell function must live in an
importable module (not a notebook cell: use `backend="serial"` there).

Workers ignore Ctrl-C (the parent stops them) and exit on their own if the
parent dies (`kill -9`), so no orphan keeps computing. A worker that dies while
running a cell (killed, out of memory, a crash in C code) breaks the pool: the
cell it was running is reported as lost, and the cells that had not started,
or whose workers the pool stopped in the breakage, go on in a fresh pool.
"""
from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any

from ..errors import SweepUsageError
from ..worker import ONE_THREAD_ENV, Outcome, execute_cell, failure, limit_threads, lost
from .base import Event, Finished, Started, Task

POLL_SECONDS = 0.25
_STARTS: Any = None  # in a worker: the queue on which it announces (key, pid) of each cell


def default_workers() -> int:
    """The number of cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def check_importable(fn: Callable[..., Any]) -> None:
    """Raise SweepUsageError if worker processes could not import `fn`."""
    main = sys.modules.get("__main__")
    if fn.__module__ == "__main__" and not getattr(main, "__file__", None):
        raise SweepUsageError(
            f"sweep: fn {fn.__qualname__} is defined in an interactive session or notebook, "
            "which worker processes cannot import; move it to a module, or use "
            "backend='serial'")
    try:
        pickle.dumps(fn)
    except Exception as exc:
        raise SweepUsageError(f"sweep: fn {fn!r} cannot be sent to worker processes: "
                              f"{exc}") from None


@contextmanager
def _one_thread_env() -> Iterator[None]:
    """Set the one-thread variables here while workers start (they copy our environment)."""
    saved = {name: os.environ.get(name) for name in ONE_THREAD_ENV}
    os.environ.update(ONE_THREAD_ENV)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _exit_with_parent() -> None:
    """In a worker: exit as soon as the parent process is gone."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        parent.join()
        os._exit(1)


def _init_worker(starts: Any) -> None:
    global _STARTS
    _STARTS = starts
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    limit_threads()
    threading.Thread(target=_exit_with_parent, daemon=True).start()


def _run_in_worker(fn: Callable[[dict[str, Any]], Any], cell: dict[str, Any],
                   key: str) -> Outcome:
    _STARTS.put((key, os.getpid()))
    return execute_cell(fn, cell, key)


def _exit_code(process: Any) -> int | None:
    """The exit code of a stopped worker (None if unknown)."""
    if process is None:
        return None
    deadline = time.monotonic() + 5.0
    while time.monotonic() < deadline:
        process.join(0.05)
        if process.exitcode is not None:
            return process.exitcode
    return None


def _describe_exit(code: int | None) -> str:
    """" (killed by SIGKILL: ...)" for a worker's exit code; "" when it is unknown."""
    if code is None:
        return ""
    if code < 0:
        name = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
        hint = ": out of memory, or kill -9" if -code == getattr(signal, "SIGKILL", 9) else ""
        return f" (killed by {name}{hint})"
    return f" (exit status {code})"


class ProcessesBackend:
    """Run cells on `workers` local processes."""

    name = "processes"

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or default_workers()

    def run(self, fn: Callable[[dict[str, Any]], Any], tasks: list[Task]) -> Iterator[Event]:
        while tasks:
            tasks = yield from self._pool_run(fn, tasks)

    def _pool_run(self, fn: Callable[[dict[str, Any]], Any],
                  tasks: list[Task]) -> Generator[Event, None, list[Task]]:
        """Run `tasks` on one pool; returns the tasks to run again if the pool broke."""
        ctx = multiprocessing.get_context("spawn")
        starts = ctx.SimpleQueue()
        pool = ProcessPoolExecutor(min(self.workers, len(tasks)), mp_context=ctx,
                                   initializer=_init_worker, initargs=(starts,))
        workers: dict[int, Any] = {}
        running: dict[str, int] = {}
        futures: dict[Future[Outcome], Task] = {}
        clean = False
        try:
            with _one_thread_env():
                for task in tasks:
                    futures[pool.submit(_run_in_worker, fn, task.cell, task.key)] = task
            broken: list[Task] = []
            causes: list[BaseException] = []
            while futures and not broken:
                wait(futures, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
                workers.update(getattr(pool, "_processes", None) or {})
                yield from self._started(starts, running)
                done = [f for f in futures if f.done()]  # after the starts: none is left over
                for future in sorted(done, key=lambda f: futures[f].index):
                    task = futures.pop(future)
                    try:
                        outcome = future.result()
                    except BrokenProcessPool as exc:
                        broken.append(task)
                        causes.append(exc.__cause__ or exc)
                        continue
                    except Exception as exc:  # e.g. a result that cannot be pickled
                        outcome = failure(task.key, exc)
                    running.pop(task.key, None)
                    yield Finished(outcome)
            if not broken:
                clean = True
                return []
            return (yield from self._after_break(broken, futures, starts, running, workers,
                                                 causes[0]))
        finally:
            _stop(pool, workers, clean)

    def _started(self, starts: Any, running: dict[str, int]) -> Iterator[Event]:
        while not starts.empty():
            key, pid = starts.get()
            running[key] = pid
            yield Started(key)

    def _after_break(self, broken: list[Task], futures: dict[Future[Outcome], Task],
                     starts: Any, running: dict[str, int], workers: dict[int, Any],
                     cause: BaseException) -> Generator[Event, None, list[Task]]:
        """A worker died: report the cells it ran, and return the others to run again."""
        wait(futures, timeout=30.0)
        yield from self._started(starts, running)
        for future, task in futures.items():
            if future.done() and future.exception() is None:
                running.pop(task.key, None)
                yield Finished(future.result())
            else:
                broken.append(task)
        started = [t for t in broken if t.key in running]
        if not started:
            reason = " ".join(str(cause).split()) or type(cause).__name__
            for task in sorted(broken, key=lambda t: t.index):
                yield Finished(lost(task.key, "the worker processes died before any cell "
                                    f"started: {reason}"))
            return []
        codes = {t.key: _exit_code(workers.get(running[t.key])) for t in started}
        # The pool stops the surviving workers with SIGTERM; a worker that died
        # otherwise was running the culprit. If all died of SIGTERM, all are.
        culprits = [t for t in started if codes[t.key] != -signal.SIGTERM] or started
        for task in culprits:
            yield Finished(lost(task.key, (
                f"the worker process running this cell died{_describe_exit(codes[task.key])}; "
                "running the sweep again retries it")))
        return sorted((t for t in broken if t not in culprits), key=lambda t: t.index)


def _stop(pool: ProcessPoolExecutor, workers: dict[int, Any], clean: bool) -> None:
    """Shut the pool down; unless it finished cleanly, terminate its workers first."""
    if clean:
        pool.shutdown(wait=True)
        return
    workers.update(getattr(pool, "_processes", None) or {})
    pool.shutdown(wait=False, cancel_futures=True)
    for process in workers.values():
        if process.is_alive():
            process.terminate()
    for process in workers.values():
        process.join(5.0)
        if process.is_alive():
            process.kill()
            process.join()
