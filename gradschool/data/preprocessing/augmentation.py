"""Data augmentation for 1-D signals: new training samples that keep their label.

Each function takes one signal x of shape (L,) or a batch of shape (n, L) with
time along the last axis (an MNIST-1D batch `load_mnist1d()["x"]` is (n, 40)),
and returns a new array (or gs Tensor, if given one) of the same shape. The
random ones draw one independent transformation per sample from `generator`:
a `np.random.Generator`, an int seed (`np.random.default_rng(seed)`), or None
for gradschool's generator (the one `gs.manual_seed` seeds).

Augmentation works on data, outside the autograd graph: a Tensor result is a
fresh leaf.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from ...random import default_generator
from ._base import like_input, to_numpy

GeneratorLike = np.random.Generator | int | None


def _rng(generator: GeneratorLike, where: str) -> np.random.Generator:
    if generator is None:
        return default_generator()
    if isinstance(generator, np.random.Generator):
        return generator
    if isinstance(generator, (int, np.integer)) and not isinstance(generator, bool) \
            and generator >= 0:
        return np.random.default_rng(int(generator))
    raise TypeError(f"{where}: generator must be a np.random.Generator, a seed >= 0 or None, "
                    f"got {generator!r}")


def _signals(x: Any, where: str, floating: bool) -> tuple[np.ndarray, bool]:
    """x as an array of shape (L,) or (n, L) (a float copy when `floating`), and was_tensor."""
    x, was_tensor = to_numpy(x)
    if x.ndim not in (1, 2) or x.shape[-1] == 0:
        raise ValueError(f"{where}: expected a signal (L,) or a batch of signals (n, L) with "
                         f"L >= 1, got shape {x.shape}")
    if x.dtype.kind not in "iufb":
        raise TypeError(f"{where}: x must be numeric, got dtype {x.dtype}")
    if floating and x.dtype.kind != "f":
        return x.astype(np.float64), was_tensor
    return x.copy(), was_tensor


def _per_sample(values: np.ndarray, x: np.ndarray) -> np.ndarray:
    """One value per sample, shaped to broadcast against x: () for (L,), (n, 1) for (n, L)."""
    return values[0] if x.ndim == 1 else values[:, None]


def add_noise(x: Any, std: float, generator: GeneratorLike = None) -> Any:
    r"""Add Gaussian noise: x' = x + ε,  ε_t ~ N(0, std²) independently for every value.

    Shapes: (L,) or (n, L) -> same; float (float32 stays float32, integers become float64).
    """
    where = "add_noise"
    if not (isinstance(std, (int, float, np.number)) and np.isfinite(std) and std >= 0):
        raise ValueError(f"{where}: std must be a finite number >= 0, got {std!r}")
    x, was_tensor = _signals(x, where, floating=True)
    noise = _rng(generator, where).standard_normal(x.shape)
    return like_input(x + (std * noise).astype(x.dtype), was_tensor)


def shift(x: Any, max_shift: int, generator: GeneratorLike = None) -> Any:
    r"""Roll each signal circularly by a random integer s ~ Uniform{-max_shift, ..., max_shift}.

        x'_t = x_{(t - s) mod L}

    (np.roll(x, s)): values pushed past one end come back at the other, so each shifted
    signal is a permutation of the original. One s per sample.

    Shapes: (L,) or (n, L) -> same, same dtype.
    """
    where = "shift"
    if not isinstance(max_shift, (int, np.integer)) or isinstance(max_shift, bool) \
            or max_shift < 0:
        raise ValueError(f"{where}: max_shift must be an int >= 0, got {max_shift!r}")
    x, was_tensor = _signals(x, where, floating=False)
    n = 1 if x.ndim == 1 else x.shape[0]
    s = _rng(generator, where).integers(-max_shift, max_shift, size=n, endpoint=True)
    L = x.shape[-1]
    source = (np.arange(L) - _per_sample(s, x)) % L  # x'_t reads x at (t - s) mod L
    out = x[source] if x.ndim == 1 else np.take_along_axis(x, source, axis=1)
    return like_input(out, was_tensor)


def scale(x: Any, low: float, high: float, generator: GeneratorLike = None) -> Any:
    r"""Multiply each signal by a random factor: x' = a · x,  a ~ Uniform[low, high).

    One factor per sample (the amplitude changes, the shape does not).

    Shapes: (L,) or (n, L) -> same; float (float32 stays float32, integers become float64).
    """
    where = "scale"
    finite = all(isinstance(v, (int, float, np.number)) and np.isfinite(v) for v in (low, high))
    if not finite or low > high:
        raise ValueError(f"{where}: need finite numbers low <= high, got low={low!r}, "
                         f"high={high!r}")
    x, was_tensor = _signals(x, where, floating=True)
    n = 1 if x.ndim == 1 else x.shape[0]
    a = _rng(generator, where).uniform(low, high, size=n)
    return like_input(x * _per_sample(a, x).astype(x.dtype), was_tensor)


def flip(x: Any) -> Any:
    r"""Reverse time: x'_t = x_{L-1-t}.  Flipping twice gives x back.

    Shapes: (L,) or (n, L) -> same, same dtype.
    """
    x, was_tensor = _signals(x, "flip", floating=False)
    return like_input(np.ascontiguousarray(x[..., ::-1]), was_tensor)
