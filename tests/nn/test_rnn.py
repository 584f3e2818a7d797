"""RNN, GRU and LSTM against their PyTorch twins in float64: outputs, final states and
every gradient, with torch's weights loaded into ours."""
import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import gradschool as gs
from gradschool import nn
from tests.nn.twins import close, copy_weights

KINDS = {
    "rnn_tanh": (lambda *a, **k: nn.RNN(*a, **k), lambda *a, **k: torch.nn.RNN(*a, **k)),
    "rnn_relu": (lambda *a, **k: nn.RNN(*a, nonlinearity="relu", **k),
                 lambda *a, **k: torch.nn.RNN(*a, nonlinearity="relu", **k)),
    "gru": (nn.GRU, torch.nn.GRU),
    "lstm": (nn.LSTM, torch.nn.LSTM),
}


def twins(kind, *args, **kwargs):
    ours, theirs = KINDS[kind]
    ours, theirs = ours(*args, **kwargs), theirs(*args, **kwargs)
    copy_weights(theirs, ours)
    return ours, theirs


def leaf_pair(array):
    return gs.tensor(array, requires_grad=True), torch.tensor(array, requires_grad=True)


def run_both(kind, ours, theirs, x, h0=None, c0=None):
    """Call both; return ([our outputs], [their outputs]) as flat lists (y, h_n[, c_n])."""
    if kind == "lstm":
        hx = None if h0 is None else ((h0[0], c0[0]), (h0[1], c0[1]))
        y, (h, c) = ours(x[0], hx and hx[0])
        yt, (ht, ct) = theirs(x[1], hx and hx[1])
        return [y, h, c], [yt, ht, ct]
    y, h = ours(x[0], None if h0 is None else h0[0])
    yt, ht = theirs(x[1], None if h0 is None else h0[1])
    return [y, h], [yt, ht]


def backward_both(outs, outs_t, seed=1):
    """Backpropagate a random weighting of every output, so every gradient path is used."""
    rng = np.random.default_rng(seed)
    loss, loss_t = 0, 0
    for y, yt in zip(outs, outs_t):
        w = rng.standard_normal(yt.shape)
        loss = loss + (y * gs.tensor(w)).sum()
        loss_t = loss_t + (yt * torch.from_numpy(w)).sum()
    loss.backward()
    loss_t.backward()


def close_params(ours, theirs):
    torch_params = dict(theirs.named_parameters())
    assert [name for name, _ in ours.named_parameters()] == list(torch_params)
    for name, p in ours.named_parameters():
        close(p.grad, torch_params[name].grad)


@pytest.mark.parametrize("kind", list(KINDS))
@settings(max_examples=50)
@given(length=st.integers(1, 5), batch=st.integers(1, 4), n_in=st.integers(1, 4),
       hidden=st.integers(1, 5), layers=st.integers(1, 2), bidirectional=st.booleans(),
       batch_first=st.booleans(), bias=st.booleans(), initial=st.booleans())
def test_matches_torch(kind, length, batch, n_in, hidden, layers, bidirectional, batch_first,
                       bias, initial):
    ours, theirs = twins(kind, n_in, hidden, layers, bias=bias, batch_first=batch_first,
                         bidirectional=bidirectional)
    rng = np.random.default_rng(0)
    shape = (batch, length, n_in) if batch_first else (length, batch, n_in)
    x = leaf_pair(rng.standard_normal(shape))
    state_shape = ((2 if bidirectional else 1) * layers, batch, hidden)
    h0 = leaf_pair(rng.standard_normal(state_shape)) if initial else None
    c0 = leaf_pair(rng.standard_normal(state_shape)) if initial else None
    outs, outs_t = run_both(kind, ours, theirs, x, h0, c0)
    for y, yt in zip(outs, outs_t):
        close(y, yt)
    backward_both(outs, outs_t)
    close(x[0].grad, x[1].grad)
    for state in ([h0, c0] if kind == "lstm" else [h0]) if initial else []:
        close(state[0].grad, state[1].grad)
    close_params(ours, theirs)


@pytest.mark.parametrize("kind", list(KINDS))
def test_unbatched_input(kind):
    ours, theirs = twins(kind, 3, 4, num_layers=2, bidirectional=True)
    rng = np.random.default_rng(3)
    x = leaf_pair(rng.standard_normal((5, 3)))
    h0, c0 = leaf_pair(rng.standard_normal((4, 4))), leaf_pair(rng.standard_normal((4, 4)))
    outs, outs_t = run_both(kind, ours, theirs, x, h0, c0)
    assert outs[0].shape == (5, 8) and outs[1].shape == (4, 4)
    for y, yt in zip(outs, outs_t):
        close(y, yt)
    backward_both(outs, outs_t)
    close(x[0].grad, x[1].grad)
    close(h0[0].grad, h0[1].grad)
    close_params(ours, theirs)


@pytest.mark.parametrize("kind", list(KINDS))
def test_gradient_of_the_gradient(kind):
    """create_graph: the backward falls back to the unrolled Tensor-op layer, so second
    derivatives (here of ‖∇L‖² over the input and every parameter) match PyTorch's."""
    ours, theirs = twins(kind, 2, 3, num_layers=2, batch_first=True, bidirectional=True)
    x = leaf_pair(np.random.default_rng(4).standard_normal((2, 4, 2)))
    outs, outs_t = run_both(kind, ours, theirs, x)
    wanted, wanted_t = [x[0], *ours.parameters()], [x[1], *theirs.parameters()]
    loss = (outs[0] * outs[0]).sum() + outs[1].sum()
    loss_t = (outs_t[0] * outs_t[0]).sum() + outs_t[1].sum()
    grads = gs.autograd.grad(loss, wanted, create_graph=True)
    grads_t = torch.autograd.grad(loss_t, wanted_t, create_graph=True)
    for g, gt in zip(grads, grads_t):
        close(g, gt)
    sum(((g * g).sum() for g in grads), gs.tensor(0.0, dtype=np.float64)).backward()
    sum((g * g).sum() for g in grads_t).backward()
    close(x[0].grad, x[1].grad)
    close_params(ours, theirs)


@pytest.mark.parametrize("kind", list(KINDS))
def test_saturated_gates(kind):
    """Pre-activations of ±1000: e^(-a) overflows to inf inside, σ is then exactly 0 or 1,
    with no warning and PyTorch's values and gradients."""
    ours, theirs = twins(kind, 2, 3, bidirectional=True)
    x = leaf_pair(np.random.default_rng(9).standard_normal((4, 2, 2)) * 1000)
    outs, outs_t = run_both(kind, ours, theirs, x)
    for y, yt in zip(outs, outs_t):
        close(y, yt)
    backward_both(outs, outs_t)
    close(x[0].grad, x[1].grad)
    close_params(ours, theirs)


def test_float32_matches_torch_float32():
    ours, theirs = nn.GRU(3, 8, bidirectional=True), torch.nn.GRU(3, 8, bidirectional=True)
    ours.load_state_dict(theirs.state_dict())
    x = np.random.default_rng(10).standard_normal((30, 16, 3)).astype(np.float32)
    y, h = ours(gs.tensor(x))
    yt, ht = theirs(torch.from_numpy(x))
    close(y, yt, rtol=1e-4, atol=1e-5)
    close(h, ht, rtol=1e-4, atol=1e-5)


def test_gradgradcheck_of_one_fused_layer():
    from gradschool.nn.rnn_kernels import GRULayer
    rng = np.random.default_rng(5)
    arrays = [rng.standard_normal(s) for s in [(3, 2, 2), (2, 3), (9, 2), (9, 3), (9,), (9,)]]
    inputs = [gs.tensor(a, requires_grad=True) for a in arrays]
    assert gs.autograd.gradgradcheck(lambda *xs: GRULayer(True)(*xs)[0], inputs)


def test_state_dict_loads_from_torch_and_back():
    theirs = torch.nn.LSTM(3, 5, num_layers=2, bidirectional=True)
    ours = nn.LSTM(3, 5, num_layers=2, bidirectional=True)
    ours.load_state_dict(theirs.state_dict())
    assert list(ours.state_dict()) == list(theirs.state_dict())
    for (name, p), (_, pt) in zip(ours.state_dict().items(), theirs.state_dict().items()):
        assert p.shape == tuple(pt.shape) and p.dtype == np.float32, name
        np.testing.assert_array_equal(p.data, pt.numpy())
    theirs.load_state_dict({k: torch.from_numpy(v.data) for k, v in ours.state_dict().items()})


@pytest.mark.parametrize("kind, gates", [("rnn_tanh", 1), ("gru", 3), ("lstm", 4)])
def test_default_init_is_uniform_with_torch_bound(kind, gates):
    layer = KINDS[kind][0](20, 400)
    bound = 1 / math.sqrt(400)
    assert layer.weight_ih_l0.shape == (gates * 400, 20)
    for p in layer.parameters():
        assert p.dtype == np.float32
        assert bound * 0.99 < np.abs(p.data).max() <= bound
    assert layer.weight_hh_l0.data.std() == pytest.approx(bound / math.sqrt(3), rel=0.05)


@pytest.mark.parametrize("kind", list(KINDS))
def test_dropout_between_layers(kind):
    """Dropout acts on every layer's output but the last, in training only; with p = 1
    the second layer sees zeros, in PyTorch as here."""
    ours, theirs = twins(kind, 2, 3, num_layers=2, dropout=1.0)
    x = np.random.default_rng(6).standard_normal((4, 2, 2))
    y = ours(gs.tensor(x))[0]
    close(y, theirs(torch.from_numpy(x))[0])
    ours.eval()
    theirs.eval()
    close(ours(gs.tensor(x))[0], theirs(torch.from_numpy(x))[0])
    assert not np.allclose(ours(gs.tensor(x))[0].data, y.data)


def test_repr_matches_torch():
    for args, kwargs in [((1, 6), {"batch_first": True, "bidirectional": True}),
                         ((2, 3, 2), {"bias": False, "dropout": 0.5})]:
        for ours, theirs in [(nn.GRU, torch.nn.GRU), (nn.LSTM, torch.nn.LSTM),
                             (nn.RNN, torch.nn.RNN)]:
            assert repr(ours(*args, **kwargs)) == repr(theirs(*args, **kwargs))


def test_retained_graph_and_reused_buffers():
    """Buffers are pooled between calls: a retained graph still backpropagates twice,
    and earlier outputs are never overwritten by later calls."""
    gru = nn.GRU(2, 3, bidirectional=True).double()
    x = gs.tensor(np.random.default_rng(7).standard_normal((5, 2, 2)), requires_grad=True)
    y, _ = gru(x)
    first = y.data.copy()
    y.sum().backward(retain_graph=True)
    once = x.grad.data.copy()
    for _ in range(3):  # more calls, whose graphs are freed and buffers reused
        gru(x * 2.0)[0].sum().backward()
    x.grad = None
    y.sum().backward()
    np.testing.assert_array_equal(y.data, first)
    np.testing.assert_allclose(x.grad.data, once, rtol=1e-12)
    with gs.no_grad():
        np.testing.assert_array_equal(gru(x)[0].data, first)


def test_float32_step_and_no_graph_under_no_grad():
    gru = nn.GRU(1, 6, batch_first=True, bidirectional=True)
    x = gs.tensor(np.random.default_rng(8).standard_normal((10, 40, 1)).astype(np.float32))
    y, h = gru(x)
    assert y.shape == (10, 40, 12) and h.shape == (2, 10, 6) and y.dtype == np.float32
    y.sum().backward()
    assert all(p.grad.dtype == np.float32 for p in gru.parameters())
    with gs.no_grad():
        assert gru(x)[0].grad_fn is None


# ----- errors --------------------------------------------------------------------
def test_wrong_input_size_names_expected_and_actual():
    with pytest.raises(ValueError, match=r"input of shape \(5, 2, 3\) has 3 features .* "
                                         r"input_size=4"):
        nn.GRU(4, 6)(gs.tensor(np.zeros((5, 2, 3))))


def test_wrong_h0_shape_names_the_shapes():
    with pytest.raises(ValueError, match=r"h_0 of shape \(1, 2, 6\) .* \(2, 2, 6\)"):
        nn.GRU(3, 6, bidirectional=True)(gs.tensor(np.zeros((5, 2, 3))),
                                         gs.tensor(np.zeros((1, 2, 6))))
    with pytest.raises(ValueError, match=r"c_0 of shape \(1, 3, 6\) .* \(1, 2, 6\)"):
        nn.LSTM(3, 6)(gs.tensor(np.zeros((5, 2, 3))),
                      (gs.tensor(np.zeros((1, 2, 6))), gs.tensor(np.zeros((1, 3, 6)))))
    with pytest.raises(ValueError, match=r"h_0 of shape \(1, 2, 6\) .* \(1, 6\).*unbatched"):
        nn.RNN(3, 6)(gs.tensor(np.zeros((5, 3))), gs.tensor(np.zeros((1, 2, 6))))


def test_other_bad_arguments():
    with pytest.raises(ValueError, match=r"2 \(unbatched\) or 3 .* shape \(3,\)"):
        nn.GRU(3, 4)(gs.tensor(np.zeros(3)))
    with pytest.raises(ValueError, match=r"empty sequence"):
        nn.GRU(3, 4, batch_first=True)(gs.tensor(np.zeros((2, 0, 3))))
    with pytest.raises(TypeError, match=r"hx must be a tuple \(h_0, c_0\)"):
        nn.LSTM(3, 4)(gs.tensor(np.zeros((2, 1, 3))), gs.tensor(np.zeros((1, 1, 4))))
    with pytest.raises(TypeError, match=r"floating point"):
        nn.GRU(3, 4)(gs.tensor(np.zeros((2, 1, 3), np.int64)))
    with pytest.raises(ValueError, match=r"Unknown nonlinearity 'gelu'"):
        nn.RNN(3, 4, nonlinearity="gelu")
    with pytest.raises(ValueError, match=r"hidden_size must be a positive integer, got 0"):
        nn.GRU(3, 0)
    with pytest.raises(ValueError, match=r"dropout should be a number in range \[0, 1\]"):
        nn.GRU(3, 4, num_layers=2, dropout=1.5)
    with pytest.warns(UserWarning, match=r"non-zero dropout expects num_layers greater than 1"):
        nn.GRU(3, 4, dropout=0.2)
