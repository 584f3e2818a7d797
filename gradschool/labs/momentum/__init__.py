r"""Lab `momentum`: gradient descent, heavy-ball momentum and Nesterov, measured against theory.

On a quadratic L(φ) = ½ φᵀAφ whose Hessian A has eigenvalues μ (flattest)
and L (steepest), condition number κ = L/μ, each method shrinks the error
‖φ_t - φ*‖ by a factor ρ per iteration (asymptotically, in the worst
direction), with its best parameters (Polyak 1964, Nesterov 1983):

    gradient descent   α = 2/(L + μ)                          ρ = (κ - 1)/(κ + 1)
    heavy ball         α = 4/(√L + √μ)²,  β = ((√κ-1)/(√κ+1))²  ρ = (√κ - 1)/(√κ + 1)
    Nesterov           α = 1/L,           β = (√κ-1)/(√κ+1)     ρ = 1 - 1/√κ

so reaching ‖φ_t - φ*‖ ≤ tol · ‖φ_0 - φ*‖ takes about ln(1/tol)/ln(1/ρ)
iterations: ~κ/2 · ln(1/tol) for gradient descent, ~√κ/2 · ln(1/tol) with
momentum. For κ = 100 and tol = 1e-6: 691, 69 and 132.

All three are `gs.optim.SGD`, whose momentum is PyTorch's:

    b_t = β b_{t-1} + g_t,   θ_t = θ_{t-1} - γ b_t          (b_1 = g_1)

Since γ b_t = θ_{t-1} - θ_t, this is θ_t = θ_{t-1} - γ g_t + β (θ_{t-1} - θ_{t-2}):
Polyak's heavy ball with α = γ. With `nesterov=True`, θ_t = θ_{t-1} - γ (g_t + β b_t)
is Nesterov's method written for the look-ahead point y_t = x_t + β (x_t - x_{t-1}):
the stored parameters are the y_t, where the gradient is taken, again with α = γ.

Then the same three, with the parameters the theory takes from the Hessian
at the minimum (found by Newton's method), train the 2-parameter Gabor model
of UDL chapter 6 on 30 noisy points, full batch: a non-convex loss whose
valley around the minimum is itself ill-conditioned (κ ≈ 25).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

import gradschool as gs
from gradschool.data.functions import gabor_data, gabor_loss, quadratic
from gradschool.labs.contract import Lab, LabConfig, Progress, Result, lab_text, register
from gradschool.optim.descend import MakeOptimizer, descend

from .figures import plot_convergence, plot_gabor_loss, plot_paths
from .theory import gabor_curvature, iterations_to_tol, optimal_settings, predicted_iterations

LABELS = {"sgd": "gradient descent", "momentum": "heavy-ball momentum",
          "nesterov": "Nesterov momentum"}


@dataclass
class MomentumConfig(LabConfig):
    """kappa: the quadratic's condition number (eigenvalues 1 and κ);
    tol: the relative error ‖φ_t‖/‖φ_0‖ to reach on the quadratic, within max_iterations;
    quadratic_start: φ_0 on the quadratic; gabor_start, gabor_steps: the Gabor runs;
    gabor_points: how many noisy data points the Gabor model fits."""

    kappa: float = 100.0
    tol: float = 1e-6
    max_iterations: int = 1500
    quadratic_start: tuple[float, float] = (-1.0, 0.1)
    gabor_start: tuple[float, float] = (-1.5, 20.0)
    gabor_steps: int = 50
    gabor_points: int = 30


def sgd_factory(setting: dict[str, Any]) -> MakeOptimizer:
    """params ↦ gs.optim.SGD(params, lr=α, momentum=β, nesterov=...) of one setting."""
    return lambda params: gs.optim.SGD(params, lr=setting["lr"], momentum=setting["momentum"],
                                       nesterov=setting["nesterov"])


def run_quadratic(config: MomentumConfig, progress: Progress) -> dict[str, Any]:
    """The three methods on ½(φ0² + κ φ1²) with the theory's settings for μ = 1, L = κ."""
    settings = optimal_settings(config.kappa, 1.0)

    def loss(phi: gs.Tensor) -> gs.Tensor:
        return quadratic(phi, kappa=config.kappa)

    runs = {}
    for name in progress.track(list(settings), "quadratic"):
        path, _ = descend(loss, config.quadratic_start, sgd_factory(settings[name]),
                          config.max_iterations)
        runs[name] = path
    return {"settings": settings, "paths": runs, "loss": loss}


def run_gabor(config: MomentumConfig, progress: Progress) -> dict[str, Any]:
    """The three methods on the Gabor model, with the settings for the Hessian at its minimum."""
    x, y = gabor_data(config.gabor_points, seed=config.seed)
    phi_star, loss_star, mu, L = gabor_curvature(x, y)
    settings = optimal_settings(L, mu)

    def loss(phi: gs.Tensor) -> gs.Tensor:
        return gabor_loss(phi, x, y)

    runs = {}
    for name in progress.track(list(settings), "Gabor model"):
        runs[name] = descend(loss, config.gabor_start, sgd_factory(settings[name]),
                             config.gabor_steps)
    return {"settings": settings, "runs": runs, "loss": loss, "minimum": phi_star,
            "minimum_loss": loss_star, "mu": mu, "L": L}


def run(config: MomentumConfig, out_dir: Path, progress: Progress) -> Result:
    """Iterations to tol on the quadratic (measured and predicted); the Gabor model's final loss."""
    quad = run_quadratic(config, progress)
    origin = np.zeros(2)
    measured = {name: iterations_to_tol(path, origin, config.tol)
                for name, path in quad["paths"].items()}
    predicted = {name: predicted_iterations(s["rate"], config.tol)
                 for name, s in quad["settings"].items()}
    gabor = run_gabor(config, progress)
    final_loss = {name: float(losses[-1]) for name, (_, losses) in gabor["runs"].items()}

    plot_convergence(quad["paths"], quad["settings"], measured, config,
                     out_dir / "quadratic_convergence.svg", LABELS)
    plot_paths(quad["loss"], {LABELS[k]: p[:(measured[k] or len(p) - 1) + 1]
                              for k, p in quad["paths"].items()}, (0.0, 0.0),
               f"Quadratic, κ = {config.kappa:g}: the paths to tol = {config.tol:g}",
               out_dir / "quadratic_paths.png")
    plot_paths(gabor["loss"], {LABELS[k]: p for k, (p, _) in gabor["runs"].items()},
               gabor["minimum"], f"Gabor model: {config.gabor_steps} steps, theory's "
               f"settings for κ = {gabor['L'] / gabor['mu']:.0f}",
               out_dir / "gabor_paths.png", xlim=(-3.0, 2.0), ylim=(10.0, 21.0))
    plot_gabor_loss({LABELS[k]: losses for k, (_, losses) in gabor["runs"].items()},
                    gabor["minimum_loss"], out_dir / "gabor_loss.svg")

    metrics = {"iterations_to_tol": measured, "predicted_iterations": predicted,
               "final_loss": final_loss}
    headline = {
        f"κ = {config.kappa:g}, iterations GD / momentum / Nesterov":
            " / ".join(str(measured[k]) for k in LABELS),
        "theory": " / ".join(str(predicted[k]) for k in LABELS),
        f"Gabor final loss (minimum {gabor['minimum_loss']:.4f})":
            " / ".join(f"{final_loss[k]:.4f}" for k in LABELS),
    }
    return Result(metrics=metrics, headline=headline,
                  figures=["quadratic_convergence.svg", "quadratic_paths.png",
                           "gabor_paths.png", "gabor_loss.svg"])


LAB = register(Lab(
    id="momentum", title="Momentum and Nesterov momentum", part="optimization",
    Config=MomentumConfig,
    presets={"quick": MomentumConfig(),
             "full": MomentumConfig(tol=1e-10, max_iterations=2500)},
    run=run,
    summary="On a quadratic with κ = 100, momentum and Nesterov reach 10⁻⁶ in ~√κ/2·ln(1/tol) "
            "iterations where gradient descent needs κ/2·ln(1/tol), as the theory predicts; "
            "on the Gabor model they reach the minimum while gradient descent still crawls.",
    explanation=lab_text(__name__, "explanation.md"), quick_seconds=2.5,
))
