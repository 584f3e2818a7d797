"""Lab `backprop`: vectorised backpropagation through a deep ReLU network, checked layer by layer.

A network with K = 5 hidden layers of width D = 6 (input D_i = 4, output
D_o = 2; every weight and bias N(0, 1), as in UDL notebook 7.2) and a
least-squares loss on a batch of I input/target pairs. The backward pass is
written by hand, vectorised over units and pairs (`hand_backprop.backward`),
and each layer's ∂ℓ/∂Ω_k and ∂ℓ/∂β_k is compared with

- central finite differences of the loss, one parameter at a time;
- gs autograd on the same network built from gs.nn.Linear (float64, weights copied);

by the relative error ‖a − b‖ / max(‖a‖, ‖b‖, tiny) of each array (Frobenius
norm; `hand_backprop.relative_error` says why not per entry). A
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

import numpy as np

from gradschool.labs.contract import Lab, LabConfig, Progress, Result, lab_text, register
from gradschool.random import default_generator
from gradschool.viz import save_figure

from . import hand_backprop as bp
from .check import Check, grad_norms, no_relu_derivative, per_layer_records
from .figures import plot_gradient_norms, plot_layer_errors, plot_parity


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


LAB = register(Lab(
    id="backprop", title="Backpropagation through a deep ReLU network", part="networks",
    Config=Config,
    presets={"quick": Config(), "full": Config(n_networks=200)},
    run=run,
    summary="A hand-written, vectorised backward pass through a 5-hidden-layer ReLU network "
            "matches gs autograd exactly and finite differences to ~1e-9, layer by layer, "
            "and the same check catches a backward that forgets the ReLU derivative.",
    explanation=lab_text(__name__, "explanation.md"), quick_seconds=1.0,
))
