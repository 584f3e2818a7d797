"""Checks of the initialization notebook's exercises, against the lab's own network, its
measurement and gs.nn.init."""
from __future__ import annotations

import math

import numpy as np

import gradschool as gs
from gradschool.labs.exercise import Namespace, expect_close, expect_equal, expect_true
from gradschool.nn import init

from . import measure as lab
from .variances import he, xavier


def _fixed_weights(seed: int):
    """A weight_init that fills each successive weight from its own seeded NumPy generator."""
    rng = np.random.default_rng(seed)

    def fill(W: gs.Tensor) -> None:
        W.data[...] = rng.normal(0.0, 0.4, size=W.shape)
    return fill


def make_network(ns: Namespace) -> None:
    build = ns.function("make_network")
    for depth, width, activation, name in ((3, 5, gs.nn.ReLU, "relu"),
                                           (4, 6, gs.nn.Tanh, "tanh")):
        net = build(depth, width, _fixed_weights(depth), activation)
        what = f"make_network({depth}, {width}, weight_init, gs.nn.{activation.__name__})"
        modules = list(net)
        expect_equal(len(modules), 2 * depth, f"{what}: the number of modules")
        expect_true(all(isinstance(m, gs.nn.Linear) for m in modules[::2])
                    and all(isinstance(m, activation) for m in modules[1::2]),
                    f"{what}: expected Linear, {activation.__name__}, Linear, ... got "
                    f"{[type(m).__name__ for m in modules]}")
        expected = lab.make_network(depth, width, name, _fixed_weights(depth))
        for k, (ours, theirs) in enumerate(zip(modules[::2], list(expected)[::2])):
            expect_equal(str(ours.weight.data.dtype), "float64", f"{what}: layer {k}'s dtype")
            expect_close(ours.weight.data, theirs.weight.data, f"{what}: layer {k}'s weight "
                                                               "(filled by weight_init)")
            expect_close(ours.bias.data, np.zeros(width), f"{what}: layer {k}'s bias")
        x = np.random.default_rng(1).standard_normal((7, width))
        expect_close(net(gs.tensor(x)).data, expected(gs.tensor(x)).data, f"{what} on 7 inputs")
    weight_init = ns.function("variance")(0.3)
    W = gs.nn.Linear(3, 4, dtype="float64").weight
    reference = gs.nn.Linear(3, 4, dtype="float64").weight
    gs.manual_seed(8)
    weight_init(W)
    gs.manual_seed(8)
    init.normal_(reference, 0.0, math.sqrt(0.3))
    expect_close(W.data, reference.data, "variance(0.3) applied to a weight after "
                                         "gs.manual_seed(8): init.normal_ with std √0.3")


def measure_layers(ns: Namespace) -> None:
    measure = ns.function("measure")
    rng = np.random.default_rng(2)
    for activation, weight_init in (("relu", he(6)), ("tanh", xavier(1.0)(6))):
        gs.manual_seed(3)
        network = lab.make_network(4, 6, activation, weight_init).requires_grad_(True)
        x, G = rng.standard_normal((9, 6)), rng.standard_normal((9, 6))
        got = measure(network, x, G)
        expect_true(isinstance(got, tuple) and len(got) == 3,
                    "measure must return (forward_var, backward_var, a_L)")
        expected = lab.measure(network, x, G)
        what = f"measure(4 {activation} layers of 6 units, x (9, 6), G (9, 6))"
        expect_close(got[0], expected["forward_var"], f"{what}: the variance of each a_l")
        expect_close(got[1], expected["backward_var"], f"{what}: the variance of each ∂L/∂a_l")
        expect_close(got[2], expected["last"], f"{what}: a_L")


def leaky_variance(ns: Namespace) -> None:
    variance = ns.function("leaky_he_variance")
    for alpha, width in ((0.2, 80), (0.01, 256), (0.5, 10), (0.0, 64)):
        expect_close(variance(alpha, width), init.calculate_gain("leaky_relu", alpha) ** 2 / width,
                     f"leaky_he_variance({alpha}, {width}) (kaiming_normal_'s variance)")


def relu_growth(ns: Namespace) -> None:
    growth = ns.function("relu_growth")
    for sigma2, width in ((1.0, 80), (2 / 80, 80), (3 / 80, 80), (0.5 / 8, 8)):
        expected = math.sqrt(sigma2 * width) / init.calculate_gain("relu")
        expect_close(growth(sigma2, width), expected, f"relu_growth({sigma2:g}, {width})")


CHECKS = {"make-network": make_network, "measure-layers": measure_layers,
          "leaky-variance": leaky_variance, "relu-growth": relu_growth}
