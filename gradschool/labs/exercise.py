"""What a lab's `checks.py` uses to check the functions a learner wrote in its notebook.

    # gradschool/labs/softmax/checks.py
    from gradschool.labs.exercise import Namespace, expect_close

    def stable_softmax(ns: Namespace) -> None:
        f = ns.function("stable_softmax")
        z = np.array([1000.0, 1001.0])
        expect_close(f(z), [0.2689414213699951, 0.7310585786300049], "stable_softmax([1000, 1001])")

    CHECKS = {"stable-softmax": stable_softmax}     # exercise name -> its check

A check passes when it returns; it fails with `ExerciseFailed`, whose message
says what was expected and what came back. The checks live in the package,
not in the notebook, so a learner cannot edit them away.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np


class ExerciseFailed(AssertionError):
    """A check's verdict: what was expected and what the learner's code gave."""


class Namespace(dict):
    """The names a notebook defined (its globals), as the checks see them."""

    def function(self, name: str) -> Callable[..., Any]:
        """The notebook's function `name`, or a failure saying it is not defined."""
        value = self.get(name)
        if not callable(value):
            what = "is not defined" if value is None else f"is a {type(value).__name__}"
            raise ExerciseFailed(f"the notebook's {name!r} {what}; the exercise asks for a "
                                 "function of that name")
        return value


def _array(value: Any) -> np.ndarray:
    return np.asarray(value.data if hasattr(value, "data") and not isinstance(value, np.ndarray)
                      else value, dtype=float)


def expect_close(got: Any, expected: Any, what: str, rtol: float = 1e-7,
                 atol: float = 1e-10) -> None:
    """`got` must equal `expected` (arrays, Tensors or numbers) to rtol/atol, same shape."""
    g, e = _array(got), _array(expected)
    if g.shape != e.shape:
        raise ExerciseFailed(f"{what}: expected shape {e.shape}, got shape {g.shape}")
    if not np.allclose(g, e, rtol=rtol, atol=atol, equal_nan=True):
        worst = float(np.max(np.abs(g - e))) if g.size else 0.0
        raise ExerciseFailed(f"{what}: expected {_show(e)}, got {_show(g)} "
                             f"(largest difference {worst:.3g})")


def expect_equal(got: Any, expected: Any, what: str) -> None:
    """`got == expected` exactly (ints, strings, tuples, bools)."""
    if got != expected:
        raise ExerciseFailed(f"{what}: expected {expected!r}, got {got!r}")


def expect_true(condition: bool, message: str) -> None:
    """Fail with `message` unless `condition`."""
    if not condition:
        raise ExerciseFailed(message)


def _show(a: np.ndarray) -> str:
    if a.ndim == 0:
        return f"{float(a):.10g}"
    text = np.array2string(a, precision=6, threshold=8, edgeitems=3)
    return " ".join(text.split())
