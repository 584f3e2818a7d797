"""Cheap closed-form objectives for the tuning tests (top level, so workers can import them)."""
from __future__ import annotations

import json
import math
import time

from gradschool.tuning import Int, LogUniform, Uniform

# The brief's bowl: best at x = 0.3, lr = 1e-2, where it is 0.
SPACE = {"x": Uniform(0.0, 1.0), "lr": LogUniform(1e-4, 1.0), "n": Int(1, 8)}


def bowl(params: dict) -> float:
    return -(params["x"] - 0.3) ** 2 - (math.log10(params["lr"]) + 2) ** 2 - 0.01 * params["n"]


# Bergstra & Bengio (2012): 5 hyperparameters, only a and b matter.
FIVE = {name: Uniform(0.0, 1.0) for name in "abcde"}
A_STAR, B_STAR = 0.42, 0.61


def two_of_five(params: dict) -> float:
    """-(squared distance to (A_STAR, B_STAR)) in the (a, b) plane; c, d, e do nothing."""
    return -((params["a"] - A_STAR) ** 2 + (params["b"] - B_STAR) ** 2)


EPOCHS = 10


def learning_curve(params: dict, report) -> float:
    """Validation accuracy after epoch e: q (1 - 0.6^(e+1)), q = exp(-(x - 0.3)^2 / 0.05).

    Good x learn to a high plateau, bad x to a low one, and the curves never
    cross, so a pruner that stops a trial early is right to.
    """
    q = math.exp(-((params["x"] - 0.3) ** 2) / 0.05)
    acc = 0.0
    for epoch in range(EPOCHS):
        acc = q * (1 - 0.6 ** (epoch + 1))
        report(epoch, acc)
    return acc


class LoggedBowl:
    """bowl, appending {"tag", "params"} to a JSON-lines log before it (slowly) answers."""

    def __init__(self, log: str, tag: str, delay: float = 0.0) -> None:
        self.log, self.tag, self.delay = log, tag, delay

    def __call__(self, params: dict) -> float:
        with open(self.log, "a") as f:
            f.write(json.dumps({"tag": self.tag, "params": params}) + "\n")
        time.sleep(self.delay)
        return bowl(params)


def read_log(path) -> list[dict]:
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


class Interrupting:
    """bowl that raises KeyboardInterrupt (a Ctrl-C) on call number `at` (0-based)."""

    def __init__(self, at: int) -> None:
        self.at, self.calls = at, 0

    def __call__(self, params: dict) -> float:
        self.calls += 1
        if self.calls - 1 == self.at:
            raise KeyboardInterrupt
        return bowl(params)
