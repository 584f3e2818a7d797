"""Helpers that turn gradschool values into PyTorch ones for comparison."""
import numpy as np
import torch


def to_torch(x, requires_grad=False):
    """A float64/int torch tensor with the same values as a gradschool Tensor or array."""
    array = np.asarray(x.data if hasattr(x, "data") else x)
    t = torch.from_numpy(array.copy())
    return t.requires_grad_(requires_grad)
