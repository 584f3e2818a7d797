"""The complex-systems quiz's numbers, computed with PyTorch and closed forms."""
import math

import torch

W = torch.tensor([[0.5, 0.5], [0.2, 0.9]], dtype=torch.float64)


def _rk4_decay(x: float = 1.0, h: float = 0.5) -> float:
    """RK4 on dx/dt = −x is its Taylor series to h⁴: x (1 − h + h²/2 − h³/6 + h⁴/24)."""
    return x * sum((-h) ** k / math.factorial(k) for k in range(5))


ORACLES = {
    "linear-rate": lambda: torch.linalg.eigvals(W).abs().max().item(),
    "doubling-time": lambda: math.log(2) / 0.9056,
    "benettin": lambda: (0.3 + 0.1 - 0.05 + 0.25) / (4 * 0.1),
    "rk4-decay": _rk4_decay,
}
assert abs(ORACLES["linear-rate"]() - (1.4 + math.sqrt(1.4**2 - 4 * 0.35)) / 2) < 1e-12
