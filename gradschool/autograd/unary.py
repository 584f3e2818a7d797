"""Elementwise functions of one variable: exp, log, sqrt, abs, sin, cos, tanh, sigmoid, relu.

For y = f(x) applied to every element, dL/dx = dL/dy · f'(x), elementwise.
Each rule is written in Tensor operations (with the output y where that is
cheaper: (eˣ)' = eˣ, tanh' = 1 - y²), so it can be differentiated again.
"""
from __future__ import annotations

import numpy as np

from . import mode
from .elementwise import constant
from .function import Function
from .tensor import Tensor, make_tensor


class Exp(Function):
    """y = e^x;  dy/dx = y"""

    def forward(self, x):
        return np.exp(x)

    def backward(self, gy):
        return gy * self.output


class Log(Function):
    """y = ln x;  dy/dx = 1/x"""

    def forward(self, x):
        return np.log(x)

    def backward(self, gy):
        return gy / self.inputs[0]


class Sqrt(Function):
    """y = √x;  dy/dx = 1/(2y)"""

    def forward(self, x):
        return np.sqrt(x)

    def backward(self, gy):
        return gy / (self.output * 2.0)


class Abs(Function):
    """y = |x|;  dy/dx = sign(x) (0 at 0, as in PyTorch)"""

    def forward(self, x):
        return np.abs(x)

    def backward(self, gy):
        return gy * constant(np.sign(self.inputs[0].data))


class Sin(Function):
    """y = sin x;  dy/dx = cos x"""

    def forward(self, x):
        return np.sin(x)

    def backward(self, gy):
        return gy * self.inputs[0].cos()


class Cos(Function):
    """y = cos x;  dy/dx = -sin x"""

    def forward(self, x):
        return np.cos(x)

    def backward(self, gy):
        return -gy * self.inputs[0].sin()


class Tanh(Function):
    """y = tanh x;  dy/dx = 1 - y²"""

    def forward(self, x):
        return np.tanh(x)

    def backward(self, gy):
        y = self.output
        return gy * (1.0 - y * y)


class Sigmoid(Function):
    """y = σ(x) = 1/(1+e^-x);  dy/dx = y(1-y)

    For x ≪ 0, e^-x overflows to inf and y to 0, the right limit (the warning
    is silenced). This keeps full relative precision for small y, which
    (1 + tanh(x/2))/2 would round to exactly 0 from x ≈ -17 in float32, so
    that log σ(x) stays finite, as in PyTorch.
    """

    def forward(self, x):
        with np.errstate(over="ignore"):
            return 1.0 / (1.0 + np.exp(-x))

    def backward(self, gy):
        y = self.output
        return gy * y * (1.0 - y)


class ReLU(Function):
    """y = max(x, 0);  dy/dx = 1 where x > 0, else 0"""

    def forward(self, x):
        if x.dtype.kind != "f":
            return np.maximum(x, 0)
        # Against an array of zeros rather than the scalar 0: NumPy's maximum
        # runs its vectorised loop only for two arrays (twice as fast).
        return np.maximum(x, np.zeros_like(x))

    def backward(self, gy):
        positive = self.inputs[0].data > 0
        if not mode.state.enabled:  # first order: one NumPy product, no graph
            return make_tensor(gy.data * positive)
        return gy * constant(positive)


def exp(x: Tensor) -> Tensor:
    return Exp()(x)


def log(x: Tensor) -> Tensor:
    return Log()(x)


def sqrt(x: Tensor) -> Tensor:
    return Sqrt()(x)


def abs(x: Tensor) -> Tensor:
    return Abs()(x)


def sin(x: Tensor) -> Tensor:
    return Sin()(x)


def cos(x: Tensor) -> Tensor:
    return Cos()(x)


def tanh(x: Tensor) -> Tensor:
    return Tanh()(x)


def sigmoid(x: Tensor) -> Tensor:
    return Sigmoid()(x)


def relu(x: Tensor) -> Tensor:
    return ReLU()(x)
