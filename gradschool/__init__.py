"""gradschool: deep learning from first principles, every step checked.

    import gradschool as gs
    x = gs.tensor([1.0, 2.0], requires_grad=True)
    (x * x).sum().backward()      # x.grad == 2x
"""
from typing import Any

from . import autograd, data, linalg, nn, optim, scalar, viz
from .autograd import Tensor, cat, enable_grad, grad, no_grad, stack, tensor
from .autograd.elementwise import (
                                   abs,
                                   clamp,
                                   cos,
                                   exp,
                                   log,
                                   maximum,
                                   minimum,
                                   relu,
                                   sigmoid,
                                   sin,
                                   sqrt,
                                   tanh,
                                   where,
)
from .autograd.matmul import matmul
from .autograd.reduction import (
                                   argmax,
                                   argmin,
                                   log_softmax,
                                   logsumexp,
                                   max,
                                   mean,
                                   min,
                                   softmax,
                                   sum,
                                   var,
)
from .autograd.shape import flatten, permute, reshape, squeeze, transpose, unsqueeze
from .autograd.tensor import bool_, float32, float64, int32, int64
from .random import manual_seed, seed_everything
from .serialization import load, save

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """`gs.sweep` and `gs.tuning` load on first use (Optuna is not imported with gs)."""
    if name in ("sweep", "tuning"):
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'gradschool' has no attribute {name!r}")

__all__ = [
    "Tensor", "abs", "argmax", "argmin", "autograd", "bool_", "cat", "clamp", "cos", "data",
    "enable_grad", "exp", "flatten", "float32", "float64", "grad", "int32", "int64", "linalg",
    "load", "log", "log_softmax", "logsumexp", "manual_seed", "matmul", "max", "maximum", "mean",
    "min", "minimum", "nn", "no_grad", "optim", "permute", "relu", "reshape", "save", "scalar",
    "seed_everything", "sigmoid", "sin", "softmax", "sqrt", "squeeze", "stack", "sum", "sweep",
    "tanh", "tensor", "transpose", "tuning", "unsqueeze", "var", "viz", "where",
]
