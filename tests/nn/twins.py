"""Helpers for checking a gradschool layer against its PyTorch twin in float64."""
from __future__ import annotations

import numpy as np
import torch

import gradschool as gs

RTOL, ATOL = 1e-9, 1e-11


def close(ours, theirs, rtol: float = RTOL, atol: float = ATOL) -> None:
    """Assert that a gradschool value equals a torch (or NumPy) one."""
    a = np.asarray(ours.data if isinstance(ours, gs.Tensor) else ours)
    b = theirs.detach().numpy() if isinstance(theirs, torch.Tensor) else np.asarray(theirs)
    assert a.shape == b.shape, (a.shape, b.shape)
    np.testing.assert_allclose(a, b, rtol=rtol, atol=atol)


def copy_weights(theirs: torch.nn.Module, ours: gs.nn.Module) -> None:
    """Load torch's state (as NumPy arrays) into our module, both in float64."""
    theirs.double()
    ours.double()
    ours.load_state_dict({k: v.numpy() for k, v in theirs.state_dict().items()})


def compare_layer(ours: gs.nn.Module, theirs: torch.nn.Module, x: np.ndarray,
                  rtol: float = RTOL, atol: float = ATOL) -> None:
    """Same output, same input gradient, same gradient for every parameter (by name)."""
    copy_weights(theirs, ours)
    xg = gs.tensor(x, requires_grad=True)
    xt = torch.tensor(x, requires_grad=True)
    y, yt = ours(xg), theirs(xt)
    close(y, yt, rtol, atol)
    seed = np.random.default_rng(1).standard_normal(yt.shape)
    y.backward(gs.tensor(seed))
    yt.backward(torch.from_numpy(seed))
    close(xg.grad, xt.grad, rtol, atol)
    torch_params = dict(theirs.named_parameters())
    names = [name for name, _ in ours.named_parameters()]
    assert names == list(torch_params)
    for name, p in ours.named_parameters():
        close(p.grad, torch_params[name].grad, rtol, atol)
    for name, b in theirs.named_buffers():
        close(dict(ours.named_buffers())[name], b, rtol, atol)


def compare_fn(ours, theirs, *arrays: np.ndarray, grad: tuple[bool, ...] | None = None,
               rtol: float = RTOL, atol: float = ATOL, **kwargs) -> None:
    """Call `ours` and `theirs` on the same arrays (and kwargs); compare values and gradients.

    Float arrays require grad unless `grad` says otherwise; torch tensors among
    kwargs are converted to gradschool Tensors for `ours`.
    """
    if grad is None:
        grad = tuple(np.asarray(a).dtype.kind == "f" for a in arrays)
    xs = [gs.tensor(a, requires_grad=g) for a, g in zip(arrays, grad)]
    ts = [torch.tensor(a, requires_grad=g) for a, g in zip(arrays, grad)]
    our_kwargs = {k: gs.tensor(v.numpy()) if isinstance(v, torch.Tensor) else v
                  for k, v in kwargs.items()}
    y, yt = ours(*xs, **our_kwargs), theirs(*ts, **kwargs)
    close(y, yt, rtol, atol)
    assert np.isfinite(y.data).all() == torch.isfinite(yt).all().item()
    if not any(grad):
        return
    seed = np.random.default_rng(2).standard_normal(yt.shape) if yt.dim() else np.array(1.0)
    y.backward(gs.tensor(seed, dtype=y.dtype))
    yt.backward(torch.tensor(seed, dtype=yt.dtype))
    for x, t, g in zip(xs, ts, grad):
        if g:
            close(x.grad, t.grad, rtol, atol)
