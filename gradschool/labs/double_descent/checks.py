"""Checks of the double-descent notebook's exercises, against the lab's own functions."""
from __future__ import annotations

import numpy as np

import gradschool as gs
from gradschool.labs.exercise import Namespace, expect_close, expect_equal, expect_true

from . import published
from .analysis import landmarks as lab_landmarks
from .data import notebook_label_noise
from .training import build_mlp, param_count, train_epoch


def label_noise(ns: Namespace) -> None:
    y = np.random.default_rng(0).integers(0, 10, 2000)
    original = y.copy()
    for fraction, seed in ((0.15, 42), (0.5, 7), (0.0, 1)):
        got = ns.function("add_label_noise")(y, fraction, seed)
        expect_close(np.asarray(got), notebook_label_noise(original, fraction, seed),
                     f"add_label_noise(y, {fraction}, seed={seed})")
    expect_true(bool(np.array_equal(y, original)), "add_label_noise must not change its input")


def mlp(ns: Namespace) -> None:
    for h in (3, 8):
        model = ns.function("make_mlp")(h, np.random.default_rng(h))
        expect_equal(sum(p.data.size for p in model.parameters()), param_count(h),
                     f"the number of parameters of make_mlp({h}, rng)")
        expected = build_mlp(h, np.random.default_rng(h)).state_dict()
        got = model.state_dict()
        expect_equal(sorted(got), sorted(expected), f"make_mlp({h}, rng): parameter names")
        for name, value in expected.items():
            expect_close(got[name].data, value.data, f"make_mlp({h}, rng): {name}")


def sgd_epoch(ns: Namespace) -> None:
    rng = np.random.default_rng(5)
    x = rng.standard_normal((250, 40)).astype(np.float32)
    y = rng.integers(0, 10, 250)
    order = rng.permutation(250)
    ours, theirs = build_mlp(12, np.random.default_rng(6)), build_mlp(12, np.random.default_rng(6))
    got = ns.function("train_epoch")(
        ours, gs.optim.SGD(ours.parameters(), lr=0.01, momentum=0.9), x, y, order, 100)
    expected = train_epoch(theirs, gs.optim.SGD(theirs.parameters(), lr=0.01, momentum=0.9),
                           x, y, order, 100)
    expect_close(np.asarray(got, dtype=float), expected,
                 "train_epoch(...) on 250 samples in batches of 100: the batch losses",
                 rtol=1e-6, atol=1e-7)
    for name, value in theirs.state_dict().items():
        expect_close(ours.state_dict()[name].data, value.data,
                     f"the weights after train_epoch: {name}", rtol=1e-5, atol=1e-7)


def landmarks(ns: Namespace) -> None:
    cases = [
        (published.HIDDEN, published.TRAIN_ERROR, published.TEST_ERROR),
        ((1, 2, 3), (50.0, 40.0, 30.0), (60.0, 50.0, 55.0)),   # never interpolates
        ((1, 2, 4), (0.5, 0.0, 0.0), (30.0, 35.0, 20.0)),      # the first width does
        ((1, 2), (9.0, 5.0), (30.0, 20.0)),                    # no peak
    ]
    keys = ("interpolation_width", "first_minimum_width", "peak_width")
    for hidden, train, test in cases:
        got = ns.function("landmarks")(list(hidden), list(train), list(test))
        expected = lab_landmarks(hidden, train, test)
        for key in keys:
            expect_equal(got.get(key), expected[key],
                         f"landmarks(hidden={list(hidden)[:4]}...)[{key!r}]")


CHECKS = {"label-noise": label_noise, "mlp": mlp, "sgd-epoch": sgd_epoch,
          "landmarks": landmarks}
