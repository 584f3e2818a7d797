"""Reductions against PyTorch in float64: sum, mean, var, max, min, argmax, logsumexp, softmax."""
import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

import gradschool as gs

from .helpers import assert_close, check, nonempty_shapes, rand, seeds, shapes, small_ints


@st.composite
def dims(draw, allow_tuple=True, allow_none=True):
    """A shape and a `dim` argument valid for it: None, an int (maybe negative) or a tuple."""
    shape = draw(nonempty_shapes)
    n = len(shape)
    options = ["int"] + (["tuple"] if allow_tuple else []) + (["none"] if allow_none else [])
    kind = draw(st.sampled_from(options))
    if kind == "none":
        return shape, None
    if kind == "int":
        return shape, draw(st.integers(-n, n - 1))
    picked = draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True))
    return shape, tuple(d - n if draw(st.booleans()) else d for d in picked)


def _kwargs(dim, keepdim):
    return {} if dim is None else {"dim": dim, "keepdim": keepdim}


@pytest.mark.parametrize("name", ["sum", "mean"])
@given(case=dims(), keepdim=st.booleans(), seed=seeds)
def test_sum_mean(name, case, keepdim, seed):
    shape, dim = case
    kw = _kwargs(dim, keepdim)
    check(lambda t: getattr(t, name)(**kw), lambda t: getattr(t, name)(**kw),
          rand(seed, shape), seed=seed)
    check(lambda t: getattr(gs, name)(t, **kw), lambda t: getattr(torch, name)(t, **kw),
          rand(seed, shape), seed=seed)


@given(case=dims(), keepdim=st.booleans(), correction=st.sampled_from([0, 1]), seed=seeds)
def test_var_std(case, keepdim, correction, seed):
    shape, dim = case
    n = np.prod(shape) if dim is None else np.prod(
        [shape[d] for d in ((dim,) if isinstance(dim, int) else dim)])
    if n <= correction:
        return  # torch gives nan with a warning; not what this test is about
    kw = _kwargs(dim, keepdim)
    check(lambda t: t.var(correction=correction, **kw),
          lambda t: t.var(correction=correction, **kw), rand(seed, shape), seed=seed)
    if n > 1:  # the default correction is 1
        check(lambda t: gs.var(t, **kw), lambda t: torch.var(t, **kw), rand(seed, shape),
              seed=seed)
        check(lambda t: t.std(**kw), lambda t: t.std(**kw), rand(seed, shape), seed=seed)


def test_sum_of_a_scalar_and_unbiased_flag():
    check(lambda t: t.sum(), lambda t: t.sum(), np.array(2.5))
    check(lambda t: t.var(0, unbiased=False), lambda t: t.var(0, unbiased=False),
          np.array([1.0, 2.0, 4.0]))


@pytest.mark.parametrize("name", ["max", "min"])
@given(shape=shapes, seed=seeds)
def test_max_min_over_everything_splits_ties(name, shape, seed):
    x = small_ints(seed, shape)  # ties: torch shares the gradient evenly
    check(lambda t: getattr(t, name)(), lambda t: getattr(t, name)(), x, seed=seed)
    check(lambda t: getattr(gs, name)(t), lambda t: getattr(torch, name)(t), x, seed=seed)


@pytest.mark.parametrize("name", ["max", "min"])
@given(case=dims(allow_tuple=False, allow_none=False), keepdim=st.booleans(),
       ties=st.booleans(), seed=seeds)
def test_max_min_along_a_dim(name, case, keepdim, ties, seed):
    shape, dim = case
    x = small_ints(seed, shape) if ties else rand(seed, shape)
    ours = getattr(gs.tensor(x, requires_grad=True), name)(dim, keepdim=keepdim)
    theirs = getattr(torch.tensor(x, requires_grad=True), name)(dim, keepdim=keepdim)
    values, indices = ours  # a (values, indices) pair, like torch's
    assert_close(ours.values, theirs.values)
    assert_close(indices, theirs.indices)  # the first extreme element, as torch
    assert not indices.requires_grad
    check(lambda t: getattr(t, name)(dim=dim, keepdim=keepdim)[0],
          lambda t: getattr(t, name)(dim=dim, keepdim=keepdim)[0], x, seed=seed)


@pytest.mark.parametrize("name", ["argmax", "argmin"])
@given(case=dims(allow_tuple=False), keepdim=st.booleans(), seed=seeds)
def test_argmax_argmin(name, case, keepdim, seed):
    shape, dim = case
    x = small_ints(seed, shape)
    kw = _kwargs(dim, keepdim)
    t = gs.tensor(x, requires_grad=True)
    ours = getattr(t, name)(**kw)
    assert_close(ours, getattr(torch.tensor(x), name)(**kw))
    assert ours.dtype == gs.int64 and not ours.requires_grad and ours.grad_fn is None
    assert_close(getattr(gs, name)(t, **kw), getattr(torch, name)(torch.tensor(x), **kw))


@given(case=dims(allow_none=False), keepdim=st.booleans(), seed=seeds)
def test_logsumexp(case, keepdim, seed):
    shape, dim = case
    check(lambda t: t.logsumexp(dim, keepdim=keepdim),
          lambda t: t.logsumexp(dim, keepdim=keepdim), rand(seed, shape, -5, 5), seed=seed)
    check(lambda t: gs.logsumexp(t, dim, keepdim), lambda t: torch.logsumexp(t, dim, keepdim),
          rand(seed, shape) * 300, seed=seed)  # large values: no overflow


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
@given(case=dims(allow_tuple=False, allow_none=False), scale=st.sampled_from([1.0, 400.0]),
       seed=seeds)
def test_softmax_log_softmax(name, case, scale, seed):
    shape, dim = case
    x = rand(seed, shape) * scale
    check(lambda t: getattr(t, name)(dim), lambda t: getattr(t, name)(dim), x, seed=seed)
    check(lambda t: getattr(gs, name)(t, dim), lambda t: getattr(torch, name)(t, dim), x,
          seed=seed)


def test_reduction_dim_errors_name_the_dim():
    x = gs.tensor(np.zeros((2, 3)))
    with pytest.raises(IndexError, match="sum: dim 2 is out of range"):
        x.sum(2)
    with pytest.raises(IndexError, match="max: dim -3"):
        x.max(-3)


def test_dim_may_be_a_numpy_integer():
    x = np.arange(6.0).reshape(2, 3)
    check(lambda t: t.sum(np.int64(1)), lambda t: t.sum(1), x)
    check(lambda t: t.mean((np.int64(0), 1)), lambda t: t.mean((0, 1)), x)


@pytest.mark.parametrize("dim", [0, -1])
def test_zero_dimensional_tensors_accept_dim_0_and_minus_1(dim):
    x = np.array(1.7)
    for name in ["sum", "mean", "logsumexp", "softmax", "log_softmax"]:
        check(lambda t, n=name: getattr(t, n)(dim), lambda t, n=name: getattr(t, n)(dim), x)
    check(lambda t: t.max(dim)[0], lambda t: t.max(dim)[0], x)
    check(lambda t: t.min(dim, keepdim=True).values, lambda t: t.min(dim, keepdim=True).values, x)
    assert_close(gs.tensor(x).max(dim).indices, torch.tensor(x).max(dim).indices)
    check(lambda t: t.transpose(dim, 0), lambda t: t.transpose(dim, 0), x)
    check(lambda t: t.squeeze(dim), lambda t: t.squeeze(dim), x)


def test_empty_dim_tuple_means_all_and_duplicates_are_an_error():
    x = np.arange(6.0).reshape(2, 3)
    check(lambda t: t.sum(()), lambda t: t.sum(()), x)
    check(lambda t: t.mean([]), lambda t: t.mean([]), x)
    with pytest.raises(ValueError, match=r"sum: dim=\(1, -2, 1\) names a dimension more than"):
        gs.tensor(x).sum((1, -2, 1))


def test_argmax_keepdim_over_everything():
    x = np.array([[1.0, 5.0], [2.0, 0.0]])
    for name in ["argmax", "argmin"]:
        assert_close(getattr(gs.tensor(x), name)(keepdim=True),
                     getattr(torch.tensor(x), name)(keepdim=True))
