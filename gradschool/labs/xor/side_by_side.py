"""The XOR network in gs.nn beside its hand-written twin: build, copy weights, train both."""
from __future__ import annotations

from typing import Any

import numpy as np

import gradschool as gs
from gradschool.labs.contract import Progress

from . import from_scratch as scratch

F = gs.nn.functional


def make_model(hidden: int, activation: str = "tanh", dtype: str = "float64") -> gs.nn.Sequential:
    """The network in gs.nn: Linear(2, H) → tanh or σ → Linear(H, 1) (the logit z2).

    Weights get gs.nn.Linear's own initialisation, U(-1/√fan_in, 1/√fan_in).
    """
    layers = {"tanh": gs.nn.Tanh, "sigmoid": gs.nn.Sigmoid}
    if activation not in layers:
        raise ValueError(f"xor: activation must be 'tanh' or 'sigmoid', got {activation!r}")
    return gs.nn.Sequential(gs.nn.Linear(2, hidden, dtype=dtype), layers[activation](),
                            gs.nn.Linear(hidden, 1, dtype=dtype))


def params_of(model: gs.nn.Sequential) -> scratch.Params:
    """Copies of the model's weights as the NumPy network's W1, b1, W2, b2."""
    first, last = model[0], model[2]
    return {"W1": first.weight.data.copy(), "b1": first.bias.data.copy(),
            "W2": last.weight.data.copy(), "b2": last.bias.data.copy()}


def autograd_grads(model: gs.nn.Sequential) -> scratch.Params:
    """The .grad arrays autograd left on the model, under the NumPy network's names."""
    first, last = model[0], model[2]
    return {"W1": first.weight.grad.data, "b1": first.bias.grad.data,
            "W2": last.weight.grad.data, "b2": last.bias.grad.data}


def max_abs_diff(a: scratch.Params, b: scratch.Params) -> float:
    """max over every parameter and entry of |a - b|."""
    return max(float(np.max(np.abs(a[name] - b[name]))) for name in scratch.PARAM_NAMES)


def train_side_by_side(model: gs.nn.Sequential, lr: float, steps: int, activation: str,
                       progress: Progress) -> dict[str, Any]:
    """Train the NumPy network and the gs model from the same weights, step for step.

    Returns the loss curves of both (steps + 1 values: before each step and
    after the last), max |grad_manual - grad_autograd| at every step, and the
    trained NumPy parameters (the gs model is trained in place).
    """
    dtype = model[0].weight.dtype
    X, y = scratch.xor_data(dtype)
    Xt, yt = gs.tensor(X), gs.tensor(y)
    params = params_of(model)
    optimizer = gs.optim.SGD(model.parameters(), lr=lr)
    loss_manual, loss_autograd, grad_diff = [], [], []
    for _ in progress.track(range(steps), "training (NumPy and gs)"):
        cache = scratch.forward(params, X, activation)
        loss_manual.append(float(scratch.bce_loss(cache["z2"], y)))
        grads = scratch.backward(params, cache, X, y, activation)
        optimizer.zero_grad()
        loss = F.binary_cross_entropy_with_logits(model(Xt), yt)
        loss.backward()
        loss_autograd.append(loss.item())
        grad_diff.append(max_abs_diff(grads, autograd_grads(model)))
        scratch.sgd_step(params, grads, lr)
        optimizer.step()
    loss_manual.append(float(scratch.bce_loss(scratch.forward(params, X, activation)["z2"], y)))
    with gs.no_grad():
        loss_autograd.append(F.binary_cross_entropy_with_logits(model(Xt), yt).item())
    return {"loss_manual": loss_manual, "loss_autograd": loss_autograd,
            "grad_diff": grad_diff, "params": params}


def predict(model: gs.nn.Sequential, X: np.ndarray) -> np.ndarray:
    """p = σ(z2) for the rows of X, (N, 1), without recording a graph."""
    with gs.no_grad():
        return model(gs.tensor(X)).sigmoid().numpy()


def stacked_inits(hidden: int, n_seeds: int, activation: str, dtype: str) -> scratch.Params:
    """`n_seeds` fresh gs.nn initialisations of the 2-H-1 network, stacked: W1 (S, H, 2), ..."""
    inits = [params_of(make_model(hidden, activation, dtype)) for _ in range(n_seeds)]
    return {name: np.stack([p[name] for p in inits]) for name in scratch.PARAM_NAMES}
