"""The figures of the `double-descent` lab (matplotlib; each function returns a Figure).

Errors are in %. With several seeds the lines are the means over seeds and
the dots the seeds' own values.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from . import published

TRAIN_COLOR, TEST_COLOR = "#d62728", "#1f77b4"


def _mark_landmarks(ax: Any, x: Sequence[float], hidden: Sequence[int],
                    test_mean: Sequence[float], marks: dict[str, Any]) -> None:
    """The interpolation threshold as a vertical line, the first minimum and the peak as dots."""
    where = {h: i for i, h in enumerate(hidden)}
    if marks["interpolation_width"] is not None:
        i = where[marks["interpolation_width"]]
        ax.axvline(x[i], color="gray", ls="--", lw=1,
                   label=f"interpolation threshold (h = {marks['interpolation_width']})")
    i = where[marks["first_minimum_width"]]
    ax.plot(x[i], test_mean[i], "v", color="green", ms=9, zorder=5,
            label=f"first minimum (h = {marks['first_minimum_width']})")
    if marks["peak_width"] is not None:
        i = where[marks["peak_width"]]
        ax.plot(x[i], test_mean[i], "^", color="black", ms=9, zorder=5,
                label=f"peak (h = {marks['peak_width']})")


def _errors_axis(ax: Any, x: Sequence[float], hidden: Sequence[int],
                 train: list[list[float]], test: list[list[float]],
                 marks: dict[str, Any]) -> None:
    train_mean, test_mean = np.mean(train, axis=0), np.mean(test, axis=0)
    if len(train) > 1:
        for row_train, row_test in zip(train, test):
            ax.plot(x, row_train, ".", color=TRAIN_COLOR, alpha=0.35, ms=4)
            ax.plot(x, row_test, ".", color=TEST_COLOR, alpha=0.35, ms=4)
    ax.plot(x, train_mean, "-o", color=TRAIN_COLOR, ms=3, label="train error")
    ax.plot(x, test_mean, "-o", color=TEST_COLOR, ms=3, label="test error")
    _mark_landmarks(ax, x, hidden, test_mean, marks)
    top = max(np.max(train), np.max(test))
    ax.set_ylim(0, min(100.0, 10 * np.ceil(top / 10 + 0.5)))
    ax.set_ylabel("error (%)")


def error_vs_width(hidden: Sequence[int], train: list[list[float]],
                   test: list[list[float]], marks: dict[str, Any], title: str) -> Any:
    """Train and test error against the width h (per-seed rows), landmarks marked.

    Where the widths are the notebook's 28, its published run is drawn for comparison.
    """
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 4.5))
    _errors_axis(ax, list(hidden), hidden, train, test, marks)
    if tuple(hidden) == published.HIDDEN:
        ax.plot(published.HIDDEN, published.TEST_ERROR, ":", color="gray",
                label="test error, the notebook's published run")
    ax.set_xlabel("hidden units per layer, h")
    ax.set_title(title)
    ax.legend(fontsize=8, loc="upper right")
    fig.tight_layout()
    return fig


def error_vs_params(hidden: Sequence[int], params: Sequence[int], train: list[list[float]],
                    test: list[list[float]], marks: dict[str, Any], n_train: int) -> Any:
    """The same curves against the parameter count h² + 52h + 10 (log scale)."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 4.5))
    _errors_axis(ax, list(params), hidden, train, test, marks)
    ax.axvline(n_train, color="purple", ls=":", lw=1,
               label=f"parameters = training samples ({n_train})")
    ax.set_xscale("log")
    ax.set_xlabel("parameters, h² + 52h + 10")
    ax.set_title("The same curves against the number of parameters")
    ax.legend(fontsize=8, loc="upper right")
    fig.tight_layout()
    return fig


def pick_widths(hidden: Sequence[int], marks: dict[str, Any], k: int = 4) -> list[int]:
    """A few widths worth following over epochs: the first minimum, the peak, the
    interpolation threshold and the largest width (fewer if they coincide)."""
    chosen = [marks["first_minimum_width"], marks["peak_width"],
              marks["interpolation_width"], hidden[-1]]
    seen: list[int] = []
    for h in chosen:
        if h is not None and h not in seen:
            seen.append(h)
    return sorted(seen)[:k]


def test_error_over_epochs(epochs: Sequence[int], curves: dict[int, dict[str, list[float]]],
                           widths: Sequence[int]) -> Any:
    """Test (solid) and train (dashed) error against the epoch for the chosen widths.

    curves: {h: {"train": [...], "test": [...]}} (means over seeds), measured at `epochs`.
    """
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 4.5))
    colors = [plt.get_cmap("tab10")(i) for i in (2, 0, 3, 4, 1, 5)][:len(widths)]
    for h, color in zip(widths, colors):
        ax.plot(epochs, curves[h]["test"], "-", color=color, label=f"h = {h}, test")
        ax.plot(epochs, curves[h]["train"], "--", color=color, lw=1, label=f"h = {h}, train")
    ax.set_ylim(0, 100)
    ax.set(xlabel="epoch", ylabel="error (%)",
           title="Errors during training: near the threshold the test error climbs "
                 "as the noise is memorised")
    ax.legend(fontsize=7, ncol=2, loc="upper right")
    fig.tight_layout()
    return fig
