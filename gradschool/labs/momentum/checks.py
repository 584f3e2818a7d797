"""Checks of the momentum notebook's exercises, against gs.optim.SGD and the lab's theory."""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

import gradschool as gs
from gradschool.data.functions import quadratic, rosenbrock, rosenbrock_gradient
from gradschool.labs.exercise import Namespace, expect_close
from gradschool.optim.descend import descend

from .theory import optimal_settings


def _spd(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    B = rng.normal(size=(3, 3))
    return B @ B.T + 0.1 * np.eye(3)


def _problems() -> dict[str, tuple[Callable, Callable, tuple[float, ...], float, float, int]]:
    """name -> (loss for gs, its gradient in NumPy, φ0, lr, β, steps)."""
    A = _spd(46)
    A_t = gs.tensor(A)

    def bowl(phi: gs.Tensor) -> gs.Tensor:
        return 0.5 * (phi * (A_t @ phi)).sum()

    lam = np.linalg.eigvalsh(A)
    return {
        "½(φ0² + 100 φ1²) from (−1, 0.1)":
            (lambda p: quadratic(p, kappa=100.0), lambda p: np.array([1.0, 100.0]) * p,
             (-1.0, 0.1), 0.012, 0.7, 60),
        "a random 3-d quadratic ½ φᵀAφ":
            (bowl, lambda p: A @ p, (1.0, -2.0, 0.5), 1.0 / lam[-1], 0.5, 40),
        "Rosenbrock from (−1.2, 1)":
            (rosenbrock, rosenbrock_gradient, (-1.2, 1.0), 1e-3, 0.9, 40),
    }


def _check_path(ns: Namespace, name: str, nesterov: bool) -> None:
    method = ns.function(name)
    for label, (loss, grad, phi0, lr, beta, steps) in _problems().items():
        expected, _ = descend(loss, phi0, lambda ps, lr=lr, beta=beta: gs.optim.SGD(
            ps, lr=lr, momentum=beta, nesterov=nesterov), steps)
        got = np.asarray(method(grad, phi0, lr, beta, steps), dtype=np.float64)
        expect_close(got, expected, f"{name}({label}, lr={lr:.3g}, beta={beta:g}, "
                                    f"steps={steps}) (gs.optim.SGD's path)",
                     rtol=1e-8, atol=1e-10)


def heavy_ball(ns: Namespace) -> None:
    _check_path(ns, "heavy_ball", nesterov=False)


def nesterov(ns: Namespace) -> None:
    _check_path(ns, "nesterov", nesterov=True)


def heavy_ball_settings(ns: Namespace) -> None:
    settings = ns.function("heavy_ball_settings")
    for L, mu in ((100.0, 1.0), (1000.0, 1.0), (37.5, 2.5), (4.0, 4.0)):
        theory = optimal_settings(L, mu)["momentum"]
        expect_close(settings(L, mu), (theory["lr"], theory["momentum"], theory["rate"]),
                     f"heavy_ball_settings(L={L:g}, mu={mu:g}) (alpha, beta, rho)", rtol=1e-12,
                     atol=1e-15)


CHECKS = {"heavy-ball": heavy_ball, "heavy-ball-settings": heavy_ball_settings,
          "nesterov": nesterov}
