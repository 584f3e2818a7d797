"""The bias-variance quiz's numbers, from NumPy's polyfit and the definitions written out."""
import math

import numpy as np

FITS = [[1.2, 1.7], [0.8, 2.1], [1.3, 2.0]]  # three data sets' fits at two inputs
F = [1.0, 2.0]                               # the true function there
SIGMA = 0.3


def _bias2() -> float:
    """(1/M) Σ_m (mean_d fit[d][m] − f[m])², written out."""
    means = [sum(row[m] for row in FITS) / len(FITS) for m in range(len(F))]
    return sum((mean - f) ** 2 for mean, f in zip(means, F)) / len(F)


def _variance() -> float:
    """(1/M) Σ_m (1/D) Σ_d (fit[d][m] − mean_m)², written out."""
    total = 0.0
    for m in range(len(F)):
        column = [row[m] for row in FITS]
        mean = sum(column) / len(column)
        total += sum((v - mean) ** 2 for v in column) / len(column)
    return total / len(F)


def _expected_error() -> float:
    """E[(f̂ − f − ε)²] = mean over fits and inputs of (f̂ − f)², plus σ² (no decomposition)."""
    return float(np.mean((np.array(FITS) - np.array(F)) ** 2)) + SIGMA**2


ORACLES = {
    "line-slope": lambda: float(np.polyfit([0.1, 0.4, 0.7, 0.9], [1.0, 2.0, 2.0, 3.0], 1)[0]),
    "bias2-small": _bias2,
    "variance-small": _variance,
    "expected-error": _expected_error,
}
assert math.isclose(ORACLES["expected-error"](), _bias2() + _variance() + SIGMA**2)
