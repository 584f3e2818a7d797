"""Sensitive dependence on initial conditions: separation of nearby trajectories and the
largest Lyapunov exponent by Benettin's method.

Two Lorenz trajectories started δ₀ apart separate as |δ(t)| ≈ δ₀ e^{λ t} until
|δ| reaches the size of the attractor. λ, the largest Lyapunov exponent, is
the long-time average of the local stretching rate:

    λ = lim_{T→∞} (1/T) ln(|δ(T)| / |δ₀|)    (|δ| infinitesimal)

Benettin et al. (1980) keep |δ| infinitesimal by renormalising it to δ₀
every τ time units and summing the logarithms of the growth factors:

    λ ≈ (1 / (n τ)) Σ_{k=1..n} ln(|δ_k| / δ₀)

Every function here advances K trajectories (and their twins) as one (2K, 3) array.
"""
from __future__ import annotations

import math

import numpy as np

from gradschool.labs.contract import Progress

from .lorenz import lorenz_field, rk4_step

LYAPUNOV_PUBLISHED = 0.9056
"""Sprott (2003), Chaos and Time-Series Analysis (Oxford), Appendix A: Lorenz λ₁ = 0.9056."""


def _unit_vectors(K: int, rng: np.random.Generator) -> np.ndarray:
    u = rng.standard_normal((K, 3))
    return u / np.linalg.norm(u, axis=1, keepdims=True)


def separation(x0: np.ndarray, d0: float, dt: float, duration: float,
               rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """|x'(t) − x(t)| for K pairs of trajectories started d0 apart in a random direction.

    x0: (K, 3) -> (times (S,), distances (S, K)), S = duration/dt + 1, sampled every step.
    """
    x0 = np.asarray(x0, dtype=np.float64)
    if x0.ndim != 2 or x0.shape[1] != 3:
        raise ValueError(f"separation: x0 must have shape (K, 3), got {x0.shape}")
    if d0 <= 0 or dt <= 0 or duration <= 0:
        raise ValueError(f"separation: need d0, dt, duration > 0, "
                         f"got d0={d0!r}, dt={dt!r}, duration={duration!r}")
    K = len(x0)
    steps = int(round(duration / dt))
    s = np.concatenate([x0, x0 + d0 * _unit_vectors(K, rng)])
    distances = np.empty((steps + 1, K))
    distances[0] = d0
    for i in range(1, steps + 1):
        s = rk4_step(lorenz_field, s, dt)
        distances[i] = np.linalg.norm(s[K:] - s[:K], axis=1)
    return dt * np.arange(steps + 1), distances


def doubling_time(times: np.ndarray, distances: np.ndarray, low: float,
                  high: float) -> tuple[float, float]:
    """(ln 2 / rate, rate): the exponential growth rate of the separation, fitted.

    The mean over pairs of ln|δ(t)| is fitted by a line between the first times
    it passes ln(low) and ln(high) (the exponential phase: after the offset has
    turned into the stretching direction, before it saturates).
    distances: (S, K) from `separation`.
    """
    log_d = np.log(distances).mean(axis=1)
    above_low = np.flatnonzero(log_d >= math.log(low))
    above_high = np.flatnonzero(log_d >= math.log(high))
    if len(above_low) == 0 or len(above_high) == 0:
        raise ValueError(f"doubling_time: the separation never grows from {low:g} to "
                         f"{high:g} (max {distances.max():.3g}); run longer")
    start, stop = above_low[0], above_high[0]
    if stop - start < 2:
        raise ValueError(f"doubling_time: too few samples between {low:g} and {high:g}")
    rate = float(np.polyfit(times[start:stop + 1], log_d[start:stop + 1], 1)[0])
    return math.log(2.0) / rate, rate


def benettin(x0: np.ndarray, dt: float, duration: float, renorm_every: int, d0: float,
             rng: np.random.Generator, progress: Progress | None = None
             ) -> tuple[np.ndarray, np.ndarray]:
    """Benettin's renormalised separation along K trajectories.

    Each trajectory x gets a twin x + δ, |δ| = d0; every `renorm_every` RK4 steps
    (τ = renorm_every · dt) the growth ln(|δ|/d0) is recorded and δ is scaled back
    to length d0, keeping its direction (which turns into the most stretched one).

    x0: (K, 3) states already on the attractor. Returns times (n,) of the
    renormalisations, n = duration / τ, and log_growth (n, K), the ln(|δ_k|/d0).
    `progress` (optional) shows the renormalisations go by.
    """
    x0 = np.asarray(x0, dtype=np.float64)
    if x0.ndim != 2 or x0.shape[1] != 3:
        raise ValueError(f"benettin: x0 must have shape (K, 3), got {x0.shape}")
    if renorm_every < 1 or d0 <= 0 or dt <= 0:
        raise ValueError(f"benettin: need renorm_every >= 1, d0 > 0, dt > 0, got "
                         f"renorm_every={renorm_every!r}, d0={d0!r}, dt={dt!r}")
    tau = renorm_every * dt
    n = int(round(duration / tau))
    if n < 1:
        raise ValueError(f"benettin: duration {duration!r} is shorter than one "
                         f"renormalisation interval {tau!r}")
    K = len(x0)
    s = np.concatenate([x0, x0 + d0 * _unit_vectors(K, rng)])
    log_growth = np.empty((n, K))
    steps = range(n) if progress is None else progress.track(range(n), "Lyapunov (Benettin)")
    for k in steps:
        for _ in range(renorm_every):
            s = rk4_step(lorenz_field, s, dt)
        delta = s[K:] - s[:K]
        norm = np.linalg.norm(delta, axis=1)
        log_growth[k] = np.log(norm / d0)
        s[K:] = s[:K] + delta * (d0 / norm)[:, None]
    return tau * np.arange(1, n + 1), log_growth


def running_estimate(times: np.ndarray, log_growth: np.ndarray) -> np.ndarray:
    """λ(t) = Σ_{t_k <= t} ln(|δ_k|/d0) / t, per trajectory: (n, K) -> (n, K).

    The last row is each trajectory's estimate; it converges to λ as t grows.
    """
    return np.cumsum(log_growth, axis=0) / np.asarray(times)[:, None]


def attractor_size(points: np.ndarray, pairs: int, rng: np.random.Generator) -> float:
    """The mean distance between two random points of a trajectory: where separation saturates.

    points: (S, 3) states along the attractor; `pairs` random pairs are averaged.
    """
    i = rng.integers(0, len(points), size=pairs)
    j = rng.integers(0, len(points), size=pairs)
    return float(np.linalg.norm(points[i] - points[j], axis=1).mean())
