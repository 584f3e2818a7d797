"""gradschool's random number generator.

One NumPy `Generator` drives everything random in the library: weight
initialisation, dropout masks and data shuffling. `manual_seed(n)` makes all
of them reproducible at once, as `torch.manual_seed` does.
"""
from __future__ import annotations

import random as _random
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

_generator = np.random.default_rng()


def manual_seed(seed: int) -> np.random.Generator:
    """Seed gradschool's generator (init, dropout, shuffling); returns it."""
    global _generator
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"manual_seed: seed must be a non-negative int, got {seed!r}")
    _generator = np.random.default_rng(int(seed))
    return _generator


def seed_everything(seed: int) -> None:
    """Seed gradschool's generator, Python's `random` and NumPy's global state."""
    manual_seed(seed)
    _random.seed(seed)
    np.random.seed(seed % 2**32)


def default_generator() -> np.random.Generator:
    """The generator that `manual_seed` last seeded."""
    return _generator


def as_generator(seed: int | np.random.Generator | None, name: str) -> np.random.Generator:
    """The generator a function draws from, given its `seed` argument.

    None: gradschool's generator (so `gs.manual_seed` makes it repeat); a
    Generator: itself; a non-negative int: a fresh `np.random.default_rng(seed)`.
    `name` (the caller) is named in the error for anything else.
    """
    if seed is None:
        return default_generator()
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"{name}: seed must be a non-negative int, a numpy Generator or "
                         f"None, got {seed!r}")
    return np.random.default_rng(int(seed))


@contextmanager
def fork_rng() -> Iterator[None]:
    """Inside: draw and reseed freely; on exit, gradschool's, NumPy's global and
    Python's random state are as they were (as `torch.random.fork_rng` does).

    `manual_seed` replaces gradschool's generator by a new one, so the caller's
    generator object is left untouched and only has to be put back.
    """
    global _generator
    gs_generator = _generator
    np_state = np.random.get_state()
    py_state = _random.getstate()
    try:
        yield
    finally:
        _generator = gs_generator
        np.random.set_state(np_state)
        _random.setstate(py_state)
