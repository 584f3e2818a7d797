"""The Lorenz system and the classical Runge–Kutta (RK4) integrator, vectorised with NumPy.

    dx/dt = σ (y − x),   dy/dt = x (ρ − z) − y,   dz/dt = x y − β z

with Lorenz's (1963) σ = 10, ρ = 28, β = 8/3. A state is an array of shape
(..., 3): the last axis holds (x, y, z), the leading axes index independent
trajectories, which RK4 advances together in one array operation per stage.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

SIGMA, RHO, BETA = 10.0, 28.0, 8.0 / 3.0

VectorField = Callable[[np.ndarray], np.ndarray]


def _check_state(name: str, x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    if x.ndim == 0 or x.shape[-1] != 3:
        raise ValueError(f"{name}: a state must have shape (..., 3), got {x.shape}")
    return x


def lorenz_field(x: np.ndarray, sigma: float = SIGMA, rho: float = RHO,
           beta: float = BETA) -> np.ndarray:
    """The Lorenz vector field f(x) = (σ(y − x), x(ρ − z) − y, xy − βz).

    x: (..., 3) states -> (..., 3) time derivatives.
    """
    x = _check_state("lorenz_field", x)
    X, Y, Z = x[..., 0], x[..., 1], x[..., 2]
    return np.stack([sigma * (Y - X), X * (rho - Z) - Y, X * Y - beta * Z], axis=-1)


def rk4_step(f: VectorField, x: np.ndarray, dt: float) -> np.ndarray:
    """One classical Runge–Kutta step of dx/dt = f(x):

        k1 = f(x),  k2 = f(x + dt/2 k1),  k3 = f(x + dt/2 k2),  k4 = f(x + dt k3)
        x(t + dt) ≈ x + dt/6 (k1 + 2 k2 + 2 k3 + k4)

    The local error is O(dt⁵), so the error after a fixed time T (T/dt steps)
    is O(dt⁴). x: any shape f accepts (here (..., 3) for many trajectories).
    """
    k1 = f(x)
    k2 = f(x + 0.5 * dt * k1)
    k3 = f(x + 0.5 * dt * k2)
    k4 = f(x + dt * k3)
    return x + (dt / 6.0) * (k1 + 2.0 * k2 + 2.0 * k3 + k4)


def integrate(f: VectorField, x0: np.ndarray, dt: float, steps: int,
              every: int = 1) -> np.ndarray:
    """Advance x0 by `steps` RK4 steps of size dt; keep every `every`-th state.

    x0: (..., D) -> (steps // every + 1, ..., D), the first row being x0.
    """
    if dt <= 0 or steps < 0 or every < 1:
        raise ValueError(f"integrate: need dt > 0, steps >= 0 and every >= 1, "
                         f"got dt={dt!r}, steps={steps!r}, every={every!r}")
    x = np.array(x0, dtype=np.float64)
    kept = [x]
    for i in range(1, steps + 1):
        x = rk4_step(f, x, dt)
        if i % every == 0:
            kept.append(x)
    return np.stack(kept)


def on_attractor(n: int, dt: float, transient: float, rng: np.random.Generator) -> np.ndarray:
    """n states on the Lorenz attractor: random starts near (0, 0, 25), run for `transient`.

    Returns (n, 3). The transient lets each start fall onto the attractor.
    """
    if n < 1 or transient < 0:
        raise ValueError(f"on_attractor: need n >= 1 and transient >= 0, "
                         f"got n={n!r}, transient={transient!r}")
    x = rng.standard_normal((n, 3)) * 5.0 + np.array([0.0, 0.0, 25.0])
    for _ in range(int(round(transient / dt))):
        x = rk4_step(lorenz_field, x, dt)
    return x


# --- RK4's order on a system with a known solution -----------------------------------

def harmonic_oscillator(x: np.ndarray) -> np.ndarray:
    """dq/dt = p, dp/dt = −q: x = (..., 2) -> (..., 2). From (1, 0): q = cos t, p = −sin t."""
    return np.stack([x[..., 1], -x[..., 0]], axis=-1)


def rk4_global_errors(dts: np.ndarray, T: float = 10.0) -> np.ndarray:
    """|x_RK4(T) − x(T)| for the harmonic oscillator from (1, 0), for each step size dt.

    dt must divide T into a whole number of steps (checked).
    """
    exact = np.array([np.cos(T), -np.sin(T)])
    errors = []
    for dt in dts:
        steps = int(round(T / dt))
        if steps < 1 or abs(steps * dt - T) > 1e-9 * T:
            raise ValueError(f"rk4_global_errors: dt={dt!r} does not divide T={T!r}")
        x = np.array([1.0, 0.0])
        for _ in range(steps):
            x = rk4_step(harmonic_oscillator, x, dt)
        errors.append(float(np.linalg.norm(x - exact)))
    return np.array(errors)


def fitted_order(dts: np.ndarray, errors: np.ndarray) -> float:
    """The slope of log(error) against log(dt): the method's order (4 for RK4)."""
    return float(np.polyfit(np.log(dts), np.log(errors), 1)[0])
