"""Gradient clipping: `clip_grad_norm_` and `clip_grad_value_`, as torch.nn.utils."""
from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from ..autograd.tensor import Tensor, make_tensor


def _grads(parameters: Tensor | Iterable[Tensor]) -> list[Tensor]:
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    return [p for p in parameters if p.grad is not None]


def clip_grad_norm_(parameters: Tensor | Iterable[Tensor], max_norm: float,
                    norm_type: float = 2.0, error_if_nonfinite: bool = False) -> Tensor:
    """Rescale gradients so that their total norm is at most `max_norm`; return the norm.

    The total norm is that of all gradients joined into one vector,
    ‖g‖ₚ = (Σ |gᵢ|ᵖ)^(1/p) (max |gᵢ| for p = inf). If it exceeds max_norm, every
    gradient is multiplied by max_norm / (‖g‖ + 1e-6), as PyTorch. Each
    `.grad` keeps its Tensor object and gets a new array (gradients may share
    arrays, so they are not scaled in place).
    """
    params = _grads(parameters)
    if not params:
        return make_tensor(np.zeros((), np.float32))
    p = float(norm_type)
    arrays = [param.grad.data for param in params]
    if math.isinf(p):
        norms = np.array([np.abs(a).max() if a.size else 0.0 for a in arrays])
        total = norms.max()
    else:
        norms = np.array([np.linalg.norm(a.ravel(), ord=p) for a in arrays])
        total = np.linalg.norm(norms, ord=p)
    if error_if_nonfinite and not np.isfinite(total):
        raise RuntimeError(f"clip_grad_norm_: the total norm of order {norm_type} of the "
                           f"gradients is {total}; set error_if_nonfinite=False to clip anyway")
    dtype = arrays[0].dtype
    coef = min(max_norm / (float(total) + 1e-6), 1.0)
    if coef < 1.0:
        for param in params:
            param.grad.data = (param.grad.data * coef).astype(param.grad.data.dtype)
    return make_tensor(np.asarray(total, dtype=dtype))


def clip_grad_value_(parameters: Tensor | Iterable[Tensor], clip_value: float) -> None:
    """Clamp every gradient element to [-clip_value, clip_value]."""
    for param in _grads(parameters):
        param.grad.data = np.clip(param.grad.data, -clip_value, clip_value)
