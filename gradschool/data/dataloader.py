"""DataLoader: cut a data set into (shuffled) mini-batches.

One epoch visits every sample exactly once: the indices 0..n-1 are put in
order (or in a random permutation when `shuffle=True`) and cut into
consecutive batches of `batch_size`; the last batch is shorter when
`batch_size` does not divide n, or dropped when `drop_last=True`. A batch of
samples (x_i, y_i) is collated into stacked tensors (X_B, y_B), with the batch
as the first dimension, so `for X, y in loader:` trains on mini-batches.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from ..autograd.tensor import Tensor, make_tensor
from ..random import default_generator
from .dataset import Dataset, TensorDataset

_GATHER_BYTES = 1 << 22  # how much of the data set one gather copies at most (4 MiB)


def default_collate(samples: list[Any]) -> Any:
    """Stack a list of samples into one batch, field by field.

    Tensors and arrays are stacked along a new first dimension; Python numbers
    become a 1-d Tensor (gradschool's `gs.tensor` dtype rules: float ->
    float32, int -> int64, where PyTorch gives float64 for floats); tuples,
    lists and dicts are collated per field; strings stay a list.
    """
    first = samples[0]
    if isinstance(first, (Tensor, np.ndarray, np.generic)):
        arrays = [s.data if isinstance(s, Tensor) else np.asarray(s) for s in samples]
        shapes = {a.shape for a in arrays}
        if len(shapes) > 1:
            raise ValueError(f"DataLoader: cannot stack samples of different shapes "
                             f"{sorted(shapes)} into one batch")
        return make_tensor(np.stack(arrays))
    if isinstance(first, (bool, int, float)):
        return Tensor(samples)
    if isinstance(first, str):
        return list(samples)
    if isinstance(first, Mapping):
        return {key: default_collate([s[key] for s in samples]) for key in first}
    if isinstance(first, (tuple, list)):
        lengths = {len(s) for s in samples}
        if len(lengths) > 1:
            raise ValueError(f"DataLoader: samples have different numbers of fields "
                             f"{sorted(lengths)}")
        return tuple(default_collate(list(field)) for field in zip(*samples))
    raise TypeError(f"DataLoader: cannot collate samples of type {type(first).__name__}")


def _is_plain_tensor_dataset(dataset: Any) -> bool:
    """A TensorDataset whose items are the rows of its tensors (not overridden)."""
    return (isinstance(dataset, TensorDataset)
            and type(dataset).__getitem__ is TensorDataset.__getitem__)


class DataLoader:
    """Iterate over a data set in mini-batches, as `torch.utils.data.DataLoader`.

    Each batch is a tuple of stacked Tensors, e.g. `(X_B, y_B)` with shapes
    `(B, ...)`. For a TensorDataset the batch is built directly as
    `t.data[idx]` for each tensor (no Python loop over samples), a few MiB of
    batches at a time; batches are new arrays (slices of that gather, never of
    the data set) that carry no graph.

    Shuffling draws a fresh permutation every epoch (every `iter(loader)`).
    With `seed` the loader owns a NumPy Generator seeded from it, so the
    sequence of epochs is reproducible and independent of other randomness;
    without it, permutations come from gradschool's generator, which
    `gs.manual_seed` controls (PyTorch's `generator=` plays this role).
    `len(loader)` is the number of batches: ceil(n / B), or floor(n / B) with
    `drop_last=True`.
    """

    def __init__(self, dataset: Dataset | Any, batch_size: int = 1, shuffle: bool = False,
                 drop_last: bool = False, seed: int | None = None) -> None:
        if (isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer))
                or batch_size < 1):
            raise ValueError(f"DataLoader: batch_size must be a positive int, "
                             f"got {batch_size!r}")
        if seed is not None and (isinstance(seed, bool)
                                 or not isinstance(seed, (int, np.integer)) or seed < 0):
            raise ValueError(f"DataLoader: seed must be a non-negative int or None, "
                             f"got {seed!r}")
        self.dataset = dataset
        self.batch_size = int(batch_size)
        self.shuffle = bool(shuffle)
        self.drop_last = bool(drop_last)
        self.seed = seed
        self._rng = None if seed is None else np.random.default_rng(int(seed))

    def __len__(self) -> int:
        n = len(self.dataset)
        if self.drop_last:
            return n // self.batch_size
        return -(-n // self.batch_size)

    def _order(self) -> np.ndarray:
        """This epoch's sample order: 0..n-1, or a random permutation of it."""
        n = len(self.dataset)
        if not self.shuffle:
            return np.arange(n)
        rng = self._rng if self._rng is not None else default_generator()
        return rng.permutation(n)

    def __iter__(self) -> Iterator[Any]:
        # The order is drawn now, at iter(), not lazily at the first next().
        return self._batches(self._order())

    def _batches(self, order: np.ndarray) -> Iterator[Any]:
        stop = len(self) * self.batch_size if self.drop_last else len(order)
        if _is_plain_tensor_dataset(self.dataset):
            yield from self._tensor_batches(order[:stop])
            return
        for start in range(0, stop, self.batch_size):
            idx = order[start:start + self.batch_size]
            yield default_collate([self.dataset[int(i)] for i in idx])

    def _tensor_batches(self, order: np.ndarray) -> Iterator[tuple[Tensor, ...]]:
        """Batches of a TensorDataset: the rows of many batches are gathered with one
        fancy index per tensor (about _GATHER_BYTES at a time), then cut into slices;
        one gather per batch would cost a NumPy call per batch and tensor."""
        arrays = [t.data for t in self.dataset.tensors]
        row_bytes = sum(a.itemsize * (a.size // max(len(a), 1)) for a in arrays)
        size = self.batch_size
        span = size * max(1, _GATHER_BYTES // max(size * row_bytes, 1))
        for first in range(0, len(order), span):
            rows = [a[order[first:first + span]] for a in arrays]
            for start in range(0, len(rows[0]), size):
                yield tuple([make_tensor(r[start:start + size]) for r in rows])

    def __repr__(self) -> str:
        return (f"DataLoader({self.dataset!r}, batch_size={self.batch_size}, "
                f"shuffle={self.shuffle}, drop_last={self.drop_last}, seed={self.seed})")
