"""Pooling layers: summarise each window of a channel by its max or its mean.

Pooling has no parameters; it shrinks the spatial size (stride defaults to
the kernel size, so windows tile the input) and, for max pooling, keeps the
strongest response of each neighbourhood. Per sample and channel, with xp
the padded input,

    MaxPool:  y[l] = max_{j<k} xp[l·s + j·d]         L_out = ⌊(L_in + 2p − d(k−1) − 1)/s⌋ + 1
    AvgPool:  y[l] = (1/k) Σ_{j<k} xp[l·s + j]

and AdaptiveAvgPool picks the windows itself to give a fixed output size
(output_size=1: the global average). The computation is in pool_kernels.py.
"""
from __future__ import annotations

from collections.abc import Sequence

from ..autograd.tensor import Tensor
from . import pool_kernels as P
from .module import Module

_Size = int | Sequence[int]


def _check_supported(name: str, ceil_mode: bool, return_indices: bool = False) -> None:
    if ceil_mode:
        raise ValueError(f"{name}: ceil_mode=True is not supported; gradschool implements "
                         f"ceil_mode=False (L_out rounded down) only")
    if return_indices:
        raise ValueError(f"{name}: return_indices=True is not supported")


class _MaxPoolNd(Module):
    _name: str

    def __init__(self, kernel_size: _Size, stride: _Size | None = None, padding: _Size = 0,
                 dilation: _Size = 1, return_indices: bool = False,
                 ceil_mode: bool = False) -> None:
        super().__init__()
        _check_supported(self._name, ceil_mode, return_indices)
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding, self.dilation = padding, dilation
        self.return_indices, self.ceil_mode = return_indices, ceil_mode

    def extra_repr(self) -> str:
        return (f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
                f"dilation={self.dilation}, ceil_mode={self.ceil_mode}")


class MaxPool1d(_MaxPoolNd):
    """y[n, c, l] = max_j xp[n, c, l·s + j·d], xp the input padded with -∞.

    Shapes: (N, C, L_in) or (C, L_in) → (N, C, L_out),
    L_out = ⌊(L_in + 2p − d(k−1) − 1)/s⌋ + 1. stride defaults to kernel_size;
    padding p ≤ k/2. The gradient goes to the (first) maximum of each window.
    """

    _name = "MaxPool1d"

    def forward(self, input: Tensor) -> Tensor:
        return P.max_pool(self._name, 1, input, self.kernel_size, self.stride, self.padding,
                          self.dilation)


class MaxPool2d(_MaxPoolNd):
    """y[n, c, h, w] = max_{i,j} xp[n, c, h·s₀ + i·d₀, w·s₁ + j·d₁], xp padded with -∞.

    Shapes: (N, C, H, W) or (C, H, W) → (N, C, H_out, W_out), each as L_out in
    MaxPool1d; kernel_size, stride, padding, dilation: an int or a pair.
    """

    _name = "MaxPool2d"

    def forward(self, input: Tensor) -> Tensor:
        return P.max_pool(self._name, 2, input, self.kernel_size, self.stride, self.padding,
                          self.dilation)


class AvgPool1d(Module):
    """y[n, c, l] = (1/D) Σ_j xp[n, c, l·s + j], xp the input padded with 0.

    D = k (count_include_pad=True, the default, as PyTorch) or the number of
    non-padding entries in the window. Shapes: (N, C, L_in) or (C, L_in) →
    (N, C, L_out), L_out = ⌊(L_in + 2p − k)/s⌋ + 1; stride defaults to kernel_size.
    """

    def __init__(self, kernel_size: _Size, stride: _Size | None = None, padding: _Size = 0,
                 ceil_mode: bool = False, count_include_pad: bool = True) -> None:
        super().__init__()
        _check_supported("AvgPool1d", ceil_mode)
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding, self.ceil_mode = padding, ceil_mode
        self.count_include_pad = count_include_pad

    def forward(self, input: Tensor) -> Tensor:
        return P.avg_pool("AvgPool1d", 1, input, self.kernel_size, self.stride, self.padding,
                          False, self.count_include_pad)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AvgPool2d(Module):
    """y[n, c, h, w] = (1/D) Σ_{i,j} xp[n, c, h·s₀ + i, w·s₁ + j], xp padded with 0.

    D = k₀k₁ (count_include_pad=True, the default), the number of non-padding
    entries, or divisor_override. Shapes: (N, C, H, W) or (C, H, W) →
    (N, C, H_out, W_out), each as L_out in AvgPool1d.
    """

    def __init__(self, kernel_size: _Size, stride: _Size | None = None, padding: _Size = 0,
                 ceil_mode: bool = False, count_include_pad: bool = True,
                 divisor_override: int | None = None) -> None:
        super().__init__()
        _check_supported("AvgPool2d", ceil_mode)
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding, self.ceil_mode = padding, ceil_mode
        self.count_include_pad, self.divisor_override = count_include_pad, divisor_override

    def forward(self, input: Tensor) -> Tensor:
        return P.avg_pool("AvgPool2d", 2, input, self.kernel_size, self.stride, self.padding,
                          False, self.count_include_pad, self.divisor_override)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AdaptiveAvgPool1d(Module):
    """Average pooling to a fixed output length m, whatever the input length L.

    Window i covers positions ⌊iL/m⌋ … ⌈(i+1)L/m⌉ - 1 (as PyTorch), so
    y = x A with a constant (L, m) averaging matrix A. output_size=1 is
    global average pooling: y[n, c, 0] = (1/L) Σ_l x[n, c, l].
    Shapes: (N, C, L) or (C, L) → (N, C, m).
    """

    def __init__(self, output_size: _Size) -> None:
        super().__init__()
        self.output_size = output_size

    def forward(self, input: Tensor) -> Tensor:
        return P.adaptive_avg_pool("AdaptiveAvgPool1d", 1, input, self.output_size)

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"


class AdaptiveAvgPool2d(Module):
    """Average pooling to a fixed (m₀, m₁): y = A₀ᵀ x A₁ per sample and channel.

    The windows are AdaptiveAvgPool1d's along height and along width; None
    keeps that dimension's size. Shapes: (N, C, H, W) or (C, H, W) → (N, C, m₀, m₁).
    """

    def __init__(self, output_size: int | Sequence[int | None]) -> None:
        super().__init__()
        self.output_size = output_size

    def forward(self, input: Tensor) -> Tensor:
        return P.adaptive_avg_pool("AdaptiveAvgPool2d", 2, input, self.output_size)

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"

