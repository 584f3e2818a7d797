"""Exercises in the labs' notebooks: student versions, and checking what a learner wrote.

    gradschool exercises [ID...] --out DIR     # student notebooks, solutions removed
    gradschool check NOTEBOOK.ipynb            # run it, then the lab's checks

Exercises are marked with nbgrader's `### BEGIN SOLUTION` / `### END SOLUTION`
(see `notebook`); the checks live in each lab's package (`checks.py`), not in
the notebook.
"""
from .checks import Outcome, lab_checks, run_checks
from .execute import CheckReport, check_exercises, check_notebook, exercise_namespace
from .notebook import Exercise, NotebookError, exercises_in, lab_of, student_version
from .students import notebooks_dir, write_student_notebooks

__all__ = ["CheckReport", "Exercise", "NotebookError", "Outcome", "check_exercises",
           "check_notebook", "exercise_namespace", "exercises_in", "lab_checks", "lab_of",
           "notebooks_dir", "run_checks", "student_version", "write_student_notebooks"]
