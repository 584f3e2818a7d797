"""Reading the double-descent curve: the interpolation threshold, the first minimum, the peak.

Given the widths h₁ < h₂ < ... and, per width, the training and test error (%):

- interpolation width: the first width whose training error is below 1%, the
  smallest model that fits the noisy labels (None if none does);
- first minimum: the width of least test error among those below the
  interpolation width (the classical regime; all widths if none interpolates,
  the first width if the first one already does);
- peak: the width of greatest test error among those past the first minimum
  (None when the first minimum is the last width).

Double descent shows as a peak above the first minimum and above the test
error of the largest width, near the interpolation width.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

INTERPOLATION_ERROR = 1.0
"""Training error (%) below which a model counts as fitting its training set."""


def interpolation_index(train_error: Sequence[float],
                        threshold: float = INTERPOLATION_ERROR) -> int | None:
    """Index of the first width whose training error is below `threshold` (%), or None."""
    for i, error in enumerate(train_error):
        if error < threshold:
            return i
    return None


def first_minimum_index(test_error: Sequence[float], interpolation: int | None) -> int:
    """Index of the least test error among the widths below the interpolation width."""
    end = len(test_error) if interpolation is None else max(interpolation, 1)
    return int(np.argmin(np.asarray(test_error[:end])))


def peak_index(test_error: Sequence[float], first_minimum: int) -> int | None:
    """Index of the greatest test error past the first minimum (None if it is the last)."""
    if first_minimum + 1 >= len(test_error):
        return None
    return first_minimum + 1 + int(np.argmax(np.asarray(test_error[first_minimum + 1:])))


def landmarks(hidden: Sequence[int], train_error: Sequence[float],
              test_error: Sequence[float]) -> dict[str, Any]:
    """interpolation_width, first_minimum_width, peak_width and the test errors there,
    and final_test_error (the largest width's); None where a landmark does not exist."""
    if not (len(hidden) == len(train_error) == len(test_error) > 0):
        raise ValueError(f"landmarks: hidden, train_error and test_error must be non-empty "
                         f"and of one length, got {len(hidden)}, {len(train_error)}, "
                         f"{len(test_error)}")
    if list(hidden) != sorted(set(hidden)):
        raise ValueError(f"landmarks: widths must increase, got {list(hidden)}")
    i_interp = interpolation_index(train_error)
    i_min = first_minimum_index(test_error, i_interp)
    i_peak = peak_index(test_error, i_min)
    return {
        "interpolation_width": None if i_interp is None else int(hidden[i_interp]),
        "first_minimum_width": int(hidden[i_min]),
        "first_minimum_test_error": float(test_error[i_min]),
        "peak_width": None if i_peak is None else int(hidden[i_peak]),
        "peak_test_error": None if i_peak is None else float(test_error[i_peak]),
        "final_test_error": float(test_error[-1]),
    }


def by_seed(results: Sequence[dict[str, Any]], hidden: Sequence[int], seeds: Sequence[int],
            name: str) -> list[list[Any]]:
    """[[result[name] for each width] for each seed], from cell results in any order."""
    table = {(r["hidden"], r["seed"]): r[name] for r in results}
    missing = [(h, s) for s in seeds for h in hidden if (h, s) not in table]
    if missing:
        raise ValueError(f"double-descent: no result for (hidden, seed) {missing}")
    return [[table[h, s] for h in hidden] for s in seeds]


def seed_mean(per_seed: list[list[float]]) -> list[float]:
    """The mean over seeds (rows) of each width's value (columns)."""
    return [float(v) for v in np.mean(np.asarray(per_seed, dtype=float), axis=0)]
