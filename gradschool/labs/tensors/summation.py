"""Three ways to add up n floats in float32, against the exact sum.

- naive: s ← s + xᵢ, one rounding per addition; the error grows with the running sum,
  up to about n · eps · Σ|xᵢ| in the worst case.
- pairwise (NumPy's `np.sum`): add the halves recursively; the error grows like
  log₂ n · eps · Σ|xᵢ|.
- Kahan (compensated): carry the rounding error c of each addition into the next one;
  the error is about 2 · eps · Σ|xᵢ|, independent of n.

The exact sum is `math.fsum` of the same numbers (Shewchuk's algorithm: the correctly
rounded float64 value of the exact sum).
"""
from __future__ import annotations

import math

import numpy as np

KAHAN_LANES = 1024  # independent Kahan accumulators run side by side (see kahan_sum)


def _floats(x: np.ndarray, name: str) -> np.ndarray:
    x = np.asarray(x)
    if x.dtype.kind != "f":
        raise TypeError(f"{name}: needs a floating-point array, got dtype {x.dtype}")
    return x.ravel()


def naive_sum(x: np.ndarray) -> np.generic:
    """s = (((x₀ + x₁) + x₂) + …) in x's dtype, strictly left to right.

    `np.add.accumulate` computes every running sum sᵢ = sᵢ₋₁ + xᵢ in order (it has to:
    it returns them all), so its last element is exactly what a Python loop
    `for v in x: s = s + v` in float32 gives, at C speed.
    """
    x = _floats(x, "naive_sum")
    if x.size == 0:
        return x.dtype.type(0)
    return np.add.accumulate(x, dtype=x.dtype)[-1]


def pairwise_sum(x: np.ndarray) -> np.generic:
    """NumPy's `np.sum` in x's dtype: pairwise summation of blocks (of 128, unrolled by 8)."""
    x = _floats(x, "pairwise_sum")
    return np.sum(x, dtype=x.dtype)


def _kahan_scalar(values: np.ndarray) -> np.generic:
    """Textbook Kahan summation, one value at a time, in values' dtype."""
    s = c = values.dtype.type(0)
    for v in values:
        y = v - c          # the value, corrected by the error of the last addition
        t = s + y          # the new sum, rounded
        c = (t - s) - y    # what the rounding lost (algebraically 0)
        s = t
    return s


def kahan_sum(x: np.ndarray, lanes: int = KAHAN_LANES) -> np.generic:
    """Kahan (compensated) summation in x's dtype:

        y = xᵢ - c;  t = s + y;  c = (t - s) - y;  s = t

    To be fast in NumPy, `lanes` accumulators run side by side: x (zero-padded) is
    read as rows of `lanes` numbers and lane j sums column j with its own (s, c); a
    Python loop steps over the n / lanes rows. The lane totals sⱼ and their
    corrections -cⱼ are then added by the scalar algorithm. `lanes=1` is the plain
    one-accumulator algorithm. The error stays about 2 eps Σ|xᵢ| either way.
    """
    if lanes < 1:
        raise ValueError(f"kahan_sum: lanes must be >= 1, got {lanes}")
    x = _floats(x, "kahan_sum")
    if lanes == 1 or x.size <= lanes:
        return _kahan_scalar(x)
    rows = np.concatenate([x, np.zeros((-x.size) % lanes, x.dtype)]).reshape(-1, lanes)
    s = np.zeros(lanes, x.dtype)
    c = np.zeros(lanes, x.dtype)
    for row in rows:
        y = row - c
        t = s + y
        c = (t - s) - y
        s = t
    return _kahan_scalar(np.concatenate([s, -c]))


def exact_sum(x: np.ndarray) -> float:
    """Σ xᵢ computed exactly and rounded once to float64 (`math.fsum`)."""
    return math.fsum(_floats(x, "exact_sum").astype(np.float64))


METHODS = {"naive": naive_sum, "pairwise": pairwise_sum, "kahan": kahan_sum}


def sum_errors(x: np.ndarray) -> dict[str, float]:
    """{method: |sum by the method in x's dtype - exact sum|} for naive, pairwise, kahan."""
    exact = exact_sum(x)
    return {name: abs(float(method(x)) - exact) for name, method in METHODS.items()}


def error_curve(x: np.ndarray, ns: list[int]) -> dict[str, list[float]]:
    """{method: [|error| of summing x[:n]] for n in ns}; the naive running sums come from
    one `np.add.accumulate`, the others are computed per prefix."""
    x = _floats(x, "error_curve")
    running = np.add.accumulate(x, dtype=x.dtype)
    exact = [exact_sum(x[:n]) for n in ns]
    return {
        "naive": [abs(float(running[n - 1]) - e) for n, e in zip(ns, exact)],
        "pairwise": [abs(float(pairwise_sum(x[:n])) - e) for n, e in zip(ns, exact)],
        "kahan": [abs(float(kahan_sum(x[:n])) - e) for n, e in zip(ns, exact)],
        "ulp": [float(np.spacing(x.dtype.type(abs(e)))) for e in exact],
    }
