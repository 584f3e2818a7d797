"""Reductions over dimensions: sum, mean, var, max, min, logsumexp, softmax.

`dim` is None (all), an int or a tuple; `keepdim` keeps reduced dimensions as
size 1, as in PyTorch. The backward of a reduction spreads the gradient back
over the reduced elements: evenly for sum and mean, to the chosen element for
max and min, by the softmax weights for logsumexp.
"""
from __future__ import annotations

from collections import namedtuple
from typing import Any

import numpy as np

from .elementwise import constant
from .function import Function
from .shape import _dim, expand, reshape
from .tensor import Tensor, make_tensor

MaxResult = namedtuple("MaxResult", ["values", "indices"])


def _axes(dim: Any, ndim: int, op: str) -> tuple[int, ...]:
    """The sorted axes that `dim` names: None or () mean all, as in PyTorch."""
    dims = (dim,) if isinstance(dim, (int, np.integer)) else () if dim is None else tuple(dim)
    if not dims:
        return tuple(range(ndim))
    axes = tuple(sorted(_dim(d, ndim, op) for d in dims))
    if len(set(axes)) != len(axes):
        raise ValueError(f"{op}: dim={dim} names a dimension more than once")
    return axes if ndim else ()  # a 0-d tensor accepts dim 0 or -1


def _kept_shape(shape: tuple[int, ...], axes: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(1 if i in axes else n for i, n in enumerate(shape))


class Sum(Function):
    """y = Σ x over `axes`;  dy/dx = 1 for every summed element."""

    def __init__(self, axes: tuple[int, ...], keepdim: bool) -> None:
        self.axes, self.keepdim = axes, keepdim

    def forward(self, x):
        return x.sum(axis=self.axes, keepdims=self.keepdim)

    def backward(self, gy):
        x, = self.inputs
        return expand(reshape(gy, _kept_shape(x.shape, self.axes)), x.shape)


class MaxDim(Function):
    """y = max of x along one dim; the gradient goes to the first maximal element."""

    def __init__(self, dim: int, keepdim: bool, smallest: bool) -> None:
        self.dim, self.keepdim, self.smallest = dim, keepdim, smallest

    def forward(self, x):
        pick = np.argmin if self.smallest else np.argmax
        self.index = np.expand_dims(pick(x, axis=self.dim), self.dim)
        y = np.take_along_axis(x, self.index, axis=self.dim)
        return y if self.keepdim else y.squeeze(self.dim)

    def backward(self, gy):
        x, = self.inputs
        onehot = np.zeros(x.shape, dtype=gy.dtype)
        np.put_along_axis(onehot, self.index, 1, axis=self.dim)
        gy = reshape(gy, _kept_shape(x.shape, (self.dim,)))
        return gy * constant(onehot)


class MaxAll(Function):
    """y = max of all of x; ties share the gradient evenly (as PyTorch)."""

    def __init__(self, smallest: bool) -> None:
        self.smallest = smallest

    def forward(self, x):
        if x.size == 0:
            raise ValueError("max/min: the tensor is empty")
        return x.min() if self.smallest else x.max()

    def backward(self, gy):
        x, = self.inputs
        hit = x.data == self.output.data
        return gy * constant((hit / hit.sum()).astype(gy.dtype))


class LogSumExp(Function):
    """y = log Σ exp(x) computed as m + log Σ exp(x - m), m = max x;  dy/dx = softmax(x)"""

    def __init__(self, axes: tuple[int, ...], keepdim: bool) -> None:
        self.axes, self.keepdim = axes, keepdim

    def forward(self, x):
        m = x.max(axis=self.axes, keepdims=True)
        m = np.where(np.isfinite(m), m, 0)
        y = m + np.log(np.exp(x - m).sum(axis=self.axes, keepdims=True))
        return y if self.keepdim else y.squeeze(self.axes)

    def backward(self, gy):
        x, = self.inputs
        kept = _kept_shape(x.shape, self.axes)
        return reshape(gy, kept) * (x - reshape(self.output, kept)).exp()


class Softmax(Function):
    """y_i = exp(x_i - m) / Σ_j exp(x_j - m);  dL/dx = y * (gy - Σ gy*y)"""

    def __init__(self, dim: int) -> None:
        self.dim = dim

    def forward(self, x):
        e = np.exp(x - x.max(axis=self.dim, keepdims=True))
        return e / e.sum(axis=self.dim, keepdims=True)

    def backward(self, gy):
        y = self.output
        return y * (gy - (gy * y).sum(self.dim, keepdim=True))


class LogSoftmax(Function):
    """y = x - logsumexp(x);  dL/dx = gy - softmax(x) * Σ gy"""

    def __init__(self, dim: int) -> None:
        self.dim = dim

    def forward(self, x):
        z = x - x.max(axis=self.dim, keepdims=True)
        return z - np.log(np.exp(z).sum(axis=self.dim, keepdims=True))

    def backward(self, gy):
        return gy - self.output.exp() * gy.sum(self.dim, keepdim=True)


def sum(x: Tensor, dim: Any = None, keepdim: bool = False) -> Tensor:
    return Sum(_axes(dim, x.ndim, "sum"), keepdim)(x)


def mean(x: Tensor, dim: Any = None, keepdim: bool = False) -> Tensor:
    axes = _axes(dim, x.ndim, "mean")
    n = int(np.prod([x.shape[a] for a in axes]))
    return Sum(axes, keepdim)(x) * (1.0 / n if n else float("nan"))


def var(x: Tensor, dim: Any = None, keepdim: bool = False, correction: int = 1) -> Tensor:
    """Σ (x - mean)² / (n - correction); correction=1 is the unbiased estimate."""
    axes = _axes(dim, x.ndim, "var")
    n = int(np.prod([x.shape[a] for a in axes]))
    d = x - mean(x, axes, keepdim=True)
    scale = 1.0 / (n - correction) if n > correction else float("nan")
    return Sum(axes, keepdim)(d * d) * scale


def _extreme(x: Tensor, dim: int | None, keepdim: bool, smallest: bool) -> Any:
    if dim is None:
        return MaxAll(smallest)(x)
    d = _dim(dim, x.ndim, "min" if smallest else "max")
    if x.ndim == 0:  # as in PyTorch: the value itself, at index 0
        values, indices = _extreme(reshape(x, (1,)), 0, False, smallest)
        return MaxResult(values, indices)
    if x.shape[d] == 0:
        raise ValueError(f"max/min: dim {dim} of shape {x.shape} is empty")
    f = MaxDim(d, keepdim, smallest)
    values = f(x)
    indices = f.index if keepdim else f.index.squeeze(d)
    return MaxResult(values, make_tensor(indices.astype(np.int64)))


def max(x: Tensor, dim: int | None = None, keepdim: bool = False) -> Any:
    """max over all elements (a tensor), or over `dim`: (values, indices)."""
    return _extreme(x, dim, keepdim, smallest=False)


def min(x: Tensor, dim: int | None = None, keepdim: bool = False) -> Any:
    """min over all elements (a tensor), or over `dim`: (values, indices)."""
    return _extreme(x, dim, keepdim, smallest=True)


def _arg(pick: Any, x: Tensor, dim: int | None, keepdim: bool) -> Tensor:
    if dim is None:
        index = np.asarray(pick(x.data), dtype=np.int64)
        return make_tensor(index.reshape((1,) * x.ndim) if keepdim else index)
    d = _dim(dim, x.ndim, pick.__name__)
    return make_tensor(pick(x.data, axis=d, keepdims=keepdim).astype(np.int64))


def argmax(x: Tensor, dim: int | None = None, keepdim: bool = False) -> Tensor:
    return _arg(np.argmax, x, dim, keepdim)


def argmin(x: Tensor, dim: int | None = None, keepdim: bool = False) -> Tensor:
    return _arg(np.argmin, x, dim, keepdim)


def logsumexp(x: Tensor, dim: Any, keepdim: bool = False) -> Tensor:
    return LogSumExp(_axes(dim, x.ndim, "logsumexp"), keepdim)(x)


def softmax(x: Tensor, dim: int) -> Tensor:
    return Softmax(_dim(dim, x.ndim, "softmax"))(x)


def log_softmax(x: Tensor, dim: int) -> Tensor:
    return LogSoftmax(_dim(dim, x.ndim, "log_softmax"))(x)
