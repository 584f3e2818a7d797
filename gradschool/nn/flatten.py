"""Flatten: merge a range of dimensions into one."""
from __future__ import annotations

from ..autograd.tensor import Tensor
from .module import Module


class Flatten(Module):
    """Merge dims start_dim..end_dim: (N, C, L) → (N, C·L) with the defaults.

    Shapes: (*, S_start, …, S_end, *) → (*, Π S, *). The default start_dim=1
    keeps the batch dimension, unlike `Tensor.flatten` (start_dim=0).
    """

    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None:
        super().__init__()
        self.start_dim = start_dim
        self.end_dim = end_dim

    def forward(self, input: Tensor) -> Tensor:
        return input.flatten(self.start_dim, self.end_dim)

    def extra_repr(self) -> str:
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"
