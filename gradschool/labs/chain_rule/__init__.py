"""Lab `chain-rule`: the chain rule, one number at a time.

The toy model of Understanding Deep Learning §7.3,

    f = b3 + w3·cos(b2 + w2·exp(b1 + w1·sin(b0 + w0·x))),   ℓ = (f − y)²,

at b = (1, 2, −3, 0.4), w = (0.1, −0.4, 2, 3), x = 2.3, y = 2.0. Its gradient
∂ℓ/∂θ for the eight parameters θ = b0..b3, w0..w3 is computed four ways:

- by hand: the forward pass f0, h1, …, f3, ℓ and the backward pass
  ∂ℓ/∂f3, ∂ℓ/∂h3, …, ∂ℓ/∂f0, every intermediate kept (`_chain_rule_maths`);
- by the scalar engine, `gradschool.scalar.Value.backward()` (and its graph drawn);
- by the Tensor engine, gs autograd on float64 vectors b and w;
- by central finite differences, (ℓ(θ + h) − ℓ(θ − h)) / 2h.

Metrics:
    loss: ℓ at the given point.
    forward_pass: {f0, h1, f1, h2, f2, h3, f3, loss}.
    backward_pass: {dl/df3, dl/dh3, dl/df2, dl/dh2, dl/df1, dl/dh1, dl/df0}.
    grads_manual, grads_scalar, grads_tensor, grads_finite_diff: {b0..b3, w0..w3}.
    max_abs_disagreement: max over every pair of methods and every parameter of |g_A − g_B|
        (finite differences included, so it is their error, ~1e-9).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from gradschool.labs.contract import Lab, LabConfig, Progress, Result, lab_text, register
from gradschool.viz import draw_graph, save_figure

from . import toy_model as cr
from .figures import plot_methods, plot_passes, plot_step_sweep


@dataclass
class Config(LabConfig):
    """The point where the gradient is taken, and the finite-difference step."""

    b: tuple[float, ...] = (1.0, 2.0, -3.0, 0.4)
    w: tuple[float, ...] = (0.1, -0.4, 2.0, 3.0)
    x: float = 2.3
    y: float = 2.0
    fd_step: float = 1e-6


def check_config(config: Config) -> None:
    """The model has exactly four biases and four weights."""
    if len(config.b) != 4 or len(config.w) != 4:
        raise ValueError(f"chain-rule: b and w need 4 numbers each, got b={config.b} "
                         f"({len(config.b)}) and w={config.w} ({len(config.w)})")


def run(config: Config, out_dir: Path, progress: Progress) -> Result:
    """Differentiate the toy model four ways; draw the graph, the passes and the comparison."""
    check_config(config)
    b, w, x, y = config.b, config.w, config.x, config.y
    forward = cr.forward_by_hand(b, w, x, y)
    backward = cr.backward_by_hand(forward, w, y)
    methods = {
        "by hand": cr.parameter_grads_by_hand(forward, backward, x),
        "scalar engine": cr.grads_scalar_engine(b, w, x, y),
        "tensor engine": cr.grads_tensor_engine(b, w, x, y),
        "finite differences": cr.grads_finite_difference(b, w, x, y, config.fd_step),
    }
    pairs = cr.max_abs_disagreement(methods)
    exact = max(v for pair, v in pairs.items() if "finite" not in pair)

    loss_value, _ = cr.scalar_graph(b, w, x, y)
    draw_graph(loss_value, out_dir / "graph.svg", rankdir="TB")
    save_figure(plot_methods(methods), out_dir / "methods.svg")
    save_figure(plot_passes(forward, backward, methods["by hand"]), out_dir / "passes.svg")

    def fd_error(step: float) -> float:
        fd = cr.grads_finite_difference(b, w, x, y, step)
        return max(abs(fd[p] - methods["by hand"][p]) for p in cr.PARAMETERS)

    save_figure(plot_step_sweep(fd_error, np.logspace(-10, -2, 33), config.fd_step),
                out_dir / "fd_step.svg")

    metrics = {
        "loss": forward["loss"],
        "forward_pass": forward,
        "backward_pass": backward,
        "grads_manual": methods["by hand"],
        "grads_scalar": methods["scalar engine"],
        "grads_tensor": methods["tensor engine"],
        "grads_finite_diff": methods["finite differences"],
        "max_abs_disagreement": max(pairs.values()),
    }
    headline = {"loss": f"{forward['loss']:.6f}",
                "∂ℓ/∂w1": f"{methods['by hand']['w1']:.6f}",
                "hand vs scalar vs tensor": f"{exact:.1e}",
                "max disagreement (finite diff incl.)": f"{max(pairs.values()):.1e}"}
    return Result(metrics=metrics,
                  figures=["methods.svg", "passes.svg", "graph.svg", "fd_step.svg"],
                  headline=headline)


LAB = register(Lab(
    id="chain-rule", title="The chain rule, one number at a time", part="networks",
    Config=Config,
    presets={"quick": Config(), "full": Config()},
    run=run,
    summary="The gradient of a small sin-exp-cos model, worked out by hand with the chain rule, "
            "matches the scalar engine and the Tensor engine exactly and finite differences "
            "to ~1e-9; its computational graph is drawn with every value and gradient.",
    explanation=lab_text(__name__, "explanation.md"), quick_seconds=2.0,
    check=check_config,
))
