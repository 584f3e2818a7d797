"""A sweep's directory: one JSON file per finished cell, one per failed cell.

    STORE/cells/<key>.json    {"key", "fn", "cell", "result", "seconds", "host", "finished"}
    STORE/errors/<key>.json   {"key", "fn", "cell", "error": {"type", "message", "traceback"},
                               "seconds", "host", "finished"}

Every file is written atomically (`gradschool.atomic`: a hidden `.<name>.*.tmp`
file, then a rename), so a cell file is either complete or absent, whatever
kills the process. A cell with a file in `cells/` is finished and never runs
again; `errors/` only explains failures and is ignored when deciding what to
run, so failed cells are retried. Temporary files left behind by a kill are
ignored, and removed by the next sweep once they are a minute old.
"""
from __future__ import annotations

import json
import os
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..atomic import TEMP_SUFFIX
from ..jsonfiles import atomic_write_json, to_jsonable
from .errors import SweepUsageError

STALE_TEMP_SECONDS = 60.0


def store_path(store: Any) -> Path:
    """`store` as a Path, checked to be usable as a sweep directory (nothing is created)."""
    if not isinstance(store, (str, os.PathLike)) or str(store) == "":
        raise SweepUsageError(f"sweep: store must be a directory path, got {store!r}")
    path = Path(store)
    if path.exists() and not path.is_dir():
        raise SweepUsageError(f"sweep: store {str(path)!r} exists and is not a directory")
    return path


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    """The files of one sweep under `root` (see the module docstring)."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = store_path(root)
        self.cells_dir = self.root / "cells"
        self.errors_dir = self.root / "errors"

    def cell_file(self, key: str) -> Path:
        return self.cells_dir / f"{key}.json"

    def error_file(self, key: str) -> Path:
        return self.errors_dir / f"{key}.json"

    def read(self, key: str, cell: dict[str, Any]) -> dict[str, Any] | None:
        """The finished record of `cell`, or None if it has not finished.

        A file that is not a record of this very cell (edited by hand, say) counts
        as missing: the cell runs again and the file is replaced.
        """
        try:
            record = json.loads(self.cell_file(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(record, dict) or record.get("cell") != cell or "result" not in record:
            return None
        return record

    def write_result(self, key: str, fn: str, cell: dict[str, Any], result: dict[str, Any],
                     seconds: float, host: str) -> dict[str, Any]:
        """Write the finished cell's file; returns the record as read back from JSON."""
        record = to_jsonable({"key": key, "fn": fn, "cell": cell, "result": result,
                              "seconds": seconds, "host": host, "finished": _now()})
        atomic_write_json(self.cell_file(key), record)
        self.error_file(key).unlink(missing_ok=True)
        return record

    def write_error(self, key: str, fn: str, cell: dict[str, Any], error: dict[str, str],
                    seconds: float | None, host: str) -> None:
        """Write why the cell failed (it is not finished: the next sweep retries it)."""
        atomic_write_json(self.error_file(key), {
            "key": key, "fn": fn, "cell": cell, "error": error, "seconds": seconds,
            "host": host, "finished": _now()})

    def remove_stale_temps(self, age: float = STALE_TEMP_SECONDS) -> list[Path]:
        """Delete hidden temporary files older than `age` seconds (left by a kill)."""
        removed = []
        cutoff = time.time() - age
        for folder in (self.cells_dir, self.errors_dir):
            if not folder.is_dir():
                continue
            for path in folder.glob(f".*{TEMP_SUFFIX}"):
                try:
                    if path.stat().st_mtime < cutoff:
                        path.unlink()
                        removed.append(path)
                except FileNotFoundError:
                    pass
        return removed
