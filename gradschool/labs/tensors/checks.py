"""Checks of the tensors notebook's exercises, against the lab's own functions."""
from __future__ import annotations

import numpy as np

from gradschool.labs.exercise import Namespace, expect_close, expect_equal, expect_true

from .dtypes import FLOAT_DTYPES, machine_epsilon, matrix_megabytes
from .images import grayscale
from .summation import exact_sum, naive_sum


def grayscale_check(ns: Namespace) -> None:
    to_grayscale = ns.function("to_grayscale")
    rng = np.random.default_rng(11)
    for shape in ((4, 5, 3), (1, 7, 3), (30, 20, 3)):
        image = rng.integers(0, 256, shape, dtype=np.uint8)
        expect_close(to_grayscale(image), grayscale(image),
                     f"to_grayscale(a random uint8 image of shape {shape})")


def megabytes_check(ns: Namespace) -> None:
    megabytes = ns.function("matrix_megabytes")
    for n in (1, 768, 10_000):
        for dtype, expected in matrix_megabytes(n).items():
            expect_close(megabytes(n, dtype), expected, f"matrix_megabytes({n}, {dtype!r})",
                         rtol=1e-12)


def epsilon_check(ns: Namespace) -> None:
    epsilon = ns.function("machine_epsilon")
    for dtype in FLOAT_DTYPES:
        expect_equal(float(epsilon(dtype)), machine_epsilon(dtype), f"machine_epsilon({dtype!r})")


def kahan_check(ns: Namespace) -> None:
    kahan = ns.function("kahan_sum")
    rng = np.random.default_rng(12)
    cases = {"20 000 copies of 0.1 (float32)": np.full(20_000, 0.1, dtype=np.float32),
             "20 000 uniform numbers (float32)": rng.random(20_000, dtype=np.float32)}
    for name, x in cases.items():
        got = kahan(x)
        expect_true(np.asarray(got).dtype == np.float32,
                    f"kahan_sum({name}) must add in float32, got dtype {np.asarray(got).dtype}")
        exact = exact_sum(x)
        ulp = float(np.spacing(np.float32(abs(exact))))
        naive_error = abs(float(naive_sum(x)) - exact)
        expect_true(abs(float(got) - exact) <= ulp,
                    f"kahan_sum({name}) = {float(got)!r}, but the exact sum is {exact!r} (the "
                    f"naive float32 sum is off by {naive_error:.3g}; Kahan should be within "
                    f"one float32 step, {ulp:.3g})")


CHECKS = {"grayscale": grayscale_check, "matrix-megabytes": megabytes_check,
          "machine-epsilon": epsilon_check, "kahan-sum": kahan_check}
