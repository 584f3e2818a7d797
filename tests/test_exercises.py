"""Exercises: student notebooks keep the prompt and lose the solution, and the checks
tell a finished exercise from an unfinished one.

The property tests run each notebook's imports cell and exercise cells in this
process (`check_exercises`): seconds for every notebook. `gradschool check`
itself, a full run in a kernel, is driven end to end on the xor notebook; the
reference notebooks' full runs are in tests/test_notebooks.py.
"""
from __future__ import annotations

import copy
from pathlib import Path

import nbformat
import pytest
from typer.testing import CliRunner

from gradschool.cli import app
from gradschool.exercises import (
    NotebookError,
    check_exercises,
    exercises_in,
    lab_checks,
    lab_of,
    student_version,
)
from gradschool.exercises.notebook import BEGIN, END, source_of

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def gradschool(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def read(path: Path):
    return nbformat.read(path, as_version=4)


def solution_lines(source: str) -> list[str]:
    """The meaningful lines inside the solution regions of `source`."""
    inside, lines = False, []
    for line in source.split("\n"):
        if BEGIN in line or END in line:
            inside = BEGIN in line
            continue
        if inside and len(line.strip()) >= 12 and not line.strip().startswith("#"):
            lines.append(line.strip())
    return lines


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_exercise_of_the_lab_is_in_its_notebook(path):
    notebook = read(path)
    names = [e.name for e in exercises_in(notebook, path.name)]
    assert len(names) >= 3, f"{path.name}: {names}"
    assert sorted(names) == sorted(lab_checks(lab_of(notebook, path.name))), path.name
    for exercise in exercises_in(notebook, path.name):
        meta = notebook.cells[exercise.cell].metadata
        assert meta["nbgrader"]["grade_id"] == exercise.name and meta["nbgrader"]["solution"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_the_student_version_keeps_the_prompt_and_nothing_of_the_solution(path):
    notebook = read(path)
    student = student_version(notebook, path.name)
    for exercise in exercises_in(notebook, path.name):
        before = source_of(notebook.cells[exercise.cell])
        after = source_of(student.cells[exercise.cell])
        assert BEGIN not in after and END not in after
        assert f"exercise {exercise.name}: {exercise.task}" in after
        left = [line for line in solution_lines(before) if line in after]
        assert not left, f"{path.name}, {exercise.name}: solution lines left: {left}"
        prompt = before.split(BEGIN)[0].rsplit("\n", 1)[0]
        assert after.startswith(prompt), f"{path.name}, {exercise.name}: the prompt changed"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_reference_passes_student_fails_one_filled_in_passes_only_that_one(path):
    notebook = read(path)
    assert all(o.passed for o in check_exercises(notebook, path.name)), path.name
    student = student_version(notebook, path.name)
    exercises = exercises_in(notebook, path.name)
    for outcome in check_exercises(student, path.name):
        assert not outcome.passed
        assert f"exercise {outcome.exercise}" in outcome.reason, outcome.reason
    for exercise in exercises:
        one = copy.deepcopy(student)
        one.cells[exercise.cell] = copy.deepcopy(notebook.cells[exercise.cell])
        passed = [o.exercise for o in check_exercises(one, path.name) if o.passed]
        assert passed == [exercise.name], (path.name, exercise.name, passed)


def test_gradschool_exercises_writes_student_notebooks(tmp_path):
    result = gradschool("exercises", "xor", "--out", tmp_path,
                                      "--notebooks", ROOT / "notebooks")
    assert result.exit_code == 0, result.output
    student = read(tmp_path / "xor.ipynb")
    assert student.metadata["gradschool"]["student"] is True
    assert all(BEGIN not in source_of(c) for c in student.cells)


def test_gradschool_check_a_student_notebook_fails_each_exercise_readably(tmp_path):
    gradschool("exercises", "xor", "--out", tmp_path,
                             "--notebooks", ROOT / "notebooks")
    result = gradschool("check", tmp_path / "xor.ipynb")
    assert result.exit_code == 1, result.output
    for name in lab_checks("xor"):
        assert name in result.stdout
    assert result.stdout.count("NotImplementedError") == len(lab_checks("xor"))
    assert f"0 of {len(lab_checks('xor'))} passed" in result.stdout


def test_gradschool_check_the_reference_notebook_passes(tmp_path):
    result = gradschool("check", ROOT / "notebooks" / "xor.ipynb")
    assert result.exit_code == 0, result.output
    assert f"{len(lab_checks('xor'))} of {len(lab_checks('xor'))} passed" in result.stdout


def test_a_wrong_answer_says_what_was_expected():
    notebook = read(ROOT / "notebooks" / "xor.ipynb")
    cell = next(e for e in exercises_in(notebook) if e.name == "xor-forward").cell
    notebook.cells[cell].source = source_of(notebook.cells[cell]).replace(
        "a1 = np.tanh(z1)", "a1 = np.maximum(z1, 0)")
    outcome = {o.exercise: o for o in check_exercises(notebook)}["xor-forward"]
    assert not outcome.passed
    assert "expected" in outcome.reason and "got" in outcome.reason, outcome.reason


@pytest.mark.parametrize("change, words", [
    (lambda nb: nb.metadata.pop("gradschool"), ["not a gradschool lab notebook"]),
    (lambda nb: nb.cells.pop(next(e.cell for e in exercises_in(nb) if e.name == "xor-backward")),
     ["lacks exercise", "xor-backward"]),
])
def test_a_notebook_not_ours_or_missing_an_exercise_is_a_clear_error(tmp_path, change, words):
    notebook = read(ROOT / "notebooks" / "xor.ipynb")
    change(notebook)
    path = tmp_path / "mine.ipynb"
    nbformat.write(notebook, path)
    result = gradschool("check", path)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert all(w in result.stderr for w in words), result.stderr


def test_malformed_markers_are_named():
    notebook = read(ROOT / "notebooks" / "xor.ipynb")
    cell = exercises_in(notebook)[0].cell
    notebook.cells[cell].source = source_of(notebook.cells[cell]).replace(END, "")
    with pytest.raises(NotebookError, match="never closed"):
        student_version(notebook)
