"""Momentum on a quadratic: optimal settings, predicted rates; the Gabor model's curvature."""
from __future__ import annotations

import math
from typing import Any

import numpy as np

import gradschool as gs
from gradschool.data.functions import gabor_loss


def optimal_settings(L: float, mu: float) -> dict[str, dict[str, Any]]:
    """The theory's best gs.optim.SGD settings and rates for curvatures in [μ, L].

    Returns {method: {"lr": α, "momentum": β, "nesterov": bool, "rate": ρ}}
    for "sgd", "momentum" (heavy ball) and "nesterov" (see the module doc).
    """
    if not 0 < mu <= L:
        raise ValueError(f"optimal_settings: need 0 < mu <= L, got mu={mu!r}, L={L!r}")
    q = math.sqrt(L / mu)
    return {
        "sgd": {"lr": 2.0 / (L + mu), "momentum": 0.0, "nesterov": False,
                "rate": (L / mu - 1.0) / (L / mu + 1.0)},
        "momentum": {"lr": 4.0 / (math.sqrt(L) + math.sqrt(mu)) ** 2,
                     "momentum": ((q - 1.0) / (q + 1.0)) ** 2, "nesterov": False,
                     "rate": (q - 1.0) / (q + 1.0)},
        "nesterov": {"lr": 1.0 / L, "momentum": (q - 1.0) / (q + 1.0), "nesterov": True,
                     "rate": 1.0 - 1.0 / q},
    }


def predicted_iterations(rate: float, tol: float) -> int:
    """⌈ln(1/tol) / ln(1/ρ)⌉: iterations for ρ^t to fall to tol."""
    return math.ceil(math.log(tol) / math.log(rate))


def iterations_to_tol(path: np.ndarray, minimum: np.ndarray, tol: float) -> int | None:
    """The first t with ‖φ_t - φ*‖ ≤ tol · ‖φ_0 - φ*‖, or None if the path never gets there."""
    error = np.linalg.norm(path - minimum, axis=1)
    below = np.flatnonzero(error <= tol * error[0])
    return int(below[0]) if below.size else None


def gabor_curvature(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float, float, float]:
    """The Gabor loss's minimum near the data's φ (Newton), its loss and the Hessian's
    extreme eigenvalues there: (φ*, L(φ*), μ, L)."""
    def loss(phi: gs.Tensor) -> gs.Tensor:
        return gabor_loss(phi, x, y)

    found = gs.optim.newton_minimize(loss, [0.0, 12.0], tol=1e-12)
    phi = gs.tensor(found.x, requires_grad=True)
    _, H = gs.optim.gradient_and_hessian(loss(phi), [phi])
    mu, L = np.linalg.eigvalsh(H)
    return found.x, found.loss, float(mu), float(L)
