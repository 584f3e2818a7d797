"""gs.nn.functional: layers and losses as plain functions, as torch.nn.functional.

    import gradschool.nn.functional as F
    a = F.relu(F.linear(x, W, b))          # a = relu(x Wᵀ + b)
    loss = F.cross_entropy(logits, labels)

Activations, `linear`, `dropout` and the normalisations live here; the losses
live in `losses.py` and are re-exported. Where PyTorch offers `inplace=True`
it is accepted and the result is computed out of place (same values).
"""
from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..autograd import reduction as R
from ..autograd.shape import reshape
from ..autograd.tensor import Tensor, make_tensor
from ..random import default_generator
from . import kernels
from .conv_kernels import conv1d, conv2d
from .losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    l1_loss,
    mse_loss,
    nll_loss,
)
from .pointwise import GELU, LeakyReLU, Softplus
from .pool_kernels import (
    adaptive_avg_pool1d,
    adaptive_avg_pool2d,
    avg_pool1d,
    avg_pool2d,
    max_pool1d,
    max_pool2d,
)

__all__ = [
    "adaptive_avg_pool1d", "adaptive_avg_pool2d", "avg_pool1d", "avg_pool2d", "conv1d",
    "conv2d", "max_pool1d", "max_pool2d",
    "batch_norm", "binary_cross_entropy", "binary_cross_entropy_with_logits",
    "cross_entropy", "dropout", "gelu", "l1_loss", "layer_norm", "leaky_relu", "linear",
    "log_softmax", "mse_loss", "nll_loss", "relu", "sigmoid", "softmax", "softplus", "tanh",
]


# ----- affine map --------------------------------------------------------------
def linear(input: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """y = x Wᵀ + b, one fused node (see kernels.Linear).

    Shapes: input (*, in_features), weight (out_features, in_features),
    bias (out_features,) → (*, out_features).
    """
    if bias is None:
        return kernels.Linear()(input, weight)
    return kernels.Linear()(input, weight, bias)


# ----- activations -------------------------------------------------------------
def relu(input: Tensor, inplace: bool = False) -> Tensor:
    """relu(x) = max(x, 0), elementwise."""
    return input.relu()


def leaky_relu(input: Tensor, negative_slope: float = 0.01, inplace: bool = False) -> Tensor:
    """leaky_relu(x) = x if x > 0 else negative_slope · x, elementwise."""
    return LeakyReLU(negative_slope)(input)


def sigmoid(input: Tensor) -> Tensor:
    """σ(x) = 1 / (1 + e^(-x)), elementwise."""
    return input.sigmoid()


def tanh(input: Tensor) -> Tensor:
    """tanh(x) = (e^x - e^(-x)) / (e^x + e^(-x)), elementwise."""
    return input.tanh()


def gelu(input: Tensor, approximate: str = "none") -> Tensor:
    """GELU(x) = x Φ(x), Φ the standard normal CDF; approximate='tanh' uses
    x/2 · (1 + tanh(√(2/π) (x + 0.044715 x³)))."""
    if approximate not in ("none", "tanh"):
        raise ValueError(f"gelu: approximate must be 'none' or 'tanh', got {approximate!r}")
    return GELU(approximate)(input)


def softplus(input: Tensor, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """softplus(x) = log(1 + e^(βx)) / β, and x where βx > threshold (for stability)."""
    return Softplus(beta, threshold)(input)


def _softmax_dim(name: str, ndim: int, dim: int | None) -> int:
    if dim is not None:
        return dim
    warnings.warn(f"Implicit dimension choice for {name} has been deprecated. "
                  "Change the call to include dim=X as an argument.", stacklevel=3)
    return 0 if ndim in (0, 1, 3) else 1


def softmax(input: Tensor, dim: int | None = None, dtype: Any = None) -> Tensor:
    """softmax(x)ᵢ = e^(xᵢ - m) / Σⱼ e^(xⱼ - m) along `dim` (m = the max, for stability)."""
    if dtype is not None:
        input = input.to(dtype)
    return R.softmax(input, _softmax_dim("softmax", input.ndim, dim))


def log_softmax(input: Tensor, dim: int | None = None, dtype: Any = None) -> Tensor:
    """log_softmax(x)ᵢ = xᵢ - logsumexp(x) along `dim`, never log(0)."""
    if dtype is not None:
        input = input.to(dtype)
    return R.log_softmax(input, _softmax_dim("log_softmax", input.ndim, dim))


# ----- dropout -----------------------------------------------------------------
def dropout(input: Tensor, p: float = 0.5, training: bool = True,
            inplace: bool = False) -> Tensor:
    """Inverted dropout: y = x · m / (1 - p), m ~ Bernoulli(1 - p) elementwise.

    Each element is zeroed with probability p and the survivors are scaled
    by 1/(1-p), so E[y] = x and evaluation needs no rescaling. With
    `training=False` (or p = 0) it is the identity. The mask comes from
    gradschool's generator (`gs.manual_seed`).
    """
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training or p == 0.0:
        return input
    if p == 1.0:
        return input * 0.0
    keep = default_generator().random(input.shape) >= p
    return input * make_tensor(np.multiply(keep, 1.0 / (1.0 - p), dtype=input.dtype))


# ----- normalisation -----------------------------------------------------------
def _normalize(x: Tensor, axes: tuple[int, ...], eps: float) -> tuple[Tensor, Tensor, Tensor]:
    """(x̂, μ, σ²): x̂ = (x - μ) / √(σ² + ε) with μ, σ² the mean and biased variance over axes."""
    mean = x.mean(axes, keepdim=True)
    centred = x - mean
    var = (centred * centred).mean(axes, keepdim=True)
    return centred * (var + eps) ** -0.5, mean, var


def batch_norm(input: Tensor, running_mean: Tensor | None, running_var: Tensor | None,
               weight: Tensor | None = None, bias: Tensor | None = None,
               training: bool = False, momentum: float = 0.1, eps: float = 1e-5) -> Tensor:
    """y = (x - μ) / √(σ² + ε) · γ + β per channel (dim 1) of an (N, C, *) input.

    training=True: μ, σ² are the batch mean and biased variance over every
    dimension but the channel's, and the running estimates (if given) move
    towards them in place: r ← (1 - momentum) r + momentum · stat, using the
    unbiased variance σ² n/(n-1) for running_var (as PyTorch).
    training=False: μ, σ² are running_mean and running_var.
    """
    if input.ndim < 2:
        raise ValueError(f"batch_norm: expected an (N, C, *) input, got shape {input.shape}")
    channels = input.shape[1]
    axes = (0,) + tuple(range(2, input.ndim))
    shape = (1, channels) + (1,) * (input.ndim - 2)
    for name, t in (("running_mean", running_mean), ("running_var", running_var),
                    ("weight", weight), ("bias", bias)):
        if t is not None and t.shape != (channels,):
            raise ValueError(f"batch_norm: {name} of shape {t.shape} does not match the "
                             f"{channels} channels of input of shape {input.shape}")
    if training:
        n = input.data.size // max(channels, 1)
        if n <= 1:
            raise ValueError("Expected more than 1 value per channel when training, got "
                             f"input of shape {input.shape}")
        y, mean, var = _normalize(input, axes, eps)
        if running_mean is not None:
            running_mean.data[...] = ((1 - momentum) * running_mean.data
                                      + momentum * mean.data.reshape(channels))
        if running_var is not None:
            running_var.data[...] = ((1 - momentum) * running_var.data
                                     + momentum * var.data.reshape(channels) * (n / (n - 1)))
    else:
        if running_mean is None or running_var is None:
            raise ValueError("batch_norm: training=False needs running_mean and running_var")
        y = ((input - reshape(running_mean, shape))
             * (reshape(running_var, shape) + eps) ** -0.5)
    if weight is not None:
        y = y * reshape(weight, shape)
    if bias is not None:
        y = y + reshape(bias, shape)
    return y


def layer_norm(input: Tensor, normalized_shape: int | Sequence[int],
               weight: Tensor | None = None, bias: Tensor | None = None,
               eps: float = 1e-5) -> Tensor:
    """y = (x - μ) / √(σ² + ε) · γ + β, μ and σ² (biased) over the last dimensions.

    The last len(normalized_shape) dimensions of the input must equal
    normalized_shape; γ and β have that shape.
    """
    shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    k = len(shape)
    if k == 0 or input.shape[input.ndim - k:] != shape or input.ndim < k:
        raise ValueError(f"layer_norm: input of shape {input.shape} does not end with "
                         f"normalized_shape {shape}")
    y, _, _ = _normalize(input, tuple(range(input.ndim - k, input.ndim)), eps)
    if weight is not None:
        y = y * weight
    if bias is not None:
        y = y + bias
    return y

