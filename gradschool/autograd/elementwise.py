"""Elementwise operations with NumPy broadcasting.

For z = f(a, b) with broadcasting, dL/da is gy * df/da summed over the axes
along which `a` was broadcast (`sum_to`), so every gradient has its input's
shape. Rules are written in Tensor operations so they can be differentiated
again.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .function import Function
from .tensor import Tensor, lift, make_tensor


def sum_to(g: Tensor, shape: tuple[int, ...]) -> Tensor:
    """Sum `g` over broadcast axes so that it has `shape`."""
    if g.shape == shape:
        return g
    from .shape import SumTo
    return SumTo(shape)(g)


def constant(array: Any) -> Tensor:
    """A Tensor that takes no part in differentiation (a mask, a sign)."""
    return make_tensor(array)


class Binary(Function):
    """A two-input elementwise op: a broadcasting failure names the op and shapes."""

    def __call__(self, a: Tensor, b: Tensor) -> Tensor:
        try:
            return super().__call__(a, b)
        except ValueError:
            if _broadcasts(a.shape, b.shape):
                raise
            raise ValueError(f"{self.name.lower()}: shapes {a.shape} and {b.shape} "
                             "cannot be broadcast together") from None


def _broadcasts(*shapes: tuple[int, ...]) -> bool:
    try:
        np.broadcast_shapes(*shapes)
        return True
    except ValueError:
        return False


class Add(Binary):
    """z = a + b"""

    def forward(self, a, b):
        return a + b

    def backward(self, gy):
        a, b = self.inputs
        return sum_to(gy, a.shape), sum_to(gy, b.shape)


class Sub(Binary):
    """z = a - b"""

    def forward(self, a, b):
        return a - b

    def backward(self, gy):
        a, b = self.inputs
        gb = sum_to(-gy, b.shape) if self.needs_input_grad[1] else None
        return sum_to(gy, a.shape), gb


class Mul(Binary):
    """z = a * b;  dz/da = b, dz/db = a"""

    def forward(self, a, b):
        return a * b

    def backward(self, gy):
        a, b = self.inputs
        ga = sum_to(gy * b, a.shape) if self.needs_input_grad[0] else None
        gb = sum_to(gy * a, b.shape) if self.needs_input_grad[1] else None
        return ga, gb


class Div(Binary):
    """z = a / b;  dz/da = 1/b, dz/db = -a/b² = -z/b"""

    def forward(self, a, b):
        return a / b

    def backward(self, gy):
        a, b = self.inputs
        ga = sum_to(gy / b, a.shape) if self.needs_input_grad[0] else None
        gb = sum_to(-gy * self.output / b, b.shape) if self.needs_input_grad[1] else None
        return ga, gb


class Neg(Function):
    """z = -a"""

    def forward(self, a):
        return -a

    def backward(self, gy):
        return -gy


class PowScalar(Function):
    """z = a^c for a constant c;  dz/da = c a^(c-1)"""

    def __init__(self, c: float) -> None:
        self.c = c

    def forward(self, a):
        return a ** self.c

    def backward(self, gy):
        a, = self.inputs
        if self.c == 2:
            return gy * a * 2.0
        return gy * self.c * a ** (self.c - 1)


class Pow(Binary):
    """z = a^b;  dz/da = b a^(b-1),  dz/db = z ln a"""

    def forward(self, a, b):
        return a ** b

    def backward(self, gy):
        a, b = self.inputs
        ga = sum_to(gy * b * a ** (b - 1), a.shape) if self.needs_input_grad[0] else None
        gb = sum_to(gy * self.output * a.log(), b.shape) if self.needs_input_grad[1] else None
        return ga, gb


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
    """y = σ(x) = 1/(1+e^-x) = (1 + tanh(x/2))/2 (no overflow);  dy/dx = y(1-y)"""

    def forward(self, x):
        return 0.5 + 0.5 * np.tanh(0.5 * x)

    def backward(self, gy):
        y = self.output
        return gy * y * (1.0 - y)


class ReLU(Function):
    """y = max(x, 0);  dy/dx = 1 where x > 0, else 0"""

    def forward(self, x):
        return np.maximum(x, 0)

    def backward(self, gy):
        return gy * constant(self.inputs[0].data > 0)


class Maximum(Binary):
    """z = max(a, b) elementwise; at ties each input gets half (as PyTorch)."""

    def forward(self, a, b):
        return np.maximum(a, b)

    def backward(self, gy):
        a, b = self.inputs
        share = (a.data > b.data) + 0.5 * (a.data == b.data)
        return (sum_to(gy * constant(share.astype(gy.dtype)), a.shape),
                sum_to(gy * constant((1 - share).astype(gy.dtype)), b.shape))


class Clamp(Function):
    """y = min(max(x, lo), hi);  dy/dx = 1 where lo ≤ x ≤ hi, else 0"""

    def __init__(self, lo: Any, hi: Any) -> None:
        self.lo, self.hi = lo, hi

    def forward(self, x):
        return np.clip(x, self.lo, self.hi)

    def backward(self, gy):
        x = self.inputs[0].data
        inside = np.ones(x.shape, bool)
        if self.lo is not None:
            inside &= x >= self.lo
        if self.hi is not None:
            inside &= x <= self.hi
        return gy * constant(inside)


class Where(Function):
    """z = a where condition else b"""

    def __init__(self, condition: np.ndarray) -> None:
        self.condition = condition

    def forward(self, a, b):
        return np.where(self.condition, a, b)

    def backward(self, gy):
        a, b = self.inputs
        keep = constant(self.condition)
        zero = constant(np.zeros((), gy.dtype))
        ga = sum_to(where(keep, gy, zero), a.shape) if self.needs_input_grad[0] else None
        gb = sum_to(where(keep, zero, gy), b.shape) if self.needs_input_grad[1] else None
        return ga, gb


def add(a: Tensor, b: Tensor) -> Tensor:
    return Add()(a, b)


def sub(a: Tensor, b: Tensor) -> Tensor:
    return Sub()(a, b)


def mul(a: Tensor, b: Tensor) -> Tensor:
    return Mul()(a, b)


def div(a: Tensor, b: Tensor) -> Tensor:
    return Div()(a, b)


def neg(a: Tensor) -> Tensor:
    return Neg()(a)


def pow(a: Tensor, b: Any) -> Tensor:
    if isinstance(b, (int, float)) and not isinstance(b, bool):
        return PowScalar(b)(a)
    return Pow()(a, lift(b, a))


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


def maximum(a: Tensor, b: Tensor) -> Tensor:
    return Maximum()(a, b)


def minimum(a: Tensor, b: Tensor) -> Tensor:
    """min(a, b) = -max(-a, -b), which shares Maximum's tie rule."""
    return -maximum(-a, -b)


def clamp(x: Tensor, min: Any = None, max: Any = None) -> Tensor:
    if min is None and max is None:
        raise ValueError("clamp: at least one of min and max must be given")
    if isinstance(min, Tensor) or isinstance(max, Tensor):
        lo = x if min is None else maximum(x, lift(min, x))
        return lo if max is None else minimum(lo, lift(max, x))
    return Clamp(min, max)(x)


def where(condition: Any, a: Any, b: Any) -> Tensor:
    """Elementwise `a if condition else b`, as torch.where."""
    cond = condition.data if isinstance(condition, Tensor) else np.asarray(condition)
    if cond.dtype != np.bool_:
        raise TypeError(f"where: condition must be boolean, got dtype {cond.dtype}")
    like = a if isinstance(a, Tensor) else b if isinstance(b, Tensor) else Tensor(a)
    return Where(cond)(lift(a, like), lift(b, like))


def compare(op: Callable, a: Tensor, b: Any) -> Tensor:
    """A boolean tensor from a NumPy comparison; comparisons have no gradient."""
    other = b.data if isinstance(b, Tensor) else b
    return make_tensor(op(a.data, other))
