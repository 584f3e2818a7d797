"""Lab `backprop`: vectorised backpropagation through a deep ReLU network, checked layer by layer.

A network with K = 5 hidden layers of width D = 6 (input D_i = 4, output
D_o = 2; every weight and bias N(0, 1), as in UDL notebook 7.2) and a
least-squares loss on a batch of I input/target pairs. The backward pass is
written by hand, vectorised over units and pairs (`_backprop_maths.backward`),
and each layer's ∂ℓ/∂Ω_k and ∂ℓ/∂β_k is compared with

- central finite differences of the loss, one parameter at a time;
- gs autograd on the same network built from gs.nn.Linear (float64, weights copied);

by the relative error ‖a − b‖ / max(‖a‖, ‖b‖, tiny) of each array (Frobenius
norm; `_backprop_maths.relative_error` says why not per entry). A
deliberately broken backward (the ReLU derivative dropped) runs through the
same check, to show that the check would catch it.

Metrics:
    max_rel_error_manual_vs_finite_diff, max_rel_error_manual_vs_autograd:
        the worst over every network, layer, weight and bias.
    per_layer: one record per layer k = 0..K: {layer, weight_shape,
        weight_rel_err_fd, bias_rel_err_fd, weight_rel_err_autograd,
        bias_rel_err_autograd} (worst over the networks) and
        {weight_grad_norm, bias_grad_norm} (median over the networks of ‖∂ℓ/∂Ω_k‖, ‖∂ℓ/∂β_k‖).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from gradschool.labs import Lab, LabConfig, Progress, Result, register
from gradschool.random import default_generator
from gradschool.report import save_figure

from . import _backprop_maths as bp
from ._backprop_figures import plot_gradient_norms, plot_layer_errors, plot_parity


@dataclass
class Config(LabConfig):
    """The network's shape, the batch, how many random networks, the finite-difference step."""

    input_dim: int = 4
    width: int = 6
    hidden_layers: int = 5
    output_dim: int = 2
    n_pairs: int = 4
    n_networks: int = 10
    fd_step: float = 1e-5


@dataclass
class Check:
    """One random network's gradients and their (weight, bias) errors per layer."""

    manual: bp.Gradients
    finite_diff: bp.Gradients
    broken: bp.Gradients
    err_fd: np.ndarray        # (K+1, 2): manual vs finite differences
    err_autograd: np.ndarray  # (K+1, 2): manual vs gs autograd
    err_broken: np.ndarray    # (K+1, 2): no-ReLU-derivative backward vs finite differences
    n_shrunk: int             # finite-difference steps shrunk to stay off a kink


def no_relu_derivative(f: np.ndarray) -> np.ndarray:
    """The classic bug: treat ReLU as the identity in the backward pass (derivative 1)."""
    return np.ones_like(f)


def check_network(config: Config, rng: np.random.Generator) -> Check:
    """Draw a network and a batch, run the hand-written backward and check it both ways."""
    sizes = bp.layer_sizes(config.input_dim, config.width, config.hidden_layers,
                           config.output_dim)
    net = bp.init_network(rng, sizes)
    X = rng.standard_normal((config.input_dim, config.n_pairs))
    Y = rng.standard_normal((config.output_dim, config.n_pairs))
    f, h = bp.forward(net, X)
    manual = bp.backward(net, f, h, Y)
    broken = bp.backward(net, f, h, Y, relu_grad=no_relu_derivative)
    autograd = bp.autograd_gradients(net, X, Y)
    finite_diff, n_shrunk = bp.finite_difference_gradients(net, X, Y, config.fd_step)
    return Check(manual, finite_diff, broken,
                 np.array(bp.layer_errors(manual, finite_diff)),
                 np.array(bp.layer_errors(manual, autograd)),
                 np.array(bp.layer_errors(broken, finite_diff)), n_shrunk)


def grad_norms(grads: bp.Gradients) -> np.ndarray:
    """(K+1, 2): ‖∂ℓ/∂Ω_k‖ and ‖∂ℓ/∂β_k‖ per layer."""
    return np.array([(np.linalg.norm(dW), np.linalg.norm(db))
                     for dW, db in zip(grads.weights, grads.biases)])


def per_layer_records(checks: list[Check]) -> list[dict[str, Any]]:
    """One record per layer: worst errors over the networks, median gradient norms."""
    err_fd = np.max([c.err_fd for c in checks], axis=0)
    err_ag = np.max([c.err_autograd for c in checks], axis=0)
    norms = np.median([grad_norms(c.manual) for c in checks], axis=0)
    shapes = [list(W.shape) for W in checks[0].manual.weights]
    return [{"layer": k, "weight_shape": shapes[k],
             "weight_rel_err_fd": float(err_fd[k, 0]), "bias_rel_err_fd": float(err_fd[k, 1]),
             "weight_rel_err_autograd": float(err_ag[k, 0]),
             "bias_rel_err_autograd": float(err_ag[k, 1]),
             "weight_grad_norm": float(norms[k, 0]), "bias_grad_norm": float(norms[k, 1])}
            for k in range(len(shapes))]


def run(config: Config, out_dir: Path, progress: Progress) -> Result:
    """Check `n_networks` random networks; plot the per-layer errors and gradient sizes."""
    rng = default_generator()
    checks = [check_network(config, rng)
              for _ in progress.track(range(config.n_networks), "checking networks")]
    per_layer = per_layer_records(checks)
    worst_fd = max(float(c.err_fd.max()) for c in checks)
    worst_ag = max(float(c.err_autograd.max()) for c in checks)
    # The broken backward counts as caught when some layer of the network is clearly off.
    caught = sum(float(c.err_broken.max()) > 1e-3 for c in checks)
    shrunk = sum(c.n_shrunk for c in checks)
    n_params = sum(W.size + b.size for W, b in zip(checks[0].manual.weights,
                                                   checks[0].manual.biases))

    save_figure(plot_layer_errors(checks), out_dir / "layer_errors.svg")
    save_figure(plot_parity(checks[0]), out_dir / "parity.svg")
    save_figure(plot_gradient_norms([grad_norms(c.manual) for c in checks]),
                out_dir / "gradient_norms.svg")
    metrics = {"max_rel_error_manual_vs_finite_diff": worst_fd,
               "max_rel_error_manual_vs_autograd": worst_ag,
               "per_layer": per_layer}
    headline = {"manual vs finite diff": f"{worst_fd:.1e}",
                "manual vs autograd": f"{worst_ag:.1e}",
                "broken backward caught": f"{caught} of {len(checks)} networks",
                "FD steps shrunk at a kink": f"{shrunk} of {n_params * len(checks)}"}
    return Result(metrics=metrics,
                  figures=["layer_errors.svg", "parity.svg", "gradient_norms.svg"],
                  headline=headline)


EXPLANATION = """
<p>A network with five hidden ReLU layers of six units (input of 4 numbers, output of 2,
every weight and bias drawn from N(0, 1)) is fed a small batch of input/target pairs,
held as the columns of <code>X</code> and <code>Y</code>. The forward pass stores every
pre-activation <code>f_k = β_k + Ω_k h_k</code> and activation <code>h_{k+1} = ReLU(f_k)</code>;
the loss is the sum of squared errors <code>ℓ = Σ ‖f_K − y‖²</code>.</p>
<p>The backward pass, written by hand, starts from <code>∂ℓ/∂f_K = 2(f_K − Y)</code> and
walks down one layer at a time with three matrix expressions:
<code>∂ℓ/∂Ω_k = ∂ℓ/∂f_k h_kᵀ</code>, <code>∂ℓ/∂β_k = ∂ℓ/∂f_k 1</code> and
<code>∂ℓ/∂f_{k−1} = I[f_{k−1} &gt; 0] ⊙ Ω_kᵀ ∂ℓ/∂f_k</code>. The product with
<code>h_kᵀ</code> sums the pairs' contributions for free: that is what "vectorised" buys.</p>
<p><b>The first figure</b> compares each layer's gradients with two references, by the
relative error ‖a − b‖ / max(‖a‖, ‖b‖) of the whole array (an error per entry would
blow up on entries that are nearly zero, where round-off alone is as large as the value).
Against <b>gs autograd</b> on the same network built from <code>gs.nn.Linear</code>, the
hand-written gradients agree to the last bit or nearly so: the same products are done in
the same order. Against <b>central finite differences</b> they agree to about 1e-9 to 1e-11:
along one parameter the loss is piecewise quadratic, so the central difference is exact
up to round-off (ε·ℓ/h) as long as the step does not cross a ReLU kink; the few steps
that would are shrunk until both ends lie in the same linear region. The red triangles are a
backward with the ReLU derivative left out: off by tens of percent in the layers below
the top, far above the check's noise, so the check catches it. (The top layer's gradient
does not pass through any ReLU, so even the broken backward gets that one right.)</p>
<p><b>The parity plot</b> shows every one of the network's gradient entries, hand-written
against finite differences: the correct backward lies on the diagonal; the broken one does
not. <b>The last figure</b> shows how large the gradients are, layer by layer. The bias
gradient <code>∂ℓ/∂β_k</code> is <code>∂ℓ/∂f_k</code> summed over the batch: it grows as it
travels down towards the input, multiplied by <code>Ω_kᵀ</code> and a ReLU mask at each
step (by roughly √(D/2) with N(0, 1) weights). The weight gradient
<code>∂ℓ/∂f_k h_kᵀ</code> also carries the activation <code>h_k</code>, which grew by the
same factor on the way up, so it stays large everywhere. Norms in the thousands, varying
by orders of magnitude from one random network to the next: a first sight of the
exploding gradients that a proper initialisation (the <code>initialization</code> lab)
prevents.</p>
"""

LAB = register(Lab(
    id="backprop", title="Backpropagation through a deep ReLU network", part="networks",
    Config=Config,
    presets={"quick": Config(), "full": Config(n_networks=200)},
    run=run,
    summary="A hand-written, vectorised backward pass through a 5-hidden-layer ReLU network "
            "matches gs autograd exactly and finite differences to ~1e-9, layer by layer, "
            "and the same check catches a backward that forgets the ReLU derivative.",
    explanation=EXPLANATION, quick_seconds=1.0,
))
