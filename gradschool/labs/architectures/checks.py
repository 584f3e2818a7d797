"""Checks of the architectures notebook's exercises, against the lab's own networks and
measurements (gs.nn with copied weights, `layer_gradient_norms`) and closed forms."""
from __future__ import annotations

import numpy as np

from gradschool import nn
from gradschool.autograd.tensor import make_tensor
from gradschool.labs.exercise import Namespace, expect_close, expect_equal, expect_true

from .gradients import layer_gradient_norms
from .models import linear_layers, mlp


def _weights(width: int, layers: int, seed: int) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """PyTorch-default weights of an MLP 40 → width × layers → 10, as NumPy float64 arrays."""
    rng = np.random.default_rng(seed)
    sizes = [40] + [width] * layers + [10]
    Ws = [rng.uniform(-1, 1, (o, i)) / np.sqrt(i) for i, o in zip(sizes[:-1], sizes[1:])]
    bs = [rng.uniform(-1, 1, o) / np.sqrt(i) for i, o in zip(sizes[:-1], sizes[1:])]
    return Ws, bs


def _twin(Ws: list[np.ndarray], bs: list[np.ndarray], residual: bool) -> nn.Module:
    """The lab's `mlp` in float64 holding the weights Ws, bs."""
    model = mlp(Ws[0].shape[0], len(Ws) - 1, residual=residual).double()
    for layer, W, b in zip(linear_layers(model), Ws, bs):
        layer.weight.data[...] = W
        layer.bias.data[...] = b
    return model


def _batch(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, 40)), rng.integers(0, 10, n)


def _forward(model: nn.Module, x: np.ndarray) -> tuple[np.ndarray, list, list]:
    """(logits z, the input of every layer, every hidden pre-activation) of the lab's `mlp`."""
    h, inputs, pre = make_tensor(x), [], []
    for block, layer in zip(model, linear_layers(model)[:-1]):
        inputs.append(h.data)
        pre.append(layer(h).data)
        h = block(h)
    inputs.append(h.data)
    return model(make_tensor(x)).data, inputs, pre


def mlp_forward(ns: Namespace) -> None:
    f = ns.function("mlp_forward")
    x, _ = _batch(12, 0)
    for residual in (False, True):
        Ws, bs = _weights(6, 4, seed=1)
        model = _twin(Ws, bs, residual)
        what = f"mlp_forward(4 hidden layers, residual={residual})"
        out = f(Ws, bs, x, residual)
        expect_true(isinstance(out, tuple) and len(out) == 3,
                    f"{what}: expected a tuple (z, inputs, pre), got {type(out).__name__}")
        z, inputs, pre = out
        expected = _forward(model, x)
        expect_close(z, expected[0], f"{what}: logits z")
        expect_equal(len(inputs), len(Ws), f"{what}: len(inputs)")
        expect_equal(len(pre), len(Ws) - 1, f"{what}: len(pre)")
        for l, (got, want) in enumerate(zip(inputs, expected[1])):
            expect_close(got, want, f"{what}: inputs[{l}]")
        for l, (got, want) in enumerate(zip(pre, expected[2])):
            expect_close(got, want, f"{what}: pre[{l}]")


def gradient_norms(ns: Namespace) -> None:
    f = ns.function("weight_gradient_norms")
    x, y = _batch(20, 2)
    for residual, layers in ((False, 3), (True, 3), (True, 6)):
        Ws, bs = _weights(8, layers, seed=3)
        model = _twin(Ws, bs, residual)
        z, inputs, pre = _forward(model, x)
        expect_close(np.asarray(f(Ws, z, inputs, pre, y, residual), dtype=float),
                     layer_gradient_norms(model, x, y),
                     f"weight_gradient_norms({layers} hidden layers, residual={residual})",
                     rtol=1e-8)


def batch_norm(ns: Namespace) -> None:
    f = ns.function("batch_norm")
    rng = np.random.default_rng(4)
    z = rng.normal(1.5, 2.0, (30, 5))
    gamma, beta = rng.normal(size=5), rng.normal(size=5)
    expected = nn.functional.batch_norm(make_tensor(z), None, None, make_tensor(gamma),
                                        make_tensor(beta), training=True).data
    expect_close(f(z, gamma, beta), expected, "batch_norm(z (30, 5), γ, β)", rtol=1e-9)
    expect_close(f(z, gamma, beta, 0.5), nn.functional.batch_norm(
        make_tensor(z), None, None, make_tensor(gamma), make_tensor(beta), training=True,
        eps=0.5).data, "batch_norm(z, γ, β, eps=0.5)", rtol=1e-9)


def inverted_dropout(ns: Namespace) -> None:
    f = ns.function("dropout")
    h = np.random.default_rng(5).uniform(1.0, 2.0, (100, 400))
    kept = h.copy()
    expect_close(f(h, 0.0, np.random.default_rng(6)), h, "dropout(h, p=0, rng)")
    for p in (0.2, 0.5):
        y = np.asarray(f(h, p, np.random.default_rng(6)), dtype=float)
        expect_close(h, kept, f"h after dropout(h, p={p}, rng) (it must not change h)")
        expect_equal(y.shape, h.shape, f"dropout(h, p={p}, rng).shape")
        zero = y == 0
        expect_true(abs(zero.mean() - p) < 0.01,  # 4 standard errors of 40 000 draws
                    f"dropout(h, p={p}, rng): expected a fraction {p} of zeros, got "
                    f"{zero.mean():.4f}")
        expect_close(y[~zero], h[~zero] / (1 - p),
                     f"dropout(h, p={p}, rng): the kept entries (h / (1 - p))")


CHECKS = {"mlp-forward": mlp_forward, "gradient-norms": gradient_norms,
          "batch-norm": batch_norm, "inverted-dropout": inverted_dropout}
