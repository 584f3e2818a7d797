"""The maths of the `backprop` lab: a deep ReLU network, its hand-written backward, two checks.

Notation (Understanding Deep Learning, ch. 7). The network has K hidden
layers; layer k = 0..K maps h_k to the pre-activation

    f_k = β_k 1ᵀ + Ω_k h_k,          h_0 = X,   h_{k+1} = ReLU(f_k),

and its output is f_K. A batch of I input/target pairs is held as columns:
X is (D_i, I), Y is (D_o, I), f_k and h_{k+1} are (D_{k+1}, I), Ω_k is
(D_{k+1}, D_k) and β_k is (D_{k+1}, 1). The least-squares loss sums over
pairs and outputs:  ℓ = Σ_i ‖f_K[:, i] − Y[:, i]‖².

The backward pass runs the chain rule from the top, one matrix product per
layer:

    ∂ℓ/∂f_K  = 2 (f_K − Y)
    ∂ℓ/∂Ω_k  = ∂ℓ/∂f_k h_kᵀ              (summed over the batch by the product)
    ∂ℓ/∂β_k  = ∂ℓ/∂f_k 1                  (row sums)
    ∂ℓ/∂f_{k−1} = I[f_{k−1} > 0] ⊙ (Ω_kᵀ ∂ℓ/∂f_k)   (the ReLU derivative is a 0/1 mask)

Everything is float64 NumPy: the point is to write the backward by hand and
check it against central finite differences and against gs autograd.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

import gradschool as gs

TINY = np.finfo(np.float64).tiny


@dataclass
class Network:
    """Weights Ω_k (D_{k+1}, D_k) and biases β_k (D_{k+1}, 1), k = 0..K."""

    weights: list[np.ndarray]
    biases: list[np.ndarray]


@dataclass
class Gradients:
    """∂ℓ/∂Ω_k and ∂ℓ/∂β_k, the same shapes as the Network's weights and biases."""

    weights: list[np.ndarray]
    biases: list[np.ndarray]


def layer_sizes(D_i: int, D: int, K: int, D_o: int) -> list[int]:
    """[D_i, D, ..., D, D_o]: the input, K hidden widths, the output."""
    return [D_i] + [D] * K + [D_o]


def init_network(rng: np.random.Generator, sizes: list[int]) -> Network:
    """Every weight and bias drawn from N(0, 1), as in UDL notebook 7.2."""
    weights = [rng.standard_normal((n_out, n_in)) for n_in, n_out in zip(sizes, sizes[1:])]
    biases = [rng.standard_normal((n_out, 1)) for n_out in sizes[1:]]
    return Network(weights, biases)


def relu(f: np.ndarray) -> np.ndarray:
    """ReLU(f) = max(f, 0), elementwise."""
    return np.maximum(f, 0.0)


def relu_derivative(f: np.ndarray) -> np.ndarray:
    """dReLU/df = I[f > 0] (0 at the kink f = 0, as PyTorch's)."""
    return (f > 0).astype(np.float64)


def forward(net: Network, X: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Pre-activations [f_0..f_K] and activations [h_0 = X, h_1..h_K]; f_K is the output."""
    f: list[np.ndarray] = []
    h = [X]
    for k, (Omega, beta) in enumerate(zip(net.weights, net.biases)):
        f.append(beta + Omega @ h[k])
        if k < len(net.weights) - 1:
            h.append(relu(f[k]))
    return f, h


def least_squares(output: np.ndarray, Y: np.ndarray) -> float:
    """ℓ = Σ (f_K − Y)², over outputs and pairs."""
    return float(np.sum((output - Y) ** 2))


def loss(net: Network, X: np.ndarray, Y: np.ndarray) -> float:
    """ℓ(Ω, β) for the batch (X, Y): one forward pass."""
    f, _ = forward(net, X)
    return least_squares(f[-1], Y)


def backward(net: Network, f: list[np.ndarray], h: list[np.ndarray], Y: np.ndarray,
             relu_grad: Callable[[np.ndarray], np.ndarray] = relu_derivative) -> Gradients:
    """∂ℓ/∂Ω_k and ∂ℓ/∂β_k for every layer, from the stored f_k and h_k.

    `relu_grad` is the derivative of the activation; replacing it (say, by
    ones) gives a deliberately wrong backward, which the checks must catch.
    """
    K = len(net.weights) - 1
    dW: list[np.ndarray] = [np.empty(0)] * (K + 1)
    db: list[np.ndarray] = [np.empty(0)] * (K + 1)
    df = 2.0 * (f[K] - Y)                                   # ∂ℓ/∂f_K
    for k in range(K, -1, -1):
        dW[k] = df @ h[k].T                                 # ∂ℓ/∂Ω_k = ∂ℓ/∂f_k h_kᵀ
        db[k] = df.sum(axis=1, keepdims=True)               # ∂ℓ/∂β_k
        if k > 0:
            df = relu_grad(f[k - 1]) * (net.weights[k].T @ df)  # ∂ℓ/∂f_{k-1}
    return Gradients(dW, db)


def activation_pattern(net: Network, X: np.ndarray) -> np.ndarray:
    """Which hidden units are on, I[f_k > 0] for k < K, flattened: the network's linear region."""
    f, _ = forward(net, X)
    return np.concatenate([(f_k > 0).ravel() for f_k in f[:-1]])


def _central_difference(net: Network, X: np.ndarray, Y: np.ndarray, P: np.ndarray,
                        j: tuple[int, ...], step: float, pattern: np.ndarray,
                        min_step: float) -> tuple[float, bool]:
    """(ℓ(θ + h e_j) − ℓ(θ − h e_j)) / 2h for entry j of P; True if h had to shrink.

    A difference whose ends lie in another linear region (a unit switched on
    or off) straddles a kink and estimates nothing; h shrinks tenfold until
    both ends keep the activation pattern of θ.
    """
    value = P[j]
    shrunk = False
    while True:
        P[j] = value + step
        plus, plus_pattern = loss(net, X, Y), activation_pattern(net, X)
        P[j] = value - step
        minus, minus_pattern = loss(net, X, Y), activation_pattern(net, X)
        P[j] = value
        same_region = (np.array_equal(plus_pattern, pattern)
                       and np.array_equal(minus_pattern, pattern))
        if same_region or step / 10 < min_step:
            return (plus - minus) / (2 * step), shrunk
        step, shrunk = step / 10, True


def finite_difference_gradients(net: Network, X: np.ndarray, Y: np.ndarray, step: float,
                                min_step: float = 1e-10) -> tuple[Gradients, int]:
    """Central differences, one parameter at a time; returns the estimates and how many shrank.

    Along one parameter, ℓ is piecewise quadratic (the network is piecewise
    linear in it, the loss squares that), so inside one linear region the
    central difference has no truncation error: only round-off, about
    ε_mach·ℓ/h, which is why a fairly large step h works best. A step that
    would cross a ReLU kink is shrunk (see `_central_difference`).
    """
    pattern = activation_pattern(net, X)
    n_shrunk = 0

    def estimate(params: list[np.ndarray]) -> list[np.ndarray]:
        nonlocal n_shrunk
        grads = []
        for P in params:
            G = np.zeros_like(P)
            for j in np.ndindex(P.shape):
                G[j], shrunk = _central_difference(net, X, Y, P, j, step, pattern, min_step)
                n_shrunk += shrunk
            grads.append(G)
        return grads

    return Gradients(estimate(net.weights), estimate(net.biases)), n_shrunk


def autograd_gradients(net: Network, X: np.ndarray, Y: np.ndarray) -> Gradients:
    """The same network as gs.nn layers (float64, weights copied), differentiated by gs autograd.

    gs.nn.Linear holds one sample per row (y = x Wᵀ + b), so the batch goes
    in as Xᵀ (I, D_i); its weight has Ω_k's layout (out, in) already.
    """
    layers: list[gs.nn.Module] = []
    for k, (Omega, beta) in enumerate(zip(net.weights, net.biases)):
        linear = gs.nn.Linear(Omega.shape[1], Omega.shape[0], dtype=gs.float64)
        linear.weight.data[...] = Omega
        linear.bias.data[...] = beta[:, 0]
        layers.append(linear)
        if k < len(net.weights) - 1:
            layers.append(gs.nn.ReLU())
    model = gs.nn.Sequential(*layers)
    output = model(gs.tensor(X.T, dtype=gs.float64))
    gs.nn.functional.mse_loss(output, gs.tensor(Y.T, dtype=gs.float64), reduction="sum").backward()
    linears = [layer for layer in layers if isinstance(layer, gs.nn.Linear)]
    return Gradients([lin.weight.grad.numpy().copy() for lin in linears],
                     [lin.bias.grad.numpy().reshape(-1, 1).copy() for lin in linears])


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """‖a − b‖ / max(‖a‖, ‖b‖, tiny), with ‖·‖ the Frobenius norm of the whole array.

    Taken per array (one layer's weight gradient, say) rather than per entry:
    an entry that is nearly zero has a large *relative* error from round-off
    alone (|a_j − b_j| / max(|a_j|, |b_j|) → 1 as both → 0), which says
    nothing about the backward. Two exact zeros give 0, not 0/0.
    """
    scale = max(float(np.linalg.norm(a)), float(np.linalg.norm(b)), TINY)
    return float(np.linalg.norm(a - b)) / scale


def layer_errors(ours: Gradients, reference: Gradients) -> list[tuple[float, float]]:
    """(weight, bias) relative errors per layer, k = 0..K."""
    return [(relative_error(gW, rW), relative_error(gb, rb))
            for gW, rW, gb, rb in zip(ours.weights, reference.weights, ours.biases,
                                      reference.biases)]
