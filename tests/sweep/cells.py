"""Cell functions for the sweep tests (top level in an importable module, as workers need).

Environment variables steer the side effects the tests observe:
SWEEP_TEST_LOG: a file to which a cell appends its "n=..,seed=..,pid=.." line when it starts;
SWEEP_TEST_SLEEP: seconds; cells sleep 0 to 2 times this (by seed), so they finish out of order;
SWEEP_TEST_FAIL: while this file exists, the cell with seed 3 raises;
SWEEP_TEST_DIE: while this file exists, the cell with seed 3 kills its own process.
"""
from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import numpy as np

import gradschool as gs


def grid(n_cells: int, n: int = 8) -> list[dict]:
    """The cells {"n": n, "seed": s} for s = 0..n_cells-1."""
    return [{"n": n, "seed": s} for s in range(n_cells)]


def _log_start(cell: dict) -> None:
    log = os.environ.get("SWEEP_TEST_LOG")
    if log:
        with open(log, "a") as f:
            f.write(f"n={cell['n']},seed={cell['seed']},pid={os.getpid()}\n")


def noisy_cell(cell: dict) -> dict:
    """Draws from a generator seeded by the cell, from gs's global generator (a Linear's
    weights) and from NumPy's legacy global state."""
    _log_start(cell)
    time.sleep(float(os.environ.get("SWEEP_TEST_SLEEP", "0")) * (cell["seed"] * 7 % 3))
    rng = np.random.default_rng(cell["seed"])
    x = rng.normal(size=cell["n"])
    layer = gs.nn.Linear(4, 3)
    return {"mean": float(x.mean()), "x": x.tolist(),
            "weight": layer.weight.detach().numpy().astype(float).tolist(),
            "legacy": float(np.random.random())}


def flaky_cell(cell: dict) -> dict:
    """noisy_cell, except that seed 3 raises while the SWEEP_TEST_FAIL file exists."""
    flag = os.environ.get("SWEEP_TEST_FAIL")
    if cell["seed"] == 3 and flag and Path(flag).exists():
        raise ValueError(f"cell seed {cell['seed']} fails on purpose")
    return noisy_cell(cell)


def dying_cell(cell: dict) -> dict:
    """noisy_cell, except that seed 3 SIGKILLs its own worker while SWEEP_TEST_DIE exists."""
    flag = os.environ.get("SWEEP_TEST_DIE")
    if cell["seed"] == 3 and flag and Path(flag).exists():
        _log_start(cell)
        os.kill(os.getpid(), signal.SIGKILL)
    return noisy_cell(cell)


def thread_env_cell(cell: dict) -> dict:
    """The one-thread variables and the threads of the BLAS NumPy loaded, in this worker."""
    from threadpoolctl import threadpool_info
    names = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
    return {"env": {name: os.environ.get(name) for name in names},
            "blas_threads": sorted({pool["num_threads"] for pool in threadpool_info()
                                    if pool["user_api"] == "blas"}),
            "pid": os.getpid()}


def list_cell(cell: dict) -> list:
    """Returns a list, which a cell function must not."""
    return [cell["seed"]]


def run_from_command_line() -> None:
    """`python -c` entry for the kill tests: noisy_cell on grid(argv[2]), store argv[1]."""
    import sys

    from gradschool import sweep
    sweep.run(noisy_cell, grid(int(sys.argv[2])), sys.argv[1], backend="processes", workers=2)


def expected(fn, cells: list[dict]) -> list[dict]:
    """The oracle: each cell computed here, after the seeding a worker does, as JSON reads it."""
    import json

    from gradschool.sweep import cell_key, cell_seed
    saved = {name: os.environ.pop(name, None) for name in ("SWEEP_TEST_LOG", "SWEEP_TEST_SLEEP")}
    try:
        out = []
        for cell in cells:
            gs.seed_everything(cell_seed(cell_key(fn, cell)))
            out.append(json.loads(json.dumps(fn(cell))))
        return out
    finally:
        os.environ.update({k: v for k, v in saved.items() if v is not None})
