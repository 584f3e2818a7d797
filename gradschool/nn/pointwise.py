"""Elementwise Functions that nn needs and the engine does not have.

Each is a `Function`: a NumPy forward and a backward written in Tensor
operations, so it can be differentiated again (`create_graph=True`). They are
Functions rather than compositions where a composition would be unstable or
wrong at a point: the binary cross-entropies at probabilities 0 and 1 or at
huge logits, GELU's Φ, the kink of leaky ReLU.
"""
from __future__ import annotations

import math

import numpy as np

from ..autograd.elementwise import constant, where
from ..autograd.function import Function
from ..autograd.tensor import Tensor

_erfc = np.frompyfunc(math.erfc, 1, 1)  # exact, one Python call per element
_SQRT_HALF = math.sqrt(0.5)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


class LeakyReLU(Function):
    """y = x if x > 0 else slope · x;  dy/dx = 1 if x > 0 else slope (slope at 0, as PyTorch)"""

    def __init__(self, negative_slope: float) -> None:
        self.slope = negative_slope

    def forward(self, x):
        return np.where(x > 0, x, x * self.slope)

    def backward(self, gy):
        x = self.inputs[0].data
        return gy * constant(np.where(x > 0, 1.0, self.slope).astype(gy.dtype))


class NormalCDF(Function):
    """Φ(x) = P(Z ≤ x), Z ~ N(0, 1): Φ(x) = erfc(-x/√2) / 2;  dΦ/dx = φ(x) = e^(-x²/2) / √(2π)

    erfc keeps Φ accurate far into the left tail, where 1 + erf(x/√2) would
    cancel to 0.
    """

    def forward(self, x):
        return (0.5 * _erfc(-_SQRT_HALF * x)).astype(x.dtype)

    def backward(self, gy):
        return gy * normal_pdf(self.inputs[0])


def normal_pdf(x: Tensor) -> Tensor:
    """φ(x) = e^(-x²/2) / √(2π), recorded as Tensor operations."""
    return (x * x * -0.5).exp() * _INV_SQRT_2PI


class GELU(Function):
    """GELU(x) = x Φ(x);  dy/dx = Φ(x) + x φ(x)

    With approximate='tanh': y = x/2 · (1 + tanh u), u = √(2/π) (x + 0.044715 x³),
    dy/dx = (1 + tanh u)/2 + x/2 · (1 - tanh² u) · √(2/π) (1 + 3 · 0.044715 x²).
    """

    K = math.sqrt(2.0 / math.pi)
    C = 0.044715

    def __init__(self, approximate: str = "none") -> None:
        self.approximate = approximate

    def forward(self, x):
        if self.approximate == "tanh":
            return 0.5 * x * (1.0 + np.tanh(self.K * (x + self.C * x ** 3)))
        return x * (0.5 * _erfc(-_SQRT_HALF * x)).astype(x.dtype)

    def backward(self, gy):
        x = self.inputs[0]
        if self.approximate == "tanh":
            th = ((x + x * x * x * self.C) * self.K).tanh()
            slope = (th + 1.0) * 0.5 + x * 0.5 * (1.0 - th * th) * (
                (x * x * (3 * self.C) + 1.0) * self.K)
            return gy * slope
        return gy * (NormalCDF()(x) + x * normal_pdf(x))


class Softplus(Function):
    """y = log(1 + e^(βx)) / β, and y = x where βx > threshold;  dy/dx = σ(βx) (1 there)

    Computed as max(z, 0) + log1p(e^(-|z|)), z = βx, which never overflows.
    """

    def __init__(self, beta: float = 1.0, threshold: float = math.inf) -> None:
        self.beta, self.threshold = beta, threshold

    def forward(self, x):
        z = self.beta * x
        y = (np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))) / self.beta
        return np.where(z > self.threshold, x, y).astype(x.dtype)

    def backward(self, gy):
        x = self.inputs[0]
        slope = (x * self.beta).sigmoid()
        linear = x.data * self.beta > self.threshold
        if linear.any():
            slope = where(linear, constant(np.ones((), gy.dtype)), slope)
        return gy * slope


class BinaryCrossEntropy(Function):
    """l = -w [t log x + (1-t) log(1-x)], each log clamped at ≥ -100 (as PyTorch)

    dl/dx = w (x - t) / max(x (1-x), 1e-12)      dl/dt = w (log(1-x) - log x)

    The clamps keep l finite at x = 0 or 1 (where t log x would be 0 · -∞).
    """

    def __init__(self, weight: np.ndarray | None) -> None:
        self.weight = weight

    def forward(self, x, t):
        with np.errstate(divide="ignore"):
            log_x = np.maximum(np.log(x), -100.0)
            log_1mx = np.maximum(np.log1p(-x), -100.0)
        loss = (t - 1) * log_1mx - t * log_x
        return loss if self.weight is None else loss * self.weight

    def _weighted(self, g):
        return g if self.weight is None else g * constant(self.weight)

    def backward(self, gy):
        x, t = self.inputs
        gx = gt = None
        if self.needs_input_grad[0]:
            gx = self._weighted(gy * (x - t) / (x * (1.0 - x)).clamp(min=1e-12))
        if self.needs_input_grad[1]:
            log_x = x.log().clamp(min=-100.0)
            log_1mx = (1.0 - x).log().clamp(min=-100.0)
            gt = self._weighted(gy * (log_1mx - log_x))
        return gx, gt


class BinaryCrossEntropyWithLogits(Function):
    """l = w [(1-t) x + L softplus(-x)],  L = 1 + (pos_weight - 1) t

    = w [-t log σ(x) - (1-t) log(1-σ(x))] for pos_weight = 1, computed without
    forming σ(x), so it stays finite for any logit x. With s = softplus(-x):

        dl/dx = w (L σ(x) - L + 1 - t)   (w (σ(x) - t) for pos_weight = 1)
        dl/dt = w (-x + (pos_weight - 1) s)
    """

    def __init__(self, weight: np.ndarray | None, pos_weight: np.ndarray | None) -> None:
        self.weight, self.pos_weight = weight, pos_weight

    def forward(self, x, t):
        softplus_neg = np.maximum(-x, 0) + np.log1p(np.exp(-np.abs(x)))
        if self.pos_weight is None:
            loss = (1 - t) * x + softplus_neg
        else:
            loss = (1 - t) * x + (1 + (self.pos_weight - 1) * t) * softplus_neg
        return loss if self.weight is None else loss * self.weight

    def _weighted(self, g):
        return g if self.weight is None else g * constant(self.weight)

    def backward(self, gy):
        x, t = self.inputs
        gx = gt = None
        pw = None if self.pos_weight is None else constant(self.pos_weight)
        if self.needs_input_grad[0]:
            if pw is None:
                gx = self._weighted(gy * (x.sigmoid() - t))
            else:
                big_l = (pw - 1.0) * t + 1.0
                gx = self._weighted(gy * (big_l * x.sigmoid() - big_l + 1.0 - t))
        if self.needs_input_grad[1]:
            if pw is None:
                gt = self._weighted(gy * -x)
            else:
                gt = self._weighted(gy * ((pw - 1.0) * Softplus()(-x) - x))
        return gx, gt
