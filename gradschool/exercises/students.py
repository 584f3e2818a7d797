"""`gradschool exercises`: write the student version of the labs' notebooks.

    write_student_notebooks(["softmax", "xor"], out_dir="student")
    # -> student/softmax.ipynb, student/xor.ipynb: solutions replaced by
    #    raise NotImplementedError("exercise <name>: <what to write>")

The reference notebooks are `notebooks/<module>.ipynb` of a checkout: the
folder given, else `./notebooks`, else the one beside the installed package.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from ..atomic import atomic_write_text
from ..labs import REGISTRY, load_all, module_of
from .execute import read_notebook
from .notebook import NotebookError, exercises_in, student_version


def notebooks_dir(given: str | os.PathLike[str] | None = None) -> Path:
    """Where the reference notebooks are (see the module doc)."""
    candidates = [Path(given)] if given is not None else [
        Path.cwd() / "notebooks", Path(__file__).resolve().parents[2] / "notebooks"]
    for folder in candidates:
        if folder.is_dir() and any(folder.glob("*.ipynb")):
            return folder
    raise NotebookError(f"no lab notebooks in {', '.join(str(c) for c in candidates)} "
                        "(pass --notebooks DIR)")


def notebook_path(lab_id: str, folder: Path) -> Path:
    """The reference notebook of lab `lab_id` in `folder`."""
    load_all()
    if lab_id not in REGISTRY:
        raise NotebookError(f"unknown lab {lab_id!r}; known labs: {', '.join(REGISTRY)}")
    path = folder / f"{module_of(REGISTRY[lab_id])}.ipynb"
    if not path.is_file():
        raise NotebookError(f"lab {lab_id!r} has no notebook at {path}")
    return path


def labs_with_exercises(folder: Path) -> list[str]:
    """Every lab whose notebook in `folder` has exercises, in curriculum order."""
    from ..labs import curriculum_order

    load_all()
    found = []
    for lab in curriculum_order(REGISTRY.values()):
        path = folder / f"{module_of(lab)}.ipynb"
        if path.is_file() and exercises_in(read_notebook(path), str(path)):
            found.append(lab.id)
    return found


def write_student_notebooks(lab_ids: Sequence[str], out_dir: str | os.PathLike[str],
                            folder: str | os.PathLike[str] | None = None) -> list[Path]:
    """Write the student notebook of each lab (all labs with exercises when empty)."""
    source = notebooks_dir(folder)
    ids = list(lab_ids) or labs_with_exercises(source)
    students = []
    for lab_id in ids:  # check them all before writing any
        path = notebook_path(lab_id, source)
        notebook = read_notebook(path)
        if not exercises_in(notebook, str(path)):
            raise NotebookError(f"{path} has no exercises")
        students.append((path.name, student_version(notebook, str(path))))
    import nbformat

    written = []
    for name, notebook in students:
        written.append(atomic_write_text(Path(out_dir) / name, nbformat.writes(notebook) + "\n"))
    return written
