"""The backward walk: reverse-mode differentiation over the recorded graph.

Starting from the outputs with their seed gradients, Functions are visited
from the highest generation down (a heap, no recursion, so a chain of any
length works). Each visit sums the gradients arriving at the Function's
outputs (a reused tensor gets the sum over its uses), applies its backward
rule and passes the results to its inputs: leaves collect them, created
tensors pass them on to their own Function. With `create_graph=True` the
rules run while recording, so the gradients are themselves differentiable;
otherwise they run under `no_grad()`.
"""
from __future__ import annotations

import heapq
from collections.abc import Sequence
from typing import Any

import numpy as np

from . import mode
from .tensor import Tensor, make_tensor


def _seed(output: Tensor, gradient: Any) -> Tensor:
    if not isinstance(output, Tensor):
        raise TypeError(f"backward: outputs must be Tensors, got {type(output).__name__}")
    if not output.requires_grad:
        raise RuntimeError("backward: tensor does not require grad and has no grad_fn "
                           f"(shape {output.shape}); did you set requires_grad=True?")
    if gradient is None:
        if output.data.size != 1:
            raise RuntimeError(f"backward: grad can be implicitly created only for "
                               f"scalar outputs, got shape {output.shape}; pass gradient=")
        return make_tensor(np.ones_like(output.data))
    g = gradient if isinstance(gradient, Tensor) else Tensor(gradient, dtype=output.dtype)
    if g.shape != output.shape:
        raise RuntimeError(f"backward: gradient of shape {g.shape} does not match "
                           f"output of shape {output.shape}")
    return g


class _Sink:
    """Gradients that leave the walk: at leaves, or at tensors asked for."""

    def __init__(self, wanted: Sequence[Tensor] | None) -> None:
        self.keep = {id(t) for t in wanted} if wanted is not None else set()
        self.tensors: dict[int, Tensor] = {}
        self.grads: dict[int, Tensor] = {}

    def wants(self, t: Tensor) -> bool:
        return id(t) in self.keep or (not self.keep and t.grad_fn is None)

    def add(self, t: Tensor, g: Tensor) -> None:
        self.tensors[id(t)] = t
        _accumulate(self.grads, id(t), g)


def _accumulate(table: dict[int, Tensor], key: int, g: Tensor) -> None:
    """table[key] += g, where a missing entry counts as zero (a reused tensor's sum)."""
    previous = table.get(key)
    table[key] = g if previous is None else previous + g


def run_backward(outputs: Sequence[Tensor], gradients: Sequence[Any],
                 retain_graph: bool, create_graph: bool,
                 wanted: Sequence[Tensor] | None = None) -> _Sink:
    """Propagate gradients from `outputs` back through the graph.

    Collects the gradient of every leaf (or, when `wanted` is given, of those
    tensors only, leaves or not); retained non-leaves get `.grad` on the way.
    """
    sink = _Sink(wanted)
    pending: dict[int, Tensor] = {}  # id(tensor) -> gradient summed so far
    heap: list[tuple[int, int, Any]] = []
    queued: set[int] = set()
    visited: list[Any] = []
    # grad(): run only the Functions that lead to a wanted tensor, as PyTorch
    # does; the rest of the graph is neither computed nor freed.
    leading = None if wanted is None else _leading_to(outputs, sink.keep)

    def reach(t: Tensor, g: Tensor) -> None:
        if sink.wants(t):
            sink.add(t, g)
        f = t.grad_fn
        if f is None or (leading is not None and id(f) not in leading):
            return
        _accumulate(pending, id(t), g)
        if id(f) not in queued:
            queued.add(id(f))
            heapq.heappush(heap, (-f.generation, len(queued), f))

    with mode.set_grad_enabled(create_graph):
        for out, g in zip(outputs, gradients):
            reach(out, _seed(out, g))
        while heap:
            f = heapq.heappop(heap)[2]
            if f.inputs is None:
                raise RuntimeError(
                    f"backward: trying to backward through {f!r} a second time, but its "
                    "saved tensors were freed after the first backward. Pass "
                    "retain_graph=True to the first backward() or grad() to keep them.")
            visited.append(f)
            gxs = f.backward(*_output_grads(f, pending, create_graph))
            if type(gxs) is not tuple:
                gxs = (gxs,)
            for x, gx, needed in zip(f.inputs, gxs, f.needs_input_grad):
                if needed and gx is not None:
                    reach(x, gx)
    if not retain_graph:
        for f in visited:
            f.inputs = None
    return sink


def _leading_to(outputs: Sequence[Tensor], wanted: set[int]) -> set[int]:
    """ids of the Functions on some path from `outputs` back to a wanted tensor."""
    found: dict[int, Any] = {}
    stack = [o.grad_fn for o in outputs if isinstance(o, Tensor) and o.grad_fn is not None]
    while stack:
        f = stack.pop()
        if id(f) in found:
            continue
        found[id(f)] = f
        if f.inputs is not None:
            stack.extend(x.grad_fn for x, needed in zip(f.inputs, f.needs_input_grad)
                         if needed and x.grad_fn is not None)
    leading: set[int] = set()
    for f in sorted(found.values(), key=lambda f: f.generation):  # creators first
        # A freed Function's inputs are unknown: keep it, so that the walk
        # reports the freed graph rather than silently skipping a path.
        if f.inputs is None or any(
                needed and (id(x) in wanted or id(x.grad_fn) in leading)
                for x, needed in zip(f.inputs, f.needs_input_grad)):
            leading.add(id(f))
    return leading


def _output_grads(f: Any, pending: dict[int, Tensor], create_graph: bool) -> list[Tensor]:
    """The summed gradient of each output of `f` (zeros for unused outputs).

    A tensor that `retain_grad()` was called on accumulates its gradient in
    `.grad`, as a leaf does.
    """
    gys = []
    for ref, (shape, dtype) in zip(f.outputs, f.output_specs):
        y = ref()
        g = pending.pop(id(y), None) if y is not None else None
        if g is None:
            g = make_tensor(np.zeros(shape, dtype))
        elif y._retains_grad:
            kept = g if create_graph else make_tensor(np.array(g.data))
            y.grad = kept if y.grad is None else y.grad + kept
        gys.append(g)
    return gys


def _as_list(x: Any) -> list:
    if x is None:
        return []
    return list(x) if isinstance(x, (list, tuple)) else [x]


def backward(outputs: Any, grad_tensors: Any = None, retain_graph: bool | None = None,
             create_graph: bool = False) -> None:
    """Accumulate d(outputs)/d(leaf) into `.grad` of every leaf that requires grad."""
    outputs = _as_list(outputs)
    gradients = _as_list(grad_tensors) or [None] * len(outputs)
    retain = create_graph if retain_graph is None else retain_graph
    sink = run_backward(outputs, gradients, retain, create_graph)
    # A leaf's first .grad must own its array: the walk may hand the same
    # array to several leaves (z = a + b), a read-only broadcast view, or the
    # caller's own seed gradient, and optimizers change .grad in place.
    shared = {id(g.data) for g in gradients if isinstance(g, Tensor)}
    for key, g in sink.grads.items():
        leaf = sink.tensors[key]
        if g.dtype != leaf.dtype:
            g = g.to(leaf.dtype)
        if create_graph:
            leaf.grad = g if leaf.grad is None else leaf.grad + g
        elif leaf.grad is None:
            data = g.data
            if data.base is not None or not data.flags.writeable or id(data) in shared:
                data = np.array(data)
            shared.add(id(data))
            leaf.grad = make_tensor(data)
        else:
            leaf.grad = make_tensor(leaf.grad.data + g.data)


def grad(outputs: Any, inputs: Any, grad_outputs: Any = None,
         retain_graph: bool | None = None, create_graph: bool = False,
         allow_unused: bool = False) -> tuple[Tensor | None, ...]:
    """Return d(outputs)/d(inputs) without touching any `.grad`, as torch.autograd.grad.

    With `create_graph=True` the returned gradients are part of a new graph,
    so they can be differentiated again (Hessian-vector products, second
    derivatives).
    """
    outputs = _as_list(outputs)
    inputs = _as_list(inputs)
    gradients = _as_list(grad_outputs) or [None] * len(outputs)
    for x in inputs:
        if not isinstance(x, Tensor) or not x.requires_grad:
            raise RuntimeError("grad: every input must be a Tensor that requires grad")
    retain = create_graph if retain_graph is None else retain_graph
    sink = run_backward(outputs, gradients, retain, create_graph, wanted=inputs)
    result = []
    for i, x in enumerate(inputs):
        g = sink.grads.get(id(x))
        if g is None and not allow_unused:
            raise RuntimeError(f"grad: input {i} (shape {x.shape}) was not used to compute "
                               "the outputs; pass allow_unused=True to get None for it")
        if g is not None and g.dtype != x.dtype:
            g = g.to(x.dtype)
        result.append(g)
    return tuple(result)
