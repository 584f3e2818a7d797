"""The figures of the `backprop` lab: per-layer errors, a parity plot, gradient sizes per layer."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from .check import Check

# Errors of exactly 0 (the same products in the same order) cannot sit on a log axis:
# they are drawn at this floor, in a band labelled "exactly 0".
ZERO_FLOOR = 1e-19


def _on_log_axis(errors: np.ndarray) -> np.ndarray:
    return np.maximum(errors, ZERO_FLOOR)


def plot_layer_errors(checks: list[Check]) -> Any:
    """Relative error per layer (log axis): manual vs finite differences, vs autograd, broken."""
    import matplotlib.pyplot as plt

    err_fd = np.max([c.err_fd for c in checks], axis=0)
    err_ag = np.max([c.err_autograd for c in checks], axis=0)
    err_broken = np.median([c.err_broken for c in checks], axis=0)
    layers = np.arange(len(err_fd))
    fig, ax = plt.subplots(figsize=(7, 4.2))
    ax.axhspan(ZERO_FLOOR / 3, ZERO_FLOOR * 3, color="0.92")
    ax.text(-0.45, ZERO_FLOOR * 4, "exactly 0", va="bottom", ha="left", fontsize=8,
            color="0.4")
    ax.axhline(np.finfo(np.float64).eps, color="0.6", lw=0.8, ls=":")
    ax.text(-0.45, np.finfo(np.float64).eps * 1.6, "float64 ε", fontsize=8, color="0.4")
    series = [
        (err_fd[:, 0], "C0", "o", "full", "manual vs finite diff: ∂ℓ/∂Ω_k"),
        (err_fd[:, 1], "C0", "o", "none", "manual vs finite diff: ∂ℓ/∂β_k"),
        (err_ag[:, 0], "C2", "s", "full", "manual vs gs autograd: ∂ℓ/∂Ω_k"),
        (err_ag[:, 1], "C2", "s", "none", "manual vs gs autograd: ∂ℓ/∂β_k"),
        (err_broken[:, 0], "C3", "^", "full", "no ReLU derivative vs finite diff: ∂ℓ/∂Ω_k"),
    ]
    for offset, (values, color, marker, fill, label) in zip(np.linspace(-0.2, 0.2, 5), series):
        ax.plot(layers + offset, _on_log_axis(values), ls="none", marker=marker, color=color,
                fillstyle=fill, markersize=7, label=label)
    ax.set_yscale("log")
    ax.set_ylim(ZERO_FLOOR / 5, 10)
    ax.set_xticks(layers, [f"{k}\n{'out' if k == layers[-1] else ''}" for k in layers])
    ax.set_xlabel("layer k (Ω_k maps h_k to f_k)")
    ax.set_ylabel("relative error ‖a − b‖ / max(‖a‖, ‖b‖)")
    ax.set_title(f"Hand-written backward, layer by layer (worst of {len(checks)} networks; "
                 "broken: median)", fontsize=10)
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.0, 0.5))
    return fig


def _flat(grads: Any) -> np.ndarray:
    return np.concatenate([g.ravel() for g in list(grads.weights) + list(grads.biases)])


def plot_parity(check: Check) -> Any:
    """Every gradient entry of one network: hand-written (correct and broken) vs finite diff."""
    import matplotlib.pyplot as plt

    fd = _flat(check.finite_diff)
    fig, ax = plt.subplots(figsize=(5, 4.5))
    ax.plot(fd, _flat(check.broken), "x", color="C3", ms=5,
            label="backward without ReLU derivative")
    ax.plot(fd, _flat(check.manual), "o", color="C0", ms=4, fillstyle="none",
            label="hand-written backward")
    limit = float(np.max(np.abs(np.concatenate([fd, _flat(check.broken)])))) * 1.5
    ax.plot([-limit, limit], [-limit, limit], color="0.5", lw=0.8, zorder=0, label="y = x")
    ticks = _symlog_ticks(limit)
    ax.set_xscale("symlog", linthresh=1.0)
    ax.set_yscale("symlog", linthresh=1.0)
    ax.set_xticks(ticks, [_tick_label(t) for t in ticks])
    ax.set_yticks(ticks, [_tick_label(t) for t in ticks])
    ax.set_xlabel("finite-difference estimate of ∂ℓ/∂θ")
    ax.set_ylabel("backward pass ∂ℓ/∂θ")
    ax.set_title(f"All {fd.size} gradient entries of one network", fontsize=10)
    ax.legend(fontsize=8, loc="upper left")
    return fig


def _symlog_ticks(limit: float) -> list[float]:
    """0, ±1 and every second power of ten up to `limit`, for a symlog axis."""
    powers = [10.0 ** p for p in range(0, int(np.log10(max(limit, 1.0))) + 1, 2)]
    return sorted([-p for p in powers] + [0.0] + powers)


def _tick_label(t: float) -> str:
    if t == 0:
        return "0"
    exponent = int(round(np.log10(abs(t))))
    sign = "−" if t < 0 else ""
    return f"{sign}1" if exponent == 0 else f"{sign}10$^{{{exponent}}}$"


def plot_gradient_norms(norms: list[np.ndarray]) -> Any:
    """‖∂ℓ/∂Ω_k‖ and ‖∂ℓ/∂β_k‖ per layer: each network thin, the median thick (log axis)."""
    import matplotlib.pyplot as plt

    stacked = np.array(norms)  # (networks, K+1, 2)
    layers = np.arange(stacked.shape[1])
    fig, ax = plt.subplots(figsize=(6, 4))
    for net_norms in stacked:
        # A layer whose units are all off has a zero gradient: a gap in its line.
        positive = np.where(net_norms[:, 0] > 0, net_norms[:, 0], np.nan)
        ax.plot(layers, positive, color="C0", alpha=0.2, lw=0.8)
    median = np.median(stacked, axis=0)
    ax.plot(layers, median[:, 0], "o-", color="C0", lw=2.5, label="‖∂ℓ/∂Ω_k‖, median")
    ax.plot(layers, median[:, 1], "s--", color="C1", lw=2, label="‖∂ℓ/∂β_k‖, median")
    ax.set_yscale("log")
    ax.set_xticks(layers)
    ax.set_xlabel("layer k (0 = next to the input)")
    ax.set_ylabel("Frobenius norm of the gradient")
    ax.set_title(f"Gradient size per layer ({len(stacked)} networks, N(0, 1) weights)",
                 fontsize=10)
    ax.legend(fontsize=8)
    return fig
