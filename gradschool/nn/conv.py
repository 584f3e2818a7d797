"""Conv1d and Conv2d: convolution layers with PyTorch's parameters, layouts and init.

A convolution slides one small linear map (the kernel) along the input: each
output position sees only a window of k neighbouring inputs, and every
position uses the same weights. For Conv1d, per sample,

    y[o, l] = b[o] + Σ_c Σ_{j<k} W[o, c, j] · x[c, l·s + j·d − p]

(x read as 0 outside 0 … L_in-1), so that

    L_out = ⌊(L_in + 2p − d(k−1) − 1) / s⌋ + 1.

The computation is `functional.conv1d` / `conv2d` (conv_kernels.py: strided
windows and one matrix product).
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..autograd.tensor import Tensor, float32
from . import init
from .conv_kernels import check_input, conv_padding, convolve, spatial_names
from .module import Module
from .parameter import Parameter
from .windows import ntuple


class _ConvNd(Module):
    """What Conv1d and Conv2d share: parameters, init, checks and repr."""

    _n: int
    _name: str

    def __init__(self, in_channels: int, out_channels: int, kernel_size: int | Sequence[int],
                 stride: int | Sequence[int] = 1, padding: Any = 0,
                 dilation: int | Sequence[int] = 1, groups: int = 1, bias: bool = True,
                 padding_mode: str = "zeros", device: Any = None, dtype: Any = None) -> None:
        super().__init__()
        n, name = self._n, self._name
        if groups != 1:
            raise ValueError(f"{name}: groups={groups} is not supported; gradschool "
                             f"implements groups=1 only")
        if padding_mode != "zeros":
            raise ValueError(f"{name}: padding_mode={padding_mode!r} is not supported; "
                             f"gradschool pads with 'zeros' only")
        for what, value in (("in_channels", in_channels), ("out_channels", out_channels)):
            if not isinstance(value, (int, np.integer)) or value <= 0:
                raise ValueError(f"{name}: {what} must be a positive int, got {value!r}")
        self.in_channels, self.out_channels = int(in_channels), int(out_channels)
        self.kernel_size = ntuple(kernel_size, n, "kernel_size", name)
        self.stride = ntuple(stride, n, "stride", name)
        self.dilation = ntuple(dilation, n, "dilation", name)
        conv_padding(padding, n, self.kernel_size, self.stride, self.dilation, name)  # checks
        self.padding = padding if isinstance(padding, str) else ntuple(padding, n, "padding",
                                                                       name)
        self._pads_key: Any = None  # what _pads was computed from
        self.groups, self.padding_mode = groups, padding_mode
        dtype = float32 if dtype is None else np.dtype(dtype)
        self.weight = Parameter(np.empty((out_channels, in_channels) + self.kernel_size, dtype))
        if bias:
            self.bias = Parameter(np.empty(out_channels, dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """PyTorch's defaults: W ~ kaiming_uniform_(a=√5) = U(±1/√fan_in), b ~ U(±1/√fan_in).

        fan_in = in_channels · Π kernel_size.
        """
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input: Tensor) -> Tensor:
        check_input(self._name, input, self._n)
        channels = input.shape[-self._n - 1]
        if channels != self.in_channels:
            c, spatial = self.in_channels, spatial_names(self._n)
            raise ValueError(f"{self._name}: input of shape {input.shape} has {channels} "
                             f"channels, expected in_channels={c}: shape (N, {c}, {spatial}) "
                             f"or ({c}, {spatial})")
        key = (self.padding, self.stride, self.dilation)
        if key != self._pads_key:  # (before, after) per spatial dimension, from padding
            self._pads = conv_padding(self.padding, self._n, self.kernel_size, self.stride,
                                      self.dilation, self._name)
            self._pads_key = key
        return convolve(self._name, input, self.weight, self.bias, self.stride, *self._pads,
                        self.dilation)

    def extra_repr(self) -> str:
        text = (f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
                f"stride={self.stride}")
        if self.padding != (0,) * self._n:
            text += f", padding={self.padding!r}"
        if self.dilation != (1,) * self._n:
            text += f", dilation={self.dilation}"
        if self.bias is None:
            text += ", bias=False"
        return text


class Conv1d(_ConvNd):
    """A 1-D convolution: y[n, o, l] = b[o] + Σ_c Σ_j W[o, c, j] · xp[n, c, l·s + j·d].

    Shapes: input (N, C_in, L_in) or (C_in, L_in) → (N, C_out, L_out),
    L_out = ⌊(L_in + 2p − d(k−1) − 1)/s⌋ + 1.

    Args: in_channels, out_channels, kernel_size, stride=1, padding=0 (an
    int, 'valid' or 'same' (stride 1 only)), dilation=1, groups (1 only),
    bias=True, padding_mode ('zeros' only), dtype (float32 by default).

    Attributes:
        weight: (C_out, C_in, k), U(-1/√(C_in·k), 1/√(C_in·k)) as PyTorch
            (kaiming_uniform_ with a=√5).
        bias: (C_out,), U(-1/√(C_in·k), 1/√(C_in·k)); None if bias=False.
    """

    _n, _name = 1, "Conv1d"


class Conv2d(_ConvNd):
    """A 2-D convolution, over height and width:

        y[n, o, h, w] = b[o] + Σ_c Σ_{i,j} W[o, c, i, j] · xp[n, c, h·s₀ + i·d₀, w·s₁ + j·d₁]

    Shapes: input (N, C_in, H, W) or (C_in, H, W) → (N, C_out, H_out, W_out),
    each of H_out, W_out as L_out in Conv1d with its own k, s, p, d.

    Args: as Conv1d; kernel_size, stride, padding and dilation are an int
    (the same for height and width) or a pair.

    Attributes:
        weight: (C_out, C_in, k₀, k₁), U(±1/√(C_in·k₀·k₁)) as PyTorch.
        bias: (C_out,), U(±1/√(C_in·k₀·k₁)); None if bias=False.
    """

    _n, _name = 2, "Conv2d"
