"""Studies of many independent cells that resume after any interruption and scale out.

    import gradschool.sweep as sweep

    def train_width(cell):                      # top level, in an importable module
        rng = np.random.default_rng(cell["seed"])
        ...
        return {"test_error": err}

    cells = [{"hidden": h, "seed": s} for h in (2, 4, 8) for s in range(3)]
    results = sweep.run(train_width, cells, store="runs/dd", backend="processes")

Each finished cell is a file `store/cells/<key>.json`, written atomically: a
sweep that is stopped (Ctrl-C, `kill -9`, a lost worker) resumes where it
stopped when run again, and can be finished on another machine. A cell that
raises is recorded in `store/errors/`, the others finish, and `run` raises a
`SweepError` naming it; the next run retries it. Results are identical on every
backend: `serial`, `processes` (a local pool, one BLAS thread per worker) and
`ray` (a Ray cluster; `pip install -e ".[ray]"`).

`check_backend` validates a request up front (for the CLI); `load_results`,
`load_records` and `missing` read a store without running anything.
"""
from .backends import BACKENDS, default_workers
from .check import check_arguments, check_backend
from .driver import load_records, load_results, missing, run
from .errors import SweepError, SweepUsageError
from .keys import cell_key, cell_seed, fn_name
from .options import STUDY_DIR, SweepOptions
from .progress import PlainSweepProgress, RichSweepProgress, SweepBar, SweepProgress
from .store import Store
from .worker import one_blas_thread

__all__ = [
    "BACKENDS", "STUDY_DIR", "PlainSweepProgress", "RichSweepProgress", "Store", "SweepBar",
    "SweepError", "SweepOptions",
    "SweepProgress", "SweepUsageError", "cell_key", "cell_seed", "check_arguments",
    "check_backend", "default_workers", "fn_name", "load_records", "load_results", "missing",
    "one_blas_thread", "run",
]
