"""Checks of the chain-rule notebook's exercises, against the lab's hand-written passes."""
from __future__ import annotations

import numpy as np

from gradschool.labs.exercise import Namespace, expect_close, expect_true

from .toy_model import (
    BACKWARD_NAMES,
    FORWARD_NAMES,
    PARAMETERS,
    backward_by_hand,
    forward_by_hand,
    grads_finite_difference,
    parameter_grads_by_hand,
)

LAB_POINT = ((1.0, 2.0, -3.0, 0.4), (0.1, -0.4, 2.0, 3.0), 2.3, 2.0)


def _points() -> list[tuple[tuple[float, ...], tuple[float, ...], float, float]]:
    """The lab's point and two random ones: (b, w, x, y)."""
    rng = np.random.default_rng(21)
    others = [(tuple(rng.normal(0, 1, 4)), tuple(rng.normal(0, 0.7, 4)), float(rng.normal()),
               float(rng.normal())) for _ in range(2)]
    return [LAB_POINT, *others]


def _expect_dict(got: object, expected: dict, what: str) -> None:
    expect_true(isinstance(got, dict), f"{what}: expected a dict with keys {list(expected)}, "
                                       f"got {type(got).__name__}")
    for key, value in expected.items():
        expect_true(key in got, f"{what}: the result has no key {key!r}")
        expect_close(got[key], value, f"{what}[{key!r}]")


def chain_forward(ns: Namespace) -> None:
    forward = ns.function("forward")
    for b, w, x, y in _points():
        expected = forward_by_hand(b, w, x, y)
        _expect_dict(forward(list(b), list(w), x, y), {k: expected[k] for k in FORWARD_NAMES},
                     f"forward(b={np.round(b, 3).tolist()}, w={np.round(w, 3).tolist()}, "
                     f"x={x:.3g}, y={y:.3g})")


def chain_backward(ns: Namespace) -> None:
    backward = ns.function("backward")
    for b, w, x, y in _points():
        fwd = forward_by_hand(b, w, x, y)
        expected = backward_by_hand(fwd, w, y)
        _expect_dict(backward(dict(fwd), list(w), y), {k: expected[k] for k in BACKWARD_NAMES},
                     f"backward(forward at b={np.round(b, 3).tolist()}, ...)")


def parameter_grads(ns: Namespace) -> None:
    grads = ns.function("parameter_grads")
    for b, w, x, y in _points():
        fwd = forward_by_hand(b, w, x, y)
        bwd = backward_by_hand(fwd, w, y)
        _expect_dict(grads(dict(fwd), dict(bwd), x), parameter_grads_by_hand(fwd, bwd, x),
                     f"parameter_grads(at b={np.round(b, 3).tolist()}, ..., x={x:.3g})")


def _quadratic(t: dict) -> float:
    return 3 * t["p"] ** 2 - 1.5 * t["q"] ** 2 + 0.25 * t["r"] ** 2 + t["p"] * t["q"]


def finite_differences(ns: Namespace) -> None:
    fd = ns.function("finite_differences")
    # a quadratic: the central difference is exact (a one-sided one is off by a_p h)
    theta = {"p": 0.5, "q": 2.0, "r": -4.0}
    exact = {"p": 6 * 0.5 + 2.0, "q": -3 * 2.0 + 0.5, "r": 0.5 * -4.0}
    before = dict(theta)
    _expect_dict(fd(_quadratic, theta, 0.1), exact,
                 "finite_differences(ℓ = 3p² − 1.5q² + r²/4 + pq, θ = (0.5, 2, −4), step 0.1)")
    expect_true(theta == before, f"finite_differences changed theta: {before} became {theta}")
    for b, w, x, y in _points():
        def loss(t: dict, x: float = x, y: float = y) -> float:
            return forward_by_hand([t[f"b{k}"] for k in range(4)],
                                   [t[f"w{k}"] for k in range(4)], x, y)["loss"]
        _expect_dict(fd(loss, dict(zip(PARAMETERS, (*b, *w))), 1e-6),
                     grads_finite_difference(b, w, x, y, 1e-6),
                     f"finite_differences(the toy model's loss at b={np.round(b, 3).tolist()}, "
                     "..., step 1e-6)")


CHECKS = {"chain-forward": chain_forward, "chain-backward": chain_backward,
          "parameter-grads": parameter_grads, "finite-differences": finite_differences}
