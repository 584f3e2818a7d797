"""One optimizer's run on the Rosenbrock valley and the steps it takes to reach the target."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

TARGET = 1e-3


DIVERGED = 1e8  # a loss above this (L = 12.5 at the start) counts as divergence


def steps_to_target(losses: np.ndarray, target: float = TARGET) -> int | None:
    """The first step t with L(φ_s) ≤ target for every later s of the run, or None
    (the last loss is above the target, or NaN)."""
    above = np.flatnonzero(~(losses <= target))
    t = int(above[-1]) + 1 if above.size else 0
    return t if t < len(losses) else None


@dataclass
class Run:
    """One optimizer at one learning rate: its path (T + 1, 2) and losses (T + 1,);
    `diverged` when the loss blew up and the run was stopped early."""

    lr: float
    path: np.ndarray
    losses: np.ndarray
    diverged: bool = False

    @property
    def steps(self) -> int | None:
        """Steps to 1e-3 (and staying there), None if never or diverged."""
        return None if self.diverged else steps_to_target(self.losses)

    @property
    def final_loss(self) -> float:
        """L at the end of the run; inf for a diverged one."""
        return math.inf if self.diverged else float(self.losses[-1])

    def rank(self) -> tuple[float, float]:
        """Sort key: fewest steps to the target, then the lowest final loss."""
        steps = self.steps
        return (math.inf if steps is None else steps, self.final_loss)
