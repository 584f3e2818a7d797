"""Every notebook in notebooks/ runs from top to bottom, passes its exercises' checks,
and is stored without outputs.

Each notebook executes as `gradschool check` runs it: a fresh kernel of the
running interpreter (so this venv's gradschool), a temporary working directory,
a per-cell time limit, then the lab's checks on what the notebook defined.
Notebooks are kept clean in git: no outputs and no execution counts (clear them
before committing).
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from gradschool.exercises import check_notebook

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CELL_TIMEOUT = 300
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _ids(paths: list[Path]) -> list[str]:
    return [p.stem for p in paths]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_is_stored_without_outputs(path: Path):
    nbformat = pytest.importorskip("nbformat")
    notebook = nbformat.read(path, as_version=4)
    dirty = [i for i, cell in enumerate(notebook.cells) if cell.cell_type == "code"
             and (cell.get("outputs") or cell.get("execution_count") is not None)]
    assert dirty == [], f"{path.name}: cells {dirty} hold outputs; clear them before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_runs_and_passes_its_exercise_checks(path: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch):
    """Every cell runs without an error, then the lab's checks pass on what it defined.

    This is `gradschool check` on the reference notebook: a fresh kernel of this
    interpreter, then the lab's checks (gradschool/labs/<module>/checks.py) in it.
    """
    pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    # The kernel must import this checkout's gradschool, even when it is not installed.
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p))
    report = check_notebook(path, timeout=CELL_TIMEOUT, workdir=tmp_path)
    errors = [ANSI.sub("", e) for e in report.cell_errors]
    assert errors == [], f"{path.name} (kernel {sys.executable}): {errors}"
    failed = [f"{o.exercise}: {o.reason}" for o in report.outcomes if not o.passed]
    assert failed == [], f"{path.name}: the reference solutions fail their checks: {failed}"
    assert len(report.outcomes) >= 3, f"{path.name}: {len(report.outcomes)} exercises, want 3+"
