"""Dropout: randomly zero activations while training (Srivastava et al., 2014)."""
from __future__ import annotations

from ..autograd.tensor import Tensor
from . import functional as F
from .module import Module


class Dropout(Module):
    """y = x · m / (1 - p), m ~ Bernoulli(1 - p) elementwise, in training; y = x in eval.

    Scaling the survivors by 1/(1-p) ("inverted dropout") keeps E[y] = x, so
    the evaluation network needs no change. Shapes: (*) → (*). Masks come
    from gradschool's generator (`gs.manual_seed`).
    """

    def __init__(self, p: float = 0.5, inplace: bool = False) -> None:
        super().__init__()
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p = p
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:
        return F.dropout(input, self.p, self.training)

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"
