"""Conv1d and Conv2d against PyTorch in float64: outputs, every gradient, second order, init."""
import math

import numpy as np
import pytest
import torch
from hypothesis import assume, given
from hypothesis import strategies as st

import gradschool as gs
from gradschool import nn
from gradschool.nn import functional as F
from tests.nn.twins import close, compare_fn, compare_layer, copy_weights


def normal(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape)


def compare_double_backward(ours, theirs, *arrays, seed=3, **kwargs):
    """d/d(inputs) of Σ r_i · dL/d(input_i), L = Σ v · f(inputs): the same in both libraries.

    Checks the backward of the backward (create_graph=True) for every input.
    """
    rng = np.random.default_rng(seed)
    xs = [gs.tensor(a, requires_grad=True) for a in arrays]
    ts = [torch.tensor(a, requires_grad=True) for a in arrays]
    y, yt = ours(*xs, **kwargs), theirs(*ts, **kwargs)
    v = rng.standard_normal(yt.shape)
    grads = gs.grad((y * gs.tensor(v)).sum(), xs, create_graph=True)
    grads_t = torch.autograd.grad((yt * torch.from_numpy(v)).sum(), ts, create_graph=True)
    rs = [rng.standard_normal(a.shape) for a in arrays]
    for g, gt in zip(grads, grads_t):
        close(g, gt)
    total = sum((g * gs.tensor(r)).sum() for g, r in zip(grads, rs))
    total_t = sum((g * torch.from_numpy(r)).sum() for g, r in zip(grads_t, rs))
    total.backward()
    total_t.backward()
    for x, t in zip(xs, ts):  # None: the gradient does not depend on it (as a bias's)
        close(np.zeros(x.shape) if x.grad is None else x.grad,
              torch.zeros(t.shape, dtype=t.dtype) if t.grad is None else t.grad)


@st.composite
def conv_cases(draw, n):
    """(input shape, layer kwargs) with the padded input at least as long as the kernel."""
    kernel = tuple(draw(st.integers(1, 4)) for _ in range(n))
    stride = tuple(draw(st.integers(1, 3)) for _ in range(n))
    padding = tuple(draw(st.integers(0, 2)) for _ in range(n))
    dilation = tuple(draw(st.integers(1, 2)) for _ in range(n))
    size = tuple(draw(st.integers(1, 9)) for _ in range(n))
    assume(all(s + 2 * p >= d * (k - 1) + 1
               for s, p, d, k in zip(size, padding, dilation, kernel)))
    shape = (draw(st.integers(1, 3)), draw(st.integers(1, 4))) + size
    return shape, dict(kernel_size=kernel, stride=stride, padding=padding, dilation=dilation)


@given(case=conv_cases(1), out_channels=st.integers(1, 4), bias=st.booleans())
def test_conv1d_matches_torch(case, out_channels, bias):
    shape, kw = case
    kw = {k: v[0] for k, v in kw.items()}  # ints, as usually written
    compare_layer(nn.Conv1d(shape[1], out_channels, bias=bias, **kw),
                  torch.nn.Conv1d(shape[1], out_channels, bias=bias, **kw), normal(shape))


@given(case=conv_cases(2), out_channels=st.integers(1, 4), bias=st.booleans())
def test_conv2d_matches_torch(case, out_channels, bias):
    shape, kw = case
    compare_layer(nn.Conv2d(shape[1], out_channels, bias=bias, **kw),
                  torch.nn.Conv2d(shape[1], out_channels, bias=bias, **kw), normal(shape))


@pytest.mark.filterwarnings("ignore:Using padding='same'")  # torch's note on even kernels
@pytest.mark.parametrize("padding", ["same", "valid"])
@pytest.mark.parametrize("kernel, dilation", [(1, 1), (2, 1), (3, 2), (4, 3)])
def test_string_padding(padding, kernel, dilation):
    compare_layer(nn.Conv1d(2, 3, kernel, padding=padding, dilation=dilation),
                  torch.nn.Conv1d(2, 3, kernel, padding=padding, dilation=dilation),
                  normal((2, 2, 11)))
    compare_layer(nn.Conv2d(2, 3, (kernel, 2), padding=padding, dilation=dilation),
                  torch.nn.Conv2d(2, 3, (kernel, 2), padding=padding, dilation=dilation),
                  normal((2, 2, 11, 8)))


@pytest.mark.parametrize("ours, theirs, shape, kw", [
    (F.conv1d, torch.nn.functional.conv1d, (2, 3, 10), dict(stride=2, padding=1)),
    (F.conv1d, torch.nn.functional.conv1d, (3, 10), dict(dilation=2)),  # unbatched
    (F.conv2d, torch.nn.functional.conv2d, (2, 3, 7, 6), dict(stride=(2, 1), padding=(0, 2))),
    (F.conv2d, torch.nn.functional.conv2d, (3, 7, 6), dict(padding="same")),  # unbatched
])
def test_functional(ours, theirs, shape, kw):
    n = 1 if ours is F.conv1d else 2
    weight, bias = normal((4, 3) + (3,) * n, seed=1), normal(4, seed=2)
    compare_fn(ours, theirs, normal(shape), weight, bias, **kw)
    compare_fn(lambda x, w: ours(x, w, **kw), lambda x, w: theirs(x, w, **kw),
               normal(shape), weight)


def test_unbatched_and_empty_batch():
    compare_layer(nn.Conv1d(3, 2, 3, padding=1), torch.nn.Conv1d(3, 2, 3, padding=1),
                  normal((3, 7)))
    compare_layer(nn.Conv2d(3, 2, 3), torch.nn.Conv2d(3, 2, 3), normal((3, 4, 5)))
    compare_layer(nn.Conv1d(3, 2, 3), torch.nn.Conv1d(3, 2, 3), normal((0, 3, 7)))


@pytest.mark.parametrize("ours, theirs, shape, kw", [
    (F.conv1d, torch.nn.functional.conv1d, (2, 3, 9), dict(stride=2, padding=1)),
    (F.conv2d, torch.nn.functional.conv2d, (2, 3, 6, 5), dict(padding=1, dilation=(1, 2))),
])
def test_second_order_matches_torch(ours, theirs, shape, kw):
    n = len(shape) - 2
    x, w, b = normal(shape), normal((4, 3) + (3,) * n, seed=1), normal(4, seed=2)
    compare_double_backward(ours, theirs, x, w, b, **kw)
    # and through a nonlinearity, where the Hessian is not just the cross terms
    compare_double_backward(lambda x, w: ours(x, w, **kw).tanh(),
                            lambda x, w: theirs(x, w, **kw).tanh(), x, w)


def test_gradgradcheck():
    x = gs.tensor(normal((2, 2, 5, 4)), requires_grad=True)
    w = gs.tensor(normal((3, 2, 2, 3), seed=1), requires_grad=True)
    assert gs.autograd.gradgradcheck(lambda x, w: F.conv2d(x, w, stride=(1, 2), padding=1),
                                     (x, w))


@pytest.mark.parametrize("layer, fan_in", [
    (lambda: nn.Conv1d(25, 25, 3), 75), (lambda: nn.Conv1d(1, 25, 5), 5),
    (lambda: nn.Conv2d(3, 16, (3, 5)), 45),
])
def test_default_init_bounds(layer, fan_in):
    m = layer()
    bound = 1 / math.sqrt(fan_in)  # kaiming_uniform_(a=√5) gives the same bound for W
    for p in (m.weight, m.bias):
        assert p.dtype == np.float32
        assert np.abs(p.data).max() <= bound
        assert np.abs(p.data).max() > 0.5 * bound  # spread over the interval, not tiny
    assert np.abs(m.weight.data).max() > 0.9 * bound


def test_parameters_and_repr_as_torch():
    for ours, theirs in [(nn.Conv1d(2, 3, 4), torch.nn.Conv1d(2, 3, 4)),
                         (nn.Conv2d(2, 3, (4, 1), bias=False),
                          torch.nn.Conv2d(2, 3, (4, 1), bias=False)),
                         (nn.Conv1d(2, 3, 3, stride=2, padding=1, dilation=2),
                          torch.nn.Conv1d(2, 3, 3, stride=2, padding=1, dilation=2))]:
        assert {k: v.shape for k, v in ours.state_dict().items()} == {
            k: tuple(v.shape) for k, v in theirs.state_dict().items()}
        assert repr(ours) == repr(theirs)


def test_float32_in_float32_out():
    m = nn.Conv2d(2, 3, 3, padding=1)
    x = gs.tensor(normal((2, 2, 5, 5)).astype(np.float32), requires_grad=True)
    y = m(x)
    y.sum().backward()
    assert y.dtype == x.grad.dtype == m.weight.grad.dtype == m.bias.grad.dtype == np.float32


def mnist1d_cnn(lib):
    return lib.Sequential(
        lib.Conv1d(1, 25, 5, stride=2, padding=1), lib.ReLU(),
        lib.Conv1d(25, 25, 3, stride=2, padding=1), lib.ReLU(),
        lib.Conv1d(25, 25, 3, stride=2, padding=1), lib.ReLU(),
        lib.Flatten(), lib.Linear(125, 10))


def test_mnist1d_cnn_trains_like_torch():
    ours, theirs = mnist1d_cnn(nn), mnist1d_cnn(torch.nn)
    copy_weights(theirs, ours)
    hidden = ours[:6](gs.tensor(normal((4, 1, 40))))
    assert hidden.shape == (4, 25, 5)  # lengths 40 → 19 → 10 → 5
    opt = gs.optim.Adam(ours.parameters(), lr=1e-2)
    opt_t = torch.optim.Adam(theirs.parameters(), lr=1e-2)
    rng = np.random.default_rng(0)
    for _ in range(5):
        x, y = rng.standard_normal((16, 1, 40)), rng.integers(0, 10, 16)
        loss = F.cross_entropy(ours(gs.tensor(x)), gs.tensor(y))
        loss_t = torch.nn.functional.cross_entropy(theirs(torch.from_numpy(x)),
                                                   torch.from_numpy(y))
        close(loss, loss_t)
        for o, l in ((opt, loss), (opt_t, loss_t)):
            o.zero_grad()
            l.backward()
            o.step()
    for name, p in theirs.state_dict().items():
        close(ours.state_dict()[name], p, rtol=1e-8, atol=1e-10)


def test_errors():
    m = nn.Conv1d(3, 4, 5)
    with pytest.raises(ValueError, match=r"shape \(2, 2, 10\) has 2 channels, expected "
                                         r"in_channels=3: shape \(N, 3, L\) or \(3, L\)"):
        m(gs.tensor(np.ones((2, 2, 10), np.float32)))
    with pytest.raises(ValueError, match=r"expected a 2-D \(C, L\) or 3-D \(N, C, L\) input, "
                                         r"got shape \(2, 3, 4, 10\)"):
        m(gs.tensor(np.ones((2, 3, 4, 10), np.float32)))
    with pytest.raises(ValueError, match=r"kernel of size \(5,\).* larger than the padded "
                                         r"input of size \(4,\)"):
        m(gs.tensor(np.ones((2, 3, 4), np.float32)))
    with pytest.raises(ValueError, match=r"spanning \(7, 3\) with dilation \(3, 1\).*size "
                                         r"\(6, 8\) \(input \(4, 6\) \+ padding \(2, 2\)\)"):
        nn.Conv2d(1, 1, 3, padding=1, dilation=(3, 1))(gs.tensor(np.ones((1, 1, 4, 6))))
    with pytest.raises(ValueError, match="weight of shape \\(4, 3, 5\\) expects 3"):
        F.conv1d(gs.tensor(np.ones((1, 2, 9))), m.weight)
    with pytest.raises(ValueError, match="groups=2 is not supported"):
        nn.Conv2d(4, 4, 3, groups=2)
    with pytest.raises(ValueError, match="groups=3 is not supported"):
        F.conv1d(gs.tensor(np.ones((1, 3, 9))), m.weight, groups=3)
    with pytest.raises(ValueError, match="padding='same' is not supported for strided"):
        nn.Conv1d(3, 4, 3, stride=2, padding="same")
    with pytest.raises(ValueError, match="padding must be an int, a tuple of 2 ints"):
        nn.Conv2d(3, 4, 3, padding="full")
    with pytest.raises(ValueError, match="kernel_size must be an int or a tuple of 2 ints"):
        nn.Conv2d(3, 4, (3, 3, 3))
    with pytest.raises(ValueError, match="stride must be at least 1"):
        nn.Conv1d(3, 4, 3, stride=0)(gs.tensor(np.ones((1, 3, 9))))
    with pytest.raises(ValueError, match="padding_mode='reflect' is not supported"):
        nn.Conv1d(3, 4, 3, padding_mode="reflect")
    with pytest.raises(ValueError, match=r"bias of shape \(3,\) does not fit"):
        F.conv1d(gs.tensor(np.ones((1, 3, 9))), m.weight, gs.tensor(np.ones(3)))
