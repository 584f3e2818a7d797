"""The initialization quiz's numbers, from PyTorch's init gains and the closed form."""
import math

import numpy as np
import torch


def _relu_energy(sigma2: float, D: int) -> float:
    """The per-layer factor of the std, √(D σ² E[relu(z)²] / E[z²]) with E[relu(z)²]/E[z²]
    taken from a symmetric grid of z (exactly 1/2)."""
    z = np.linspace(-3.0, 3.0, 601)
    kept = np.sum(np.maximum(z, 0.0) ** 2) / np.sum(z**2)
    return math.sqrt(D * sigma2 * kept)


ORACLES = {
    "relu-factor": lambda: _relu_energy(1.0, 80),
    "vanishing": lambda: math.log(1000) / -math.log(_relu_energy(1 / 80, 80)),
    "he-std": lambda: torch.nn.init.calculate_gain("relu") / math.sqrt(256),
    "leaky-variance": lambda: torch.nn.init.calculate_gain("leaky_relu", 0.2) ** 2 / 100,
}
