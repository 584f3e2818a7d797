"""Loss modules: the losses of `functional` as layers, as torch.nn.*Loss.

    criterion = CrossEntropyLoss()
    loss = criterion(logits, labels)      # = F.cross_entropy(logits, labels)

Class weights and pos_weight are registered as buffers (saved in the
state_dict, converted by `to`), as in PyTorch.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from ..autograd.tensor import Tensor, make_tensor
from . import losses
from .module import Module


def _buffer(value: Any) -> Tensor | None:
    if value is None or isinstance(value, Tensor):
        return value
    return make_tensor(np.asarray(value))


class _Loss(Module):
    def __init__(self, reduction: str = "mean") -> None:
        super().__init__()
        losses._check_reduction(reduction, type(self).__name__)
        self.reduction = reduction


class MSELoss(_Loss):
    """Mean squared error: lᵢ = (xᵢ - yᵢ)², reduced by `reduction`."""

    def __init__(self, *, reduction: str = "mean") -> None:
        super().__init__(reduction)

    def forward(self, input: Tensor, target: Any) -> Tensor:
        return losses.mse_loss(input, target, reduction=self.reduction)


class L1Loss(_Loss):
    """Mean absolute error: lᵢ = |xᵢ - yᵢ|, reduced by `reduction`."""

    def __init__(self, *, reduction: str = "mean") -> None:
        super().__init__(reduction)

    def forward(self, input: Tensor, target: Any) -> Tensor:
        return losses.l1_loss(input, target, reduction=self.reduction)


class NLLLoss(_Loss):
    """Negative log-likelihood of log-probabilities: lᵢ = -w_tᵢ · input[i, tᵢ]."""

    def __init__(self, weight: Any = None, *, ignore_index: int = -100,
                 reduction: str = "mean") -> None:
        super().__init__(reduction)
        self.register_buffer("weight", _buffer(weight))
        self.ignore_index = ignore_index

    def forward(self, input: Tensor, target: Any) -> Tensor:
        return losses.nll_loss(input, target, self.weight, ignore_index=self.ignore_index,
                               reduction=self.reduction)


class CrossEntropyLoss(_Loss):
    """Softmax cross-entropy of logits against class indices or class probabilities."""

    def __init__(self, weight: Any = None, *, ignore_index: int = -100,
                 reduction: str = "mean", label_smoothing: float = 0.0) -> None:
        super().__init__(reduction)
        self.register_buffer("weight", _buffer(weight))
        self.ignore_index = ignore_index
        self.label_smoothing = label_smoothing

    def forward(self, input: Tensor, target: Any) -> Tensor:
        return losses.cross_entropy(input, target, self.weight, ignore_index=self.ignore_index,
                                    reduction=self.reduction,
                                    label_smoothing=self.label_smoothing)


class BCELoss(_Loss):
    """Binary cross-entropy of probabilities: lᵢ = -wᵢ [tᵢ log xᵢ + (1-tᵢ) log(1-xᵢ)]."""

    def __init__(self, weight: Any = None, *, reduction: str = "mean") -> None:
        super().__init__(reduction)
        self.register_buffer("weight", _buffer(weight))

    def forward(self, input: Tensor, target: Any) -> Tensor:
        return losses.binary_cross_entropy(input, target, self.weight,
                                           reduction=self.reduction)


class BCEWithLogitsLoss(_Loss):
    """Binary cross-entropy of logits, computed stably (see F.binary_cross_entropy_with_logits)."""

    def __init__(self, weight: Any = None, *, reduction: str = "mean",
                 pos_weight: Any = None) -> None:
        super().__init__(reduction)
        self.register_buffer("weight", _buffer(weight))
        self.register_buffer("pos_weight", _buffer(pos_weight))

    def forward(self, input: Tensor, target: Any) -> Tensor:
        return losses.binary_cross_entropy_with_logits(
            input, target, self.weight, reduction=self.reduction, pos_weight=self.pos_weight)
