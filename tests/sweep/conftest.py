"""Helpers shared by the sweep tests: reading a store and the cell-start log."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMP_NAME = re.compile(r"^\..+\.tmp$")


def started_cells(log: Path) -> list[tuple[int, int]]:
    """(seed, pid) of every cell start written to `log` by the test cells."""
    if not log.exists():
        return []
    out = []
    for line in log.read_text().splitlines():
        fields = dict(item.split("=") for item in line.split(","))
        out.append((int(fields["seed"]), int(fields["pid"])))
    return out


def finished_seeds(store: Path) -> set[int]:
    """Seeds of the cells whose file is in `store/cells` (each file checked complete)."""
    seeds = set()
    folder = store / "cells"
    for path in folder.iterdir() if folder.is_dir() else []:
        if path.name.startswith("."):
            assert TEMP_NAME.match(path.name), f"unexpected hidden file {path.name}"
            continue
        record = json.loads(path.read_text())
        assert path.name == f"{record['key']}.json"
        assert set(record) >= {"cell", "fn", "result", "seconds"}
        seeds.add(record["cell"]["seed"])
    return seeds


def alive(pid: int) -> bool:
    """Whether process `pid` exists and is not a zombie (an exited, unreaped process)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:  # no /proc (macOS), or it exited just now
        return True
    return state != "Z"


@pytest.fixture
def cell_log(tmp_path, monkeypatch):
    """A fresh start log, named in $SWEEP_TEST_LOG for this test's cells."""
    log = tmp_path / "starts.log"
    monkeypatch.setenv("SWEEP_TEST_LOG", str(log))
    return log
