"""Figures of the `mnist1d` lab: scores beside the paper, samples, curves, confusion, overfit."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from gradschool.training import History
from gradschool.viz import save_figure

LABELS = {"logistic": "logistic", "mlp": "MLP", "cnn": "CNN", "gru": "GRU"}


def _label(name: str) -> str:
    return LABELS.get(name, name)


def plot_scores(scores: dict[str, dict[str, list[float]]],
                published: dict[str, dict[str, float]], path: Path) -> None:
    """The two tables as bars: our mean score (± std over seeds, dots per seed) beside the paper's.

    scores: {"original": {model: [accuracy per seed]}, "shuffled": {...}};
    published: {"original": {model: accuracy}, "shuffled": {...}}, fractions.
    """
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(scores), figsize=(5 * len(scores), 3.8), sharey=True,
                             layout="constrained")
    axes = np.atleast_1d(axes)
    for ax, (variant, per_model) in zip(axes, scores.items()):
        names = list(per_model)
        pos = np.arange(len(names))
        ours = [100 * np.mean(per_model[m]) for m in names]
        spread = [100 * np.std(per_model[m]) for m in names]
        paper = [100 * published[variant].get(m, np.nan) for m in names]
        ax.bar(pos - 0.2, paper, 0.4, color="0.75", label="paper")
        ax.bar(pos + 0.2, ours, 0.4, yerr=spread, capsize=3, color="C0", label="gradschool")
        for i, m in enumerate(names):
            ax.plot(np.full(len(per_model[m]), pos[i] + 0.2), 100 * np.asarray(per_model[m]),
                    "k.", ms=3)
            ax.text(pos[i] + 0.2, ours[i] + 1.5, f"{ours[i]:.0f}", ha="center", fontsize=8)
            ax.text(pos[i] - 0.2, paper[i] + 1.5, f"{paper[i]:.0f}", ha="center", fontsize=8,
                    color="0.35")
        ax.set_xticks(pos, [_label(m) for m in names])
        ax.set(title=f"MNIST-1D, {variant} positions", ylim=(0, 105),
               ylabel="best test accuracy (%)")
        ax.axhline(10, color="0.5", lw=0.8, ls=":")
    axes[0].legend(loc="upper left", fontsize=8)
    save_figure(fig, path)


def plot_samples(x: np.ndarray, y: np.ndarray, t: np.ndarray, per_class: int,
                 path: Path, templates: dict[str, np.ndarray] | None = None) -> None:
    """A grid of signals drawn as the paper does, x across and the position t downward:
    one column per digit, the clean template on top (if given), then `per_class` samples."""
    import matplotlib.pyplot as plt

    classes = np.unique(y)
    rows = per_class + (templates is not None)
    fig, axes = plt.subplots(rows, len(classes), figsize=(1.1 * len(classes), 1.6 * rows),
                             squeeze=False)
    for c, column in zip(classes, axes.T):
        signals = [(x_i, t, "0.2") for x_i in x[y == c][:per_class]]
        if templates is not None:
            signals.insert(0, (templates["x"][c], templates["t"], "C3"))
        for ax, (x_i, t_i, color) in zip(column, signals):
            ax.plot(x_i, t_i, "-", color=color, lw=1.5)
        column[0].set_title(f"digit {c}", fontsize=9)
    shown = np.concatenate([x[y == c][:per_class] for c in classes])
    lim = 1.05 * np.abs(shown).max()
    for i, ax in enumerate(axes.flat):
        ax.set(xticks=[], yticks=[])
        ax.invert_yaxis()
        if templates is None or i >= len(classes):  # the templates keep their own scale
            ax.set(xlim=(-lim, lim), ylim=(t.max(), t.min()))
    if templates is not None:
        axes[0, 0].set_ylabel("template", color="C3")
    axes[-1, 0].set_ylabel("samples (t ↓)")
    fig.suptitle("MNIST-1D: each digit's template (red) and training samples, x against t")
    fig.subplots_adjust(wspace=0.05, hspace=0.05, top=0.88)
    save_figure(fig, path)


def plot_curves(histories: dict[str, dict[str, list[History]]], path: Path) -> None:
    """Train (dashed) and test (solid) accuracy over steps, one panel per model, mean over seeds.

    histories: {"original": {model: [History per seed]}, "shuffled": {...}}.
    """
    import matplotlib.pyplot as plt

    names = list(next(iter(histories.values())))
    fig, axes = plt.subplots(1, len(names), figsize=(3.4 * len(names), 3.4), sharey=True,
                             layout="constrained", squeeze=False)
    for ax, name in zip(axes[0], names):
        for k, (variant, per_model) in enumerate(histories.items()):
            runs = per_model[name]
            steps = runs[0].steps
            train = 100 * np.mean([h.train_accuracy for h in runs], axis=0)
            test = 100 * np.mean([h.test_accuracy for h in runs], axis=0)
            ax.plot(steps, test, "-", color=f"C{k}", label=f"test, {variant}")
            ax.plot(steps, train, "--", color=f"C{k}", lw=1, label=f"train, {variant}")
        ax.set(title=_label(name), xlabel="step", ylim=(0, 102))
    axes[0][0].set_ylabel("accuracy (%)")
    axes[0][0].legend(fontsize=7, loc="lower right")
    save_figure(fig, path)


def plot_confusion(confusion: np.ndarray, title: str, path: Path) -> None:
    """Confusion matrix: row = true digit, column = predicted, as a fraction of each row."""
    import matplotlib.pyplot as plt

    rates = confusion / confusion.sum(axis=1, keepdims=True)
    fig, ax = plt.subplots(figsize=(5, 4.4), layout="constrained")
    image = ax.imshow(100 * rates, cmap="Blues", vmin=0, vmax=100)
    n = len(confusion)
    for i in range(n):
        for j in range(n):
            if confusion[i, j]:
                ax.text(j, i, str(confusion[i, j]), ha="center", va="center", fontsize=7,
                        color="white" if rates[i, j] > 0.5 else "black")
    ax.set(xticks=range(n), yticks=range(n), xlabel="predicted digit", ylabel="true digit",
           title=title)
    fig.colorbar(image, ax=ax, label="% of the true digit's test samples")
    save_figure(fig, path)


def plot_overfit(history: History, steps_per_epoch: int, metrics: dict[str, Any],
                 path: Path) -> None:
    """Left: train and test error per epoch; right: train and test loss, the minimum marked."""
    import matplotlib.pyplot as plt

    epochs = np.asarray(history.steps) / steps_per_epoch
    fig, (err, loss) = plt.subplots(1, 2, figsize=(10, 3.6), layout="constrained")
    err.plot(epochs, 100 * (1 - np.asarray(history.train_accuracy)), label="train")
    err.plot(epochs, 100 * (1 - np.asarray(history.test_accuracy)), label="test")
    err.set(xlabel="epoch", ylabel="error (%)", ylim=(0, 100),
            title="MLP 40-100-100-10, SGD: error")
    loss.plot(epochs, history.train_loss, label="train")
    loss.plot(epochs, history.test_loss, label="test")
    loss.plot(metrics["min_test_loss_step"] / steps_per_epoch, metrics["min_test_loss"], "kv",
              label="lowest test loss")
    loss.set(xlabel="epoch", ylabel="cross-entropy", title="... and loss: the test loss turns up")
    for ax in (err, loss):
        ax.legend(fontsize=8)
    save_figure(fig, path)
