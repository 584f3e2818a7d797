r"""Lab `adam`: fixed steps, normalised gradients, RMSProp, Adam with and without bias correction.

The loss of UDL notebook 6.5 (`adam_test_loss`),

    L(φ) = 1 - exp(-2 φ1²) · exp(-(φ0 - 0.7)²/8),

has its minimum at (0.7, 0), where the Hessian is diag(1/4, 4): sixteen
times more curved along φ1 than along φ0. From (-0.7, -0.9), every method
takes the same number of steps, all as gs.optim optimizers:

    descent, small and large step   SGD(lr=α):  φ ← φ - α g
    normalised gradients            Adam(betas=(0, 0), bias_correction=False):
                                    φ ← φ - α g / (|g| + ε)   elementwise
    RMSProp                         RMSprop(alpha=ρ): v ← ρ v + (1-ρ) g², φ ← φ - α g / (√v + ε)
    Adam                            Adam(betas=(β1, β2)): m, v moving averages of g and g²,
                                    bias-corrected, φ ← φ - α m̂ / (√v̂ + ε)
    Adam without bias correction    Adam(..., bias_correction=False): φ ← φ - α m / (√v + ε)

With betas = (0, 0), m = g and v = g², so Adam's update is exactly the
normalised gradient (RMSprop(alpha=0) is the same update). A fixed step
α > 1/2 makes descent unstable along φ1 near the minimum (α · 4 > 2), and
it settles into a 2-cycle: φ1 ↦ -φ1 where α ∂L/∂φ1 = 2 φ1, i.e. at
φ1 = ±√(ln(2α)/2) on the line φ0 = 0.7, with loss 1 - 1/(2α).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

import gradschool as gs
from gradschool.data.functions import ADAM_TEST_MINIMUM, adam_test_loss
from gradschool.labs.contract import Lab, LabConfig, Progress, Result, lab_text, register
from gradschool.optim.descend import MakeOptimizer, descend

from .figures import plot_loss, plot_paths, plot_step_lengths
from .theory import two_cycle, uncorrected_factor

LABELS = {
    "descent_small": "descent, small step",
    "descent_large": "descent, large step",
    "normalised": "normalised gradients",
    "rmsprop": "RMSProp",
    "adam": "Adam",
    "adam_no_bias_correction": "Adam, no bias correction",
}


@dataclass
class AdamConfig(LabConfig):
    """start: φ_0; steps: the steps every method takes; small_lr, large_lr: the fixed steps
    of plain descent; lr: the step of the normalised, RMSProp and Adam updates;
    beta1, beta2: Adam's decay rates; rmsprop_alpha: RMSProp's; eps: the ε of all three."""

    start: tuple[float, float] = (-0.7, -0.9)
    steps: int = 200
    small_lr: float = 0.02
    large_lr: float = 0.6
    lr: float = 0.05
    beta1: float = 0.9
    beta2: float = 0.999
    rmsprop_alpha: float = 0.99
    eps: float = 1e-8


def optimizers(config: AdamConfig) -> dict[str, MakeOptimizer]:
    """Each method of the lab as params ↦ its gs.optim optimizer (see the module doc)."""
    O = gs.optim
    betas = (config.beta1, config.beta2)
    return {
        "descent_small": lambda ps: O.SGD(ps, lr=config.small_lr),
        "descent_large": lambda ps: O.SGD(ps, lr=config.large_lr),
        "normalised": lambda ps: O.Adam(ps, lr=config.lr, betas=(0.0, 0.0), eps=config.eps,
                                        bias_correction=False),
        "rmsprop": lambda ps: O.RMSprop(ps, lr=config.lr, alpha=config.rmsprop_alpha,
                                        eps=config.eps),
        "adam": lambda ps: O.Adam(ps, lr=config.lr, betas=betas, eps=config.eps),
        "adam_no_bias_correction": lambda ps: O.Adam(ps, lr=config.lr, betas=betas,
                                                     eps=config.eps, bias_correction=False),
    }


def run_all(config: AdamConfig, progress: Progress) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """{method: (path (steps + 1, 2), losses (steps + 1,))} from `config.start`."""
    return {name: descend(adam_test_loss, config.start, make, config.steps)
            for name, make in progress.track(list(optimizers(config).items()), "optimizers")}


def run(config: AdamConfig, out_dir: Path, progress: Progress) -> Result:
    """Every method from the same start; paths, losses, final positions."""
    runs = run_all(config, progress)
    minimum = np.array(ADAM_TEST_MINIMUM)
    final_position = {k: path[-1].tolist() for k, (path, _) in runs.items()}
    final_loss = {k: float(losses[-1]) for k, (_, losses) in runs.items()}
    labelled: dict[str, Any] = {LABELS[k]: v for k, v in runs.items()}
    plot_paths(labelled, minimum, out_dir / "paths.png")
    plot_loss({k: losses for k, (_, losses) in labelled.items()}, config.steps,
              out_dir / "loss.svg")
    plot_step_lengths(runs["adam"][0], runs["adam_no_bias_correction"][0], config,
                      uncorrected_factor, out_dir / "bias_correction.svg")
    distance = {k: float(np.linalg.norm(np.array(p) - minimum)) for k, p in final_position.items()}
    headline = {
        f"Adam: distance to (0.7, 0) after {config.steps} steps": f"{distance['adam']:.1e}",
        "no bias correction": f"{distance['adam_no_bias_correction']:.1e}",
        "small / large fixed step": f"{distance['descent_small']:.2f} / "
                                    f"{distance['descent_large']:.2f}",
        "normalised / RMSProp": f"{distance['normalised']:.3f} / {distance['rmsprop']:.3f}",
    }
    if config.large_lr > 0.5:
        headline["large step: |φ1| (2-cycle theory)"] = (
            f"{abs(final_position['descent_large'][1]):.3f} ({two_cycle(config.large_lr):.3f})")
    return Result(metrics={"final_position": final_position, "final_loss": final_loss},
                  headline=headline, figures=["paths.png", "loss.svg", "bias_correction.svg"])


LAB = register(Lab(
    id="adam", title="Normalised gradients, RMSProp and Adam", part="optimization",
    Config=AdamConfig,
    presets={"quick": AdamConfig(), "full": AdamConfig(steps=500)},
    run=run,
    summary="On a valley 16 times more curved across than along, fixed-step descent crawls "
            "or oscillates, normalised gradients and RMSProp bounce, and Adam settles at the "
            "minimum; without bias correction its first steps are several times too long.",
    explanation=lab_text(__name__, "explanation.md"), quick_seconds=2.0,
))
