"""What a matrix product costs: seconds and GFLOP/s of `gs.matmul`, NumPy's `@` and a Python
triple loop.

An (m×k)(k×n) product takes m·n dot products of length k: m·n·k multiplications and as many
additions, 2mnk floating-point operations (flop); for n × n matrices 2n³.
GFLOP/s = 2n³ / seconds / 10⁹.

Timings are the best (minimum) of `repeats` measurements; each measurement runs the call
often enough to last at least `min_seconds`. The gradschool and NumPy measurements
alternate, and their ratio is the median of the ratios of back-to-back pairs, so a burst
of load on the machine hits both sides of a ratio alike.
"""
from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

import numpy as np

import gradschool as gs

from .identities import python_matmul


def flops(n: int) -> int:
    """Floating-point operations of an n × n by n × n product: 2n³."""
    return 2 * n**3


def _seconds(f: Callable[[], Any], number: int) -> float:
    start = time.perf_counter()
    for _ in range(number):
        f()
    return (time.perf_counter() - start) / number


def time_pair(f: Callable[[], Any], g: Callable[[], Any], repeats: int,
              min_seconds: float) -> tuple[float, float, float]:
    """Best seconds per call of f and of g, and the median over repeats of the paired ratio
    (g's time / f's time measured right after it), which cancels most of the machine's load
    swings (see the module doc)."""
    f()
    g()  # warm up: first-call costs (allocation, thread start) are not the product's
    number = max(1, math.ceil(min_seconds / max(_seconds(f, 1), 1e-9)))
    times_f, times_g = [], []
    for _ in range(repeats):
        times_f.append(_seconds(f, number))
        times_g.append(_seconds(g, number))
    ratio = float(np.median(np.array(times_g) / np.array(times_f)))
    return min(times_f), min(times_g), ratio


def time_matmul(n: int, dtype: str, rng: np.random.Generator, repeats: int,
                min_seconds: float) -> dict[str, float]:
    """Seconds of NumPy's A @ B and of gs.matmul on the same n × n matrices of `dtype`, the
    paired ratio gs / NumPy, and the largest difference between their results (0: it is the
    same BLAS call)."""
    A = rng.standard_normal((n, n)).astype(dtype)
    B = rng.standard_normal((n, n)).astype(dtype)
    tA, tB = gs.tensor(A), gs.tensor(B)
    with gs.no_grad():
        t_numpy, t_gs, ratio = time_pair(lambda: A @ B, lambda: gs.matmul(tA, tB), repeats,
                                         min_seconds)
        difference = float(np.abs(gs.matmul(tA, tB).numpy() - A @ B).max())
    return {"numpy_seconds": t_numpy, "gs_seconds": t_gs, "gs_over_numpy": ratio,
            "max_abs_difference": difference}


def time_python_loop(n: int, rng: np.random.Generator, repeats: int = 3) -> dict[str, float]:
    """Best seconds of `repeats` n × n Python triple-loop products (float64 lists), NumPy's
    time on the same matrices, and the loop's largest deviation from NumPy's result."""
    A, B = rng.standard_normal((2, n, n))
    a, b = A.tolist(), B.tolist()
    loop_seconds = math.inf
    for _ in range(repeats):
        start = time.perf_counter()
        C = python_matmul(a, b)
        loop_seconds = min(loop_seconds, time.perf_counter() - start)
    numpy_seconds, _, _ = time_pair(lambda: A @ B, lambda: None, repeats, 1e-3)
    return {"seconds": loop_seconds, "numpy_seconds": numpy_seconds,
            "max_abs_error": float(np.abs(np.array(C) - A @ B).max())}
