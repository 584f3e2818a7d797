"""Matrix multiplication with PyTorch's rules for 1-D and batched operands.

For Y = A B with A (..., n, k) and B (..., k, m):  dL/dA = G Bᵀ and
dL/dB = Aᵀ G, each summed over the batch dimensions it was broadcast along.
A 1-D A is a row (1, k) and a 1-D B a column (k, 1), with that dimension
dropped from the result, as in `torch.matmul`.
"""
from __future__ import annotations

from .elementwise import sum_to
from .function import Function
from .shape import reshape, transpose
from .tensor import Tensor


class MatMul(Function):
    """Y = A @ B"""

    def forward(self, a, b):
        if a.ndim == 0 or b.ndim == 0:
            raise ValueError(f"matmul: both operands need at least 1 dimension, got "
                             f"{a.shape} @ {b.shape}")
        k_a, k_b = a.shape[-1], b.shape[-2] if b.ndim > 1 else b.shape[0]
        if k_a != k_b:
            raise ValueError(f"matmul: {a.shape} @ {b.shape}: inner dimensions "
                             f"{k_a} and {k_b} differ")
        try:
            return a @ b
        except ValueError:
            raise ValueError(f"matmul: {a.shape} @ {b.shape}: batch dimensions "
                             f"{a.shape[:-2]} and {b.shape[:-2]} do not broadcast") from None

    def backward(self, gy):
        a, b = self.inputs
        a2 = a if a.ndim > 1 else reshape(a, (1, -1))
        b2 = b if b.ndim > 1 else reshape(b, (-1, 1))
        g2 = gy
        if a.ndim == 1 or b.ndim == 1:  # put back the dimensions 1-D operands dropped
            shape = gy.shape
            g2 = reshape(gy, shape[:len(shape) - (b.ndim > 1)] + (1,) * (a.ndim == 1)
                         + shape[len(shape) - (b.ndim > 1):] + (1,) * (b.ndim == 1))
        ga = gb = None
        if self.needs_input_grad[0]:
            ga = reshape(sum_to(g2 @ transpose(b2, -1, -2), a2.shape), a.shape)
        if self.needs_input_grad[1]:
            gb = reshape(sum_to(transpose(a2, -1, -2) @ g2, b2.shape), b.shape)
        return ga, gb


def matmul(a: Tensor, b: Tensor) -> Tensor:
    return MatMul()(a, b)
