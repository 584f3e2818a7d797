"""The sgd quiz's numbers, from closed forms and NumPy."""
import math

import numpy as np


def _loss_at_truth():
    """At the generating φ the residuals are the noise: L = Σ (0.1 εᵢ)², with εᵢ the normal
    draws gabor_data makes after its 30 uniform x (seed 0)."""
    rng = np.random.default_rng(0)
    rng.uniform(-15.0, 15.0, size=30)
    return float(np.sum((0.1 * rng.standard_normal(30)) ** 2))


ORACLES = {
    "steps-per-epoch": lambda: math.ceil(30 / 4),
    "loss-at-truth": _loss_at_truth,
}
