"""Figures of the `line-search` lab: the searches step by step, the Armijo test, convergence."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

import gradschool as gs
from gradschool.data.functions import two_gaussians
from gradschool.optim.line_search import LineSearchResult
from gradschool.viz import save_figure

TITLES = {"bracketing": "Bracketing (2 evaluations per step)",
          "golden": "Golden section (1 evaluation per step)"}


def _loss(phi: np.ndarray) -> np.ndarray:
    with gs.no_grad():
        return two_gaussians(phi).data


def _brackets(ax: Any, result: LineSearchResult) -> None:
    """One row per step: the bracket [a, b] as a bar, p and q as dots; the final bracket last."""
    for k, br in enumerate(result.history):
        ax.plot([br.a, br.b], [k, k], "-", color="tab:blue", lw=3, alpha=0.6,
                solid_capstyle="butt")
        ax.plot([br.p, br.q], [k, k], "o", color="tab:orange", ms=3)
    a, b = result.interval
    ax.plot([a, b], [len(result.history)] * 2, "-", color="tab:green", lw=4,
            solid_capstyle="butt", label=f"final bracket, width {b - a:.1e}")
    ax.plot([], [], "o", color="tab:orange", ms=3, label="p, q evaluated")
    ax.set(ylabel="step", ylim=(len(result.history) + 1, -1))


def _backtracking_rows(ax: Any, descent: Any, interval: tuple[float, float]) -> None:
    """One row per descent step: rejected trial points (x; a triangle at the border for
    those outside the interval), the accepted one (dot), the move (arrow)."""
    lo, hi = interval
    for k, search in enumerate(descent.searches):
        phi, alpha = descent.path[k], search.alpha
        d = (descent.path[k + 1] - phi) / alpha
        rejected = np.array([phi + t.alpha * d for t in search.history if not t.accepted])
        inside = rejected[(rejected >= lo) & (rejected <= hi)]
        ax.plot(inside, [k] * len(inside), "x", color="tab:red", ms=4)
        for edge, marker, outside in ((lo, "<", rejected < lo), (hi, ">", rejected > hi)):
            if outside.any():
                ax.plot([edge], [k], marker, color="tab:red", ms=5)
        ax.annotate("", xy=(descent.path[k + 1], k), xytext=(phi, k),
                    arrowprops={"arrowstyle": "->", "color": "tab:blue"})
        ax.plot([descent.path[k + 1]], [k], "o", color="tab:blue", ms=4)
    ax.plot([], [], "x", color="tab:red", label="rejected trial step")
    ax.plot([], [], ">", color="tab:red", label="rejected, outside the interval")
    ax.plot([], [], "o", color="tab:blue", label="accepted (Armijo)")
    ax.set(ylabel="descent step", ylim=(len(descent.searches), -1), xlim=(lo, hi))


def plot_searches(searches: dict[str, LineSearchResult], descent: Any,
                  interval: tuple[float, float], x_star: float, path: Path) -> None:
    """Top: L on the interval with the points each search evaluated. Bottom: the search
    step by step (brackets as bars; backtracking's trial steps and moves)."""
    import matplotlib.pyplot as plt

    phi = np.linspace(*interval, 400)
    L = _loss(phi)
    fig, axes = plt.subplots(2, 3, figsize=(14, 7.5), sharex="col", layout="constrained",
                             gridspec_kw={"height_ratios": [1, 1.6]})
    for col, name in enumerate(("bracketing", "golden", "backtracking")):
        top, bottom = axes[0, col], axes[1, col]
        top.plot(phi, L, "k-", lw=1.2, label="L(φ)")
        if name == "backtracking":
            points = np.array(descent.path)
            top.plot(points, _loss(points), "o-", color="tab:blue", ms=4, lw=0.8,
                     label=f"φ_k ({len(descent.searches)} steps)")
            _backtracking_rows(bottom, descent, interval)
            top.set_title(f"Backtracking from φ₀ = {descent.path[0]:g}")
        else:
            result = searches[name]
            evaluated = np.array([x for br in result.history for x in (br.p, br.q)])
            top.plot(evaluated, _loss(evaluated), "o", color="tab:orange", ms=3,
                     label=f"{result.evaluations} evaluations")
            _brackets(bottom, result)
            top.set_title(TITLES[name])
        top.axvline(x_star, color="gray", ls=":", lw=1)
        top.plot([x_star], [_loss(np.array([x_star]))[0]], "*", color="gold", ms=14,
                 markeredgecolor="k", label=f"φ* = {x_star:.4f}")
        bottom.axvline(x_star, color="gray", ls=":", lw=1)
        top.set(ylabel="L(φ)")
        bottom.set(xlabel="φ")
        top.legend(fontsize=8, loc="lower right")
        bottom.legend(fontsize=8, loc="lower right")
    save_figure(fig, path)


def plot_armijo(descent: Any, c: float, path: Path) -> None:
    """The first backtracking search: L(φ₀ + α d) against α, the tangent L₀ + α ∇Lᵀd,
    the Armijo line L₀ + c α ∇Lᵀd, and the trial steps α₀, ρα₀, ..."""
    import matplotlib.pyplot as plt

    search, phi0 = descent.searches[0], descent.path[0]
    d = (descent.path[1] - phi0) / search.alpha
    alphas = np.linspace(0.0, 1.05 * search.history[0].alpha, 400)
    fig, ax = plt.subplots(figsize=(7, 4.2), layout="constrained")
    ax.plot(alphas, _loss(phi0 + alphas * d), "k-", lw=1.5, label="L(φ₀ + α d),  d = −∇L(φ₀)")
    ax.plot(alphas, search.loss0 + alphas * search.slope, "--", color="gray", lw=1,
            label="tangent  L₀ + α ∇Lᵀd")
    ax.plot(alphas, search.loss0 + c * alphas * search.slope, "-", color="tab:green", lw=1.2,
            label=f"Armijo line  L₀ + c α ∇Lᵀd  (c = {c:g})")
    for trial in search.history:
        style = ("o", "tab:blue", "accepted") if trial.accepted else ("x", "tab:red", "rejected")
        ax.plot([trial.alpha], [trial.loss], style[0], color=style[1], ms=8, mew=2)
        ax.annotate(f"α = {trial.alpha:g}", (trial.alpha, trial.loss), textcoords="offset points",
                    xytext=(4, 6), fontsize=8)
    ax.plot([], [], "x", color="tab:red", mew=2, label="rejected: above the Armijo line")
    ax.plot([], [], "o", color="tab:blue", label="accepted: below it")
    lo = float(np.min(_loss(phi0 + alphas * d)))
    hi = max(search.loss0, max(t.loss for t in search.history))
    ax.set(xlabel="step size α", ylabel="loss", ylim=(lo - 0.1 * (hi - lo), hi + 0.35 * (hi - lo)),
           title=f"One backtracking search from φ₀ = {phi0:g}")
    ax.legend(fontsize=8, loc="lower right")
    save_figure(fig, path)


def plot_convergence(searches: dict[str, LineSearchResult], descent: Any, x_star: float,
                     path: Path) -> None:
    """The width of the bracket against the evaluations spent (and |φ_k − φ*| for backtracking),
    on a log scale: golden section closes in faster per evaluation."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.2), layout="constrained")
    brackets = searches["bracketing"]
    widths = [br.width for br in brackets.history] + [brackets.interval[1] - brackets.interval[0]]
    ax.semilogy(2 + 2 * np.arange(len(widths)), widths, "o-", ms=3,
                label="bracketing: width b − a (× 2/3 per 2 evaluations)")
    golden = searches["golden"]
    widths = [br.width for br in golden.history]
    ax.semilogy(2 + np.arange(len(widths)), widths, "s-", ms=3,
                label="golden section: width b − a (× 0.618 per evaluation)")
    spent = np.cumsum([0] + [1 + s.evaluations for s in descent.searches])
    error = np.maximum(np.abs(np.array(descent.path) - x_star), 1e-17)
    ax.semilogy(spent, error, "^-", ms=4, label="backtracking: |φ_k − φ*| (+ 1 gradient per step)")
    ax.set(xlabel="evaluations of L", ylabel="width / distance to φ*",
           title="How fast each search closes in")
    ax.legend(fontsize=8)
    save_figure(fig, path)
