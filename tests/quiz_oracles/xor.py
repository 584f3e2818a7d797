"""The xor quiz's numbers, computed with PyTorch."""
import math

import torch

ORACLES = {
    "params-h8": lambda: sum(p.numel() for p in torch.nn.Sequential(
        torch.nn.Linear(2, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1)).parameters()),
    "bce-half": lambda: torch.nn.functional.binary_cross_entropy(
        torch.full((4,), 0.5, dtype=torch.float64),
        torch.tensor([0.0, 1.0, 1.0, 0.0], dtype=torch.float64)).item(),
}
assert math.isclose(ORACLES["bce-half"](), math.log(2))
