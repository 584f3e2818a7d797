"""The backprop quiz's numbers, computed with PyTorch."""
import torch


def _tiny_network_grad() -> float:
    """∂ℓ/∂Ω₀[0, 0] of the 1 → 2 → 1 ReLU network, by torch autograd."""
    W0 = torch.tensor([[1.0], [-1.0]], dtype=torch.float64, requires_grad=True)
    W1 = torch.tensor([[2.0, 3.0]], dtype=torch.float64)
    x = torch.tensor([[1.5]], dtype=torch.float64)
    ((W1 @ torch.relu(W0 @ x) - 1.0) ** 2).sum().backward()
    return W0.grad[0, 0].item()


def _n_parameters() -> int:
    sizes = [4, 6, 6, 6, 6, 6, 2]
    net = torch.nn.Sequential(*(torch.nn.Linear(i, o) for i, o in zip(sizes, sizes[1:])))
    return sum(p.numel() for p in net.parameters())


def _relative_error() -> float:
    a = torch.tensor([3.0, 4.0], dtype=torch.float64)
    b = torch.tensor([3.0, 4.5], dtype=torch.float64)
    return (torch.linalg.vector_norm(a - b) / torch.linalg.vector_norm(b)).item()


ORACLES = {"tiny-network": _tiny_network_grad, "n-parameters": _n_parameters,
           "relative-error": _relative_error}
