"""Run a lab's checks (its package's `checks.py`) against what a notebook defined.

Each lab with exercises has `gradschool/labs/<module>/checks.py` holding
`CHECKS = {exercise name: check(ns)}` (see `gradschool.labs.exercise`). A check
that returns passes; one that raises fails, and the reason is its message (the
expected and obtained values) or, for any other exception, its last line, e.g.
"NotImplementedError: exercise stable-softmax: subtract max(z) before exp".
"""
from __future__ import annotations

import importlib
import json
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from ..labs import REGISTRY, load_all, module_of
from ..labs.exercise import ExerciseFailed, Namespace
from ..random import fork_rng

MARKER = "GRADSCHOOL-CHECKS:"
"""Prefix of the line a kernel prints with the checks' outcomes (JSON)."""

Check = Callable[[Namespace], None]


@dataclass(frozen=True)
class Outcome:
    """One exercise's verdict: passed, and if not, a readable reason."""

    exercise: str
    passed: bool
    reason: str = ""


def lab_checks(lab_id: str) -> dict[str, Check]:
    """The checks of lab `lab_id` by exercise name (empty when it has none)."""
    load_all()
    if lab_id not in REGISTRY:
        raise KeyError(f"unknown lab {lab_id!r}")
    package = f"gradschool.labs.{module_of(REGISTRY[lab_id])}"
    if importlib.util.find_spec(f"{package}.checks") is None:
        return {}
    return dict(importlib.import_module(f"{package}.checks").CHECKS)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, (ExerciseFailed, AssertionError)) and str(exc):
        return str(exc)
    last = traceback.format_exception_only(type(exc), exc)[-1].strip()
    return last if len(last) <= 300 else last[:297] + "..."


def run_checks(lab_id: str, namespace: Mapping[str, Any],
               names: Sequence[str] | None = None) -> list[Outcome]:
    """Run the checks named `names` (default: all of the lab's) on `namespace`."""
    checks = lab_checks(lab_id)
    outcomes = []
    for name in names if names is not None else list(checks):
        try:
            with fork_rng():  # a check may seed or draw; the learner's streams stay as they were
                checks[name](Namespace(namespace))
        except Exception as exc:  # the learner's code may raise anything: that is the verdict
            outcomes.append(Outcome(name, False, _reason(exc)))
        else:
            outcomes.append(Outcome(name, True))
    return outcomes


def kernel_report(lab_id: str, namespace: Mapping[str, Any], names: Sequence[str]) -> None:
    """Print the outcomes as one marked JSON line (run inside the notebook's kernel)."""
    outcomes = run_checks(lab_id, namespace, names)
    print(MARKER + json.dumps([asdict(o) for o in outcomes]), flush=True)


def parse_report(text: str) -> list[Outcome] | None:
    """The outcomes in a kernel's output, or None when it printed none."""
    for line in text.splitlines():
        if line.startswith(MARKER):
            return [Outcome(**o) for o in json.loads(line[len(MARKER):])]
    return None
