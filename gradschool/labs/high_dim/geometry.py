"""The maths of the `high-dim` lab: closed forms and Monte-Carlo estimators.

Every function here is plain NumPy on float64 arrays. Random numbers come from
the `rng` passed in (the lab passes `gradschool.random.default_generator()`).
Samplers draw in row batches of at most `MAX_ELEMENTS` numbers, so memory stays
bounded whatever `n` and `D` are.
"""
from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np

MAX_ELEMENTS = 4_000_000


def _batches(n: int, D: int) -> Iterator[int]:
    """Sizes of the row batches covering n rows of width D (each <= MAX_ELEMENTS numbers)."""
    rows = max(1, MAX_ELEMENTS // max(D, 1))
    for start in range(0, n, rows):
        yield min(rows, n - start)


def _check_positive(name: str, **values: int | float) -> None:
    for key, value in values.items():
        if value <= 0:
            raise ValueError(f"{name}: {key} must be positive, got {value!r}")


# --- 1. distances concentrate ---------------------------------------------------------

def pairwise_distances(X: np.ndarray) -> np.ndarray:
    """Euclidean distances d_ij = ||x_i - x_j|| between the rows of X.

    Uses ||x - y||^2 = ||x||^2 + ||y||^2 - 2 x.y (one matrix product); tiny
    negative values from rounding are clipped to 0.
    X: (N, D) -> (N, N), symmetric, zero diagonal.
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[0] < 3:
        raise ValueError(f"pairwise_distances: X must be (N, D) with N >= 3, got {X.shape}")
    sq = np.einsum("ij,ij->i", X, X)
    d2 = sq[:, None] + sq[None, :] - 2.0 * (X @ X.T)
    np.maximum(d2, 0.0, out=d2)
    np.fill_diagonal(d2, 0.0)
    return np.sqrt(d2)


def nearest_farthest_ratio(dist: np.ndarray) -> np.ndarray:
    """For every point i: min_{j != i} d_ij / max_{j != i} d_ij.

    Each point of the cloud acts as the query in turn; the lab reports the mean
    over points. The ratio is near 0 when distances are spread out and near 1
    when every other point is (almost) equally far away.
    dist: (N, N) distance matrix -> (N,) ratios in (0, 1].
    """
    others = ~np.eye(dist.shape[0], dtype=bool)
    nearest = np.where(others, dist, np.inf).min(axis=1)
    farthest = np.where(others, dist, -np.inf).max(axis=1)
    return nearest / farthest


# --- 2. the volume of a ball ----------------------------------------------------------

def ball_volume(D: int, r: float = 0.5) -> float:
    """Volume of the D-dimensional ball of radius r: V_D(r) = pi^(D/2) r^D / Gamma(D/2 + 1).

    Computed through log-gamma so that large D neither overflows nor underflows early.
    V_1(1/2) = 1, V_2(1/2) = pi/4, V_3(1/2) = pi/6.
    """
    _check_positive("ball_volume", D=D, r=r)
    return math.exp(0.5 * D * math.log(math.pi) + D * math.log(r) - math.lgamma(0.5 * D + 1.0))


def ball_in_cube_fraction(n: int, D: int, rng: np.random.Generator) -> float:
    """Monte-Carlo estimate of V_D(1/2): the share of n uniform points of [-1/2, 1/2]^D
    with ||x|| <= 1/2 (the cube has volume 1, so the share estimates the ball's volume).

    Its binomial standard error is sqrt(p (1 - p) / n), p = V_D(1/2).
    """
    _check_positive("ball_in_cube_fraction", n=n, D=D)
    inside = 0
    for rows in _batches(n, D):
        x = rng.uniform(-0.5, 0.5, size=(rows, D))
        inside += int(np.count_nonzero(np.einsum("ij,ij->i", x, x) <= 0.25))
    return inside / n


def binomial_se(p: float, n: int) -> float:
    """Standard error of a share of n independent trials with probability p: sqrt(p (1 - p) / n)."""
    p = min(max(p, 0.0), 1.0)  # V_1(1/2) comes out as 1 + 1 ulp through log-gamma
    return math.sqrt(p * (1.0 - p) / n)


# --- 3. the volume sits in a thin outer shell -----------------------------------------

def outer_shell_fraction(D: int, shell: float = 0.01) -> float:
    """Share of a ball's volume within `shell` (relative) of its surface: 1 - (1 - shell)^D.

    V_D(r) is proportional to r^D, so the inner ball of radius (1 - shell) r holds
    (1 - shell)^D of the volume and the shell holds the rest.
    """
    _check_positive("outer_shell_fraction", D=D)
    if not 0.0 < shell < 1.0:
        raise ValueError(f"outer_shell_fraction: shell must be in (0, 1), got {shell!r}")
    return 1.0 - (1.0 - shell) ** D


def sample_ball(n: int, D: int, rng: np.random.Generator) -> np.ndarray:
    """n points uniform in the unit ball of R^D.

    Draw g ~ N(0, I_{D+2}), put it on the unit sphere S^{D+1} (u = g / ||g||) and
    keep the first D coordinates: that projection of the uniform sphere is the
    uniform ball (Archimedes' hat-box theorem, generalised; Voelker et al. 2017).
    No radial law r^D is assumed, so the shell share it gives is a real check.
    Returns (n, D).
    """
    _check_positive("sample_ball", n=n, D=D)
    g = rng.standard_normal((n, D + 2))
    return g[:, :D] / np.linalg.norm(g, axis=1, keepdims=True)


def shell_fraction_monte_carlo(n: int, D: int, rng: np.random.Generator,
                               shell: float = 0.01) -> float:
    """Share of n uniform points of the unit ball of R^D with ||x|| > 1 - shell."""
    _check_positive("shell_fraction_monte_carlo", n=n, D=D)
    outside = 0
    for rows in _batches(n, D + 2):
        r = np.linalg.norm(sample_ball(rows, D, rng), axis=1)
        outside += int(np.count_nonzero(r > 1.0 - shell))
    return outside / n


# --- 4. random vectors are nearly orthogonal ------------------------------------------

def random_cosines(n: int, D: int, rng: np.random.Generator) -> np.ndarray:
    """cos(angle) = x.y / (||x|| ||y||) for n independent pairs x, y ~ N(0, I_D). Returns (n,)."""
    _check_positive("random_cosines", n=n, D=D)
    parts = []
    for rows in _batches(n, 2 * D):
        x = rng.standard_normal((rows, D))
        y = rng.standard_normal((rows, D))
        dot = np.einsum("ij,ij->i", x, y)
        parts.append(dot / (np.linalg.norm(x, axis=1) * np.linalg.norm(y, axis=1)))
    return np.concatenate(parts)


def mean_abs_cosine_exact(D: int) -> float:
    """E|cos| for two independent random directions in R^D: Gamma(D/2) / (sqrt(pi) Gamma((D+1)/2)).

    (cos has density proportional to (1 - t^2)^((D-3)/2) on [-1, 1].) For large D
    it approaches sqrt(2 / (pi D)); at D = 2 it is 2/pi.
    """
    _check_positive("mean_abs_cosine_exact", D=D)
    return math.exp(math.lgamma(0.5 * D) - math.lgamma(0.5 * (D + 1))) / math.sqrt(math.pi)


def mean_abs_cosine_asymptotic(D: int) -> float:
    """The large-D limit of E|cos|: sqrt(2 / (pi D)) (cos is then ~ N(0, 1/D))."""
    _check_positive("mean_abs_cosine_asymptotic", D=D)
    return math.sqrt(2.0 / (math.pi * D))


# --- 5. norms concentrate -------------------------------------------------------------

def gaussian_norms(n: int, D: int, rng: np.random.Generator) -> np.ndarray:
    """||x|| for n independent x ~ N(0, I_D). Returns (n,)."""
    _check_positive("gaussian_norms", n=n, D=D)
    return np.concatenate([np.linalg.norm(rng.standard_normal((rows, D)), axis=1)
                           for rows in _batches(n, D)])


def coefficient_of_variation(values: np.ndarray) -> float:
    """std / mean of a sample (std with Bessel's correction)."""
    values = np.asarray(values, dtype=np.float64)
    return float(values.std(ddof=1) / values.mean())


def norm_cv_exact(D: int) -> float:
    """std / mean of ||x||, x ~ N(0, I_D) (a chi distribution).

    E||x|| = m = sqrt(2) Gamma((D+1)/2) / Gamma(D/2) and E||x||^2 = D, so
    CV = sqrt(D / m^2 - 1), which tends to 1 / sqrt(2 D).
    """
    _check_positive("norm_cv_exact", D=D)
    m = math.sqrt(2.0) * math.exp(math.lgamma(0.5 * (D + 1)) - math.lgamma(0.5 * D))
    return math.sqrt(D / m**2 - 1.0)


def norm_cv_asymptotic(D: int) -> float:
    """The large-D limit of std/mean of ||x||: 1 / sqrt(2 D)."""
    _check_positive("norm_cv_asymptotic", D=D)
    return 1.0 / math.sqrt(2.0 * D)
