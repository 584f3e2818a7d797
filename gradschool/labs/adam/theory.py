"""Closed forms the adam lab checks its runs against: the 2-cycle and the bias correction."""
from __future__ import annotations

import numpy as np


def two_cycle(lr: float) -> float:
    """|φ1| of the 2-cycle of fixed-step descent at φ0 = 0.7: √(ln(2α)/2) (α > 1/2)."""
    if not lr > 0.5:
        raise ValueError(f"two_cycle: descent only cycles for lr > 1/2, got lr={lr!r}")
    return float(np.sqrt(np.log(2.0 * lr) / 2.0))


def uncorrected_factor(t: np.ndarray, beta1: float, beta2: float) -> np.ndarray:
    """(1 - β1^t)/√(1 - β2^t): how much longer the raw step m/√v is than m̂/√v̂ at step t."""
    return (1.0 - beta1 ** t) / np.sqrt(1.0 - beta2 ** t)
