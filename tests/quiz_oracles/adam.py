"""The adam quiz's numbers: the closed form, and fixed-step descent run with PyTorch."""
import math

import torch


def _cycle(lr=0.6, steps=3000):
    """Fixed-step descent on L = 1 − exp(−2φ1²) exp(−(φ0 − 0.7)²/8) from (−0.7, −0.9) with
    torch: the final (|φ1|, L), on the 2-cycle."""
    phi = torch.tensor([-0.7, -0.9], dtype=torch.float64, requires_grad=True)

    def loss(p):
        return 1 - torch.exp(-2 * p[1] ** 2) * torch.exp(-(p[0] - 0.7) ** 2 / 8)

    for _ in range(steps):
        (g,) = torch.autograd.grad(loss(phi), phi)
        with torch.no_grad():
            phi -= lr * g
    return abs(phi[1].item()), loss(phi).item()


ORACLES = {
    "first-step-factor": lambda: (1 - 0.9) / math.sqrt(1 - 0.999),
    "cycle-amplitude": lambda: _cycle()[0],
    "cycle-loss": lambda: _cycle()[1],
}
