r"""The two classifiers in gs.nn and their training with Adam, recorded step by step.

    logistic regression:  z = w · x + b                                       (2 → 1)
    MLP:                  z = W₃ relu(W₂ relu(W₁ x + b₁) + b₂) + b₃           (2 → 16 → 16 → 1)
    p = σ(z),   L = −mean[y log p + (1 − y) log(1 − p)]   (binary cross-entropy on the logit z)

A point is classified 1 when z > 0 (p > 1/2): the decision boundary is the curve z(x) = 0,
a straight line for logistic regression and a bent one for the MLP.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

import gradschool as gs
from gradschool.labs.contract import Progress

F = gs.nn.functional

Weights = list[tuple[np.ndarray, np.ndarray]]
"""A network's parameters as [(W₁, b₁), (W₂, b₂), ...], W of shape (out, in) as in gs.nn.Linear."""


def make_mlp(hidden: int = 16, dtype: str = "float64") -> gs.nn.Sequential:
    """The MLP 2 → hidden → hidden → 1 with ReLU, gs.nn.Linear's initialisation."""
    return gs.nn.Sequential(
        gs.nn.Linear(2, hidden, dtype=dtype), gs.nn.ReLU(),
        gs.nn.Linear(hidden, hidden, dtype=dtype), gs.nn.ReLU(),
        gs.nn.Linear(hidden, 1, dtype=dtype))


def make_logistic(dtype: str = "float64") -> gs.nn.Sequential:
    """Logistic regression: one Linear(2, 1) giving the logit z."""
    return gs.nn.Sequential(gs.nn.Linear(2, 1, dtype=dtype))


def linear_layers(model: gs.nn.Sequential) -> list[gs.nn.Linear]:
    return [m for m in model if isinstance(m, gs.nn.Linear)]


def weights_of(model: gs.nn.Sequential) -> Weights:
    """Copies of every Linear layer's (weight, bias), in order."""
    return [(m.weight.data.copy(), m.bias.data.copy()) for m in linear_layers(model)]


def load_weights(model: gs.nn.Sequential, weights: Weights) -> gs.nn.Sequential:
    """Overwrite the model's Linear layers with `weights` (same shapes); returns the model."""
    layers = linear_layers(model)
    if [m.weight.shape for m in layers] != [W.shape for W, _ in weights]:
        raise ValueError(f"load_weights: the model's weights have shapes "
                         f"{[m.weight.shape for m in layers]}, got {[W.shape for W, _ in weights]}")
    for m, (W, b) in zip(layers, weights):
        m.weight.data[...] = W
        m.bias.data[...] = b
    return model


def logits(model: gs.nn.Sequential, X: np.ndarray) -> np.ndarray:
    """z (N,) for the rows of X, without recording a graph."""
    with gs.no_grad():
        return model(gs.tensor(X)).numpy()[:, 0]


def accuracy(z: np.ndarray, y: np.ndarray) -> float:
    """The fraction of points on the right side of the boundary: (z > 0) == (y == 1)."""
    return float(np.mean((z > 0) == (y == 1)))


@dataclass
class History:
    """One training run, recorded at every step t = 0 … steps (t updates done):
    loss, train and test accuracy; and p = σ(z) on a grid at the steps in `grids`."""

    loss: list[float] = field(default_factory=list)
    train_accuracy: list[float] = field(default_factory=list)
    test_accuracy: list[float] = field(default_factory=list)
    grids: dict[int, np.ndarray] = field(default_factory=dict)

    def steps_to(self, target: float = 1.0) -> int | None:
        """The first step t at which the training accuracy reaches `target`, or None."""
        hits = [t for t, a in enumerate(self.train_accuracy) if a >= target]
        return hits[0] if hits else None


def train_adam(model: gs.nn.Sequential, data: tuple[np.ndarray, ...], steps: int, lr: float,
               grid: np.ndarray, grid_steps: set[int], progress: Progress,
               what: str = "training") -> History:
    """Full-batch Adam(lr) on the binary cross-entropy for `steps` steps, recording History.

    data = (X, y, X_test, y_test). At every step t the forward pass that
    computes the loss also gives the training accuracy before the update.
    """
    X, y, X_test, y_test = data
    X_t, y_t = gs.tensor(X), gs.tensor(y[:, None].astype(X.dtype))
    optimizer = gs.optim.Adam(model.parameters(), lr=lr)
    history = History()
    for t in progress.track(range(steps + 1), what):
        if t in grid_steps:
            history.grids[t] = 1.0 / (1.0 + np.exp(-logits(model, grid)))
        history.test_accuracy.append(accuracy(logits(model, X_test), y_test))
        optimizer.zero_grad()
        z = model(X_t)
        loss = F.binary_cross_entropy_with_logits(z, y_t)
        history.loss.append(loss.item())
        history.train_accuracy.append(accuracy(z.detach().numpy()[:, 0], y))
        if t == steps:
            break
        loss.backward()
        optimizer.step()
    return history


def train_sgd(model: gs.nn.Sequential, X: np.ndarray, y: np.ndarray, steps: int,
              lr: float) -> list[float]:
    """Full-batch gradient descent θ ← θ − lr ∂L/∂θ (gs.optim.SGD); the loss before each step."""
    X_t, y_t = gs.tensor(X), gs.tensor(y[:, None].astype(X.dtype))
    optimizer = gs.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = F.binary_cross_entropy_with_logits(model(X_t), y_t)
        losses.append(loss.item())
        loss.backward()
        optimizer.step()
    return losses
