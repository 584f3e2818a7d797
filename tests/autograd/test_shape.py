"""Shape ops against PyTorch in float64: reshape, view, flatten, transpose, permute, .T,
unsqueeze, squeeze, expand, cat, stack."""
import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

import gradschool as gs

from .helpers import check, nonempty_shapes, rand, seeds, shapes


@given(shape=shapes, data=st.data(), seed=seeds)
def test_reshape_view_flatten(shape, data, seed):
    x = rand(seed, shape)
    n = x.size
    new = data.draw(st.sampled_from([(n,), (1, n), (n, 1), (-1,), (1, -1, 1), ()] if n == 1
                                    else [(n,), (1, n), (n, 1), (-1,), (1, -1, 1)]))
    check(lambda t: t.reshape(new), lambda t: t.reshape(new), x, seed=seed)
    if new:
        check(lambda t: t.reshape(*new), lambda t: t.reshape(*new), x, seed=seed)
    check(lambda t: t.view(new), lambda t: t.view(new), x, seed=seed)
    check(lambda t: gs.reshape(t, new), lambda t: torch.reshape(t, new), x, seed=seed)
    check(lambda t: t.flatten(), lambda t: t.flatten(), x, seed=seed)
    if x.ndim >= 2:
        s = data.draw(st.integers(0, x.ndim - 1))
        e = data.draw(st.integers(s, x.ndim - 1))
        check(lambda t: t.flatten(s, e), lambda t: t.flatten(s, e), x, seed=seed)
        check(lambda t: gs.flatten(t, s - x.ndim), lambda t: torch.flatten(t, s - x.ndim), x,
              seed=seed)


@given(shape=nonempty_shapes, data=st.data(), seed=seeds)
def test_transpose_permute_T(shape, data, seed):
    x = rand(seed, shape)
    n = x.ndim
    a, b = data.draw(st.integers(-n, n - 1)), data.draw(st.integers(-n, n - 1))
    perm = tuple(data.draw(st.permutations(range(n))))
    check(lambda t: t.transpose(a, b), lambda t: t.transpose(a, b), x, seed=seed)
    check(lambda t: gs.transpose(t, a, b), lambda t: torch.transpose(t, a, b), x, seed=seed)
    check(lambda t: t.permute(*perm), lambda t: t.permute(*perm), x, seed=seed)
    check(lambda t: t.permute(perm), lambda t: t.permute(perm), x, seed=seed)
    check(lambda t: gs.permute(t, perm), lambda t: torch.permute(t, perm), x, seed=seed)
    if n == 2:  # torch deprecates .T on other ranks; ours reverses all dims
        check(lambda t: t.T, lambda t: t.T, x, seed=seed)
    else:
        check(lambda t: t.T, lambda t: t.permute(*reversed(range(n))), x, seed=seed)


@given(shape=shapes, data=st.data(), seed=seeds)
def test_unsqueeze_squeeze(shape, data, seed):
    x = rand(seed, shape)
    n = x.ndim
    d = data.draw(st.integers(-n - 1, n))
    check(lambda t: t.unsqueeze(d), lambda t: t.unsqueeze(d), x, seed=seed)
    check(lambda t: gs.unsqueeze(t, d), lambda t: torch.unsqueeze(t, d), x, seed=seed)
    check(lambda t: t.squeeze(), lambda t: t.squeeze(), x, seed=seed)
    if n:
        s = data.draw(st.integers(-n, n - 1))
        check(lambda t: t.squeeze(s), lambda t: t.squeeze(s), x, seed=seed)
        check(lambda t: gs.squeeze(t, s), lambda t: torch.squeeze(t, s), x, seed=seed)


@given(shape=shapes, data=st.data(), seed=seeds)
def test_expand(shape, data, seed):
    x = rand(seed, shape)
    lead = tuple(data.draw(st.lists(st.integers(1, 3), max_size=2)))
    target = lead + tuple(data.draw(st.sampled_from([n, -1] if n != 1 else [1, 3, -1]))
                          for n in shape)
    if target:
        check(lambda t: t.expand(*target), lambda t: t.expand(*target), x, seed=seed)
    check(lambda t: t.expand(target), lambda t: t.expand(target), x, seed=seed)


def test_expand_errors():
    x = gs.tensor([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"expand: shape \(3,\) cannot be expanded to \(2, 4\)"):
        x.expand(2, 4)
    with pytest.raises(ValueError, match="-1"):
        x.expand(-1, 3)
    with pytest.raises(ValueError, match="fewer"):
        x.expand(())


@given(shape=nonempty_shapes, data=st.data(), seed=seeds)
def test_cat(shape, data, seed):
    n = len(shape)
    d = data.draw(st.integers(-n, n - 1))
    sizes = data.draw(st.lists(st.integers(1, 3), min_size=1, max_size=3))
    arrays = []
    for i, k in enumerate(sizes):
        s = list(shape)
        s[d] = k
        arrays.append(rand(seed + i, tuple(s)))
    check(lambda *ts: gs.cat(ts, dim=d), lambda *ts: torch.cat(ts, dim=d), *arrays, seed=seed)
    check(lambda *ts: gs.cat(list(ts), d), lambda *ts: torch.cat(list(ts), d), *arrays,
          seed=seed)


@given(shape=shapes, data=st.data(), seed=seeds)
def test_stack(shape, data, seed):
    n = len(shape)
    d = data.draw(st.integers(-n - 1, n))
    k = data.draw(st.integers(1, 3))
    arrays = [rand(seed + i, shape) for i in range(k)]
    check(lambda *ts: gs.stack(ts, dim=d), lambda *ts: torch.stack(ts, dim=d), *arrays,
          seed=seed)


def test_cat_stack_of_a_reused_tensor():
    x = np.array([[1.0, 2.0], [3.0, 4.0]])
    check(lambda t: gs.cat([t, t * 2, t], 1), lambda t: torch.cat([t, t * 2, t], 1), x)
    check(lambda t: gs.stack([t, t.exp()]), lambda t: torch.stack([t, t.exp()]), x)


def test_cat_and_stack_errors_name_the_shapes():
    a, b = gs.tensor(np.zeros((2, 3))), gs.tensor(np.zeros((2, 4)))
    with pytest.raises(ValueError, match=r"cat: tensor 1 has shape \(2, 4\) but tensor 0 "
                                         r"has shape \(2, 3\)"):
        gs.cat([a, b], dim=0)
    assert gs.cat([a, b], dim=1).shape == (2, 7)
    with pytest.raises(ValueError, match=r"cat: tensor 1 has shape \(3,\)"):
        gs.cat([a, gs.tensor([1.0, 2.0, 3.0])])
    with pytest.raises(ValueError, match="non-empty"):
        gs.cat([])
    with pytest.raises(ValueError, match=r"stack: tensor 1 has shape \(2, 4\).*\(2, 3\)"):
        gs.stack([a, b])


def test_shape_errors():
    x = gs.tensor(np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"reshape: cannot view shape \(2, 3\) \(6 elements\) "
                                         r"as \(4, 2\)"):
        x.reshape(4, 2)
    with pytest.raises(ValueError, match="permute: dims"):
        x.permute(0, 0)
    with pytest.raises(IndexError, match="transpose: dim 2 is out of range"):
        x.transpose(0, 2)
