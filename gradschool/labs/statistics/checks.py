"""Checks of the statistics notebook's exercises, against the lab's own functions."""
from __future__ import annotations

import numpy as np

from gradschool.labs.exercise import Namespace, expect_close, expect_equal

from .sampling import sample_means, skewness
from .summaries import TIED_SAMPLE, summary, tie_indices


def first_argmax(ns: Namespace) -> None:
    argmax = ns.function("first_argmax")
    rng = np.random.default_rng(4)
    samples = [list(TIED_SAMPLE), [5.0, 5.0, 1.0], [-3.0, -1.0, -2.0, -1.0], [2.5],
               *(rng.integers(0, 3, size=9).astype(float).tolist() for _ in range(20))]
    for x in samples:  # many ties: values drawn from {0, 1, 2}
        expect_equal(argmax(x), tie_indices(x)["gradschool"]["argmax"], f"first_argmax({x})")


def variance(ns: Namespace) -> None:
    var = ns.function("variance")
    rng = np.random.default_rng(5)
    for x in (list(TIED_SAMPLE), rng.normal(10.0, 2.0, size=6).tolist(), [1.0, 2.0]):
        stats = summary(x)
        shown = f"[{', '.join(f'{v:.4g}' for v in x)}]"
        expect_close(var(x), stats["var_ddof0"], f"variance({shown})")
        expect_close(var(x, 1), stats["var_ddof1"], f"variance({shown}, ddof=1)")


def standard_error(ns: Namespace) -> None:
    se = ns.function("standard_error")
    for n, replicates, seed in ((4, 50, 6), (1, 30, 7), (25, 40, 8)):
        expected = sample_means(n, replicates, np.random.default_rng(seed)).std(ddof=1)
        expect_close(se(n, replicates, np.random.default_rng(seed)), expected,
                     f"standard_error({n}, {replicates}, np.random.default_rng({seed}))")


def skewness_check(ns: Namespace) -> None:
    skew = ns.function("skewness")
    rng = np.random.default_rng(9)
    for name, x in (("[1, 2, 10]", np.array([1.0, 2.0, 10.0])),
                    ("50 exponential draws", rng.exponential(1.0, size=50)),
                    ("40 normal draws", rng.normal(3.0, 2.0, size=40))):
        expect_close(skew(x), skewness(x), f"skewness({name})")


CHECKS = {"first-argmax": first_argmax, "variance": variance,
          "standard-error": standard_error, "skewness": skewness_check}
