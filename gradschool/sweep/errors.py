"""The two ways a sweep goes wrong: a bad request, or cells that failed.

`SweepUsageError` is raised before any cell runs or any file is written (an
unknown backend, `workers=0`, a cell that is not a dict of JSON values, Ray
missing or not answering); the CLI prints it as one line and exits with 2.
`SweepError` is raised at the end of a sweep in which some cells raised: every
other cell has finished and its file is written, and running the same sweep
again retries only the failed cells.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any


class SweepUsageError(ValueError):
    """A sweep asked for something impossible; nothing has run or been written."""


class SweepError(RuntimeError):
    """Some cells of a sweep failed; the others finished and are in the store.

    failures: one dict per failed cell, in cell order:
        {"cell": settings, "key": file key, "error": "Type: message"}.
    store: the sweep's directory; each failure's details (traceback
        included) are in `store/errors/<key>.json`.
    """

    def __init__(self, failures: list[dict[str, Any]], total: int, store: Path) -> None:
        self.failures = failures
        self.total = total
        self.store = Path(store)
        first = failures[0]
        finished = total - len(failures)
        super().__init__(
            f"sweep: {len(failures)} of {total} cells failed; first: {first['cell']!r}: "
            f"{first['error']} (details in {self.store / 'errors'}); the {finished} finished "
            f"cells are kept and running the same sweep again retries only the failed ones")
