"""The lab's line fit: 12 points, the loss of φ0 + φ1 x, its exact minimum, a gradient check."""
from __future__ import annotations

from typing import Any

import numpy as np

import gradschool as gs

# The twelve points of UDL chapter 6 (notebook 6.2, figure 6.1).
X_DATA = (0.03, 0.19, 0.34, 0.46, 0.78, 0.81, 1.08, 1.18, 1.39, 1.60, 1.65, 1.90)


Y_DATA = (0.67, 0.85, 1.05, 1.0, 1.40, 1.5, 1.3, 1.54, 1.55, 1.68, 1.73, 1.6)


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
