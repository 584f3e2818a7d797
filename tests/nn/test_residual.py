"""Residual: y = x + F(x) against the same block written out in PyTorch."""
import numpy as np
import pytest
import torch

import gradschool as gs
from gradschool import nn
from tests.nn.twins import compare_layer


class TorchResidual(torch.nn.Module):
    """PyTorch has no Residual module: the twin writes x + F(x) out."""

    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def forward(self, x):
        return x + self.fn(x)


def normal(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape)


@pytest.mark.parametrize("ours, theirs, shape", [
    (lambda: nn.Linear(5, 5), lambda: torch.nn.Linear(5, 5), (3, 5)),
    (lambda: nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 4)),
     lambda: torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(),
                                 torch.nn.Linear(8, 4)), (2, 3, 4)),
    (lambda: nn.Sequential(nn.Conv1d(3, 3, 3, padding=1), nn.BatchNorm1d(3), nn.ReLU()),
     lambda: torch.nn.Sequential(torch.nn.Conv1d(3, 3, 3, padding=1), torch.nn.BatchNorm1d(3),
                                 torch.nn.ReLU()), (4, 3, 10)),
    (lambda: nn.Sequential(nn.Conv2d(2, 2, 3, padding="same"), nn.Tanh()),
     lambda: torch.nn.Sequential(torch.nn.Conv2d(2, 2, 3, padding="same"), torch.nn.Tanh()),
     (2, 2, 5, 4)),
])
def test_matches_torch(ours, theirs, shape):
    a, b = nn.Residual(ours()), TorchResidual(theirs())
    assert list(a.state_dict()) == list(b.state_dict())  # "fn.…" keys
    compare_layer(a, b, normal(shape))


def test_identity_block_and_stacking():
    x = gs.tensor(normal((3, 4)), requires_grad=True)
    zero = nn.Linear(4, 4)
    nn.init.zeros_(zero.weight)
    nn.init.zeros_(zero.bias)
    y = nn.Sequential(nn.Residual(zero), nn.Residual(zero))(x)  # F = 0: y = x
    np.testing.assert_array_equal(y.data, x.data)
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.data, np.ones((3, 4)))  # dL/dx = dL/dy (I + 0)


def test_errors():
    with pytest.raises(ValueError, match=r"F maps \(2, 4\) to \(2, 3\)"):
        nn.Residual(nn.Linear(4, 3))(gs.tensor(normal((2, 4))))
    with pytest.raises(TypeError, match="fn must be a gs.nn.Module, got function"):
        nn.Residual(lambda x: x)
