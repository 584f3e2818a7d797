"""Shape operations: reshape, permute, squeeze, expand, cat, stack, casts.

They move numbers around without changing them, so each backward moves the
gradient back: reshape undoes reshape, the inverse permutation undoes a
permutation, summing undoes broadcasting, slicing undoes concatenation.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .function import Function
from .tensor import Tensor, make_tensor


def shape_arg(args: tuple) -> tuple[int, ...]:
    """Accept both `x.reshape(2, 3)` and `x.reshape((2, 3))`."""
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        args = tuple(args[0])
    return tuple(int(a) for a in args)


def _dim(dim: int, ndim: int, op: str) -> int:
    """`dim` as an index in [0, ndim); a 0-d tensor accepts 0 and -1, as in PyTorch."""
    n = max(ndim, 1)
    if not -n <= dim < n:
        raise IndexError(f"{op}: dim {dim} is out of range for a tensor with {ndim} "
                         f"dimension(s) (valid: {-n} to {n - 1})")
    return dim % n


class Reshape(Function):
    """y = x laid out in a new shape with the same number of elements."""

    def __init__(self, shape: tuple[int, ...]) -> None:
        self.shape = shape

    def forward(self, x):
        try:
            return x.reshape(self.shape)
        except ValueError:
            raise ValueError(f"reshape: cannot view shape {x.shape} ({x.size} elements) "
                             f"as {self.shape}") from None

    def backward(self, gy):
        return reshape(gy, self.inputs[0].shape)


class Permute(Function):
    """y = x with its axes reordered: y.shape[i] = x.shape[dims[i]]."""

    def __init__(self, dims: tuple[int, ...]) -> None:
        self.dims = dims

    def forward(self, x):
        return x.transpose(self.dims)

    def backward(self, gy):
        return permute(gy, tuple(np.argsort(self.dims)))


class SumTo(Function):
    """y = x summed over the axes that broadcasting added or stretched."""

    def __init__(self, shape: tuple[int, ...]) -> None:
        self.shape = shape

    def forward(self, x):
        lead = x.ndim - len(self.shape)
        axes = tuple(range(lead)) + tuple(
            lead + i for i, n in enumerate(self.shape) if n == 1 and x.shape[lead + i] != 1)
        y = x.sum(axis=axes, keepdims=True) if axes else x
        return y.reshape(self.shape)

    def backward(self, gy):
        return expand(gy, self.inputs[0].shape)


class BroadcastTo(Function):
    """y = x repeated along broadcast axes (a read-only view, no copy)."""

    def __init__(self, shape: tuple[int, ...]) -> None:
        self.shape = shape

    def forward(self, x):
        try:
            return np.broadcast_to(x, self.shape)
        except ValueError:
            raise ValueError(f"expand: shape {x.shape} cannot be expanded to "
                             f"{self.shape}") from None

    def backward(self, gy):
        return SumTo(self.inputs[0].shape)(gy)


class Cast(Function):
    """y = x in another dtype; the gradient is cast back."""

    def __init__(self, dtype: np.dtype) -> None:
        self.dtype = dtype

    def forward(self, x):
        return x.astype(self.dtype)

    def backward(self, gy):
        return cast(gy, self.inputs[0].dtype)


class Cat(Function):
    """y = [x0, x1, ...] joined along `dim`."""

    def __init__(self, dim: int) -> None:
        self.dim = dim

    def forward(self, *xs):
        return np.concatenate(xs, axis=self.dim)

    def backward(self, gy):
        grads, start = [], 0
        lead = (slice(None),) * self.dim
        for x in self.inputs:
            stop = start + x.shape[self.dim]
            grads.append(gy[lead + (slice(start, stop),)])
            start = stop
        return tuple(grads)


def reshape(x: Tensor, shape: Sequence[int]) -> Tensor:
    shape = tuple(shape)
    if x.shape == shape:
        return x
    return Reshape(shape)(x)


def permute(x: Tensor, dims: Sequence[int]) -> Tensor:
    dims = tuple(_dim(d, x.ndim, "permute") for d in dims)
    if sorted(dims) != list(range(x.ndim)):
        raise ValueError(f"permute: dims {dims} are not a permutation of the "
                         f"{x.ndim} dimensions of a tensor of shape {x.shape}")
    return Permute(dims)(x)


def transpose(x: Tensor, dim0: int, dim1: int) -> Tensor:
    dims = list(range(x.ndim))
    a, b = _dim(dim0, x.ndim, "transpose"), _dim(dim1, x.ndim, "transpose")
    if x.ndim == 0:
        return x
    dims[a], dims[b] = dims[b], dims[a]
    return Permute(tuple(dims))(x)


def flatten(x: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    if x.ndim == 0:
        return reshape(x, (1,))
    s, e = _dim(start_dim, x.ndim, "flatten"), _dim(end_dim, x.ndim, "flatten")
    return reshape(x, x.shape[:s] + (-1,) + x.shape[e + 1:])


def unsqueeze(x: Tensor, dim: int) -> Tensor:
    d = _dim(dim, x.ndim + 1, "unsqueeze")
    return reshape(x, x.shape[:d] + (1,) + x.shape[d:])


def squeeze(x: Tensor, dim: int | None = None) -> Tensor:
    if dim is None:
        return reshape(x, tuple(n for n in x.shape if n != 1))
    d = _dim(dim, x.ndim, "squeeze")
    if x.ndim == 0 or x.shape[d] != 1:
        return x
    return reshape(x, x.shape[:d] + x.shape[d + 1:])


def expand(x: Tensor, shape: Sequence[int]) -> Tensor:
    """Broadcast to `shape`; -1 keeps a dimension's size, as torch.expand."""
    shape = tuple(shape)
    lead = len(shape) - x.ndim
    if lead < 0:
        raise ValueError(f"expand: cannot expand shape {x.shape} to fewer dimensions {shape}")
    if -1 in shape[:lead]:
        raise ValueError(f"expand: size -1 is not allowed in a new leading dimension "
                         f"(expanding shape {x.shape} to {shape})")
    shape = tuple(x.shape[i - lead] if n == -1 else n for i, n in enumerate(shape))
    if shape == x.shape:
        return x
    return BroadcastTo(shape)(x)


def cast(x: Tensor, dtype: Any) -> Tensor:
    dtype = np.dtype(dtype)
    if x.dtype == dtype:
        return x
    if dtype.kind not in "fc" and x.requires_grad:
        return make_tensor(x.data.astype(dtype))
    return Cast(dtype)(x)


def cat(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    """Join tensors along an existing dimension, as torch.cat."""
    tensors = list(tensors)
    if not tensors:
        raise ValueError("cat: expected a non-empty list of tensors")
    first = tensors[0]
    for i, t in enumerate(tensors):
        if t.ndim == 0:
            raise ValueError(f"cat: tensor {i} is zero-dimensional and cannot be "
                             "concatenated; use stack, or reshape it to (1,)")
    d = _dim(dim, first.ndim, "cat")
    for i, t in enumerate(tensors[1:], start=1):
        if t.ndim != first.ndim or any(
                a != b for k, (a, b) in enumerate(zip(t.shape, first.shape)) if k != d):
            raise ValueError(f"cat: tensor {i} has shape {t.shape} but tensor 0 has shape "
                             f"{first.shape}; all dimensions except dim={d} must match")
    return Cat(d)(*tensors)


def stack(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    """Join equal-shaped tensors along a new dimension, as torch.stack."""
    tensors = list(tensors)
    if not tensors:
        raise ValueError("stack: expected a non-empty list of tensors")
    for i, t in enumerate(tensors[1:], start=1):
        if t.shape != tensors[0].shape:
            raise ValueError(f"stack: tensor {i} has shape {t.shape} but tensor 0 has "
                             f"shape {tensors[0].shape}; all must be equal")
    d = _dim(dim, tensors[0].ndim + 1, "stack")
    return Cat(d)(*[unsqueeze(t, d) for t in tensors])
