"""The double-descent quiz's numbers: PyTorch's parameter count, the quadratic formula,
exact fractions."""
import math
from fractions import Fraction

import torch

N_TRAIN = 4000


def _torch_params(h: int) -> int:
    """Parameters of the notebook's MLP 40 → h → h → 10, built in PyTorch."""
    model = torch.nn.Sequential(torch.nn.Linear(40, h), torch.nn.ReLU(), torch.nn.Linear(h, h),
                                torch.nn.ReLU(), torch.nn.Linear(h, 10))
    return sum(p.numel() for p in model.parameters())


def _width_for(n: int) -> int:
    """The least integer h with h² + 52h + 10 ≥ n: the positive root, rounded up."""
    return math.ceil((-52 + math.sqrt(52**2 - 4 * (10 - n))) / 2)


ORACLES = {
    "params-h45": lambda: _torch_params(45),
    "width-for-n": lambda: _width_for(N_TRAIN),
    "wrong-labels": lambda: float(100 * Fraction(15, 100) * Fraction(9, 10)),
    "params-per-sample": lambda: _torch_params(400) / N_TRAIN,
}
assert _torch_params(_width_for(N_TRAIN)) >= N_TRAIN > _torch_params(_width_for(N_TRAIN) - 1)
