"""Figures of the `complex-systems` lab (matplotlib; each function returns a Figure)."""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from .lorenz import BETA, RHO

MAX_CURVE_POINTS = 1500  # points per curve in an SVG: enough for the eye, small files


def _thin(n: int) -> slice:
    """A slice keeping at most MAX_CURVE_POINTS of n samples."""
    return slice(None, None, max(1, n // MAX_CURVE_POINTS))


def attractor_figure(trajectory: np.ndarray, dt: float) -> Any:
    """The x–z projection of one Lorenz trajectory (S, 3), coloured by time, with C±."""
    import matplotlib.pyplot as plt
    from matplotlib.collections import LineCollection

    xz = trajectory[:, [0, 2]]
    segments = np.stack([xz[:-1], xz[1:]], axis=1)
    fig, ax = plt.subplots(figsize=(6, 5))
    lines = LineCollection(segments, cmap="viridis", linewidths=0.4)
    lines.set_array(dt * np.arange(len(segments)))
    ax.add_collection(lines)
    c = math.sqrt(BETA * (RHO - 1.0))
    ax.plot([-c, c], [RHO - 1.0, RHO - 1.0], "r+", ms=10, mew=2,
            label=r"fixed points $C_\pm$ (unstable)")
    ax.autoscale()
    fig.colorbar(lines, ax=ax, label="time t")
    ax.set(xlabel="x", ylabel="z", title="The Lorenz attractor (σ = 10, ρ = 28, β = 8/3)")
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    return fig


def separation_figure(times: np.ndarray, distances: np.ndarray, d0: float,
                      lyapunov: float, size: float, doubling: float) -> Any:
    """|δ(t)| of each pair (thin), their geometric mean (bold), d0 e^{λt} and the attractor size."""
    import matplotlib.pyplot as plt

    keep = _thin(len(times))
    fig, ax = plt.subplots(figsize=(7, 4.2))
    ax.plot(times[keep], distances[keep, : min(8, distances.shape[1])], lw=0.6, alpha=0.5,
            color="gray")
    ax.plot(times[keep], np.exp(np.log(distances[keep]).mean(axis=1)), lw=2, color="C0",
            label=f"geometric mean over {distances.shape[1]} pairs "
                  f"(doubles every {doubling:.2f})")
    growth = d0 * np.exp(lyapunov * times)
    ax.plot(times[growth < 3 * size], growth[growth < 3 * size], "--", color="C3",
            label=rf"$10^{{{math.log10(d0):.0f}}}\, e^{{\lambda t}}$, λ = {lyapunov:.3f}")
    ax.axhline(size, color="k", ls=":", lw=1,
               label=f"mean distance of two attractor points ({size:.1f})")
    ax.set(yscale="log", xlabel="time t", ylabel="|x'(t) − x(t)|",
           title=f"Two trajectories that start {d0:g} apart")
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    return fig


def lyapunov_figure(times: np.ndarray, running: np.ndarray, published: float) -> Any:
    """Running Benettin estimates λ(t) per trajectory (thin) and their mean (bold), log time."""
    import matplotlib.pyplot as plt

    keep = _thin(len(times))
    fig, ax = plt.subplots(figsize=(7, 4.2))
    ax.plot(times[keep], running[keep, : min(16, running.shape[1])], lw=0.6, alpha=0.4,
            color="gray")
    ax.plot(times[keep], running[keep].mean(axis=1), lw=2, color="C0",
            label=f"mean of {running.shape[1]} trajectories: {running[-1].mean():.4f}")
    ax.axhline(published, color="C3", ls="--", label=f"published (Sprott): {published}")
    ax.axhspan(0.98 * published, 1.02 * published, color="C3", alpha=0.12, label="±2%")
    ax.set(xscale="log", ylim=(0.0, 2.0), xlabel="averaging time t",
           ylabel="running estimate of λ",
           title="Benettin's method: the largest Lyapunov exponent")
    ax.legend(fontsize=8, loc="upper right")
    fig.tight_layout()
    return fig


def contrast_figure(linear_growth: np.ndarray, top: float, lorenz_times: np.ndarray,
                    lorenz_rates: np.ndarray, lyapunov: float) -> Any:
    """Left: the linear map's growth per step → |λ|max. Right: Lorenz's local rates fluctuate."""
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    steps = np.arange(1, len(linear_growth) + 1)
    left.plot(steps, linear_growth, "o-", ms=3, label=r"$|\delta_{t+1}| / |\delta_t|$")
    left.axhline(top, color="C3", ls="--", label=f"|λ|max of W = {top:.6f}")
    left.set(xlabel="step t", ylabel="growth factor per step",
             title="Linear map x ← W x: one rate, everywhere")
    left.legend(fontsize=8)
    keep = _thin(len(lorenz_times))
    right.plot(lorenz_times[keep], lorenz_rates[keep], lw=0.7,
               label=r"$\ln(|\delta_k| / d_0) / \tau$ along one trajectory")
    right.axhline(lyapunov, color="C3", ls="--", label=f"its average, λ = {lyapunov:.3f}")
    right.axhline(0.0, color="gray", lw=0.8)
    right.set(xlabel="time t", ylabel="local stretching rate",
              title="Lorenz: the stretching rate changes all the time")
    right.legend(fontsize=8, loc="upper right")
    fig.tight_layout()
    return fig


def network_figure(ratios: dict[float, np.ndarray], chi1: dict[float, float], width: int) -> Any:
    """|h_l − h'_l| / |x − x'| against depth l, one line per σ_w², log scale."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.2))
    for i, (s, r) in enumerate(sorted(ratios.items())):
        ax.plot(np.arange(len(r)), r, "o-", ms=2.5, color=f"C{i}",
                label=f"σ_w² = {s:g} (χ₁ = {chi1[s]:.2f})")
    ax.axhline(1.0, color="gray", ls=":", lw=1)
    ax.set(yscale="log", xlabel="layer l", ylabel="|h_l − h'_l| / |x − x'|",
           title=f"Two nearby inputs through a deep random tanh network (N = {width})")
    ax.legend(fontsize=8, loc="lower left")
    fig.tight_layout()
    return fig
