r"""Test functions for optimisation: loss surfaces written in Tensor operations.

Each objective is a function `f(phi, ...) -> Tensor` built from gradschool
Tensor ops, so autograd gives its gradient and (with `create_graph=True`)
its Hessian. `phi` is a Tensor or anything NumPy can read (it becomes a
float64 Tensor). The two-parameter functions take φ0 = phi[0], φ1 = phi[1]:
a parameter vector of shape (2,) gives a scalar, and stacked grids of shape
(2, H, W) give an (H, W) surface for contour plots (see `grid`).

    phi = gs.tensor([-1.5, 2.0], dtype=gs.float64, requires_grad=True)
    rosenbrock(phi).backward()            # phi.grad = ∇L
    X, Y, Z = grid(rosenbrock, (-2, 2), (-1, 3), n=200)

The known minima are module constants (`ROSENBROCK_MINIMUM`, ...).
"""
from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from ..autograd.mode import no_grad
from ..autograd.tensor import Tensor
from ..autograd.unary import exp, sin

__all__ = [
    "ADAM_TEST_MINIMUM", "BEALE_MINIMUM", "GABOR_TRUE_PHI", "HIMMELBLAU_MINIMA",
    "ROSENBROCK_MINIMUM", "TWO_GAUSSIANS_MINIMUM", "adam_test_loss", "beale", "gabor_data",
    "gabor_loss", "gabor_model", "grid", "himmelblau", "quadratic", "quadratic_matrix",
    "rosenbrock", "rosenbrock_gradient", "rosenbrock_hessian", "two_gaussians",
]

ROSENBROCK_MINIMUM = (1.0, 1.0)  # (a, a²) for a = 1; L = 0
TWO_GAUSSIANS_MINIMUM = 0.3803215288229227  # the only minimum on [0, 1]; L ≈ 0.3286037
ADAM_TEST_MINIMUM = (0.7, 0.0)  # L = 0
BEALE_MINIMUM = (3.0, 0.5)  # L = 0
HIMMELBLAU_MINIMA = (  # four minima, all with L = 0
    (3.0, 2.0),
    (-2.805118086952745, 3.131312518250573),
    (-3.779310253377747, -3.2831859912861696),
    (3.5844283403304917, -1.8481265269644036),
)
GABOR_TRUE_PHI = (0.0, 12.0)  # the parameters `gabor_data` draws its data from


def _tensor(phi: Any) -> Tensor:
    if isinstance(phi, Tensor):
        return phi
    return Tensor(np.asarray(phi, dtype=np.float64))


def _pair(phi: Any, name: str) -> tuple[Tensor, Tensor]:
    """(φ0, φ1) from a Tensor of shape (2, ...)."""
    phi = _tensor(phi)
    if phi.ndim == 0 or phi.shape[0] != 2:
        raise ValueError(f"{name}: phi must have shape (2, ...) (φ0 and φ1 stacked on the "
                         f"first axis), got shape {phi.shape}")
    return phi[0], phi[1]


# ----- one parameter -------------------------------------------------------------------
def two_gaussians(phi: Any) -> Tensor:
    r"""The 1-d loss of UDL notebook 6.1: one minus two Gaussian bumps, elementwise.

        L(φ) = 1 - 0.5 exp(-(φ - 0.65)²/0.1) - 0.45 exp(-(φ - 0.35)²/0.02)

    On [0, 1] it has a single minimum, at φ* ≈ 0.380322 (L ≈ 0.328604,
    `TWO_GAUSSIANS_MINIMUM`): the narrow bump at 0.35 pulled right by the wide
    one at 0.65, which leaves only a shoulder near 0.65.
    """
    phi = _tensor(phi)
    return (1.0 - 0.5 * exp(-((phi - 0.65) ** 2) / 0.1)
            - 0.45 * exp(-((phi - 0.35) ** 2) / 0.02))


# ----- two parameters --------------------------------------------------------------------
def rosenbrock(phi: Any, a: float = 1.0, b: float = 100.0) -> Tensor:
    r"""The Rosenbrock valley, with x = φ0, y = φ1:

        L(x, y) = (a - x)² + b (y - x²)²

    One minimum, at (a, a²) with L = 0 ((1, 1) for the default a = 1,
    `ROSENBROCK_MINIMUM`), at the end of a long, curved, flat-bottomed valley
    along y = x². Gradient and Hessian: `rosenbrock_gradient`, `rosenbrock_hessian`.
    """
    x, y = _pair(phi, "rosenbrock")
    return (a - x) ** 2 + b * (y - x * x) ** 2


def rosenbrock_gradient(phi: Any, a: float = 1.0, b: float = 100.0) -> np.ndarray:
    r"""∇L of `rosenbrock` in closed form (NumPy, shape (2, ...)):

        ∂L/∂x = -2 (a - x) - 4 b x (y - x²),   ∂L/∂y = 2 b (y - x²)
    """
    x, y = (np.asarray(v, dtype=np.float64) for v in _pair(phi, "rosenbrock_gradient"))
    return np.stack([-2.0 * (a - x) - 4.0 * b * x * (y - x * x), 2.0 * b * (y - x * x)])


def rosenbrock_hessian(phi: Any, a: float = 1.0, b: float = 100.0) -> np.ndarray:
    r"""The Hessian of `rosenbrock` in closed form (NumPy, shape (2, 2, ...)):

        H = [[2 - 4 b (y - x²) + 8 b x²,  -4 b x],
             [-4 b x,                      2 b  ]]

    (`a` does not appear: the (a - x)² term contributes the constant 2.)
    """
    x, y = (np.asarray(v, dtype=np.float64) for v in _pair(phi, "rosenbrock_hessian"))
    hxx = 2.0 - 4.0 * b * (y - x * x) + 8.0 * b * x * x
    hxy = -4.0 * b * x
    hyy = np.full_like(x, 2.0 * b)
    return np.stack([np.stack([hxx, hxy]), np.stack([hxy, hyy])])


def adam_test_loss(phi: Any) -> Tensor:
    r"""The loss of UDL notebook 6.5 (Adam): an upside-down Gaussian, steep in φ1.

        L(φ) = 1 - exp(-0.5 · 4 φ1²) · exp(-0.5 (φ0 - 0.7)²/4)

    Its minimum is at (0.7, 0) with L = 0 (`ADAM_TEST_MINIMUM`); there the
    Hessian is diag(1/4, 4), curvature 16 times larger along φ1 than along
    φ0, so no single learning rate suits both directions. The notebook starts
    at (-0.7, -0.9) and plots [-1, 1]².
    """
    p0, p1 = _pair(phi, "adam_test_loss")
    return 1.0 - exp(-0.5 * 4.0 * p1 * p1) * exp(-0.5 * (p0 - 0.7) ** 2 / 4.0)


def quadratic_matrix(kappa: float = 10.0, angle: float = 0.0) -> np.ndarray:
    r"""A = R(θ) diag(1, κ) R(θ)ᵀ: eigenvalues 1 and κ (condition number κ), its
    eigenvectors the axes rotated by θ = `angle` (radians)."""
    if not kappa >= 1.0:
        raise ValueError(f"quadratic: the condition number must be >= 1, got kappa={kappa!r}")
    c, s = math.cos(angle), math.sin(angle)
    R = np.array([[c, -s], [s, c]])
    return R @ np.diag([1.0, float(kappa)]) @ R.T


def quadratic(phi: Any, kappa: float = 10.0, angle: float = 0.0) -> Tensor:
    r"""An ill-conditioned quadratic bowl:

        L(φ) = ½ φᵀ A φ,   A = R(θ) diag(1, κ) R(θ)ᵀ   (`quadratic_matrix`)

    Gradient A φ, Hessian A (eigenvalues 1 and κ), one minimum at 0 with
    L = 0. Gradient descent needs a learning rate below 2/κ to be stable and
    then crawls along the flat direction, about κ steps per e-fold; Newton's
    method lands on 0 in one step.
    """
    A = quadratic_matrix(kappa, angle)
    x, y = _pair(phi, "quadratic")
    return 0.5 * (A[0, 0] * x * x + 2.0 * A[0, 1] * x * y + A[1, 1] * y * y)


def beale(phi: Any) -> Tensor:
    r"""Beale's function, with x = φ0, y = φ1:

        L(x, y) = (1.5 - x + x y)² + (2.25 - x + x y²)² + (2.625 - x + x y³)²

    Global minimum at (3, 0.5) with L = 0 (`BEALE_MINIMUM`); flat plateaus
    and sharp ridges near the corners of the usual window [-4.5, 4.5]².
    """
    x, y = _pair(phi, "beale")
    return ((1.5 - x + x * y) ** 2 + (2.25 - x + x * y * y) ** 2
            + (2.625 - x + x * y * y * y) ** 2)


def himmelblau(phi: Any) -> Tensor:
    r"""Himmelblau's function, with x = φ0, y = φ1:

        L(x, y) = (x² + y - 11)² + (x + y² - 7)²

    Four minima, all with L = 0 (`HIMMELBLAU_MINIMA`): (3, 2),
    (-2.805118, 3.131313), (-3.779310, -3.283186), (3.584428, -1.848127),
    and a local maximum at (-0.270845, -0.923039). Usual window [-5, 5]².
    """
    x, y = _pair(phi, "himmelblau")
    return (x * x + y - 11.0) ** 2 + (x + y * y - 7.0) ** 2


# ----- the Gabor model -------------------------------------------------------------------
def gabor_model(phi: Any, x: Any) -> Tensor:
    r"""The 1-d Gabor model of UDL notebooks 6.3 and 6.4, at inputs x:

        f[x, φ] = sin(φ0 + 0.06 φ1 x) · exp(-(φ0 + 0.06 φ1 x)²/32)

    φ0 shifts the wave, φ1 sets its frequency. `x` has shape (N,); `phi` of
    shape (2,) gives predictions of shape (N,), stacked grids (2, H, W) give
    (H, W, N).
    """
    p0, p1 = _pair(phi, "gabor_model")
    z = p0.unsqueeze(-1) + 0.06 * p1.unsqueeze(-1) * _tensor(x)
    return sin(z) * exp(-(z * z) / 32.0)


def gabor_loss(phi: Any, x: Any, y: Any) -> Tensor:
    r"""Least squares of the Gabor model over the data (x_i, y_i):

        L(φ) = Σ_i (f[x_i, φ] - y_i)²

    A non-convex surface: besides the minimum near the parameters that made
    the data, it has local minima at other frequencies φ1 (UDL figure 6.4).
    """
    x, y = _tensor(x), _tensor(y)
    if x.shape != y.shape or x.ndim != 1:
        raise ValueError(f"gabor_loss: x and y must be 1-d of the same length, got shapes "
                         f"{x.shape} and {y.shape}")
    residual = gabor_model(phi, x) - y
    return (residual * residual).sum(dim=-1)


def gabor_data(n: int = 30, phi: tuple[float, float] = GABOR_TRUE_PHI, noise: float = 0.1,
               x_range: tuple[float, float] = (-15.0, 15.0),
               seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    r"""n noisy samples of the Gabor model, reproducible from `seed`:

        x_i ~ Uniform(x_range),   y_i = f[x_i, φ] + ε_i,   ε_i ~ N(0, noise²)

    with φ = `phi`, by default (0, 12) (`GABOR_TRUE_PHI`): a wave centred at
    x = 0 with about two periods across [-15, 15], like the 30 points of UDL
    notebook 6.3. Returns float64 arrays x, y of shape (n,), sorted by x.
    The minimum of `gabor_loss` on these data lies near, not exactly at, φ.
    """
    if n < 1:
        raise ValueError(f"gabor_data: n must be >= 1, got n={n!r}")
    if not noise >= 0:
        raise ValueError(f"gabor_data: noise must be >= 0, got noise={noise!r}")
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(x_range[0], x_range[1], size=n))
    with no_grad():
        clean = gabor_model(np.asarray(phi, dtype=np.float64), x).data
    return x, clean + noise * rng.standard_normal(n)


# ----- surfaces for contour plots -------------------------------------------------------
def grid(f: Callable[..., Any], xlim: tuple[float, float], ylim: tuple[float, float],
         n: int | tuple[int, int] = 200, **kwargs: Any) -> tuple[np.ndarray, np.ndarray,
                                                                 np.ndarray]:
    """Evaluate f on an n × n grid over xlim × ylim for `contour`/`contourf`.

    Returns X, Y, Z of shape (ny, nx) (`np.meshgrid` layout), with
    Z[i, j] = f(phi=(X[i, j], Y[i, j]), **kwargs), computed in one call of f
    on the stacked grids (shape (2, ny, nx)) without recording a graph.
    `n` may be a pair (nx, ny).
    """
    nx, ny = (n, n) if isinstance(n, int) else n
    if nx < 2 or ny < 2:
        raise ValueError(f"grid: need at least 2 points per axis, got n={n!r}")
    for name, lim in (("xlim", xlim), ("ylim", ylim)):
        if len(lim) != 2 or not lim[0] < lim[1]:
            raise ValueError(f"grid: {name} must be (low, high) with low < high, got {lim!r}")
    X, Y = np.meshgrid(np.linspace(xlim[0], xlim[1], nx), np.linspace(ylim[0], ylim[1], ny))
    with no_grad():
        Z = f(Tensor(np.stack([X, Y])), **kwargs)
    Z = np.asarray(Z.data if isinstance(Z, Tensor) else Z, dtype=np.float64)
    if Z.shape != X.shape:
        raise ValueError(f"grid: f returned shape {Z.shape} on grids of shape (2, {ny}, {nx}); "
                         f"expected {X.shape}")
    return X, Y, Z
