"""Figures of the adam lab: one contour panel per method, loss per step, early step lengths."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from gradschool.data.functions import adam_test_loss, grid
from gradschool.viz import save_figure
from gradschool.viz.contour import plot_trajectories

WINDOW = ((-1.0, 1.0), (-1.0, 1.0))  # UDL notebook 6.5's view


def plot_paths(runs: Mapping[str, tuple[np.ndarray, np.ndarray]], minimum: np.ndarray,
               path: Path) -> None:
    """A 2 × 3 grid: each method's path over the contours, its final loss in the title."""
    import matplotlib.pyplot as plt

    surface = grid(adam_test_loss, *WINDOW, n=150)
    fig, axes = plt.subplots(2, 3, figsize=(13, 8.4), sharex=True, sharey=True)
    for ax, (name, (phi, losses)) in zip(axes.flat, runs.items()):
        plot_trajectories(surface, {name: phi}, ax=ax, minimum=minimum, levels=20,
                          title=f"{name}: final loss {losses[-1]:.1e}")
        ax.plot(*phi[-1], "X", ms=10, color="C0", mec="white", zorder=6)
        ax.get_legend().remove()  # the title names the method
        ax.label_outer()
    fig.tight_layout()
    save_figure(fig, path, dpi=100)


def plot_loss(losses: Mapping[str, np.ndarray], steps: int, path: Path) -> None:
    """L(φ_t) per step, log scale (the minimum is L = 0)."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.0, 4.2))
    for name, curve in losses.items():
        ax.semilogy(np.maximum(curve, 1e-16), lw=1.5, label=name)
    ax.set(xlabel="step", ylabel="loss L(φ_t)", xlim=(0, steps),
           title="Loss per step (the minimum is 0)")
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.02, 1.0))
    save_figure(fig, path)


def plot_step_lengths(adam: np.ndarray, raw: np.ndarray, config: Any,
                      factor: Callable[..., np.ndarray], path: Path, first: int = 40) -> None:
    """|Δφ0| and |Δφ1| per step over lr, with and without bias correction, for the first steps;
    dashed: the raw step's excess (1 - β1^t)/√(1 - β2^t) for a constant gradient."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    t = np.arange(1, first + 1)
    for phi, name, color in ((adam, "Adam", "C4"), (raw, "no bias correction", "C5")):
        step = np.abs(np.diff(phi[:first + 1], axis=0)) / config.lr
        ax.plot(t, step[:, 0], "o-", ms=3, color=color, label=f"{name}: |Δφ0| / α")
        ax.plot(t, step[:, 1], "s:", ms=3, color=color, label=f"{name}: |Δφ1| / α")
    ax.plot(t, factor(t, config.beta1, config.beta2), "k--", lw=1,
            label="(1 − β1ᵗ) / √(1 − β2ᵗ)")
    ax.set(xlabel="step t", ylabel="step length / α",
           title=f"Early steps, β1 = {config.beta1:g}, β2 = {config.beta2:g}")
    ax.legend(fontsize="small")
    save_figure(fig, path)
