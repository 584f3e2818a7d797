"""The gradient-descent quiz's numbers, with NumPy and PyTorch."""
import numpy as np
import torch

X = np.array([0.03, 0.19, 0.34, 0.46, 0.78, 0.81, 1.08, 1.18, 1.39, 1.60, 1.65, 1.90])
Y = np.array([0.67, 0.85, 1.05, 1.0, 1.40, 1.5, 1.3, 1.54, 1.55, 1.68, 1.73, 1.6])


def _fit():
    slope, intercept = np.polyfit(X, Y, 1)
    return intercept, slope


def _min_loss():
    intercept, slope = _fit()
    return float(np.sum((intercept + slope * X - Y) ** 2))


def _kappa():
    A = torch.stack([torch.ones(12, dtype=torch.float64), torch.tensor(X)], dim=1)
    lam = torch.linalg.eigvalsh(2 * A.T @ A)
    return float(lam[-1] / lam[0])


ORACLES = {
    "intercept": lambda: _fit()[0],
    "min-loss": _min_loss,
    "kappa": _kappa,
}
