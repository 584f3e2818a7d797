r"""The course's object-oriented network, written out in plain NumPy.

Each layer is an object that holds its parameters and knows its own two
passes: `forward` computes the output and keeps what the backward pass will
need; `backward` receives ∂L/∂(output) and returns ∂L/∂(input), storing the
gradients of its parameters on the way. A `NeuralNetwork` chains the layers
(forward left to right, backward right to left) and runs the training loop.
Losses and their derivatives are pure functions of arrays.

Rows are samples, as in gs.nn: X (N, n_in) → Z (N, n_out).

    DenseLayer:  Z = X Wᵀ + b         ∂L/∂W = (∂L/∂Z)ᵀ X,  ∂L/∂b = Σ_rows ∂L/∂Z,  ∂L/∂X = ∂L/∂Z W
    ReLU:        A = max(0, Z)        ∂L/∂Z = ∂L/∂A ⊙ [Z > 0]
    Sigmoid:     A = σ(Z)             ∂L/∂Z = ∂L/∂A ⊙ A (1 − A)

gs.nn is the same design with autograd writing every `backward` method.
"""
from __future__ import annotations

import numpy as np

# ----- losses and their derivatives: pure functions -----------------------------


def sigmoid(z: np.ndarray) -> np.ndarray:
    """σ(z) = 1 / (1 + e^−z), evaluated without overflow for large |z|."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def bce_with_logits(z: np.ndarray, y: np.ndarray) -> float:
    """L = mean over i of −[yᵢ log σ(zᵢ) + (1 − yᵢ) log(1 − σ(zᵢ))]
         = mean of max(zᵢ, 0) − zᵢ yᵢ + log(1 + e^−|zᵢ|)     (the stable form), z, y (N,)."""
    return float(np.mean(np.maximum(z, 0.0) - z * y + np.log1p(np.exp(-np.abs(z)))))


def bce_with_logits_derivative(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """∂L/∂zᵢ = (σ(zᵢ) − yᵢ) / N for the mean loss above; (N,)."""
    return (sigmoid(z) - y) / z.shape[0]


# ----- layers --------------------------------------------------------------------


class DenseLayer:
    """A fully connected layer Z = X Wᵀ + b: W (n_out, n_in), b (n_out,) — gs.nn.Linear's layout."""

    def __init__(self, W: np.ndarray, b: np.ndarray) -> None:
        if W.ndim != 2 or b.shape != (W.shape[0],):
            raise ValueError(f"DenseLayer: need W (n_out, n_in) and b (n_out,), got shapes "
                             f"{W.shape} and {b.shape}")
        self.W, self.b = np.array(W, dtype=np.float64), np.array(b, dtype=np.float64)
        self.dW, self.db = np.zeros_like(self.W), np.zeros_like(self.b)
        self.X: np.ndarray | None = None

    def forward(self, X: np.ndarray) -> np.ndarray:
        """Z = X Wᵀ + b, (N, n_in) → (N, n_out); keeps X for the backward pass."""
        self.X = X
        return X @ self.W.T + self.b

    def backward(self, dZ: np.ndarray) -> np.ndarray:
        """Store ∂L/∂W = dZᵀ X and ∂L/∂b = Σ_rows dZ; return ∂L/∂X = dZ W, (N, n_in)."""
        if self.X is None:
            raise RuntimeError("DenseLayer.backward: call forward first")
        self.dW = dZ.T @ self.X
        self.db = dZ.sum(axis=0)
        return dZ @ self.W

    def step(self, lr: float) -> None:
        """One gradient-descent step on the parameters: W ← W − lr ∂L/∂W, b ← b − lr ∂L/∂b."""
        self.W -= lr * self.dW
        self.b -= lr * self.db


class ReLU:
    """A = max(0, Z), elementwise; its derivative is 1 where Z > 0 and 0 elsewhere."""

    def forward(self, Z: np.ndarray) -> np.ndarray:
        self.mask = Z > 0
        return np.where(self.mask, Z, 0.0)

    def backward(self, dA: np.ndarray) -> np.ndarray:
        return dA * self.mask


class Sigmoid:
    """A = σ(Z), elementwise; its derivative is A (1 − A)."""

    def forward(self, Z: np.ndarray) -> np.ndarray:
        self.A = sigmoid(Z)
        return self.A

    def backward(self, dA: np.ndarray) -> np.ndarray:
        return dA * self.A * (1.0 - self.A)


# ----- the network ----------------------------------------------------------------


class NeuralNetwork:
    """Layers applied in order; the last one gives the logit z (N, 1).

    `train` runs full-batch gradient descent on the binary cross-entropy:
    forward, loss, ∂L/∂z, backward through every layer, step.
    """

    def __init__(self, layers: list) -> None:
        self.layers = list(layers)

    def forward(self, X: np.ndarray) -> np.ndarray:
        for layer in self.layers:
            X = layer.forward(X)
        return X

    def backward(self, dZ: np.ndarray) -> np.ndarray:
        for layer in reversed(self.layers):
            dZ = layer.backward(dZ)
        return dZ

    def step(self, lr: float) -> None:
        for layer in self.layers:
            if isinstance(layer, DenseLayer):
                layer.step(lr)

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """p = σ(z) (N,)."""
        return Sigmoid().forward(self.forward(X))[:, 0]

    def train(self, X: np.ndarray, y: np.ndarray, lr: float, steps: int) -> list[float]:
        """`steps` steps of gradient descent on L(z, y); returns the loss before each step."""
        losses = []
        for _ in range(steps):
            z = self.forward(X)[:, 0]
            losses.append(bce_with_logits(z, y))
            self.backward(bce_with_logits_derivative(z, y)[:, None])
            self.step(lr)
        return losses


def network_from(weights: list[tuple[np.ndarray, np.ndarray]]) -> NeuralNetwork:
    """DenseLayers from [(W, b), ...] with a ReLU between consecutive ones (none after the last)."""
    layers: list = []
    for i, (W, b) in enumerate(weights):
        if i > 0:
            layers.append(ReLU())
        layers.append(DenseLayer(W, b))
    return NeuralNetwork(layers)
