"""What runs one cell, in whichever process or machine runs it.

`execute_cell(fn, cell, key)` seeds gradschool's global generators from the
cell's key (`gs.seed_everything(cell_seed(key))`), calls `fn(cell)`, and returns
an `Outcome`: the result, or the exception's type, message and traceback. It
never raises for an error inside `fn`, so one failing cell cannot take a worker
or the other cells down.

Seeding from the key makes anything that draws from gradschool's generator
(weight initialisation, dropout, shuffling) or from NumPy's and Python's global
state the same whichever backend, worker or order runs the cell. A cell
function should still make its own generators from its settings, e.g.
`np.random.default_rng(cell["seed"])`: that is what makes the cell's meaning
explicit.
"""
from __future__ import annotations

import os
import socket
import time
import traceback
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

from threadpoolctl import threadpool_limits

from ..random import seed_everything
from .keys import cell_seed

# Each worker computes one cell on one core: BLAS and OpenMP must not start a
# thread per core in every worker. These are read when the libraries load, so
# they are set in a worker's environment before it starts (see backends).
ONE_THREAD_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


@dataclass
class Outcome:
    """How one run of a cell ended.

    ok: whether `fn` returned; then `result` holds what it returned.
    error: otherwise {"type", "message", "traceback"} of the exception (or of the
        lost worker).
    seconds: wall time of `fn(cell)`; host: the machine that ran it.
    """

    key: str
    ok: bool
    result: Any = None
    error: dict[str, str] = field(default_factory=dict)
    seconds: float | None = None
    host: str = ""

    @property
    def error_line(self) -> str:
        """`Type: message`, on one line."""
        message = " ".join(self.error.get("message", "").split())
        return f"{self.error.get('type', 'Error')}: {message}" if message else \
            self.error.get("type", "Error")


def failure(key: str, exc: BaseException, seconds: float | None = None,
            host: str | None = None) -> Outcome:
    """The Outcome of a cell that raised `exc`."""
    tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return Outcome(key, ok=False, seconds=seconds, host=host or socket.gethostname(),
                   error={"type": type(exc).__name__, "message": str(exc), "traceback": tb})


def lost(key: str, reason: str) -> Outcome:
    """The Outcome of a cell whose worker disappeared while running it."""
    return Outcome(key, ok=False, host=socket.gethostname(),
                   error={"type": "WorkerLost", "message": reason, "traceback": ""})


def execute_cell(fn: Callable[[dict[str, Any]], Any], cell: dict[str, Any],
                 key: str) -> Outcome:
    """Seed from `key`, run `fn(cell)`, and report how it went (never raises for fn's errors)."""
    host = socket.gethostname()
    seed_everything(cell_seed(key))
    start = time.perf_counter()
    try:
        with one_blas_thread():  # as every worker computes: same bits on every backend
            result = fn(cell)
    except (Exception, SystemExit) as exc:  # every error of a cell is recorded, not raised
        return failure(key, exc, time.perf_counter() - start, host)
    return Outcome(key, ok=True, result=result, seconds=time.perf_counter() - start, host=host)


def limit_threads() -> None:
    """Set the one-thread variables in this process (for what it starts or loads later)."""
    os.environ.update(ONE_THREAD_ENV)


def one_blas_thread() -> AbstractContextManager[Any]:
    """BLAS (OpenBLAS, MKL) limited to one thread inside the block.

    A matrix product split over threads adds its partial sums in another order,
    so its last bits depend on the thread count: every cell computes with one.
    """
    return threadpool_limits(limits=1, user_api="blas")
