"""BatchNorm1d and BatchNorm2d: normalise each channel by batch statistics (Ioffe & Szegedy, 2015).

Both are one implementation (`_BatchNorm`, over `functional.batch_norm`); they
differ only in the input shapes they accept: the statistics of channel c are
taken over every dimension but the channel's, N (and L), or N, H and W.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from ..autograd.tensor import Tensor, float32, make_tensor
from . import functional as F
from . import init
from .module import Module
from .parameter import Parameter


class _BatchNorm(Module):
    """y = (x - μ) / √(σ² + ε) · γ + β for each of C channels (dim 1 of the input).

    In training μ and σ² are the mean and biased variance of the batch over
    every dimension but the channel's; the running estimates move towards
    them, r ← (1 - momentum) r + momentum · stat, with the unbiased variance
    for running_var (as PyTorch); momentum=None uses the cumulative average
    (factor 1/num_batches_tracked). In eval the running estimates are used
    instead (the batch statistics if track_running_stats=False).

    Attributes: weight γ (C,) = 1 and bias β (C,) = 0 if `affine` (no bias
    if `bias=False`); buffers running_mean (C,) = 0, running_var (C,) = 1,
    num_batches_tracked () = 0 (int64) if `track_running_stats`.
    """

    _dims: tuple[int, ...]  # the input ndims accepted
    _expected: str  # how they are described in the error

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float | None = 0.1,
                 affine: bool = True, track_running_stats: bool = True,
                 dtype: Any = None, *, bias: bool = True) -> None:
        super().__init__()
        self.num_features = num_features
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.track_running_stats = track_running_stats
        dtype = float32 if dtype is None else np.dtype(dtype)
        if affine:
            self.weight = Parameter(np.ones(num_features, dtype))
            if bias:
                self.bias = Parameter(np.zeros(num_features, dtype))
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        if track_running_stats:
            self.register_buffer("running_mean", make_tensor(np.zeros(num_features, dtype)))
            self.register_buffer("running_var", make_tensor(np.ones(num_features, dtype)))
            self.register_buffer("num_batches_tracked", make_tensor(np.zeros((), np.int64)))
        else:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
            self.register_buffer("num_batches_tracked", None)

    def reset_running_stats(self) -> None:
        if self.track_running_stats:
            self.running_mean.data[...] = 0
            self.running_var.data[...] = 1
            self.num_batches_tracked.data[...] = 0

    def reset_parameters(self) -> None:
        self.reset_running_stats()
        if self.affine:
            init.ones_(self.weight)
            if self.bias is not None:
                init.zeros_(self.bias)

    def forward(self, input: Tensor) -> Tensor:
        name = type(self).__name__
        if input.ndim not in self._dims:
            raise ValueError(f"{name}: expected {self._expected} input, got shape "
                             f"{input.shape}")
        if input.shape[1] != self.num_features:
            raise ValueError(f"{name}: input of shape {input.shape} has {input.shape[1]} "
                             f"channels, expected num_features={self.num_features}")
        if self.training and input.data.size // self.num_features <= 1:
            raise ValueError("Expected more than 1 value per channel when training, got "
                             f"input of shape {input.shape}")
        factor = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats:
            self.num_batches_tracked.data += 1
            if self.momentum is None:
                factor = 1.0 / float(self.num_batches_tracked.data)
        use_batch_stats = self.training or self.running_mean is None
        track = not self.training or self.track_running_stats
        return F.batch_norm(input, self.running_mean if track else None,
                            self.running_var if track else None, self.weight, self.bias,
                            use_batch_stats, factor, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, "
                f"affine={self.affine}, bias={self.bias is not None}, "
                f"track_running_stats={self.track_running_stats}")


class BatchNorm1d(_BatchNorm):
    """y = (x - μ) / √(σ² + ε) · γ + β per channel, statistics over N (and L).

    Shapes: (N, C) or (N, C, L) → same. See `_BatchNorm` for the running
    statistics, momentum and the attributes (weight, bias, running_mean,
    running_var, num_batches_tracked), all of shape (C,) but the last.
    """

    _dims, _expected = (2, 3), "2D (N, C) or 3D (N, C, L)"


class BatchNorm2d(_BatchNorm):
    """y = (x - μ) / √(σ² + ε) · γ + β per channel, statistics over N, H and W.

    Shapes: (N, C, H, W) → same. μ_c and σ²_c average over the N·H·W values
    of channel c ("spatial" batch norm: every position of a feature map is
    normalised alike). Otherwise as BatchNorm1d.
    """

    _dims, _expected = (4,), "4D (N, C, H, W)"
