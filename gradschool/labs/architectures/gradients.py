"""The gradient that reaches each layer at initialisation, measured on one batch."""
from __future__ import annotations

import numpy as np

from gradschool import nn
from gradschool.autograd.tensor import make_tensor

from .models import linear_layers


def layer_gradient_norms(model: nn.Module, x: np.ndarray, y: np.ndarray) -> list[float]:
    """‖∂L/∂W_l‖_F for every Linear layer l of `model`, in the order they are applied.

    L is the mean cross-entropy of the model's logits on the batch x (N, 40),
    y (N,) in training mode (the mode of the first step of training). For a
    weight W_l of z_l = W_l h_{l-1} + b_l, ∂L/∂W_l = Σ_n δ_l,n h_{l-1,n}ᵀ with
    δ_l = ∂L/∂z_l: in a plain ReLU net δ_l is a product of one Jacobian per
    layer above l, so it shrinks (or grows) geometrically with the depth below
    the output. The model is left as it was: gradients cleared, BatchNorm's
    running statistics put back.
    """
    if len(x) != len(y):
        raise ValueError(f"layer_gradient_norms: {len(x)} inputs but {len(y)} labels")
    layers = linear_layers(model)
    if not layers:
        raise ValueError(f"layer_gradient_norms: {type(model).__name__} has no Linear layer")
    buffers = {name: b.data.copy() for name, b in model.named_buffers()}
    was_training = model.training
    model.train()
    model.zero_grad()
    loss = nn.functional.cross_entropy(model(make_tensor(x.astype(layers[0].weight.data.dtype))),
                                       make_tensor(y.astype(np.int64)))
    loss.backward()
    norms = [float(np.linalg.norm(layer.weight.grad.data.astype(np.float64)))
             for layer in layers]
    model.zero_grad()
    model.train(was_training)
    for name, b in model.named_buffers():
        b.data[...] = buffers[name]
    return norms
