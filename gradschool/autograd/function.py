"""Function: one differentiable operation, a node of the computational graph.

A Function computes its `forward` on NumPy arrays and states its derivative
in `backward` using Tensor operations, so the same rule serves first-order
gradients (run without recording) and higher-order ones (run while recording,
`create_graph=True`). Calling a Function on Tensors runs the forward and, when
grad mode is on and some input requires a gradient, links the outputs to the
Function so the backward walk can find it::

    y = Exp()(x)        # y.grad_fn is that Exp; it keeps x in .inputs

Generations order the walk: a Function's generation is the largest
generation of its inputs, and its outputs are one generation later, so
visiting Functions from the highest generation down reaches every consumer
of a tensor before the tensor's own creator (as in DeZero).
"""
from __future__ import annotations

import weakref
from typing import Any

import numpy as np

from . import mode
from .tensor import Tensor, make_tensor


class Function:
    """Base class: subclasses implement `forward(*arrays)` and `backward(*grads)`.

    In `backward`, `self.inputs` are the input Tensors, `self.output` is the
    (single) output Tensor and `self.needs_input_grad[i]` says whether input
    `i` wants a gradient; return one gradient per input (None where no
    gradient is needed).
    """

    inputs: tuple[Tensor, ...] | None
    needs_input_grad: tuple[bool, ...]
    generation: int

    def __call__(self, *inputs: Tensor) -> Any:
        # Runs for every op: over one to three inputs, list comprehensions cost
        # less than generator expressions (any(), tuple(genexpr)).
        y = self.forward(*[x.data for x in inputs])
        needs = [x.requires_grad for x in inputs]
        record = mode.state.enabled and True in needs
        if type(y) is not tuple:
            out = make_tensor(y, record)
            if record:
                self._link(inputs, needs, (out,))
            return out
        outs = tuple([make_tensor(a, record) for a in y])
        if record:
            self._link(inputs, needs, outs)
        return outs

    def _link(self, inputs: tuple[Tensor, ...], needs: list[bool],
              outs: tuple[Tensor, ...]) -> None:
        self.inputs = inputs
        self.needs_input_grad = tuple(needs)
        self.generation = max([x.generation for x in inputs])
        for o in outs:
            if o.data.dtype.kind not in "fc":
                o.requires_grad = False  # indices, masks: no gradient flows
                continue
            o.grad_fn = self
            o.generation = self.generation + 1
        # Weak references: the outputs hold the Function, not the reverse,
        # so an unused graph is freed by reference counting alone.
        self.outputs = tuple([weakref.ref(o) for o in outs])
        self.output_specs = tuple([(o.data.shape, o.data.dtype) for o in outs])

    @property
    def output(self) -> Tensor:
        """The output Tensor (alive whenever this Function's backward runs)."""
        return self.outputs[0]()

    def forward(self, *xs: np.ndarray) -> Any:
        raise NotImplementedError

    def backward(self, *gys: Tensor) -> Any:
        raise NotImplementedError(f"{type(self).__name__} has no backward rule")

    @property
    def name(self) -> str:
        return type(self).__name__

    def __repr__(self) -> str:
        return f"<{self.name}Backward>"
