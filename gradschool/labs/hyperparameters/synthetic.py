"""Bergstra and Bengio (2012): when only 2 of 5 hyperparameters matter.

A cheap, deterministic stand-in for a validation accuracy that depends on
the learning rate and the width only; batch size, weight decay and dropout
are in the space but do nothing:

    score = 0.1 + 0.85 · exp(-½ [(log10(lr / lr*) / 0.4)² + (log2(width / width*) / 0.8)²])

a bump of height 0.95 at (lr*, width*), 0.4 decades wide in lr and 0.8
octaves in width, falling to chance (0.1) far away. Each repeat draws its
own optimum, log-uniformly inside the space (away from the edges), so no
search method is favoured by where the optimum happens to sit.

A grid of N trials over 5 hyperparameters gives each of them about N^(1/5)
values (32 trials: 2 each), so it tries only 2 × 2 = 4 distinct (lr, width)
pairs, each 8 times; random search tries N distinct values of each.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

PEAK, FLOOR = 0.95, 0.1
LR_SCALE, WIDTH_SCALE = 0.4, 0.8          # decades of lr, octaves of width
LR_RANGE, WIDTH_RANGE = (3e-4, 3e-2), (24, 340)   # where optima are drawn (inside the space)


@dataclass(frozen=True)
class TwoOfFive:
    """score(params) of the module docstring, with its optimum at (lr_star, width_star)."""

    lr_star: float
    width_star: float

    def __call__(self, params: dict[str, Any]) -> float:
        return two_of_five_score(params["lr"], params["width"], self.lr_star, self.width_star)


def two_of_five_score(lr: Any, width: Any, lr_star: float, width_star: float) -> Any:
    """0.1 + 0.85 exp(-½ [(log10(lr/lr*)/0.4)² + (log2(width/width*)/0.8)²]).

    lr and width may be numbers (a float comes back) or arrays of one shape.
    """
    lr, width = np.asarray(lr, dtype=float), np.asarray(width, dtype=float)
    for name, value in (("lr", lr), ("width", width), ("lr_star", lr_star),
                        ("width_star", width_star)):
        if not np.all(np.asarray(value) > 0):
            raise ValueError(f"two_of_five_score: {name} must be > 0, got {value!r}")
    u = np.log10(lr / lr_star) / LR_SCALE
    v = np.log2(width / width_star) / WIDTH_SCALE
    score = FLOOR + (PEAK - FLOOR) * np.exp(-0.5 * (u * u + v * v))
    return float(score) if score.ndim == 0 else score


def draw_optimum(rng: np.random.Generator) -> TwoOfFive:
    """An optimum log-uniform in LR_RANGE × WIDTH_RANGE."""
    lo, hi = np.log(LR_RANGE)
    wlo, whi = np.log(WIDTH_RANGE)
    return TwoOfFive(float(np.exp(rng.uniform(lo, hi))), float(np.exp(rng.uniform(wlo, whi))))
