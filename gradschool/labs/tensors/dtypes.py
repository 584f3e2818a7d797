"""What a dtype costs and what it can hold: bytes, memory, machine epsilon, exact integers.

Memory is given in megabytes of 10⁶ bytes (MB, the SI unit), not in MiB of 2²⁰ bytes:
an n × n matrix of a dtype of `itemsize` bytes takes itemsize · n² / 10⁶ MB.
"""
from __future__ import annotations

import numpy as np

DTYPES: tuple[str, ...] = ("float16", "float32", "float64", "int8", "int32", "int64", "bool")
FLOAT_DTYPES: tuple[str, ...] = ("float16", "float32", "float64")
MEGABYTE = 10**6  # bytes: SI megabyte (a MiB would be 2**20)


def _dtype(name: str) -> np.dtype:
    try:
        return np.dtype(name)
    except TypeError:
        raise TypeError(f"tensors: {name!r} is not a NumPy dtype") from None


def bytes_per_element(dtypes: tuple[str, ...] = DTYPES) -> dict[str, int]:
    """{dtype: bytes one element takes} (NumPy's itemsize; bool takes a whole byte)."""
    return {name: _dtype(name).itemsize for name in dtypes}


def matrix_megabytes(n: int, dtypes: tuple[str, ...] = DTYPES) -> dict[str, float]:
    """{dtype: MB of an n × n matrix} = itemsize · n² / 10⁶, computed, never allocated."""
    if n < 1:
        raise ValueError(f"matrix_megabytes: n must be >= 1, got {n}")
    return {name: _dtype(name).itemsize * n * n / MEGABYTE for name in dtypes}


def machine_epsilon(dtype: str) -> float:
    """The gap between 1 and the next float of `dtype`, found by halving.

    eps is the smallest power of two with fl(1 + eps) > 1: start at eps = 1 and halve
    while 1 + eps/2 still differs from 1, the addition done in `dtype` itself.
    """
    kind = _dtype(dtype)
    if kind.kind != "f":
        raise ValueError(f"machine_epsilon: {dtype} is not a floating-point dtype")
    one, eps = kind.type(1), kind.type(1)
    two = kind.type(2)
    while one + eps / two != one:
        eps = eps / two
    return float(eps)


def exact_int_limit(dtype: str) -> int:
    """The first power of two 2ᵏ after which `dtype` skips integers: 2ᵏ + 1 rounds to 2ᵏ.

    Every integer in [-2ᵏ, 2ᵏ] is exact; k is the number of significand bits
    (11 for float16, 24 for float32, 53 for float64, the hidden bit included).
    """
    kind = _dtype(dtype)
    if kind.kind != "f":
        raise ValueError(f"exact_int_limit: {dtype} is not a floating-point dtype")
    k = 1
    while kind.type(2**k + 1) != kind.type(2**k):
        k += 1
    return 2**k


def point_one_plus_point_two() -> dict[str, object]:
    """0.1 + 0.2 == 0.3 in float64 and float32, with the float64 sum and its error."""
    total = 0.1 + 0.2
    f32 = np.float32(0.1) + np.float32(0.2)
    return {"float64_sum": total, "float64_equal": total == 0.3,
            "float64_error": total - 0.3, "float32_sum": float(f32),
            "float32_equal": bool(f32 == np.float32(0.3))}
