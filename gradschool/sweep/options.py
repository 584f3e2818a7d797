"""How a lab that is a study runs its cells: where they are kept and on which backend.

The runner hands every sweep lab one `SweepOptions`:

    def run(config, out_dir, progress, sweep=None):
        sweep = sweep or SweepOptions(store=out_dir / STUDY_DIR)
        results = sweep.run(train_width, cells, progress)

`store` is the lab's persistent study folder, `DIR/<id>/study/` under
`gradschool run` (it survives re-runs, so a finished study only redraws its
figures); the backend, workers and address come from `--backend`,
`--workers` and `--address`.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .driver import load_records
from .driver import run as run_cells

STUDY_DIR = "study"
"""The name of a lab's persistent study folder inside `DIR/<id>/`."""


@dataclass(frozen=True)
class SweepOptions:
    """store: the study folder (cells/, errors/ and anything else the study keeps);
    backend, workers, address: as `gradschool.sweep.run` takes them."""

    store: Path
    backend: str = "processes"
    workers: int | None = None
    address: str | None = None

    def run(self, fn: Callable[[dict[str, Any]], Any], cells: Sequence[dict[str, Any]],
            progress: Any = None) -> list[dict[str, Any]]:
        """`gradschool.sweep.run(fn, cells)` in this study's store, on this backend."""
        bar = progress if hasattr(progress, "sweep_bar") else None
        return run_cells(fn, cells, self.store, backend=self.backend, workers=self.workers,
                         address=self.address, progress=bar)

    def records(self, fn: Callable[[dict[str, Any]], Any],
                cells: Sequence[dict[str, Any]]) -> list[dict[str, Any] | None]:
        """The stored record of each cell (result, seconds, host), None where missing."""
        return load_records(fn, cells, self.store)
