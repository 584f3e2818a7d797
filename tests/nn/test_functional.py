"""gs.nn.functional activations, linear and normalisations against torch.nn.functional."""
import numpy as np
import pytest
import torch
import torch.nn.functional as TF
from hypothesis import given
from hypothesis import strategies as st

import gradschool as gs
from gradschool.nn import functional as F
from tests.nn.twins import close, compare_fn

shapes = st.lists(st.integers(1, 5), min_size=1, max_size=3)


def normal(shape, seed=0, scale=1.0):
    return np.random.default_rng(seed).standard_normal(shape) * scale


@given(shape=shapes, scale=st.sampled_from([0.5, 3.0, 30.0]), slope=st.sampled_from([0.01, 0.2]))
def test_activations(shape, scale, slope):
    x = normal(shape, scale=scale)
    x.flat[0] = 0.0
    for ours, theirs in [(F.relu, TF.relu), (F.sigmoid, torch.sigmoid), (F.tanh, torch.tanh),
                         (F.gelu, TF.gelu), (F.softplus, TF.softplus)]:
        compare_fn(ours, theirs, x)
    compare_fn(F.leaky_relu, TF.leaky_relu, x, negative_slope=slope)
    compare_fn(F.gelu, TF.gelu, x, approximate="tanh")
    compare_fn(F.softplus, TF.softplus, x, beta=2.0, threshold=5.0)


@given(shape=shapes, data=st.data())
def test_softmax_and_log_softmax(shape, data):
    dim = data.draw(st.integers(-len(shape), len(shape) - 1))
    x = normal(shape, scale=5.0)
    compare_fn(F.softmax, TF.softmax, x, dim=dim)
    compare_fn(F.log_softmax, TF.log_softmax, x, dim=dim)


def test_softmax_extremes_dtype_and_implicit_dim():
    x = np.array([[-1e4, 0.0, 1e4], [1e4, 1e4, -1e4]])
    compare_fn(F.softmax, TF.softmax, x, dim=1, atol=1e-12)
    compare_fn(F.log_softmax, TF.log_softmax, x, dim=1)
    assert F.softmax(gs.tensor(x, dtype=gs.float32), dim=1, dtype=gs.float64).dtype == np.float64
    with pytest.warns(UserWarning, match="Implicit dimension choice"):
        y = F.softmax(gs.tensor(x))
    with pytest.warns(UserWarning):
        close(y, TF.softmax(torch.tensor(x)))


@given(lead=st.lists(st.integers(1, 4), max_size=2), n_in=st.integers(1, 5),
       n_out=st.integers(1, 5), bias=st.booleans())
def test_linear(lead, n_in, n_out, bias):
    arrays = [normal((*lead, n_in)), normal((n_out, n_in), 1)]
    arrays += [normal(n_out, 2)] if bias else []
    compare_fn(F.linear, TF.linear, *arrays)


def test_linear_only_computes_wanted_gradients():
    x, w, b = normal((3, 4)), normal((2, 4), 1), normal(2, 2)
    compare_fn(F.linear, TF.linear, x, w, b, grad=(False, True, False))
    compare_fn(F.linear, TF.linear, x, w, b, grad=(True, False, False))


def second_order(ours, theirs, *arrays):
    """d/dinputs of Σ (dL/dinputs)², through create_graph=True, against torch."""
    xs = [gs.tensor(a, requires_grad=True) for a in arrays]
    ts = [torch.tensor(a, requires_grad=True) for a in arrays]
    gs_grads = gs.autograd.grad(ours(*xs), xs, create_graph=True)
    torch_grads = torch.autograd.grad(theirs(*ts), ts, create_graph=True)
    for g, gt in zip(gs_grads, torch_grads):
        close(g, gt)
    sum(((g * g).sum() for g in gs_grads), gs.tensor(0.0, dtype=gs.float64)).backward()
    sum((gt * gt).sum() for gt in torch_grads).backward()
    for x, t in zip(xs, ts):
        close(x.grad, t.grad)


def test_linear_second_order():
    def ours(x, w, b):
        return (F.linear(x, w, b).tanh() ** 2).sum()

    def theirs(x, w, b):
        return (TF.linear(x, w, b).tanh() ** 2).sum()

    second_order(ours, theirs, normal((2, 3, 4)), normal((5, 4), 1), normal(5, 2))


def test_activation_second_order():
    x = normal((3, 4), scale=2.0)
    for ours, theirs in [(F.gelu, TF.gelu), (lambda v: F.gelu(v, approximate="tanh"),
                                             lambda v: TF.gelu(v, approximate="tanh")),
                         (F.leaky_relu, TF.leaky_relu), (F.softplus, TF.softplus)]:
        second_order(lambda v, f=ours: (f(v) ** 3).sum(),
                     lambda v, f=theirs: (f(v) ** 3).sum(), x)


def test_batch_norm_function_eval_and_layer_norm_function():
    x, mean, var, w, b = normal((4, 3, 2)), normal(3, 1), normal(3, 2) ** 2, normal(3, 3), normal(
        3, 4)
    compare_fn(lambda x, w, b: F.batch_norm(x, gs.tensor(mean), gs.tensor(var), w, b),
               lambda x, w, b: TF.batch_norm(x, torch.tensor(mean), torch.tensor(var), w, b),
               x, w, b)
    compare_fn(lambda x, w, b: F.layer_norm(x, (3, 2), w, b),
               lambda x, w, b: TF.layer_norm(x, (3, 2), w, b), x, normal((3, 2)), normal((3, 2)))
    with pytest.raises(ValueError, match="running_mean of shape \\(2,\\) does not match"):
        F.batch_norm(gs.tensor(x), gs.tensor(np.zeros(2)), gs.tensor(np.ones(3)))
