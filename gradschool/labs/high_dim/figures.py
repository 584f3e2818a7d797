"""The five figures of the `high-dim` lab (matplotlib; each returns a Figure)."""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .geometry import (
    ball_volume,
    binomial_se,
    mean_abs_cosine_asymptotic,
    mean_abs_cosine_exact,
    norm_cv_asymptotic,
    norm_cv_exact,
    outer_shell_fraction,
)


def _pick(dims: Sequence[int], k: int = 4) -> list[int]:
    """Up to k dimensions spread over `dims` (first and last included) for histograms."""
    dims = sorted(dims)
    if len(dims) <= k:
        return dims
    index = np.unique(np.round(np.linspace(0, len(dims) - 1, k)).astype(int))
    return [dims[i] for i in index]


def distance_figure(distances: dict[int, np.ndarray], ratios: dict[int, np.ndarray]) -> Any:
    """Left: pairwise distances / their mean, per D. Right: nearest/farthest ratio vs D.

    distances: {D: (M,) distances between distinct pairs}; ratios: {D: (N,) per-point ratios}.
    """
    import matplotlib.pyplot as plt

    fig, (ax_hist, ax_ratio) = plt.subplots(1, 2, figsize=(10, 3.8))
    for D, d in sorted(distances.items()):
        ax_hist.hist(d / d.mean(), bins=90, range=(0, 3), density=True, histtype="step",
                     lw=1.5, label=f"D = {D}")
    ax_hist.set(xlabel="distance / mean distance", ylabel="density",
                title="Pairwise distances of Gaussian points")
    ax_hist.legend()
    dims = sorted(ratios)
    mean = [ratios[D].mean() for D in dims]
    low = [np.percentile(ratios[D], 10) for D in dims]
    high = [np.percentile(ratios[D], 90) for D in dims]
    ax_ratio.fill_between(dims, low, high, alpha=0.25, label="10th-90th percentile over points")
    ax_ratio.plot(dims, mean, "o-", label="mean over points")
    ax_ratio.axhline(1.0, color="gray", ls=":", lw=1)
    ax_ratio.set(xscale="log", ylim=(0, 1.05), xlabel="dimension D",
                 ylabel="nearest / farthest distance",
                 title="Every point looks equally far away")
    ax_ratio.legend(loc="lower right")
    fig.tight_layout()
    return fig


def volume_figure(mc: dict[int, float], n: int) -> Any:
    """V_D(1/2) (closed form and Monte Carlo, +-2 SE) and V_D(1) for comparison, log scale."""
    import matplotlib.pyplot as plt

    dims = np.array(sorted(mc))
    exact = np.array([ball_volume(int(D), 0.5) for D in dims])
    estimate = np.array([mc[int(D)] for D in dims])
    se = np.array([binomial_se(p, n) for p in exact])
    fig, ax = plt.subplots(figsize=(6.5, 4))
    ax.plot(dims, exact, "-", lw=2, label=r"$V_D(1/2) = \pi^{D/2}\,2^{-D} / \Gamma(D/2+1)$")
    ax.plot(dims, [ball_volume(int(D), 1.0) for D in dims], "--", color="gray",
            label=r"$V_D(1)$, unit radius (for comparison)")
    hit = estimate > 0
    ax.errorbar(dims[hit], estimate[hit], yerr=np.minimum(2 * se[hit], 0.999 * estimate[hit]),
                fmt="o", ms=5, capsize=3, label=f"Monte Carlo, {n:,} points in the cube (±2 SE)")
    if (~hit).any():
        ax.plot(dims[~hit], np.full((~hit).sum(), 1.0 / n), "v", mfc="none", color="C1",
                label="no point inside (below 1/n)")
    ax.set(yscale="log", xlabel="dimension D", ylabel="volume",
           title="The ball of diameter 1 inside the unit cube vanishes")
    ax.set_xticks(dims[:: max(1, len(dims) // 10)])
    ax.legend(fontsize=8, loc="lower left")
    fig.tight_layout()
    return fig


def shell_figure(max_dim: int, mc: dict[int, float], n: int, shell: float) -> Any:
    """1 - (1 - shell)^D against D, with Monte-Carlo checks (±2 SE) and the half-way D."""
    import matplotlib.pyplot as plt

    dims = np.arange(1, max_dim + 1)
    fig, ax = plt.subplots(figsize=(6.5, 4))
    ax.plot(dims, [outer_shell_fraction(int(D), shell) for D in dims], lw=2,
            label=rf"$1 - {1 - shell:g}^D$")
    mc_dims = sorted(mc)
    se = [binomial_se(outer_shell_fraction(D, shell), n) for D in mc_dims]
    ax.errorbar(mc_dims, [mc[D] for D in mc_dims], yerr=2 * np.array(se), fmt="o", capsize=3,
                label=f"Monte Carlo, {n:,} uniform points in the ball (±2 SE)")
    half = math.log(0.5) / math.log(1.0 - shell)
    ax.axhline(0.5, color="gray", ls=":", lw=1)
    ax.axvline(half, color="gray", ls=":", lw=1)
    ax.annotate(f"half the volume at D ≈ {half:.1f}", (half, 0.5), xytext=(8, -16),
                textcoords="offset points")
    ax.set(ylim=(0, 1.02), xlabel="dimension D", ylabel="share of the volume",
           title=f"Share of a ball's volume in its outer {shell:.0%} shell")
    ax.legend(loc="lower right")
    fig.tight_layout()
    return fig


def _vs_dimension(ax: Any, measured: dict[int, float], exact: Callable[[int], float],
                  asymptotic: Callable[[int], float], asymptotic_label: str) -> None:
    """Log-log plot of a Monte-Carlo series, its exact value and its large-D asymptote."""
    from matplotlib.ticker import FuncFormatter, LogLocator

    dims = sorted(measured)
    grid = np.unique(np.geomspace(min(dims), max(dims), 200).round().astype(int))
    ax.plot(grid, [exact(int(D)) for D in grid], lw=2, label="exact")
    ax.plot(grid, [asymptotic(int(D)) for D in grid], "--", label=asymptotic_label)
    ax.plot(dims, [measured[D] for D in dims], "o", label="Monte Carlo")
    ax.set(xscale="log", yscale="log", xlabel="dimension D")
    # A short log axis: label 1, 2, 5 x 10^k in plain decimals (the default labels overlap).
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"{y:g}"))
    ax.yaxis.set_minor_locator(LogLocator(subs=(2.0, 5.0)))
    ax.yaxis.set_minor_formatter(FuncFormatter(lambda y, _: f"{y:g}"))
    ax.legend()


def cosine_figure(cosines: dict[int, np.ndarray]) -> Any:
    """Left: histograms of cos(angle) for a few D. Right: mean |cos| against D."""
    import matplotlib.pyplot as plt

    fig, (ax_hist, ax_mean) = plt.subplots(1, 2, figsize=(10, 3.8))
    for D in _pick(list(cosines)):
        ax_hist.hist(cosines[D], bins=60, range=(-1, 1), density=True, histtype="step",
                     lw=1.5, label=f"D = {D}")
    ax_hist.set(xlabel="cos(angle) between two random vectors", ylabel="density",
                title="Angles between random Gaussian vectors")
    ax_hist.legend()
    _vs_dimension(ax_mean, {D: float(np.abs(c).mean()) for D, c in cosines.items()},
                  mean_abs_cosine_exact, mean_abs_cosine_asymptotic, r"$\sqrt{2/(\pi D)}$")
    ax_mean.set(ylabel="mean |cos(angle)|", title="Random vectors are nearly orthogonal")
    fig.tight_layout()
    return fig


def norm_figure(norms: dict[int, np.ndarray]) -> Any:
    """Left: histograms of ||x|| / sqrt(D) for a few D. Right: std/mean of ||x|| against D."""
    import matplotlib.pyplot as plt

    fig, (ax_hist, ax_cv) = plt.subplots(1, 2, figsize=(10, 3.8))
    for D in _pick(list(norms)):
        ax_hist.hist(norms[D] / math.sqrt(D), bins=100, range=(0, 2.5), density=True,
                     histtype="step", lw=1.5, label=f"D = {D}")
    ax_hist.set(xlabel=r"$\|x\| / \sqrt{D}$", ylabel="density",
                title=r"Norms of Gaussian vectors $x \sim N(0, I_D)$")
    ax_hist.legend()
    _vs_dimension(ax_cv, {D: float(v.std(ddof=1) / v.mean()) for D, v in norms.items()},
                  norm_cv_exact, norm_cv_asymptotic, r"$1/\sqrt{2D}$")
    ax_cv.set(ylabel=r"std / mean of $\|x\|$", title="Norms concentrate")
    fig.tight_layout()
    return fig
