"""The architectures quiz's numbers: PyTorch's default init, twins of the lab's nets built in
PyTorch, and a receptive field read off PyTorch's autograd."""
import math

import torch


def _energy_factor() -> float:
    """n · Var(W) · ½ for W ~ U(±1/√n): the variance of U(±b) is b²/3, and PyTorch's default
    (kaiming_uniform_ with a = √5) draws b = gain·√3/√n."""
    n = 64
    bound = torch.nn.init.calculate_gain("leaky_relu", math.sqrt(5)) * math.sqrt(3 / n)
    return n * bound**2 / 3 * 0.5


def _mlp(width: int, layers: int, batchnorm: bool = False) -> torch.nn.Sequential:
    """40 → width × layers → 10 with ReLUs (and BatchNorm1d before each ReLU)."""
    blocks: list[torch.nn.Module] = []
    sizes = [40] + [width] * layers
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        blocks.append(torch.nn.Linear(n_in, n_out))
        if batchnorm:
            blocks.append(torch.nn.BatchNorm1d(n_out))
        blocks.append(torch.nn.ReLU())
    return torch.nn.Sequential(*blocks, torch.nn.Linear(width, 10))


def _params(model: torch.nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def _cnn_params(k: int, channels: int = 25) -> int:
    """Three Conv1d(k, stride 2, padding k // 2) and the Linear from the flattened output."""
    convs = torch.nn.Sequential(*[torch.nn.Conv1d(c, channels, k, stride=2, padding=k // 2)
                                  for c in (1, channels, channels)])
    flat = convs(torch.zeros(1, 1, 40)).numel()
    return _params(convs) + _params(torch.nn.Linear(flat, 10))


def _receptive_field() -> int:
    """Input points with a non-zero gradient of the middle unit of the third layer of the
    strided CNN (kernels 5, 3, 3, stride 2, padding 1), all weights 1."""
    x = torch.ones(1, 1, 40, requires_grad=True)
    h = x
    for k in (5, 3, 3):
        h = torch.nn.functional.conv1d(h, torch.ones(1, 1, k), stride=2, padding=1)
    (g,) = torch.autograd.grad(h[0, 0, h.shape[-1] // 2], x)
    return int((g != 0).sum())


ORACLES = {
    "energy-factor": _energy_factor,
    "params-deep": lambda: _params(_mlp(64, 32)),
    "bn-params": lambda: _params(_mlp(64, 32, batchnorm=True)) - _params(_mlp(64, 32)),
    "receptive-field": _receptive_field,
    "params-kernel-9": lambda: _cnn_params(9),
}
assert math.isclose(_energy_factor(), 1 / 6)
assert _receptive_field() == 1 + 4 * 1 + 2 * 2 + 2 * 4
assert _cnn_params(5) - _cnn_params(3) == 2 * 25 * (1 + 2 * 25)  # two more taps per filter
