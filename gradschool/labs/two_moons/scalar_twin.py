r"""The same MLP on the scalar engine (`gradschool.scalar`, after micrograd): one Value per
number, the loss built sample by sample, the gradient by `loss.backward()`.

micrograd's own demo trains MLP(2, [16, 16, 1]) on two moons; here it starts
from the gs.nn model's weights and uses the same loss and update as the
tensor version (mean binary cross-entropy on the logit, full-batch gradient
descent), so the two must give the same loss at every step, up to the order
in which the floating-point sums are done.
"""
from __future__ import annotations

import numpy as np

from gradschool.labs.contract import Progress, SilentProgress
from gradschool.random import fork_rng, manual_seed
from gradschool.scalar import MLP, Value


def scalar_mlp_from(weights: list[tuple[np.ndarray, np.ndarray]]) -> MLP:
    """A gs.scalar MLP with the layer sizes and the values of [(W, b), ...] (W (out, in)).

    `MLP` draws its own weights from gradschool's generator; that draw runs on a
    throw-away generator inside `fork_rng`, so the caller's is left as it was, and
    the weights drawn are then overwritten.
    """
    nin = weights[0][0].shape[1]
    with fork_rng():
        manual_seed(0)
        mlp = MLP(nin, [W.shape[0] for W, _ in weights])
    for layer, (W, b) in zip(mlp.layers, weights):
        for j, neuron in enumerate(layer.neurons):
            for i, w in enumerate(neuron.w):
                w.data = float(W[j, i])
            neuron.b.data = float(b[j])
    return mlp


def bce_with_logits_value(z: Value, y: float) -> Value:
    """max(z, 0) − z y + log(1 + e^−|z|) as Values, the branch picked by the sign of z
    (both branches are the same function; each exponentiates only a number ≤ 0)."""
    if z.data >= 0:
        return z * (1.0 - y) + (1.0 + (-z).exp()).log()
    return -z * y + (1.0 + z.exp()).log()


def scalar_loss(mlp: MLP, X: np.ndarray, y: np.ndarray) -> Value:
    """L = (1/N) Σᵢ bce(z(xᵢ), yᵢ), one graph of Values over all N samples."""
    total = Value(0.0)
    for x_i, y_i in zip(X.tolist(), y.tolist()):
        total = total + bce_with_logits_value(mlp(x_i), float(y_i))
    return total / len(X)


def train_scalar(mlp: MLP, X: np.ndarray, y: np.ndarray, steps: int, lr: float,
                 progress: Progress | None = None) -> list[float]:
    """Full-batch gradient descent p ← p − lr ∂L/∂p on every Value parameter; the loss
    before each step."""
    progress = progress or SilentProgress()
    losses = []
    for _ in progress.track(range(steps), "scalar engine"):
        loss = scalar_loss(mlp, X, y)
        losses.append(loss.data)
        mlp.zero_grad()
        loss.backward()
        for p in mlp.parameters():
            p.data -= lr * p.grad
    return losses
