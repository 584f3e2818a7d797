"""Elementwise ops against PyTorch in float64: forward and backward, with broadcasting."""
import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

import gradschool as gs

from .helpers import assert_close, away_from_zero, check, pairs, rand, seeds, shapes, small_ints

BINARY = {
    "add": (lambda a, b: a + b, None),
    "sub": (lambda a, b: a - b, None),
    "mul": (lambda a, b: a * b, None),
    "div": (lambda a, b: a / b, "denominator"),
    "pow": (lambda a, b: a ** b, "positive base"),
}


@pytest.mark.parametrize("name", list(BINARY))
@given(shapes=pairs, seed=seeds)
def test_binary_ops_broadcast(name, shapes, seed):
    op, domain = BINARY[name]
    sa, sb = shapes.input_shapes
    a, b = rand(seed, sa), rand(seed + 1, sb)
    if domain == "denominator":
        b = away_from_zero(seed + 1, sb)
    elif domain == "positive base":
        a = rand(seed, sa, 0.5, 2.0)
    check(op, op, a, b, seed=seed)
    same = b if domain == "denominator" else a
    check(lambda t: op(t, t), lambda t: op(t, t), same, seed=seed)  # one node used twice


@given(shapes=pairs, seed=seeds)
def test_maximum_minimum_broadcast_with_ties(shapes, seed):
    sa, sb = shapes.input_shapes
    a, b = small_ints(seed, sa), small_ints(seed + 1, sb)  # ties: each side gets half
    check(gs.maximum, torch.maximum, a, b, seed=seed)
    check(gs.minimum, torch.minimum, a, b, seed=seed)
    check(lambda x, y: x.maximum(y), torch.maximum, a, b, seed=seed)


@pytest.mark.parametrize("op", [
    lambda x: x + 2, lambda x: 2 + x, lambda x: x - 1.5, lambda x: 1.5 - x,
    lambda x: x * 3, lambda x: 3 * x, lambda x: x / 4, lambda x: 2 / x,
    lambda x: x ** 2, lambda x: x ** 3, lambda x: x ** 0.5, lambda x: x ** -1.5,
    lambda x: x ** 0, lambda x: x ** 1, lambda x: 2 ** x, lambda x: 0.5 ** x,
    lambda x: -x, lambda x: -(x * 2),
], ids=["x+2", "2+x", "x-1.5", "1.5-x", "x*3", "3*x", "x/4", "2/x", "x**2", "x**3", "x**0.5",
        "x**-1.5", "x**0", "x**1", "2**x", "0.5**x", "neg", "neg2x"])
@given(shape=shapes, seed=seeds)
def test_scalar_operands(op, shape, seed):
    check(op, op, rand(seed, shape, 0.5, 2.0), seed=seed)


def test_integer_powers_of_negative_numbers():
    x = away_from_zero(1, (3, 4))
    check(lambda t: t ** 2 + t ** 3 - t ** -1 + t ** -2, lambda t: t ** 2 + t ** 3 - t ** -1
          + t ** -2, x)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # 0 ** -1, log 0
def test_pow_at_zero_follows_torch():
    # d(a^b)/da is 0 where b == 0, and d(a^b)/db is 0 where a == 0 and b >= 0
    a = np.array([0.0, 0.0, 0.0, 2.0, 1.5])
    b = np.array([0.0, 2.0, 1.0, 0.0, -1.0])
    check(lambda x, y: x ** y, lambda x, y: x ** y, a, b)
    check(lambda x: x ** 0, lambda x: x ** 0, a)
    check(lambda x: 0 ** x, lambda x: 0 ** x, np.array([0.0, 1.0, 2.5]))


UNARY = {
    "exp": (gs.exp, torch.exp, None),
    "log": (gs.log, torch.log, "positive"),
    "sqrt": (gs.sqrt, torch.sqrt, "positive"),
    "abs": (gs.abs, torch.abs, None),
    "sin": (gs.sin, torch.sin, None),
    "cos": (gs.cos, torch.cos, None),
    "tanh": (gs.tanh, torch.tanh, None),
    "sigmoid": (gs.sigmoid, torch.sigmoid, None),
    "relu": (gs.relu, torch.relu, None),
}


@pytest.mark.parametrize("name", list(UNARY))
@given(shape=shapes, seed=seeds)
def test_unary_functions(name, shape, seed):
    ours, theirs, domain = UNARY[name]
    x = rand(seed, shape, 0.1, 3.0) if domain else rand(seed, shape, -3.0, 3.0)
    check(ours, theirs, x, seed=seed)
    check(lambda t: getattr(t, name)(), lambda t: getattr(t, name)(), x, seed=seed)


def test_unary_at_kinks_and_extremes():
    x = np.array([-2.0, -0.0, 0.0, 1e-300, 3.0])
    check(gs.relu, torch.relu, x)
    check(gs.relu, torch.relu, np.array([-np.inf, -1.0, np.inf, 2.0]))
    check(gs.abs, torch.abs, x)
    check(abs, abs, x)
    big = np.array([-800.0, -40.0, -20.0, 0.0, 20.0, 40.0, 700.0, -700.0])
    check(gs.sigmoid, torch.sigmoid, big, atol=0, rtol=1e-12)
    check(gs.tanh, torch.tanh, big)
    # float32: sigmoid keeps its relative precision far into the tail, so log σ(x) is finite
    x32 = np.array([-80.0, -30.0, -17.0, -5.0, 0.0, 5.0, 30.0], dtype=np.float32)
    ours = gs.tensor(x32).sigmoid()
    np.testing.assert_allclose(ours.data, torch.sigmoid(torch.from_numpy(x32)).numpy(),
                               atol=0, rtol=1e-6)
    np.testing.assert_allclose(ours.log().data[:3], x32[:3], rtol=1e-6)


@given(shape=shapes, seed=seeds)
def test_clamp_with_numbers(shape, seed):
    x = small_ints(seed, shape, 5) - 2.0 + rand(seed, shape, 0, 1) * (rand(seed, shape) > 0)
    check(lambda t: t.clamp(-1.0, 1.0), lambda t: t.clamp(-1.0, 1.0), x, seed=seed)
    check(lambda t: t.clamp(min=0.0), lambda t: t.clamp(min=0.0), x, seed=seed)
    check(lambda t: gs.clamp(t, max=0.5), lambda t: torch.clamp(t, max=0.5), x, seed=seed)


@given(shapes=pairs, seed=seeds)
def test_clamp_with_tensors_and_ties(shapes, seed):
    sx, sb = shapes.input_shapes
    x, lo = small_ints(seed, sx, 4), small_ints(seed + 1, sb, 2)
    check(lambda t, m: t.clamp(min=m), lambda t, m: t.clamp(min=m), x, lo, seed=seed)
    check(lambda t, m: t.clamp(max=m), lambda t, m: t.clamp(max=m), x, lo, seed=seed)
    check(lambda t, m: t.clamp(m, m + 1.0), lambda t, m: t.clamp(m, m + 1.0), x, lo, seed=seed)


def test_clamp_needs_a_bound():
    with pytest.raises(ValueError, match="clamp"):
        gs.tensor([1.0]).clamp()


@given(shapes=pairs, cond_shape=st.sampled_from([(), (1,), (4,), (3, 1)]), seed=seeds)
def test_where_broadcast(shapes, cond_shape, seed):
    sa, sb = shapes.input_shapes
    cond = np.asarray(np.random.default_rng(seed).random(cond_shape) > 0.5)
    a, b = rand(seed, sa), rand(seed + 1, sb)
    try:
        np.broadcast_shapes(cond_shape, sa, sb)
    except ValueError:
        return
    check(lambda x, y: gs.where(gs.tensor(cond), x, y),
          lambda x, y: torch.where(torch.from_numpy(cond), x, y), a, b, seed=seed)


def test_where_with_a_number():
    x = np.array([-1.0, 2.0, 0.5])
    check(lambda t: gs.where(t > 0, t, 0.0), lambda t: torch.where(t > 0, t, 0.0), x)
    with pytest.raises(TypeError, match="boolean"):
        gs.where(gs.tensor([1, 0]), gs.tensor([1.0, 2.0]), 0.0)


COMPARISONS = ["__lt__", "__le__", "__gt__", "__ge__", "__eq__", "__ne__"]


@pytest.mark.parametrize("op", COMPARISONS)
@given(shapes=pairs, seed=seeds)
def test_comparisons_are_boolean_without_grad(op, shapes, seed):
    sa, sb = shapes.input_shapes
    a, b = small_ints(seed, sa), small_ints(seed + 1, sb)
    x = gs.tensor(a, requires_grad=True)
    y = getattr(x, op)(gs.tensor(b))
    t = getattr(torch.tensor(a, requires_grad=True), op)(torch.tensor(b))
    assert_close(y, t)
    assert y.dtype == gs.bool_ and not y.requires_grad and y.grad_fn is None
    assert_close(getattr(x, op)(1.0), getattr(torch.tensor(a), op)(1.0))


def test_int_and_float_operands_promote_like_torch():
    f = gs.tensor([1.0, 2.0])
    i = gs.tensor([1, 2])
    b = gs.tensor([True, False])
    for ours, theirs in [(f * i, torch.tensor([1.0, 2.0]) * torch.tensor([1, 2])),
                         (i + f, torch.tensor([1, 2]) + torch.tensor([1.0, 2.0])),
                         (f * b, torch.tensor([1.0, 2.0]) * torch.tensor([True, False])),
                         (i * 2.5, torch.tensor([1, 2]) * 2.5),
                         (i + 1, torch.tensor([1, 2]) + 1)]:
        assert_close(ours, theirs)
    x = gs.tensor([1.0, 2.0], requires_grad=True)
    (x * i).sum().backward()
    assert x.grad.dtype == gs.float32
    np.testing.assert_array_equal(x.grad.data, [1.0, 2.0])


def test_relu_float32_first_and_second_order():
    """relu's NumPy fast paths (first order) against torch in float32, and its recorded
    rule (create_graph) against finite differences: d/dx Σ relu(x)·x² = 3x² where x > 0."""
    x = np.random.default_rng(0).standard_normal((37, 50)).astype(np.float32)
    x[0, :4] = [0.0, -0.0, np.inf, -np.inf]
    ours, theirs = gs.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    y, t = ours.relu(), torch.relu(theirs)
    assert y.dtype == np.float32
    np.testing.assert_array_equal(y.data, t.detach().numpy())
    gy = np.random.default_rng(1).standard_normal(x.shape).astype(np.float32)
    y.backward(gs.tensor(gy))
    t.backward(torch.from_numpy(gy))
    assert ours.grad.dtype == np.float32
    np.testing.assert_array_equal(ours.grad.data, theirs.grad.numpy())
    z = gs.tensor(np.array([-1.5, 0.5, 2.0]), requires_grad=True)
    (g,) = gs.grad((z.relu() * z * z).sum(), z, create_graph=True)
    np.testing.assert_allclose(g.data, [0.0, 0.75, 12.0])
    (h,) = gs.grad(g.sum(), z)
    np.testing.assert_allclose(h.data, [0.0, 3.0, 12.0])
