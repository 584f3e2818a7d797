"""Checks of the two-moons notebook's exercises, against the lab's NumPy network."""
from __future__ import annotations

import numpy as np

from gradschool.labs.exercise import Namespace, expect_close

from . import numpy_oop as lab


def _data(seed: int = 0) -> tuple[np.ndarray, np.ndarray, list[tuple[np.ndarray, np.ndarray]]]:
    rng = np.random.default_rng(seed)
    weights = [(rng.standard_normal((4, 2)), rng.standard_normal(4)),
               (rng.standard_normal((3, 4)), rng.standard_normal(3)),
               (rng.standard_normal((1, 3)), rng.standard_normal(1))]
    return rng.standard_normal((6, 2)), rng.integers(0, 2, 6).astype(float), weights


def bce_with_logits(ns: Namespace) -> None:
    z = np.array([-800.0, -30.0, -2.0, 0.0, 1.5, 30.0, 800.0])
    y = np.array([1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0])
    expect_close(ns.function("sigmoid")(z), lab.sigmoid(z), "sigmoid(z) for z from -800 to 800")
    expect_close(ns.function("bce_with_logits")(z, y), lab.bce_with_logits(z, y),
                 "bce_with_logits(z, y) (mean; finite for z = ±800)")
    expect_close(ns.function("bce_with_logits_derivative")(z, y),
                 lab.bce_with_logits_derivative(z, y), "bce_with_logits_derivative(z, y)")


def dense_layer(ns: Namespace) -> None:
    X, _, weights = _data(1)
    W, b = weights[0]
    mine, ref = ns.function("DenseLayer")(W, b), lab.DenseLayer(W, b)
    expect_close(mine.forward(X), ref.forward(X), "DenseLayer(W, b).forward(X)")
    dZ = np.random.default_rng(2).standard_normal((6, 4))
    expect_close(mine.backward(dZ), ref.backward(dZ), "backward(dZ), the returned ∂L/∂X")
    expect_close(mine.dW, ref.dW, "layer.dW after backward")
    expect_close(mine.db, ref.db, "layer.db after backward")


def relu_layer(ns: Namespace) -> None:
    Z = np.array([[-1.0, 0.0, 2.0], [3.0, -0.5, 1e-9]])
    mine, ref = ns.function("ReLU")(), lab.ReLU()
    expect_close(mine.forward(Z), ref.forward(Z), "ReLU().forward(Z)")
    dA = np.arange(6.0).reshape(2, 3) + 1
    expect_close(mine.backward(dA), ref.backward(dA), "ReLU().backward(dA) (0 where Z <= 0)")


def neural_network(ns: Namespace) -> None:
    """The notebook's NeuralNetwork chaining the lab's layers, against the lab's network."""
    X, y, weights = _data(3)
    mine = ns.function("NeuralNetwork")(lab.network_from(weights).layers)
    ref = lab.network_from(weights)
    expect_close(mine.forward(X), ref.forward(X), "NeuralNetwork(layers).forward(X)")
    z = ref.forward(X)[:, 0]
    dz = lab.bce_with_logits_derivative(z, y)[:, None]
    expect_close(mine.backward(dz), ref.backward(dz), "backward(∂L/∂z), the returned ∂L/∂X")
    mine.step(0.1)
    ref.step(0.1)
    for i, (a, b) in enumerate(zip(mine.layers[::2], ref.layers[::2])):
        expect_close(a.W, b.W, f"W of dense layer {i} after step(0.1)")
        expect_close(a.b, b.b, f"b of dense layer {i} after step(0.1)")


CHECKS = {"bce-with-logits": bce_with_logits, "dense-layer": dense_layer,
          "relu-layer": relu_layer, "neural-network": neural_network}
