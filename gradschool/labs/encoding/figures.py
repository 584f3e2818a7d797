"""The five figures of the `encoding` lab (matplotlib; each returns a Figure)."""
from __future__ import annotations

from typing import Any

import numpy as np

from .coding import LeastSquares
from .outliers import GROSS, INLIER, MODERATE

DESIGNS = {"raw": "raw features", "minmax": "min-max to [0, 1]", "scaled": "z-scored"}
METHOD_LABELS = {"mean": "mean", "median": "median", "knn": "kNN"}
RULE_LABELS = {"zscore": "z-score, |z| > 3", "iqr": "IQR, Tukey's fences (k = 1.5)"}


def coding_figure(seasons: np.ndarray, designs: dict[str, np.ndarray],
                  fits: dict[str, LeastSquares], names: dict[str, list[str]], rows: int = 8
                  ) -> Any:
    """Left, middle: the first rows of the one-hot and dummy designs. Right: coefficients
    of two one-hot solutions with the same fitted values, and the unique dummy solution."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(13, 4.2),
                             gridspec_kw={"width_ratios": [1.1, 0.9, 1.6]})
    for ax, coding in zip(axes[:2], ("onehot", "dummy")):
        X, fit = designs[coding][:rows], fits[coding]
        ax.imshow(X, cmap="Blues", vmin=0, vmax=1.4, aspect="auto")
        for (i, j), v in np.ndenumerate(X):
            ax.text(j, i, f"{v:g}", ha="center", va="center", fontsize=9)
        ax.set_xticks(range(X.shape[1]), names[coding], rotation=40, ha="right")
        ax.set_yticks(range(rows), seasons[:rows])
        label = "one-hot" if coding == "onehot" else "dummy (drop first)"
        ax.set_title(f"{label}: {fit.columns} columns, rank {fit.rank}", fontsize=10)
    ax = axes[2]
    onehot, dummy = fits["onehot"], fits["dummy"]
    labels = names["onehot"]
    at = np.arange(len(labels))
    dummy_beta = np.concatenate([dummy.beta[:1], [0.0], dummy.beta[1:]])  # autumn dropped
    bars = [(onehot.beta, "one-hot, least-norm solution β"),
            (onehot.beta_other, "one-hot, β + 10 v  (X v = 0)"),
            (dummy_beta, "dummy, the only solution")]
    for k, (beta, label) in enumerate(bars):
        ax.bar(at + (k - 1) * 0.27, beta, 0.27, label=label)
    ax.axhline(0, color="gray", lw=0.8)
    ax.set_xticks(at, labels, rotation=20)
    ax.set(ylabel="coefficient", title=f"Same fitted values (max difference "
                                       f"{onehot.fit_difference:.2g}), different coefficients")
    ax.title.set_fontsize(10)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def scaling_figure(scales: tuple[float, ...], kappas: dict[str, list[float]], scale: float,
                   errors: dict[str, list[float]], rhos: dict[str, float], tol: float,
                   scan: dict[str, dict[float, int | None]]) -> Any:
    """(a) κ against the second feature's range; (b) ||w_t - w*|| / ||w_0 - w*|| per step
    with ρ^t; (c) steps to the tolerance against lr / lr* (a cross: never reached)."""
    import matplotlib.pyplot as plt

    fig, (ax_k, ax_e, ax_s) = plt.subplots(1, 3, figsize=(14, 4.2))
    for name, values in kappas.items():
        ax_k.plot(scales, values, "o-", label=DESIGNS[name])
    s = np.asarray(scales, dtype=float)
    ax_k.plot(s, kappas["raw"][-1] * (s / s[-1]) ** 2, ":", color="gray", label="∝ s²")
    ax_k.axvline(scale, color="gray", lw=0.8, ls="--")
    ax_k.set(xscale="log", yscale="log", xlabel="x₂ ~ U[0, s]: the range s (x₁ ~ U[0, 1])",
             ylabel="κ = λmax / λmin of XᵀX / n", title="Condition number of the Hessian")
    ax_k.legend(fontsize=8)
    for k, (name, err) in enumerate(errors.items()):
        t = np.arange(len(err))
        ax_e.plot(t, err, color=f"C{k}", label=f"{DESIGNS[name]}: {len(err) - 1} steps")
        ax_e.plot(t, rhos[name] ** t, ":", color=f"C{k}")
    ax_e.axhline(tol, color="gray", lw=0.8)
    ax_e.set(xscale="symlog", yscale="log", ylim=(tol / 10, 2), xlabel="step t",
             ylabel="||w_t − w*|| / ||w_0 − w*||",
             title=f"Gradient descent at lr = 2/(λmax+λmin), s = {scale:g}")
    ax_e.plot([], [], ":", color="gray", label="ρᵗ, ρ = (κ−1)/(κ+1)")
    ax_e.legend(fontsize=8)
    top = max(v for steps in scan.values() for v in steps.values() if v is not None) * 2
    for k, (name, steps) in enumerate(scan.items()):
        f = np.array(list(steps))
        reached = np.array([v is not None for v in steps.values()])
        values = np.array([v if v is not None else np.nan for v in steps.values()], float)
        ax_s.plot(f[reached], values[reached], "o-", color=f"C{k}", label=DESIGNS[name])
        ax_s.plot(f[~reached], np.full((~reached).sum(), top * 0.7**k), "x", color=f"C{k}",
                  ms=9)
    ax_s.axvline(1.0, color="gray", lw=0.8, ls="--")
    ax_s.set(yscale="log", xlabel="lr / lr*,  lr* = 2/(λmax+λmin)", ylabel="steps to tolerance",
             title="A scan of fixed step sizes (× at top: diverged)")
    ax_s.legend(fontsize=8)
    fig.tight_layout()
    return fig


def imputation_figure(X: np.ndarray, imputed: dict[str, np.ndarray], mask: np.ndarray,
                      by_fraction: dict[float, dict[str, float]]) -> Any:
    """(a) feature 2 against feature 1: where feature 2 was removed, the truth and each
    method's guess; (b) RMSE against the fraction of values removed."""
    import matplotlib.pyplot as plt

    fig, (ax_x, ax_r) = plt.subplots(1, 2, figsize=(11, 4.2))
    gap = mask[:, 1] & ~mask[:, 0]  # feature 2 removed, feature 1 seen
    ax_x.scatter(X[~gap, 0], X[~gap, 1], s=6, color="lightgray", label="other rows")
    ax_x.scatter(X[gap, 0], X[gap, 1], s=22, facecolors="none", edgecolors="k",
                 label="removed value (truth)")
    for k, method in enumerate(("mean", "median", "knn")):
        ax_x.scatter(X[gap, 0], imputed[method][gap, 1], s=12, color=f"C{k}",
                     label=f"{METHOD_LABELS[method]} imputation")
    ax_x.set(xlabel="feature 1", ylabel="feature 2",
             title="Filling feature 2 where it was removed")
    ax_x.legend(fontsize=8)
    fractions = sorted(by_fraction)
    for k, method in enumerate(("mean", "median", "knn")):
        ax_r.plot(fractions, [by_fraction[f][method] for f in fractions], "o-", color=f"C{k}",
                  label=METHOD_LABELS[method])
    ax_r.set(ylim=(0, None), xlabel="fraction of values removed at random",
             ylabel="RMSE against the removed truth", title="Imputation error")
    ax_r.legend()
    fig.tight_layout()
    return fig


def outlier_figure(x: np.ndarray, kind: np.ndarray, cutoffs: dict[str, tuple[float, float]],
                   sizes: list[float], by_size: dict[str, list[float]], gross: int,
                   counts: list[int], by_count: dict[str, list[float]], size: float) -> Any:
    """(a) the data with each rule's cut-offs; (b), (c) recall of the moderate outliers
    as the gross outliers grow in size and in number."""
    import matplotlib.pyplot as plt

    fig, (ax_d, ax_s, ax_c) = plt.subplots(1, 3, figsize=(15, 4.2))
    jitter = np.random.default_rng(0).uniform(-0.4, 0.4, len(x))
    for k, label in ((INLIER, "inliers, N(0, 1)"), (MODERATE, "moderate outliers"),
                     (GROSS, "gross outliers")):
        pick = kind == k
        ax_d.scatter(x[pick], jitter[pick], s=6 if k == INLIER else 16, label=label,
                     color=("lightgray", "C3", "k")[k])
    for k, (rule, (lo, hi)) in enumerate(cutoffs.items()):
        for v in (lo, hi):
            ax_d.axvline(v, color=f"C{k}", ls="--", label=RULE_LABELS[rule] if v == lo else None)
    edge = 1.3 * float(np.max(np.abs(x)))
    ax_d.set_xscale("symlog", linthresh=3)
    ax_d.set(xlim=(-edge, edge), ylim=(-0.5, 1.3), yticks=[],
             xlabel="x (symmetric log scale: linear within ±3)", title="Cut-offs of the two rules")
    ticks = [v for v in (-100, -30, -10, -3, 0, 3, 10, 30, 100) if abs(v) < edge]
    ax_d.set_xticks(ticks, [str(v) for v in ticks])
    ax_d.legend(fontsize=7, loc="upper center", ncol=2)
    for ax, xs, curves, label, title in (
            (ax_s, sizes, by_size, "size of the gross outliers (|x|)",
             f"{gross} gross outliers of growing size"),
            (ax_c, counts, by_count, "number of gross outliers",
             f"more gross outliers of size {size:g}")):
        for k, (rule, recall) in enumerate(curves.items()):
            ax.plot(xs, recall, "o-", color=f"C{k}", label=RULE_LABELS[rule])
        ax.set(ylim=(-0.03, 1.05), xlabel=label, ylabel="recall of the moderate outliers",
               title=f"Masking: {title}")
        ax.legend(fontsize=8)
    ax_s.set_xscale("log")
    ax_c.set_xscale("symlog", linthresh=1)
    ax_c.set_xlim(-0.2, 1.3 * max(counts))
    ax_c.set_xticks(counts, [str(c) for c in counts])
    fig.tight_layout()
    return fig


def augmentation_figure(t: np.ndarray, signal: np.ndarray, copies: np.ndarray, label: int,
                        accuracy: dict[str, list[float]], n_train: int, steps: int) -> Any:
    """(a) a training signal and augmented copies of it; (b) test accuracy of the CNN
    without and with augmentation (bars: mean over seeds, dots: each seed)."""
    import matplotlib.pyplot as plt

    fig, (ax_x, ax_a) = plt.subplots(1, 2, figsize=(11, 4), gridspec_kw={"width_ratios": [1.6, 1]})
    for k, c in enumerate(copies):
        ax_x.plot(t, c, color="C1", alpha=0.5, lw=1, label="augmented copies" if k == 0 else None)
    ax_x.plot(t, signal, color="k", lw=2, label=f"a training signal (digit {label})")
    ax_x.set(xlabel="position", ylabel="value", title="Shift, scale and noise keep the label")
    ax_x.legend(fontsize=8)
    names = ["without", "with"]
    means = [float(np.mean(accuracy[n])) for n in names]
    ax_a.bar(names, means, color=["C7", "C1"])
    for k, n in enumerate(names):
        ax_a.plot(np.full(len(accuracy[n]), k), accuracy[n], "ko", ms=4)
        ax_a.text(k, means[k] + 0.02, f"{means[k]:.1%}", ha="center")
    ax_a.axhline(0.1, color="gray", ls=":", label="chance (10 classes)")
    ax_a.set(ylim=(0, 1), ylabel="test accuracy",
             title=f"CNN, {n_train} training signals, {steps} steps")
    ax_a.set_xlabel("augmentation")
    ax_a.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    return fig
