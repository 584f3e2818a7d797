"""The low-rank quiz's numbers, computed with PyTorch."""
import torch

A = torch.tensor([[4.0, 0.0], [3.0, -5.0]], dtype=torch.float64)
S_KNEE = torch.tensor([9.0, 8.0, 7.5, 0.6, 0.5, 0.4], dtype=torch.float64)

ORACLES = {
    "eckart-young-k1": lambda: torch.linalg.svdvals(A)[1:].norm().item(),
    "knee": lambda: int(torch.argmax(S_KNEE[:-1] / S_KNEE[1:])) + 1,
    "lora-params": lambda: torch.zeros(768, 8).numel() + torch.zeros(8, 768).numel(),
    "memory-mb": lambda: torch.zeros(10_000, 10_000, dtype=torch.float64).nbytes / 1e6,
}
