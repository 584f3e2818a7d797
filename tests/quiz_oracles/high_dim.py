"""The high-dim quiz's numbers, computed with SciPy's distributions and closed forms."""
import math

import scipy.special
import scipy.stats
import torch


def _mean_abs_cosine(D: int) -> float:
    """cos² of two random directions is Beta(1/2, (D−1)/2): E|cos| = E[√B] = B(1, b)/B(1/2, b)."""
    b = (D - 1) / 2
    return float(scipy.special.beta(1.0, b) / scipy.special.beta(0.5, b))


ORACLES = {
    "ball-volume": lambda: math.pi**5 / (2**10 * math.factorial(5)),
    "outer-shell": lambda: (1 - torch.tensor(0.99, dtype=torch.float64) ** 100).item(),
    "norm-cv": lambda: float(scipy.stats.chi(100).std() / scipy.stats.chi(100).mean()),
    "mean-abs-cosine": lambda: _mean_abs_cosine(1000),
}
