"""Shared helpers: random float64 data and the forward/backward check against PyTorch."""
import numpy as np
import torch
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import gradschool as gs

seeds = st.integers(0, 2**32 - 1)
shapes = hnp.array_shapes(min_dims=0, max_dims=4, min_side=1, max_side=4)
nonempty_shapes = hnp.array_shapes(min_dims=1, max_dims=4, min_side=1, max_side=4)
pairs = hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=4, max_side=4)


def rand(seed, shape, low=-2.0, high=2.0):
    """Uniform float64 values in [low, high)."""
    return np.random.default_rng(seed).uniform(low, high, size=shape)


def away_from_zero(seed, shape, low=0.5, high=2.0):
    """Values with |x| in [low, high) and a random sign (safe denominators)."""
    rng = np.random.default_rng(seed)
    return rng.uniform(low, high, size=shape) * rng.choice([-1.0, 1.0], size=shape)


def small_ints(seed, shape, k=3):
    """Floats drawn from {0, 1, ..., k-1}: ties are likely."""
    return np.random.default_rng(seed).integers(0, k, size=shape).astype(np.float64)


def assert_close(ours, theirs, what="", atol=1e-10, rtol=1e-8):
    theirs = theirs.detach().numpy() if isinstance(theirs, torch.Tensor) else np.asarray(theirs)
    ours = ours.data if isinstance(ours, gs.Tensor) else np.asarray(ours)
    assert ours.shape == theirs.shape, f"{what}: shape {ours.shape} vs torch {theirs.shape}"
    assert ours.dtype == theirs.dtype, f"{what}: dtype {ours.dtype} vs torch {theirs.dtype}"
    np.testing.assert_allclose(ours, theirs, atol=atol, rtol=rtol, err_msg=what)


def check(gs_fn, torch_fn, *arrays, grad=True, seed=0, atol=1e-10, rtol=1e-8):
    """Run both functions on the same float64 arrays and compare the outputs
    and (with a random output gradient) the gradient of every float input."""
    xs, ts = [], []
    for a in arrays:
        a = np.asarray(a)
        wants = grad and a.dtype.kind == "f"
        xs.append(gs.tensor(a, requires_grad=wants))
        ts.append(torch.tensor(a, requires_grad=wants))
    y, t = gs_fn(*xs), torch_fn(*ts)
    assert isinstance(y, gs.Tensor), f"expected a Tensor, got {type(y).__name__}"
    assert_close(y, t, "forward", atol, rtol)
    if not grad:
        return y
    assert y.requires_grad == t.requires_grad
    gy = np.random.default_rng(seed).standard_normal(y.shape)
    y.backward(gs.tensor(gy))
    t.backward(torch.from_numpy(gy))
    for i, (x, tx) in enumerate(zip(xs, ts)):
        if tx.grad is None:
            assert x.grad is None, f"input {i}: torch has no grad but we do"
            continue
        assert isinstance(x.grad, gs.Tensor), f"input {i}: .grad is {type(x.grad).__name__}"
        assert_close(x.grad, tx.grad, f"grad of input {i}", atol, rtol)
    return y
