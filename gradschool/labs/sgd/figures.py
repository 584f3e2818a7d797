"""Figures of the `sgd` lab: paths on the loss surface, the minima, final losses, loss curves."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

import gradschool as gs
from gradschool.data.functions import gabor_model
from gradschool.viz import save_figure
from gradschool.viz.contour import plot_trajectories

GOOD, BAD = "limegreen", "red"


def _thin(path: np.ndarray, points: int = 60) -> np.ndarray:
    """At most `points` + 1 rows of a path, evenly spaced, the last one kept."""
    step = max(1, len(path) // points)
    return np.vstack([path[::step], path[-1:]])


def _inside(surface: Any, phi: Sequence[float]) -> bool:
    X, Y, _ = surface
    return bool(X.min() <= phi[0] <= X.max() and Y.min() <= phi[1] <= Y.max())


def plot_paths(surface: Any, runs: Mapping[str, Sequence[Any]], labels: Mapping[str, str],
               global_phi: Sequence[float], threshold: float, out: Path) -> None:
    """One panel per method: every start's path on the contours (log levels), the start
    (white dot) and the end (green: in the global basin, red: not)."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(runs), figsize=(5.2 * len(runs), 5.6), layout="constrained",
                             sharey=True)
    for ax, (name, method_runs) in zip(axes, runs.items()):
        paths = {f"start {k}": _thin(r.path) for k, r in enumerate(method_runs)}
        plot_trajectories(surface, paths, ax=ax, log_levels=True, levels=25, minimum=global_phi)
        ax.get_legend().remove()
        for line in ax.get_lines():
            line.set(color="white", lw=0.9, ms=1.5, alpha=0.8)
        starts = np.array([r.path[0] for r in method_runs])
        ends = np.array([r.final_params for r in method_runs])
        good = np.array([r.final_loss <= threshold for r in method_runs])
        ax.scatter(starts[:, 0], starts[:, 1], s=25, c="white", edgecolors="k", zorder=6)
        ax.scatter(ends[:, 0], ends[:, 1], s=45, c=np.where(good, GOOD, BAD), edgecolors="k",
                   zorder=7)
        ax.set_title(f"{labels[name]}: {good.sum()} of {len(good)} reach the global minimum",
                     fontsize=10)
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], marker="*", ls="", ms=12, mfc="white", mec="k",
                      label="global minimum"),
               Line2D([], [], marker="o", ls="", mfc="white", mec="k", label="start"),
               Line2D([], [], marker="o", ls="", mfc=GOOD, mec="k", label="end, global basin"),
               Line2D([], [], marker="o", ls="", mfc=BAD, mec="k", label="end, elsewhere")]
    axes[0].legend(handles=handles, loc="lower right", fontsize=8, framealpha=0.9)
    save_figure(fig, out)


def plot_surface(surface: Any, minima: Sequence[Any], x: np.ndarray, y: np.ndarray,
                 out: Path, n_curves: int = 3) -> None:
    """Left: the loss surface with its minima (gold: global). Right: the data and the model
    at the global minimum and the `n_curves` - 1 local minima nearest to it: a local
    minimum fits part of the data."""
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 5), layout="constrained",
                                      gridspec_kw={"width_ratios": [1, 1.2]})
    local = np.array([m.phi for m in minima[1:] if _inside(surface, m.phi)]).reshape(-1, 2)
    plot_trajectories(surface, {}, ax=left, log_levels=True, levels=25, colorbar=True,
                      minimum=local if len(local) else None,
                      title="Loss surface L(φ) and its minima")
    left.scatter(*minima[0].phi, marker="*", s=320, c="gold", edgecolors="k", zorder=6,
                 label=f"global minimum, L = {minima[0].loss:.3f}")
    left.legend(loc="upper left", fontsize=8, framealpha=0.9)
    u = np.linspace(-15.0, 15.0, 400)
    right.plot(x, y, "o", color="tab:orange", mec="k", ms=5, label="data", zorder=5)
    best = np.array(minima[0].phi)
    nearest = sorted(minima[1:], key=lambda m: float(np.linalg.norm(np.array(m.phi) - best)))
    for k, m in enumerate([minima[0], *nearest[:n_curves - 1]]):
        with gs.no_grad():
            f = gabor_model(np.array(m.phi), u).data
        kind = "global" if k == 0 else "local"
        right.plot(u, f, "-", lw=2 if k == 0 else 1.2,
                   label=f"{kind}: φ = ({m.phi[0]:.2f}, {m.phi[1]:.2f}), L = {m.loss:.2f}")
    right.set(xlabel="x", ylabel="y", title="The fit at the global minimum and its neighbours")
    right.legend(fontsize=8, loc="lower left")
    save_figure(fig, out)


def plot_final_losses(final_loss: Mapping[str, Sequence[float]], labels: Mapping[str, str],
                      starts: Sequence[Sequence[float]], global_min: float, threshold: float,
                      out: Path) -> None:
    """The final loss of every run, start by start (log scale), with the global minimum and
    the basin threshold."""
    import matplotlib.pyplot as plt

    n = len(starts)
    fig, ax = plt.subplots(figsize=(max(7.0, 0.45 * n + 3), 4.2), layout="constrained")
    markers = ["s", "D", "o"]
    for k, (name, values) in enumerate(final_loss.items()):
        offset = (k - (len(final_loss) - 1) / 2) * 0.22
        ax.scatter(np.arange(n) + offset, values, marker=markers[k % 3], s=30, label=labels[name],
                   zorder=3)
    ax.axhline(global_min, color="gold", lw=2, label=f"global minimum {global_min:.3f}")
    ax.axhline(threshold, color="gray", ls="--", lw=1, label="global basin threshold (+10%)")
    ax.set_xticks(np.arange(n), [f"({s[0]:g}, {s[1]:g})" for s in starts], rotation=60,
                  fontsize=7)
    ax.set(yscale="log", xlabel="start (φ0, φ1)", ylabel="final loss",
           title="Where each run ends")
    ax.legend(fontsize=8, loc="center right")
    save_figure(fig, out)


def plot_loss_curves(runs: Mapping[str, Sequence[Any]], labels: Mapping[str, str],
                     starts: Sequence[Sequence[float]], global_min: float, threshold: float,
                     out: Path) -> None:
    """The loss along the way from one start, the first where SGD reaches the global basin
    and the fixed step does not (else the first start). Left: fixed step and SGD per epoch;
    right: line search per step."""
    import matplotlib.pyplot as plt

    k = next((i for i, (a, b) in enumerate(zip(runs["sgd"], runs["full_batch_fixed"]))
              if a.final_loss <= threshold < b.final_loss), 0)
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.8), layout="constrained",
                                      sharey=True)
    for name in ("full_batch_fixed", "sgd"):
        left.plot(runs[name][k].losses, lw=1.2, label=labels[name])
    right.plot(runs["full_batch_line_search"][k].losses, "o-", ms=2, color="tab:green",
               label=labels["full_batch_line_search"])
    for ax in (left, right):
        ax.axhline(global_min, color="gold", lw=2, label="global minimum")
        ax.set(yscale="log")
        ax.legend(fontsize=8)
    left.set(xlabel="epoch", ylabel="loss on all the data",
             title=f"From ({starts[k][0]:g}, {starts[k][1]:g}): same steps, full or mini-batch")
    right.set(xlabel="line-search step", title="Full batch with line search")
    save_figure(fig, out)
