"""The figures of the `bias-variance` lab (matplotlib; each function returns a Figure)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .decomposition import Decomposition, best_capacity
from .hinges import fit, predict, true_function

BIAS_COLOR, VARIANCE_COLOR, SUM_COLOR, DATA_COLOR = "#d62728", "black", "#2ca02c", "#d18362"


def _truth(ax: Any, x_grid: np.ndarray, sigma: float | None = None) -> None:
    f = true_function(x_grid)
    if sigma is not None:
        ax.fill_between(x_grid, f - 2 * sigma, f + 2 * sigma, color="lightgray",
                        label="f(x) ± 2σ (the noise)")
    ax.plot(x_grid, f, "k-", lw=1.5, label="true function f(x)")
    ax.set(xlim=(0, 1), xlabel="input x", ylabel="output y")


def data_and_fits(x: np.ndarray, y: np.ndarray, capacities: Sequence[int], sigma: float,
                  x_grid: np.ndarray) -> Any:
    """The true function with its noise band, one data set and its fits at `capacities`."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.2))
    _truth(ax, x_grid, sigma)
    ax.plot(x, y, "o", color=DATA_COLOR, label=f"one data set ({len(x)} points)")
    styles = ["--", "-", ":"]
    for capacity, style in zip(capacities, styles):
        ax.plot(x_grid, predict(fit(x, y, capacity), x_grid), style, lw=2,
                label=f"fit, capacity {capacity}")
    ax.set_title("One data set, fitted with too few, the best and too many hinges")
    ax.legend(fontsize=8, loc="lower left")
    fig.tight_layout()
    return fig


def mean_fit_bands(results: Sequence[Decomposition], x_grid: np.ndarray, n_points: int) -> Any:
    """One panel per result: the mean fit over data sets ± 2 std (the book's figure 8.9)."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(results), figsize=(4 * len(results), 3.6), sharey=True)
    for ax, r in zip(np.atleast_1d(axes), results):
        ax.fill_between(x_grid, r.mean - 2 * r.std, r.mean + 2 * r.std, color="#9ecae1",
                        alpha=0.7, label="mean fit ± 2 std over data sets")
        _truth(ax, x_grid)
        ax.plot(x_grid, r.mean, "-", color="#1f77b4", lw=2, label="mean fit")
        ax.set_title(f"capacity {r.capacity}: bias² {r.bias2:.3f}, variance {r.variance:.3f}",
                     fontsize=10)
        ax.set_ylim(-1, 4)
    np.atleast_1d(axes)[0].legend(fontsize=7, loc="upper right")
    fig.suptitle(f"Fits to {len(results[0].fits)} data sets of {n_points} points")
    fig.tight_layout()
    return fig


def _tradeoff_axis(ax: Any, results: Sequence[Decomposition], sigma: float,
                   measured: bool, log: bool = False) -> None:
    c = [r.capacity for r in results]
    bias2 = np.array([r.bias2 for r in results])
    variance = np.array([r.variance for r in results])
    ax.plot(c, variance, "-", color=VARIANCE_COLOR, label="variance")
    ax.plot(c, bias2, "-", color=BIAS_COLOR, label="bias²")
    ax.plot(c, bias2 + variance, "-", color=SUM_COLOR, lw=2, label="bias² + variance")
    if measured:
        ax.plot(c, [r.test_error - sigma**2 for r in results], "o", color=SUM_COLOR,
                mfc="none", label="measured test error − σ²")
    best = best_capacity(results)
    ax.plot(best, min(bias2 + variance), "v", color="black", ms=10,
            label=f"minimum: capacity {best}")
    ax.set(xlim=(0, max(c)), xlabel="model capacity (hinges)")
    if log:
        ax.set(yscale="log", ylim=(1e-4, 1))
    else:
        ax.set(ylim=(0, 0.5))  # the notebook's axes


def tradeoff(results: Sequence[Decomposition], sigma: float) -> Any:
    """Bias², variance and their sum against capacity (the notebook's last plot), with the
    measured test error less σ² on top and the minimum marked."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.2))
    _tradeoff_axis(ax, results, sigma, measured=True)
    ax.set_ylabel("squared error")
    ax.set_title(f"The bias-variance trade-off ({len(results[0].fits[0])} grid points, "
                 f"σ = {sigma})")
    ax.legend(fontsize=8, loc="upper right")
    fig.tight_layout()
    return fig


def tradeoff_by_n(by_n: dict[int, Sequence[Decomposition]], sigma: float) -> Any:
    """The trade-off for several data-set sizes, one panel each (log scale): more points,
    less variance, and the best capacity moves right."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(by_n), figsize=(4 * len(by_n), 3.6), sharey=True)
    for ax, (n, results) in zip(np.atleast_1d(axes), sorted(by_n.items())):
        _tradeoff_axis(ax, results, sigma, measured=False, log=True)
        ax.set_title(f"{n} points per data set: best capacity {best_capacity(results)}",
                     fontsize=10)
    np.atleast_1d(axes)[0].set_ylabel("squared error")
    np.atleast_1d(axes)[0].legend(fontsize=7, loc="lower left")
    fig.tight_layout()
    return fig
