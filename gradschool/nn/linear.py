"""Linear (the affine layer z = W x + b) and Identity."""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..autograd.tensor import Tensor, float32
from . import init, kernels
from .module import Module
from .parameter import Parameter


class Identity(Module):
    """y = x. Takes (and ignores) any arguments, as PyTorch's, to stand in for a layer."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__()

    def forward(self, input: Tensor) -> Tensor:
        return input


class Linear(Module):
    """An affine map of the last dimension: y = x Wᵀ + b (per sample, z = W x + b).

    Shapes: input (*, in_features) → output (*, out_features).

    Attributes:
        weight: (out_features, in_features), initialised as PyTorch does with
            kaiming_uniform_(a=√5), which is U(-1/√in_features, 1/√in_features).
        bias: (out_features,), U(-1/√in_features, 1/√in_features); None if
            `bias=False`.
    """

    def __init__(self, in_features: int, out_features: int, bias: bool = True,
                 dtype: Any = None) -> None:
        super().__init__()
        self.in_features = in_features
        self.out_features = out_features
        dtype = float32 if dtype is None else np.dtype(dtype)
        self.weight = Parameter(np.empty((out_features, in_features), dtype))
        if bias:
            self.bias = Parameter(np.empty(out_features, dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw fresh weights from PyTorch's default distributions."""
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input: Tensor) -> Tensor:
        if self.bias is None:
            return kernels.Linear()(input, self.weight)
        return kernels.Linear()(input, self.weight, self.bias)

    def extra_repr(self) -> str:
        return (f"in_features={self.in_features}, out_features={self.out_features}, "
                f"bias={self.bias is not None}")
