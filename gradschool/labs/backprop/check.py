"""One random network's gradient check: the errors per layer and the gradient sizes."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .hand_backprop import Gradients


@dataclass
class Check:
    """One random network's gradients and their (weight, bias) errors per layer."""

    manual: Gradients
    finite_diff: Gradients
    broken: Gradients
    err_fd: np.ndarray        # (K+1, 2): manual vs finite differences
    err_autograd: np.ndarray  # (K+1, 2): manual vs gs autograd
    err_broken: np.ndarray    # (K+1, 2): no-ReLU-derivative backward vs finite differences
    n_shrunk: int             # finite-difference steps shrunk to stay off a kink


def no_relu_derivative(f: np.ndarray) -> np.ndarray:
    """The classic bug: treat ReLU as the identity in the backward pass (derivative 1)."""
    return np.ones_like(f)


def grad_norms(grads: Gradients) -> np.ndarray:
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
