"""Residual: a skip connection around a block, y = x + F(x) (He et al., 2016)."""
from __future__ import annotations

from ..autograd.tensor import Tensor
from .module import Module


class Residual(Module):
    """y = x + F(x), with F the wrapped module (`fn`).

    The block only has to learn the change F(x) = y - x, and the gradient
    reaches x directly as well as through F: dL/dx = dL/dy (I + dF/dx), so
    deep stacks of residual blocks keep their gradients from vanishing.

    Shapes: F must keep the input's shape: (*) → (*). Its parameters are
    named `fn.<name>` in state_dict(). gradschool's own layer: PyTorch has no
    Residual module (its ResNets write `out + identity` in forward).

        block = gs.nn.Residual(gs.nn.Sequential(gs.nn.Linear(64, 64), gs.nn.ReLU()))
    """

    def __init__(self, fn: Module) -> None:
        super().__init__()
        if not isinstance(fn, Module):
            raise TypeError(f"Residual: fn must be a gs.nn.Module, got {type(fn).__name__}")
        self.fn = fn

    def forward(self, input: Tensor) -> Tensor:
        out = self.fn(input)
        if out.shape != input.shape:
            raise ValueError(f"Residual: x + F(x) needs F to keep the shape, but F maps "
                             f"{input.shape} to {out.shape}")
        return input + out
