"""Figures of the `two-moons` lab: boundaries while training (a grid and a GIF), the curves,
the two models side by side, and the three twins of the MLP."""
from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from gradschool.atomic import atomic_write_bytes

COLORS = ("tab:blue", "tab:red")
LEVELS = np.linspace(0, 1, 11)


def make_grid(X: np.ndarray, resolution: int, margin: float = 0.5,
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """U, V (resolution, resolution) spanning the data ± margin, and the grid (resolution², 2)."""
    lo, hi = X.min(axis=0) - margin, X.max(axis=0) + margin
    U, V = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    return U, V, np.column_stack([U.ravel(), V.ravel()])


def _panel(ax: Any, U: np.ndarray, V: np.ndarray, p: np.ndarray, X: np.ndarray, y: np.ndarray,
           title: str, size: float = 12) -> Any:
    """p = σ(z) as filled contours, the boundary p = 1/2 in black, the points by class."""
    filled = ax.contourf(U, V, p.reshape(U.shape), levels=LEVELS, cmap="RdBu_r", vmin=0, vmax=1,
                         alpha=0.8)
    ax.contour(U, V, p.reshape(U.shape), levels=[0.5], colors="k", linewidths=1.2)
    for label in (0, 1):
        rows = y == label
        ax.scatter(X[rows, 0], X[rows, 1], s=size, c=COLORS[label], edgecolors="k",
                   linewidths=0.3)
    ax.set(title=title, xticks=[], yticks=[], aspect="equal")
    return filled


def snapshot_figure(grids: dict[int, np.ndarray], accuracy: Sequence[float],
                    U: np.ndarray, V: np.ndarray, X: np.ndarray, y: np.ndarray) -> Any:
    """The MLP's boundary at several steps, two rows of panels."""
    import matplotlib.pyplot as plt

    steps = sorted(grids)
    cols = (len(steps) + 1) // 2
    fig, axes = plt.subplots(2, cols, figsize=(3 * cols, 5.6), squeeze=False,
                             layout="constrained")
    for ax, t in zip(axes.ravel(), steps):
        _panel(ax, U, V, grids[t], X, y, f"step {t}: train {accuracy[t]:.1%}", size=8)
    for ax in axes.ravel()[len(steps):]:
        ax.axis("off")
    fig.suptitle("The MLP's decision boundary while Adam trains it")
    return fig


def write_gif(path: Path, grids: dict[int, np.ndarray], accuracy: Sequence[float],
              U: np.ndarray, V: np.ndarray, X: np.ndarray, y: np.ndarray, fps: int = 8) -> None:
    """An animated GIF of the boundary, one frame per step in `grids`, written with
    matplotlib's PillowWriter to a temporary file and then moved into place atomically
    (Pillow picks the format from the name, so the temporary file must end in .gif).

    The frames reuse one figure: p as an image whose pixels are replaced, the points
    drawn once, only the boundary line redrawn (much faster than a fresh contourf).
    """
    import matplotlib.pyplot as plt
    from matplotlib.animation import PillowWriter

    fig, ax = plt.subplots(figsize=(4.2, 3.4))
    fig.subplots_adjust(left=0.02, right=0.98, bottom=0.02, top=0.9)
    extent = (U.min(), U.max(), V.min(), V.max())
    steps = sorted(grids)
    image = ax.imshow(grids[steps[0]].reshape(U.shape), origin="lower", extent=extent,
                      cmap="RdBu_r", vmin=0, vmax=1, alpha=0.8, aspect="equal")
    for label in (0, 1):
        rows = y == label
        ax.scatter(X[rows, 0], X[rows, 1], s=8, c=COLORS[label], edgecolors="k",
                   linewidths=0.3)
    ax.set(xticks=[], yticks=[])
    writer = PillowWriter(fps=fps)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_gif = Path(tmp) / "frames.gif"
        with writer.saving(fig, str(tmp_gif), dpi=72):
            for t in steps:
                P = grids[t].reshape(U.shape)
                image.set_data(P)
                line = ax.contour(U, V, P, levels=[0.5], colors="k", linewidths=1.2)
                ax.set_title(f"step {t}: train accuracy {accuracy[t]:.1%}", fontsize=10)
                writer.grab_frame()
                line.remove()
        plt.close(fig)
        atomic_write_bytes(path, tmp_gif.read_bytes())


def curves_figure(histories: dict[str, Any]) -> Any:
    """Left: the training loss per step (log). Right: train (solid) and test (dashed) accuracy."""
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
    for i, (name, h) in enumerate(histories.items()):
        left.semilogy(h.loss, color=f"C{i}", label=name)
        right.plot(h.train_accuracy, color=f"C{i}", label=f"{name}, train")
        right.plot(h.test_accuracy, color=f"C{i}", ls="--", label=f"{name}, test")
    left.set(xlabel="Adam step", ylabel="binary cross-entropy (training set)", title="Loss")
    left.legend(fontsize=8)
    right.set(xlabel="Adam step", ylabel="accuracy", ylim=(0.4, 1.02), title="Accuracy")
    right.legend(fontsize=8, loc="lower right")
    return fig


def models_figure(panels: dict[str, np.ndarray], U: np.ndarray, V: np.ndarray,
                  X: np.ndarray, y: np.ndarray) -> Any:
    """The trained models' boundaries side by side over the test points."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(panels), figsize=(4.6 * len(panels) + 1, 4),
                             layout="constrained")
    for ax, (title, p) in zip(np.atleast_1d(axes), panels.items()):
        filled = _panel(ax, U, V, p, X, y, title, size=4)
    fig.colorbar(filled, ax=list(np.atleast_1d(axes)), label="p = σ(z)", shrink=0.8)
    return fig


def twins_figure(pairs: dict[str, tuple[list[float], list[float]]]) -> Any:
    """Per pair (title → (gs losses, twin losses)): both loss curves, and |difference| per step."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, len(pairs), figsize=(5.5 * len(pairs), 6), squeeze=False,
                             layout="constrained")
    floor = 1e-18  # an exact 0 cannot sit on a log axis: drawn here
    for col, (title, (reference, twin)) in enumerate(pairs.items()):
        top, bottom = axes[0, col], axes[1, col]
        top.plot(reference, color="C0", lw=3, alpha=0.5, label="gs.nn + autograd")
        top.plot(twin, "k--", lw=1, label=title.split(" vs ")[0])
        top.set(ylabel="loss", title=title)
        top.legend(fontsize=8)
        gap = np.abs(np.asarray(twin) - np.asarray(reference))
        bottom.semilogy(np.maximum(gap, floor), ".", ms=3, color="C2")
        bottom.axhline(np.finfo(np.float64).eps, color="0.5", lw=0.8, ls=":")
        bottom.set(xlabel="gradient-descent step", ylabel="|loss difference|",
                   ylim=(floor / 3, None),
                   title=f"max {gap.max():.1e} (float64 ε dotted; 0 drawn at 1e-18)")
    return fig
