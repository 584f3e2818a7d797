"""The chain-rule quiz's numbers, computed with PyTorch autograd."""
import torch


def _toy(b=(1.0, 2.0, -3.0, 0.4), w=(0.1, -0.4, 2.0, 3.0), x=2.3, y=2.0):
    """The loss of the toy model, and b and w as float64 leaves that require grad."""
    b = torch.tensor(b, dtype=torch.float64, requires_grad=True)
    w = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    f = b[3] + w[3] * torch.cos(b[2] + w[2] * torch.exp(b[1] + w[1] * torch.sin(b[0] + w[0] * x)))
    return (f - y) ** 2, b, w


def _dl_dw3() -> float:
    loss, _, w = _toy()
    loss.backward()
    return w.grad[3].item()


def _exp_chain() -> float:
    w = torch.tensor(0.5, dtype=torch.float64, requires_grad=True)
    ((torch.exp(w * 2.0) - 1.0) ** 2).backward()
    return w.grad.item()


ORACLES = {"loss": lambda: _toy()[0].item(), "dl-dw3": _dl_dw3, "exp-chain": _exp_chain}
