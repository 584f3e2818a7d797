"""The notebook's model and training loop: an MLP 40 → h → h → 10 trained by SGD with momentum.

    z₁ = W₁ x + b₁,  a₁ = ReLU(z₁)        W₁: (h, 40)
    z₂ = W₂ a₁ + b₂, a₂ = ReLU(z₂)        W₂: (h, h)
    z₃ = W₃ a₂ + b₃                       W₃: (10, h)   (the logits)

Weights are drawn by `kaiming_uniform_` with PyTorch's default arguments
(a = 0, fan_in, leaky_relu: U(-√(6/fan_in), √(6/fan_in))) and the biases are
0, as UDL notebook 8.3's `weights_init`. The loss is the mean cross-entropy
of a batch; the optimizer is SGD with momentum (`gs.optim.SGD`). One epoch
visits the training set once in the order of a permutation drawn from the
cell's generator, in batches of `batch_size` (the last one shorter if the
size does not divide), as `DataLoader(..., shuffle=True)` does.
"""
from __future__ import annotations

import numpy as np

import gradschool as gs

N_INPUTS = 40
N_CLASSES = 10


def param_count(h: int) -> int:
    """Weights and biases of the MLP 40 → h → h → 10: (40h + h) + (h² + h) + (10h + 10)
    = h² + 52h + 10."""
    return h * h + 52 * h + 10


def build_mlp(h: int, rng: np.random.Generator) -> gs.nn.Sequential:
    """The notebook's MLP of width `h`, its weights drawn from `rng` (kaiming_uniform_
    with the default a = 0, mode fan_in, nonlinearity leaky_relu), its biases 0."""
    if isinstance(h, bool) or not isinstance(h, (int, np.integer)) or h < 1:
        raise ValueError(f"build_mlp: width h must be an int >= 1, got {h!r}")
    model = gs.nn.Sequential(
        gs.nn.Linear(N_INPUTS, h), gs.nn.ReLU(),
        gs.nn.Linear(h, h), gs.nn.ReLU(),
        gs.nn.Linear(h, N_CLASSES),
    )
    for layer in model:
        if isinstance(layer, gs.nn.Linear):
            gs.nn.init.kaiming_uniform_(layer.weight, generator=rng)
            gs.nn.init.zeros_(layer.bias)
    return model


def epoch_order(n: int, rng: np.random.Generator) -> np.ndarray:
    """The order in which one epoch visits the n training samples: a fresh permutation."""
    return rng.permutation(n)


def train_epoch(model: gs.nn.Module, optimizer: gs.optim.Optimizer, x: np.ndarray,
                y: np.ndarray, order: np.ndarray, batch_size: int) -> np.ndarray:
    """One pass of SGD over the batches x[order[k:k+B]], k = 0, B, 2B, ...

    x: (n, 40) float32, y: (n,) int64 labels, order: (n,) a permutation.
    Returns the loss of each batch (before its update), shape (⌈n / B⌉,).
    """
    losses = []
    for start in range(0, len(order), batch_size):
        idx = order[start:start + batch_size]
        loss = gs.nn.functional.cross_entropy(model(gs.tensor(x[idx])), gs.tensor(y[idx]))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(float(loss.data))
    return np.asarray(losses)


def evaluate(model: gs.nn.Module, x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """(error in %, mean cross-entropy) of the model on all of (x, y), without a graph.

    error = 100 · (1 − accuracy), the notebook's `100 - 100 * correct / n`.
    """
    with gs.no_grad():
        logits = model(gs.tensor(x))
        loss = gs.nn.functional.cross_entropy(logits, gs.tensor(y))
    predicted = logits.data.argmax(axis=1)
    return 100.0 * float(np.mean(predicted != y)), float(loss.data)
