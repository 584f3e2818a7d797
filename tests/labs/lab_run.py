"""Run a lab the way `gradschool run <id>` does and read back its record (lab tests)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gradschool.runner import run_labs


def run_once(lab_id: str, out: Path, preset: str = "quick", **overrides: Any) -> dict:
    """Run `lab_id` through the real runner into `out`; its metrics.json, plus "dir".

    A lab that fails makes the calling test fail with its error.
    """
    records = run_labs([lab_id], preset=preset, out_dir=out, overrides=overrides)
    record = json.loads((out / lab_id / "metrics.json").read_text())
    assert records[0]["status"] == "ok", record.get("error")
    record["dir"] = out / lab_id
    return record
