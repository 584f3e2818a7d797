"""The `chain-rule` lab's figures: four methods compared, the passes as a table, the FD step."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .toy_model import BACKWARD_NAMES, FORWARD_NAMES, PARAMETERS

# |difference| of exactly 0 cannot sit on a log axis: drawn at this floor, labelled.
ZERO_FLOOR = 1e-19
COLOURS = {"by hand": "C0", "scalar engine": "C1", "tensor engine": "C2",
           "finite differences": "C3"}

FORWARD_TEX = {
    "f0": r"$f_0 = b_0 + w_0 x$", "h1": r"$h_1 = \sin f_0$",
    "f1": r"$f_1 = b_1 + w_1 h_1$", "h2": r"$h_2 = \exp f_1$",
    "f2": r"$f_2 = b_2 + w_2 h_2$", "h3": r"$h_3 = \cos f_2$",
    "f3": r"$f_3 = b_3 + w_3 h_3$", "loss": r"$\ell = (f_3 - y)^2$",
}
BACKWARD_TEX = {
    "dl/df3": r"$\partial\ell/\partial f_3 = 2(f_3 - y)$",
    "dl/dh3": r"$\partial\ell/\partial h_3 = w_3\;\partial\ell/\partial f_3$",
    "dl/df2": r"$\partial\ell/\partial f_2 = -\sin f_2\;\partial\ell/\partial h_3$",
    "dl/dh2": r"$\partial\ell/\partial h_2 = w_2\;\partial\ell/\partial f_2$",
    "dl/df1": r"$\partial\ell/\partial f_1 = \exp f_1\;\partial\ell/\partial h_2$",
    "dl/dh1": r"$\partial\ell/\partial h_1 = w_1\;\partial\ell/\partial f_1$",
    "dl/df0": r"$\partial\ell/\partial f_0 = \cos f_0\;\partial\ell/\partial h_1$",
}


def _param_tex(name: str) -> str:
    k = name[1]
    if name[0] == "b":
        return rf"$\partial\ell/\partial b_{k} = \partial\ell/\partial f_{k}$"
    h = "x" if k == "0" else f"h_{k}"
    return rf"$\partial\ell/\partial w_{k} = {h}\;\partial\ell/\partial f_{k}$"


def plot_methods(methods: dict[str, dict[str, float]]) -> Any:
    """Left: ∂ℓ/∂θ by each method (bars). Right: |method − by hand| per parameter (log axis)."""
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    positions = np.arange(len(PARAMETERS))
    width = 0.8 / len(methods)
    for i, (method, grads) in enumerate(methods.items()):
        left.bar(positions + (i - (len(methods) - 1) / 2) * width,
                 [grads[p] for p in PARAMETERS], width, label=method, color=COLOURS[method])
    left.axhline(0, color="0.3", lw=0.6)
    left.set_xticks(positions, [f"∂ℓ/∂{p}" for p in PARAMETERS])
    left.set_ylabel("gradient")
    left.set_title("The gradient four ways: the bars coincide", fontsize=10)
    left.legend(fontsize=8)

    reference = methods["by hand"]
    right.axhspan(ZERO_FLOOR / 3, ZERO_FLOOR * 3, color="0.92")
    right.text(-0.4, ZERO_FLOOR * 4, "exactly 0", fontsize=8, color="0.4")
    others = [m for m in methods if m != "by hand"]
    for i, method in enumerate(others):
        diff = [abs(methods[method][p] - reference[p]) for p in PARAMETERS]
        right.plot(positions + (i - (len(others) - 1) / 2) * 0.2, np.maximum(diff, ZERO_FLOOR),
                   "o", color=COLOURS[method], label=f"|{method} − by hand|")
    right.axhline(np.finfo(np.float64).eps, color="0.6", ls=":", lw=0.8)
    right.text(len(PARAMETERS) - 0.6, np.finfo(np.float64).eps * 2, "float64 ε", fontsize=8,
               color="0.4", ha="right")
    right.set_yscale("log")
    right.set_ylim(ZERO_FLOOR / 5, 1e-3)
    right.set_xticks(positions, [f"∂ℓ/∂{p}" for p in PARAMETERS])
    right.set_ylabel("absolute difference from the hand-computed gradient")
    right.set_title("How far each method is from the chain rule by hand", fontsize=10)
    right.legend(fontsize=8, loc="upper right")
    fig.tight_layout()
    return fig


def plot_passes(forward: dict[str, float], backward: dict[str, float],
                grads: dict[str, float]) -> Any:
    """The forward pass, the backward pass and the parameter gradients, as a table of values."""
    import matplotlib.pyplot as plt

    columns = [
        ("Forward pass (inputs → loss)", [(FORWARD_TEX[n], forward[n]) for n in FORWARD_NAMES]),
        ("Backward pass (loss → inputs)", [(BACKWARD_TEX[n], backward[n]) for n in BACKWARD_NAMES]),
        ("Parameter gradients", [(_param_tex(p), grads[p]) for p in PARAMETERS]),
    ]
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.6))
    for ax, (title, rows) in zip(axes, columns):
        ax.axis("off")
        ax.set_title(title, fontsize=11, loc="left")
        for i, (tex, value) in enumerate(rows):
            y = 1 - (i + 0.5) / 8.5
            ax.text(0.0, y, tex, fontsize=10, va="center", transform=ax.transAxes)
            ax.text(1.0, y, f"{value: .10f}", fontsize=10, va="center", ha="right",
                    family="monospace", transform=ax.transAxes)
    return fig


def plot_step_sweep(error_at: Callable[[float], float], steps: np.ndarray, chosen: float) -> Any:
    """max |finite difference − by hand| against the step h: truncation O(h²), round-off O(ε/h)."""
    import matplotlib.pyplot as plt

    errors = np.array([error_at(float(h)) for h in steps])
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.loglog(steps, np.maximum(errors, ZERO_FLOOR), "o-", color="C3",
              label="max over θ of |finite diff − by hand|")
    ax.loglog(steps, errors[-1] * (steps / steps[-1]) ** 2, ":", color="0.5",
              label="∝ h² (truncation)")
    ax.loglog(steps, errors[0] * steps[0] / steps, "--", color="0.5", label="∝ ε/h (round-off)")
    ax.axvline(chosen, color="C0", lw=1)
    ax.text(chosen * 1.3, np.sqrt(errors.min() * errors.max()), f"h = {chosen:g}\n(used)",
            color="C0", fontsize=8, va="center")
    ax.set_ylim(errors.min() / 10, errors.max() * 10)
    ax.set_xlabel("finite-difference step h")
    ax.set_ylabel("absolute error")
    ax.set_title("Central differences: accurate only for a middling step", fontsize=10)
    ax.legend(fontsize=8, loc="upper center")
    return fig
