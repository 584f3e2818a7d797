"""Dropout: mask statistics, scaling, eval identity, reproducibility, gradient."""
import numpy as np
import pytest

import gradschool as gs
from gradschool import nn
from gradschool.nn import functional as F


@pytest.mark.parametrize("p", [0.1, 0.5, 0.8])
def test_mask_fraction_and_scale(p):
    x = gs.tensor(np.ones((200, 500)))
    y = nn.Dropout(p)(x).data
    dropped = (y == 0).mean()
    assert dropped == pytest.approx(p, abs=4 * np.sqrt(p * (1 - p) / y.size))
    np.testing.assert_allclose(np.unique(y[y != 0]), 1 / (1 - p))
    assert y.mean() == pytest.approx(1.0, abs=0.02)  # E[y] = x


def test_eval_and_edge_probabilities_are_exact():
    x = gs.tensor(np.random.default_rng(0).standard_normal((4, 5)))
    layer = nn.Dropout(0.5).eval()
    assert layer(x) is x
    assert F.dropout(x, 0.0) is x
    assert F.dropout(x, 0.5, training=False) is x
    assert not F.dropout(x, 1.0).data.any()
    with pytest.raises(ValueError, match="between 0 and 1, but got 1.5"):
        nn.Dropout(1.5)
    with pytest.raises(ValueError, match="between 0 and 1, but got -0.1"):
        F.dropout(x, -0.1)


def test_reproducible_with_manual_seed():
    x = gs.tensor(np.ones((10, 10), np.float32))
    gs.manual_seed(7)
    a = F.dropout(x, 0.3).data
    b = F.dropout(x, 0.3).data
    gs.manual_seed(7)
    np.testing.assert_array_equal(F.dropout(x, 0.3).data, a)
    assert not np.array_equal(a, b)
    assert a.dtype == np.float32


def test_gradient_is_the_scaled_mask():
    x = gs.tensor(np.random.default_rng(1).standard_normal((30, 30)), requires_grad=True)
    y = F.dropout(x, 0.25)
    y.sum().backward()
    mask = (y.data != 0) / 0.75
    np.testing.assert_allclose(x.grad.data, mask)
    np.testing.assert_allclose(y.data, x.data * mask)
