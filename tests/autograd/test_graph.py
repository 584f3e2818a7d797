"""The backward walk: reused nodes, accumulation, retain_graph, retain_grad, grad modes,
autograd.grad, higher-order derivatives and very long chains."""
import numpy as np
import pytest
import torch
from hypothesis import given

import gradschool as gs
from gradschool.autograd import grad

from .helpers import assert_close, check, rand, seeds, shapes


@given(shape=shapes, seed=seeds)
def test_reused_nodes_sum_their_gradients(shape, seed):
    x = rand(seed, shape)
    check(lambda t: t * t + t.exp() * t, lambda t: t * t + t.exp() * t, x, seed=seed)
    check(lambda t: (t * 2).tanh() * (t * 2) - (t * 2).sum(),
          lambda t: (t * 2).tanh() * (t * 2) - (t * 2).sum(), x, seed=seed)


def test_diamond_graph():
    x = np.array([0.3, -1.2, 2.0])

    def f(t, lib):
        a = t.exp()
        b, c = a.sin(), a * a
        return (b * c + lib.sigmoid(a) / c).sum()

    check(lambda t: f(t, gs), lambda t: f(t, torch), x)


def test_grad_is_a_tensor_and_accumulates_over_backward_calls():
    x = gs.tensor([1.0, 2.0, 3.0], requires_grad=True)
    (x * x).sum().backward()
    assert isinstance(x.grad, gs.Tensor) and x.grad.dtype == gs.float32
    assert x.grad.grad_fn is None and not x.grad.requires_grad
    np.testing.assert_allclose(x.grad.data, [2.0, 4.0, 6.0])
    (x * 3).sum().backward()
    np.testing.assert_allclose(x.grad.data, [5.0, 7.0, 9.0])
    x.grad = None
    x.sum().backward()
    np.testing.assert_allclose(x.grad.data, [1.0, 1.0, 1.0])


def test_leaf_grads_own_their_memory():
    a = gs.tensor(np.ones((2, 3)), requires_grad=True)
    b = gs.tensor(np.ones((2, 3)), requires_grad=True)
    c = gs.tensor(np.ones(3), requires_grad=True)
    seed = gs.tensor(np.ones((2, 3)))
    (a + b + c).backward(seed)  # a and b get the very same gradient; c a broadcast sum
    for t in (a, b, c):
        assert t.grad.data.flags.writeable and t.grad.data.flags.owndata
    a.grad.data *= 2  # in place, as an optimizer or clip_grad_norm_ would
    np.testing.assert_allclose(b.grad.data, 1.0)
    np.testing.assert_allclose(seed.data, 1.0)
    w = gs.tensor(2.0, requires_grad=True)
    w.sum().backward()
    w.grad.data += 1  # a 0-d gradient from a broadcast is writable too
    assert w.grad.item() == 2.0


def test_retain_graph_and_the_freed_graph_error():
    x = gs.tensor([1.0, 2.0], requires_grad=True)
    y = (x.exp() * x).sum()
    y.backward(retain_graph=True)
    first = x.grad.data.copy()
    y.backward()  # the graph was kept once
    np.testing.assert_allclose(x.grad.data, 2 * first, rtol=1e-6)
    with pytest.raises(RuntimeError, match="second time.*retain_graph=True"):
        y.backward()
    z = x * 2
    z.sum().backward()
    with pytest.raises(RuntimeError, match="second time"):
        (z * 3).sum().backward()  # goes through the freed Mul


def test_retain_grad_keeps_and_accumulates_non_leaf_grads():
    x = gs.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    y.retain_grad()
    z = (y * y).sum()
    z.retain_grad()
    z.backward(retain_graph=True)
    np.testing.assert_allclose(y.grad.data, [4.0, 8.0])
    assert z.grad.item() == 1.0
    assert isinstance(y.grad, gs.Tensor) and not y.grad.requires_grad
    w = x * 3
    assert w.grad is None  # not retained
    z.backward()
    np.testing.assert_allclose(y.grad.data, [8.0, 16.0])  # accumulates, as in PyTorch
    tx = torch.tensor([1.0, 2.0], requires_grad=True)
    ty = tx * 2
    ty.retain_grad()
    tz = (ty * ty).sum()
    tz.backward(retain_graph=True)
    tz.backward()
    assert_close(y.grad, ty.grad)
    with pytest.raises(RuntimeError, match="does not require grad"):
        gs.tensor([1.0]).retain_grad()


def test_no_grad_and_enable_grad():
    x = gs.tensor([1.0, 2.0], requires_grad=True)
    with gs.no_grad():
        y = x * 2
        assert not gs.autograd.is_grad_enabled()
        with gs.enable_grad():
            z = x * 2
    assert gs.autograd.is_grad_enabled()
    assert not y.requires_grad and y.grad_fn is None
    assert z.requires_grad and z.grad_fn is not None
    with pytest.raises(RuntimeError, match="does not require grad"):
        y.sum().backward()

    @gs.no_grad()
    def frozen(t):
        return t * 2

    assert not frozen(x).requires_grad and gs.autograd.is_grad_enabled()
    with gs.autograd.set_grad_enabled(False):
        assert not (x * 2).requires_grad
    gs.autograd.set_grad_enabled(False)  # as a plain call, like torch.set_grad_enabled
    try:
        assert not gs.autograd.is_grad_enabled()
    finally:
        gs.autograd.set_grad_enabled(True)
    assert (x * 2).requires_grad


def test_detach_cuts_the_graph():
    x = gs.tensor([1.0, 2.0], requires_grad=True)
    y = x * x.detach()  # the detached factor is a constant
    y.sum().backward()
    np.testing.assert_allclose(x.grad.data, [1.0, 2.0])


def test_autograd_grad_leaves_grad_alone_and_allow_unused():
    x = gs.tensor([1.0, 2.0], requires_grad=True)
    u = gs.tensor([3.0], requires_grad=True)
    y = (x ** 3).sum()
    gx, = grad(y, x, retain_graph=True)
    np.testing.assert_allclose(gx.data, [3.0, 12.0])
    assert x.grad is None and u.grad is None
    with pytest.raises(RuntimeError, match=r"input 1 \(shape \(1,\)\) was not used"):
        grad(y, [x, u], retain_graph=True)
    gx, gu = grad(y, [x, u], allow_unused=True)
    assert gu is None
    np.testing.assert_allclose(gx.data, [3.0, 12.0])
    with pytest.raises(RuntimeError, match="requires grad"):
        grad((x * 2).sum(), gs.tensor([1.0]))


def test_autograd_grad_of_a_non_leaf_and_vector_outputs():
    x = gs.tensor([1.0, 2.0], requires_grad=True)
    h = x.exp()
    y = h * 3
    gh, = grad(y, h, grad_outputs=gs.tensor([1.0, 0.5]))
    np.testing.assert_allclose(gh.data, [3.0, 1.5])
    # grad() ran only the part of the graph between y and h: h's own graph
    # is untouched, so it can still be differentiated (as in PyTorch)
    (h * 5).sum().backward()
    np.testing.assert_allclose(x.grad.data, 5 * np.exp([1.0, 2.0]), rtol=1e-6)
    with pytest.raises(RuntimeError, match="implicitly created only for scalar"):
        grad(x * 2, x)


def test_backward_error_messages():
    x = gs.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match=r"gradient of shape \(3,\) does not match output "
                                           r"of shape \(2,\)"):
        (x * 2).backward(gs.tensor([1.0, 1.0, 1.0]))
    with pytest.raises(RuntimeError, match=r"scalar outputs, got shape \(2,\)"):
        (x * 2).backward()


def _mlp(x, w1, b1, w2, lib):
    h = lib.tanh(x @ w1 + b1)
    return (lib.sigmoid(h @ w2) * h.sum(-1, keepdim=True)).sum()


def test_hessian_vector_product_of_a_small_mlp_matches_torch():
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal(s) for s in [(5, 3), (3, 4), (4,), (4, 2)]]
    v = [rng.standard_normal(a.shape) for a in arrays[1:]]
    xs = [gs.tensor(a, requires_grad=i > 0) for i, a in enumerate(arrays)]
    ts = [torch.tensor(a, requires_grad=i > 0) for i, a in enumerate(arrays)]
    gs_g = grad(_mlp(*xs, gs), xs[1:], create_graph=True)
    th_g = torch.autograd.grad(_mlp(*ts, torch), ts[1:], create_graph=True)
    for ours, theirs in zip(gs_g, th_g):
        assert ours.requires_grad
        assert_close(ours, theirs)
    # Hv = d/dθ (g · v)
    gs_dot = sum((g * gs.tensor(u)).sum() for g, u in zip(gs_g, v))
    th_dot = sum((g * torch.from_numpy(u)).sum() for g, u in zip(th_g, v))
    for ours, theirs in zip(grad(gs_dot, xs[1:]), torch.autograd.grad(th_dot, ts[1:])):
        assert_close(ours, theirs, "Hessian-vector product")


@pytest.mark.parametrize("f", [
    lambda t: t.tanh().sigmoid().exp(),
    lambda t: (t.exp() * t.sin()).tanh(),
    lambda t: t.sigmoid() * t.tanh() ** 2,
    lambda t: (t * t).softmax(0) * t,
    lambda t: t.logsumexp(0) * t.cos(),
    lambda t: t.abs().sqrt() / (1 + t * t),
], ids=["tanh-sigmoid-exp", "exp-sin-tanh", "sigmoid-tanh2", "softmax", "logsumexp", "sqrt-div"])
def test_second_and_third_derivatives_match_torch(f):
    x = np.array([-1.3, -0.2, 0.4, 1.7])
    ours, theirs = gs.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    y, t = f(ours).sum(), f(theirs).sum()
    for order in (1, 2, 3):
        g, = grad(y, ours, create_graph=True)
        tg, = torch.autograd.grad(t, theirs, create_graph=True)
        assert_close(g, tg, f"derivative of order {order}")
        y, t = g.sum(), tg.sum()


def test_backward_with_create_graph_gives_differentiable_grads():
    x = gs.tensor([0.5, -1.0], requires_grad=True)
    (x ** 3).sum().backward(create_graph=True)
    assert x.grad.requires_grad
    g = x.grad
    x.grad = None
    g.sum().backward()
    np.testing.assert_allclose(x.grad.data, 6 * np.array([0.5, -1.0]))


def test_a_chain_of_100000_ops_needs_no_recursion():
    x = gs.tensor(1.0, dtype=gs.float64, requires_grad=True)
    y = x
    for _ in range(50_000):
        y = y * 1.0001
        y = y + 0.0
    y.backward()
    np.testing.assert_allclose(x.grad.item(), 1.0001 ** 50_000, rtol=1e-9)
    np.testing.assert_allclose(y.item(), 1.0001 ** 50_000, rtol=1e-9)
    del y  # freeing a long chain must not overflow the C stack either


def test_a_long_chain_through_grad_with_create_graph():
    x = gs.tensor(0.3, dtype=gs.float64, requires_grad=True)
    y = x
    for _ in range(2000):
        y = (y * 0.999).sin()
    g, = grad(y, x, create_graph=True)
    h, = grad(g, x)
    t = torch.tensor(0.3, dtype=torch.float64, requires_grad=True)
    ty = t
    for _ in range(2000):
        ty = (ty * 0.999).sin()
    tg, = torch.autograd.grad(ty, t, create_graph=True)
    th, = torch.autograd.grad(tg, t)
    assert_close(g, tg)
    assert_close(h, th)


class SinCos(gs.autograd.Function):
    """(sin x, cos x): a Function with two outputs."""

    def forward(self, x):
        return np.sin(x), np.cos(x)

    def backward(self, g_sin, g_cos):
        x, = self.inputs
        return g_sin * x.cos() - g_cos * x.sin()


def test_a_function_with_two_outputs_one_of_them_unused():
    x0 = np.array([0.3, -1.1])
    x = gs.tensor(x0, requires_grad=True)
    s, c = SinCos()(x)
    (s * c).sum().backward()
    np.testing.assert_allclose(x.grad.data, np.cos(2 * x0))
    x.grad = None
    s, _ = SinCos()(x)  # the cos output is dropped at once
    s.sum().backward()
    np.testing.assert_allclose(x.grad.data, np.cos(x0))
    assert gs.autograd.gradgradcheck(lambda t: SinCos()(t), [x])


def test_backward_of_several_outputs():
    x = gs.tensor([1.0, 2.0], requires_grad=True)
    a, b = x * 2, (x * x).sum()
    gs.autograd.backward([a, b], [gs.tensor([1.0, 10.0]), None])
    np.testing.assert_allclose(x.grad.data, [2.0 + 2.0, 20.0 + 4.0])
