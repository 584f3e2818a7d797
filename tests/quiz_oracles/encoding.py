"""The encoding quiz's numbers, computed with PyTorch, scikit-learn and closed forms."""
import math

import numpy as np
import torch
from sklearn.metrics import recall_score


def _rank_seven() -> int:
    levels = torch.arange(7)
    onehot = torch.nn.functional.one_hot(levels, 7).to(torch.float64)
    return int(torch.linalg.matrix_rank(torch.cat([torch.ones(7, 1, dtype=torch.float64),
                                                   onehot], dim=1)))


def _kappa_binary() -> float:
    X = torch.tensor([[1.0, 0.0], [1.0, 1.0]], dtype=torch.float64)
    return float(torch.linalg.cond(X) ** 2)  # κ(XᵀX / n) = cond(X)², for any n halves


def _recall() -> float:
    i = np.arange(40)
    return recall_score((i >= 5) & (i < 30), i < 20)


ORACLES = {
    "rank-seven": _rank_seven,
    "steps-kappa-100": lambda: math.ceil(math.log(1e-6) / math.log(99 / 101)),
    "kappa-binary": _kappa_binary,
    "recall": _recall,
}
assert math.isclose(_kappa_binary(), (3 + math.sqrt(5)) ** 2 / 4)
