"""A 2-H-1 network for XOR written from scratch in NumPy: forward, loss, backward by hand.

For one input x ∈ R² (a row of X) and target y ∈ {0, 1}:

    z1 = W1 x + b1          W1: (H, 2), b1: (H,)   z1, a1: (H,)
    a1 = f(z1)              f = tanh or the logistic sigmoid σ
    z2 = W2 a1 + b2         W2: (1, H), b2: (1,)   z2: (1,)
    p  = σ(z2)
    L  = -[y log p + (1 - y) log(1 - p)]   averaged over the N inputs

and the chain rule, written out one line per node:

    ∂L/∂z2 = (p - y) / N                       (σ and the cross-entropy cancel)
    ∂L/∂W2 = Σₙ ∂L/∂z2 a1ᵀ     ∂L/∂b2 = Σₙ ∂L/∂z2
    ∂L/∂a1 = W2ᵀ ∂L/∂z2
    ∂L/∂z1 = ∂L/∂a1 ⊙ f'(z1)   f' = 1 - a1² (tanh), a1 (1 - a1) (σ)
    ∂L/∂W1 = Σₙ ∂L/∂z1 xᵀ      ∂L/∂b1 = Σₙ ∂L/∂z1

The N inputs are the rows of X (N, 2), so per-sample column vectors become
rows: z1 = X W1ᵀ + b1 has shape (N, H). Every array of parameters may carry
leading batch dimensions (W1: (..., H, 2), ...), which trains many networks
at once with the same code: the seed sweep uses this.
"""
from __future__ import annotations

import numpy as np

Params = dict[str, np.ndarray]
PARAM_NAMES = ("W1", "b1", "W2", "b2")


def xor_data(dtype: str = "float64") -> tuple[np.ndarray, np.ndarray]:
    """The four XOR points X (4, 2) and their targets y (4, 1): y = x₁ XOR x₂."""
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=dtype)
    y = np.array([[0], [1], [1], [0]], dtype=dtype)
    return X, y


def sigmoid(z: np.ndarray) -> np.ndarray:
    """σ(z) = 1 / (1 + e^(-z)), written so that no exponential overflows."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def activation(z: np.ndarray, name: str) -> np.ndarray:
    """a = f(z) for f = 'tanh' or 'sigmoid'."""
    if name == "tanh":
        return np.tanh(z)
    if name == "sigmoid":
        return sigmoid(z)
    raise ValueError(f"activation: expected 'tanh' or 'sigmoid', got {name!r}")


def activation_slope(a: np.ndarray, name: str) -> np.ndarray:
    """f'(z) written with a = f(z): 1 - a² for tanh, a (1 - a) for σ."""
    return 1 - a * a if name == "tanh" else a * (1 - a)


def forward(params: Params, X: np.ndarray, act: str = "tanh") -> dict[str, np.ndarray]:
    """The forward pass, keeping what backward needs: z1, a1 (..., N, H), z2, p (..., N, 1)."""
    z1 = X @ params["W1"].swapaxes(-1, -2) + params["b1"][..., None, :]
    a1 = activation(z1, act)
    z2 = a1 @ params["W2"].swapaxes(-1, -2) + params["b2"][..., None, :]
    return {"z1": z1, "a1": a1, "z2": z2, "p": sigmoid(z2)}


def bce_loss(z2: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Mean binary cross-entropy from the logits: L = mean(log(1 + e^z2) - y z2), shape (...)."""
    return (np.logaddexp(0, z2) - y * z2).mean(axis=(-2, -1))


def backward(params: Params, cache: dict[str, np.ndarray], X: np.ndarray, y: np.ndarray,
             act: str = "tanh") -> Params:
    """∂L/∂W1, ∂L/∂b1, ∂L/∂W2, ∂L/∂b2 by the chain rule of the module docstring."""
    n = X.shape[0]
    a1 = cache["a1"]
    dz2 = (cache["p"] - y) / n                              # (..., N, 1)
    dW2 = dz2.swapaxes(-1, -2) @ a1                         # (..., 1, H)
    db2 = dz2.sum(axis=-2)                                  # (..., 1)
    da1 = dz2 @ params["W2"]                                # (..., N, H)
    dz1 = da1 * activation_slope(a1, act)                   # (..., N, H)
    dW1 = dz1.swapaxes(-1, -2) @ X                          # (..., H, 2)
    db1 = dz1.sum(axis=-2)                                  # (..., H)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def sgd_step(params: Params, grads: Params, lr: float) -> None:
    """θ ← θ - lr ∂L/∂θ for every parameter, in place."""
    for name in PARAM_NAMES:
        params[name] -= lr * grads[name]


def train(params: Params, X: np.ndarray, y: np.ndarray, lr: float, steps: int,
          act: str = "tanh") -> tuple[Params, np.ndarray]:
    """Full-batch gradient descent for `steps` steps on copies of `params`.

    Returns the trained parameters and the loss before each step, (steps, ...).
    """
    params = {name: params[name].copy() for name in PARAM_NAMES}
    losses = []
    for _ in range(steps):
        cache = forward(params, X, act)
        losses.append(bce_loss(cache["z2"], y))
        sgd_step(params, backward(params, cache, X, y, act), lr)
    return params, np.array(losses)


def is_solved(p: np.ndarray, y: np.ndarray, margin: float) -> np.ndarray:
    """True where every point is on its side of 1/2 by at least `margin`.

    That is max over the points of |p - y| < 1/2 - margin; shape (...).
    """
    return np.abs(p - y).max(axis=(-2, -1)) < 0.5 - margin
