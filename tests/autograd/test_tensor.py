"""Tensor creation and dtype rules (as torch.tensor), and the bad-input messages."""
import numpy as np
import pytest
import torch

import gradschool as gs

from .helpers import assert_close, check


@pytest.mark.parametrize("value", [
    1.5, 3, True, [1, 2], [1.0, 2], [[True, False]], [], np.float64(1.5), np.float32(2.0),
    np.array([1.0, 2.0]), np.array([1.0], dtype=np.float32), np.array([1, 2], dtype=np.int32),
    np.array([1, 2]), np.array([True]),
])
def test_tensor_dtypes_follow_torch(value):
    ours, theirs = gs.tensor(value), torch.tensor(value)
    assert ours.dtype == np.dtype(str(theirs.dtype).replace("torch.", "")), value
    assert ours.shape == tuple(theirs.shape)


def test_dtype_rules():
    assert gs.tensor(1.5).dtype == gs.float32
    assert gs.tensor([1, 2]).dtype == gs.int64
    assert gs.tensor(np.zeros(2)).dtype == gs.float64
    assert gs.tensor([1, 2], dtype=gs.float64).dtype == gs.float64
    x = gs.tensor([1.0, 2.0], requires_grad=True)
    for y in (x * 2, x + 1, 2 ** x, x / 3, x.exp(), x.mean(), x.var(), x.softmax(0), x @ x,
              x.sigmoid(), x ** 0.5, x.clamp(0.0, 1.5), gs.where(x > 1, x, 0.0)):
        assert y.dtype == gs.float32
    d = gs.tensor(np.array([1.0, 2.0]), requires_grad=True)
    for y in (d * 2, d + 1, 2 ** d, d.mean(), d.var(), d.log_softmax(0)):
        assert y.dtype == gs.float64


def test_only_float_tensors_can_require_grad():
    with pytest.raises(RuntimeError, match="only floating point tensors.*int64"):
        gs.tensor([1, 2], requires_grad=True)
    with pytest.raises(RuntimeError, match="only floating point"):
        gs.tensor([1, 2]).requires_grad_()
    with pytest.raises(RuntimeError, match="only floating point"):
        gs.tensor([True]).requires_grad_()


def test_tensor_copies_its_data():
    a = np.array([1.0, 2.0])
    t = gs.tensor(a)
    a[0] = 5.0
    assert t.data[0] == 1.0


def test_cast_passes_the_gradient_back_in_the_original_dtype():
    x = gs.tensor([1.0, 2.0], requires_grad=True)
    y = x.double()
    assert y.dtype == gs.float64
    (y * y).sum().backward()
    assert x.grad.dtype == gs.float32
    np.testing.assert_allclose(x.grad.data, [2.0, 4.0])
    assert x.long().dtype == gs.int64 and not x.long().requires_grad


def test_broadcast_errors_name_the_op_and_the_shapes():
    a, b = gs.tensor(np.zeros((2, 3))), gs.tensor(np.zeros(4))
    for op, name in [(lambda: a + b, "add"), (lambda: a - b, "sub"), (lambda: a * b, "mul"),
                     (lambda: a / b, "div"), (lambda: a ** b, "pow"),
                     (lambda: gs.maximum(a, b), "maximum")]:
        with pytest.raises(ValueError, match=rf"{name}: shapes \(2, 3\) and \(4,\) cannot be "
                                             r"broadcast together"):
            op()


def test_conversions_and_messages():
    x = gs.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="detach"):
        x.numpy()
    np.testing.assert_array_equal(x.detach().numpy(), [1.0, 2.0])
    with pytest.raises(ValueError, match=r"item\(\): tensor of shape \(2,\)"):
        x.item()
    assert gs.tensor([3.0]).item() == 3.0
    assert x.grad is None and x.is_leaf and not (x * 2).is_leaf
    assert "requires_grad=True" in repr(x) and "MulBackward" in repr(x * 2)


def test_numpy_operands_mix_with_tensors():
    a = np.array([1.0, 2.0])
    check(lambda t: a * t + t * a - a / t, lambda t: torch.from_numpy(a) * t
          + t * torch.from_numpy(a) - torch.from_numpy(a) / t, np.array([0.5, 3.0]))


def test_integer_and_bool_arithmetic_dtypes_follow_torch():
    cases = [
        (lambda m: m.tensor([True]) + 1), (lambda m: m.tensor([True]) * 2.5),
        (lambda m: m.tensor([3]) / m.tensor([2])), (lambda m: m.tensor([3]) / 2),
        (lambda m: m.tensor([3]) * 1),
        (lambda m: m.tensor([1, 2]) * m.tensor([1.5, 2.0])),
        (lambda m: m.tensor([1.5, 2.0]) + m.tensor([True, False])),
    ]
    for f in cases:
        assert_close(f(gs), f(torch))


def test_where_and_comparison_messages_name_the_shapes():
    x = gs.tensor(np.zeros((1, 2)))
    with pytest.raises(ValueError, match=r"where: condition \(3,\), input \(1, 2\) and other "
                                         r"\(\) cannot be broadcast"):
        gs.where(gs.tensor([True, False, True]), x, 0.0)
    with pytest.raises(ValueError, match=r"less: shapes \(1, 2\) and \(3,\) cannot be broadcast"):
        _ = x < gs.tensor([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="cat: tensor 0 is zero-dimensional"):
        gs.cat([gs.tensor(1.0), gs.tensor(2.0)])
