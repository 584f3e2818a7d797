"""The models of the MNIST-1D paper (Greydanus & Kobak, 2020), in gs.nn."""
from __future__ import annotations

from .. import nn
from ..autograd.tensor import Tensor


class MLP(nn.Module):
    """The paper's MLP with one residual hidden layer.

        h₁ = relu(W₁ x + b₁)
        h₂ = h₁ + relu(W₂ h₁ + b₂)
        z  = W₃ h₂ + b₃

    Shapes: x (N, in_features) → logits z (N, num_classes).
    """

    def __init__(self, in_features: int = 40, hidden: int = 100, num_classes: int = 10) -> None:
        super().__init__()
        self.linear1 = nn.Linear(in_features, hidden)
        self.linear2 = nn.Linear(hidden, hidden)
        self.linear3 = nn.Linear(hidden, num_classes)

    def forward(self, x: Tensor) -> Tensor:
        h = self.linear1(x).relu()
        h = h + self.linear2(h).relu()
        return self.linear3(h)
