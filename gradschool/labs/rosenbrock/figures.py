"""Figures of the rosenbrock lab: paths on the log-contours, loss per step, the lr grid."""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from gradschool.data.functions import grid, rosenbrock
from gradschool.viz import save_figure
from gradschool.viz.contour import plot_trajectories

WINDOW = ((-2.0, 2.0), (-1.0, 3.0))
COLORS = {"SGD": "C0", "SGD + momentum": "C1", "Nesterov": "C2", "RMSprop": "C3",
          "Adagrad": "C4", "Adam": "C9", "AdamW": "C6", "Newton": "k"}  # by label


def thin(path: np.ndarray, n: int = 300) -> np.ndarray:
    """At most about n points of a long path: dense at the start, sparse later
    (geometrically spaced indices), always with the first and the last point."""
    if len(path) <= n:
        return path
    index = np.unique(np.round(np.geomspace(1, len(path), n)).astype(int) - 1)
    return path[np.union1d([0, len(path) - 1], index)]


def plot_paths(panels: Sequence[Mapping[str, np.ndarray]], minimum: np.ndarray,
               titles: Sequence[str], path: Path) -> None:
    """One log-contour panel per group of methods (labels as in COLORS), each path thinned
    to ~300 points and its end marked with a cross."""
    import matplotlib.pyplot as plt

    surface = grid(rosenbrock, *WINDOW, n=250)
    fig, axes = plt.subplots(1, len(panels), figsize=(6.2 * len(panels), 5.4), sharey=True)
    for ax, paths, title in zip(np.atleast_1d(axes), panels, titles):
        plot_trajectories(surface, {k: thin(v) for k, v in paths.items()}, ax=ax,
                          log_levels=True, minimum=minimum, title=title)
        for line, (name, phi) in zip(ax.get_lines(), paths.items()):
            line.set_color(COLORS.get(name))
            if name == "Newton":  # wide and underneath, so the others stay visible on it
                line.set(linewidth=4, markersize=6, alpha=0.6, zorder=1.5)
            ax.plot(*phi[-1], "X", ms=11, color=COLORS.get(name), mec="white", zorder=6)
        ax.legend(loc="lower right", fontsize="small", framealpha=0.8)
    fig.tight_layout()
    save_figure(fig, path, dpi=100)


def plot_losses(losses: Mapping[str, np.ndarray], lrs: Mapping[str, float], budget: int,
                path: Path) -> None:
    """L(φ_t) per step of each method's best run (at learning rate lrs[name]), log-log."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    for name, curve in losses.items():
        ax.loglog(np.arange(1, len(curve) + 1), np.maximum(curve, 1e-30), color=COLORS.get(name),
                  lw=2.2 if name == "Newton" else 1.4, label=f"{name} (lr {lrs[name]:g})")
    ax.axhline(1e-3, color="gray", ls=":", lw=1)
    ax.set(xlabel="step + 1", ylabel="loss L(φ_t)", xlim=(1, budget + 1), ylim=(1e-16, 1e3),
           title="Rosenbrock: loss per step, each at its best learning rate")
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.02, 1.0))
    save_figure(fig, path)


def plot_tuning(grids: Mapping[str, Sequence[tuple[float, float, int | None]]], budget: int,
                path: Path) -> None:
    """Final loss against the learning rate for every method; × marks a run that diverged,
    a filled dot one that got below 1e-3 and stayed."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    finite = [loss for runs in grids.values() for _, loss, _ in runs if math.isfinite(loss)]
    ceiling = 10 * max(finite) if finite else 1e3
    for name, runs in grids.items():
        color = COLORS.get(name)
        lrs = [lr for lr, _, _ in runs]
        shown = [loss if math.isfinite(loss) else ceiling for _, loss, _ in runs]
        ax.loglog(lrs, np.maximum(shown, 1e-30), "-", color=color, lw=1, label=name)
        for lr, loss, steps in runs:
            if not math.isfinite(loss):
                ax.plot(lr, ceiling, "x", color=color, ms=8)
            else:
                ax.plot(lr, max(loss, 1e-30), "o", color=color, ms=5,
                        mfc=color if steps is not None else "white")
    ax.set(xlabel="learning rate", ylabel=f"loss after {budget} steps",
           title="Learning-rate grid (× diverged, ● below 1e-3 to the end)")
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.02, 1.0))
    save_figure(fig, path)
