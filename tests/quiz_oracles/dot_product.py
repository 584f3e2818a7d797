"""The dot-product quiz's numbers, computed with PyTorch and the closed form."""
import torch

A = torch.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=torch.float64)
B = torch.tensor([[5.0, 6.0], [7.0, 8.0]], dtype=torch.float64)
XY = torch.tensor([[1.0, 2.0, 3.0, 4.0], [2.0, 4.0, 5.0, 4.0]], dtype=torch.float64)

ORACLES = {
    "flops": lambda: 2 * 256**3,
    "frobenius": lambda: torch.trace(A.T @ B).item(),
    "cosine": lambda: torch.nn.functional.cosine_similarity(
        torch.tensor([1.0, 1.0], dtype=torch.float64),
        torch.tensor([1.0, 0.0], dtype=torch.float64), dim=0).item(),
    "correlation": lambda: torch.corrcoef(XY)[0, 1].item(),
}
