"""Checks of the complex-systems notebook's exercises, against the lab's own functions."""
from __future__ import annotations

import numpy as np

from gradschool.labs.exercise import Namespace, expect_close, expect_true

from .linear_map import perturbation_growth, random_positive_matrix
from .lorenz import BETA, RHO, SIGMA, harmonic_oscillator, lorenz_field, rk4_step
from .random_network import network_distances


def _states(shape: tuple[int, ...], seed: int = 3) -> np.ndarray:
    return 10.0 * np.random.default_rng(seed).standard_normal(shape)


def lorenz_field_check(ns: Namespace) -> None:
    lorenz = ns.function("lorenz")
    c = np.sqrt(BETA * (RHO - 1))
    expect_close(lorenz(np.array([c, c, RHO - 1])), np.zeros(3),
                 "lorenz at the fixed point C+ (where f = 0)", atol=1e-9)
    expect_close(lorenz(np.array([1.0, 2.0, 3.0])),
                 [SIGMA * (2 - 1), 1 * (RHO - 3) - 2, 1 * 2 - BETA * 3], "lorenz([1, 2, 3])")
    for shape in ((3,), (7, 3), (2, 5, 3)):  # one state, a stack, a stack of stacks
        x = _states(shape)
        expect_close(lorenz(x), lorenz_field(x), f"lorenz(states of shape {shape})")


def rk4_step_check(ns: Namespace) -> None:
    step = ns.function("rk4_step")
    expect_close(step(lambda x: -x, np.array([1.0]), 0.5), [1 - 0.5 + 0.125 - 0.5**3 / 6
                                                            + 0.5**4 / 24],
                 "rk4_step(f = −x, x = 1, dt = 0.5) (the Taylor series of e^−0.5 to dt⁴)")
    x = np.array([[1.0, 0.0], [0.3, -0.7]])
    expect_close(step(harmonic_oscillator, x, 0.1), rk4_step(harmonic_oscillator, x, 0.1),
                 "rk4_step on the harmonic oscillator, dt = 0.1")
    x = _states((6, 3))
    expect_close(step(lorenz_field, x, 0.01), rk4_step(lorenz_field, x, 0.01),
                 "rk4_step on 6 Lorenz states, dt = 0.01")


def linear_growth_check(ns: Namespace) -> None:
    growth = ns.function("growth_per_step")
    rng = np.random.default_rng(5)
    for N, gain, steps in ((4, 1.2, 5), (30, 0.9, 25)):
        W = random_positive_matrix(N, gain, rng)
        delta0 = 3.0 * rng.standard_normal(N)
        expect_close(growth(W, delta0, steps), perturbation_growth(W, delta0, steps),
                     f"growth_per_step(W {N}×{N}, δ₀ of length {np.linalg.norm(delta0):.3g}, "
                     f"{steps})")
    expect_close(growth(np.diag([2.0, 0.5]), np.array([0.0, 1.0]), 3), [0.5, 0.5, 0.5],
                 "growth_per_step(diag(2, 0.5), δ₀ = (0, 1), 3): δ stays on the 0.5 eigenvector")


def tanh_network_distance_check(ns: Namespace) -> None:
    distance = ns.function("tanh_network_distance")
    for sigma_w2, N, depth, pairs, seed in ((0.5, 12, 6, 3, 11), (4.0, 20, 8, 2, 12)):
        got = distance(sigma_w2, N=N, depth=depth, pairs=pairs, eps=1e-3,
                       rng=np.random.default_rng(seed))
        expect_true(np.shape(got) == (depth + 1,),
                    f"tanh_network_distance(depth={depth}) must return {depth + 1} ratios "
                    f"(layer 0 included), got shape {np.shape(got)}")
        # one network with these pairs: the lab's function draws the same numbers in this order
        expected = network_distances(sigma_w2, N, depth, 1, pairs, 1e-3, seed)
        expect_close(got, expected, f"tanh_network_distance({sigma_w2}, N={N}, depth={depth}, "
                                    f"pairs={pairs}, rng=default_rng({seed}))", rtol=1e-6)


CHECKS = {"lorenz-field": lorenz_field_check, "rk4-step": rk4_step_check,
          "linear-growth": linear_growth_check,
          "tanh-network-distance": tanh_network_distance_check}
