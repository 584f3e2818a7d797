r"""Lab `gradient-descent`: fitting a line by gradient descent with line search.

The model and loss of UDL chapter 6 (figure 6.1), on its twelve points (x_i, y_i):

    f[x, φ] = φ0 + φ1 x,      L(φ) = Σ_i (φ0 + φ1 x_i - y_i)²

The gradient, from autograd, is checked against central differences at every
point of the path:

    ∂L/∂φ_j ≈ (L(φ + ε e_j) - L(φ - ε e_j)) / 2ε.

Each step goes along -∇L as far as the line search says
(`_gradient_descent_steps.line_search_step`: golden section on the step size
α ∈ [0, α_max]). L is a quadratic, L(φ) = ‖Aφ - y‖² with A = [1, x], so the
minimum along the line is exact up to the search's tolerance, consecutive
gradients are orthogonal (the path zig-zags), and the loss gap shrinks at
least like ((κ - 1)/(κ + 1))² per step, κ the condition number of AᵀA. The
result is compared with the closed form, the normal equations
AᵀA φ = Aᵀy (`numpy.linalg.solve`).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

import gradschool as gs
from gradschool.labs.contract import Lab, LabConfig, Progress, Result, lab_text, register
from gradschool.optim.line_search_descent import descend_with_line_search
from gradschool.viz import save_figure
from gradschool.viz.contour import plot_trajectories

from .figures import plot_fits, plot_history
from .line_fit import (
    X_DATA,
    Y_DATA,
    gradient_check,
    least_squares,
    line_loss,
)


@dataclass
class GradientDescentConfig(LabConfig):
    """start: (φ0, φ1) where descent begins; alpha_max: the line search looks for the
    step size in [0, alpha_max]; line_search_tol: the width of its final bracket on α;
    max_steps, grad_tol: stop after max_steps steps or when ‖∇L‖ ≤ grad_tol;
    fd_eps: the step ε of the central differences."""

    start: tuple[float, float] = (0.2, 1.5)
    alpha_max: float = 0.5
    line_search_tol: float = 1e-9
    max_steps: int = 100
    grad_tol: float = 1e-10
    fd_eps: float = 1e-6


def run(config: GradientDescentConfig, out_dir: Path, progress: Progress) -> Result:
    """Descend from config.start with line search; compare with the normal equations."""
    phi = gs.tensor(np.array(config.start, dtype=np.float64), requires_grad=True)
    descent = descend_with_line_search(line_loss, phi, config.alpha_max, config.line_search_tol,
                                       config.max_steps, config.grad_tol)
    check = gradient_check(line_loss, descent.path, config.fd_eps)
    phi_ls = least_squares()
    with gs.no_grad():
        loss_ls = float(line_loss(phi_ls).data)
    fig, ax = plot_trajectories(line_loss, {"gradient descent + line search": descent.path},
                                minimum=phi_ls, log_levels=True, levels=25, xlim=(-0.2, 2.2),
                                ylim=(-1.0, 1.6), colorbar=True, xlabel="intercept φ0",
                                ylabel="slope φ1",
                                title=f"{len(descent.alphas)} steps of gradient descent "
                                      "with line search")
    ax.set_aspect("equal")
    ax.legend(loc="lower left", fontsize="small", framealpha=0.8)
    save_figure(fig, out_dir / "trajectory.svg")
    plot_fits(np.array(X_DATA), np.array(Y_DATA), descent.path, phi_ls, out_dir / "fits.svg")
    plot_history(descent, loss_ls, check, out_dir / "history.svg")
    metrics = {
        "final_params": descent.path[-1].tolist(),
        "least_squares_params": phi_ls.tolist(),
        "final_loss": descent.losses[-1],
        "least_squares_loss": loss_ls,
        "loss_history": descent.losses,
        "grad_check_max_abs_error": float(check.max()),
        "steps": len(descent.alphas),
    }
    gap = float(np.max(np.abs(descent.path[-1] - phi_ls)))
    headline = {
        "final φ": f"({descent.path[-1][0]:.6f}, {descent.path[-1][1]:.6f})",
        "normal equations φ": f"({phi_ls[0]:.6f}, {phi_ls[1]:.6f})",
        "max |φ − φ_LS|": f"{gap:.1e} after {len(descent.alphas)} steps",
        "final loss": f"{descent.losses[-1]:.6f} (least squares {loss_ls:.6f})",
        "gradient check": f"max |autograd − FD| = {check.max():.1e}",
    }
    return Result(metrics=metrics, headline=headline,
                  figures=["trajectory.svg", "fits.svg", "history.svg"])


LAB = register(Lab(
    id="gradient-descent", title="Gradient descent with line search: fitting a line",
    part="optimization", Config=GradientDescentConfig,
    presets={"quick": GradientDescentConfig(),
             "full": GradientDescentConfig(max_steps=1000)},
    run=run,
    summary="Gradient descent with a line search along −∇L zig-zags down the valley of a "
            "line fit to the least-squares solution of the normal equations; autograd's "
            "gradient matches finite differences.",
    explanation=lab_text(__name__, "explanation.md"), quick_seconds=1.0,
))
