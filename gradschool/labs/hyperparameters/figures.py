"""The figures of the `hyperparameters` lab (matplotlib; each returns a Figure)."""
from __future__ import annotations

from typing import Any

import numpy as np

from gradschool.tuning import Int, SearchResult

from .space import LABELS, LOG_SCALE, METHOD_LABELS, NAMES, SPACE
from .synthetic import two_of_five_score

COLORS = {"grid": "tab:orange", "random": "tab:blue", "bayes": "tab:green"}


def _band(ax: Any, curves: np.ndarray, method: str, spread: str) -> None:
    """Mean over repeats (line) and the min-max or 10-90 percentile band (shaded)."""
    x = np.arange(1, curves.shape[1] + 1)
    if spread == "minmax":
        low, high = curves.min(axis=0), curves.max(axis=0)
    else:
        low, high = np.percentile(curves, 10, axis=0), np.percentile(curves, 90, axis=0)
    ax.fill_between(x, low, high, color=COLORS[method], alpha=0.15, lw=0)
    ax.plot(x, curves.mean(axis=0), color=COLORS[method], lw=2, label=METHOD_LABELS[method])


def best_so_far_figure(mlp: dict[str, np.ndarray], synthetic: dict[str, np.ndarray]) -> Any:
    """Best validation score after each trial, mean and spread over repeats, both studies.

    mlp, synthetic: method -> (repeats, trials) best-so-far curves.
    """
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8))
    for method, curves in mlp.items():
        _band(left, curves, method, "minmax")
    left.set(xlabel="trial", ylabel="best validation accuracy so far",
             title=f"MLP on MNIST-1D ({len(next(iter(mlp.values())))} repeats, min-max)")
    for method, curves in synthetic.items():
        _band(right, curves, method, "percentile")
    right.set(xlabel="trial", ylabel="best score so far",
              title=f"2 of 5 matter ({len(next(iter(synthetic.values())))} repeats, 10-90%)")
    for ax in (left, right):
        ax.legend(loc="lower right")
        ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def slice_figure(results: dict[str, list[SearchResult]]) -> Any:
    """Validation accuracy of every trial against each hyperparameter (a slice plot)."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(NAMES), figsize=(14, 3.4), sharey=True)
    for ax, name in zip(axes, NAMES):
        for method, runs in results.items():
            x = [t.params[name] for r in runs for t in r.trials if t.state == "COMPLETE"]
            y = [t.value for r in runs for t in r.trials if t.state == "COMPLETE"]
            ax.scatter(x, y, s=14, alpha=0.6, color=COLORS[method], label=METHOD_LABELS[method])
        _axis(ax, name)
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("validation accuracy")
    axes[0].legend(fontsize=8)
    fig.suptitle("Every trial of every search, seen along each hyperparameter")
    fig.tight_layout()
    return fig


def _axis(ax: Any, name: str) -> None:
    """The hyperparameter's range on a log or linear axis; powers of 2 for integers."""
    from matplotlib.ticker import NullLocator

    dist = SPACE[name]
    if not LOG_SCALE[name]:
        ax.set(xlim=(dist.low, dist.high), xlabel=LABELS[name])
        return
    ax.set(xscale="log", xlim=(dist.low / 1.25, dist.high * 1.25), xlabel=LABELS[name])
    if isinstance(dist, Int):
        ticks = [2 ** k for k in range(4, 10) if dist.low <= 2 ** k <= dist.high]
        ax.set_xticks(ticks, [str(t) for t in ticks])
        ax.xaxis.set_minor_locator(NullLocator())


def importance_figure(mlp: dict[str, float], synthetic: dict[str, float]) -> Any:
    """fANOVA importance of each hyperparameter: the MLP study and the 2-of-5 study."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(10, 3.2), sharex=True)
    for ax, values, title in ((axes[0], mlp, "MLP on MNIST-1D (all trials)"),
                              (axes[1], synthetic, "2 of 5 matter (200 random trials)")):
        names = list(NAMES)[::-1]
        ax.barh([LABELS[n] for n in names], [values.get(n, 0.0) for n in names],
                color="tab:purple")
        ax.set(xlim=(0, 1), xlabel="share of the variance of the score (fANOVA)", title=title)
        ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig


def two_of_five_figure(records: dict[str, dict[str, Any]]) -> Any:
    """The (lr, width) plane of repeat 0: the score's contours and where each method looked.

    records: method -> the sweep cell of repeat 0 (params, values, optimum).
    """
    import matplotlib.pyplot as plt

    optimum = next(iter(records.values()))["optimum"]
    lr = np.geomspace(SPACE["lr"].low, SPACE["lr"].high, 200)
    width = np.geomspace(SPACE["width"].low, SPACE["width"].high, 200)
    Z = two_of_five_score(lr[None, :], width[:, None], optimum["lr"], optimum["width"])
    fig, axes = plt.subplots(1, len(records), figsize=(4.2 * len(records), 3.8), sharey=True)
    for ax, (method, rec) in zip(np.atleast_1d(axes), records.items()):
        ax.contourf(lr, width, Z, levels=12, cmap="Greys", alpha=0.6)
        pairs: dict[tuple[float, float], int] = {}
        for p in rec["params"]:
            key = (p["lr"], p["width"])
            pairs[key] = pairs.get(key, 0) + 1
        xs, ys = zip(*pairs)
        ax.scatter(xs, ys, s=[18 * c for c in pairs.values()], color=COLORS[method],
                   edgecolor="k", lw=0.5, zorder=3)
        ax.plot(optimum["lr"], optimum["width"], "*", color="red", ms=14, zorder=4)
        ax.set(xscale="log", yscale="log", xlabel="learning rate",
               title=f"{METHOD_LABELS[method]}: {len(pairs)} distinct (lr, width) of "
                     f"{len(rec['params'])}\nbest {rec['best']:.2f}")
    np.atleast_1d(axes)[0].set_ylabel("width")
    fig.tight_layout()
    return fig


def pruning_figure(pruned: SearchResult, epochs: int, saved: float) -> Any:
    """Validation accuracy per epoch of each trial of one pruned search."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.8))
    for state, color, label in (("COMPLETE", "tab:blue", "trained to the end"),
                                ("PRUNED", "tab:red", "stopped by the pruner")):
        first = True
        for t in pruned.trials:
            if t.state != state:
                continue
            steps = sorted(t.intermediate)
            ax.plot([s + 1 for s in steps], [t.intermediate[s] for s in steps], "o-",
                    color=color, alpha=0.7, ms=3, label=label if first else None)
            first = False
    ax.set(xlabel="epoch", ylabel="validation accuracy", xlim=(0.5, epochs + 0.5),
           title=f"Pruning: {saved:.0%} of the epochs saved")
    ax.legend(loc="upper left")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig
