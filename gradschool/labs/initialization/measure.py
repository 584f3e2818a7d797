"""Build deep networks and measure their activations' and gradients' spread layer by layer."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

import gradschool as gs
from gradschool.labs.contract import Progress
from gradschool.nn import init
from gradschool.random import default_generator

from .variances import WeightInit

ACTIVATIONS = {"relu": gs.nn.ReLU, "tanh": gs.nn.Tanh}


SATURATED = 0.99  # |a| above this counts as a saturated tanh unit


def make_network(depth: int, width: int, activation: str,
                 weight_init: WeightInit) -> gs.nn.Sequential:
    """[Linear(D, D), f] × depth in float64, weights by `weight_init`, biases zero.

    The weights are frozen (requires_grad False): the lab only needs ∂L/∂a_l,
    and autograd then skips the weight gradients, a third of the matmuls.
    """
    layers: list[gs.nn.Module] = []
    for _ in range(depth):
        linear = gs.nn.Linear(width, width, dtype="float64")
        weight_init(linear.weight)
        init.zeros_(linear.bias)
        layers += [linear, ACTIVATIONS[activation]()]
    return gs.nn.Sequential(*layers).requires_grad_(False)


def activations_per_layer(network: gs.nn.Sequential, x: gs.Tensor) -> list[gs.Tensor]:
    """a_1 … a_L (each (N, D)), every one asked to keep its gradient (retain_grad)."""
    kept, a = [], x
    for module in network:
        a = module(a)
        if not isinstance(module, gs.nn.Linear):
            a.retain_grad()
            kept.append(a)
    return kept


def measure(network: gs.nn.Sequential, x: np.ndarray, G: np.ndarray) -> dict[str, Any]:
    """Forward x (N, D), backpropagate L = Σ G ⊙ a_L; the variance of a_l and ∂L/∂a_l per layer.

    Each variance is taken over all N × D entries of the layer. Also returns
    a_L (the last layer's activations) for the histograms.
    """
    acts = activations_per_layer(network, gs.tensor(x, requires_grad=True))
    acts[-1].backward(gs.tensor(G))
    return {"forward_var": np.array([a.data.var() for a in acts]),
            "backward_var": np.array([a.grad.data.var() for a in acts]),
            "last": acts[-1].data}


def pooled_stds(variance: WeightInit, activation: str, depth: int, width: int, n_inputs: int,
                n_networks: int) -> dict[str, Any]:
    """measure() on `n_networks` fresh networks (fresh x ~ N(0, 1), G ~ N(0, 1) each).

    The std per layer is pooled: √(mean over networks of the variance). One
    narrow network's std wanders by a random factor (a product of one random
    factor per layer); pooling shows the mean behaviour the closed form gives.
    Returns forward_std, backward_std (lists per layer) and last (all a_L, stacked).
    """
    rng = default_generator()
    runs = []
    for _ in range(n_networks):
        network = make_network(depth, width, activation, variance)
        x = rng.standard_normal((n_inputs, width))
        G = rng.standard_normal((n_inputs, width))
        runs.append(measure(network, x, G))
    return {"forward_std": np.sqrt(np.mean([r["forward_var"] for r in runs], axis=0)).tolist(),
            "backward_std": np.sqrt(np.mean([r["backward_var"] for r in runs], axis=0)).tolist(),
            "last": np.concatenate([r["last"] for r in runs])}


def sweep(variances: dict[str, Callable[[int], WeightInit]], activation: str, depth: int,
          width: int, n_inputs: int, n_networks: int, progress: Progress) -> dict[str, Any]:
    """pooled_stds() for every σ² of `variances`.

    Returns {"forward_std": {label: [std per layer]}, "backward_std": {...},
    "last": {label: a_L of every network}}.
    """
    result: dict[str, dict[str, Any]] = {"forward_std": {}, "backward_std": {}, "last": {}}
    for label in progress.track(list(variances), f"{activation} {depth}×{width}"):
        pooled = pooled_stds(variances[label](width), activation, depth, width,
                             n_inputs, n_networks)
        for key, value in pooled.items():
            result[key][label] = value
    return result


def growth_per_layer(stds: list[float]) -> float:
    """The geometric-mean factor per layer, (std_L / std_1)^(1 / (L - 1))."""
    return (stds[-1] / stds[0]) ** (1.0 / (len(stds) - 1))


def saturated_fraction(a: np.ndarray) -> float:
    """The fraction of entries with |a| > 0.99."""
    return float(np.mean(np.abs(a) > SATURATED))
