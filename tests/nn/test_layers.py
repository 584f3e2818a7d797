"""Layers against their PyTorch twins in float64: outputs and every gradient."""
import math

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

import gradschool as gs
from gradschool import nn
from tests.nn.twins import compare_layer

sizes = st.integers(1, 6)


def normal(shape, seed=0, scale=1.0):
    return np.random.default_rng(seed).standard_normal(shape) * scale


@given(batch=st.lists(sizes, min_size=0, max_size=2), n_in=sizes, n_out=sizes, bias=st.booleans())
def test_linear(batch, n_in, n_out, bias):
    compare_layer(nn.Linear(n_in, n_out, bias=bias), torch.nn.Linear(n_in, n_out, bias=bias),
                  normal((*batch, n_in)))


@pytest.mark.parametrize("ours, theirs", [
    (nn.ReLU(), torch.nn.ReLU()),
    (nn.LeakyReLU(), torch.nn.LeakyReLU()),
    (nn.LeakyReLU(0.3), torch.nn.LeakyReLU(0.3)),
    (nn.Sigmoid(), torch.nn.Sigmoid()),
    (nn.Tanh(), torch.nn.Tanh()),
    (nn.GELU(), torch.nn.GELU()),
    (nn.GELU("tanh"), torch.nn.GELU("tanh")),
    (nn.Softmax(dim=1), torch.nn.Softmax(dim=1)),
    (nn.Softmax(dim=-1), torch.nn.Softmax(dim=-1)),
    (nn.LogSoftmax(dim=0), torch.nn.LogSoftmax(dim=0)),
    (nn.Flatten(), torch.nn.Flatten()),
    (nn.Flatten(0, 1), torch.nn.Flatten(0, 1)),
    (nn.Identity(3, key=4), torch.nn.Identity(3, key=4)),
    (nn.Dropout(0.5).eval(), torch.nn.Dropout(0.5).eval()),
], ids=lambda m: repr(m))
@given(shape=st.lists(sizes, min_size=2, max_size=3), scale=st.sampled_from([0.1, 1.0, 5.0]))
def test_elementwise_and_shape_layers(ours, theirs, shape, scale):
    x = normal(shape, scale=scale)
    x.flat[0] = 0.0  # the kink of relu and leaky relu: torch's conventions at 0
    compare_layer(ours, theirs, x)


def test_activations_at_extremes():
    x = np.array([-1e4, -50.0, -10.0, 0.0, 10.0, 50.0, 1e4])
    for ours, theirs in [(nn.Sigmoid(), torch.nn.Sigmoid()), (nn.Tanh(), torch.nn.Tanh()),
                         (nn.GELU(), torch.nn.GELU()), (nn.GELU("tanh"), torch.nn.GELU("tanh")),
                         (nn.Softmax(0), torch.nn.Softmax(0)),
                         (nn.LogSoftmax(0), torch.nn.LogSoftmax(0))]:
        compare_layer(ours, theirs, x, atol=1e-12)


@given(shape=st.lists(sizes, min_size=1, max_size=3), lead=st.lists(sizes, max_size=2),
       affine=st.booleans(), bias=st.booleans())
def test_layer_norm(shape, lead, affine, bias):
    ours = nn.LayerNorm(shape, eps=1e-5, elementwise_affine=affine, bias=bias)
    theirs = torch.nn.LayerNorm(shape, elementwise_affine=affine, bias=bias)
    if affine:
        with torch.no_grad():
            for p in theirs.parameters():
                p.copy_(torch.randn(p.shape))
    compare_layer(ours, theirs, normal((*lead, *shape), scale=3.0) + 1.0)


def test_layer_norm_shape_error():
    with pytest.raises(ValueError, match=r"\(2, 3\) does not end with normalized_shape \(4,\)"):
        nn.LayerNorm(4)(gs.tensor(np.zeros((2, 3), np.float32)))


def test_linear_default_init_matches_torch_bounds():
    layer = nn.Linear(1000, 500)
    bound = 1 / math.sqrt(1000)
    for p in (layer.weight.data, layer.bias.data):
        assert np.abs(p).max() <= bound and np.abs(p).max() > 0.99 * bound
        assert p.std() == pytest.approx(bound / math.sqrt(3), rel=0.05)  # U(-a, a): std a/√3
    assert layer.weight.shape == (500, 1000) and layer.weight.dtype == np.float32
    assert abs(layer.weight.data.mean()) < 0.01 * bound


def test_linear_shape_error_names_shapes():
    with pytest.raises(ValueError, match=r"input of shape \(2, 3\) .* weight of shape \(5, 4\)"):
        nn.Linear(4, 5)(gs.tensor(np.zeros((2, 3), np.float32)))


def test_seeded_construction_is_reproducible():
    gs.manual_seed(3)
    a = nn.Linear(4, 4).weight.data.copy()
    gs.manual_seed(3)
    np.testing.assert_array_equal(nn.Linear(4, 4).weight.data, a)
