"""Dataset: anything that can be indexed and has a length; TensorDataset.

A data set of n samples is a map i -> sample_i for i in 0..n-1. A DataLoader
only needs those two things, `dataset[i]` and `len(dataset)`, to cut the data
into mini-batches. TensorDataset is the common case: the samples are the rows
of one or more tensors of equal first dimension (inputs X and labels y), so
sample_i = (X[i], y[i]).
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

import numpy as np

from ..autograd.tensor import Tensor, make_tensor


class Dataset(ABC):
    """An indexable collection of samples, as `torch.utils.data.Dataset`.

    Subclasses define `__getitem__(i)` (the i-th sample, often a tuple
    `(x, y)`) and `__len__()` (the number of samples). Unlike PyTorch, both are
    abstract: a DataLoader needs the length to plan its batches.
    """

    @abstractmethod
    def __getitem__(self, index: int) -> Any:
        """The sample at `index`."""

    @abstractmethod
    def __len__(self) -> int:
        """The number of samples."""


class TensorDataset(Dataset):
    """Samples are rows of equal-length tensors: item i is (t[i] for t in tensors).

    `TensorDataset(X, y)[i] == (X[i], y[i])`. NumPy arrays are accepted too and
    wrapped (without copying) as Tensors. A DataLoader over a TensorDataset
    builds each batch with one fancy-index per tensor, `X[batch_indices]`,
    instead of fetching samples one by one.
    """

    def __init__(self, *tensors: Tensor | np.ndarray) -> None:
        if not tensors:
            raise ValueError("TensorDataset: needs at least one tensor")
        wrapped = []
        for i, t in enumerate(tensors):
            if isinstance(t, np.ndarray):
                t = make_tensor(t)
            if not isinstance(t, Tensor):
                raise TypeError(f"TensorDataset: argument {i} is a {type(t).__name__}; "
                                f"expected a Tensor or a NumPy array")
            if t.ndim == 0:
                raise ValueError(f"TensorDataset: argument {i} is a 0-d tensor; every "
                                 f"tensor needs a first (sample) dimension")
            wrapped.append(t)
        sizes = [t.shape[0] for t in wrapped]
        if len(set(sizes)) != 1:
            raise ValueError(f"TensorDataset: size mismatch between tensors: first "
                             f"dimensions are {sizes}; all must be equal")
        self.tensors: tuple[Tensor, ...] = tuple(wrapped)

    def __getitem__(self, index: Any) -> tuple[Tensor, ...]:
        return tuple(t[index] for t in self.tensors)

    def __len__(self) -> int:
        return self.tensors[0].shape[0]

    def __repr__(self) -> str:
        shapes = ", ".join(str(tuple(t.shape)) for t in self.tensors)
        return f"TensorDataset({shapes})"
