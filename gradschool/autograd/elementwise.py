"""Elementwise operations with NumPy broadcasting: arithmetic, selection, comparison.

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
    """A two-input elementwise op: a broadcasting failure names the op and shapes.

    Mixed integer (or bool) and float operands give the float dtype, as in
    PyTorch (NumPy would turn float32 with int64 into float64).
    """

    def __call__(self, a: Tensor, b: Tensor) -> Tensor:
        if a.data.dtype is not b.data.dtype:
            a, b = _promote(a, b)
        try:
            return super().__call__(a, b)
        except ValueError:
            if _broadcasts(a.shape, b.shape):
                raise
            raise ValueError(f"{self.name.lower()}: shapes {a.shape} and {b.shape} "
                             "cannot be broadcast together") from None


def _promote(a: Tensor, b: Tensor) -> tuple[Tensor, Tensor]:
    """Cast an integer/bool operand to the other operand's float dtype."""
    ka, kb = a.data.dtype.kind, b.data.dtype.kind
    if ka == "f" and kb in "iub":
        b = make_tensor(b.data.astype(a.data.dtype))
    elif kb == "f" and ka in "iub":
        a = make_tensor(a.data.astype(b.data.dtype))
    return a, b


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
    """z = a^c for a constant c;  dz/da = c a^(c-1) (0 for c = 0, as in PyTorch)"""

    def __init__(self, c: float) -> None:
        self.c = c

    def forward(self, a):
        return a ** self.c

    def backward(self, gy):
        a, = self.inputs
        if self.c == 2:
            return gy * a * 2.0
        if self.c == 0:
            return constant(np.zeros(a.shape, gy.dtype))
        return gy * self.c * a ** (self.c - 1)


class Pow(Binary):
    """z = a^b;  dz/da = b a^(b-1),  dz/db = z ln a

    As in PyTorch, dz/da = 0 where b = 0 and dz/db = 0 where a = 0 and b ≥ 0
    (the limits, where the formulas would give 0·∞ or 0·ln 0).
    """

    def forward(self, a, b):
        return a ** b

    def backward(self, gy):
        a, b = self.inputs
        ga = gb = None
        if self.needs_input_grad[0]:
            ga = gy * b * a ** (b - 1)
            ga = sum_to(_zero_where(b.data == 0, ga), a.shape)
        if self.needs_input_grad[1]:
            gb = gy * self.output * a.log()
            gb = sum_to(_zero_where((a.data == 0) & (b.data >= 0), gb), b.shape)
        return ga, gb


def _zero_where(mask: np.ndarray, g: Tensor) -> Tensor:
    """g with the entries under `mask` set to 0 (still differentiable elsewhere)."""
    if not mask.any():
        return g
    return where(constant(mask), constant(np.zeros((), g.dtype)), g)


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
    """a / b; integer operands give float32, as in PyTorch (NumPy gives float64)."""
    if a.data.dtype.kind in "iub" and b.data.dtype.kind in "iub":
        a = make_tensor(a.data.astype(np.float32))
    return Div()(a, b)


def neg(a: Tensor) -> Tensor:
    return Neg()(a)


def pow(a: Tensor, b: Any) -> Tensor:
    if isinstance(b, (int, float)) and not isinstance(b, bool):
        return PowScalar(b)(a)
    return Pow()(a, lift(b, a))


def maximum(a: Tensor, b: Tensor) -> Tensor:
    return Maximum()(a, b)


def minimum(a: Tensor, b: Tensor) -> Tensor:
    """min(a, b) = -max(-a, -b), which shares Maximum's tie rule."""
    return -maximum(-a, -b)


def clamp(x: Tensor, min: Any = None, max: Any = None) -> Tensor:
    if min is None and max is None:
        raise ValueError("clamp: at least one of min and max must be given")
    if isinstance(min, Tensor) or isinstance(max, Tensor):
        # Tensor bounds: x keeps the gradient where lo ≤ x ≤ hi (ties included)
        # and a bound gets it where it wins strictly, as in PyTorch.
        y = x
        if min is not None:
            lo = lift(min, x)
            y = where(y < lo, lo, y)
        if max is not None:
            hi = lift(max, x)
            y = where(y > hi, hi, y)
        return y
    return Clamp(min, max)(x)


def where(condition: Any, a: Any, b: Any) -> Tensor:
    """Elementwise `a if condition else b`, as torch.where."""
    cond = condition.data if isinstance(condition, Tensor) else np.asarray(condition)
    if cond.dtype != np.bool_:
        raise TypeError(f"where: condition must be boolean, got dtype {cond.dtype}")
    like = a if isinstance(a, Tensor) else b if isinstance(b, Tensor) else Tensor(a)
    a, b = lift(a, like), lift(b, like)
    try:
        return Where(cond)(a, b)
    except ValueError:
        if _broadcasts(cond.shape, a.shape, b.shape):
            raise
        raise ValueError(f"where: condition {cond.shape}, input {a.shape} and other {b.shape} "
                         "cannot be broadcast together") from None


def compare(op: Callable, a: Tensor, b: Any) -> Tensor:
    """A boolean tensor from a NumPy comparison; comparisons have no gradient."""
    other = b.data if isinstance(b, Tensor) else b
    try:
        return make_tensor(op(a.data, other))
    except ValueError:
        shape = np.shape(other)
        if _broadcasts(a.shape, shape):
            raise
        raise ValueError(f"{op.__name__}: shapes {a.shape} and {shape} cannot be broadcast "
                         "together") from None


# The functions of one variable live in unary.py; they are part of this
# family's public names (E.exp, gs.autograd.elementwise.relu, ...).
from .unary import Abs, Cos, Exp, Log, ReLU, Sigmoid, Sin, Sqrt, Tanh  # noqa: E402, F401, I001
from .unary import abs, cos, exp, log, relu, sigmoid, sin, sqrt, tanh  # noqa: E402, F401, I001
