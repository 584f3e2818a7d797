"""Run a notebook in a fresh kernel, then the lab's checks against what it defined.

`check_notebook(path)` is what `gradschool check NOTEBOOK.ipynb` does: read the
notebook, find its lab and exercises, execute every cell (nbclient, a time
limit per cell, errors allowed so that one unfinished exercise does not hide
the others), then, in the same kernel, run the lab's checks on the notebook's
globals. The kernel is this interpreter's (ipykernel), so it imports the same
gradschool.

`exercise_namespace(notebook)` is the quick in-process variant the tests use on
every notebook: the first code cell (the imports) and the exercise cells only.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .checks import Outcome, kernel_report, lab_checks, parse_report, run_checks
from .notebook import NotebookError, exercises_in, lab_of, source_of

CELL_TIMEOUT = 600
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_MAGIC = re.compile(r"^\s*[%!].*$", re.M)


@dataclass(frozen=True)
class CheckReport:
    """What `gradschool check` found: the lab, each exercise's outcome, cells that failed."""

    lab: str
    outcomes: list[Outcome]
    cell_errors: list[str]

    @property
    def passed(self) -> bool:
        return all(o.passed for o in self.outcomes)


def read_notebook(path: str | os.PathLike[str]) -> dict[str, Any]:
    """A notebook file as nbformat's v4 dict; NotebookError if it cannot be read."""
    import nbformat

    try:
        return nbformat.read(str(path), as_version=4)
    except FileNotFoundError:
        raise NotebookError(f"{str(path)!r}: no such notebook") from None
    except Exception as exc:  # nbformat raises several kinds for a file that is not JSON
        raise NotebookError(f"{str(path)!r} is not a notebook: {exc}") from None


def planned_checks(notebook: Any, where: str) -> tuple[str, list[str]]:
    """The notebook's lab and the exercises to check; a missing exercise is an error."""
    lab = lab_of(notebook, where)
    try:
        checks = lab_checks(lab)
    except KeyError:
        raise NotebookError(f"{where} names lab {lab!r}, which does not exist") from None
    if not checks:
        raise NotebookError(f"lab {lab!r} has no exercises to check")
    present = {e.name for e in exercises_in(notebook, where)}
    missing = [name for name in checks if name not in present]
    if missing:
        raise NotebookError(f"{where} lacks exercise(s) {', '.join(missing)} of lab {lab!r} "
                            "(a cell was deleted, or its metadata changed)")
    return lab, list(checks)


def _kernel_dir() -> str:
    """A Jupyter path whose `python3` kernel is this very interpreter."""
    root = tempfile.mkdtemp(prefix="gradschool-kernel-")
    spec = Path(root, "kernels", "python3")
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (gradschool)", "language": "python"}))
    return root


def _stream_text(cell: Any) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", [])
                   if o.get("output_type") == "stream")


def _errors(notebook: Any) -> list[str]:
    found = []
    for index, cell in enumerate(notebook.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                found.append(f"cell {index}: {out.get('ename')}: "
                             f"{_ANSI.sub('', str(out.get('evalue')))}")
    return found


def check_notebook(path: str | os.PathLike[str], timeout: int = CELL_TIMEOUT,
                   workdir: str | os.PathLike[str] | None = None) -> CheckReport:
    """Execute the notebook at `path` and check its exercises (see the module doc)."""
    import nbclient
    import nbformat

    where = str(path)
    notebook = read_notebook(path)
    lab, names = planned_checks(notebook, where)
    call = f"{kernel_report.__module__}.kernel_report({lab!r}, globals(), {names!r})"
    notebook.cells.append(nbformat.v4.new_code_cell(
        f"import {kernel_report.__module__}\n{call}"))
    env = {**os.environ, "JUPYTER_PATH": _kernel_dir(), "MPLBACKEND": "Agg"}
    saved = {k: os.environ.get(k) for k in ("JUPYTER_PATH", "MPLBACKEND")}
    os.environ.update({k: env[k] for k in saved})
    try:
        client = nbclient.NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                                         allow_errors=True)
        run_in = str(workdir) if workdir is not None else str(Path(path).resolve().parent)
        client.execute(cwd=run_in)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    outcomes = parse_report(_stream_text(notebook.cells[-1]))
    errors = _errors(notebook)
    if outcomes is None:
        raise NotebookError(f"{where}: the checks did not run in the kernel "
                            f"({errors[-1] if errors else 'no output'})")
    return CheckReport(lab, outcomes, [e for e in errors if not e.startswith(
        f"cell {len(notebook.cells) - 1}:")])


def exercise_namespace(notebook: Any, where: str = "the notebook") -> dict[str, Any]:
    """Run the notebook's first code cell and its exercise cells here; their globals."""
    code = [i for i, cell in enumerate(notebook["cells"]) if cell.get("cell_type") == "code"]
    cells = sorted({code[0], *(e.cell for e in exercises_in(notebook, where))}) if code else []
    namespace: dict[str, Any] = {"__name__": "__notebook__"}
    for index in cells:
        source = _MAGIC.sub("", source_of(notebook["cells"][index]))
        try:
            with contextlib.redirect_stdout(io.StringIO()):  # the cells' prints are not ours
                exec(compile(source, f"{where}, cell {index}", "exec"), namespace)
        except NotImplementedError:
            pass  # a student version's unfinished exercise: the checks will say so
    if "matplotlib.pyplot" in sys.modules:  # figures the cells drew are not wanted here
        sys.modules["matplotlib.pyplot"].close("all")
    return namespace


def check_exercises(notebook: Any, where: str = "the notebook") -> list[Outcome]:
    """The checks on `exercise_namespace(notebook)` (no kernel; seconds, not minutes)."""
    lab, names = planned_checks(notebook, where)
    return run_checks(lab, exercise_namespace(notebook, where), names)
