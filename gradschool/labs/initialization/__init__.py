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

from gradschool.labs.contract import Lab, LabConfig, Progress, Result, lab_text, register
from gradschool.nn import init

from .figures import plot_histograms, plot_std_per_layer
from .measure import (
    growth_per_layer,
    saturated_fraction,
    sweep,
)
from .variances import WeightInit, he, normal_variance, unit_variance, xavier

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


def run(config: InitializationConfig, out_dir: Path, progress: Progress) -> Result:
    """Sweep σ² for ReLU and tanh at depth × width, and ReLU at small_depth × small_width."""
    n = (config.n_inputs, config.n_networks)
    relu = sweep(RELU_VARIANCES, "relu", config.depth, config.width, *n, progress)
    tanh = sweep(TANH_VARIANCES, "tanh", config.depth, config.width, *n, progress)
    small = sweep(RELU_VARIANCES, "relu", config.small_depth, config.small_width, *n, progress)
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


LAB = register(Lab(
    id="initialization", title="Initialization: exploding and vanishing signals",
    part="networks", Config=InitializationConfig,
    presets={"quick": InitializationConfig(),
             "full": InitializationConfig(n_inputs=1000, n_networks=20)},
    run=run,
    summary="Through 50 ReLU layers the activations and gradients grow by √(σ²D/2) per "
            "layer; He (σ² = 2/D) keeps them steady, and Xavier does the same for tanh.",
    explanation=lab_text(__name__, "explanation.md"), quick_seconds=4.0,
))
