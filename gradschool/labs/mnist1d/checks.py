"""Checks of the mnist1d notebook's exercises: small seeded models and arrays, no training."""
from __future__ import annotations

import numpy as np

import gradschool as gs
from gradschool.labs.exercise import Namespace, expect_close, expect_equal, expect_true
from gradschool.models import MLP, Logistic

from .evaluation import confusion_matrix as lab_confusion_matrix
from .evaluation import predict


def conv_length(ns: Namespace) -> None:
    length = ns.function("conv_length")
    for L_in, kernel, stride, padding in ((40, 5, 2, 1), (19, 3, 2, 1), (10, 3, 2, 1),
                                          (40, 3, 1, 0), (41, 4, 3, 2), (7, 7, 1, 0)):
        conv = gs.nn.Conv1d(1, 2, kernel, stride=stride, padding=padding)
        with gs.no_grad():
            out = conv(gs.tensor(np.zeros((1, 1, L_in), dtype=np.float32)))
        expect_equal(length(L_in, kernel, stride, padding), out.shape[-1],
                     f"conv_length({L_in}, kernel={kernel}, stride={stride}, padding={padding}) "
                     "(gs.nn.Conv1d's output length)")


def mlp_forward(ns: Namespace) -> None:
    forward = ns.function("mlp_forward")
    rng = np.random.default_rng(52)
    for seed, hidden in ((0, 100), (3, 16)):
        gs.manual_seed(seed)
        model = MLP(hidden=hidden)
        x = rng.normal(size=(6, 40)).astype(np.float32)
        with gs.no_grad():
            expected = model(gs.tensor(x)).data
        expect_close(forward(model, x), expected,
                     f"mlp_forward(MLP(hidden={hidden}), 6 random inputs) (the model's logits)",
                     rtol=1e-4, atol=1e-5)


def accuracy(ns: Namespace) -> None:
    acc = ns.function("accuracy")
    rng = np.random.default_rng(53)
    gs.manual_seed(1)
    models = {"Logistic()": Logistic(), "MLP()": MLP()}
    x = rng.normal(size=(200, 40))
    for name, model in models.items():
        y_pred = predict(model, x)
        y_random = rng.integers(0, 10, size=200)
        y_half = np.where(np.arange(200) % 2 == 0, y_pred, (y_pred + 1) % 10)
        for labels, y in (("random labels", y_random), ("its own predictions", y_pred),
                          ("half its predictions", y_half)):
            expect_close(acc(model, x, y), float(np.mean(y_pred == y)),
                         f"accuracy({name}, 200 random inputs, {labels})", rtol=1e-12)


def confusion_matrix(ns: Namespace) -> None:
    confusion = ns.function("confusion_matrix")
    rng = np.random.default_rng(54)
    for n, k in ((500, 10), (50, 3)):
        y_true, y_pred = rng.integers(0, k, size=n), rng.integers(0, k, size=n)
        got = np.asarray(confusion(y_true, y_pred, k))
        what = f"confusion_matrix({n} random labels, {n} random predictions, {k})"
        expected = lab_confusion_matrix(y_true, y_pred, k)
        expect_equal(got.shape, expected.shape, f"{what}: shape")
        expect_true(np.array_equal(got, expected),
                    f"{what}: expected rows (true class) {expected[:2].tolist()}..., got "
                    f"{got[:2].tolist()}... (is C[i, j] true class i, predicted j?)")


def recover_permutation(ns: Namespace) -> None:
    recover = ns.function("recover_permutation")
    rng = np.random.default_rng(55)
    for n, d in ((300, 40), (50, 12)):
        x = rng.normal(size=(n, d))
        perm = rng.permutation(d)
        got = np.asarray(recover(x, x[:, perm]))
        expect_equal(got.tolist(), perm.tolist(),
                     f"recover_permutation(x of shape {(n, d)}, x[:, perm])")


CHECKS = {"conv-length": conv_length, "mlp-forward": mlp_forward, "accuracy": accuracy,
          "confusion-matrix": confusion_matrix, "recover-permutation": recover_permutation}
