"""Figures of the momentum lab: error against iteration with the theory's rates, and paths."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from gradschool.viz import save_figure
from gradschool.viz.contour import plot_trajectories


def plot_convergence(paths: Mapping[str, np.ndarray], settings: Mapping[str, dict[str, Any]],
                     measured: Mapping[str, int | None], config: Any, path: Path,
                     labels: Mapping[str, str]) -> None:
    """‖φ_t‖/‖φ_0‖ per iteration (log scale), each method beside its predicted ρ^t (dashed)."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.0, 4.2))
    floor = config.tol / 1e3
    last = max(n for n in measured.values() if n is not None) if any(
        n is not None for n in measured.values()) else config.max_iterations
    for name, phi in paths.items():
        error = np.linalg.norm(phi, axis=1) / np.linalg.norm(phi[0])
        t = np.arange(len(error))
        (line,) = ax.semilogy(t, np.maximum(error, floor * 1e-3), lw=1.8,
                              label=f"{labels[name]} ({measured[name]} iterations)")
        rho = settings[name]["rate"]
        ax.semilogy(t, rho ** t, "--", color=line.get_color(), lw=1,
                    label=f"theory ρ = {rho:.3f}")
    ax.axhline(config.tol, color="k", lw=0.8, ls=":", label=f"tol = {config.tol:g}")
    ax.set(xlim=(0, 1.15 * last), ylim=(floor, 2), xlabel="iteration t",
           ylabel="‖φ_t − φ*‖ / ‖φ_0 − φ*‖",
           title=f"Quadratic with condition number κ = {config.kappa:g}")
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.02, 1.0))
    save_figure(fig, path)


def plot_paths(loss: Callable[..., Any], paths: Mapping[str, np.ndarray], minimum: Any,
               title: str, path: Path, **limits: Any) -> None:
    """Every method's path over the contours of `loss` (its end a cross), the minimum starred.

    `limits`: xlim and ylim for `plot_trajectories` (default: the paths' extent)."""
    fig, ax = plot_trajectories(loss, paths, minimum=minimum, title=title, **limits)
    for line, phi in zip(ax.get_lines(), paths.values()):
        ax.plot(*phi[-1], "X", ms=10, color=line.get_color(), mec="white", zorder=6)
    save_figure(fig, path, dpi=110)


def plot_gabor_loss(losses: Mapping[str, np.ndarray], minimum_loss: float, path: Path) -> None:
    """L(φ_t) - L(φ*) per step on a log scale."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    for name, curve in losses.items():
        ax.semilogy(np.maximum(curve - minimum_loss, 1e-12), lw=1.8, label=name)
    ax.set(xlabel="step", ylabel="L(φ_t) − L(φ*)",
           title=f"Gabor model: loss above the minimum L(φ*) = {minimum_loss:.4f}")
    ax.legend(fontsize="small")
    save_figure(fig, path)
