"""Max, average and adaptive average pooling against PyTorch in float64."""
import numpy as np
import pytest
import torch
from hypothesis import assume, given
from hypothesis import strategies as st

import gradschool as gs
from gradschool import nn
from gradschool.nn import functional as F
from tests.nn.test_conv import compare_double_backward
from tests.nn.twins import compare_fn, compare_layer

TF = torch.nn.functional


def normal(shape, seed=0):
    """Continuous random values: no two entries of a window tie for the max."""
    return np.random.default_rng(seed).standard_normal(shape)


@st.composite
def pool_cases(draw, n, dilation=True):
    """(input shape, kwargs): padding at most half the kernel, windows inside the padded input."""
    kernel = tuple(draw(st.integers(1, 4)) for _ in range(n))
    stride = draw(st.none() | st.tuples(*[st.integers(1, 3)] * n))
    padding = tuple(draw(st.integers(0, k // 2)) for k in kernel)
    dilations = tuple(draw(st.integers(1, 2)) for _ in range(n)) if dilation else (1,) * n
    size = tuple(draw(st.integers(1, 8)) for _ in range(n))
    assume(all(s + 2 * p >= d * (k - 1) + 1
               for s, p, d, k in zip(size, padding, dilations, kernel)))
    # every window holds a real entry (torch's max_pool misplaces the gradient of an
    # all-padding window, which dilation makes possible)
    steps = kernel if stride is None else stride
    assume(all(any(0 <= l * st_ + j * d - p < s for j in range(k))
               for s, p, d, k, st_ in zip(size, padding, dilations, kernel, steps)
               for l in range((s + 2 * p - d * (k - 1) - 1) // st_ + 1)))
    shape = (draw(st.integers(1, 3)), draw(st.integers(1, 3))) + size
    kw = dict(kernel_size=kernel, stride=stride, padding=padding)
    if dilation:
        kw["dilation"] = dilations
    if n == 1 and draw(st.booleans()):  # ints, as usually written
        kw = {k: v if v is None else v[0] for k, v in kw.items()}
    return shape, kw


@given(case=pool_cases(1))
def test_max_pool1d(case):
    shape, kw = case
    compare_fn(F.max_pool1d, TF.max_pool1d, normal(shape), **kw)
    compare_layer(nn.MaxPool1d(**kw), torch.nn.MaxPool1d(**kw), normal(shape, seed=1))


@given(case=pool_cases(2))
def test_max_pool2d(case):
    shape, kw = case
    compare_fn(F.max_pool2d, TF.max_pool2d, normal(shape), **kw)
    compare_layer(nn.MaxPool2d(**kw), torch.nn.MaxPool2d(**kw), normal(shape, seed=1))


@given(case=pool_cases(1, dilation=False), count_include_pad=st.booleans())
def test_avg_pool1d(case, count_include_pad):
    shape, kw = case
    kw["count_include_pad"] = count_include_pad
    compare_fn(F.avg_pool1d, TF.avg_pool1d, normal(shape), **kw)
    compare_layer(nn.AvgPool1d(**kw), torch.nn.AvgPool1d(**kw), normal(shape, seed=1))


@given(case=pool_cases(2, dilation=False), count_include_pad=st.booleans(),
       divisor_override=st.sampled_from([None, None, 3]))
def test_avg_pool2d(case, count_include_pad, divisor_override):
    shape, kw = case
    kw.update(count_include_pad=count_include_pad, divisor_override=divisor_override)
    compare_fn(F.avg_pool2d, TF.avg_pool2d, normal(shape), **kw)
    compare_layer(nn.AvgPool2d(**kw), torch.nn.AvgPool2d(**kw), normal(shape, seed=1))


@given(length=st.integers(1, 12), out=st.integers(1, 14), batch=st.integers(1, 3))
def test_adaptive_avg_pool1d(length, out, batch):
    x = normal((batch, 2, length))
    compare_fn(F.adaptive_avg_pool1d, TF.adaptive_avg_pool1d, x, output_size=out)
    compare_layer(nn.AdaptiveAvgPool1d(out), torch.nn.AdaptiveAvgPool1d(out), x)


@given(h=st.integers(1, 7), w=st.integers(1, 7), out=st.tuples(
    st.none() | st.integers(1, 8), st.none() | st.integers(1, 8)))
def test_adaptive_avg_pool2d(h, w, out):
    x = normal((2, 3, h, w))
    compare_fn(F.adaptive_avg_pool2d, TF.adaptive_avg_pool2d, x, output_size=out)
    compare_layer(nn.AdaptiveAvgPool2d(out), torch.nn.AdaptiveAvgPool2d(out), x)


def test_global_average_pool_is_the_mean():
    x = gs.tensor(normal((4, 5, 9)))
    np.testing.assert_allclose(F.adaptive_avg_pool1d(x, 1).data, x.data.mean(2, keepdims=True))


@pytest.mark.parametrize("ours, theirs, shape", [
    (F.max_pool1d, TF.max_pool1d, (3, 9)),
    (F.max_pool2d, TF.max_pool2d, (2, 5, 6)),
    (F.avg_pool1d, TF.avg_pool1d, (2, 7)),
    (F.avg_pool2d, TF.avg_pool2d, (3, 5, 4)),
])
def test_unbatched_input(ours, theirs, shape):
    compare_fn(ours, theirs, normal(shape), kernel_size=2, padding=1)


@pytest.mark.parametrize("ours, theirs, shape, kw", [
    (F.max_pool1d, TF.max_pool1d, (2, 3, 9), dict(kernel_size=3, stride=2, padding=1)),
    (F.max_pool2d, TF.max_pool2d, (2, 2, 6, 5), dict(kernel_size=(2, 3), stride=1)),
    (F.avg_pool1d, TF.avg_pool1d, (2, 3, 9), dict(kernel_size=3, stride=2, padding=1,
                                                  count_include_pad=False)),
    (F.avg_pool2d, TF.avg_pool2d, (2, 2, 6, 5), dict(kernel_size=2, stride=1, padding=1)),
    (F.adaptive_avg_pool1d, TF.adaptive_avg_pool1d, (2, 3, 7), dict(output_size=3)),
    (F.adaptive_avg_pool2d, TF.adaptive_avg_pool2d, (2, 3, 7, 5), dict(output_size=(3, 2))),
])
def test_second_order_matches_torch(ours, theirs, shape, kw):
    # squared, so that the second derivative does not vanish
    compare_double_backward(lambda x: ours(x, **kw) ** 2, lambda x: theirs(x, **kw) ** 2,
                            normal(shape))


def test_max_pool_gradient_goes_to_the_maximum():
    x = gs.tensor([[[1.0, 3.0, 2.0, 0.0, 5.0, 4.0]]], requires_grad=True)
    y = F.max_pool1d(x, 3, stride=1)  # windows overlap: 3 is the max of two of them
    np.testing.assert_array_equal(y.data, [[[3.0, 3.0, 5.0, 5.0]]])
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.data, [[[0.0, 2.0, 0.0, 0.0, 2.0, 0.0]]])


def test_reprs_as_torch():
    for ours, theirs in [(nn.MaxPool1d(3), torch.nn.MaxPool1d(3)),
                         (nn.MaxPool2d((2, 3), 1, 1), torch.nn.MaxPool2d((2, 3), 1, 1)),
                         (nn.AvgPool2d(2), torch.nn.AvgPool2d(2)),
                         (nn.AdaptiveAvgPool1d(1), torch.nn.AdaptiveAvgPool1d(1))]:
        assert repr(ours) == repr(theirs)


def test_errors():
    x = gs.tensor(normal((2, 3, 8)))
    with pytest.raises(ValueError, match=r"padding \(2,\) should be at most half of "
                                         r"kernel_size \(3,\)"):
        F.max_pool1d(x, 3, padding=2)
    with pytest.raises(ValueError, match="ceil_mode=True is not supported"):
        nn.MaxPool2d(2, ceil_mode=True)
    with pytest.raises(ValueError, match="return_indices=True is not supported"):
        F.max_pool1d(x, 2, return_indices=True)
    with pytest.raises(ValueError, match=r"expected a 3-D \(C, H, W\) or 4-D \(N, C, H, W\) "
                                         r"input, got shape \(3, 8\)"):
        nn.MaxPool2d(2)(gs.tensor(normal((3, 8))))
    with pytest.raises(ValueError, match=r"kernel of size \(9,\).*larger than the padded "
                                         r"input of size \(8,\)"):
        nn.AvgPool1d(9)(x)
    with pytest.raises(ValueError, match="output_size must be an int or a tuple of 1 ints"):
        F.adaptive_avg_pool1d(x, (2, 2))
    with pytest.raises(ValueError, match=r"output_size \(0,\) must be positive"):
        nn.AdaptiveAvgPool1d(0)(x)
