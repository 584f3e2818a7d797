"""The three figures of the `softmax` lab (matplotlib; each returns a Figure)."""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from .functions import binary_cross_entropy, stable_softmax

SHOWN_TEMPERATURES = (0.1, 1.0, 10.0)


def temperature_figure(z: np.ndarray, entropies: dict[str, float]) -> Any:
    """Left: softmax(z / T) for a few T. Right: H(softmax(z / T)) against T, from 0 to log k."""
    import matplotlib.pyplot as plt

    k = len(z)
    fig, (ax_p, ax_h) = plt.subplots(1, 2, figsize=(11, 4))
    width = 0.8 / len(SHOWN_TEMPERATURES)
    for i, T in enumerate(SHOWN_TEMPERATURES):
        ax_p.bar(np.arange(k) + (i - 1) * width, stable_softmax(z / T), width,
                 label=f"T = {T:g}")
    ax_p.set_xticks(np.arange(k), [f"{v:.1f}" for v in z], fontsize=8)
    ax_p.set(xlabel="logit zᵢ", ylabel="softmax(z / T)ᵢ", title="Temperature: sharp to flat")
    ax_p.legend()
    T = np.array([float(t) for t in entropies])
    ax_h.plot(T, list(entropies.values()), "o-", label="H(softmax(z / T))")
    ax_h.axhline(math.log(k), color="gray", ls="--", label=f"log k = log {k} = {math.log(k):.3f}")
    ax_h.axhline(0.0, color="gray", ls=":")
    ax_h.set(xscale="log", xlabel="temperature T", ylabel="entropy (nats)",
             title="T → 0: one-hot (H = 0); T → ∞: uniform (H = log k)")
    ax_h.legend()
    fig.tight_layout()
    return fig


def overflow_figure(n: int, prob: float) -> Any:
    """Left: e^x in float32 and float64 until each overflows. Right: the running product of
    n probabilities `prob` underflows to 0, the running sum of their logs does not."""
    import matplotlib.pyplot as plt

    fig, (ax_exp, ax_prod) = plt.subplots(1, 2, figsize=(11, 4))
    for dtype, color, lw in (("float32", "C0", 5), ("float64", "C1", 1.5)):
        x = np.linspace(0, 800, 1601).astype(dtype)
        with np.errstate(over="ignore"):
            y = np.exp(x)
        finite = np.isfinite(y)
        limit = float(np.log(np.finfo(dtype).max))
        ax_exp.plot(x[finite], np.log10(y[finite]), color=color, lw=lw, label=f"exp in {dtype}")
        ax_exp.axvline(limit, color=color, ls=":",
                       label=f"{dtype} overflows to inf after x = {limit:.2f}")
    ax_exp.axvline(1000, color="C3", lw=2, label="z = 1000: e^z = inf, inf / inf = NaN")
    ax_exp.set(xlabel="x", ylabel="log₁₀ of the computed e^x", xlim=(0, 1050), ylim=(0, 480),
               title="The naive softmax overflows")
    ax_exp.legend(fontsize=8, loc="upper left")
    steps = np.arange(1, n + 1)
    running = np.cumprod(np.full(n, prob))
    positive = running > 0
    ax_prod.plot(steps[positive], running[positive], color="C0",
                 label=f"product of n × {prob:g} (float64)")
    if (~positive).any():
        first = int(steps[~positive][0])
        ax_prod.axvline(first, color="C0", ls=":", label=f"= 0.0 from n = {first} on")
    ax_prod.set(yscale="log", xlabel="n", ylabel="product", title="Products underflow, "
                "sums of logs do not")
    ax_log = ax_prod.twinx()
    ax_log.plot(steps, np.cumsum(np.log(np.full(n, prob))), color="C2",
                label=f"sum of n × log {prob:g}")
    ax_log.set_ylabel("sum of logs", color="C2")
    lines = ax_prod.get_legend_handles_labels()
    more = ax_log.get_legend_handles_labels()
    ax_prod.legend(lines[0] + more[0], lines[1] + more[1], fontsize=8, loc="upper right")
    fig.tight_layout()
    return fig


def divergence_figure(h_p: np.ndarray, h_pq: np.ndarray, p_true: float = 0.3) -> Any:
    """Left: binary cross-entropy H(p, q) against q for p = p_true, with H(p) and the KL gap.
    Right: H(p, q) against H(p) on random pairs: every point above the diagonal."""
    import matplotlib.pyplot as plt

    fig, (ax_b, ax_s) = plt.subplots(1, 2, figsize=(11, 4))
    q = np.linspace(0.005, 0.995, 400)
    h_cross = binary_cross_entropy(np.full_like(q, p_true), q)
    h_self = float(binary_cross_entropy(p_true, p_true))
    ax_b.plot(q, h_cross, lw=2, label=f"H(p, q), p = {p_true:g}")
    ax_b.axhline(h_self, color="gray", ls="--", label=f"H(p) = {h_self:.3f}")
    ax_b.fill_between(q, h_self, h_cross, alpha=0.2, label="KL(p‖q) = H(p, q) − H(p)")
    ax_b.axvline(p_true, color="gray", ls=":")
    ax_b.set(ylim=(0, 2.5), xlabel="predicted probability q", ylabel="nats",
             title="Binary cross-entropy is smallest at q = p")
    ax_b.legend(fontsize=8)
    shown = slice(0, 3000)
    ax_s.scatter(h_p[shown], h_pq[shown], s=3, alpha=0.4)
    top = float(max(h_p[shown].max(), 1e-9))
    ax_s.plot([0, top], [0, top], "k--", lw=1, label="H(p, q) = H(p)")
    ax_s.set(xlabel="H(p)", ylabel="H(p, q)",
             title=f"{min(len(h_p), 3000):,} random pairs: H(p, q) ≥ H(p)")
    ax_s.legend()
    fig.tight_layout()
    return fig
