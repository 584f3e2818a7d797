"""Parameter: a Tensor that a Module registers as learnable."""
from __future__ import annotations

from typing import Any

import numpy as np

from ..autograd.tensor import Tensor, _to_array


class Parameter(Tensor):
    """A leaf Tensor with `requires_grad=True` that `Module` finds by attribute.

    It takes over the array of a Tensor or ndarray it is given, without a
    copy, as `torch.nn.Parameter` does.
    """

    def __init__(self, data: Any = None, requires_grad: bool = True) -> None:
        if isinstance(data, Tensor):
            array = data.data
        elif isinstance(data, np.ndarray):
            array = data
        else:
            array = _to_array([] if data is None else data)
        super().__init__(0.0)
        self.data = array
        self.requires_grad_(requires_grad)

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()
