"""Optimisation paths on a loss surface: filled contours with one line per optimizer.

    paths = {"SGD": sgd_path, "Adam": adam_path, "Newton": newton_path}   # (steps, 2) each
    fig, ax = plot_trajectories(rosenbrock, paths, log_levels=True, minimum=(1, 1),
                                xlim=(-2, 2), ylim=(-1, 3), title="Rosenbrock")
    save_figure(fig, out_dir / "rosenbrock.svg")

Draws with matplotlib (Agg-safe: nothing is shown); returns the figure and
the axes so a lab can add to them or save them.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from ..autograd.tensor import Tensor
from ..data.functions import grid

__all__ = ["plot_trajectories"]

Grid = tuple[np.ndarray, np.ndarray, np.ndarray]


def _path(name: str, path: Any) -> np.ndarray:
    array = np.asarray(path.data if isinstance(path, Tensor) else path, dtype=np.float64)
    if array.ndim != 2 or array.shape[1] != 2 or array.shape[0] == 0:
        raise ValueError(f"plot_trajectories: trajectory {name!r} must be an array of shape "
                         f"(steps, 2) with steps >= 1, got shape {array.shape}")
    return array


def _limits(points: np.ndarray, margin: float = 0.1) -> tuple[float, float]:
    finite = points[np.isfinite(points)]
    lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (-1.0, 1.0)
    pad = margin * (hi - lo) if hi > lo else 1.0
    return lo - pad, hi + pad


def _levels(Z: np.ndarray, levels: int | Sequence[float], log_levels: bool) -> np.ndarray:
    if not isinstance(levels, (int, np.integer)):
        given = np.asarray(levels, dtype=np.float64)
        if log_levels and not np.all(given > 0):
            raise ValueError(f"plot_trajectories: log_levels needs positive levels, got "
                             f"{given.tolist()}")
        return given
    finite = Z[np.isfinite(Z)]
    if finite.size == 0:
        raise ValueError("plot_trajectories: the surface has no finite values")
    lo, hi = float(finite.min()), float(finite.max())
    if not log_levels:
        return np.linspace(lo, hi, int(levels))
    positive = finite[finite > 0]
    if positive.size == 0:
        raise ValueError("plot_trajectories: log_levels needs positive loss values, "
                         f"but the surface lies in [{lo:g}, {hi:g}]")
    # Start a little above the smallest value on the grid: a minimum of 0
    # would otherwise pull the levels down to 1e-300.
    low = max(float(positive.min()), hi * 1e-8)
    return np.geomspace(low, hi, int(levels))


def plot_trajectories(f_or_grid: Callable[..., Any] | Grid,
                      trajectories: Mapping[str, Any], ax: Any = None,
                      levels: int | Sequence[float] = 30, log_levels: bool = False,
                      minimum: Any = None, title: str | None = None,
                      xlim: tuple[float, float] | None = None,
                      ylim: tuple[float, float] | None = None, n: int = 200,
                      cmap: str = "viridis", colorbar: bool = False,
                      xlabel: str = r"$\phi_0$", ylabel: str = r"$\phi_1$") -> tuple[Any, Any]:
    r"""Draw optimisation paths over the contours of a 2-parameter loss.

    f_or_grid: a loss f(phi) of stacked grids (phi of shape (2, ny, nx), as
        the functions of `gradschool.data.functions`), evaluated on an n × n
        grid over xlim × ylim (by default the trajectories' extent plus 10 %),
        or a ready grid (X, Y, Z) as `functions.grid` returns.
    trajectories: name -> points of shape (steps, 2) (arrays, lists or
        Tensors): each becomes one line with markers, labelled with its name,
        and the legend lists them in order.
    levels: the number of contour levels (or the levels themselves);
        log_levels=True spaces them geometrically between the smallest
        positive value (at least 1e-8 of the largest) and the largest, which
        shows the floor of a valley such as Rosenbrock's.
    minimum: a known minimum (x, y), or several as an array (k, 2), drawn as
        stars (a scatter, so `ax.get_lines()` holds exactly the trajectories).
    ax: draw into these axes, else a new figure is made.

    Returns (figure, axes). Nothing is shown; save with
    `gradschool.viz.save_figure` or `fig.savefig`.
    """
    from matplotlib import colors

    paths = {str(name): _path(str(name), path) for name, path in trajectories.items()}
    if callable(f_or_grid):
        points = list(paths.values())
        if minimum is not None:
            points.append(np.asarray(minimum, dtype=np.float64).reshape(-1, 2))
        stacked = np.concatenate(points) if points else np.zeros((0, 2))
        if (xlim is None or ylim is None) and stacked.size == 0:
            raise ValueError("plot_trajectories: give xlim and ylim when there are no "
                             "trajectories to take the limits from")
        xlim = xlim if xlim is not None else _limits(stacked[:, 0])
        ylim = ylim if ylim is not None else _limits(stacked[:, 1])
        X, Y, Z = grid(f_or_grid, xlim, ylim, n)
    else:
        if len(f_or_grid) != 3:
            raise ValueError("plot_trajectories: f_or_grid must be a function or a grid "
                             f"(X, Y, Z), got a sequence of {len(f_or_grid)} items")
        X, Y, Z = (np.asarray(a, dtype=np.float64) for a in f_or_grid)
        if not X.shape == Y.shape == Z.shape or X.ndim != 2:
            raise ValueError(f"plot_trajectories: X, Y, Z must be 2-d arrays of one shape, "
                             f"got {X.shape}, {Y.shape}, {Z.shape}")
    lv = _levels(Z, levels, log_levels)
    if ax is None:
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(6.4, 5.2))
    else:
        fig = ax.figure
    norm = colors.LogNorm(vmin=lv[0], vmax=lv[-1]) if log_levels else None
    filled = ax.contourf(X, Y, np.clip(Z, lv[0], lv[-1]) if log_levels else Z, levels=lv,
                         cmap=cmap, norm=norm, alpha=0.85)
    ax.contour(X, Y, Z, levels=lv, colors="k", linewidths=0.4, alpha=0.35)
    for name, path in paths.items():
        ax.plot(path[:, 0], path[:, 1], "o-", ms=3, lw=1.5, label=name)
    if minimum is not None:
        stars = np.asarray(minimum, dtype=np.float64).reshape(-1, 2)
        ax.scatter(stars[:, 0], stars[:, 1], marker="*", s=160, c="white",
                   edgecolors="black", linewidths=0.8, zorder=5,
                   label="minimum" if len(stars) == 1 else "minima")
    if colorbar:
        from matplotlib import ticker

        fig.colorbar(filled, ax=ax, label="loss",
                     ticks=ticker.LogLocator() if log_levels else None)
    ax.set(xlim=(X.min(), X.max()), ylim=(Y.min(), Y.max()), xlabel=xlabel, ylabel=ylabel)
    if title is not None:
        ax.set_title(title)
    if paths or minimum is not None:
        ax.legend(loc="best", fontsize="small", framealpha=0.8)
    return fig, ax
