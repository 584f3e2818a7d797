"""Lab `initialization`: activations and gradients explode or vanish with depth, unless He/Xavier.

A deep network of L fully-connected layers of width D, with zero biases and
weights drawn i.i.d. from N(0, σ²):

    z_l = W_l a_{l-1},   a_l = f(z_l),   l = 1..L,   a_0 = x ~ N(0, 1)   (N inputs, D features)

For f = ReLU the second moments obey a closed form. Each entry of z_l sums D
independent terms, so E[z_l²] = D σ² E[a_{l-1}²], and ReLU keeps half of a
symmetric z's energy, E[a_l²] = ½ E[z_l²]. The std of the activations is a
fixed multiple of √E[z_l²], so from layer to layer it is multiplied by

    r = √(σ² D / 2):   σ² = 2/D (He) keeps it, σ² = 1 multiplies it by √(D/2),
                       σ² = 1/D shrinks it by √(1/2).

Backward, with L = Σ G ⊙ a_L for a fixed random G ~ N(0, 1) (so ∂L/∂a_L = G):
∂L/∂a_{l-1} = W_lᵀ (∂L/∂a_l ⊙ 1[z_l > 0]) has variance D σ² · ½ Var(∂L/∂a_l):
the gradients grow by the same r per layer, walking from the output to the
input. For tanh, whose slope is 1 at 0, σ² = 1/D (Xavier: 2/(D_in + D_out)
for square layers) keeps the signal alive for many layers, while a large σ²
drives every unit into saturation (|a| → 1).

The lab measures the std of a_l and of ∂L/∂a_l (through gs autograd with
`retain_grad()` on every activation) for a sweep of σ², pooled over a few
independent networks (√ of the mean variance: one network of 80 units drifts
by a random factor of 2-3 over 50 layers), in float64 so that
σ² = 1 over 50 layers of 80 units (a factor √40⁵⁰ ≈ 1e40) does not overflow.
Weights are drawn by the library's own gs.nn.init functions.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

import gradschool as gs

from ..random import default_generator
from ._initialization_figures import plot_histograms, plot_std_per_layer
from .contract import Lab, LabConfig, Progress, Result, register

init = gs.nn.init
WeightInit = Callable[[gs.Tensor], Any]


def normal_variance(scale: float) -> Callable[[int], WeightInit]:
    """σ² = scale / D: a factory taking the width D, giving W ↦ normal_(W, 0, √(scale/D))."""
    return lambda width: lambda W: init.normal_(W, 0.0, math.sqrt(scale / width))


def he(width: int) -> WeightInit:
    """σ² = 2/D, with gs.nn.init.kaiming_normal_ (fan_in mode, ReLU gain √2)."""
    return lambda W: init.kaiming_normal_(W, nonlinearity="relu")


def xavier(gain: float) -> Callable[[int], WeightInit]:
    """σ² = gain² · 2 / (D_in + D_out), with gs.nn.init.xavier_normal_."""
    return lambda width: lambda W: init.xavier_normal_(W, gain=gain)


def unit_variance(width: int) -> WeightInit:
    """σ² = 1, whatever the width."""
    return lambda W: init.normal_(W, 0.0, 1.0)


RELU_VARIANCES: dict[str, Callable[[int], WeightInit]] = {
    "1": unit_variance,
    "4/D": normal_variance(4.0),
    "2/D (He)": he,
    "1/D": normal_variance(1.0),
    "0.5/D": normal_variance(0.5),
}
TANH_VARIANCES: dict[str, Callable[[int], WeightInit]] = {
    "1": unit_variance,
    "4/D": normal_variance(4.0),
    "(5/3)²/D (Xavier, tanh gain)": xavier(init.calculate_gain("tanh")),
    "1/D (Xavier)": xavier(1.0),
    "0.5/D": normal_variance(0.5),
}
ACTIVATIONS = {"relu": gs.nn.ReLU, "tanh": gs.nn.Tanh}
SATURATED = 0.99  # |a| above this counts as a saturated tanh unit


@dataclass
class InitializationConfig(LabConfig):
    """depth × width: the deep network; small_depth × small_width: the shallow, narrow one;
    n_inputs: how many N(0, 1) input vectors are pushed through each network;
    n_networks: how many random networks each std is pooled over."""

    depth: int = 50
    width: int = 80
    small_depth: int = 5
    small_width: int = 8
    n_inputs: int = 200
    n_networks: int = 10


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
          width: int, config: InitializationConfig, progress: Progress) -> dict[str, Any]:
    """pooled_stds() for every σ² of `variances`.

    Returns {"forward_std": {label: [std per layer]}, "backward_std": {...},
    "last": {label: a_L of every network}}.
    """
    result: dict[str, dict[str, Any]] = {"forward_std": {}, "backward_std": {}, "last": {}}
    for label in progress.track(list(variances), f"{activation} {depth}×{width}"):
        pooled = pooled_stds(variances[label](width), activation, depth, width,
                             config.n_inputs, config.n_networks)
        for key, value in pooled.items():
            result[key][label] = value
    return result


def growth_per_layer(stds: list[float]) -> float:
    """The geometric-mean factor per layer, (std_L / std_1)^(1 / (L - 1))."""
    return (stds[-1] / stds[0]) ** (1.0 / (len(stds) - 1))


def saturated_fraction(a: np.ndarray) -> float:
    """The fraction of entries with |a| > 0.99."""
    return float(np.mean(np.abs(a) > SATURATED))


def run(config: InitializationConfig, out_dir: Path, progress: Progress) -> Result:
    """Sweep σ² for ReLU and tanh at depth × width, and ReLU at small_depth × small_width."""
    relu = sweep(RELU_VARIANCES, "relu", config.depth, config.width, config, progress)
    tanh = sweep(TANH_VARIANCES, "tanh", config.depth, config.width, config, progress)
    small = sweep(RELU_VARIANCES, "relu", config.small_depth, config.small_width, config,
                  progress)
    deep = f"{config.depth} layers × {config.width} units"
    plot_std_per_layer(relu, f"ReLU, {deep}", out_dir / "relu_std.svg", width=config.width)
    plot_std_per_layer(tanh, f"tanh, {deep}", out_dir / "tanh_std.svg")
    plot_std_per_layer(small, f"ReLU, {config.small_depth} layers × {config.small_width} units",
                       out_dir / "relu_small_std.svg", width=config.small_width)
    plot_histograms(tanh["last"], f"tanh: activations a_{config.depth} of the last layer",
                    out_dir / "tanh_last_layer.svg")
    saturation = {label: saturated_fraction(a) for label, a in tanh["last"].items()}
    xavier_last = tanh["forward_std"]["1/D (Xavier)"][-1]
    metrics = {
        "forward_std": relu["forward_std"],
        "backward_std": relu["backward_std"],
        "he_forward_std_last": relu["forward_std"]["2/D (He)"][-1],
        "unit_var_forward_std_last": relu["forward_std"]["1"][-1],
        "tanh": {"forward_std": tanh["forward_std"], "backward_std": tanh["backward_std"],
                 "xavier_forward_std_last": xavier_last,
                 "saturated_fraction_last": saturation},
        "relu_small": {"forward_std": small["forward_std"],
                       "backward_std": small["backward_std"]},
    }
    he_stds = relu["forward_std"]["2/D (He)"]
    headline = {
        f"He: std a_{config.depth} / a_1": f"{he_stds[-1] / he_stds[0]:.2f}",
        f"σ² = 1: std a_{config.depth}": f"{metrics['unit_var_forward_std_last']:.1e}",
        f"σ² = 1/D: std a_{config.depth}": f"{relu['forward_std']['1/D'][-1]:.1e}",
        "σ² = 1 growth per layer": f"{growth_per_layer(relu['forward_std']['1']):.2f} "
                                   f"(√(D/2) = {math.sqrt(config.width / 2):.2f})",
        f"tanh Xavier: std a_{config.depth}": f"{xavier_last:.2f}",
        "tanh σ² = 1: saturated": f"{saturation['1']:.0%}",
    }
    return Result(metrics=metrics, headline=headline,
                  figures=["relu_std.svg", "tanh_std.svg", "relu_small_std.svg",
                           "tanh_last_layer.svg"])


EXPLANATION = """
<p>A deep network multiplies its input by one random matrix after another. Each layer
computes <code>z = W a</code> and <code>a = f(z)</code>; if every weight is drawn from
N(0, σ²), each entry of z sums D terms, so its variance is <code>D σ² E[a²]</code>. A ReLU
then zeroes half of z, keeping half of its energy. Per layer the size of the signal is
multiplied by <code>√(σ² D / 2)</code>: over 50 layers any factor other than 1 becomes
astronomically large or small.</p>
<p>The first figure shows it on 50 layers of 80 ReLU units. With σ² = 1 the std of the
activations grows by √40 ≈ 6.3 per layer, to about 1e40 at the top; with σ² = 1/D it halves
every two layers. Only <b>He</b> initialisation, σ² = 2/D, keeps it flat (dashed lines: the
closed form). The gradients, walked backward from a random output gradient, obey the
same factor, because the backward pass multiplies by <code>Wᵀ</code> and the same ReLU
masks: they explode or vanish toward the input, and with them the weight updates of the
first layers.</p>
<p>tanh behaves like the identity near 0, so the matching choice is <b>Xavier</b>,
σ² = 2/(D_in + D_out) = 1/D: the signal fades only slowly (its std stays of order 0.1 after
50 layers), while σ² = 0.5/D kills it. Too large a variance cannot blow up the
activations, since tanh is bounded, but it pushes most units to ±1 (last figure): the
network has become a chain of sign functions, its output jumps with every small change
of the input, and the gradients, still multiplied by <code>Wᵀ</code> at every layer,
grow toward the input. PyTorch's tanh gain, σ² = (5/3)²/D, settles at a steady std in
between.</p>
<p>A 5-layer network of 8 units shows the same drift, only over fewer layers, and with
more noise: with 8 units the sum over D terms is far from its average.</p>
<p>Each curve pools several random networks (the square root of their mean variance):
a single network of 80 units is itself random, and its std wanders by a factor of 2 or
3 over 50 layers even with He initialisation. The closed form describes the average.</p>
"""

LAB = register(Lab(
    id="initialization", title="Initialization: exploding and vanishing signals",
    part="networks", Config=InitializationConfig,
    presets={"quick": InitializationConfig(),
             "full": InitializationConfig(n_inputs=1000, n_networks=20)},
    run=run,
    summary="Through 50 ReLU layers the activations and gradients grow by √(σ²D/2) per "
            "layer; He (σ² = 2/D) keeps them steady, and Xavier does the same for tanh.",
    explanation=EXPLANATION, quick_seconds=4.0,
))
