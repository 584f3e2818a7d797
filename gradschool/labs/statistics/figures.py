"""Figures of the `statistics` lab (matplotlib; each function returns a Figure)."""
from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np


def _plain_log_axis(axis: Any) -> None:
    """Label a short log axis in plain decimals (1, 2, 5, 10, ...) instead of 2×10⁰."""
    from matplotlib.ticker import FuncFormatter, LogLocator

    axis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
    axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    axis.set_minor_formatter(FuncFormatter(lambda v, _: ""))


def summary_figure(x: Sequence[float], stats: dict[str, float], argmax: int, argmin: int) -> Any:
    """The tied sample as bars, its first argmax/argmin marked, mean ± std as lines."""
    import matplotlib.pyplot as plt

    x = np.asarray(x, dtype=float)
    fig, ax = plt.subplots(figsize=(6.5, 3.8))
    colors = ["C0"] * len(x)
    colors[argmax], colors[argmin] = "C3", "C2"
    ax.bar(np.arange(len(x)), x, color=colors)
    ax.axhline(stats["mean"], color="k", lw=1.5, label=f"mean = {stats['mean']:.3g}")
    for sign in (-1, 1):
        ax.axhline(stats["mean"] + sign * stats["std_ddof1"], color="k", ls="--", lw=1,
                   label="mean ± std (ddof 1)" if sign > 0 else None)
    ax.annotate(f"argmax = {argmax} (first of the ties)", (argmax, x[argmax]), xytext=(0, 6),
                textcoords="offset points", ha="center", color="C3", fontsize=8)
    ax.annotate(f"argmin = {argmin}", (argmin, x[argmin]), xytext=(0, 6),
                textcoords="offset points", ha="center", color="C2", fontsize=8)
    ax.set(xlabel="index i", ylabel="x_i", ylim=(0, 1.2 * x.max()),
           title="A sample with tied maxima and minima")
    ax.legend(fontsize=8, loc="upper right")
    fig.tight_layout()
    return fig


def variance_figure(by_n: dict[int, dict[int, float]], replicates: int) -> Any:
    """Mean s²/σ² against n for ddof 0 and 1, with (n − 1)/n and 1, ± 2 Monte-Carlo SE."""
    import matplotlib.pyplot as plt

    sizes = np.array(sorted(by_n))
    grid = np.linspace(sizes.min(), sizes.max(), 400)
    fig, ax = plt.subplots(figsize=(6.5, 4))
    ax.plot(grid, (grid - 1) / grid, color="C0", lw=1, label="(n − 1)/n")
    ax.axhline(1.0, color="C1", lw=1, label="1 (unbiased)")
    for ddof, color in ((0, "C0"), (1, "C1")):
        # Var(s²_1 / σ²) = 2/(n − 1) for normal data; s²_0 = (n − 1)/n s²_1
        se = np.sqrt(2.0 / (sizes - 1) / replicates) * (((sizes - 1) / sizes) if ddof == 0 else 1)
        ax.errorbar(sizes, [by_n[int(n)][ddof] for n in sizes], yerr=2 * se, fmt="o",
                    color=color, capsize=3, label=f"ddof = {ddof}, {replicates:,} samples per n")
    ax.set(xscale="log", xlabel="sample size n", ylabel="mean of s² / σ²",
           title="Dividing by n underestimates the variance")
    _plain_log_axis(ax.xaxis)
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    return fig


def sem_figure(sem: dict[int, float], sigma: float, slope: float, replicates: int) -> Any:
    """Measured standard error of the mean against n (log-log) beside σ/√n."""
    import matplotlib.pyplot as plt

    sizes = np.array(sorted(sem))
    fig, ax = plt.subplots(figsize=(6.5, 4))
    ax.plot(sizes, sigma / np.sqrt(sizes), "-", color="gray", label="σ/√n")
    ax.plot(sizes, [sem[int(n)] for n in sizes], "o", color="C0",
            label=f"std of {replicates:,} sample means (fitted slope {slope:.3f})")
    ax.set(xscale="log", yscale="log", xlabel="sample size n",
           ylabel="standard error of the mean",
           title="The mean of n draws varies like 1/√n")
    _plain_log_axis(ax.xaxis)
    _plain_log_axis(ax.yaxis)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def clt_figure(means: dict[int, np.ndarray], skew: dict[int, float], gamma: float) -> Any:
    """Left: standardised sample means for a few n against N(0, 1). Right: skewness vs n."""
    import matplotlib.pyplot as plt

    sizes = sorted(means)
    shown = sizes if len(sizes) <= 4 else [sizes[i] for i in
                                          np.unique(np.linspace(0, len(sizes) - 1, 4).round()
                                                    .astype(int))]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    z = np.linspace(-4, 5, 400)
    for n in shown:
        standard = (means[n] - 1.0) * math.sqrt(n)  # population mean 1, σ = 1
        left.hist(standard, bins=120, range=(-4, 5), density=True, histtype="step", lw=1.5,
                  label=f"n = {n}")
    left.plot(z, np.exp(-z * z / 2) / math.sqrt(2 * math.pi), "k--", lw=1, label="N(0, 1)")
    left.set(xlabel="(x̄ − μ) √n / σ", ylabel="density",
             title="Means of n exponential draws become normal")
    left.legend(fontsize=8)
    n = np.array(sizes, dtype=float)
    right.plot(n, gamma / np.sqrt(n), "-", color="gray", label=f"{gamma:g}/√n")
    right.plot(n, [skew[int(k)] for k in n], "o", color="C0", label="skewness of the means")
    right.set(xscale="log", yscale="log", xlabel="sample size n", ylabel="skewness",
              title="The skewness fades like 1/√n")
    _plain_log_axis(right.xaxis)
    _plain_log_axis(right.yaxis)
    right.legend(fontsize=8)
    fig.tight_layout()
    return fig


def small_samples_figure(samples: np.ndarray, mu: float) -> Any:
    """Each study's n values (dots) and mean (bar), the two most different means highlighted."""
    import matplotlib.pyplot as plt

    studies, n = samples.shape
    means = samples.mean(axis=1)
    lo, hi = int(np.argmin(means)), int(np.argmax(means))
    fig, ax = plt.subplots(figsize=(6.5, 4.5))
    for i in range(studies):
        color = "C3" if i in (lo, hi) else "C0"
        ax.plot(samples[i], np.full(n, i), "o", ms=3, color=color, alpha=0.6)
        ax.plot([means[i]] * 2, [i - 0.35, i + 0.35], color=color, lw=2.5)
    ax.axvline(mu, color="k", ls="--", lw=1, label=f"population mean {mu:g}")
    ax.set(xlabel="value", ylabel="study", yticks=[],
           title=f"{studies} studies of n = {n} from one population: means "
                 f"{means[lo]:.1f} to {means[hi]:.1f}")
    ax.legend(fontsize=8, loc="upper right")
    fig.tight_layout()
    return fig


def seeding_figure(losses: dict[str, list[float]], runs: dict[str, list[list[float]]]) -> Any:
    """Left: losses of the seeded and unseeded trainings. Right: two runs' draws per stream."""
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    styles = {"seeded 1": ("-", 3.0), "seeded 2": ("--", 1.5), "not re-seeded": (":", 1.5)}
    for name, values in losses.items():
        ls, lw = styles.get(name, ("-", 1.0))
        left.plot(values, ls=ls, lw=lw, label=name)
    left.set(xlabel="mini-batch step", ylabel="training loss",
             title="gs.manual_seed(seed) before each training")
    left.legend(fontsize=8)
    names = list(runs)
    for row, name in enumerate(names):
        first, second = runs[name]
        right.plot(first, np.full(len(first), row + 0.12), "o", color="C0",
                   label="run 1" if row == 0 else None)
        right.plot(second, np.full(len(second), row - 0.12), "x", color="C3",
                   label="run 2" if row == 0 else None)
    right.set(yticks=range(len(names)), yticklabels=names, xlim=(0, 1), ylim=(-0.6, len(names)),
              xlabel="draws in [0, 1)", title="Two runs, each seeding only gradschool")
    right.legend(fontsize=8, loc="upper right", ncols=2)
    fig.tight_layout()
    return fig
