"""The networks of the `architectures` lab: MLPs of any depth and width, and CNN variants.

Every layer keeps PyTorch's default initialisation (gs.nn.Linear and Conv1d:
W, b ~ U(-1/√fan_in, 1/√fan_in), i.e. a weight variance of 1/(3 fan_in)). With
ReLU that init shrinks the signal: Var(W relu(z)) = ½ · ⅓ · Var(z) per layer
in both directions, which is what makes a deep plain net's first-layer
gradient vanish (He et al.'s init would multiply by 2 · ½ = 1 instead).
"""
from __future__ import annotations

from gradschool import nn
from gradschool.autograd.tensor import Tensor

IN_FEATURES, NUM_CLASSES = 40, 10


def hidden_block(in_features: int, out_features: int, batchnorm: bool = False,
                 dropout: float = 0.0) -> nn.Sequential:
    """One hidden layer a = relu(BN(W h + b)), then dropout: (N, in) → (N, out).

    BatchNorm1d (if asked) sits between the affine map and the ReLU (Ioffe &
    Szegedy's place); Dropout (if p > 0) comes after the ReLU.
    """
    layers: list[nn.Module] = [nn.Linear(in_features, out_features)]
    if batchnorm:
        layers.append(nn.BatchNorm1d(out_features))
    layers.append(nn.ReLU())
    if dropout > 0:
        layers.append(nn.Dropout(dropout))
    return nn.Sequential(*layers)


def mlp(width: int, layers: int, residual: bool = False, batchnorm: bool = False,
        dropout: float = 0.0, in_features: int = IN_FEATURES,
        num_classes: int = NUM_CLASSES) -> nn.Sequential:
    """An MLP with `layers` hidden layers of `width` units: x (N, 40) → logits z (N, 10).

        h₁ = f₁(x)                           f_l(h) = dropout(relu(BN(W_l h + b_l)))
        h_l = f_l(h_{l-1})          (plain)   or   h_l = h_{l-1} + f_l(h_{l-1})   (residual)
        z  = W_out h_L + b_out

    for l = 2 … L. The first hidden layer changes the size (40 → width), so it is
    never residual; with `residual`, the other L - 1 are gs.nn.Residual blocks.
    """
    for name, value in (("width", width), ("layers", layers)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"mlp: {name} must be a positive int, got {value!r}")
    if not 0.0 <= dropout < 1.0:
        raise ValueError(f"mlp: dropout must be in [0, 1), got {dropout!r}")
    blocks: list[nn.Module] = [hidden_block(in_features, width, batchnorm, dropout)]
    for _ in range(layers - 1):
        block = hidden_block(width, width, batchnorm, dropout)
        blocks.append(nn.Residual(block) if residual else block)
    blocks.append(nn.Linear(width, num_classes))
    return nn.Sequential(*blocks)


def linear_layers(model: nn.Module) -> list[nn.Linear]:
    """The model's Linear layers in the order they are applied (first hidden … output)."""
    return [m for m in model.modules() if isinstance(m, nn.Linear)]


class ConvNet(nn.Module):
    """The `mnist1d` lab's CNN (gs.models.CNN) with a chosen kernel size, or with pooling.

        h_l = relu(conv_l(h_{l-1}))                       pool=False: stride-2 convolutions
        h_l = maxpool₂(relu(conv_l(h_{l-1})))             pool=True: stride 1, then max pooling
        z   = W flatten(h₃) + b

    Three Conv1d layers of `channels` channels with kernels `kernel_sizes`,
    each padded by k // 2 (default) or by `padding`. Both ways halve the length
    at every layer (40 → 20 → 10 → 5 with the default padding); max pooling
    keeps the strongest response of each pair of neighbours instead of
    sampling every other position. kernel_sizes=(5, 3, 3), padding=1,
    pool=False is gs.models.CNN exactly (same parameter names and shapes).

    Shapes: x (N, length) → logits z (N, num_classes).
    """

    def __init__(self, kernel_sizes: tuple[int, int, int] = (5, 3, 3), pool: bool = False,
                 padding: int | None = None, length: int = IN_FEATURES, channels: int = 25,
                 num_classes: int = NUM_CLASSES) -> None:
        super().__init__()
        if len(kernel_sizes) != 3 or not all(isinstance(k, int) and k >= 1
                                             for k in kernel_sizes):
            raise ValueError(f"ConvNet: kernel_sizes must be three positive ints, "
                             f"got {kernel_sizes!r}")
        stride = 1 if pool else 2
        pads = [k // 2 if padding is None else padding for k in kernel_sizes]
        self.pool = nn.MaxPool1d(2) if pool else None
        self.conv1 = nn.Conv1d(1, channels, kernel_sizes[0], stride=stride, padding=pads[0])
        self.conv2 = nn.Conv1d(channels, channels, kernel_sizes[1], stride=stride,
                               padding=pads[1])
        self.conv3 = nn.Conv1d(channels, channels, kernel_sizes[2], stride=stride,
                               padding=pads[2])
        out_length = length
        for k, p in zip(kernel_sizes, pads):
            out_length = (out_length + 2 * p - k) // stride + 1
            out_length = out_length // 2 if pool else out_length
            if out_length < 1:
                raise ValueError(f"ConvNet: kernel_sizes {kernel_sizes} leave no positions "
                                 f"of a signal of length {length}")
        self.linear = nn.Linear(channels * out_length, num_classes)

    def forward(self, x: Tensor) -> Tensor:
        h = x.reshape(x.shape[0], 1, x.shape[-1])
        for conv in (self.conv1, self.conv2, self.conv3):
            h = conv(h).relu()
            if self.pool is not None:
                h = self.pool(h)
        return self.linear(h.reshape(h.shape[0], -1))
