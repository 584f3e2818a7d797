r"""The Gabor loss surface of the `sgd` lab: a grid for the contours and its minima.

The minima are found as in any careful search over a small parameter space:
evaluate L on a fine grid, take every grid point no higher than its eight
neighbours, and refine each with damped Newton steps
(`gs.optim.newton_minimize`, gradient and Hessian from autograd) to a point
where ∇L = 0. Duplicates (grid points that refine to the same minimum) are
merged; the lowest is the global minimum.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import gradschool as gs
from gradschool.data.functions import gabor_loss, grid

Grid = tuple[np.ndarray, np.ndarray, np.ndarray]


@dataclass(frozen=True)
class Minimum:
    """A local minimum: phi = (φ0, φ1), its loss, and whether Newton converged there
    (max |∇L| ≤ its tolerance)."""

    phi: tuple[float, float]
    loss: float
    converged: bool


def loss_surface(x: np.ndarray, y: np.ndarray, phi0_range: tuple[float, float],
                 phi1_range: tuple[float, float], n: int) -> Grid:
    """(X, Y, Z) with Z = L on an n × n grid over phi0_range × phi1_range."""
    return grid(gabor_loss, phi0_range, phi1_range, n, x=x, y=y)


def grid_minima(Z: np.ndarray) -> list[tuple[int, int]]:
    """Indices (i, j) of interior grid points no higher than any of their 8 neighbours."""
    inner = Z[1:-1, 1:-1]
    lowest = np.ones_like(inner, dtype=bool)
    for di in (-1, 0, 1):
        for dj in (-1, 0, 1):
            if di or dj:
                lowest &= inner <= Z[1 + di:Z.shape[0] - 1 + di, 1 + dj:Z.shape[1] - 1 + dj]
    return [(int(i) + 1, int(j) + 1) for i, j in np.argwhere(lowest)]


def find_minima(x: np.ndarray, y: np.ndarray, surface: Grid, merge_radius: float = 1e-3,
                newton_steps: int = 100) -> list[Minimum]:
    """Every local minimum reached by Newton from a grid minimum of `surface`, sorted by
    loss (the first is the global one). Minima within `merge_radius` are merged."""
    X, Y, Z = surface

    def loss(phi: gs.Tensor) -> gs.Tensor:
        return gabor_loss(phi, x, y)

    found: list[Minimum] = []
    for i, j in grid_minima(Z):
        result = gs.optim.newton_minimize(loss, [X[i, j], Y[i, j]], max_steps=newton_steps)
        phi = (float(result.x[0]), float(result.x[1]))
        if not any(np.hypot(phi[0] - m.phi[0], phi[1] - m.phi[1]) < merge_radius
                   for m in found):
            found.append(Minimum(phi, float(result.loss), bool(result.converged)))
    return sorted(found, key=lambda m: m.loss)
