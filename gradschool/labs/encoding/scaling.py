"""Why features are scaled: gradient descent on least squares, raw against z-scored.

The loss L(w) = ||X w - y||² / (2n) of a design X (n, p) is a quadratic with gradient
∇L = Xᵀ(X w - y) / n and constant Hessian H = XᵀX / n, eigenvalues λ_min ≤ ... ≤ λ_max.
Gradient descent w_{t+1} = w_t - lr ∇L(w_t) moves the error e_t = w_t - w* by

    e_{t+1} = (I - lr H) e_t,   so along eigenvector i it shrinks by |1 - lr λ_i| per step.

The best fixed step is lr = 2 / (λ_max + λ_min): then the slowest directions (the two
extremes) shrink by ρ = (κ - 1) / (κ + 1) per step, κ = λ_max / λ_min the condition
number, and ||e_t|| ≤ ρ^t ||e_0||: reaching ||e_t|| ≤ tol ||e_0|| takes at most
ceil(ln tol / ln ρ) ≈ (κ / 2) ln(1 / tol) steps. A feature in [0, s] next to one in
[0, 1] makes κ grow like s²; z-scoring every feature makes XᵀX / n nearly a correlation
matrix, κ ≈ 1, and a handful of steps suffice.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

import gradschool as gs
from gradschool.data.preprocessing import MinMaxScaler, StandardScaler

DIVERGED = 1e6  # a relative error this large means the step size is past 2 / λ_max


def two_scale_data(n: int, scale: float, rng: np.random.Generator, noise: float = 0.1
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Features x_1 ~ U[0, 1], x_2 ~ U[0, scale] and y = 1 + 2 x_1 - 3 x_2 / scale + noise·ε.

    Both features matter equally to y; only their units differ.
    Shapes: -> F (n, 2), y (n,).
    """
    F = np.column_stack([rng.uniform(0.0, 1.0, n), rng.uniform(0.0, scale, n)])
    y = 1.0 + 2.0 * F[:, 0] - 3.0 * F[:, 1] / scale + noise * rng.standard_normal(n)
    return F, y


def designs(F: np.ndarray) -> dict[str, np.ndarray]:
    """The design [1 | features] for the raw features, min-max scaled ones and z-scores.

    Scalers from gs.data.preprocessing: MinMaxScaler to [0, 1], StandardScaler (z = (x - μ)/σ).
    Shapes: F (n, p) -> {"raw", "minmax", "scaled"}: (n, p + 1).
    """
    ones = np.ones((len(F), 1))
    return {"raw": np.hstack([ones, F]),
            "minmax": np.hstack([ones, MinMaxScaler().fit_transform(F)]),
            "scaled": np.hstack([ones, StandardScaler().fit_transform(F)])}


def hessian(X: np.ndarray) -> np.ndarray:
    """H = XᵀX / n, the Hessian of ||X w - y||² / (2n).  Shapes: X (n, p) -> (p, p)."""
    return X.T @ X / len(X)


def condition_number(X: np.ndarray) -> float:
    """κ = λ_max / λ_min of XᵀX / n (equal to np.linalg.cond(X)²)."""
    eigenvalues = np.linalg.eigvalsh(hessian(X))
    return float(eigenvalues[-1] / eigenvalues[0])


def optimal_lr(X: np.ndarray) -> float:
    """lr = 2 / (λ_max + λ_min) of XᵀX / n: the fixed step that minimises max_i |1 - lr λ_i|."""
    eigenvalues = np.linalg.eigvalsh(hessian(X))
    return float(2.0 / (eigenvalues[-1] + eigenvalues[0]))


def rate(kappa: float) -> float:
    """ρ = (κ - 1) / (κ + 1): the error's shrink factor per step at lr = 2 / (λ_max + λ_min)."""
    return (kappa - 1.0) / (kappa + 1.0)


def steps_bound(kappa: float, tol: float) -> int:
    """ceil(ln tol / ln ρ): steps after which ρ^t ≤ tol, so surely ||e_t|| ≤ tol ||e_0||."""
    if not 0.0 < tol < 1.0:
        raise ValueError(f"steps_bound: tol must be in (0, 1), got {tol!r}")
    if kappa < 1.0:
        raise ValueError(f"steps_bound: a condition number is >= 1, got {kappa!r}")
    rho = rate(kappa)
    return 1 if rho <= 0.0 else math.ceil(math.log(tol) / math.log(rho))


def steps_exact(X: np.ndarray, e0: np.ndarray, lr: float, tol: float, max_steps: int
                ) -> int | None:
    """The first t with ||e_t|| ≤ tol ||e_0||, from the spectrum, without iterating.

    With H = Q diag(λ) Qᵀ and c = Qᵀ e_0:  ||e_t||² = Σ_i (1 - lr λ_i)^{2t} c_i².
    Returns None if no t ≤ max_steps qualifies.
    """
    eigenvalues, Q = np.linalg.eigh(hessian(X))
    c2 = (Q.T @ e0) ** 2
    target = tol**2 * float(c2.sum())
    factor2 = (1.0 - lr * eigenvalues) ** 2
    chunk = 100_000
    for start in range(1, max_steps + 1, chunk):
        t = np.arange(start, min(start + chunk, max_steps + 1))[:, None]
        reached = np.flatnonzero((factor2**t * c2).sum(axis=1) <= target)
        if reached.size:
            return int(t[reached[0], 0])
    return None


@dataclass
class Descent:
    """A gradient-descent run: steps to reach the tolerance (None if never) and the
    relative error ||w_t - w*|| / ||w_0 - w*|| after each step t = 0, 1, ..., steps."""

    steps: int | None
    errors: list[float] = field(default_factory=list)
    w: np.ndarray | None = None


def least_squares_solution(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """w* = argmin ||X w - y||² (np.linalg.lstsq)."""
    return np.linalg.lstsq(X, y, rcond=None)[0]


def loss_gradient(X: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """∇L(w) of L(w) = ||X w - y||² / (2n) by gradschool's autograd (closed form: Xᵀ(Xw - y)/n).

    Shapes: X (n, p), y (n,), w (p,) -> (p,).
    """
    w_t = gs.tensor(w, dtype=gs.float64, requires_grad=True)
    loss = ((gs.tensor(X, dtype=gs.float64) @ w_t - gs.tensor(y, dtype=gs.float64)) ** 2)
    (loss.mean() / 2).backward()
    return w_t.grad.data.copy()


def gradient_descent(X: np.ndarray, y: np.ndarray, lr: float, tol: float, max_steps: int
                     ) -> Descent:
    """Gradient descent on L(w) = ||X w - y||² / (2n) from w_0 = 0, with gradschool.

    The gradient comes from autograd (loss.backward()), the step from gs.optim.SGD(lr)
    (no momentum: w ← w - lr ∇L). Stops at the first t with ||w_t - w*|| ≤ tol ||w_0 - w*||
    or after max_steps. float64 throughout. Shapes: X (n, p), y (n,).
    """
    w_star = least_squares_solution(X, y)
    X_t, y_t = gs.tensor(X, dtype=gs.float64), gs.tensor(y, dtype=gs.float64)
    w = gs.tensor(np.zeros(X.shape[1]), dtype=gs.float64, requires_grad=True)
    optimizer = gs.optim.SGD([w], lr=lr)
    e0 = float(np.linalg.norm(w.data - w_star))
    errors = [1.0]
    for t in range(1, max_steps + 1):
        loss = ((X_t @ w - y_t) ** 2).mean() / 2
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        errors.append(float(np.linalg.norm(w.data - w_star)) / e0)
        if errors[-1] <= tol:
            return Descent(t, errors, w.data.copy())
        if errors[-1] > DIVERGED:
            break
    return Descent(None, errors, w.data.copy())


def gradient_descent_numpy(X: np.ndarray, y: np.ndarray, lr: float, tol: float,
                           max_steps: int) -> int | None:
    """Steps of the same descent with the closed-form gradient ∇L = H w - Xᵀy / n.

    The fast check for a scan of step sizes; None if the tolerance is not reached
    within max_steps (or the error blows up: lr beyond 2 / λ_max).
    """
    H, b = hessian(X), X.T @ y / len(X)
    w_star = least_squares_solution(X, y)
    w = np.zeros(X.shape[1])
    e0 = float(np.linalg.norm(w_star))
    for t in range(1, max_steps + 1):
        w = w - lr * (H @ w - b)
        error = float(np.linalg.norm(w - w_star)) / e0
        if error <= tol:
            return t
        if error > DIVERGED:
            return None
    return None


def contraction(f: float, kappa: float) -> float:
    """max_i |1 - lr λ_i| at lr = f · 2 / (λ_max + λ_min): the error's worst shrink factor.

    lr λ_i runs over f (1 - ρ) ... f (1 + ρ), so the worst case is an end:
    max(|1 - f (1 - ρ)|, |1 - f (1 + ρ)|); 1 or more means no convergence.
    """
    rho = rate(kappa)
    return max(abs(1.0 - f * (1.0 - rho)), abs(1.0 - f * (1.0 + rho)))


def lr_scan(X: np.ndarray, y: np.ndarray, factors: tuple[float, ...], tol: float
            ) -> dict[float, int | None]:
    """{f: steps of gradient descent at lr = f · 2 / (λ_max + λ_min)} (NumPy gradient).

    Each run may take ceil(ln tol / ln c) + 10 steps, c = contraction(f, κ) (it needs at
    most ceil(ln tol / ln c)); where c >= 1, as many as at f = 1 twice over, to watch it
    fail. None: the tolerance was not reached.
    """
    lr, kappa = optimal_lr(X), condition_number(X)
    budget = 2 * steps_bound(kappa, tol) + 10
    steps = {}
    for f in factors:
        c = contraction(f, kappa)
        limit = math.ceil(math.log(tol) / math.log(c)) + 10 if 0 < c < 1 else budget
        steps[f] = gradient_descent_numpy(X, y, f * lr, tol, max(limit, 1))
    return steps


def condition_by_scale(scales: tuple[float, ...], n: int, seed: int) -> dict[str, list[float]]:
    """κ of each design (raw, minmax, scaled) for x_2 ~ U[0, s], s in `scales`.

    Every scale uses the same uniform draws (seeded by `seed`), stretched by s.
    """
    F, _ = two_scale_data(n, 1.0, np.random.default_rng(seed))
    kappas: dict[str, list[float]] = {"raw": [], "minmax": [], "scaled": []}
    for s in scales:
        for name, X in designs(F * np.array([1.0, s])).items():
            kappas[name].append(condition_number(X))
    return kappas
