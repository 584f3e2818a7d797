"""Figures of the `initialization` lab: std per layer, forward and backward; tanh histograms."""
from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import numpy as np

from gradschool.viz import save_figure


def relu_growth(label: str, width: int) -> float:
    """r = √(σ² D / 2) for a label such as "1", "2/D (He)" or "0.5/D" (σ² = c or c/D)."""
    match = re.match(r"([0-9.]+)(/D)?", label)
    if match is None:
        raise ValueError(f"relu_growth: cannot read a variance from label {label!r}")
    sigma2 = float(match.group(1)) / (width if match.group(2) else 1)
    return math.sqrt(sigma2 * width / 2)


def plot_std_per_layer(result: dict[str, Any], title: str, path: Path,
                       width: int | None = None) -> None:
    """Left: std of a_l per layer l; right: std of ∂L/∂a_l. One line per σ², log scale.

    With `width` (ReLU), dashed lines give the closed form: forward
    std_1 · r^(l-1), backward std_L · r^(L-l), r = √(σ² D / 2).
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    fig, (fwd, bwd) = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
    for i, label in enumerate(result["forward_std"]):
        color = f"C{i}"
        forward, backward = result["forward_std"][label], result["backward_std"][label]
        layers = np.arange(1, len(forward) + 1)
        fwd.plot(layers, forward, "o-", ms=3, color=color, label=f"σ² = {label}")
        bwd.plot(layers, backward, "o-", ms=3, color=color)
        if width is not None:
            r = relu_growth(label, width)
            fwd.plot(layers, forward[0] * r ** (layers - 1.0), "--", lw=1, color=color)
            bwd.plot(layers, backward[-1] * r ** (layers[-1] - layers), "--", lw=1, color=color)
    fwd.set(xlabel="layer l", ylabel="std of activations a_l", yscale="log",
            title=f"Forward: {title}")
    bwd.set(xlabel="layer l", ylabel="std of gradients ∂L/∂a_l", yscale="log",
            title=f"Backward: {title}")
    fwd.legend(fontsize=8)
    for ax in (fwd, bwd):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
    if width is not None:
        bwd.plot([], [], "k--", lw=1, label="closed form √(σ²D/2) per layer")
        bwd.legend(fontsize=8)
    save_figure(fig, path)


def plot_histograms(last: dict[str, np.ndarray], title: str, path: Path) -> None:
    """One histogram of the last layer's activations per σ², on [-1, 1]."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(last), figsize=(2.6 * len(last), 2.8), sharey=True,
                             layout="constrained")
    bins = np.linspace(-1, 1, 41)
    for i, (ax, (label, a)) in enumerate(zip(axes, last.items(), strict=True)):
        ax.hist(a.ravel(), bins=bins, density=True, color=f"C{i}")
        ax.set(title=f"σ² = {label}", xlabel="a", xlim=(-1, 1))
        ax.title.set_fontsize(9)
    axes[0].set_ylabel("density")
    fig.suptitle(title)
    save_figure(fig, path)
