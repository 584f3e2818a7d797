"""The two-moons quiz's numbers, computed with PyTorch and scikit-learn."""
import torch
from sklearn.datasets import make_moons


def _grad_logit() -> float:
    z = torch.tensor([0.0], dtype=torch.float64, requires_grad=True)
    torch.nn.functional.binary_cross_entropy_with_logits(
        z, torch.tensor([1.0], dtype=torch.float64)).backward()
    return z.grad.item()


ORACLES = {
    "mlp-params": lambda: sum(p.numel() for p in torch.nn.Sequential(
        torch.nn.Linear(2, 16), torch.nn.ReLU(), torch.nn.Linear(16, 16), torch.nn.ReLU(),
        torch.nn.Linear(16, 1)).parameters()),
    "bce-logit": lambda: torch.nn.functional.binary_cross_entropy_with_logits(
        torch.tensor([2.0], dtype=torch.float64), torch.tensor([0.0], dtype=torch.float64)).item(),
    "grad-logit": _grad_logit,
    "moons-mean": lambda: make_moons(1000, shuffle=False, noise=0.0)[0][:, 0].mean(),
}
