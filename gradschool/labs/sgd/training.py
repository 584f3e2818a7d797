r"""The three ways the `sgd` lab trains the Gabor model from a start φ = (φ0, φ1).

The loss is the sum of squares over the N points, L(φ) = Σ_i (f[x_i, φ] - y_i)²
(`gabor_loss`). With the same peak learning rate γ and the same number of
updates T (epochs × N/B), annealed by the same cosine schedule
γ_t = γ (1 + cos(π t / T)) / 2 (`gs.optim.lr_scheduler.CosineAnnealingLR`):

- full batch, fixed step:  φ ← φ - γ_t ∇L(φ)                   (gs.optim.SGD)
- stochastic (SGD):         φ ← φ - γ_t ∇L_B(φ),  L_B(φ) = (N/B) Σ_{i∈B} (f[x_i, φ] - y_i)²
                            on mini-batches B of a DataLoader (a fresh shuffle every epoch).
                            The factor N/B makes E[L_B] = L, so the two take the same
                            step on average and differ only by the noise of the batch.
- full batch, line search:  φ ← φ - α* ∇L(φ), α* = argmin_{α ∈ [0, α_max]} L(φ - α ∇L(φ))
                            (`_gradient_descent_steps.descend_with_line_search`).

Each returns a `Run` per start: the path (one point per epoch, or per step
for line search) and the full-data loss along it. The fixed step and SGD
train all starts at once, as the columns of one parameter of shape (2, S).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

import gradschool as gs
from gradschool.data.functions import gabor_loss
from gradschool.optim.line_search_descent import descend_with_line_search


@dataclass
class Run:
    """One training run: path (K, 2) from the start, losses (K,) = L on all the data at
    those points; final_params = path[-1], final_loss = losses[-1]."""

    path: np.ndarray = field(repr=False)
    losses: np.ndarray = field(repr=False)

    @property
    def final_params(self) -> np.ndarray:
        return self.path[-1]

    @property
    def final_loss(self) -> float:
        return float(self.losses[-1])


def _starts_as_columns(starts: np.ndarray) -> gs.Tensor:
    """φ of shape (2, S): column s is start s (φ0 in row 0, φ1 in row 1)."""
    return gs.tensor(np.array(starts, dtype=np.float64).T.copy(), dtype=gs.float64,
                     requires_grad=True)


class _Recorder:
    """The parameters and the full-data loss of S runs, once per epoch."""

    def __init__(self, phi: gs.Tensor, x: gs.Tensor, y: gs.Tensor) -> None:
        self.phi, self.x, self.y = phi, x, y
        self.path: list[np.ndarray] = []
        self.losses: list[np.ndarray] = []
        self.record()

    def record(self) -> None:
        with gs.no_grad():
            self.losses.append(gabor_loss(self.phi, self.x, self.y).data.copy())
        self.path.append(self.phi.data.T.copy())

    def runs(self) -> list[Run]:
        path, losses = np.stack(self.path), np.stack(self.losses)  # (K, S, 2), (K, S)
        return [Run(path[:, s], losses[:, s]) for s in range(path.shape[1])]


def full_batch_fixed_step(x: gs.Tensor, y: gs.Tensor, starts: np.ndarray, lr: float,
                          epochs: int, steps_per_epoch: int) -> list[Run]:
    r"""Gradient descent on all N points with gs.optim.SGD from every start (rows of
    `starts`, (S, 2)) at once: epochs × steps_per_epoch steps (as many as SGD takes), the
    learning rate cosine-annealed from lr to 0.

    The S runs share one parameter φ of shape (2, S) and minimise Σ_s L(φ_s): the
    gradient of the sum in column s is ∇L(φ_s), so each column follows its own run.
    """
    phi = _starts_as_columns(starts)
    opt = gs.optim.SGD([phi], lr=lr)
    schedule = gs.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=epochs * steps_per_epoch)
    recorder = _Recorder(phi, x, y)
    for _ in range(epochs):
        for _ in range(steps_per_epoch):
            opt.zero_grad()
            gabor_loss(phi, x, y).sum().backward()
            opt.step()
            schedule.step()
        recorder.record()
    return recorder.runs()


def stochastic(x: gs.Tensor, y: gs.Tensor, starts: np.ndarray, lr: float, epochs: int,
               loader: gs.data.DataLoader) -> list[Run]:
    """SGD on the mini-batches of `loader` (each loss scaled by N/B, see the module doc)
    from every start at once (as `full_batch_fixed_step`; all starts see the same
    sequence of mini-batches), with gs.optim.SGD, the learning rate cosine-annealed from
    lr to 0."""
    n = x.shape[0]
    phi = _starts_as_columns(starts)
    opt = gs.optim.SGD([phi], lr=lr)
    schedule = gs.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=epochs * len(loader))
    recorder = _Recorder(phi, x, y)
    for _ in range(epochs):
        for x_batch, y_batch in loader:
            opt.zero_grad()
            (n / x_batch.shape[0] * gabor_loss(phi, x_batch, y_batch)).sum().backward()
            opt.step()
            schedule.step()
        recorder.record()
    return recorder.runs()


def full_batch_line_search(x: gs.Tensor, y: gs.Tensor, start: tuple[float, float],
                           alpha_max: float, tol: float, max_steps: int) -> Run:
    """Gradient descent on all N points from one start, each step as long as a
    golden-section line search along -∇L says; stops when a search finds no lower loss or
    after max_steps steps."""
    phi = gs.tensor(np.array(start, dtype=np.float64), dtype=gs.float64, requires_grad=True)
    run = descend_with_line_search(lambda p: gabor_loss(p, x, y), phi, alpha_max, tol, max_steps)
    return Run(run.path, np.array(run.losses))


def steps_per_epoch(n: int, batch_size: int) -> int:
    """⌈N/B⌉ mini-batches per epoch (the last one shorter when B does not divide N)."""
    return math.ceil(n / batch_size)
