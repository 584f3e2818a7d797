"""The line-search quiz's numbers, from closed forms and NumPy (no gradschool)."""
import math

import numpy as np


def _L(phi):
    """L(φ) = 1 − 0.5 exp(−(φ − 0.65)²/0.1) − 0.45 exp(−(φ − 0.35)²/0.02)."""
    return (1 - 0.5 * np.exp(-(phi - 0.65) ** 2 / 0.1)
            - 0.45 * np.exp(-(phi - 0.35) ** 2 / 0.02))


def _dL(phi):
    return (0.5 * np.exp(-(phi - 0.65) ** 2 / 0.1) * 2 * (phi - 0.65) / 0.1
            + 0.45 * np.exp(-(phi - 0.35) ** 2 / 0.02) * 2 * (phi - 0.35) / 0.02)


def _backtracking_alpha(phi, alpha0, rho, c):
    g = _dL(phi)
    alpha = alpha0
    while not _L(phi - alpha * g) <= _L(phi) + c * alpha * (-g * g):
        alpha *= rho
    return alpha


def _grid_minimum():
    phi = np.linspace(0.0, 1.0, 100_001)
    return float(phi[np.argmin(_L(phi))])


ORACLES = {
    "golden-evaluations": lambda: 2 + math.ceil(math.log(1e-6) / math.log((math.sqrt(5) - 1) / 2)),
    "backtracking-alpha": lambda: _backtracking_alpha(0.9, 1.0, 0.5, 0.5),
    "true-min": _grid_minimum,
}
