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
from typing import Any

import numpy as np

import gradschool as gs

from ..report import save_figure
from ..viz.contour import plot_trajectories
from ._gradient_descent_figures import plot_fits, plot_history
from ._gradient_descent_steps import descend_with_line_search
from .contract import Lab, LabConfig, Progress, Result, register

# The twelve points of UDL chapter 6 (notebook 6.2, figure 6.1).
X_DATA = (0.03, 0.19, 0.34, 0.46, 0.78, 0.81, 1.08, 1.18, 1.39, 1.60, 1.65, 1.90)
Y_DATA = (0.67, 0.85, 1.05, 1.0, 1.40, 1.5, 1.3, 1.54, 1.55, 1.68, 1.73, 1.6)


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


def line_loss(phi: Any, x: Any = X_DATA, y: Any = Y_DATA) -> gs.Tensor:
    r"""L(φ) = Σ_i (φ0 + φ1 x_i - y_i)² for phi of shape (2,) (a scalar) or stacked grids
    (2, H, W) (an (H, W) surface for contours)."""
    phi = phi if isinstance(phi, gs.Tensor) else gs.tensor(np.asarray(phi, dtype=np.float64))
    x, y = gs.tensor(np.asarray(x, dtype=np.float64)), gs.tensor(np.asarray(y, dtype=np.float64))
    residual = phi[0].unsqueeze(-1) + phi[1].unsqueeze(-1) * x - y
    return (residual * residual).sum(dim=-1)


def least_squares(x: Any = X_DATA, y: Any = Y_DATA) -> np.ndarray:
    """φ = (AᵀA)⁻¹ Aᵀy with A = [1, x] (the normal equations, solved by numpy)."""
    A = np.column_stack([np.ones(len(x)), np.asarray(x, dtype=np.float64)])
    return np.linalg.solve(A.T @ A, A.T @ np.asarray(y, dtype=np.float64))


def finite_difference_gradient(loss_fn: Any, phi: np.ndarray, eps: float) -> np.ndarray:
    """(L(φ + ε e_j) - L(φ - ε e_j)) / 2ε for every j: error O(ε²) (zero for a quadratic)
    plus rounding of order (machine ε) · L / ε."""
    grad = np.zeros_like(phi)
    with gs.no_grad():
        for j in range(phi.size):
            e = np.zeros_like(phi)
            e[j] = eps
            grad[j] = (float(loss_fn(phi + e).data) - float(loss_fn(phi - e).data)) / (2 * eps)
    return grad


def gradient_check(loss_fn: Any, points: np.ndarray, eps: float) -> np.ndarray:
    """max_j |autograd ∂L/∂φ_j - central difference| at each point (rows of `points`)."""
    errors = []
    for point in points:
        phi = gs.tensor(point, dtype=gs.float64, requires_grad=True)
        (g,) = gs.autograd.grad(loss_fn(phi), [phi])
        errors.append(float(np.max(np.abs(g.data - finite_difference_gradient(loss_fn, point,
                                                                              eps)))))
    return np.array(errors)


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


EXPLANATION = """
<p>Fitting the line <code>f[x, φ] = φ0 + φ1 x</code> to twelve points (UDL chapter 6)
means minimising the least-squares loss <code>L(φ) = Σ (φ0 + φ1 xᵢ − yᵢ)²</code>.
This one has a closed form (the normal equations, <code>AᵀA φ = Aᵀy</code>), which
makes it the place to watch gradient descent work and to check that it finds the right
answer.</p>
<p>Each step computes the gradient <code>∇L(φ)</code> with autograd, then a <b>line
search</b> (golden section on the step size α) finds how far to go along
<code>−∇L</code>: the minimum of <code>L(φ − α∇L)</code>. The first figure draws the
path on the contours of the loss (a logarithmic colour scale shows the long, narrow
valley). Because each step stops exactly at the lowest point along its line, the new
gradient is perpendicular to the old one: the path zig-zags at right angles down the
valley. The valley is narrow because the two directions are scaled differently —
the condition number κ of AᵀA is about 12.5 — and the loss gap shrinks by at most
((κ − 1)/(κ + 1))² ≈ 0.72 per step, in practice faster.</p>
<p>The second figure shows the fitted line after a few steps: the first step mostly
fixes the overall level, later ones turn the slope. The third shows the loss gap
L(φ_k) − L(φ_LS) falling geometrically (it never rises: each step is a minimum along
its line), and the <b>gradient check</b>: at every point of the path, the autograd
gradient against central differences (L(φ + εe_j) − L(φ − εe_j))/2ε. For a quadratic
the central difference is exact apart from rounding, so they agree to about 1e-10.</p>
<p>The final parameters match the normal-equation solution to about 1e-9. Gradient
descent is not how one should fit a line — the closed form is one solve — but the
same loop, with a gradient from autograd, works for any differentiable model, where
no closed form exists.</p>
"""

LAB = register(Lab(
    id="gradient-descent", title="Gradient descent with line search: fitting a line",
    part="optimization", Config=GradientDescentConfig,
    presets={"quick": GradientDescentConfig(),
             "full": GradientDescentConfig(max_steps=1000)},
    run=run,
    summary="Gradient descent with a line search along −∇L zig-zags down the valley of a "
            "line fit to the least-squares solution of the normal equations; autograd's "
            "gradient matches finite differences.",
    explanation=EXPLANATION, quick_seconds=1.0,
))
