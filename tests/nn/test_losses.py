"""Losses against torch.nn.functional: values and gradients, every reduction, extremes, errors."""
import numpy as np
import pytest
import torch
import torch.nn.functional as TF
from hypothesis import given
from hypothesis import strategies as st

import gradschool as gs
from gradschool import nn
from gradschool.nn import functional as F
from tests.nn.test_functional import second_order
from tests.nn.twins import close, compare_fn

reductions = st.sampled_from(["mean", "sum", "none"])


def normal(shape, seed=0, scale=1.0):
    return np.random.default_rng(seed).standard_normal(shape) * scale


def labels(shape, classes, seed=0):
    return np.random.default_rng(seed).integers(0, classes, shape)


def probabilities(shape, seed=0, dim=1):
    e = np.exp(normal(shape, seed, 2.0))
    return e / e.sum(axis=dim, keepdims=True)


@given(shape=st.lists(st.integers(1, 4), min_size=1, max_size=3), reduction=reductions)
def test_regression_losses(shape, reduction):
    x, y = normal(shape), normal(shape, 1)
    x.flat[0] = y.flat[0]  # |0|: torch's subgradient is 0
    compare_fn(F.mse_loss, TF.mse_loss, x, y, reduction=reduction)
    compare_fn(F.l1_loss, TF.l1_loss, x, y, reduction=reduction)


@given(n=st.integers(1, 6), c=st.integers(1, 5), reduction=reductions,
       weighted=st.booleans(), ignore=st.booleans(),
       smoothing=st.sampled_from([0.0, 0.1, 0.7]), scale=st.sampled_from([1.0, 10.0]))
def test_cross_entropy_class_indices(n, c, reduction, weighted, ignore, smoothing, scale):
    x, t = normal((n, c), scale=scale), labels(n, c)
    kwargs = dict(reduction=reduction, label_smoothing=smoothing)
    if ignore:  # an ignore_index just out of range: those rows are skipped, not errors
        t[0] = kwargs["ignore_index"] = c
    if weighted:
        kwargs["weight"] = torch.tensor(np.abs(normal(c, 3)) + 0.1)
    compare_fn(F.cross_entropy, TF.cross_entropy, x, t, **kwargs)


@given(n=st.integers(1, 4), c=st.integers(2, 4), d=st.lists(st.integers(1, 3), min_size=1,
                                                            max_size=2), reduction=reductions)
def test_cross_entropy_spatial_and_unbatched(n, c, d, reduction):
    x, t = normal((n, c, *d)), labels((n, *d), c)
    compare_fn(F.cross_entropy, TF.cross_entropy, x, t, reduction=reduction)
    compare_fn(F.nll_loss, TF.nll_loss, x, t, reduction=reduction)
    compare_fn(F.cross_entropy, TF.cross_entropy, normal(c), np.array(1), reduction=reduction)


@given(n=st.integers(1, 5), c=st.integers(2, 5), d=st.sampled_from([(), (3,)]),
       reduction=reductions, weighted=st.booleans(), smoothing=st.sampled_from([0.0, 0.2]))
def test_cross_entropy_class_probabilities(n, c, d, reduction, weighted, smoothing):
    x, q = normal((n, c, *d), scale=3.0), probabilities((n, c, *d), 1)
    kwargs = dict(reduction=reduction, label_smoothing=smoothing)
    if weighted:
        kwargs["weight"] = torch.tensor(np.abs(normal(c, 3)) + 0.1)
    compare_fn(F.cross_entropy, TF.cross_entropy, x, q, **kwargs)  # gradients for both


def test_cross_entropy_extreme_logits_are_finite_and_exact():
    x = np.array([[1e4, -1e4, 0.0], [-1e4, -1e4, 1e4], [1e4, 1e4, -1e4], [0.0, 0.0, 0.0]])
    t = np.array([1, 2, 0, 2])
    for reduction in ("mean", "sum", "none"):
        compare_fn(F.cross_entropy, TF.cross_entropy, x, t, reduction=reduction)
        compare_fn(F.cross_entropy, TF.cross_entropy, x, probabilities(x.shape),
                   reduction=reduction)
        compare_fn(F.cross_entropy, TF.cross_entropy, x, t, reduction=reduction,
                   label_smoothing=0.1)
    loss = F.cross_entropy(gs.tensor(x, dtype=gs.float32), gs.tensor(t))
    assert loss.dtype == np.float32 and np.isfinite(loss.item())
    assert loss.item() == pytest.approx(TF.cross_entropy(torch.tensor(x).float(),
                                                         torch.tensor(t)).item())


@pytest.mark.parametrize("n,c", [(100, 10), (7, 32), (50, 33), (3, 200), (4000, 10)])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_cross_entropy_many_rows_and_classes(n, c, reduction):
    """Both ways of taking the row max (few classes: over the columns; many: per row) and
    the row sums of exp, in float64 and float32, with a row that holds the largest logit."""
    x, t = normal((n, c), scale=5.0), labels(n, c)
    x[0, -1] = 40.0
    compare_fn(F.cross_entropy, TF.cross_entropy, x, t, reduction=reduction)
    x32 = x.astype(np.float32)
    ours, theirs = gs.tensor(x32, requires_grad=True), torch.tensor(x32, requires_grad=True)
    loss = F.cross_entropy(ours, gs.tensor(t), reduction=reduction)
    loss_t = TF.cross_entropy(theirs, torch.tensor(t), reduction=reduction)
    close(loss, loss_t, rtol=1e-5, atol=1e-6)
    loss.sum().backward()
    loss_t.sum().backward()
    assert ours.grad.dtype == np.float32
    close(ours.grad, theirs.grad, rtol=1e-5, atol=1e-6)  # |grad| <= 1: float32 rounding


def test_cross_entropy_nan_logit_gives_nan_row_as_torch():
    x, t = normal((4, 3)), np.array([0, 1, 2, 0])
    x[1, 2] = np.nan
    compare_fn(F.cross_entropy, TF.cross_entropy, x, t, reduction="none")


@given(n=st.integers(1, 6), c=st.integers(1, 5), reduction=reductions, weighted=st.booleans())
def test_nll_loss(n, c, reduction, weighted):
    x, t = np.log(probabilities((n, c))), labels(n, c)
    kwargs = dict(reduction=reduction)
    if weighted:
        kwargs["weight"] = torch.tensor(np.abs(normal(c, 3)) + 0.1)
    compare_fn(F.nll_loss, TF.nll_loss, x, t, **kwargs)
    t[0] = -100
    compare_fn(F.nll_loss, TF.nll_loss, x, t, **kwargs)


def test_all_rows_ignored_gives_nan_as_torch():
    x, t = normal((2, 3)), np.array([-100, -100])
    compare_fn(F.cross_entropy, TF.cross_entropy, x, t, grad=(False, False))
    assert np.isnan(F.cross_entropy(gs.tensor(x), gs.tensor(t)).item())


@pytest.mark.parametrize("kwargs", [{}, {"weight": [1.0, 2.0, 0.5]}, {"label_smoothing": 0.3},
                                    {"reduction": "sum", "ignore_index": 0},
                                    {"reduction": "none"}])
def test_cross_entropy_second_order(kwargs):
    t = np.array([0, 2, 1, 2])
    torch_kwargs = {k: torch.tensor(v, dtype=torch.float64) if k == "weight" else v
                    for k, v in kwargs.items()}

    def ours(x):
        return (F.cross_entropy(x, gs.tensor(t), **kwargs) ** 2).sum()

    def theirs(x):
        return (TF.cross_entropy(x, torch.tensor(t), **torch_kwargs) ** 2).sum()

    second_order(ours, theirs, normal((4, 3), scale=2.0))


@given(shape=st.lists(st.integers(1, 4), min_size=1, max_size=3), reduction=reductions,
       weighted=st.booleans())
def test_binary_cross_entropy(shape, reduction, weighted):
    rng = np.random.default_rng(0)
    x, t = rng.uniform(0.01, 0.99, shape), rng.uniform(0, 1, shape)
    kwargs = dict(reduction=reduction)
    if weighted:
        kwargs["weight"] = torch.tensor(rng.uniform(0.1, 2, shape[-1:]))
    compare_fn(F.binary_cross_entropy, TF.binary_cross_entropy, x, t, **kwargs)


def test_binary_cross_entropy_at_zero_and_one():
    x = np.array([0.0, 1.0, 0.0, 1.0, 1e-30, 0.5])
    t = np.array([0.0, 1.0, 1.0, 0.0, 1.0, 0.5])
    for reduction in ("mean", "sum", "none"):
        # at 0 and 1 the gradient is ±1/1e-12; torch holds 1e-12 in float32 (4e-9 away)
        compare_fn(F.binary_cross_entropy, TF.binary_cross_entropy, x, t, grad=(True, False),
                   reduction=reduction, rtol=1e-8)
    assert F.binary_cross_entropy(gs.tensor(x), gs.tensor(t)).item() == pytest.approx(
        TF.binary_cross_entropy(torch.tensor(x), torch.tensor(t)).item())


@given(shape=st.lists(st.integers(1, 4), min_size=1, max_size=3), reduction=reductions,
       weighted=st.booleans(), positive=st.booleans(), scale=st.sampled_from([1.0, 50.0]))
def test_binary_cross_entropy_with_logits(shape, reduction, weighted, positive, scale):
    rng = np.random.default_rng(0)
    x, t = normal(shape, scale=scale), rng.uniform(0, 1, shape)
    x.flat[0] = 0.0
    kwargs = dict(reduction=reduction)
    if weighted:
        kwargs["weight"] = torch.tensor(rng.uniform(0.1, 2, shape))
    if positive:
        kwargs["pos_weight"] = torch.tensor(rng.uniform(0.1, 3, shape[-1:]))
    compare_fn(F.binary_cross_entropy_with_logits, TF.binary_cross_entropy_with_logits, x, t,
               **kwargs)


def test_binary_cross_entropy_with_logits_extremes_and_second_order():
    x = np.array([-1e4, -100.0, -1.0, 0.0, 1.0, 100.0, 1e4])
    t = np.array([1.0, 0.0, 1.0, 0.5, 0.0, 1.0, 0.0])
    compare_fn(F.binary_cross_entropy_with_logits, TF.binary_cross_entropy_with_logits, x, t)
    compare_fn(F.binary_cross_entropy_with_logits, TF.binary_cross_entropy_with_logits, x, t,
               pos_weight=torch.tensor([2.0]))
    second_order(lambda a: F.binary_cross_entropy_with_logits(a, gs.tensor(t)) ** 2,
                 lambda a: TF.binary_cross_entropy_with_logits(a, torch.tensor(t)) ** 2,
                 normal(7))


def test_loss_modules_match_functional():
    x, t, q = normal((4, 3)), labels(4, 3), probabilities((4, 3))
    w = np.array([1.0, 2.0, 0.5])
    pairs = [(nn.CrossEntropyLoss(w, label_smoothing=0.1),
              torch.nn.CrossEntropyLoss(torch.tensor(w), label_smoothing=0.1), x, t),
             (nn.NLLLoss(reduction="sum"), torch.nn.NLLLoss(reduction="sum"), x, t),
             (nn.MSELoss(), torch.nn.MSELoss(), x, q), (nn.L1Loss(), torch.nn.L1Loss(), x, q),
             (nn.BCELoss(), torch.nn.BCELoss(), q, q),
             (nn.BCEWithLogitsLoss(pos_weight=w), torch.nn.BCEWithLogitsLoss(
                 pos_weight=torch.tensor(w)), x, q)]
    for ours, theirs, a, b in pairs:
        compare_fn(ours, theirs, a, b)
        assert list(ours.state_dict()) == list(theirs.state_dict())


def test_errors_name_the_values():
    x = gs.tensor(normal((3, 4)))
    with pytest.raises(ValueError, match="target label 7 is out of range for 4 classes"):
        F.cross_entropy(x, gs.tensor([0, 7, 1]))
    with pytest.raises(ValueError, match="target label -1 is out of range for 4 classes"):
        F.nll_loss(x, gs.tensor([0, -1, 1]))
    with pytest.raises(ValueError, match=r"input of shape \(3, 4\) .* target of shape \(4,\)"):
        F.cross_entropy(x, gs.tensor([0, 1, 2, 3]))
    with pytest.raises(ValueError, match=r"shape \(3, 4\), got target of shape \(3, 5\)"):
        F.cross_entropy(x, gs.tensor(np.zeros((3, 5))))
    with pytest.raises(TypeError, match="class indices .* or class probabilities"):
        F.cross_entropy(x, gs.tensor([True, False, True]))
    with pytest.raises(ValueError, match=r"weight of shape \(3,\) does not match the 4 classes"):
        F.cross_entropy(x, gs.tensor([0, 1, 2]), weight=np.ones(3))
    with pytest.raises(ValueError, match=r"target of shape \(3, 1\) does not match input of "
                                         r"shape \(3, 4\)"):
        F.mse_loss(x, gs.tensor(np.zeros((3, 1))))
    with pytest.raises(ValueError, match="probabilities in \\[0, 1\\], got values from"):
        F.binary_cross_entropy(x, gs.tensor(np.zeros((3, 4))))
    with pytest.raises(ValueError, match="reduction must be 'mean', 'sum' or 'none', got 'avg'"):
        F.l1_loss(x, x, reduction="avg")
    with pytest.raises(ValueError, match="pos_weight of shape \\(5,\\) does not broadcast"):
        F.binary_cross_entropy_with_logits(x, x, pos_weight=np.ones(5))
    ignored = F.cross_entropy(x, gs.tensor([0, -100, 1]))  # ignore_index is not out of range
    assert np.isfinite(ignored.item())


def test_float32_gradients_stay_float32():
    x = gs.tensor(normal((5, 3)).astype(np.float32), requires_grad=True)
    F.cross_entropy(x, gs.tensor(labels(5, 3))).backward()
    assert x.grad.dtype == np.float32
    close(x.grad, torch.func.grad(lambda v: TF.cross_entropy(v, torch.tensor(labels(5, 3))))(
        torch.tensor(x.data)), rtol=1e-5, atol=1e-6)
