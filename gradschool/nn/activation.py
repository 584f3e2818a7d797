"""Activation layers: y = f(x) elementwise (Softmax: along one dimension).

Each is the module form of a function in `functional`; the shape is kept:
input (*) → output (*).
"""
from __future__ import annotations

from ..autograd.tensor import Tensor
from . import functional as F
from .module import Module
from .pointwise import GELU as _GELU
from .pointwise import LeakyReLU as _LeakyReLU


class ReLU(Module):
    """y = max(x, 0). `inplace` is accepted; the result is computed out of place."""

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:
        return input.relu()

    def extra_repr(self) -> str:
        return "inplace=True" if self.inplace else ""


class LeakyReLU(Module):
    """y = x if x > 0 else negative_slope · x."""

    def __init__(self, negative_slope: float = 0.01, inplace: bool = False) -> None:
        super().__init__()
        self.negative_slope = negative_slope
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:
        return _LeakyReLU(self.negative_slope)(input)

    def extra_repr(self) -> str:
        return f"negative_slope={self.negative_slope}" + (", inplace=True" if self.inplace else "")


class Sigmoid(Module):
    """y = σ(x) = 1 / (1 + e^(-x))."""

    def forward(self, input: Tensor) -> Tensor:
        return input.sigmoid()


class Tanh(Module):
    """y = tanh(x)."""

    def forward(self, input: Tensor) -> Tensor:
        return input.tanh()


class GELU(Module):
    """y = x Φ(x) (Φ the standard normal CDF); approximate='tanh' uses
    x/2 · (1 + tanh(√(2/π) (x + 0.044715 x³)))."""

    def __init__(self, approximate: str = "none") -> None:
        super().__init__()
        if approximate not in ("none", "tanh"):
            raise ValueError(f"GELU: approximate must be 'none' or 'tanh', got {approximate!r}")
        self.approximate = approximate

    def forward(self, input: Tensor) -> Tensor:
        return _GELU(self.approximate)(input)

    def extra_repr(self) -> str:
        return f"approximate={self.approximate!r}"


class Softmax(Module):
    """yᵢ = e^(xᵢ) / Σⱼ e^(xⱼ) along `dim` (computed stably); each slice sums to 1."""

    def __init__(self, dim: int | None = None) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, input: Tensor) -> Tensor:
        return F.softmax(input, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class LogSoftmax(Module):
    """yᵢ = xᵢ - log Σⱼ e^(xⱼ) along `dim` (computed stably)."""

    def __init__(self, dim: int | None = None) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, input: Tensor) -> Tensor:
        return F.log_softmax(input, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"
