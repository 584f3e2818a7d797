"""Indexing against PyTorch in float64: ints, slices, None, Ellipsis, integer arrays
(with repeats: their gradients add up) and boolean masks."""
import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

import gradschool as gs

from .helpers import check, nonempty_shapes, rand, seeds


@st.composite
def basic_index(draw, shape):
    """A tuple of ints and positive-step slices (torch has no negative steps)."""
    parts = []
    for n in shape[:draw(st.integers(1, len(shape)))]:
        if draw(st.booleans()):
            parts.append(draw(st.integers(-n, n - 1)))
        else:
            start = draw(st.none() | st.integers(-n, n))
            stop = draw(st.none() | st.integers(-n, n))
            parts.append(slice(start, stop, draw(st.none() | st.integers(1, 3))))
    return tuple(parts)


@given(shape=nonempty_shapes, data=st.data(), seed=seeds)
def test_basic_indexing(shape, data, seed):
    x = rand(seed, shape)
    index = data.draw(basic_index(shape))
    check(lambda t: t[index], lambda t: t[index], x, seed=seed)
    check(lambda t: t[index[0]], lambda t: t[index[0]], x, seed=seed)
    check(lambda t: t[..., None, 0], lambda t: t[..., None, 0], x, seed=seed)


@given(shape=nonempty_shapes, data=st.data(), seed=seeds)
def test_integer_array_indexing_with_repeats(shape, data, seed):
    x = rand(seed, shape)
    n = shape[0]
    picks = data.draw(st.lists(st.integers(-n, n - 1), min_size=1, max_size=6))
    idx = np.array(picks)
    check(lambda t: t[gs.tensor(idx)], lambda t: t[torch.tensor(idx)], x, seed=seed)
    check(lambda t: t[list(picks)], lambda t: t[list(picks)], x, seed=seed)
    if len(shape) >= 2:
        m = shape[1]
        cols = np.array(data.draw(st.lists(st.integers(0, m - 1), min_size=len(picks),
                                           max_size=len(picks))))
        check(lambda t: t[gs.tensor(idx), gs.tensor(cols)],
              lambda t: t[torch.tensor(idx), torch.tensor(cols)], x, seed=seed)
        check(lambda t: t[:, gs.tensor(cols)], lambda t: t[:, torch.tensor(cols)], x,
              seed=seed)


@given(shape=nonempty_shapes, seed=seeds)
def test_boolean_mask_indexing(shape, seed):
    x = rand(seed, shape)
    mask = x > 0
    check(lambda t: t[t > 0], lambda t: t[t > 0], x, seed=seed)
    check(lambda t: t[gs.tensor(mask)], lambda t: t[torch.tensor(mask)], x, seed=seed)
    row = mask.reshape(shape[0], -1)[:, 0]
    check(lambda t: t[gs.tensor(row)], lambda t: t[torch.tensor(row)], x, seed=seed)


def test_index_of_an_index_and_reuse():
    x = np.arange(12.0).reshape(3, 4) / 7
    check(lambda t: t[1:][:, [0, 0, 3]] * t[0, :3],
          lambda t: t[1:][:, [0, 0, 3]] * t[0, :3], x)
    check(lambda t: t[[2, 2, 2]].sum() + t[2].exp().sum(),
          lambda t: t[[2, 2, 2]].sum() + t[2].exp().sum(), x)


def test_index_errors_name_the_shape():
    x = gs.tensor(np.zeros((2, 3)))
    with pytest.raises(IndexError, match=r"shape \(2, 3\)"):
        x[5]
    with pytest.raises(IndexError, match=r"shape \(2, 3\)"):
        x[[0, 7]]
