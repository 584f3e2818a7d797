"""Matrix multiplication against PyTorch in float64: 1-D, 2-D and batched operands with
broadcast batch dimensions, and the error messages."""
import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import gradschool as gs

from .helpers import check, rand, seeds

sizes = st.integers(1, 4)
batches = hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=3)


@given(batch=batches, n=sizes, k=sizes, m=sizes, seed=seeds)
def test_batched_matmul_broadcasts_batch_dims(batch, n, k, m, seed):
    ba, bb = batch.input_shapes
    a, b = rand(seed, ba + (n, k)), rand(seed + 1, bb + (k, m))
    check(lambda x, y: x @ y, lambda x, y: x @ y, a, b, seed=seed)
    check(gs.matmul, torch.matmul, a, b, seed=seed)


@given(batch=batches, n=sizes, k=sizes, seed=seeds)
def test_one_dimensional_operands(batch, n, k, seed):
    ba, bb = batch.input_shapes
    v, w = rand(seed, (k,)), rand(seed + 1, (k,))
    a, b = rand(seed + 2, ba + (n, k)), rand(seed + 3, bb + (k, n))
    check(lambda x, y: x @ y, lambda x, y: x @ y, v, w, seed=seed)  # dot product
    check(lambda x, y: x @ y, lambda x, y: x @ y, a, v, seed=seed)  # (..., n, k) @ (k,)
    check(lambda x, y: x @ y, lambda x, y: x @ y, v, b, seed=seed)  # (k,) @ (..., k, n)


def test_matmul_with_a_reused_operand_and_arrays():
    a = np.arange(6.0).reshape(2, 3) / 5
    check(lambda x: x @ x.T @ x, lambda x: x @ x.T @ x, a)
    w = np.ones((3, 2))
    check(lambda x: x @ w, lambda x: x @ torch.from_numpy(w), a)
    check(lambda x: w.T @ x.T, lambda x: torch.from_numpy(w.T) @ x.T, a)


def test_matmul_errors_name_shapes_and_inner_dims():
    a, b = gs.tensor(np.zeros((2, 3))), gs.tensor(np.zeros((4, 5)))
    with pytest.raises(ValueError, match=r"matmul: \(2, 3\) @ \(4, 5\): inner dimensions "
                                         r"3 and 4 differ"):
        a @ b
    with pytest.raises(ValueError, match=r"matmul: \(3,\) @ \(2,\)"):
        gs.tensor(np.zeros(3)) @ gs.tensor(np.zeros(2))
    with pytest.raises(ValueError, match=r"batch dimensions \(2,\) and \(3,\)"):
        gs.tensor(np.zeros((2, 2, 3))) @ gs.tensor(np.zeros((3, 3, 4)))
    with pytest.raises(ValueError, match="at least 1 dimension"):
        gs.tensor(2.0) @ gs.tensor(np.zeros(3))
