"""Checks of the xor notebook's exercises, against the lab's own hand-written network."""
from __future__ import annotations

import numpy as np

from gradschool.labs.exercise import Namespace, expect_close, expect_true

from .from_scratch import PARAM_NAMES, backward, forward, xor_data


def _params(hidden: int = 3, stack: tuple[int, ...] = (), seed: int = 7) -> dict:
    rng = np.random.default_rng(seed)
    shapes = {"W1": (hidden, 2), "b1": (hidden,), "W2": (1, hidden), "b2": (1,)}
    return {k: rng.normal(size=stack + s) for k, s in shapes.items()}


def _expect_dict(got: object, expected: dict, what: str) -> None:
    expect_true(isinstance(got, dict), f"{what}: expected a dict with keys "
                                       f"{sorted(expected)}, got {type(got).__name__}")
    for key, value in expected.items():
        expect_true(key in got, f"{what}: the result has no key {key!r}")
        expect_close(got[key], value, f"{what}[{key!r}]")


def xor_forward(ns: Namespace) -> None:
    X, _ = xor_data()
    for stack in ((), (5,)):  # one network, and a stack of five
        params = _params(stack=stack)
        _expect_dict(ns.function("forward")(params, X), forward(params, X),
                     f"forward(params of shape {params['W1'].shape}, X)")


def xor_backward(ns: Namespace) -> None:
    X, y = xor_data()
    for stack in ((), (5,)):
        params = _params(stack=stack)
        cache = forward(params, X)
        got = ns.function("backward")(params, cache, X, y)
        _expect_dict(got, backward(params, cache, X, y),
                     f"backward(params of shape {params['W1'].shape}, ...)")
        expect_true(set(got) >= set(PARAM_NAMES), "backward must return every gradient")


def xor_sigmoid(ns: Namespace) -> None:
    X, y = xor_data()
    params = _params(hidden=4)
    cache = forward(params, X, "sigmoid")
    _expect_dict(ns.function("forward_sigmoid")(params, X), cache, "forward_sigmoid(params, X)")
    _expect_dict(ns.function("backward_sigmoid")(params, cache, X, y),
                 backward(params, cache, X, y, "sigmoid"), "backward_sigmoid(params, ...)")


CHECKS = {"xor-forward": xor_forward, "xor-backward": xor_backward, "xor-sigmoid": xor_sigmoid}
