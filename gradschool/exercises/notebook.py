"""Exercises inside a lab's notebook, and the student version that leaves them to write.

A notebook of ours names its lab in its metadata (`"gradschool": {"lab": "softmax"}`).
An exercise is a code cell whose solution sits between nbgrader's markers,

    def stable_softmax(z):
        \"\"\"softmax(z) computed without overflow.\"\"\"
        ### BEGIN SOLUTION
        e = np.exp(z - z.max())
        return e / e.sum()
        ### END SOLUTION

and whose metadata names the exercise and says what to write, for us and for
nbgrader alike:

    "nbgrader": {"grade_id": "stable-softmax", "solution": true, "grade": false,
                 "locked": false, "task": false, "schema_version": 3},
    "gradschool": {"exercise": "stable-softmax", "task": "subtract max(z) before exp"}

The student version replaces every solution region by
`raise NotImplementedError("exercise <name>: <task>")`, indented as the region
was; the prompt around it (signature, docstring, comments) stays.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
_MARKER = re.compile(r"^(?P<indent>[ \t]*)### (?P<what>BEGIN|END) SOLUTION\s*$")


class NotebookError(ValueError):
    """A notebook that is not one of ours, or whose exercises are malformed."""


@dataclass(frozen=True)
class Exercise:
    """One exercise: its name, what to write, and the index of its cell."""

    name: str
    task: str
    cell: int


def source_of(cell: Any) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def lab_of(notebook: Any, where: str = "the notebook") -> str:
    """The lab id a notebook of ours belongs to; NotebookError for any other notebook."""
    lab = (notebook.get("metadata", {}).get("gradschool") or {}).get("lab")
    if not isinstance(lab, str) or not lab:
        raise NotebookError(f"{where} is not a gradschool lab notebook (its metadata names "
                            "no lab: expected \"gradschool\": {\"lab\": ...})")
    return lab


def solution_regions(source: str, where: str) -> list[tuple[int, int, str]]:
    """(first line, last line, indent) of each BEGIN/END SOLUTION region of `source`."""
    regions, start, indent = [], None, ""
    for i, line in enumerate(source.split("\n")):
        match = _MARKER.match(line)
        if not match:
            continue
        if match["what"] == "BEGIN":
            if start is not None:
                raise NotebookError(f"{where}: {BEGIN} inside another solution region")
            start, indent = i, match["indent"]
        else:
            if start is None:
                raise NotebookError(f"{where}: {END} without {BEGIN}")
            regions.append((start, i, indent))
            start = None
    if start is not None:
        raise NotebookError(f"{where}: {BEGIN} is never closed by {END}")
    return regions


def exercises_in(notebook: Any, where: str = "the notebook") -> list[Exercise]:
    """Every exercise of the notebook, in order; checks each is well formed."""
    found: list[Exercise] = []
    for index, cell in enumerate(notebook.get("cells", [])):
        meta = (cell.get("metadata") or {}).get("gradschool") or {}
        name = meta.get("exercise")
        has_markers = BEGIN in source_of(cell)
        if name is None and not has_markers:
            continue
        at = f"{where}, cell {index}"
        if cell.get("cell_type") != "code" or not name:
            raise NotebookError(f"{at}: {BEGIN} outside an exercise: an exercise is a code "
                                "cell whose metadata names it, \"gradschool\": "
                                "{\"exercise\": ...}")
        solution_regions(source_of(cell), at)  # well formed (a learner's cell may have none)
        found.append(Exercise(str(name), str(meta.get("task") or "write this part"), index))
    names = [e.name for e in found]
    if len(set(names)) != len(names):
        raise NotebookError(f"{where}: exercise names repeat: {names}")
    return found


def student_source(source: str, exercise: Exercise, where: str) -> str:
    """`source` with each solution region replaced by a NotImplementedError naming the task."""
    lines = source.split("\n")
    out: list[str] = []
    cursor = 0
    message = f"exercise {exercise.name}: {exercise.task}"
    for start, end, indent in solution_regions(source, where):
        out += lines[cursor:start]
        out.append(f"{indent}raise NotImplementedError({message!r})")
        cursor = end + 1
    out += lines[cursor:]
    return "\n".join(out)


def student_version(notebook: Any, where: str = "the notebook") -> Any:
    """A copy of `notebook` with every exercise's solution removed and outputs cleared."""
    lab_of(notebook, where)
    student = copy.deepcopy(notebook)
    for exercise in exercises_in(notebook, where):
        cell = student["cells"][exercise.cell]
        at = f"{where}, cell {exercise.cell}"
        if not solution_regions(source_of(cell), at):
            raise NotebookError(f"{at}: exercise {exercise.name!r} has no solution region")
        cell["source"] = student_source(source_of(cell), exercise, at)
    for cell in student["cells"]:
        if cell.get("cell_type") == "code":
            cell["outputs"], cell["execution_count"] = [], None
    student["metadata"]["gradschool"] = {**student["metadata"]["gradschool"], "student": True}
    return student
