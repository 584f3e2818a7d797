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

from gradschool.labs import Lab, LabConfig, Progress, Result, register
from gradschool.report import save_figure
from gradschool.viz import draw_graph

from . import _chain_rule_maths as cr
from ._chain_rule_figures import plot_methods, plot_passes, plot_step_sweep


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


EXPLANATION = """
<p>The model is a chain of four "layers", each an affine map followed by a function:
<code>f0 = b0 + w0·x</code>, <code>h1 = sin f0</code>, <code>f1 = b1 + w1·h1</code>,
<code>h2 = exp f1</code>, <code>f2 = b2 + w2·h2</code>, <code>h3 = cos f2</code>,
<code>f3 = b3 + w3·h3</code>, and the loss <code>ℓ = (f3 − y)²</code>. Written out in one
line it is a nest of sin, exp and cos that nobody would differentiate by staring at it;
written as a chain, each link has a derivative anyone can write down.</p>
<p><b>The table</b> shows the forward pass (every intermediate value, from the input to the
loss) and the backward pass, as in <i>Understanding Deep Learning</i>, chapter 7: start
from <code>∂ℓ/∂f3 = 2(f3 − y)</code> and walk back, multiplying by one local derivative at a
time: <code>w_k</code> to go from <code>f_k</code> back to <code>h_k</code>, and the
derivative of sin, exp or cos to go from <code>h_k</code> back to <code>f_{k−1}</code>.
Every parameter's gradient is then read off its layer: <code>∂ℓ/∂b_k = ∂ℓ/∂f_k</code> and
<code>∂ℓ/∂w_k = h_k·∂ℓ/∂f_k</code>. The backward pass reuses the values the forward pass
stored, which is why backpropagation costs about as much as one more forward pass.</p>
<p><b>The comparison</b> puts the hand-computed gradient next to three others: the scalar
engine (<code>gradschool.scalar.Value</code>, which records every operation as it is done
and replays the chain rule backwards), the Tensor engine (gs autograd, float64), and
central finite differences. The three chain-rule methods agree to the last bit: they do the
same multiplications. Finite differences need only the forward pass, but they are an
approximation: their error is the truncation error of the central difference, O(h²),
plus round-off, O(ε/h). The last figure sweeps the step h to show that trade-off; at the
step used here the finite differences agree to about 1e-9.</p>
<p><b>The graph</b> is the scalar engine's record of the computation after
<code>backward()</code>: every box holds a value (its <code>data</code>) and the derivative of
the loss with respect to it (its <code>grad</code>), every ellipse the operation that made
the next value. Follow it from the loss at the bottom up to the inputs and you are reading
the backward pass of the table.</p>
"""

LAB = register(Lab(
    id="chain-rule", title="The chain rule, one number at a time", part="networks",
    Config=Config,
    presets={"quick": Config(), "full": Config()},
    run=run,
    summary="The gradient of a small sin-exp-cos model, worked out by hand with the chain rule, "
            "matches the scalar engine and the Tensor engine exactly and finite differences "
            "to ~1e-9; its computational graph is drawn with every value and gradient.",
    explanation=EXPLANATION, quick_seconds=2.0,
))
