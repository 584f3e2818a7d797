"""Figures of the `low-rank` lab: the spectrum, Eckart–Young, LoRA training, SVD cost."""
from __future__ import annotations

from typing import Any

import numpy as np

EPS = np.finfo(np.float64).eps


def spectrum_figure(S: np.ndarray, knee: int, true_rank: int, noise_level: float) -> Any:
    """σᵢ of W on a log scale, the knee marked, and the largest singular value pure
    noise of this size would have, noise_level · 2√d (the Marchenko–Pastur edge)."""
    import matplotlib.pyplot as plt

    d = S.size
    fig, ax = plt.subplots(figsize=(7, 4), layout="constrained")
    i = np.arange(1, d + 1)
    ax.semilogy(i[:true_rank], S[:true_rank], ".", color="C0", ms=4,
                label=f"$\\sigma_1 \\ldots \\sigma_{{{true_rank}}}$: the signal")
    ax.semilogy(i[true_rank:], S[true_rank:], ".", color="C1", ms=3,
                label=f"$\\sigma_{{{true_rank + 1}}} \\ldots \\sigma_{{{d}}}$: the noise")
    ax.axvline(knee + 0.5, color="k", lw=0.8, ls="--")
    ratio = S[knee - 1] / S[knee]
    ax.text(knee + 8, S[0], f"knee: $\\sigma_{{{knee}}} / \\sigma_{{{knee + 1}}}$ = {ratio:.1f}",
            va="top", fontsize=9)
    edge = noise_level * 2 * np.sqrt(d)
    ax.axhline(edge, color="C1", lw=0.8, ls=":")
    ax.text(d, edge * 1.15, f"noise edge {noise_level:g}·2√d = {edge:.2f}", ha="right",
            va="bottom", fontsize=8, color="C1")
    ax.set(xlabel="index i", ylabel="singular value $\\sigma_i$",
           title=f"Singular values of a {d}×{d} rank-{true_rank} matrix plus noise")
    ax.legend(fontsize=8, loc="center right")
    return fig


def eckart_young_figure(every_k: np.ndarray, gaps: np.ndarray, listed: dict[int, float],
                        norm: float, true_rank: int, predicted: float) -> Any:
    """Left: ‖W − W_k‖_F / ‖W‖_F for every k (measured) and the formula at the listed k.
    Right: |measured − formula| / ‖W‖_F for every k, against float64's ε."""
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
    k = np.arange(every_k.size)
    left.semilogy(k[:-1], every_k[:-1] / norm, color="C0", lw=2, alpha=0.6,
                  label=r"measured $\|W - W_k\|_F$ (every k)")
    ks = sorted(kk for kk in listed if kk < every_k.size - 1)
    left.semilogy(ks, [listed[kk] / norm for kk in ks], "k+", ms=7,
                  label=r"gs.linalg.truncate, then $\|\cdot\|_F$")
    left.axhline(predicted, color="C1", lw=0.8, ls=":")
    left.text(every_k.size * 0.98, predicted * 1.2,
              f"noise outside the signal ≈ s(d − r) / ‖W‖ = {predicted:.3f}", fontsize=8,
              color="C1", ha="right")
    left.axvline(true_rank, color="k", lw=0.8, ls="--")
    left.set(xlabel="rank k of the truncation",
             ylabel=r"relative error $\|W - W_k\|_F \,/\, \|W\|_F$",
             title="Eckart–Young: the error of the best rank-k matrix")
    left.legend(fontsize=8)
    right.semilogy(k, np.maximum(gaps / norm, EPS / 100), ".", ms=2, color="C2")
    right.axhline(EPS, color="0.5", lw=0.8, ls=":")
    right.text(0, EPS * 1.3, "float64 ε", fontsize=8, color="0.4")
    right.set(xlabel="rank k",
              ylabel=r"$|\,$measured $- \sqrt{\sum_{i>k} \sigma_i^2}\,| \,/\, \|W\|_F$",
              title=f"Measured against the formula (max {gaps.max() / norm:.1e})")
    return fig


def lora_figure(curves: dict[int, list[float]], records: dict[int, dict[str, float]],
                dW_norm: float) -> Any:
    """Left: ‖W₀ + B A − T‖_F / ‖ΔW‖_F per Adam step for every rank r, with the
    Eckart–Young floor dashed. Right: trained and best error per r, and 2dr / d²."""
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
    for i, (r, errors) in enumerate(curves.items()):
        color = f"C{i}"
        left.semilogy(np.asarray(errors) / dW_norm, color=color, label=f"r = {r}")
        floor = records[r]["best_relative"]
        if floor > 1e-12:
            left.axhline(floor, color=color, lw=0.8, ls="--")
    left.set(xlabel="Adam step",
             ylabel=r"$\|W_0 + BA - (W_0 + \Delta W)\|_F \,/\, \|\Delta W\|_F$",
             title="LoRA fits: training error (dashed: best rank-r error)")
    left.legend(fontsize=8)
    ranks = list(records)
    x = np.arange(len(ranks))
    trained = np.array([records[r]["trained_relative"] for r in ranks])
    best = np.array([records[r]["best_relative"] for r in ranks])
    # A best error of ~0 (r ≥ rank ΔW) cannot sit on a log axis: drawn at the floor.
    floor = 1e-7
    right.bar(x - 0.2, np.maximum(trained, floor), 0.4, label="trained B A", color="C0")
    right.bar(x + 0.2, np.maximum(best, floor), 0.4, label="best rank r (Eckart–Young)",
              color="0.6")
    for xi, t, b in zip(x, trained, best):
        text = f"×{t / b:.4f}" if b > floor else f"best = 0\ntrained {t:.0e}"
        right.text(xi, max(t, b, floor) * 1.5, text, ha="center", fontsize=8)
    labels = [f"r = {r}\n2dr/d² = {records[r]['fraction']:.1%}" for r in ranks]
    right.set_xticks(x, labels, fontsize=8)
    right.set(ylabel="relative error", yscale="log", ylim=(floor / 2, 300),
              title="Trained against best; trainable share of d²")
    right.legend(fontsize=8, loc="upper center", ncol=2)
    return fig


def timing_figure(sizes: list[int], exact: list[float], randomized: list[float],
                  exponent: float, k: int, by_q: dict[int, float], n_q: int) -> Any:
    """Left: seconds of a full SVD and of a randomized top-k SVD against n (log-log), with
    the fitted c nᵖ. Right: the randomized top-k error against the power iterations q."""
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
    n = np.asarray(sizes, dtype=float)
    left.loglog(n, exact, "o", color="C0", label="np.linalg.svd (full)")
    c = np.exp(np.mean(np.log(exact) - exponent * np.log(n)))
    fine = np.geomspace(n.min(), n.max(), 50)
    left.loglog(fine, c * fine**exponent, color="C0", lw=0.8,
                label=f"fit ∝ n$^{{{exponent:.2f}}}$")
    left.loglog(n, randomized, "s", color="C3", label=f"randomized SVD, top {k}")
    left.set_xticks(sizes, [str(s) for s in sizes])
    left.minorticks_off()
    left.set(xlabel="n (matrix n × n)", ylabel="seconds (best of the repeats)",
             title="Cost of an SVD")
    left.legend(fontsize=8)
    qs = sorted(by_q)
    right.semilogy(qs, [max(by_q[q], EPS / 10) for q in qs], "o-", color="C3")
    right.axhline(EPS, color="0.5", lw=0.8, ls=":")
    right.set_xticks(qs)
    right.set(xlabel="power iterations q",
              ylabel=f"max relative error of $\\sigma_1 \\ldots \\sigma_{{{k}}}$",
              title=f"Randomized SVD at n = {n_q}: power iterations sharpen it")
    return fig
