"""Value: a scalar autograd engine, one number at a time (after Karpathy's micrograd).

Every arithmetic step on Values makes a new Value that remembers its
`children` (the Values it was computed from), its `op` (a short string such
as ``'*'`` or ``'tanh'``) and the *local derivatives* d(out)/d(child), worked
out during the forward pass. `backward()` then applies the chain rule from
the output back to the inputs::

    child.grad += local_derivative * out.grad

visiting every node after all the nodes that use it (a topological order),
so a Value used twice gets the sum of both contributions::

    x = Value(3.0, label='x')
    y = x * x + x          # dy/dx = 2x + 1
    y.backward()
    x.grad                 # 7.0

The engine works on Python floats; `gradschool.autograd.Tensor` does the same
for whole arrays. At the end of this file, a tiny neural network made of
Values (`Neuron`, `Layer`, `MLP`, as in micrograd's nn.py).
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from numbers import Real
from typing import Any

from .random import default_generator

__all__ = ["MLP", "Layer", "Module", "Neuron", "Value"]


def _describe(x: Any) -> str:
    return repr(x) if isinstance(x, Value) else f"{type(x).__name__} {x!r}"


def _number(x: Any, where: str) -> float:
    """`x` as a float, or a TypeError that names `x` and where it was used."""
    if isinstance(x, Real):
        return float(x)
    raise TypeError(f"{where}: expected a real number or a Value, got {_describe(x)}")


def _power(a: float, p: float) -> float:
    """a ** p for a local derivative: 0 ** negative is +inf, as in PyTorch."""
    try:
        return a ** p
    except ZeroDivisionError:
        return math.inf
    except OverflowError:
        return -math.inf if a < 0 and p % 2 == 1 else math.inf


class Value:
    """A scalar `data` with its gradient `grad` = d(root)/d(this), filled by `backward()`.

    `label` names the Value in drawings (`gradschool.viz.draw_graph`). A Value
    made by an operation records `op`, `children` and `local_grads`, where
    ``local_grads[i]`` = d(self)/d(children[i]); a leaf has none of them.
    """

    __slots__ = ("data", "grad", "label", "op", "children", "local_grads", "__weakref__")
    __array_ufunc__ = None  # `np.float64(2) * v` defers to Value.__rmul__

    def __init__(self, data: Any, label: str = "", *, _children: tuple[Value, ...] = (),
                 _local_grads: tuple[float, ...] = (), _op: str = "") -> None:
        self.data = _number(data, "Value")
        self.grad = 0.0
        self.label = str(label)
        self.op = _op
        self.children = _children
        self.local_grads = _local_grads

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g}{label})"

    @staticmethod
    def _lift(other: Any, op: str) -> Value:
        """A Python number becomes a constant leaf Value; anything else is an error."""
        if isinstance(other, Value):
            return other
        return Value(_number(other, f"Value {op}"))

    def _make(self, data: float, children: tuple[Value, ...], local_grads: tuple[float, ...],
              op: str) -> Value:
        return Value(data, _children=children, _local_grads=local_grads, _op=op)

    # ----- binary operators ----------------------------------------------------
    def __add__(self, other: Any) -> Value:
        """out = a + b;  d(out)/da = 1,  d(out)/db = 1."""
        other = self._lift(other, "+")
        return self._make(self.data + other.data, (self, other), (1.0, 1.0), "+")

    def __radd__(self, other: Any) -> Value:
        return self._lift(other, "+") + self

    def __sub__(self, other: Any) -> Value:
        """out = a - b;  d(out)/da = 1,  d(out)/db = -1."""
        other = self._lift(other, "-")
        return self._make(self.data - other.data, (self, other), (1.0, -1.0), "-")

    def __rsub__(self, other: Any) -> Value:
        return self._lift(other, "-") - self

    def __mul__(self, other: Any) -> Value:
        """out = a * b;  d(out)/da = b,  d(out)/db = a."""
        other = self._lift(other, "*")
        return self._make(self.data * other.data, (self, other), (other.data, self.data), "*")

    def __rmul__(self, other: Any) -> Value:
        return self._lift(other, "*") * self

    def __truediv__(self, other: Any) -> Value:
        """out = a / b;  d(out)/da = 1/b,  d(out)/db = -a/b²."""
        other = self._lift(other, "/")
        b = other.data
        if b == 0:
            raise ZeroDivisionError(f"Value /: division by zero, {self!r} / {other!r}")
        return self._make(self.data / b, (self, other), (1.0 / b, -self.data / (b * b)), "/")

    def __rtruediv__(self, other: Any) -> Value:
        return self._lift(other, "/") / self

    def __pow__(self, other: Any) -> Value:
        """out = a ** b.

        With a number b (op ``'**b'``, one child): d(out)/da = b·a^(b-1).
        With a Value b (op ``'**'``): also d(out)/db = a^b·ln a, which is
        0 where a = 0 (and b >= 0) and nan where a < 0, as in PyTorch.
        """
        a = self.data
        if isinstance(other, Value):
            b = other.data
        else:
            b = _number(other, "Value **")
        try:
            out = a ** b
        except ZeroDivisionError:
            raise ZeroDivisionError(f"Value **: {a!r} ** {b!r} divides by zero "
                                    f"(base {self!r})") from None
        except OverflowError:
            raise OverflowError(f"Value **: {a!r} ** {b!r} overflows a float "
                                f"(base {self!r})") from None
        if isinstance(out, complex):
            raise ValueError(f"Value **: {a!r} ** {b!r} is not a real number (a negative "
                             f"base needs a whole exponent; base {self!r})")
        d_base = 0.0 if b == 0 else b * _power(a, b - 1)
        if not isinstance(other, Value):
            return self._make(out, (self,), (d_base,), f"**{other!r}")
        if a == 0 and b >= 0:
            d_exponent = 0.0
        elif a < 0:
            d_exponent = math.nan  # ln a is not real
        else:
            d_exponent = out * math.log(a)
        return self._make(out, (self, other), (d_base, d_exponent), "**")

    def __rpow__(self, other: Any) -> Value:
        return self._lift(other, "**") ** self

    def __neg__(self) -> Value:
        """out = -a;  d(out)/da = -1."""
        return self._make(-self.data, (self,), (-1.0,), "neg")

    def __pos__(self) -> Value:
        return self

    # ----- functions of one Value --------------------------------------------
    def exp(self) -> Value:
        """out = e^a;  d(out)/da = e^a = out."""
        try:
            out = math.exp(self.data)
        except OverflowError:
            raise OverflowError(f"exp: e ** {self.data!r} overflows a float "
                                f"(input {self!r})") from None
        return self._make(out, (self,), (out,), "exp")

    def log(self) -> Value:
        """out = ln a (natural log, a > 0);  d(out)/da = 1/a."""
        if not self.data > 0:
            raise ValueError(f"log: input must be positive, got {self!r}")
        return self._make(math.log(self.data), (self,), (1.0 / self.data,), "log")

    def tanh(self) -> Value:
        """out = tanh a = (e^2a - 1)/(e^2a + 1);  d(out)/da = 1 - out²."""
        out = math.tanh(self.data)
        return self._make(out, (self,), (1.0 - out * out,), "tanh")

    def sigmoid(self) -> Value:
        """out = σ(a) = 1/(1 + e^-a);  d(out)/da = out·(1 - out)."""
        a = self.data
        if a >= 0:  # never exponentiate a large positive number
            out = 1.0 / (1.0 + math.exp(-a))
        else:
            z = math.exp(a)
            out = z / (1.0 + z)
        return self._make(out, (self,), (out * (1.0 - out),), "sigmoid")

    def relu(self) -> Value:
        """out = max(0, a);  d(out)/da = 1 if a > 0 else 0 (0 at the kink, as in PyTorch)."""
        a = self.data
        return self._make(a if a > 0 else 0.0, (self,), (1.0 if a > 0 else 0.0,), "relu")

    def sin(self) -> Value:
        """out = sin a;  d(out)/da = cos a."""
        return self._make(math.sin(self.data), (self,), (math.cos(self.data),), "sin")

    def cos(self) -> Value:
        """out = cos a;  d(out)/da = -sin a."""
        return self._make(math.cos(self.data), (self,), (-math.sin(self.data),), "cos")

    # ----- the backward pass ---------------------------------------------------
    def topological_order(self) -> list[Value]:
        """Every Value this one depends on, each after all of its children.

        A depth-first walk with an explicit stack instead of recursion, so a
        chain of any length works: a node is appended once all its children
        have been (the ``True`` entry is popped after the children's entries).
        """
        order: list[Value] = []
        seen: set[int] = set()
        stack: list[tuple[Value, bool]] = [(self, False)]
        while stack:
            node, children_done = stack.pop()
            if children_done:
                order.append(node)
                continue
            if id(node) in seen:
                continue
            seen.add(id(node))
            stack.append((node, True))
            for child in reversed(node.children):
                if id(child) not in seen:
                    stack.append((child, False))
        return order

    def backward(self, grad: float = 1.0) -> None:
        """Fill `.grad` of every Value this one depends on with d(self)/d(that Value).

        Starts from d(self)/d(self) = `grad` (1 by default) and walks the
        graph from the output to the inputs, applying the chain rule at every
        node: ``child.grad += local_grad * node.grad``. Leaves *accumulate*
        their gradient over calls, as in PyTorch (call `zero_grad()` between
        steps); the gradients of non-leaf Values are recomputed each time.
        """
        order = self.topological_order()
        for node in order:
            if node.children:
                node.grad = 0.0
        self.grad += _number(grad, "backward")
        for node in reversed(order):
            g = node.grad
            for child, local in zip(node.children, node.local_grads):
                child.grad += local * g


# ----- a neural network of Values ----------------------------------------------
# A neuron computes z = w·x + b = Σ_i w_i x_i + b and, when `nonlin`, the
# activation a = relu(z); a layer is `nout` neurons that read the same inputs;
# an MLP chains layers, the last one linear. Every weight is a Value, so
# `loss.backward()` fills each `p.grad` and a gradient-descent step is
# `for p in model.parameters(): p.data -= lr * p.grad`. Weights start uniform
# in [-1, 1), drawn from gradschool's generator (`gradschool.manual_seed(n)`).

class Module:
    """Base class: `parameters()` lists the Values to train; `zero_grad()` resets them."""

    def parameters(self) -> list[Value]:
        return []

    def zero_grad(self) -> None:
        """Set every parameter's `.grad` to 0 (backward() accumulates into leaves)."""
        for p in self.parameters():
            p.grad = 0.0


class Neuron(Module):
    """One neuron: z = Σ_i w_i x_i + b, output relu(z) if `nonlin` else z."""

    def __init__(self, nin: int, nonlin: bool = True) -> None:
        if not isinstance(nin, int) or nin < 1:
            raise ValueError(f"Neuron: nin must be a positive int, got {nin!r}")
        weights = default_generator().uniform(-1.0, 1.0, size=nin)
        self.w = [Value(float(w), label=f"w{i}") for i, w in enumerate(weights)]
        self.b = Value(0.0, label="b")
        self.nonlin = nonlin

    def __call__(self, x: Sequence[Any]) -> Value:
        if len(x) != len(self.w):
            raise ValueError(f"Neuron: expected {len(self.w)} inputs, got {len(x)}: {x!r}")
        z = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
        return z.relu() if self.nonlin else z

    def parameters(self) -> list[Value]:
        return [*self.w, self.b]

    def __repr__(self) -> str:
        return f"{'ReLU' if self.nonlin else 'Linear'}Neuron({len(self.w)})"


class Layer(Module):
    """`nout` neurons on the same inputs; returns a list of Values (one Value if nout == 1)."""

    def __init__(self, nin: int, nout: int, **kwargs: Any) -> None:
        if not isinstance(nout, int) or nout < 1:
            raise ValueError(f"Layer: nout must be a positive int, got {nout!r}")
        self.neurons = [Neuron(nin, **kwargs) for _ in range(nout)]

    def __call__(self, x: Sequence[Any]) -> Value | list[Value]:
        out = [n(x) for n in self.neurons]
        return out[0] if len(out) == 1 else out

    def parameters(self) -> list[Value]:
        return [p for n in self.neurons for p in n.parameters()]

    def __repr__(self) -> str:
        return f"Layer of [{', '.join(str(n) for n in self.neurons)}]"


class MLP(Module):
    """A multi-layer perceptron: layer sizes nin -> nouts[0] -> ... -> nouts[-1].

    Hidden layers use relu; the last layer is linear (it gives scores).
    """

    def __init__(self, nin: int, nouts: Sequence[int]) -> None:
        sizes = [nin, *nouts]
        if not nouts:
            raise ValueError("MLP: nouts must list at least one layer size, got []")
        self.layers = [Layer(sizes[i], sizes[i + 1], nonlin=i != len(nouts) - 1)
                       for i in range(len(nouts))]

    def __call__(self, x: Sequence[Any]) -> Value | list[Value]:
        for layer in self.layers:
            out = layer(x)
            x = [out] if isinstance(out, Value) else out
        return out

    def parameters(self) -> list[Value]:
        return [p for layer in self.layers for p in layer.parameters()]

    def __repr__(self) -> str:
        return f"MLP of [{', '.join(str(layer) for layer in self.layers)}]"
