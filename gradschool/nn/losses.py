"""Loss functions, as in torch.nn.functional.

Each takes `reduction`: 'mean' (the default), 'sum', or 'none' (one loss per
element or sample). Arguments after `target` (and `weight`) are
keyword-only: PyTorch's deprecated `size_average` and `reduce` are not
accepted. Where PyTorch warns and broadcasts a target of another shape,
gradschool raises: that broadcast is almost always a bug.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from ..autograd.elementwise import constant
from ..autograd.reduction import log_softmax
from ..autograd.shape import permute, reshape
from ..autograd.tensor import Tensor
from .kernels import CrossEntropy
from .pointwise import BinaryCrossEntropy, BinaryCrossEntropyWithLogits

_REDUCTIONS = ("mean", "sum", "none")


def _check_reduction(reduction: str, name: str) -> None:
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{name}: reduction must be 'mean', 'sum' or 'none', got {reduction!r}")


def _reduce(loss: Tensor, reduction: str) -> Tensor:
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss


def _like(target: Any, input: Tensor) -> Tensor:
    """The target as a Tensor (arrays and numbers take the input's dtype)."""
    return target if isinstance(target, Tensor) else Tensor(target, dtype=input.dtype)


def _same_shape(input: Tensor, target: Tensor, name: str) -> None:
    if input.shape != target.shape:
        raise ValueError(f"{name}: target of shape {target.shape} does not match input of "
                         f"shape {input.shape}; they must be equal")


def _array(value: Any, dtype: np.dtype) -> np.ndarray | None:
    if value is None:
        return None
    return np.asarray(value.data if isinstance(value, Tensor) else value, dtype=dtype)


def mse_loss(input: Tensor, target: Any, *, reduction: str = "mean") -> Tensor:
    """Squared error: lᵢ = (xᵢ - yᵢ)², reduced (mean: Σ lᵢ / n)."""
    _check_reduction(reduction, "mse_loss")
    target = _like(target, input)
    _same_shape(input, target, "mse_loss")
    diff = input - target
    return _reduce(diff * diff, reduction)


def l1_loss(input: Tensor, target: Any, *, reduction: str = "mean") -> Tensor:
    """Absolute error: lᵢ = |xᵢ - yᵢ|, reduced (mean: Σ lᵢ / n)."""
    _check_reduction(reduction, "l1_loss")
    target = _like(target, input)
    _same_shape(input, target, "l1_loss")
    return _reduce((input - target).abs(), reduction)


# ----- classification over C classes ---------------------------------------------
def _class_targets(input: Tensor, target: Any, ignore_index: int, name: str) -> np.ndarray:
    """Check class-index targets: shape (N, d…) for input (N, C, d…), labels in [0, C)."""
    labels = target.data if isinstance(target, Tensor) else np.asarray(target)
    expected = () if input.ndim == 1 else input.shape[:1] + input.shape[2:]
    if input.ndim == 0 or labels.shape != expected:
        raise ValueError(f"{name}: input of shape {input.shape} needs class-index targets of "
                         f"shape {expected}, got target of shape {labels.shape}")
    classes = input.shape[0 if input.ndim == 1 else 1]
    if labels.size and (labels.min() < 0 or labels.max() >= classes):
        bad = ((labels < 0) | (labels >= classes)) & (labels != ignore_index)
        if bad.any():
            raise ValueError(f"{name}: target label {labels[bad].flat[0]} is out of range for "
                             f"{classes} classes (labels must be 0 to {classes - 1})")
    return labels


def _rows(input: Tensor, labels: np.ndarray) -> tuple[Tensor, np.ndarray]:
    """(M, C) scores and (M,) labels: the class dim moved last and the rest flattened."""
    if input.ndim == 2:
        return input, labels
    if input.ndim == 1:
        return reshape(input, (1, -1)), labels.reshape(1)
    dims = (0,) + tuple(range(2, input.ndim)) + (1,)
    return reshape(permute(input, dims), (-1, input.shape[1])), labels.reshape(-1)


def _class_weight(weight: Any, input: Tensor, name: str) -> np.ndarray | None:
    w = _array(weight, input.dtype)
    classes = input.shape[0 if input.ndim == 1 else 1]
    if w is not None and w.shape != (classes,):
        raise ValueError(f"{name}: weight of shape {w.shape} does not match the {classes} "
                         f"classes of input of shape {input.shape}")
    return w


def nll_loss(input: Tensor, target: Any, weight: Any = None, *, ignore_index: int = -100,
             reduction: str = "mean") -> Tensor:
    """Negative log-likelihood of log-probabilities: lᵢ = -w_tᵢ · input[i, tᵢ].

    Shapes: input (N, C) or (N, C, d…) or (C,); target (N,) or (N, d…) or ()
    holding class indices. 'mean' divides by Σ w_tᵢ over the rows whose
    target is not `ignore_index` (N with no weights and nothing ignored).
    """
    _check_reduction(reduction, "nll_loss")
    labels = _class_targets(input, target, ignore_index, "nll_loss")
    w = _class_weight(weight, input, "nll_loss")
    scores, rows_labels = _rows(input, labels)
    keep = rows_labels != ignore_index
    safe = np.where(keep, rows_labels, 0)
    coef = keep.astype(input.dtype) if w is None else w[safe] * keep
    picked = scores[np.arange(len(safe)), safe]
    loss = picked * constant(-coef)
    if reduction == "none":
        return reshape(loss, labels.shape)
    if reduction == "sum":
        return loss.sum()
    if not keep.any():  # every row ignored: nan, as PyTorch, but no gradient to any row
        return loss.sum() * 0.0 + constant(np.asarray(np.nan, dtype=input.dtype))
    with np.errstate(divide="ignore"):
        return loss.sum() * constant(np.asarray(1.0 / coef.sum(), dtype=input.dtype))


def cross_entropy(input: Tensor, target: Any, weight: Any = None, *, ignore_index: int = -100,
                  reduction: str = "mean", label_smoothing: float = 0.0) -> Tensor:
    """Cross-entropy between softmax(input) over dim 1 and the target.

    Class-index targets (integer dtype), shapes input (N, C) / target (N,),
    input (N, C, d…) / target (N, d…), or input (C,) / target ():

        lᵢ = -log softmax(xᵢ)[tᵢ]   (one fused node: see kernels.CrossEntropy)

    with optional class `weight` (C,), rows whose target is `ignore_index`
    left out, and `label_smoothing` ε mixing the one-hot target with the
    uniform one. 'mean' divides by Σ w_tᵢ over the kept rows, as PyTorch.

    Class-probability targets (floating dtype, the shape of the input):

        lᵢ = -Σ_c w_c qᵢ,c log softmax(xᵢ)_c,  q ← (1-ε) q + ε/C

    and 'mean' divides by the number of rows N·d….
    Stable at any logits: no exp overflows and no log sees 0.
    """
    _check_reduction(reduction, "cross_entropy")
    if not 0.0 <= label_smoothing <= 1.0:
        raise ValueError(f"cross_entropy: label_smoothing must be in [0, 1], got "
                         f"{label_smoothing}")
    dtype = (target.data if isinstance(target, Tensor) else np.asarray(target)).dtype
    if dtype.kind in "iu":
        labels = _class_targets(input, target, ignore_index, "cross_entropy")
        w = _class_weight(weight, input, "cross_entropy")
        if input.ndim == 2:  # the common case, straight to the kernel
            return CrossEntropy(labels, w, ignore_index, reduction, label_smoothing)(input)
        scores, rows_labels = _rows(input, labels)
        loss = CrossEntropy(rows_labels, w, ignore_index, reduction, label_smoothing)(scores)
        return reshape(loss, labels.shape) if reduction == "none" else loss
    if dtype.kind != "f":
        raise TypeError("cross_entropy: target must hold class indices (an integer dtype) "
                        f"or class probabilities (a float dtype), got dtype {dtype}")
    target = _like(target, input)
    if target.shape != input.shape:
        raise ValueError(f"cross_entropy: probability targets must have the input's shape "
                         f"{input.shape}, got target of shape {target.shape}")
    class_dim = 0 if input.ndim == 1 else 1
    classes = input.shape[class_dim]
    if label_smoothing:
        target = target * (1.0 - label_smoothing) + label_smoothing / classes
    product = log_softmax(input, class_dim) * target
    w = _class_weight(weight, input, "cross_entropy")
    if w is not None:
        product = product * constant(w.reshape((classes,) + (1,) * (input.ndim - class_dim - 1)))
    return _reduce(-product.sum(class_dim), reduction)


# ----- two classes ------------------------------------------------------------------
def _broadcast_weight(weight: Any, input: Tensor, what: str, name: str) -> np.ndarray | None:
    w = _array(weight, input.dtype)
    if w is not None:
        try:
            fits = np.broadcast_shapes(w.shape, input.shape) == input.shape
        except ValueError:
            fits = False
        if not fits:
            raise ValueError(f"{name}: {what} of shape {w.shape} does not broadcast to the "
                             f"input's shape {input.shape}")
    return w


def binary_cross_entropy(input: Tensor, target: Any, weight: Any = None, *,
                         reduction: str = "mean") -> Tensor:
    """lᵢ = -wᵢ [tᵢ log xᵢ + (1 - tᵢ) log(1 - xᵢ)] for probabilities x in [0, 1].

    Each log is clamped at ≥ -100 (as PyTorch), so x = 0 or 1 gives a finite
    loss. For logits use `binary_cross_entropy_with_logits`, which is exact.
    """
    _check_reduction(reduction, "binary_cross_entropy")
    target = _like(target, input)
    _same_shape(input, target, "binary_cross_entropy")
    if input.data.size and not (0 <= input.data.min() and input.data.max() <= 1):
        raise ValueError(f"binary_cross_entropy: input values must be probabilities in "
                         f"[0, 1], got values from {input.data.min()} to {input.data.max()}; "
                         "for logits use binary_cross_entropy_with_logits")
    w = _broadcast_weight(weight, input, "weight", "binary_cross_entropy")
    return _reduce(BinaryCrossEntropy(w)(input, target), reduction)


def binary_cross_entropy_with_logits(input: Tensor, target: Any, weight: Any = None, *,
                                     reduction: str = "mean",
                                     pos_weight: Any = None) -> Tensor:
    """lᵢ = -wᵢ [p tᵢ log σ(xᵢ) + (1 - tᵢ) log(1 - σ(xᵢ))] for logits x.

    Computed as w [(1-t) x + (1 + (p-1) t) softplus(-x)], finite for any x.
    `pos_weight` p (broadcast along the last dimension, one per class)
    weighs the positive targets.
    """
    _check_reduction(reduction, "binary_cross_entropy_with_logits")
    target = _like(target, input)
    _same_shape(input, target, "binary_cross_entropy_with_logits")
    name = "binary_cross_entropy_with_logits"
    w = _broadcast_weight(weight, input, "weight", name)
    pw = _broadcast_weight(pos_weight, input, "pos_weight", name)
    return _reduce(BinaryCrossEntropyWithLogits(w, pw)(input, target), reduction)
