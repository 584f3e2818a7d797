"""Figures of the `xor` lab: decision boundaries, loss curves, success rates over seeds."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from gradschool.viz import save_figure


def plot_boundaries(panels: dict[str, Callable[[np.ndarray], np.ndarray]], X: np.ndarray,
                    y: np.ndarray, path: Path, resolution: int = 121) -> None:
    """One panel per network: p(x) over [-0.5, 1.5]² as filled contours, p = 1/2 as a line,
    and the four points coloured by class. `panels` maps a title to grid (G, 2) → p (G, 1)."""
    import matplotlib.pyplot as plt

    u = np.linspace(-0.5, 1.5, resolution)
    U, V = np.meshgrid(u, u)
    grid = np.column_stack([U.ravel(), V.ravel()]).astype(X.dtype)
    fig, axes = plt.subplots(1, len(panels), figsize=(3.4 * len(panels) + 1, 3.6), squeeze=False,
                             layout="constrained")
    for ax, (title, predict) in zip(axes[0], panels.items(), strict=True):
        P = np.asarray(predict(grid)).reshape(U.shape)
        filled = ax.contourf(U, V, P, levels=np.linspace(0, 1, 11), cmap="RdBu_r", vmin=0, vmax=1)
        ax.contour(U, V, P, levels=[0.5], colors="k", linewidths=1.5)
        for label, marker in ((0, "o"), (1, "s")):
            rows = y[:, 0] == label
            ax.scatter(X[rows, 0], X[rows, 1], marker=marker, s=90, edgecolors="k",
                       c="tab:blue" if label == 0 else "tab:red", label=f"y = {label}")
        ax.set(title=title, xlabel="x₁", aspect="equal")
    axes[0][0].set_ylabel("x₂")
    axes[0][0].legend(loc="lower left", bbox_to_anchor=(0, 1.12), ncol=2, fontsize=8)
    fig.colorbar(filled, ax=axes[0].tolist(), label="p = σ(z2)", shrink=0.85)
    save_figure(fig, path)


def plot_loss_and_grad_diff(history: dict[str, Any], path: Path) -> None:
    """Left: the loss of the NumPy and the autograd network per step (they coincide).
    Right: max |hand-written grad - autograd grad| per step."""
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6), layout="constrained")
    steps = np.arange(len(history["loss_manual"]))
    left.plot(steps, history["loss_manual"], lw=3, alpha=0.5, label="NumPy, backward by hand")
    left.plot(steps, history["loss_autograd"], "k--", lw=1, label="gs.nn + autograd + gs.optim.SGD")
    left.set(xlabel="step", ylabel="binary cross-entropy", yscale="log", title="Loss curves")
    left.legend()
    diff = np.maximum(np.asarray(history["grad_diff"]), np.finfo(float).tiny)
    right.plot(np.arange(len(diff)), diff, lw=1)
    right.set(xlabel="step", ylabel="max |by hand − autograd|", yscale="log",
              title="Gradient difference ∂L/∂θ")
    save_figure(fig, path)


def plot_success_rates(rates: dict[str, float], n_seeds: int, path: Path) -> None:
    """Bars: the fraction of random initialisations that solve XOR, per hidden width H."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4.5, 3.4))
    names = list(rates)
    values = [rates[h] for h in names]
    bars = ax.bar([f"H = {h}" for h in names], values, color="tab:green")
    ax.bar_label(bars, labels=[f"{v:.0%}" for v in values])
    ax.set(ylim=(0, 1.1), ylabel="fraction of seeds that solve XOR",
           title=f"Success over {n_seeds} initialisations")
    save_figure(fig, path)
