"""Reverse-mode automatic differentiation on NumPy arrays."""
from .tensor import Tensor, tensor  # first: the op families import it  # noqa: I001
from .function import Function
from .graph import backward, grad
from .gradcheck import GradcheckError, gradcheck, gradgradcheck
from .mode import enable_grad, is_grad_enabled, no_grad, set_grad_enabled
from .shape import cat, stack

__all__ = ["Function", "GradcheckError", "Tensor", "backward", "cat", "enable_grad", "grad",
           "gradcheck", "gradgradcheck", "is_grad_enabled", "no_grad", "set_grad_enabled",
           "stack", "tensor"]
