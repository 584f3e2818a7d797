"""Indexing: `x[index]` with ints, slices, None, Ellipsis, integer and boolean arrays.

y = x[index] picks elements; its backward puts each gradient back where its
element came from, adding where an integer array picks an element more than
once (`np.add.at`).
"""
from __future__ import annotations

from typing import Any

import numpy as np

from .function import Function
from .tensor import Tensor


def _normalize(index: Any) -> Any:
    """Tensors and lists inside an index become arrays, as NumPy expects."""
    if isinstance(index, tuple):
        return tuple(_normalize(i) for i in index)
    if isinstance(index, Tensor):
        return index.data
    if isinstance(index, list):
        return np.asarray(index)
    return index


def _is_basic(index: Any) -> bool:
    """Basic indexing (no arrays) selects each element at most once."""
    parts = index if isinstance(index, tuple) else (index,)
    return not any(isinstance(p, np.ndarray) for p in parts)


class GetItem(Function):
    """y = x[index]"""

    def __init__(self, index: Any) -> None:
        self.index = index

    def forward(self, x):
        try:
            return x[self.index]
        except IndexError as e:
            raise IndexError(f"index: {e} (tensor of shape {x.shape})") from None

    def backward(self, gy):
        return IndexAdd(self.index, self.inputs[0].shape)(gy)


class IndexAdd(Function):
    """y = zeros(shape) with g added at `index`: the backward of GetItem."""

    def __init__(self, index: Any, shape: tuple[int, ...]) -> None:
        self.index, self.shape = index, shape

    def forward(self, g):
        y = np.zeros(self.shape, dtype=g.dtype)
        if _is_basic(self.index):
            y[self.index] = g
        else:
            np.add.at(y, self.index, g)
        return y

    def backward(self, gy):
        return GetItem(self.index)(gy)


def getitem(x: Tensor, index: Any) -> Tensor:
    return GetItem(_normalize(index))(x)
