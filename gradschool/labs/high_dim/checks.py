"""Checks of the high-dim notebook's exercises, against the lab's own geometry functions."""
from __future__ import annotations

import math

import numpy as np

from gradschool.labs.exercise import Namespace, expect_close, expect_true

from .geometry import ball_volume, nearest_farthest_ratio, random_cosines, sample_ball


def pairwise_distances(ns: Namespace) -> None:
    distances = ns.function("pairwise_distances")
    rng = np.random.default_rng(31)
    for n, D in ((5, 2), (12, 50), (6, 300)):
        X = rng.standard_normal((n, D))
        direct = np.linalg.norm(X[:, None, :] - X[None, :, :], axis=-1)
        # the one-product formula loses about √(ε ‖x‖²) to rounding on the diagonal
        expect_close(distances(X), direct, f"pairwise_distances(X of shape {X.shape})",
                     rtol=1e-9, atol=1e-6)
    X = np.array([[0.0, 0.0], [3.0, 4.0], [1.0, 0.0]])
    expect_close(distances(X), [[0, 5, 1], [5, 0, np.sqrt(20)], [1, np.sqrt(20), 0]],
                 "pairwise_distances([[0, 0], [3, 4], [1, 0]])")


def nearest_farthest(ns: Namespace) -> None:
    ratio = ns.function("nearest_farthest_ratio")
    rng = np.random.default_rng(32)
    for n, D in ((6, 2), (20, 100)):
        X = rng.standard_normal((n, D))
        dist = np.linalg.norm(X[:, None, :] - X[None, :, :], axis=-1)
        expect_close(ratio(dist), nearest_farthest_ratio(dist),
                     f"nearest_farthest_ratio(the distances of {n} points in D = {D})")
    dist = np.array([[0.0, 1.0, 4.0], [1.0, 0.0, 2.0], [4.0, 2.0, 0.0]])
    expect_close(ratio(dist), [0.25, 0.5, 0.5],
                 "nearest_farthest_ratio([[0, 1, 4], [1, 0, 2], [4, 2, 0]])")


def ball_volume_check(ns: Namespace) -> None:
    volume = ns.function("ball_volume")
    expect_close(volume(2), math.pi / 4, "ball_volume(2) (the disc of radius 1/2: π/4)")
    for D in (1, 3, 5, 10, 20, 40):
        for r in (0.5, 1.0, 2.0):
            expect_close(volume(D, r), ball_volume(D, r), f"ball_volume({D}, r={r})",
                         rtol=1e-9, atol=0.0)


def sample_ball_check(ns: Namespace) -> None:
    sample = ns.function("sample_ball")
    for n, D, seed in ((5, 2, 33), (4, 30, 34)):
        got = sample(n, D, rng=np.random.default_rng(seed))
        expect_close(got, sample_ball(n, D, np.random.default_rng(seed)),
                     f"sample_ball({n}, {D}, rng=np.random.default_rng({seed}))")
    r = np.linalg.norm(sample(20_000, 10, rng=np.random.default_rng(35)), axis=1)
    expect_true(bool(np.all(r < 1)), "sample_ball: every point must lie inside the unit ball")


def random_cosines_check(ns: Namespace) -> None:
    cosines = ns.function("random_cosines")
    for n, D, seed in ((6, 2, 36), (5, 100, 37)):
        expect_close(cosines(n, D, rng=np.random.default_rng(seed)),
                     random_cosines(n, D, np.random.default_rng(seed)),
                     f"random_cosines({n}, {D}, rng=np.random.default_rng({seed}))")


CHECKS = {"pairwise-distances": pairwise_distances, "nearest-farthest": nearest_farthest,
          "ball-volume": ball_volume_check, "sample-ball": sample_ball_check,
          "random-cosines": random_cosines_check}
