"""Pooling as strided windows: max and average over each window, and adaptive averages.

For an input x (N, C, *S) and windows as in windows.py (kernel k, stride s,
padding p, dilation d), each channel is pooled on its own:

    max pool:  y[n, c, l] = max_j xp[n, c, l·s + j·d]        (xp padded with -∞)
    avg pool:  y[n, c, l] = (1/D) Σ_j xp[n, c, l·s + j·d]    (xp padded with 0)

with D = Πk (count_include_pad=True, PyTorch's default), the number of
non-padding entries of the window (False), or divisor_override.

Backward (G = dL/dy), one strided add per kernel offset j (windows.scatter_add):

    max:  dL/dxp[n, c, l·s + j·d] += G[n, c, l]  where j is the argmax of window l
    avg:  dL/dxp[n, c, l·s + j·d] += G[n, c, l] / D  for every j

Both maps are linear in G, and each has an adjoint that is again a window
operation (max: pick the argmax entry of each window; avg: the average
pool itself), so with `create_graph=True` the backward records them and
higher derivatives follow.

Adaptive average pooling, output size m from input size L: window i covers
⌊iL/m⌋ … ⌈(i+1)L/m⌉ - 1, so the windows vary in size; it is the product
with a constant (L, m) averaging matrix A, y = x A, whose gradient is G Aᵀ.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..autograd.elementwise import constant
from ..autograd.function import Function
from ..autograd.shape import reshape, transpose
from ..autograd.tensor import Tensor
from .conv_kernels import check_input
from .windows import Window, ntuple, pad, scatter_add, window, windows


def _lowest(dtype: np.dtype) -> Any:
    return -np.inf if dtype.kind == "f" else np.iinfo(dtype).min


class MaxPoolNd(Function):
    """y = the max of each window (per sample and channel); remembers the argmax j."""

    def __init__(self, win: Window) -> None:
        self.win = win

    def forward(self, x):
        n = len(self.win.kernel)
        v = windows(pad(x, self.win, 2, _lowest(x.dtype)), self.win, 2)  # (N, C, *L, *K)
        flat = v.reshape(v.shape[:n + 2] + (-1,))
        self.arg = flat.argmax(axis=-1)
        return flat.max(axis=-1)

    def backward(self, gy):
        return MaxUnpool(self.win, self.arg)(gy)


class MaxUnpool(Function):
    """G ↦ G put back at each window's argmax (adding where windows overlap).

    Shapes: G (N, C, *L) → (N, C, *S). Its adjoint is MaxPick.
    """

    def __init__(self, win: Window, arg: np.ndarray) -> None:
        self.win, self.arg = win, arg

    def forward(self, g):
        arg, zero = self.arg, np.zeros((), g.dtype)
        return scatter_add(lambda i: np.where(arg == i, g, zero), self.win,
                           g.shape[:2] + self.win.in_size, 2, g.dtype)

    def backward(self, h):
        return MaxPick(self.win, self.arg)(h)


class MaxPick(Function):
    """H ↦ H at each window's argmax: (N, C, *S) → (N, C, *L). Its adjoint is MaxUnpool."""

    def __init__(self, win: Window, arg: np.ndarray) -> None:
        self.win, self.arg = win, arg

    def forward(self, h):
        n = len(self.win.kernel)
        v = windows(pad(h, self.win, 2), self.win, 2)
        flat = v.reshape(v.shape[:n + 2] + (-1,))
        return np.take_along_axis(flat, self.arg[..., None], axis=-1)[..., 0]

    def backward(self, g):
        return MaxUnpool(self.win, self.arg)(g)


class AvgPoolNd(Function):
    """y = (1/D) Σ over each window (per sample and channel); D a number or an (*L) array."""

    def __init__(self, win: Window, divisor: Any) -> None:
        self.win, self.divisor = win, divisor

    def forward(self, x):
        n = len(self.win.kernel)
        v = windows(pad(x, self.win, 2), self.win, 2)  # (N, C, *L, *K)
        total = v.sum(axis=tuple(range(-n, 0)))
        return (total / self.divisor).astype(x.dtype, copy=False)

    def backward(self, gy):
        return AvgUnpool(self.win, self.divisor)(gy)


class AvgUnpool(Function):
    """G ↦ G/D spread over every entry of its window: (N, C, *L) → (N, C, *S).

    The adjoint (and gradient) of AvgPoolNd; its own adjoint is AvgPoolNd.
    """

    def __init__(self, win: Window, divisor: Any) -> None:
        self.win, self.divisor = win, divisor

    def forward(self, g):
        share = (g / self.divisor).astype(g.dtype, copy=False)
        return scatter_add(lambda i: share, self.win, g.shape[:2] + self.win.in_size, 2,
                           g.dtype)

    def backward(self, h):
        return AvgPoolNd(self.win, self.divisor)(h)


# ----- the functional forms, with their checks -------------------------------------------
def _unbatched(fn: Any, x: Tensor) -> Tensor:
    """Run fn on (1, C, *S) for an unbatched (C, *S) input, and drop the 1 again."""
    y = fn(reshape(x, (1,) + x.shape))
    return reshape(y, y.shape[1:])


def _pool_window(name: str, n: int, x: Tensor, kernel_size: Any, stride: Any, padding: Any,
                 dilation: Any, ceil_mode: bool) -> Window:
    if ceil_mode:
        raise ValueError(f"{name}: ceil_mode=True is not supported; gradschool implements "
                         f"ceil_mode=False (L_out rounded down) only")
    kernel = ntuple(kernel_size, n, "kernel_size", name)
    no_stride = stride is None or (isinstance(stride, (list, tuple)) and len(stride) == 0)
    strides = kernel if no_stride else ntuple(stride, n, "stride", name)
    pads = ntuple(padding, n, "padding", name)
    dilations = ntuple(dilation, n, "dilation", name)
    if any(2 * p > k for p, k in zip(pads, kernel)):
        raise ValueError(f"{name}: padding {pads} should be at most half of kernel_size "
                         f"{kernel}")
    return window(name, x.shape[2:], kernel, strides, pads, pads, dilations)


def max_pool(name: str, n: int, input: Tensor, kernel_size: Any, stride: Any = None,
             padding: Any = 0, dilation: Any = 1, ceil_mode: bool = False,
             return_indices: bool = False) -> Tensor:
    """The n-d max pool behind max_pool1d and max_pool2d."""
    check_input(name, input, n)
    if return_indices:
        raise ValueError(f"{name}: return_indices=True is not supported")
    if input.ndim == n + 1:
        return _unbatched(lambda x: max_pool(name, n, x, kernel_size, stride, padding,
                                             dilation, ceil_mode), input)
    return MaxPoolNd(_pool_window(name, n, input, kernel_size, stride, padding, dilation,
                                  ceil_mode))(input)


def avg_pool(name: str, n: int, input: Tensor, kernel_size: Any, stride: Any = None,
             padding: Any = 0, ceil_mode: bool = False, count_include_pad: bool = True,
             divisor_override: int | None = None) -> Tensor:
    """The n-d average pool behind avg_pool1d and avg_pool2d."""
    check_input(name, input, n)
    if input.ndim == n + 1:
        return _unbatched(lambda x: avg_pool(name, n, x, kernel_size, stride, padding,
                                             ceil_mode, count_include_pad, divisor_override),
                          input)
    win = _pool_window(name, n, input, kernel_size, stride, padding, 1, ceil_mode)
    if divisor_override is not None:
        if divisor_override == 0:
            raise ValueError(f"{name}: divisor_override must be non-zero")
        divisor: Any = divisor_override
    elif count_include_pad or not win.padding:
        divisor = math.prod(win.kernel)
    else:  # the number of real (not padding) entries in each window
        ones = pad(np.ones(win.in_size, input.dtype), win, 0)
        divisor = windows(ones, win, 0).sum(axis=tuple(range(-n, 0)))
    return AvgPoolNd(win, divisor)(input)


def _adaptive_matrix(size_in: int, size_out: int, dtype: np.dtype) -> np.ndarray:
    """A (L, m): A[j, i] = 1/|window i| for j in window i = ⌊iL/m⌋ … ⌈(i+1)L/m⌉ - 1."""
    a = np.zeros((size_in, size_out), dtype)
    for i in range(size_out):
        start = (i * size_in) // size_out
        end = -((-(i + 1) * size_in) // size_out)
        a[start:end, i] = 1.0 / (end - start)
    return a


def adaptive_avg_pool(name: str, n: int, input: Tensor, output_size: Any) -> Tensor:
    """The n-d adaptive average pool: y = x A along each spatial dimension (see above)."""
    check_input(name, input, n)
    spatial = input.shape[-n:]
    items = (tuple(output_size) if isinstance(output_size, (list, tuple))
             else (output_size,) * n)
    if len(items) != n or not all(m is None or isinstance(m, (int, np.integer))
                                  for m in items):
        raise ValueError(f"{name}: output_size must be an int or a tuple of {n} ints (or "
                         f"None), got {output_size!r}")
    sizes = tuple(s if m is None else int(m) for s, m in zip(spatial, items))
    if any(m <= 0 for m in sizes) or any(s == 0 for s in spatial):
        raise ValueError(f"{name}: output_size {sizes} must be positive and the input of "
                         f"shape {input.shape} non-empty")
    y = input
    for axis in range(n):  # pool the last axis, then rotate it to the front of the spatial ones
        y = y @ constant(_adaptive_matrix(y.shape[-1], sizes[n - 1 - axis], input.dtype))
        if n > 1:
            y = transpose(y, -1, -2)
    return y


def max_pool1d(input: Tensor, kernel_size: int | Sequence[int],
               stride: int | Sequence[int] | None = None, padding: int | Sequence[int] = 0,
               dilation: int | Sequence[int] = 1, ceil_mode: bool = False,
               return_indices: bool = False) -> Tensor:
    """y[n, c, l] = max_j xp[n, c, l·s + j·d] (xp padded with -∞), as torch's max_pool1d.

    Shapes: (N, C, L_in) or (C, L_in) → (N, C, L_out), L_out = ⌊(L_in + 2p − d(k−1) − 1)/s⌋
    + 1; stride defaults to kernel_size; p ≤ k/2. ceil_mode and
    return_indices are not supported.
    """
    return max_pool("max_pool1d", 1, input, kernel_size, stride, padding, dilation,
                    ceil_mode, return_indices)


def max_pool2d(input: Tensor, kernel_size: int | Sequence[int],
               stride: int | Sequence[int] | None = None, padding: int | Sequence[int] = 0,
               dilation: int | Sequence[int] = 1, ceil_mode: bool = False,
               return_indices: bool = False) -> Tensor:
    """y[n, c, h, w] = max_{i,j} xp[n, c, h·s₀ + i·d₀, w·s₁ + j·d₁], as torch's max_pool2d.

    Shapes: (N, C, H, W) or (C, H, W) → (N, C, H_out, W_out), each as L_out in
    max_pool1d.
    """
    return max_pool("max_pool2d", 2, input, kernel_size, stride, padding, dilation,
                    ceil_mode, return_indices)


def avg_pool1d(input: Tensor, kernel_size: int | Sequence[int],
               stride: int | Sequence[int] | None = None, padding: int | Sequence[int] = 0,
               ceil_mode: bool = False, count_include_pad: bool = True) -> Tensor:
    """y[n, c, l] = (1/D) Σ_j xp[n, c, l·s + j], as torch's avg_pool1d.

    D = k, or the number of non-padding entries if count_include_pad=False.
    Shapes: (N, C, L_in) or (C, L_in) → (N, C, L_out), L_out = ⌊(L_in + 2p − k)/s⌋ + 1.
    """
    return avg_pool("avg_pool1d", 1, input, kernel_size, stride, padding, ceil_mode,
                    count_include_pad)


def avg_pool2d(input: Tensor, kernel_size: int | Sequence[int],
               stride: int | Sequence[int] | None = None, padding: int | Sequence[int] = 0,
               ceil_mode: bool = False, count_include_pad: bool = True,
               divisor_override: int | None = None) -> Tensor:
    """y[n, c, h, w] = (1/D) Σ_{i,j} xp[n, c, h·s₀ + i, w·s₁ + j], as torch's avg_pool2d.

    D = k₀k₁, the number of non-padding entries (count_include_pad=False) or
    divisor_override. Shapes: (N, C, H, W) or (C, H, W) → (N, C, H_out, W_out).
    """
    return avg_pool("avg_pool2d", 2, input, kernel_size, stride, padding, ceil_mode,
                    count_include_pad, divisor_override)


def adaptive_avg_pool1d(input: Tensor, output_size: int | Sequence[int]) -> Tensor:
    """Average pooling to a fixed output length m: y = x A (see the module docstring).

    Shapes: (N, C, L) or (C, L) → (N, C, m). output_size=1 is global average pooling.
    """
    return adaptive_avg_pool("adaptive_avg_pool1d", 1, input, output_size)


def adaptive_avg_pool2d(input: Tensor, output_size: int | Sequence[int | None]) -> Tensor:
    """Average pooling to a fixed (m₀, m₁): y = A₀ᵀ x A₁ per sample and channel.

    Shapes: (N, C, H, W) or (C, H, W) → (N, C, m₀, m₁); None keeps that size.
    """
    return adaptive_avg_pool("adaptive_avg_pool2d", 2, input, output_size)
