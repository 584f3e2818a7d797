"""The maths of the `chain-rule` lab: one toy model, its gradient four ways.

The model (Understanding Deep Learning, §7.3) and its least-squares loss:

    f = b3 + w3·cos(b2 + w2·exp(b1 + w1·sin(b0 + w0·x))),      ℓ = (f − y)²

written as a chain of pre-activations f_k and activations h_k (h_0 = x):

    f0 = b0 + w0·x     h1 = sin f0
    f1 = b1 + w1·h1    h2 = exp f1
    f2 = b2 + w2·h2    h3 = cos f2
    f3 = b3 + w3·h3    ℓ  = (f3 − y)²

The backward pass walks the chain from the loss to the input:

    ∂ℓ/∂f3 = 2(f3 − y)
    ∂ℓ/∂h3 = w3·∂ℓ/∂f3        ∂ℓ/∂f2 = −sin f2 · ∂ℓ/∂h3
    ∂ℓ/∂h2 = w2·∂ℓ/∂f2        ∂ℓ/∂f1 =  exp f1 · ∂ℓ/∂h2
    ∂ℓ/∂h1 = w1·∂ℓ/∂f1        ∂ℓ/∂f0 =  cos f0 · ∂ℓ/∂h1

and every parameter's derivative is read off its layer's ∂ℓ/∂f_k:

    ∂ℓ/∂b_k = ∂ℓ/∂f_k,        ∂ℓ/∂w_k = h_k · ∂ℓ/∂f_k.

Here the gradient is computed by hand (this file, with `math`), by the scalar
engine (`gradschool.scalar.Value`), by the Tensor engine (float64) and by
central finite differences.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import gradschool as gs
from gradschool.scalar import Value

PARAMETERS = ("b0", "b1", "b2", "b3", "w0", "w1", "w2", "w3")
FORWARD_NAMES = ("f0", "h1", "f1", "h2", "f2", "h3", "f3", "loss")
BACKWARD_NAMES = ("dl/df3", "dl/dh3", "dl/df2", "dl/dh2", "dl/df1", "dl/dh1", "dl/df0")


def chain(b: Sequence[Any], w: Sequence[Any], x: Any, y: Any) -> dict[str, Any]:
    """The model's forward pass for anything with +, *, ** and .sin/.exp/.cos (Value, Tensor).

    Returns every intermediate by name: "w0 x", f0, h1, "w1 h1", f1, …, f3, "f3 - y", loss.
    """
    w0x = w[0] * x
    f0 = b[0] + w0x
    h1 = f0.sin()
    w1h1 = w[1] * h1
    f1 = b[1] + w1h1
    h2 = f1.exp()
    w2h2 = w[2] * h2
    f2 = b[2] + w2h2
    h3 = f2.cos()
    w3h3 = w[3] * h3
    f3 = b[3] + w3h3
    residual = f3 - y
    loss = residual ** 2
    return {"w0 x": w0x, "f0": f0, "h1": h1, "w1 h1": w1h1, "f1": f1, "h2": h2,
            "w2 h2": w2h2, "f2": f2, "h3": h3, "w3 h3": w3h3, "f3": f3,
            "f3 - y": residual, "loss": loss}


# ----- by hand -------------------------------------------------------------------
def forward_by_hand(b: Sequence[float], w: Sequence[float], x: float,
                    y: float) -> dict[str, float]:
    """f0, h1, f1, h2, f2, h3, f3 and the loss, with Python floats and `math`."""
    f0 = b[0] + w[0] * x
    h1 = math.sin(f0)
    f1 = b[1] + w[1] * h1
    h2 = math.exp(f1)
    f2 = b[2] + w[2] * h2
    h3 = math.cos(f2)
    f3 = b[3] + w[3] * h3
    return {"f0": f0, "h1": h1, "f1": f1, "h2": h2, "f2": f2, "h3": h3, "f3": f3,
            "loss": (f3 - y) ** 2}


def backward_by_hand(forward: dict[str, float], w: Sequence[float],
                     y: float) -> dict[str, float]:
    """∂ℓ/∂f3, ∂ℓ/∂h3, ∂ℓ/∂f2, …, ∂ℓ/∂f0: the chain rule, one link at a time."""
    d: dict[str, float] = {}
    d["dl/df3"] = 2.0 * (forward["f3"] - y)
    d["dl/dh3"] = w[3] * d["dl/df3"]
    d["dl/df2"] = -math.sin(forward["f2"]) * d["dl/dh3"]
    d["dl/dh2"] = w[2] * d["dl/df2"]
    d["dl/df1"] = math.exp(forward["f1"]) * d["dl/dh2"]
    d["dl/dh1"] = w[1] * d["dl/df1"]
    d["dl/df0"] = math.cos(forward["f0"]) * d["dl/dh1"]
    return d


def parameter_grads_by_hand(forward: dict[str, float], backward: dict[str, float],
                            x: float) -> dict[str, float]:
    """∂ℓ/∂b_k = ∂ℓ/∂f_k and ∂ℓ/∂w_k = h_k·∂ℓ/∂f_k (with h_0 = x)."""
    h = [x, forward["h1"], forward["h2"], forward["h3"]]
    df = [backward[f"dl/df{k}"] for k in range(4)]
    grads = {f"b{k}": df[k] for k in range(4)}
    grads.update({f"w{k}": h[k] * df[k] for k in range(4)})
    return {name: grads[name] for name in PARAMETERS}


# ----- by the engines ------------------------------------------------------------
def scalar_graph(b: Sequence[float], w: Sequence[float], x: float,
                 y: float) -> tuple[Value, dict[str, Value]]:
    """The loss as a graph of labelled `Value`s, after `backward()`; also the leaves by name."""
    leaves = {f"b{k}": Value(b[k], label=f"b{k}") for k in range(4)}
    leaves.update({f"w{k}": Value(w[k], label=f"w{k}") for k in range(4)})
    leaves["x"], leaves["y"] = Value(x, label="x"), Value(y, label="y")
    nodes = chain([leaves[f"b{k}"] for k in range(4)], [leaves[f"w{k}"] for k in range(4)],
                  leaves["x"], leaves["y"])
    for name, node in nodes.items():
        node.label = name
    nodes["loss"].backward()
    return nodes["loss"], leaves


def grads_scalar_engine(b: Sequence[float], w: Sequence[float], x: float,
                        y: float) -> dict[str, float]:
    """∂ℓ/∂θ from `Value.backward()`."""
    _, leaves = scalar_graph(b, w, x, y)
    return {name: leaves[name].grad for name in PARAMETERS}


def grads_tensor_engine(b: Sequence[float], w: Sequence[float], x: float,
                        y: float) -> dict[str, float]:
    """∂ℓ/∂θ from gs autograd, with b and w as float64 vectors that require grad."""
    b_t = gs.tensor(list(b), dtype=gs.float64, requires_grad=True)
    w_t = gs.tensor(list(w), dtype=gs.float64, requires_grad=True)
    chain(b_t, w_t, x, y)["loss"].backward()
    grads = {f"b{k}": float(b_t.grad.data[k]) for k in range(4)}
    grads.update({f"w{k}": float(w_t.grad.data[k]) for k in range(4)})
    return {name: grads[name] for name in PARAMETERS}


# ----- by finite differences -------------------------------------------------------
def grads_finite_difference(b: Sequence[float], w: Sequence[float], x: float, y: float,
                            step: float) -> dict[str, float]:
    """(ℓ(θ + h e_j) − ℓ(θ − h e_j)) / 2h for each parameter: error O(h²) + O(ε_mach·ℓ/h)."""
    params = {name: float(v) for name, v in zip(PARAMETERS, (*b, *w))}

    def loss_at(p: dict[str, float]) -> float:
        return forward_by_hand([p[f"b{k}"] for k in range(4)], [p[f"w{k}"] for k in range(4)],
                               x, y)["loss"]

    grads = {}
    for name in PARAMETERS:
        plus, minus = dict(params), dict(params)
        plus[name] += step
        minus[name] -= step
        grads[name] = (loss_at(plus) - loss_at(minus)) / (2 * step)
    return grads


def max_abs_disagreement(methods: dict[str, dict[str, float]]) -> dict[str, float]:
    """max over parameters of |g_A − g_B|, for every pair of methods "A vs B"."""
    names = list(methods)
    return {f"{a} vs {c}": max(abs(methods[a][p] - methods[c][p]) for p in PARAMETERS)
            for i, a in enumerate(names) for c in names[i + 1:]}
