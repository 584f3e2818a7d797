"""Figures of the `gradient-descent` lab: the fitted lines step by step, the loss and the
gradient check along the path (the trajectory itself is `viz.contour.plot_trajectories`)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from gradschool.viz import save_figure


def plot_fits(x: np.ndarray, y: np.ndarray, path: np.ndarray, phi_ls: np.ndarray,
              out: Path, steps: tuple[int, ...] = (0, 1, 2, 4, 8)) -> None:
    """The data and the line φ0 + φ1 x at a few steps of the path, and the least-squares line."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.4, 4.2), layout="constrained")
    u = np.linspace(0.0, 2.0, 2)
    colors = plt.cm.viridis(np.linspace(0.0, 0.85, len(steps)))
    for color, k in zip(colors, steps):
        if k < len(path):
            phi0, phi1 = path[k]
            ax.plot(u, phi0 + phi1 * u, "-", color=color, lw=1.2, label=f"step {k}")
    ax.plot(u, phi_ls[0] + phi_ls[1] * u, "k--", lw=1.5, label="normal equations")
    ax.plot(x, y, "o", color="tab:orange", mec="k", ms=6, label="data")
    ax.set(xlabel="input x", ylabel="output y", xlim=(0, 2), ylim=(0.0, 2.6),
           title="The line after k steps")
    ax.legend(fontsize=8, loc="upper left", ncol=2)
    save_figure(fig, out)


def plot_history(descent: Any, loss_ls: float, check: np.ndarray, out: Path) -> None:
    """Left: the loss gap L(φ_k) − L(φ_LS) per step (log). Right: the gradient check,
    max |autograd − central difference| at each point of the path."""
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.8), layout="constrained")
    gap = np.maximum(np.asarray(descent.losses) - loss_ls, 1e-17)
    left.semilogy(np.arange(len(gap)), gap, "o-", ms=3)
    left.set(xlabel="step k", ylabel="L(φ_k) − L(φ_LS)", title="Loss gap (never rises)")
    right.semilogy(np.arange(len(check)), np.maximum(check, 1e-17), "s-", ms=3,
                   color="tab:green")
    right.set(xlabel="step k", ylabel="max_j |∂L/∂φ_j − finite difference|",
              title="Gradient check: autograd against central differences")
    save_figure(fig, out)
