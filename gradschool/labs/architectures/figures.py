"""The six figures of the `architectures` lab (matplotlib; each written with save_figure).

Every configuration is drawn as the mean over seeds with an error bar of ± one
standard deviation, and a small dot for each seed.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from gradschool.viz import save_figure

KINDS = {"plain": ("C3", "plain"), "residual": ("C0", "residual")}
SPLITS = {"train": ("--", "train"), "test": ("-", "test")}


def _sorted(series: dict[str, Any]) -> list[str]:
    """The keys of a {"32": ...} or {"0.5": ...} dict, in numeric order."""
    return sorted(series, key=float)


def _mean_spread(ax: Any, x: list[float], per_seed: list[list[float]], **style: Any) -> None:
    """Mean over seeds with ± std error bars, and one dot per seed."""
    values = np.asarray(per_seed, dtype=float)
    ax.errorbar(x, values.mean(axis=1), yerr=values.std(axis=1), capsize=3, marker="o",
                ms=4, **style)
    for xi, seeds in zip(x, values):
        ax.plot(np.full(len(seeds), xi), seeds, ".", color=style.get("color", "k"), ms=3,
                alpha=0.5)


def plot_depth(per_seed: dict[str, Any], path: Path) -> None:
    """Left: final train/test accuracy against depth; right: ‖∂L/∂W₁‖ at init against depth.

    per_seed: {"plain"|"residual": {layers: {"train": [...], "test": [...],
    "grad_norm_first_layer": [...]}}}.
    """
    import matplotlib.pyplot as plt

    fig, (ax_acc, ax_grad) = plt.subplots(1, 2, figsize=(10, 3.8), layout="constrained")
    for kind, (color, label) in KINDS.items():
        depths = _sorted(per_seed[kind])
        x = [int(d) for d in depths]
        for split, (ls, split_label) in SPLITS.items():
            _mean_spread(ax_acc, x, [per_seed[kind][d][split] for d in depths], color=color,
                         ls=ls, label=f"{label}, {split_label}")
        _mean_spread(ax_grad, x, [per_seed[kind][d]["grad_norm_first_layer"] for d in depths],
                     color=color, label=label)
    ax_acc.axhline(0.1, color="0.5", lw=0.8, ls=":")
    ax_acc.set(xscale="log", xlabel="hidden layers (width 64)", ylabel="accuracy",
               ylim=(0, 1.02), title="Same optimizer and budget, growing depth")
    ax_acc.legend(fontsize=8)
    ax_grad.set(xscale="log", yscale="log", xlabel="hidden layers (width 64)",
                ylabel="‖∂L/∂W₁‖ at initialisation",
                title="Gradient reaching the first layer")
    ax_grad.legend(fontsize=8)
    for ax in (ax_acc, ax_grad):
        ax.set_xticks(x, [str(v) for v in x])
        ax.minorticks_off()
    save_figure(fig, path)


def plot_gradient_profile(grad_norms: dict[str, dict[str, list[float]]],
                          batchnorm: list[float], path: Path) -> None:
    """‖∂L/∂W_l‖ at initialisation for every layer l (mean over seeds): plain and residual
    MLPs, one line per depth, and the deepest plain MLP with BatchNorm1d.

    grad_norms: {"plain"|"residual": {layers: [norm of layer 1, …, output layer]}};
    batchnorm: [norm of layer 1, …, output layer] of the batch-norm net.
    """
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(13, 3.8), sharey=True, layout="constrained")
    for ax, kind in zip(axes, KINDS):
        depths = _sorted(grad_norms[kind])
        colors = plt.cm.viridis(np.linspace(0, 0.9, len(depths)))
        for color, depth in zip(colors, depths):
            norms = grad_norms[kind][depth]
            ax.plot(range(1, len(norms) + 1), norms, "o-", ms=3, color=color,
                    label=f"{depth} hidden layers")
        ax.set(title=f"{KINDS[kind][1]} MLP")
    axes[2].plot(range(1, len(batchnorm) + 1), batchnorm, "o-", ms=3, color="C2",
                 label=f"{len(batchnorm) - 1} hidden layers")
    axes[2].set(title="plain MLP with BatchNorm1d")
    for ax in axes:
        ax.set(yscale="log", xlabel="layer l (1 = first hidden, last = output)")
        ax.legend(fontsize=8)
    axes[0].set_ylabel("‖∂L/∂W_l‖ at initialisation")
    save_figure(fig, path)


def plot_batchnorm(curves: dict[bool, list[dict[str, Any]]], steps_to_80: dict[str, Any],
                   layers: int, path: Path) -> None:
    """Training accuracy against steps of the deepest plain net, with and without BatchNorm1d.

    curves: {batchnorm: [{"steps", "train_curve", ...} per seed]};
    steps_to_80: {"with"|"without": [step or None per seed]}.
    """
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.8), layout="constrained")
    for batchnorm, runs in sorted(curves.items()):
        name = "with" if batchnorm else "without"
        color = "C2" if batchnorm else "C3"
        for run in runs:
            ax.plot(run["steps"], run["train_curve"], color=color, lw=0.8, alpha=0.4)
        mean = np.mean([run["train_curve"] for run in runs], axis=0)
        reached = [s for s in steps_to_80[name] if s is not None]
        note = (f"80% at step {max(reached)}" if len(reached) == len(runs)
                else f"80% not reached by {len(runs) - len(reached)} of {len(runs)} seeds")
        ax.plot(runs[0]["steps"], mean, color=color, lw=2,
                label=f"{name} BatchNorm1d ({note})")
    ax.axhline(0.8, color="0.4", ls="--", lw=0.8)
    ax.axhline(0.1, color="0.5", ls=":", lw=0.8)
    ax.set(xlabel="training step", ylabel="training accuracy", ylim=(0, 1.02),
           title=f"Plain MLP of {layers} hidden layers (width 64)")
    ax.legend(fontsize=8, loc="upper left")
    save_figure(fig, path)


def plot_width(per_seed: dict[str, dict[str, list[float]]], path: Path) -> None:
    """Final train and test accuracy of one hidden layer against its width."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.8), layout="constrained")
    units = _sorted(per_seed)
    x = [int(u) for u in units]
    for split, (ls, label) in SPLITS.items():
        _mean_spread(ax, x, [per_seed[u][split] for u in units], color="C0", ls=ls, label=label)
    ax.set(xscale="log", xlabel="units in the hidden layer", ylabel="accuracy", ylim=(0, 1.02),
           title="One hidden layer, growing width")
    ax.set_xticks(x, [str(v) for v in x])
    ax.minorticks_off()
    ax.legend(fontsize=8)
    save_figure(fig, path)


def plot_dropout(per_seed: dict[str, dict[str, list[float]]], width: int, layers: int,
                 path: Path) -> None:
    """Left: final train and test accuracy against the dropout rate p; right: their gap."""
    import matplotlib.pyplot as plt

    fig, (ax_acc, ax_gap) = plt.subplots(1, 2, figsize=(10, 3.8), layout="constrained")
    ps = _sorted(per_seed)
    x = [float(p) for p in ps]
    for split, (ls, label) in SPLITS.items():
        _mean_spread(ax_acc, x, [per_seed[p][split] for p in ps], color="C0", ls=ls,
                     label=label)
    _mean_spread(ax_gap, x, [per_seed[p]["gap"] for p in ps], color="C1")
    ax_acc.set(xlabel="dropout rate p", ylabel="accuracy", ylim=(0, 1.02),
               title=f"MLP of {layers}×{width} units with dropout")
    ax_acc.legend(fontsize=8)
    ax_gap.axhline(0, color="0.5", lw=0.8, ls=":")
    ax_gap.set(xlabel="dropout rate p", ylabel="train − test accuracy",
               title="Generalisation gap")
    save_figure(fig, path)


CNN_LABELS = {"strided": "mnist1d CNN\n(stride 2)", "max_pool": "max pooling\n(stride 1)",
              "kernel_3": "kernel 3", "kernel_5": "kernel 5", "kernel_9": "kernel 9"}


def plot_cnn(per_seed: dict[str, list[float]], path: Path) -> None:
    """Final test accuracy of each CNN variant: bars of the mean, ± std, a dot per seed."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 3.8), layout="constrained")
    variants = list(per_seed)
    pos = np.arange(len(variants))
    values = [np.asarray(per_seed[v]) for v in variants]
    ax.bar(pos, [v.mean() for v in values], yerr=[v.std() for v in values], capsize=3,
           color="C0", alpha=0.8)
    for i, v in enumerate(values):
        ax.plot(np.full(len(v), pos[i]), v, "k.", ms=4)
        ax.text(pos[i], v.mean() + 0.03, f"{v.mean():.0%}", ha="center", fontsize=8)
    ax.set_xticks(pos, [CNN_LABELS.get(v, v) for v in variants], fontsize=8)
    ax.set(ylabel="test accuracy", ylim=(0, 1.05),
           title="The mnist1d lab's CNN: pooling and kernel size")
    save_figure(fig, path)
