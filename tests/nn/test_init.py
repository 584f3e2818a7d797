"""nn.init: gains, fans and the distributions' bounds and spreads, as in PyTorch."""
import math

import numpy as np
import pytest
import torch

import gradschool as gs
from gradschool.nn import init


def empty(*shape):
    return gs.tensor(np.zeros(shape, np.float32))


@pytest.mark.parametrize("args", [("linear",), ("conv2d",), ("sigmoid",), ("tanh",), ("relu",),
                                  ("leaky_relu",), ("leaky_relu", 0.2), ("leaky_relu", 3),
                                  ("selu",)])
def test_calculate_gain_matches_torch(args):
    assert init.calculate_gain(*args) == pytest.approx(torch.nn.init.calculate_gain(*args))


def test_calculate_gain_errors():
    with pytest.raises(ValueError, match="Unsupported nonlinearity softsign"):
        init.calculate_gain("softsign")
    with pytest.raises(ValueError, match="not a valid number"):
        init.calculate_gain("leaky_relu", True)


@pytest.mark.parametrize("shape", [(3, 4), (5, 2, 3), (6, 3, 2, 2)])
def test_fans_match_torch(shape):
    ours = init._calculate_fan_in_and_fan_out(empty(*shape))
    assert ours == torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(shape))


def test_fans_need_two_dimensions():
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        init.xavier_uniform_(empty(5))
    with pytest.raises(ValueError, match="Mode fan_avg not supported"):
        init.kaiming_normal_(empty(3, 3), mode="fan_avg")


def test_in_place_and_returns_the_tensor():
    t = empty(400, 300)
    array = t.data
    for fill in (init.uniform_, init.normal_, init.xavier_uniform_, init.xavier_normal_,
                 init.kaiming_uniform_, init.kaiming_normal_, init.zeros_, init.ones_,
                 init.trunc_normal_, init.orthogonal_):
        assert fill(t) is t and t.data is array and array.dtype == np.float32
    assert init.constant_(t, 0.5) is t and (array == 0.5).all()


def test_uniform_and_normal():
    t = empty(500, 400)
    init.uniform_(t, -2.0, 3.0)
    assert t.data.min() >= -2 and t.data.max() <= 3
    assert t.data.mean() == pytest.approx(0.5, abs=0.02)
    init.normal_(t, 1.0, 2.0)
    assert t.data.mean() == pytest.approx(1.0, abs=0.02)
    assert t.data.std() == pytest.approx(2.0, rel=0.02)
    init.trunc_normal_(t, 0.0, 1.0, -1.0, 1.5)
    assert t.data.min() >= -1 and t.data.max() <= 1.5


@pytest.mark.parametrize("shape", [(500, 400), (64, 32, 3, 3)])
def test_xavier_and_kaiming_spreads(shape):
    t = empty(*shape)
    fan_in, fan_out = init._calculate_fan_in_and_fan_out(t)
    xavier_std = math.sqrt(2.0 / (fan_in + fan_out))
    init.xavier_uniform_(t, gain=2.0)
    assert np.abs(t.data).max() <= 2.0 * math.sqrt(3) * xavier_std
    assert t.data.std() == pytest.approx(2.0 * xavier_std, rel=0.03)
    init.xavier_normal_(t)
    assert t.data.std() == pytest.approx(xavier_std, rel=0.03)
    init.kaiming_normal_(t, mode="fan_out", nonlinearity="relu")
    assert t.data.std() == pytest.approx(math.sqrt(2.0 / fan_out), rel=0.03)
    init.kaiming_normal_(t)  # leaky_relu with a = 0: gain √2, fan_in
    assert t.data.std() == pytest.approx(math.sqrt(2.0 / fan_in), rel=0.03)
    init.kaiming_uniform_(t, a=math.sqrt(5))  # the nn.Linear default: bound 1/√fan_in
    bound = 1 / math.sqrt(fan_in)
    assert np.abs(t.data).max() <= bound and np.abs(t.data).max() > 0.99 * bound


def test_same_distribution_as_torch():
    """Our draws and torch's for the same init are alike (two-sample KS statistic small)."""
    ours, theirs = empty(300, 200), torch.empty(300, 200)
    for fill, torch_fill in [(init.kaiming_uniform_, torch.nn.init.kaiming_uniform_),
                             (init.kaiming_normal_, torch.nn.init.kaiming_normal_),
                             (init.xavier_normal_, torch.nn.init.xavier_normal_)]:
        a = np.sort(fill(ours).data.ravel())
        b = np.sort(torch_fill(theirs).numpy().ravel())
        grid = np.linspace(min(a[0], b[0]), max(a[-1], b[-1]), 200)
        ks = np.abs(np.searchsorted(a, grid) - np.searchsorted(b, grid)).max() / a.size
        assert ks < 0.02


def test_orthogonal_rows_are_orthonormal():
    t = empty(4, 9)
    init.orthogonal_(t, gain=2.0)
    np.testing.assert_allclose(t.data @ t.data.T, 4.0 * np.eye(4), atol=1e-5)


def test_generator_argument_and_seed():
    a, b = empty(3, 3), empty(3, 3)
    init.normal_(a, generator=np.random.default_rng(1))
    init.normal_(b, generator=np.random.default_rng(1))
    np.testing.assert_array_equal(a.data, b.data)
    gs.manual_seed(2)
    init.kaiming_uniform_(a)
    gs.manual_seed(2)
    init.kaiming_uniform_(b)
    np.testing.assert_array_equal(a.data, b.data)
