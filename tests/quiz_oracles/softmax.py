"""The softmax quiz's numbers, computed with PyTorch and plain Python floats."""
import torch


def _first_zero_product(p: float) -> int:
    """Multiply Python floats (float64) until the product is exactly 0."""
    product, n = 1.0, 0
    while product > 0:
        product *= p
        n += 1
    return n


ORACLES = {
    "entropy-uniform": lambda: torch.distributions.Categorical(
        probs=torch.full((8,), 1 / 8, dtype=torch.float64)).entropy().item(),
    "underflow": lambda: _first_zero_product(0.01),
    "kl": lambda: torch.nn.functional.kl_div(
        torch.tensor([0.9, 0.1], dtype=torch.float64).log(),
        torch.tensor([0.5, 0.5], dtype=torch.float64), reduction="sum").item(),
    "cross-entropy": lambda: torch.nn.functional.cross_entropy(
        torch.tensor([[2.0, 1.0, 0.0]], dtype=torch.float64), torch.tensor([0])).item(),
}
