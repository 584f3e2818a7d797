"""The models of the MNIST-1D paper (Greydanus & Kobak, 2020), in gs.nn.

Four classifiers of a 40-point signal x (N, 40) into 10 classes, with the
paper's sizes (parameter counts in brackets):

- `Logistic`: one linear map, logistic (softmax) regression   [410]
- `MLP`: two hidden layers of 100 ReLU units, the second residual   [15 210]
- `CNN`: three strided 1-d convolutions of 25 channels, then linear   [5 210]
- `GRU`: a bidirectional GRU of 6 units read along the 40 positions   [5 134]

Each returns logits z (N, 10); train them with cross-entropy.
"""
from __future__ import annotations

from .. import nn
from ..autograd.tensor import Tensor


class Logistic(nn.Module):
    """Multinomial logistic regression: z = W x + b, W (num_classes, in_features).

    Shapes: x (N, in_features) → logits z (N, num_classes).
    """

    def __init__(self, in_features: int = 40, num_classes: int = 10) -> None:
        super().__init__()
        self.linear = nn.Linear(in_features, num_classes)

    def forward(self, x: Tensor) -> Tensor:
        return self.linear(x)


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


class CNN(nn.Module):
    """The paper's convolutional network: three Conv1d layers, then a linear classifier.

        h₁ = relu(conv₁(x))    1 → C channels, kernel 5, stride 2, padding 1:  L 40 → 19
        h₂ = relu(conv₂(h₁))   C → C, kernel 3, stride 2, padding 1:            L 19 → 10
        h₃ = relu(conv₃(h₂))   C → C, kernel 3, stride 2, padding 1:            L 10 → 5
        z  = W flatten(h₃) + b                                       (C · 5 = 125 → 10)

    Each layer sees a window of neighbouring positions and uses the same
    weights at every position: it assumes that nearby points belong together
    and that a pattern means the same wherever it occurs.

    Shapes: x (N, length) → logits z (N, num_classes); the input is read as
    one channel, (N, 1, length).
    """

    def __init__(self, length: int = 40, channels: int = 25, num_classes: int = 10) -> None:
        super().__init__()
        self.conv1 = nn.Conv1d(1, channels, 5, stride=2, padding=1)
        self.conv2 = nn.Conv1d(channels, channels, 3, stride=2, padding=1)
        self.conv3 = nn.Conv1d(channels, channels, 3, stride=2, padding=1)
        out_length = length
        for conv in (self.conv1, self.conv2, self.conv3):
            (k,), (s,), (p,) = conv.kernel_size, conv.stride, conv.padding
            out_length = (out_length + 2 * p - k) // s + 1
        self.linear = nn.Linear(channels * out_length, num_classes)

    def forward(self, x: Tensor) -> Tensor:
        h = x.reshape(x.shape[0], 1, x.shape[-1])
        h = self.conv1(h).relu()
        h = self.conv2(h).relu()
        h = self.conv3(h).relu()
        return self.linear(h.reshape(h.shape[0], -1))


class GRU(nn.Module):
    """The paper's recurrent network: a bidirectional GRU over the positions, then linear.

    The signal is read one point per step, x_t (1 feature) for t = 1 … L; the
    forward GRU's states h_t→ and the backward GRU's h_t← (hidden each) are
    kept for every t and flattened:

        z = W [h_1→, h_1←, h_2→, h_2←, …, h_L→, h_L←] + b    (L · 2 · hidden = 480 → 10)

    Shapes: x (N, length) → logits z (N, num_classes).
    """

    def __init__(self, length: int = 40, hidden: int = 6, num_classes: int = 10) -> None:
        super().__init__()
        self.rnn = nn.GRU(1, hidden, batch_first=True, bidirectional=True)
        self.linear = nn.Linear(length * 2 * hidden, num_classes)

    def forward(self, x: Tensor) -> Tensor:
        h, _ = self.rnn(x.reshape(x.shape[0], x.shape[-1], 1))  # (N, L, 2 · hidden)
        return self.linear(h.reshape(h.shape[0], -1))
